"""``privacy init DIR``: a new organisation's project that passes check and build at once."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from privacy_as_code import newproject, site
from privacy_as_code.resources import schema_files
from tests.conftest import run_privacy
from tests.site_fixtures import build

EXPECTED = (
    "records/organisation.yaml", "records/statement.yaml", "records/recipients.yaml",
    "records/vocabulary.yaml", "records/activities/enquiries.yaml",
    "schemas/activity.schema.json", "docs/nb/index.md", "docs/en/index.md",
    "mkdocs.yml", "mkdocs.en.yml", "overrides/main.html", "overrides/partials/alternate.html",
    ".vscode/settings.json", ".vscode/extensions.json", ".pre-commit-config.yaml",
    ".github/workflows/privacy.yml", ".gitignore", "requirements.txt", "README.md",
)


@pytest.fixture(scope="module")
def created(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("init") / "new-org"
    done = run_privacy("init", str(root))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"privacy init: created {root} (")
    return root


def test_init_lays_out_a_whole_project(created: Path) -> None:
    files = {p.relative_to(created).as_posix() for p in created.rglob("*") if p.is_file()}
    assert set(EXPECTED) <= files
    assert {f"schemas/{p.name}" for p in schema_files()} <= files
    assert not [f for f in files if "dot-" in f or "@" in Path(f).name]


def test_every_unknown_is_an_open_question_and_the_check_passes(created: Path) -> None:
    done = run_privacy("check", "--format", "json", cwd=created)
    assert done.returncode == 0, done.stdout
    report = json.loads(done.stdout)
    assert report["errors"] == 0 and report["warnings"] >= 10
    # Besides open questions, only hard-to-read texts (plain-language warnings) the skeleton
    # shares with Cloudberries' records while issue 11 rewrites them.
    rules = {f["rule"] for f in report["findings"]}
    assert "open-question" in rules and rules <= {"open-question", "plain-language"}
    at = {(f["path"], f["line"], f["column"]): f["message"] for f in report["findings"]}
    # legal name, organisation number, address, e-mail: questions, never invented
    for line, field in ((10, "Legal name"), (13, "Organisation number"), (16, "Address"),
                        (19, "E-mail")):
        assert f"about Controller › {field}:" in at[("records/organisation.yaml", line, 5)]
    assert "about Recipients › email_provider › Vendor:" in at[("records/recipients.yaml", 11, 7)]
    strict = run_privacy("check", "--strict", cwd=created)
    assert strict.returncode == 1 and "FAILED: 0 errors" in strict.stdout.splitlines()[-1]


def test_the_new_project_is_rendered_and_names_no_other_organisation(created: Path) -> None:
    done = run_privacy("render", "--check", cwd=created)
    assert done.returncode == 0, done.stdout
    texts = [p.read_text("utf-8") for p in created.rglob("*")
             if p.is_file() and p.suffix in (".yaml", ".yml", ".md", ".json", ".txt", ".html")]
    assert not [t for t in texts if "Cloudberries" in t]
    # named by the statement's title in each config's language; no site description
    nb, en = ((created / name).read_text("utf-8") for name in ("mkdocs.yml", "mkdocs.en.yml"))
    assert '\nsite_name: "Personvernerklæring"\n' in nb and "site_description" not in nb
    assert '\nsite_name: "Privacy statement"\n' in en and "site_description" not in en
    from privacy_as_code import __version__
    assert f"privacy-as-code[site]=={__version__}" in (created / "requirements.txt").read_text()


def test_the_new_project_builds(created: Path, tmp_path: Path) -> None:
    outcome = build(created, tmp_path / "site")
    assert outcome.exit_code == 0, outcome.output
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "en" / "index.html").is_file()


@pytest.mark.parametrize("occupant", ["file", "hidden", "folder"])
def test_a_non_empty_folder_is_refused_and_left_alone(tmp_path: Path, occupant: str) -> None:
    target = tmp_path / "org"
    target.mkdir()
    name = {"file": "notes.txt", "hidden": ".git", "folder": "records"}[occupant]
    (target / name).mkdir() if occupant != "file" else (target / name).write_text("mine")
    done = run_privacy("init", str(target))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == (f"privacy init: error: {target} is not empty; privacy init creates a "
                           "project only in a new or empty folder, so nothing there is "
                           "overwritten\n")
    assert [p.name for p in target.iterdir()] == [name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org"]


def test_other_bad_targets_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    cases = {
        str(tmp_path / "a-file"): f"{tmp_path / 'a-file'} exists and is not a folder",
        str(tmp_path / "no" / "org"): f"{tmp_path / 'no'} does not exist; create it first",
    }
    for target, message in cases.items():
        done = run_privacy("init", target)
        assert (done.returncode, done.stderr) == (2, f"privacy init: error: {message}\n")
    done = run_privacy("init")
    assert done.returncode == 2 and "give the folder to create" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_an_empty_folder_is_filled_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "org"
    target.mkdir(mode=0o750)
    target.chmod(0o750)
    done = run_privacy("init", ".", cwd=target)
    assert done.returncode == 0, done.stderr
    assert (target / "records" / "organisation.yaml").is_file()
    assert stat.S_IMODE(target.stat().st_mode) == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org"]


def test_a_new_folder_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        newproject.init_project(tmp_path / "org")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "org").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "org" / "mkdocs.yml").stat().st_mode) == 0o640


@pytest.mark.parametrize("existing", [False, True])
def test_a_failure_half_way_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           existing: bool) -> None:
    target = tmp_path / "org"
    if existing:
        target.mkdir()
    real_rename = os.rename
    calls = []

    def failing_rename(src: str | Path, dst: str | Path) -> None:
        calls.append(dst)
        if len(calls) == 3 or not existing:
            raise OSError(28, "No space left on device")
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(newproject.InitError, match=r"No space left on device; nothing was left"):
        newproject.init_project(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["org"] if existing else [])
    assert not existing or list(target.iterdir()) == []


def test_update_schemas_replaces_a_stale_copy(tmp_path: Path) -> None:
    root = tmp_path / "org"
    newproject.init_project(root)
    stale = root / "schemas" / "activity.schema.json"
    stale.write_text("{}", "utf-8")
    (root / "schemas" / "common.schema.json").unlink()
    warned = run_privacy("check", "--warnings", cwd=root)
    assert warned.returncode == 0
    assert "schemas/activity.schema.json:1:1: warning [schema-copy]" in warned.stdout
    assert "schemas/common.schema.json:1:1: warning [schema-copy]" in warned.stdout
    done = run_privacy("init", "--update-schemas", cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("privacy init: updated schemas/activity.schema.json, "
                           "schemas/common.schema.json\n")
    assert "schema-copy" not in run_privacy("check", cwd=root).stdout
    again = run_privacy("init", "--update-schemas", str(root))
    assert again.stdout == "privacy init: the project's schemas/ already matches this tool\n"
    nowhere = run_privacy("init", "--update-schemas", str(tmp_path))
    assert nowhere.returncode == 2 and "no records/ folder here" in nowhere.stderr


def test_build_without_the_site_extra_says_which_extra(
        created: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = site.importlib.util.find_spec
    monkeypatch.setattr(site.importlib.util, "find_spec",
                        lambda name, *a: None if name == "material" else real(name, *a))
    outcome = build(created, tmp_path / "site")
    assert outcome.exit_code == 2
    assert outcome.output == ("build: mkdocs-material is not installed; building the site needs "
                              "the site extra: pip install 'privacy-as-code[site]'")
    assert not (tmp_path / "site").exists()


def test_the_new_projects_ci_and_hooks_run_the_tool(created: Path) -> None:
    import yaml

    workflow = yaml.safe_load((created / ".github" / "workflows" / "privacy.yml").read_text())
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "python -m pip install -r requirements.txt" in runs
    for command in ("privacy check --format github", "privacy render --check", "privacy build",
                    "privacy check --strict --format github"):
        assert command in runs, command
    gate = next(s for s in workflow["jobs"]["check"]["steps"] if s.get("id") == "gate")
    assert gate["continue-on-error"] is True  # open questions block publishing, not the checks
    hooks = yaml.safe_load((created / ".pre-commit-config.yaml").read_text())
    entries = {h["id"]: h["entry"] for repo in hooks["repos"] for h in repo["hooks"]}
    assert entries == {"privacy-check": "privacy check",
                       "privacy-render-check": "privacy render --check"}
    settings = json.loads((created / ".vscode" / "settings.json").read_text())
    for pattern in settings["yaml.schemas"]:
        assert (created / pattern).is_file(), pattern  # the editor finds every schema
    for record in (created / "records").rglob("*.yaml"):
        first = record.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), record
        assert (record.parent / first.split("=", 1)[1]).resolve().is_file(), record
