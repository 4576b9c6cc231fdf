"""``privacy export ropa``: the Art. 30 record, read back as an auditor's tools read it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from privacy_as_code import ropa
from tests.conftest import REPO, run_privacy

ACTIVITIES = sorted(p.stem for p in (REPO / "records" / "activities").glob("*.yaml"))
HEADERS = [c.header for c in ropa.COLUMNS]
ART30 = [c.header for c in ropa.COLUMNS if c.key in ropa.ART30_COLUMNS]


def header(key: str) -> str:
    return next(c.header for c in ropa.COLUMNS if c.key == key)


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
    assert [r["ID / ID"] for r in rows] == ACTIVITIES
    for row in rows:
        for title in ART30:
            assert row[title].strip(), (row["ID / ID"], title)
    recruitment = next(r for r in rows if r["ID / ID"] == "recruitment")
    retention = recruitment[header("retention")]
    # A proposed period is exported as a proposal, with its owner and question.
    first = retention.splitlines()[0]
    assert first.startswith("Søknader fra søkere som ikke får stillingen, med referansene: FORSLAG, "
                            "IKKE BEKREFTET (CTO): 6 måneder etter at rekrutteringsprosessen er "
                            "avsluttet — Proposed, not decided practice:")
    assert first.endswith(" — slettes")
    # Internal fields are in the record, never on the public page.
    assert "Multi-factor authentication on the systems that hold applications." in \
        recruitment[header("security_measures")]
    # Unconfirmed facts are marked, never presented as facts.
    controller = recruitment[header("controller")]
    assert controller.startswith("ÅPENT SPØRSMÅL (CEO): Confirm the registered legal name")
    assert recruitment[header("transfers")].startswith("ÅPENT SPØRSMÅL (CTO):")


def test_csv_to_stdout_is_the_same_bytes(tmp_path: Path) -> None:
    target = tmp_path / "ropa.csv"
    export(tmp_path, "--format", "csv", "-o", str(target))
    done = run_privacy("export", "ropa", "--format", "csv", cwd=REPO)
    # Text mode would translate the CRLFs; compare the decoded text.
    assert done.stdout == target.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert "10 activities" in done.stderr


def test_english_labels_and_special_categories(tmp_path: Path) -> None:
    target = tmp_path / "ropa.csv"
    export(tmp_path, "--format", "csv", "--lang", "en", "-o", str(target))
    events = next(r for r in read_csv(target) if r["ID / ID"] == "events")
    categories = events[header("data_categories")].splitlines()
    assert "Allergies and dietary requirements (special category, Art. 9)" in categories
    special = events[header("special_categories")]
    assert "Condition: explicit consent (Art. 9(2)(a))" in special
    retention = events[header("retention")]
    assert ("Allergies and dietary requirements: PROPOSAL, NOT YET CONFIRMED (CTO): immediately after "
            "the event — Proposed, not decided practice: dietary requirements deleted right after the "
            "event. Confirm or change it. — delete") in retention


def test_xlsx_of_the_real_records(tmp_path: Path) -> None:
    target = tmp_path / "ropa.xlsx"
    export(tmp_path, "--format", "xlsx", "-o", str(target))
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == [ropa.SHEET_ACTIVITIES, ropa.SHEET_ORGANISATION]
    sheet = workbook[ropa.SHEET_ACTIVITIES]
    titles = [c.value for c in sheet[1]]
    assert titles == HEADERS
    assert "Formål (art. 30 nr. 1 b) / Purposes (Art. 30(1)(b))" in titles
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
    org = workbook[ropa.SHEET_ORGANISATION]
    fields = {row[0].value: row[1].value for row in org.iter_rows(min_row=2)}
    # Nobody has confirmed that no DPO is appointed: the record says so, never "Ikke utnevnt".
    assert fields["Personvernombud / Data protection officer"].startswith("ÅPENT SPØRSMÅL (CEO)")
    assert fields["Organisasjonsnummer / Organisation number"].startswith("ÅPENT SPØRSMÅL")
    assert fields["Personvernerklæring, versjon / Privacy statement, version"] == "2.0"


def test_xlsx_needs_a_file() -> None:
    done = run_privacy("export", "ropa", "--format", "xlsx", cwd=REPO)
    assert done.returncode == 2
    assert "-o FILE.xlsx" in done.stderr and done.stdout == ""


def test_format_follows_the_file_name(tmp_path: Path) -> None:
    target = tmp_path / "record.json"
    export(tmp_path, "-o", str(target))
    assert json.loads(target.read_text("utf-8"))["activities"]
    assert run_privacy("export", "ropa", cwd=REPO).returncode == 2


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
    assert recruitment["retention"][0].startswith(
        "Applications from applicants who are not hired, with the references: PROPOSAL, NOT YET "
        "CONFIRMED (CTO): 6 months after the recruitment process ends — Proposed, not decided practice")
    assert recruitment["retention"][0].endswith(" — delete")
    assert recruitment["legal_basis"][0].startswith("1. necessary to enter into or perform a contract")
    assert any(line.startswith("Balancing test: OPEN QUESTION (CTO):")
               for line in recruitment["legitimate_interests"])
    assert recruitment["dpia"][0] == "Required: no"
    assert recruitment["owner"] == "CTO"
    # The proposal stands on the period it qualifies, not in free text elsewhere.
    assert any(q.startswith("retention.1.period: PROPOSAL, NOT YET CONFIRMED (CTO): P6M — Proposed, "
                            "not decided practice") for q in recruitment["open_questions"])
    contracts = activities["contracts_accounting"]
    assert any("(statutory minimum: bokføringsloven § 13)" in line for line in contracts["retention"])
    assert any(line.startswith("Contact details that are not accounting records: OPEN QUESTION (CEO)")
               for line in contracts["retention"])


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_guard(start: str) -> None:
    assert ropa.guard_formula(f"{start}1+1") == f"'{start}1+1"
    assert ropa.guard_formula(f"a{start}") == f"a{start}"


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
    sheet = openpyxl.load_workbook(minimal_root / "r.xlsx")[ropa.SHEET_ACTIVITIES]
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
