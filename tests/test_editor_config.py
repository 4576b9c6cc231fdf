"""Editor settings, pre-commit hooks and the CI workflow point at things that exist.

These files cannot be exercised here (no VS Code, no GitHub), so the tests
check what breaks silently: a schema path or glob that matches nothing, a
hook that runs the wrong command, a workflow step that went missing.
YAML is read with the project's own YAML 1.2 loader, so ``on:`` stays a key.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from privacy_as_code.loader import load_text
from tests.conftest import REPO, run_privacy

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def load_yaml(path: Path) -> Any:
    loaded = load_text(path.read_text("utf-8"), str(path))
    assert not loaded.findings, loaded.findings
    return loaded.data


def settings() -> dict[str, Any]:
    return json.loads((REPO / ".vscode" / "settings.json").read_text("utf-8"))


def schema_globs() -> list[tuple[str, str]]:
    pairs = []
    for schema, globs in settings()["yaml.schemas"].items():
        pairs += [(schema, g) for g in ([globs] if isinstance(globs, str) else globs)]
    return pairs


@pytest.mark.parametrize(("schema", "glob"), schema_globs())
def test_every_schema_exists_and_every_glob_matches_a_record(schema: str, glob: str) -> None:
    assert (REPO / schema).is_file(), schema
    assert json.loads((REPO / schema).read_text("utf-8"))["$schema"].endswith("2020-12/schema")
    assert list(REPO.glob(glob)), f"{glob} matches no file"


def test_every_record_has_one_schema_and_it_agrees_with_the_modeline() -> None:
    for record in sorted((REPO / "records").rglob("*.yaml")):
        schemas = {s for s, g in schema_globs() if record in REPO.glob(g)}
        assert len(schemas) == 1, (record, schemas)
        first_line = record.read_text("utf-8").splitlines()[0]
        match = MODELINE.match(first_line)
        assert match, f"{record} has no yaml-language-server modeline"
        assert (record.parent / match.group(1)).resolve() == (REPO / schemas.pop()).resolve()


def test_editor_settings_for_legal_staff() -> None:
    config = settings()
    assert config["yaml.yamlVersion"] == "1.2"  # NO stays Norway, as in our loader
    assert config["yaml.validate"] and config["yaml.completion"] and config["yaml.hover"]
    assert config["files.encoding"] == "utf8"
    assert config["files.trimTrailingWhitespace"] is True
    assert config["[yaml]"]["editor.insertSpaces"] is True
    extensions = json.loads((REPO / ".vscode" / "extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_published_pre_commit_hook() -> None:
    # A list at the top, which our record loader refuses by design; no YAML 1.1 traps here.
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "privacy-check")
    assert hook["entry"] == "privacy check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("records/activities/newsletter.yaml")
    assert files.search("records/statement.yml")
    assert not files.search("docs/nb/index.md") and not files.search("schemas/activity.schema.json")


def test_own_pre_commit_config_runs_check_render_and_ruff() -> None:
    config = load_yaml(REPO / ".pre-commit-config.yaml")
    hooks = {h["id"]: h for repo in config["repos"] for h in repo["hooks"]}
    assert hooks["privacy-check"]["entry"].endswith("privacy check")
    assert hooks["privacy-render-check"]["entry"].endswith("privacy render --check")
    assert hooks["privacy-render-check"]["pass_filenames"] is False
    assert hooks["ruff"]["entry"].endswith("ruff check")
    assert {r["repo"] for r in config["repos"]} == {"local"}  # nothing fetched at commit time


def workflow() -> dict[str, Any]:
    return load_yaml(REPO / ".github" / "workflows" / "privacy.yml")


def test_workflow_triggers_and_permissions() -> None:
    flow = workflow()
    assert set(flow["on"]) == {"pull_request", "push"}
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read"}
    deploy = flow["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "refs/heads/main" in deploy["if"] and deploy["needs"] == "check"


def test_workflow_steps() -> None:
    steps = workflow()["jobs"]["check"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    runs = [s.get("run", "") for s in steps]
    checkout = steps[uses.index(next(u for u in uses if u.startswith("actions/checkout@")))]
    assert checkout["with"]["fetch-depth"] == 0
    assert workflow()["jobs"]["check"]["container"] == "python:3.11-bookworm"
    expected = ["make venv", "privacy check --format github", "--since", "privacy render --check",
                "make test", "privacy build", "privacy check --strict"]
    positions = [next(i for i, r in enumerate(runs) if e in r) for e in expected]
    assert positions == sorted(positions), "steps are out of order"
    since = steps[positions[2]]
    assert since["if"] == "github.event_name == 'pull_request'"
    assert "origin/" in since["run"]
    words = next(s for s in steps if "privacy diff" in s.get("run", ""))  # readers' words
    assert words["if"] == "github.event_name == 'pull_request'"
    assert "--format markdown" in words["run"] and '>> "$GITHUB_STEP_SUMMARY"' in words["run"]
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site" and "refs/heads/main" in upload["if"]
    # nothing is published while open questions remain (the --strict gate)
    assert "steps.gate.outcome == 'success'" in upload["if"]
    assert "publishable" in workflow()["jobs"]["deploy"]["if"]
    deploy_steps = workflow()["jobs"]["deploy"]["steps"]
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy_steps)


def test_workflow_fetches_nothing_by_hand() -> None:
    text = (REPO / ".github" / "workflows" / "privacy.yml").read_text("utf-8")
    assert not re.search(r"\b(curl|wget|pip install)\b|repo_url|\$\{\{\s*github\.(head_ref|event)",
                         text)


def tasks() -> dict[str, Any]:
    return json.loads((REPO / ".vscode" / "tasks.json").read_text("utf-8"))


def matcher(label_start: str) -> dict[str, Any]:
    task = next(t for t in tasks()["tasks"] if t["label"].startswith(label_start))
    return task["problemMatcher"]


def test_check_task_puts_every_finding_into_the_problems_panel() -> None:
    task = next(t for t in tasks()["tasks"] if t["label"] == "privacy check")
    assert task["command"] == "${workspaceFolder}/.venv/bin/privacy"
    assert task["args"][0] == "check"
    assert task["runOptions"]["runOn"] == "folderOpen"
    assert task["group"] == {"kind": "build", "isDefault": True}
    found = matcher("privacy check")
    assert found["fileLocation"] == ["relative", "${workspaceFolder}"]
    pattern = found["pattern"]
    regexp = re.compile(pattern["regexp"])  # written so that JavaScript and Python read it alike
    # The company's old page fails with findings of many rules, errors and warnings.
    legacy = REPO / "tests" / "fixtures" / "legacy-2017"
    done = run_privacy("check", *task["args"][1:], cwd=legacy)
    assert done.returncode == 1
    lines = [line for line in done.stdout.splitlines() if re.match(r"^\S+\.yaml:\d+:\d+: ", line)]
    assert len(lines) > 5
    severities = set()
    for line in lines:
        match = regexp.match(line)
        assert match, line
        assert (legacy / match.group(pattern["file"])).is_file(), line
        assert int(match.group(pattern["line"])) >= 1 and int(match.group(pattern["column"])) >= 1
        assert match.group(pattern["message"]) and match.group(pattern["code"])
        severities.add(match.group(pattern["severity"]))
    assert "error" in severities


def test_serve_task_follows_each_rebuild() -> None:
    task = next(t for t in tasks()["tasks"] if t["label"].startswith("privacy serve"))
    assert task["args"] == ["serve"] and task["isBackground"] is True
    background = matcher("privacy serve")["background"]
    # tests/test_preview.py checks these against what serve really prints.
    assert background["beginsPattern"] and background["endsPattern"]
    assert matcher("privacy serve")["pattern"] == matcher("privacy check")["pattern"]
