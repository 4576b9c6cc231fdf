"""``privacy export ropa``: the Art. 30 record, read back as an auditor's tools read it."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import openpyxl
import pytest

from privacy_as_code import ropa
from privacy_as_code.spreadsheet import guard_formula
from tests.conftest import REPO, run_privacy

ACTIVITIES = sorted(p.stem for p in (REPO / "records" / "activities").glob("*.yaml"))
HEADERS = [c.header("nb") for c in ropa.COLUMNS]
ART30 = [c.header("nb") for c in ropa.COLUMNS if c.key in ropa.ART30_COLUMNS]


def header(key: str, lang: str = "nb") -> str:
    return next(c.header(lang) for c in ropa.COLUMNS if c.key == key)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def export(root: Path, *args: str) -> Path:
    """Run the export into ``root`` (the cwd stays the repository, as in CI)."""
    done = run_privacy("export", "ropa", *args, cwd=REPO)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return root


def test_csv_of_the_real_records(tmp_path: Path) -> None:
    target = tmp_path / "ropa.csv"
    export(tmp_path, "--format", "csv", "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.split(b"\n", 1)[0].endswith(b"\r")
    rows = read_csv(target)
    assert list(rows[0]) == HEADERS
    assert [r["ID"] for r in rows] == ACTIVITIES
    for row in rows:
        for title in ART30:
            assert row[title].strip(), (row["ID"], title)
    recruitment = next(r for r in rows if r["ID"] == "recruitment")
    retention = recruitment[header("retention")]
    # A proposed period is exported as a proposal with its owner; its question stands once,
    # under its number, in the questions file beside the record.
    first = retention.splitlines()[0]
    found = re.fullmatch(r"Søknader fra søkere som ikke får stillingen, med referansene: FORSLAG, "
                         r"IKKE BEKREFTET nr\. (\d+) \(CTO\): 6 måneder etter at "
                         r"rekrutteringsprosessen er avsluttet — slettes", first)
    assert found, first
    questions = {q["Nr."]: q for q in read_csv(tmp_path / "ropa-questions.csv")}
    assert questions[found.group(1)] == {
        "Nr.": found.group(1), "Eier": "CTO", "Type": "forslag", "Foreslått verdi": "6 måneder (P6M)",
        "Felt": "Behandlinger › Rekruttering › Lagringstid › 1. oppføring › Periode",
        "Spørsmål": questions[found.group(1)]["Spørsmål"]}
    assert questions[found.group(1)]["Spørsmål"].startswith("Proposed, not decided practice:")
    # Internal fields are in the record, never on the public page.
    assert "Multi-factor authentication on the systems that hold applications." in \
        recruitment[header("security_measures")]
    # Unconfirmed facts are marked, never presented as facts.
    controller = recruitment[header("controller")]
    number = re.fullmatch(r"ÅPENT SPØRSMÅL nr\. (\d+) \(CEO\)", controller.splitlines()[0])
    assert number and questions[number.group(1)]["Spørsmål"].startswith(
        "Confirm the registered legal name")
    assert re.fullmatch(r"ÅPENT SPØRSMÅL nr\. \d+ \(CTO\)", recruitment[header("transfers")])


def test_csv_needs_a_file_for_its_questions() -> None:
    done = run_privacy("export", "ropa", "--format", "csv", cwd=REPO)
    assert done.returncode == 2 and done.stdout == ""
    assert "-o FILE.csv" in done.stderr and "open questions" in done.stderr


def test_english_labels_and_special_categories(tmp_path: Path) -> None:
    target = tmp_path / "ropa.csv"
    export(tmp_path, "--format", "csv", "--lang", "en", "-o", str(target))
    events = next(r for r in read_csv(target) if r["ID"] == "events")
    categories = events[header("data_categories", "en")].splitlines()
    assert "Allergies and dietary requirements (special category, Art. 9)" in categories
    special = events[header("special_categories", "en")]
    assert "Condition: explicit consent (Art. 9(2)(a))" in special
    retention = events[header("retention", "en")].splitlines()
    assert any(re.fullmatch(r"Allergies and dietary requirements: PROPOSAL, NOT YET CONFIRMED no\. "
                            r"\d+ \(CTO\): immediately after the event — delete", line)
               for line in retention), retention


def test_xlsx_of_the_real_records(tmp_path: Path) -> None:
    target = tmp_path / "ropa.xlsx"
    export(tmp_path, "--format", "xlsx", "-o", str(target))
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Behandlinger", "Virksomheten", "Åpne spørsmål"]
    assert tuple(workbook.sheetnames) == ropa.sheet_names("nb")
    sheet = workbook["Behandlinger"]
    titles = [c.value for c in sheet[1]]
    assert titles == HEADERS
    assert "Formål (art. 30 nr. 1 b)" in titles
    assert sheet.freeze_panes == "B2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(HEADERS)).column_letter}{len(ACTIVITIES) + 1}"
    assert all(c.font.bold for c in sheet[1])
    for column in range(1, len(HEADERS) + 1):
        letter = sheet.cell(1, column).column_letter
        assert ropa.MIN_WIDTH <= sheet.column_dimensions[letter].width <= ropa.MAX_WIDTH
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert sorted(r[1] for r in rows) == ACTIVITIES
    art30_columns = [i for i, h in enumerate(titles) if h in ART30]
    for row in rows:
        assert all(row[i] and str(row[i]).strip() for i in art30_columns), row[1]
    assert sheet.cell(2, 5).alignment.wrap_text
    org = workbook["Virksomheten"]
    assert [c.value for c in org[1]] == ["Felt", "Verdi"]
    fields = {row[0].value: row[1].value for row in org.iter_rows(min_row=2)}
    # Nobody has confirmed that no DPO is appointed: the record says so, never "Ikke utnevnt".
    assert re.fullmatch(r"ÅPENT SPØRSMÅL nr\. \d+ \(CEO\)", fields["Personvernombud"])
    assert re.fullmatch(r"ÅPENT SPØRSMÅL nr\. \d+ \(CEO\)", fields["Organisasjonsnummer"])
    assert fields["Personvernerklæring, versjon"] == "2.0"
    # The purposes and other quoted texts speak to the data subject; the record says whom
    # "you" means there (a newcomer's trial read them as addressed to the auditor).
    assert "i andre person: den som tiltales, er den registrerte" in fields["Om tekstene"]


def test_xlsx_needs_a_file() -> None:
    done = run_privacy("export", "ropa", "--format", "xlsx", cwd=REPO)
    assert done.returncode == 2
    assert "-o FILE.xlsx" in done.stderr and done.stdout == ""


def test_format_follows_the_file_name(tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    export(tmp_path, "-o", str(target))
    assert json.loads(target.read_text("utf-8"))["activities"]
    assert run_privacy("export", "ropa", cwd=REPO).returncode == 2


@pytest.mark.parametrize(("fmt", "name"), [("csv", "ropa.xlsx"), ("xlsx", "ropa.csv"), ("json", "r.CSV")])
def test_a_format_the_file_name_contradicts_is_refused(tmp_path: Path, fmt: str, name: str) -> None:
    # CSV text was written into ropa.xlsx, which a spreadsheet program will not open (a newcomer's trial).
    done = run_privacy("export", "ropa", "--format", fmt, "-o", str(tmp_path / name), cwd=REPO)
    assert done.returncode == 2 and f"but --format is {fmt}" in done.stderr, done.stderr
    assert not list(tmp_path.iterdir())


def test_json_structure_in_english() -> None:
    done = run_privacy("export", "ropa", "--format", "json", "--lang", "en", cwd=REPO)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["language"] == "en"
    assert set(document["organisation"]) == {f.key for f in ropa.ORGANISATION_FIELDS}
    activities = {a["id"]: a for a in document["activities"]}
    assert sorted(activities) == ACTIVITIES
    recruitment = activities["recruitment"]
    assert list(recruitment) == [c.key for c in ropa.COLUMNS]
    assert isinstance(recruitment["name"], str) and isinstance(recruitment["purposes"], list)
    proposal = re.fullmatch(
        r"Applications from applicants who are not hired, with the references: PROPOSAL, NOT YET "
        r"CONFIRMED no\. (\d+) \(CTO\): 6 months after the recruitment process ends — delete",
        recruitment["retention"][0])
    assert proposal, recruitment["retention"][0]
    assert recruitment["legal_basis"][0].startswith("1. necessary to enter into or perform a contract")
    assert any(re.fullmatch(r"Balancing test: OPEN QUESTION no\. \d+ \(CTO\)", line)
               for line in recruitment["legitimate_interests"])
    assert recruitment["dpia"][0] == "Required: no"
    assert recruitment["owner"] == "CTO"
    # The proposal stands on the period it qualifies; its question once, under its number.
    question = document["questions"][int(proposal.group(1)) - 1]
    assert question["number"] == proposal.group(1) and question["kind"] == "proposal"
    assert question["field"] == "Processing activities › Recruitment › Retention › 1st entry › Period"
    assert question["proposed"] == "6 months (P6M)"
    assert question["question"].startswith("Proposed, not decided practice")
    contracts = activities["contracts_accounting"]
    assert any("(statutory minimum: bokføringsloven § 13)" in line for line in contracts["retention"])
    assert any(line.startswith("Contact details that are not accounting records: OPEN QUESTION no. ")
               for line in contracts["retention"])


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_guard(start: str) -> None:
    assert guard_formula(f"{start}1+1") == f"'{start}1+1"
    assert guard_formula(f"a{start}") == f"a{start}"


def test_formula_injection_is_neutralised(minimal_root: Path) -> None:
    path = minimal_root / "records" / "activities" / "newsletter.yaml"
    text = path.read_text("utf-8").replace(
        "name: {nb: Nyhetsbrev, en: Newsletter}",
        "name: {nb: '=HYPERLINK(\"https://example.com\",\"x\")', en: '@SUM(1+1)'}")
    path.write_text(text, "utf-8")
    assert run_privacy("check", cwd=minimal_root).returncode == 0
    done = run_privacy("export", "ropa", "--format", "csv", "-o", "r.csv", cwd=minimal_root)
    assert done.returncode == 0, done.stderr
    names = [r[HEADERS[0]] for r in read_csv(minimal_root / "r.csv")]
    assert "'=HYPERLINK(\"https://example.com\",\"x\")" in names
    done = run_privacy("export", "ropa", "--format", "xlsx", "--lang", "en", "-o", "r.xlsx",
                       cwd=minimal_root)
    assert done.returncode == 0, done.stderr
    sheet = openpyxl.load_workbook(minimal_root / "r.xlsx")[ropa.sheet_names("en")[0]]
    cell = next(c for c in sheet["A"][1:] if str(c.value).startswith("@"))
    assert cell.data_type == "s" and cell.value == "@SUM(1+1)"


def test_missing_internal_fields_are_marked(minimal_root: Path) -> None:
    done = run_privacy("export", "ropa", "--format", "json", "--lang", "en", cwd=minimal_root)
    activity = json.loads(done.stdout)["activities"][0]
    assert activity["security_measures"] == ["NOT RECORDED"]
    assert activity["dpia"] == ["NOT RECORDED"]
    assert activity["controller"][0] == "Eksempel Konsulent AS"
    assert activity["transfers"] == ["No transfers to countries outside the EU/EEA"]


def test_refuses_broken_records(minimal_root: Path) -> None:
    path = minimal_root / "records" / "activities" / "newsletter.yaml"
    path.write_text(path.read_text("utf-8").replace("retention:", "retension:"), "utf-8")
    done = run_privacy("export", "ropa", "--format", "csv", "-o", "r.csv", cwd=minimal_root)
    assert done.returncode == 1
    assert "[retention-required]" in done.stderr
    assert "no Art. 30 record was exported" in done.stderr
    assert not (minimal_root / "r.csv").exists()


def test_writes_atomically_over_an_old_file(minimal_root: Path) -> None:
    target = minimal_root / "out" / "r.json"
    target.parent.mkdir()
    target.write_text("old", "utf-8")
    done = run_privacy("export", "ropa", "-o", str(target), cwd=minimal_root)
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text("utf-8"))["activities"]
    assert [p.name for p in target.parent.iterdir()] == ["r.json"]
    missing = run_privacy("export", "ropa", "-o", "nowhere/r.csv", cwd=minimal_root)
    assert missing.returncode == 2 and "no such folder" in missing.stderr


def test_csv_cells_with_several_values_are_quoted_lines() -> None:
    record = ropa.Ropa("en", {}, [{c.key: ["a", "b"] if c.multi else "x" for c in ropa.COLUMNS}], "")
    text = ropa.to_csv(record).decode("utf-8-sig")
    assert '"a\nb"' in text
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[1][2] == "a\nb"


SECOND_PERSON = {"en": re.compile(r"\b(you|your|yours|yourself)\b", re.IGNORECASE),
                 "nb": re.compile(r"\b(du|deg|din|ditt|dine|dere|deres)\b", re.IGNORECASE)}
CODE_PATH = re.compile(r"\b[a-z_]+(\.[a-z_0-9]+)*\.\d+(\.[a-z_]+)?\b")
"""``retention.1.period``, ``controller.organisation_number.1``: a place written as code."""


def _cells(sheet: object) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value]  # type: ignore[attr-defined]


def test_an_auditor_reads_the_workbook_in_one_language_each_question_once(tmp_path: Path) -> None:
    check = run_privacy("check", cwd=REPO)
    counted = int(re.search(r"^(\d+) open questions:", check.stdout, re.MULTILINE).group(1))
    listing = run_privacy("questions", "--format", "csv", cwd=REPO).stdout.lstrip("\ufeff")
    listed = len(list(csv.reader(io.StringIO(listing, newline=""), delimiter=";"))) - 1
    for lang in ("en", "nb"):
        target = tmp_path / f"ropa-{lang}.xlsx"
        export(tmp_path, "--format", "xlsx", "--lang", lang, "-o", str(target))
        workbook = openpyxl.load_workbook(target)
        activities, organisation, questions = (workbook[name] for name in ropa.sheet_names(lang))
        other = "nb" if lang == "en" else "en"
        # Headers in the chosen language only.
        headers = [c.value for c in activities[1]]
        assert headers == [c.header(lang) for c in ropa.COLUMNS]
        assert not {c.header(other) for c in ropa.COLUMNS if c.header(other) != c.header(lang)} & set(
            headers + _cells(organisation) + _cells(questions))
        assert all(" / " not in h for h in headers)
        # Each open question and proposal once, on its own sheet: as many as check counts
        # and privacy questions lists, numbered, with the field in words.
        rows = [[c.value or "" for c in row] for row in questions.iter_rows(min_row=2)]
        assert len(rows) == counted == listed > 50
        # Numbers, so that the sheet sorts 10 after 9 (a newcomer's trial: they were text).
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1))
        for _number, owner, field, kind, proposed, question in rows:
            assert " › " in field and not CODE_PATH.search(field), field
            assert owner and question and kind in (words_of(lang)["open"], words_of(lang)["proposed"])
            assert bool(proposed) == (kind == words_of(lang)["proposed"])
        # The question texts stand on that sheet only: never in a row (so the controller's
        # questions are not repeated on every activity), never twice.
        elsewhere = "\n".join(_cells(activities) + _cells(organisation))
        texts = {r[5] for r in rows}
        assert not [t for t in texts if t in elsewhere]
        # No code paths anywhere, and the tool's own words never address the reader.
        for text in _cells(activities) + _cells(organisation) + _cells(questions):
            assert not CODE_PATH.search(text), text


def words_of(lang: str) -> dict[str, str]:
    from privacy_as_code.i18n import words

    return dict(words(lang).questions)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_tools_own_words_in_the_export_never_address_the_reader(lang: str) -> None:
    """Every code the export words (bases, sources, Art. 9 conditions, roles, mechanisms), every
    vocabulary entry of the real records and the export's own catalogue table are third person
    ("from the data subject", never "from you"). The records' free texts are their own."""
    from privacy_as_code.i18n import words
    from privacy_as_code.project import load_project

    project = load_project(REPO)
    builder = ropa._Builder(project, words(lang))
    said = [builder.term(kind, code) for kind in ("basis", "source", "special_condition", "role",
                                                  "mechanism")
            for code in words(lang).data["term"][kind]]
    said += [builder.label(section, key) for section in ("data_subjects", "data_categories",
                                                         "retention_events")
             for key in builder.vocab[section]]

    def flat(table: object) -> list[str]:
        if isinstance(table, dict):
            return [text for value in table.values() for text in flat(value)]
        return [str(table)]

    said += flat(words(lang).ropa)
    assert len(said) > 80
    assert [text for text in said if SECOND_PERSON[lang].search(text)] == []


def test_the_csv_export_puts_its_questions_in_their_own_file(tmp_path: Path) -> None:
    target = tmp_path / "ropa.csv"
    done = run_privacy("export", "ropa", "--lang", "en", "-o", str(target), cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ropa-questions.csv", "ropa.csv"]
    assert "and its open questions to" in done.stdout
    rows = read_csv(target)
    assert list(rows[0]) == [c.header("en") for c in ropa.COLUMNS]
    questions = read_csv(tmp_path / "ropa-questions.csv")
    assert list(questions[0]) == ["No.", "Owner", "Field", "Kind", "Proposed value", "Question"]
    assert f"{len(questions)} open questions and proposals" in done.stdout
    everything = "\n".join(v for row in rows for v in row.values())
    assert not [q["Question"] for q in questions if q["Question"] in everything]
    # the auditor's third person where the readers' words say "you"
    recruitment = next(r for r in rows if r["ID"] == "recruitment")
    assert recruitment[header("sources", "en")].splitlines()[0] == "From the data subject"
    assert "with the data subject (Art. 6(1)(b))" in recruitment[header("legal_basis", "en")]
    talent = next(r for r in rows if r["ID"] == "talent_pool")[header("retention", "en")]
    assert "after you" not in talent and "the data subject" in talent


def test_the_language_follows_privacy_lang_like_every_command(tmp_path: Path) -> None:
    # PRIVACY_LANG=en still wrote a Norwegian workbook (a newcomer's trial); --lang wins over it.
    env = {**os.environ, "PRIVACY_LANG": "en"}
    done = run_privacy("export", "ropa", "-o", str(tmp_path / "en.xlsx"), cwd=REPO, env=env)
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(tmp_path / "en.xlsx").sheetnames == list(ropa.sheet_names("en"))
    done = run_privacy("export", "ropa", "--lang", "nb", "-o", str(tmp_path / "nb.xlsx"), cwd=REPO, env=env)
    assert openpyxl.load_workbook(tmp_path / "nb.xlsx").sheetnames == list(ropa.sheet_names("nb"))
    listed = run_privacy("questions", cwd=REPO, env=env)
    assert listed.stdout.startswith("Owner: "), listed.stdout[:80]
