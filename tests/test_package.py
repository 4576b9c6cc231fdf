"""The package carries what it reads: schemas, templates, the new-project skeleton.

The slow, end-to-end proof (a wheel in a fresh virtual environment, pre-commit
try-repo) is in ``tests/test_installed.py``.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from privacy_as_code import resources
from tests.conftest import REPO, run_privacy


def test_every_packaged_copy_is_byte_identical_to_its_source() -> None:
    assert resources.mirror_differences(REPO) == [], (
        "the package's copies are stale: run 'make package-data' and commit the result")


def test_the_copies_cover_every_schema_and_the_project_skeleton() -> None:
    shipped = {p.name for p in resources.schema_files()}
    assert shipped == {p.name for p in (REPO / "schemas").glob("*.schema.json")}
    assert len(shipped) >= 7
    for name in ("mkdocs.yml", "mkdocs.en.yml", "overrides/main.html", "dot-vscode/settings.json"):
        assert (resources.SKELETON_DIR / name).is_file(), name


def test_every_data_file_of_the_package_goes_into_the_wheel() -> None:
    """Each file the package reads (not Python) matches a ``package-data`` glob of
    pyproject.toml, read as setuptools reads it (``*`` stays in one folder), so a new
    catalogue folder (``i18n/rules/``) cannot be left out of the wheel unnoticed."""
    with (REPO / "pyproject.toml").open("rb") as handle:
        globs = tomllib.load(handle)["tool"]["setuptools"]["package-data"]["privacy_as_code"]
    package = resources.PACKAGE_DIR
    shipped = {p for pattern in globs for p in package.glob(pattern) if p.is_file()}
    data = {p for p in package.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
            and "__pycache__" not in p.parts}
    assert sorted(str(p.relative_to(package)) for p in data - shipped) == []
    assert package / "i18n" / "rules" / "nb.toml" in shipped


def test_a_stale_copy_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "pkg"
    for source, copy in resources.MIRRORS:
        target = package / copy
        target.parent.mkdir(parents=True, exist_ok=True)
        if (REPO / source).is_dir():
            shutil.copytree(REPO / source, target)
        else:
            shutil.copyfile(REPO / source, target)
    (package / "schemas" / "activity.schema.json").write_text("{}", "utf-8")
    (package / "skeleton" / "overrides" / "extra.html").write_text("x", "utf-8")
    (package / "skeleton" / "mkdocs.en.yml").unlink()
    monkeypatch.setattr(resources, "PACKAGE_DIR", package)
    assert resources.mirror_differences(REPO) == [
        "schemas/activity.schema.json: differs from the package's copy",
        "mkdocs.en.yml: not copied into the package (skeleton/mkdocs.en.yml)",
        "skeleton/overrides/extra.html: in the package but not in overrides",
    ]
    resources.sync_mirrors(REPO)
    assert resources.mirror_differences(REPO) == []


def test_the_check_and_sync_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    assert resources.main(["--check"]) == 0
    monkeypatch.chdir(tmp_path)  # not a checkout: every copy lacks its source
    assert resources.main(["--check"]) == 1
    assert resources.main(["--bogus"]) == 2


def test_a_project_without_schemas_is_checked_with_the_tools(minimal_root: Path) -> None:
    assert not (minimal_root / "schemas").exists()
    done = run_privacy("check", cwd=minimal_root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.endswith("no problems\n")


def test_a_project_whose_schemas_differ_is_warned_and_checked_with_the_tools(
        minimal_root: Path) -> None:
    shutil.copytree(resources.SCHEMA_DIR, minimal_root / "schemas")
    same = run_privacy("check", cwd=minimal_root)
    assert same.returncode == 0 and same.stdout.endswith("no problems\n"), same.stdout
    # The project's copy no longer requires 'retention'; the tool's still does.
    own = minimal_root / "schemas" / "activity.schema.json"
    schema = json.loads(own.read_text("utf-8"))
    schema["required"].remove("retention")
    own.write_text(json.dumps(schema, indent=2), "utf-8")
    (minimal_root / "schemas" / "vocabulary.schema.json").unlink()
    newsletter = minimal_root / "records" / "activities" / "newsletter.yaml"
    newsletter.write_text(newsletter.read_text("utf-8").replace("retention:", "retension:"),
                          "utf-8")
    done = run_privacy("check", "--format", "json", cwd=minimal_root)
    assert done.returncode == 1, done.stdout + done.stderr
    found = {(f["path"], f["line"], f["column"], f["severity"], f["rule"])
             for f in json.loads(done.stdout)["findings"]}
    assert ("records/activities/newsletter.yaml", 2, 1, "error", "retention-required") in found
    assert ("schemas/activity.schema.json", 1, 1, "warning", "schema-copy") in found
    assert ("schemas/vocabulary.schema.json", 1, 1, "warning", "schema-copy") in found
    text = run_privacy("check", "--warnings", cwd=minimal_root).stdout
    assert ("schemas/activity.schema.json:1:1: warning [schema-copy] differs from the schema of "
            "this privacy tool, which is the one 'privacy check' uses") in text
    assert "vocabulary.schema.json is missing from the project's schemas/ folder" in text
