"""``privacy questions``: the open questions and proposals by owner, as a user runs it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from privacy_as_code import fieldpath
from privacy_as_code.i18n import all_words, message_template
from privacy_as_code.kinds import SCHEMA_FILES
from privacy_as_code.resources import SCHEMA_DIR
from tests.conftest import REPO, run_privacy


def read_csv(data: str) -> list[dict[str, str]]:
    """The CSV as Excel and the csv module read it: BOM dropped, ``;`` separated."""
    assert data.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(data[1:], newline=""), delimiter=";"))


def with_questions(root: Path) -> None:
    """Two open questions (CFO, CEO) and one proposal (CFO) in the minimal project."""
    org = root / "records/organisation.yaml"
    org.write_text(org.read_text("utf-8").replace(
        'organisation_number: "999999999"',
        "organisation_number: {open_question: Confirm the number, owner: CFO}").replace(
        "email: personvern@example.no", "email: {open_question: Which address?, owner: CEO}"),
        "utf-8")
    newsletter = root / "records/activities/newsletter.yaml"
    newsletter.write_text(newsletter.read_text("utf-8").replace(
        "  - period: P0D", "  - period: {proposed: P6M, open_question: Six months?, owner: cfo}"),
        "utf-8")


def test_grouped_by_owner_with_place_field_in_words_and_question(minimal_root: Path) -> None:
    with_questions(minimal_root)
    done = run_privacy("questions", "--lang", "en", cwd=minimal_root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "Owner: CEO",
        "  records/organisation.yaml:11:10: Organisation › Controller › E-mail: Which address?",
        "",
        "Owner: CFO",
        ("  records/activities/newsletter.yaml:12:13: Processing activities › Newsletter › "
        "Retention › 1st entry › Period: proposal: 6 months (P6M) — Six months?"),
        ("  records/organisation.yaml:5:24: Organisation › Controller › Organisation number: "
        "Confirm the number"),
        "3 open questions and proposals",
    ]
    assert done.stderr == ""


def test_norwegian_markdown_checklist_and_owner_filter(minimal_root: Path) -> None:
    with_questions(minimal_root)
    done = run_privacy("questions", "--format", "markdown", "--owner", "cfo", cwd=minimal_root)
    assert done.returncode == 0, done.stderr
    items = [line for line in done.stdout.splitlines() if line.startswith("- [ ] ")]
    assert items == [
        ("- [ ] **Behandlinger › Nyhetsbrev › Lagringstid › 1. oppføring › Periode** "
        "(`records/activities/newsletter.yaml:12`): forslag: 6 måneder (P6M) — Six months?"),
        ("- [ ] **Virksomheten › Behandlingsansvarlig › Organisasjonsnummer** "
        "(`records/organisation.yaml:5`): Confirm the number"),
    ]
    assert done.stdout.startswith("# Åpne spørsmål og forslag\n\n2 åpne spørsmål og forslag\n")
    assert done.stdout.count("## Eier: ") == 1  # CFO and cfo are one owner
    assert "CEO" not in done.stdout


def test_unknown_owner_names_the_owners_there_are(minimal_root: Path) -> None:
    with_questions(minimal_root)
    done = run_privacy("questions", "--owner", "DPO", cwd=minimal_root)
    assert done.returncode == 0
    assert "no open questions for owner 'DPO'; owners named: CEO, CFO" in done.stderr
    assert done.stdout == "Ingen åpne spørsmål eller forslag.\n"


def test_paths_keep_the_questions_of_those_files(minimal_root: Path) -> None:
    with_questions(minimal_root)
    done = run_privacy("questions", "--format", "csv", "records/activities/newsletter.yaml",
                       cwd=minimal_root)
    rows = read_csv(done.stdout)
    assert [(r["Fil"], r["Linje"], r["Type"]) for r in rows] == [
        ("records/activities/newsletter.yaml", "12", "forslag")]
    stranger = run_privacy("questions", "README.md", cwd=REPO)
    assert stranger.returncode == 2 and "not a record file" in stranger.stderr


def test_csv_rows_equal_the_count_check_reports_on_the_real_records() -> None:
    check = run_privacy("check", cwd=REPO)
    counted = re.search(r"^(\d+) open questions: `privacy questions` lists them$", check.stdout,
                        re.MULTILINE)
    assert counted, check.stdout
    done = run_privacy("questions", "--format", "csv", "--lang", "en", cwd=REPO)
    assert done.returncode == 0, done.stderr
    rows = read_csv(done.stdout)
    assert len(rows) == int(counted.group(1)) > 50
    assert list(rows[0]) == ["Owner", "File", "Line", "Field", "Kind", "Proposed value", "Question"]
    # Every place is a real file:line and a field in words, never a code path.
    for row in rows:
        assert (REPO / row["File"]).is_file() and int(row["Line"]) >= 1
        assert " › " in row["Field"] and "_" not in row["Field"], row
        assert row["Question"] and row["Kind"] in ("open question", "proposal")
        assert bool(row["Proposed value"]) == (row["Kind"] == "proposal")
    # Grouped by owner: each owner's rows stand together.
    owners = [row["Owner"].casefold() for row in rows]
    assert owners == sorted(owners, key=lambda o: (o == "", o))


def test_every_schema_key_has_a_name_in_every_language() -> None:
    import json

    keys: set[str] = set()

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name == "properties" and isinstance(value, dict):
                    keys.update(value)
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for schema in SCHEMA_FILES.values():
        collect(json.loads((SCHEMA_DIR / schema).read_text("utf-8")))
    collect(json.loads((SCHEMA_DIR / "common.schema.json").read_text("utf-8")))
    for words in all_words():
        missing = set()
        for key in keys:
            try:
                message_template(words, f"field.{key}")
            except KeyError:
                missing.add(key)
        assert missing == set(), words.lang


def test_in_words_names_entries_by_their_own_name() -> None:
    data = {"recipients": {"acme_crm": {"name": {"nb": "Kundesystem", "en": "CRM"}, "country": "US"}}}
    assert fieldpath.in_words(("recipients", "acme_crm", "country"), "en", data=data) == \
        "Recipients › CRM › Country"
    assert fieldpath.in_words(("recipients", "acme_crm", "country"), "nb") == \
        "Mottakere › acme_crm › Land"
    assert fieldpath.in_words(("transfers", 1, "country"), "nb") == "Overføringer › 2. oppføring › Land"


def test_a_proposed_yes_no_or_list_is_shown_as_the_editor_writes_it(minimal_root: Path) -> None:
    # Not Python's False or ['IE', 'US'] (a newcomer's trial); a yes or no in words too,
    # for the auditor reading the export's list of questions (a second trial).
    path = minimal_root / "records/organisation.yaml"
    path.write_text(path.read_text("utf-8").replace(
        "  appointed: false", "  appointed: {proposed: false, open_question: Confirm it, owner: CEO}"),
        "utf-8")
    listed = run_privacy("questions", cwd=minimal_root)
    assert "Personvernombud › Utnevnt: forslag: nei (false) — Confirm it" in listed.stdout, \
        listed.stdout
    checked = run_privacy("check", "--warnings", cwd=minimal_root)
    assert "proposal for Data protection officer › Appointed (false) not yet confirmed" \
        in checked.stdout, checked.stdout
