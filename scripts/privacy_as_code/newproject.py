"""``privacy init DIR``: a new organisation's project that passes the check at once.

The project is laid out from the package's ``skeleton/``
(:data:`privacy_as_code.resources.SKELETON_DIR`):

- ``records/``: the organisation, the statement, one recipient, a small
  vocabulary and one activity (answering enquiries). Every fact the tool
  cannot know (legal name, organisation number, address, privacy e-mail,
  vendors, countries, retention periods, ...) is written as
  ``{open_question: ..., owner: ...}``, never guessed, so ``privacy check``
  passes with warnings only and ``--strict`` (publishing) fails until they are
  answered;
- ``schemas/``: the tool's schemas, which the records' modelines and the
  editor settings point to;
- ``docs/``: rendered from the records, so ``privacy render --check`` passes;
- ``mkdocs*.yml`` (statement and editors' guide) and ``overrides/``: the same site as the
  tool's own repository, named by the statement's title in each config's
  language (the organisation's name is an open question), without the tool's
  own site description;
- ``.vscode/`` (YAML extension, schema mapping), ``.pre-commit-config.yaml``,
  ``.github/workflows/privacy.yml``, ``.gitignore``, ``requirements.txt``
  (this version of the tool, with the site extra) and a ``README.md``.

Nothing is written into ``DIR`` until the whole project exists: it is built in
a hidden temporary folder beside ``DIR`` and then moved into place, so a
failure leaves no half-written project.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from privacy_as_code import __version__
from privacy_as_code.i18n import languages
from privacy_as_code.loader import load_file
from privacy_as_code.output import umask, write_atomic
from privacy_as_code.render.layout import STATEMENT
from privacy_as_code.resources import DOT_PREFIX, SKELETON_DIR, schema_files

_THEME_LANGUAGE = re.compile(r"^\s+language:\s*([A-Za-z-]+)", re.MULTILINE)
_SUBSTITUTED = (".yaml", ".yml", ".txt", ".md")
"""Skeleton files whose ``@TODAY@`` and ``@VERSION@`` are filled in."""


class InitError(Exception):
    """The project cannot be created (the folder is not empty, or not writable)."""




def _lay_out(target: Path, today: date) -> list[str]:
    """Copy the skeleton into the empty folder ``target``; returns the files' paths."""
    written: list[str] = []
    for source in sorted(SKELETON_DIR.rglob("*")):
        if not source.is_file() or "__pycache__" in source.parts:
            continue
        rel = Path(*(part.replace(DOT_PREFIX, ".", 1) if part.startswith(DOT_PREFIX) else part
                     for part in source.relative_to(SKELETON_DIR).parts))
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in _SUBSTITUTED:
            text = source.read_text("utf-8")
            text = text.replace("@TODAY@", today.isoformat()).replace("@VERSION@", __version__)
            dest.write_text(text, "utf-8", newline="\n")
        else:
            shutil.copyfile(source, dest)
        written.append(rel.as_posix())
    title = load_file(target / "records" / "statement.yaml", "statement.yaml").data["title"]
    # The statement's configs take its title; the editors' guide's keep their own names.
    for config in (target / STATEMENT.config_file(lang) for lang in languages()):
        config.write_text(_own_site_name(config.read_text("utf-8"), title), "utf-8", newline="\n")
    (target / "schemas").mkdir()
    for schema in schema_files():
        shutil.copyfile(schema, target / "schemas" / schema.name)
        written.append(f"schemas/{schema.name}")
    return written


def _own_site_name(config: str, title: dict[str, str]) -> str:
    """A copied MkDocs config named by the statement's ``title`` in its theme language.

    The tool's own site description names its organisation, so it is left out.
    """
    language = _THEME_LANGUAGE.search(config)
    # JSON is YAML: the title, quoted and escaped, can hold any character.
    name = json.dumps(title[language.group(1)] if language else "", ensure_ascii=False)
    config, named = re.subn(r"^site_name: .*$", lambda _: f"site_name: {name}", config,
                            count=1, flags=re.MULTILINE)
    config = re.sub(r"^site_description: .*\n", "", config, count=1, flags=re.MULTILINE)
    if not language or not named:  # a packaging bug, caught by tests/test_init.py
        raise InitError("the packaged MkDocs config has no site_name or theme language")
    return config


def init_project(target: Path, *, today: date | None = None) -> list[str]:
    """Create a new project in ``target`` (a new or empty folder).

    Returns the created files, relative to ``target``, sorted. Raises
    :class:`InitError` when ``target`` exists and is not an empty folder, when
    its parent folder does not exist, or when writing fails (then nothing is
    left behind). ``today`` (default: the current date) is the statement's
    first effective date.
    """
    from privacy_as_code.render import render

    target = Path(os.path.abspath(target))
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise InitError(f"{target} is not empty; privacy init creates a project only in a new "
                        "or empty folder, so nothing there is overwritten")
    if not target.parent.is_dir():
        raise InitError(f"{target.parent} does not exist; create it first")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.init-", dir=target.parent))
    except OSError as exc:
        raise InitError(f"cannot write in {target.parent}: {exc.strerror or exc}") from None
    moved: list[Path] = []
    try:
        written = _lay_out(staging, today or date.today())
        outcome = render(staging)
        if not outcome.ok:  # a packaging bug, caught by tests/test_init.py
            raise InitError(f"the new project's pages could not be rendered ({outcome.status}): "
                            + "; ".join(str(f) for f in outcome.errors))
        written += sorted(p.relative_to(staging).as_posix()
                          for p in (staging / "docs").rglob("*") if p.is_file())
        if target.is_dir():
            # Move the contents, not the folder: DIR may be the working
            # directory of the shell that runs us, which must stay valid.
            for child in sorted(staging.iterdir()):
                os.rename(child, target / child.name)
                moved.append(target / child.name)
            staging.rmdir()
        else:
            staging.chmod(0o777 & ~umask())  # mkdtemp made it private
            os.rename(staging, target)
    except BaseException as exc:
        for path in moved:
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise InitError(f"cannot create the project in {target}: {exc.strerror or exc}; "
                            "nothing was left behind") from None
        raise
    return sorted(written)


def update_schemas(root: Path) -> list[str]:
    """Copy the tool's schemas into ``root/schemas``; returns the files that changed.

    For a project whose copy is older than the tool (``schema-copy``
    warnings). Each file is replaced atomically. Raises :class:`InitError`
    when ``root`` has no ``records/`` folder or a file cannot be written.
    """
    if not (root / "records").is_dir():
        raise InitError(f"{root}: no records/ folder here (use --root to point at the project)")
    changed: list[str] = []
    try:
        (root / "schemas").mkdir(exist_ok=True)
        for schema in schema_files():
            mine = root / "schemas" / schema.name
            text = schema.read_text("utf-8")
            if not mine.is_file() or mine.read_bytes() != schema.read_bytes():
                write_atomic(mine, text)
                changed.append(f"schemas/{schema.name}")
    except OSError as exc:
        raise InitError(f"cannot update {root / 'schemas'}: {exc.strerror or exc}") from None
    return changed
