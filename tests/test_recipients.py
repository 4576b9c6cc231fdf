"""Recipients as real statements name them (issue 13 item 4): a category of recipients with
its type and sector, a recipient in several countries, a joint controller with the essence of
the arrangement and a contact point. What check says, and what each output shows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from privacy_as_code import ropa
from privacy_as_code.checker import check_project
from privacy_as_code.findings import Severity
from privacy_as_code.i18n import words
from privacy_as_code.project import load_project
from privacy_as_code.render import render_pages
from tests.conftest import MINIMAL, REPO

RECIPIENTS = """\
recipients:
  mail_service:
    name: {nb: E-posttjeneste, en: E-mail service}
    vendor: Eksempel Epost AS
    role: processor
    country: ["NO", SE, US]
    dpa: DPA-2026-01
  accounting_system:
    name: {nb: Regnskapssystem, en: Accounting system}
    vendor: Eksempel Regnskap AS
    role: processor
    country: "NO"
    dpa: DPA-2026-02
  auditors:
    name: {nb: Revisorer, en: Auditors}
    role: independent_controller
    country: "NO"
    category:
      type: {nb: Statsautoriserte revisorer, en: State-authorised auditors}
      sector: {nb: Revisjon og regnskap, en: Auditing and accounting}
  partner:
    name: {nb: Medarrangør, en: Co-organiser}
    vendor: Eksempel Konferanse AS
    role: joint_controller
    country: "NO"
    arrangement: {nb: Vi tar imot påmeldingene; de står for lokalet., en: We take the registrations; they run the venue.}
    contact: personvern@example.no
"""


SAFEGUARDS = ("safeguards: {nb: Du kan be oss om en kopi av standardavtalen., "
              "en: You can ask us for a copy of the clauses.}")


@pytest.fixture
def project_root(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    (root / "records" / "recipients.yaml").write_text(RECIPIENTS, "utf-8")
    accounting = root / "records" / "activities" / "accounting.yaml"
    text = accounting.read_text("utf-8")
    text = text.replace("recipients: [accounting_system]\ntransfers: none\n",
                        "recipients: [accounting_system, mail_service, auditors, partner]\n"
                        "transfers:\n  - {recipient: mail_service, country: US, mechanism: scc, " + SAFEGUARDS + "}\n")
    accounting.write_text(text, "utf-8")
    newsletter = root / "records" / "activities" / "newsletter.yaml"
    newsletter.write_text(newsletter.read_text("utf-8").replace(
        "transfers: none\n",
        "transfers:\n  - {recipient: mail_service, country: US, mechanism: scc, " + SAFEGUARDS + "}\n"), "utf-8")
    return root


def _recipient_findings(root: Path) -> list[tuple[str, Severity, int, int, str]]:
    _, result = check_project(root)
    return [(f.rule, f.severity, f.line, f.column, f.message) for f in result.findings]


def test_the_modelled_recipients_pass_with_one_warning_for_the_category(project_root: Path) -> None:
    found = _recipient_findings(project_root)
    assert [(rule, severity, line, col) for rule, severity, line, col, _ in found] == [
        ("recipients-specified", Severity.WARNING, 18, 5)]
    assert "names tell readers more" in found[0][4]


@pytest.mark.parametrize("name", ["IT suppliers", "Media", "Kunder", "Underleverandører"])
def test_a_recipient_neither_named_nor_described_is_one_error_whatever_its_name(
        project_root: Path, name: str) -> None:
    """The old rule guessed from words in the name ("IT suppliers" failed, "Media" passed)."""
    path = project_root / "records" / "recipients.yaml"
    path.write_text(RECIPIENTS.replace(
        "    name: {nb: Medarrangør, en: Co-organiser}\n    vendor: Eksempel Konferanse AS\n",
        f"    name: {{nb: {name}, en: {name}}}\n"), "utf-8")
    found = [(rule, severity, line, col) for rule, severity, line, col, _ in _recipient_findings(project_root)]
    assert ("recipients-specified", Severity.ERROR, 22, 5) in found
    assert [f for f in found if f[1] is Severity.ERROR] == [("recipients-specified", Severity.ERROR, 22, 5)]


def test_a_category_without_its_type_is_an_error_at_the_category(project_root: Path) -> None:
    path = project_root / "records" / "recipients.yaml"
    path.write_text(RECIPIENTS.replace(
        "      type: {nb: Statsautoriserte revisorer, en: State-authorised auditors}\n", ""), "utf-8")
    found = _recipient_findings(project_root)
    errors = [(rule, line, col) for rule, severity, line, col, _ in found if severity is Severity.ERROR]
    assert errors == [("recipients-specified", 19, 7)]
    assert any("'type' is missing" in message for *_, message in found)


@pytest.mark.parametrize("missing", ["arrangement", "contact"])
def test_a_joint_controller_without_arrangement_or_contact_is_an_error(
        project_root: Path, missing: str) -> None:
    path = project_root / "records" / "recipients.yaml"
    kept = [line for line in RECIPIENTS.splitlines(keepends=True) if not line.startswith(f"    {missing}:")]
    path.write_text("".join(kept), "utf-8")
    found = _recipient_findings(project_root)
    errors = [(rule, line, col, message) for rule, severity, line, col, message in found
              if severity is Severity.ERROR]
    assert [e[:3] for e in errors] == [("recipients-specified", 22, 5)]
    assert f"add '{missing}'" in errors[0][3]
    assert ("Art. 26(2)" if missing == "arrangement" else "Art. 26(1)") in errors[0][3]


def test_a_third_country_among_several_still_needs_its_transfer(project_root: Path) -> None:
    accounting = project_root / "records" / "activities" / "accounting.yaml"
    text = accounting.read_text("utf-8")
    accounting.write_text(text.replace("country: US, mechanism: scc", "country: SE, mechanism: scc"), "utf-8")
    found = [(rule, severity, line, col, message) for rule, severity, line, col, message
             in _recipient_findings(project_root) if severity is Severity.ERROR]
    line = text.splitlines().index(
        "recipients: [accounting_system, mail_service, auditors, partner]") + 1
    assert [(r, ln, c) for r, _, ln, c, _ in found] == [
        ("transfer-mechanism", line, 33), ("transfer-mechanism", line + 2, 40)]  # + SE is in the EEA
    assert "'mail_service' is in US" in found[0][4]


def test_pages_say_the_category_the_countries_and_the_arrangement_in_both_languages(
        project_root: Path) -> None:
    pages = render_pages(load_project(project_root))
    nb, en = pages["nb/recipients.md"], pages["en/recipients.md"]
    assert "- **Type mottakere:** Statsautoriserte revisorer" in nb
    assert "- **Bransje eller sektor:** Revisjon og regnskap" in nb
    assert "- **Type of recipients:** State-authorised auditors" in en
    assert "- **Industry or sector:** Auditing and accounting" in en
    assert "- **Land:** Norge, Sverige og USA" in nb
    assert "- **Country:** Norway, Sweden and United States" in en
    joint_nb = ("Vi og Medarrangør er felles behandlingsansvarlige. Hovedinnholdet i avtalen mellom "
                "oss: Vi tar imot påmeldingene; de står for lokalet. Kontaktpunkt for deg: "
                "personvern@example.no. Du kan bruke rettighetene dine overfor hver av oss (art. 26 nr. 3).")
    joint_en = ("Co-organiser and we are joint controllers. The essence of our arrangement: We take "
                "the registrations; they run the venue. Your contact point: personvern@example.no. "
                "You can use your rights against each of us (Art. 26(3)).")
    assert joint_nb in nb and joint_en in en
    # Where the reader meets the recipient: the situation page that lists it.
    situations_nb = "".join(v for k, v in pages.items() if k.startswith("nb/situations/"))
    situations_en = "".join(v for k, v in pages.items() if k.startswith("en/situations/"))
    assert joint_nb in situations_nb and joint_en in situations_en
    assert "(databehandler, Norge, Sverige og USA)" in situations_nb


def test_an_open_arrangement_claims_nothing(project_root: Path) -> None:
    path = project_root / "records" / "recipients.yaml"
    path.write_text(RECIPIENTS.replace(
        "    arrangement: {nb: Vi tar imot påmeldingene; de står for lokalet., "
        "en: We take the registrations; they run the venue.}\n",
        "    arrangement: {open_question: What does the agreement say?, owner: CEO}\n"), "utf-8")
    pages = render_pages(load_project(project_root))
    assert ("Hovedinnholdet i avtalen mellom oss: **ikke avklart ennå**. Kontaktpunkt"
            in pages["nb/recipients.md"])
    assert "What does the agreement say" not in "".join(pages.values())


def test_privacy_json_carries_them_and_its_schema_accepts_it(project_root: Path) -> None:
    data = json.loads(render_pages(load_project(project_root))["nb/privacy.json"])
    by_id = {r["id"]: r for r in data["recipients"]}
    assert by_id["mail_service"]["country"] == ["NO", "SE", "US"]
    assert by_id["auditors"]["category"] == {
        "type": {"nb": "Statsautoriserte revisorer", "en": "State-authorised auditors"},
        "sector": {"nb": "Revisjon og regnskap", "en": "Auditing and accounting"}}
    assert by_id["partner"]["contact"] == "personvern@example.no"
    assert by_id["partner"]["arrangement"]["en"] == "We take the registrations; they run the venue."
    schema = json.loads((REPO / "schemas" / "privacy-json.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", [("Revisorer — selvstendig behandlingsansvarlig — kategori av mottakere: Statsautoriserte "
            "revisorer; Revisjon og regnskap — land: Norge (NO)"),
            ("E-posttjeneste — databehandler — leverandør: Eksempel Epost AS — land: Norge (NO), "
            "Sverige (SE), USA (US)")]),
    ("en", [("Auditors — independent controller — category of recipients: State-authorised "
            "auditors; Auditing and accounting — country: Norway (NO)")]),
])
def test_the_art_30_record_lists_the_category_the_countries_and_the_joint_controller(
        project_root: Path, lang: str, expected: list[str]) -> None:
    project = load_project(project_root)
    builder = ropa._Builder(project, words(lang))
    cell = builder.recipients_cell(project.activities["accounting"].data)
    for line in expected:
        assert line in cell
    joint = next(line for line in cell if line.startswith(("Medarrangør", "Co-organiser")))
    assert "personvern@example.no" in joint and ("art. 26 nr. 2" in joint or "Art. 26(2)" in joint)


def test_a_category_of_the_wrong_shape_is_one_schema_finding_not_also_unnamed(project_root: Path) -> None:
    path = project_root / "records" / "recipients.yaml"
    text = RECIPIENTS.replace(
        "    category:\n      type: {nb: Statsautoriserte revisorer, en: State-authorised auditors}\n"
        "      sector: {nb: Revisjon og regnskap, en: Auditing and accounting}\n",
        "    category: auditors\n")
    path.write_text(text, "utf-8")
    found = [(rule, severity, line, col) for rule, severity, line, col, _ in _recipient_findings(project_root)]
    assert found == [("recipients-specified", Severity.ERROR, 18, 15)]


def test_privacy_json_schema_accepts_an_unconfirmed_sector_arrangement_and_contact(
        project_root: Path) -> None:
    path = project_root / "records" / "recipients.yaml"
    text = RECIPIENTS.replace("      sector: {nb: Revisjon og regnskap, en: Auditing and accounting}\n",
                              "      sector: {open_question: Which sector?, owner: CEO}\n")
    text = text.replace("    contact: personvern@example.no\n",
                        "    contact: {proposed: personvern@example.no, open_question: Right address?}\n")
    path.write_text(text, "utf-8")
    data = json.loads(render_pages(load_project(project_root))["nb/privacy.json"])
    by_id = {r["id"]: r for r in data["recipients"]}
    assert by_id["auditors"]["category"]["sector"] == {"status": "unconfirmed"}
    assert by_id["partner"]["contact"] == {"status": "unconfirmed", "proposed": "personvern@example.no"}
    schema = json.loads((REPO / "schemas" / "privacy-json.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def _transfer_findings(root: Path) -> list[tuple[str, int, int, str]]:
    return [(rule, line, col, message) for rule, severity, line, col, message
            in _recipient_findings(root) if rule == "transfer-mechanism"]


def test_adequacy_needs_a_decision_for_that_country_and_a_transfer_goes_where_the_recipient_is(
        project_root: Path) -> None:
    # The recipient is in Norway, Sweden and the US; India has no adequacy decision.
    accounting = project_root / "records" / "activities" / "accounting.yaml"
    text = accounting.read_text("utf-8")
    entry = "  - {recipient: mail_service, country: IN, mechanism: adequacy}\n"
    accounting.write_text(text.replace("transfers:\n", "transfers:\n" + entry, 1), "utf-8")
    line = text.splitlines().index("transfers:") + 2
    found = _transfer_findings(project_root)
    assert [(r, ln, c) for r, ln, c, _ in found] == [
        ("transfer-mechanism", line, 40), ("transfer-mechanism", line, 55)]
    assert "'mail_service' is in NO, SE and US, not in IN" in found[0][3]
    assert "IN has no adequacy decision of the European Commission" in found[1][3]
    assert render_pages_or_none(project_root) is None  # and no page says otherwise


def test_safeguards_say_how_to_get_a_copy_or_are_an_open_question(project_root: Path) -> None:
    accounting = project_root / "records" / "activities" / "accounting.yaml"
    text = accounting.read_text("utf-8")
    accounting.write_text(text.replace(", " + SAFEGUARDS, ""), "utf-8")
    line = text.splitlines().index("transfers:") + 2
    assert [(r, ln, c) for r, ln, c, _ in _transfer_findings(project_root)] == [
        ("transfer-mechanism", line, 5)]
    accounting.write_text(text.replace(
        SAFEGUARDS, "safeguards: {open_question: Where do we publish the clauses?, owner: CTO}"),
        "utf-8")
    assert _transfer_findings(project_root) == []
    pages = render_pages(load_project(project_root))
    situations = {lang: "".join(v for k, v in pages.items() if k.startswith(f"{lang}/situations/"))
                  for lang in ("nb", "en")}
    assert "Hvordan du kan få en kopi av garantiene: **ikke avklart ennå**." in situations["nb"]
    assert "How you can get a copy of the safeguards: **not yet confirmed**." in situations["en"]
    assert "Where do we publish" not in "".join(pages.values())


def render_pages_or_none(root: Path) -> dict[str, str] | None:
    """The pages, or None when the gate refuses the records (as render does)."""
    from privacy_as_code.checker import gate

    project, errors = gate(root)
    return None if errors else render_pages(project)


def test_another_roles_arrangement_is_a_warning_and_published_nowhere(project_root: Path) -> None:
    """Only a joint controller's arrangement and contact point are published (Art. 26): the
    pages and privacy.json agree, and the editor is told the lines do nothing."""
    path = project_root / "records" / "recipients.yaml"
    path.write_text(RECIPIENTS.replace(
        "    dpa: DPA-2026-02\n",
        "    dpa: DPA-2026-02\n"
        "    arrangement: {nb: Vi deler ansvaret., en: We share the responsibility.}\n"
        "    contact: regnskap@example.no\n"), "utf-8")
    found = _recipient_findings(project_root)
    warned = [(line, col, message) for rule, severity, line, col, message in found
              if rule == "recipients-specified" and severity is Severity.WARNING and line != 20]
    assert [(line, col) for line, col, _ in warned] == [(14, 5), (15, 5)]  # 20: the auditors' category
    assert "the role processor, not joint controller: its 'arrangement' is not published" in warned[0][2]
    pages = render_pages(load_project(project_root))
    assert "We share the responsibility" not in "".join(pages.values())
    data = json.loads(pages["nb/privacy.json"])
    accounting = {r["id"]: r for r in data["recipients"]}["accounting_system"]
    assert "arrangement" not in accounting and "contact" not in accounting
    # Nor the Art. 30 record, which called the processor a joint controller (a newcomer's trial).
    project = load_project(project_root)
    for lang in ("nb", "en"):
        cell = ropa._Builder(project, words(lang)).recipients_cell(project.activities["accounting"].data)
        line = next(line for line in cell if line.startswith(("Regnskapssystem", "Accounting system")))
        assert "regnskap@example.no" not in line and "26" not in line, line


def test_a_named_recipient_with_a_category_is_a_warning_at_the_category(project_root: Path) -> None:
    path = project_root / "records" / "recipients.yaml"
    path.write_text(RECIPIENTS.replace(
        "    name: {nb: Revisorer, en: Auditors}\n",
        "    name: {nb: Revisorer, en: Auditors}\n    vendor: Eksempel Revisjon AS\n"), "utf-8")
    found = [(line, col, message) for rule, severity, line, col, message in _recipient_findings(project_root)
             if rule == "recipients-specified"]
    assert [(line, col) for line, col, _ in found] == [(19, 5)]  # instead of "names are better"
    assert "a named recipient needs no category" in found[0][2]
