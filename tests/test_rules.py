"""Each rule against its passing and failing fixtures.

A fixture folder ``tests/fixtures/{passing,failing}/<rule-id>/`` holds record
files that replace those of the minimal project (``tests/fixtures/minimal``);
an empty file named ``<name>.yaml.delete`` removes one. A failing fixture
states what it must produce in comments: ``# expect: <rule-id> <line>:<col>``.
A passing fixture must produce no finding at all.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from privacy_as_code.checker import check_project
from privacy_as_code.project import load_project
from privacy_as_code.rules import DOCUMENT_RULES, RULE_BY_ID, RULES, run_rules
from tests.conftest import FIXTURES, MINIMAL, REPO

EXPECT = re.compile(r"^# expect: (?P<rule>[a-z0-9-]+) (?P<line>\d+):(?P<col>\d+)$", re.MULTILINE)
Problem = tuple[str, str, int, int]


def cases(kind: str) -> list[Path]:
    return sorted(p for p in (FIXTURES / kind).iterdir() if p.is_dir())


def build(case: Path, tmp_path: Path) -> tuple[Path, list[Problem]]:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    expected: list[Problem] = []
    for source in sorted(case.rglob("*")):
        if source.is_dir():
            continue
        relative = source.relative_to(case)
        target = root / "records" / relative
        if source.name.endswith(".delete"):
            target.with_name(source.name.removesuffix(".delete")).unlink()
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        text = source.read_text("utf-8")
        expected += [(relative.as_posix(), m["rule"], int(m["line"]), int(m["col"]))
                     for m in EXPECT.finditer(text)]
    return root, expected


def found(root: Path) -> list[Problem]:
    _, result = check_project(root)
    records = (root / "records").resolve()
    return [(Path(f.path).resolve().relative_to(records).as_posix(), f.rule, f.line, f.column)
            for f in result.findings]


def test_minimal_project_is_clean() -> None:
    assert found(MINIMAL) == []


@pytest.mark.parametrize("case", cases("failing"), ids=lambda p: p.name)
def test_failing(case: Path, tmp_path: Path) -> None:
    root, expected = build(case, tmp_path)
    assert expected, f"{case} states no '# expect:' lines"
    assert sorted(found(root)) == sorted(expected)


@pytest.mark.parametrize("case", cases("passing"), ids=lambda p: p.name)
def test_passing(case: Path, tmp_path: Path) -> None:
    root, _ = build(case, tmp_path)
    assert found(root) == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.ID)
def test_every_rule_has_fixtures_and_documentation(rule) -> None:
    assert (FIXTURES / "failing" / rule.ID).is_dir(), f"no failing fixture for {rule.ID}"
    assert (FIXTURES / "passing" / rule.ID).is_dir(), f"no passing fixture for {rule.ID}"
    doc = rule.__doc__ or ""
    assert "Why:" in doc and "Passing" in doc and "Failing" in doc, rule.ID
    assert "Art." in doc or "§" in doc, f"{rule.ID} does not cite the law"


def test_rule_ids_are_unique() -> None:
    assert len(RULE_BY_ID) == len(RULES)


def every_rule_after_loading(root: Path) -> list:
    """Every rule run on the whole loaded project (no per-file rules while loading)."""
    project = load_project(root)
    assert not project.checked_while_loading
    return sorted({*project.findings, *run_rules(project)})


@pytest.mark.parametrize("case", cases("failing"), ids=lambda p: p.name)
def test_per_file_rules_find_the_same_while_loading(case: Path, tmp_path: Path) -> None:
    """The checker runs the per-file rules as each activity is loaded (in the worker
    process that loads it); that must find exactly what running them afterwards finds."""
    root, _ = build(case, tmp_path)
    assert list(check_project(root)[1].findings) == every_rule_after_loading(root)


def test_per_file_rules_find_the_same_while_loading_in_parallel(tmp_path: Path,
                                                                monkeypatch) -> None:
    from privacy_as_code import project

    root = tmp_path / "project"
    shutil.copytree(REPO / "records", root / "records")
    # Clones carrying the per-file rules' findings: open questions, plain language,
    # and a placeholder purpose, loaded by worker processes.
    for source in sorted((root / "records/activities").glob("*.yaml")):
        text = source.read_text("utf-8")
        for index in range(3):
            (source.parent / f"{source.stem}-copy{index}.yaml").write_text(text, "utf-8")
    monkeypatch.setattr(project, "PARALLEL_FROM", 10)
    _, result = check_project(root)
    rules = {f.rule for f in result.findings}
    assert {"open-question", "plain-language"} <= rules
    assert list(result.findings) == every_rule_after_loading(root)


def test_only_rules_that_read_one_file_run_while_loading() -> None:
    """A per-file rule judges each activity with the single files only (its worker holds
    no other activity); the two that also judge the statement against every activity do
    that part when given the statement, after loading."""
    assert {rule.ID for rule in DOCUMENT_RULES} == {
        "basis-per-purpose", "basis-per-subject", "consent-by-use", "consent-withdrawal",
        "legal-obligation-statute", "legitimate-interest", "open-question", "placeholder-text",
        "plain-language", "plain-text", "retention-form", "retention-statute", "retention-vague",
        "source-declared", "special-category-condition", "tracking-declared",
        "transfer-mechanism"}


def test_a_newer_version_dated_before_the_one_it_follows_is_said_as_such(tmp_path: Path) -> None:
    # Not "list the newest version first" when it is first (a newcomer's trial).
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    statement = root / "records/statement.yaml"
    statement.write_text(statement.read_text("utf-8").replace(
        'effective_date: "2026-12-01"', 'effective_date: "2025-11-15"').replace(
        'date: "2026-12-01"', 'date: "2025-11-15"'), "utf-8")
    found = [f for f in check_project(root)[1].findings if f.rule == "statement-version"]
    assert [(f.line, f.column) for f in found] == [(6, 11)]
    assert found[0].message.startswith("'1.1' is dated 2025-11-15, before '1.0' (2026-01-01)")


@pytest.mark.parametrize("written", ["1. januar 2027", "01.01.2027", "2027-1-1"])
def test_a_date_in_another_form_is_only_the_schemas_finding_never_compared(
        tmp_path: Path, written: str) -> None:
    # "1. januar 2027" sorted as text before "2026-01-01": the rule said 1 January 2027 came
    # before 1 January 2026 (a newcomer's trial). The form is the schema's one finding.
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    statement = root / "records/statement.yaml"
    statement.write_text(statement.read_text("utf-8").replace(
        'effective_date: "2026-12-01"', f'effective_date: "{written}"').replace(
        'date: "2026-12-01"', f'date: "{written}"'), "utf-8")
    found = [(f.rule, f.line) for f in check_project(root)[1].findings if f.is_error]
    assert ("statement-version", 6) not in found and ("schema", 6) in found, found
