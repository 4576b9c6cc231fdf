"""The files the tool carries inside its package, and where they come from.

An installed ``privacy`` (a wheel, or the environment pre-commit builds for
the published hook) has no repository around it, so everything it reads at
run time travels in the package:

- ``schemas/``: the JSON Schemas the check validates with and the guide
  documents. The one source is the repository's top-level ``schemas/``
  (the records' ``# yaml-language-server: $schema=`` lines point there);
- ``templates/``: the Jinja2 page templates (written here, no other copy);
- ``skeleton/``: what ``privacy init`` lays out for a new organisation.
  Its MkDocs configs, ``overrides/`` and editor settings are copies of the
  repository's own, so a new project gets exactly the site this one builds.

The copies are committed (see :data:`MIRRORS`), not made by a build hook:
the editable install used for development, the wheel and the source
distribution then read the same files through the same path, with no build
step that could be skipped. ``tests/test_package.py`` proves every copy
byte-identical to its source, and ``make package-data`` refreshes them.

Files whose names start with a dot are stored as ``dot-<name>`` because
packaging globs skip hidden files; ``privacy init`` restores the dot.

Which schemas a project is checked with: always the tool's own. The rules and
the renderer are written against them, so a project's ``schemas/`` folder
(there for the editor) cannot change what the check enforces; when it differs
from the tool's, :func:`schema_copy_findings` says so.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from privacy_as_code.findings import Finding, Severity

PACKAGE_DIR = Path(__file__).resolve().parent
"""The installed package: wheels are installed unpacked, so this is a real folder."""

SCHEMA_DIR = PACKAGE_DIR / "schemas"
TEMPLATE_DIR = PACKAGE_DIR / "templates"
SKELETON_DIR = PACKAGE_DIR / "skeleton"

DOT_PREFIX = "dot-"
"""Stored name prefix for a file or folder that is hidden in a project (``dot-vscode``)."""

MIRRORS: tuple[tuple[str, str], ...] = (
    ("schemas", "schemas"),
    ("mkdocs.yml", "skeleton/mkdocs.yml"),
    ("mkdocs.en.yml", "skeleton/mkdocs.en.yml"),
    ("mkdocs.guide.yml", "skeleton/mkdocs.guide.yml"),
    ("mkdocs.guide.en.yml", "skeleton/mkdocs.guide.en.yml"),
    ("overrides", "skeleton/overrides"),
    (".vscode", "skeleton/dot-vscode"),
)
"""(path in the repository, path in the package): the committed copies of repository files."""

SCHEMA_RULE = "schema-copy"


def schema_files() -> list[Path]:
    """The tool's schema files, sorted by name."""
    return sorted(SCHEMA_DIR.glob("*.schema.json"))


def schema_copy_findings(root: Path, shown: str) -> list[Finding]:
    """Warnings for a project's own ``schemas/`` folder that differs from the tool's.

    ``shown`` is the folder as it is displayed (relative to the working
    directory). A project without the folder gets no finding: it is only
    there for the editor. Each schema that is missing or different is one
    warning at ``<shown>/<file>:1:1``: the editor would then explain and
    complete the records by other rules than the ones ``privacy check``
    enforces. Warnings, not errors, because the check itself is unaffected;
    ``--strict`` (the publishing gate) still fails on them.
    """
    own = root / "schemas"
    if not own.is_dir():
        return []
    found: list[Finding] = []
    for tool_file in schema_files():
        mine = own / tool_file.name
        where = f"{shown}/{tool_file.name}"
        if not mine.is_file():
            found.append(Finding.worded(where, 1, 1, Severity.WARNING, SCHEMA_RULE,
                                        "schema-copy.missing", name=tool_file.name))
        elif not filecmp.cmp(mine, tool_file, shallow=False):
            found.append(Finding.worded(where, 1, 1, Severity.WARNING, SCHEMA_RULE,
                                        "schema-copy.differs"))
    return found


# --- the committed copies (development only) ----------------------------------


def _files(path: Path) -> dict[str, Path]:
    if path.is_file():
        return {"": path}
    return {p.relative_to(path).as_posix(): p for p in sorted(path.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}


def mirror_differences(repo: Path) -> list[str]:
    """Every packaged copy that is not byte-identical to its repository source.

    One line per difference (``'schemas/x.json: differs'``); empty when in
    sync. Used by the test suite; needs a source checkout.
    """
    problems: list[str] = []
    for source, copy in MIRRORS:
        theirs, ours = _files(repo / source), _files(PACKAGE_DIR / copy)
        for rel in sorted(theirs.keys() | ours.keys()):
            name = f"{source}/{rel}" if rel else source
            if rel not in ours:
                problems.append(f"{name}: not copied into the package ({copy})")
            elif rel not in theirs:
                problems.append(f"{copy}/{rel}: in the package but not in {source}")
            elif not filecmp.cmp(theirs[rel], ours[rel], shallow=False):
                problems.append(f"{name}: differs from the package's copy")
    return problems


def sync_mirrors(repo: Path) -> None:
    """Replace every packaged copy with its repository source (``make package-data``)."""
    for source, copy in MIRRORS:
        src, dst = repo / source, PACKAGE_DIR / copy
        if dst.is_dir():
            shutil.rmtree(dst)
        elif dst.exists():
            dst.unlink()
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(src, dst)


def main(argv: list[str]) -> int:
    """``python -m privacy_as_code.resources --check|--sync`` in a source checkout (make, pre-commit)."""
    repo = Path.cwd()
    if argv == ["--sync"]:
        sync_mirrors(repo)
        return 0
    if argv == ["--check"]:
        problems = mirror_differences(repo)
        for problem in problems:
            print(f"{problem}; run 'make package-data'")
        return 1 if problems else 0
    print("usage: python -m privacy_as_code.resources --check|--sync (in the repository)")
    return 2


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
