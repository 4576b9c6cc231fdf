"""Facts with a field (issue 13 item 6): telephone, children and age limits, the statement's
scope (the roles in which the organisation is a processor). Each is said on the pages in both
languages, in privacy.json and (the telephone) in the Art. 30 export; an open one makes no claim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from privacy_as_code import law, ropa
from privacy_as_code.checker import check_project
from privacy_as_code.findings import Severity
from privacy_as_code.project import load_project
from privacy_as_code.render import render_pages
from tests.site_fixtures import edit_yaml


def _pages(root: Path) -> dict[str, str]:
    return render_pages(load_project(root))


def _append(root: Path, name: str, text: str) -> None:
    path = root / "records" / name
    path.write_text(path.read_text("utf-8") + text, "utf-8")


def _rules(root: Path) -> list[tuple[str, Severity]]:
    return [(f.rule, f.severity) for f in check_project(root)[1].findings]


def test_a_telephone_number_is_on_the_contact_page_in_privacy_json_and_in_the_record(
        minimal_root: Path) -> None:
    edit_yaml(minimal_root / "records" / "organisation.yaml", "  email: personvern@example.no\n",
              '  email: personvern@example.no\n  telephone: "+47 22 00 00 00"\n')
    assert _rules(minimal_root) == []
    pages = _pages(minimal_root)
    assert "- Telefon: \\+47 22 00 00 00" in pages["nb/contact.md"]
    assert "- Telephone: \\+47 22 00 00 00" in pages["en/contact.md"]
    assert json.loads(pages["nb/privacy.json"])["controller"]["telephone"] == "+47 22 00 00 00"
    record = ropa.build_ropa(load_project(minimal_root), "en")
    assert "Telephone: +47 22 00 00 00" in ropa.to_json(record).decode("utf-8")


@pytest.mark.parametrize("bad", ["22 00", "+47 22 00 00 00 ext. 4", "tlf. 22000000"])
def test_a_telephone_number_that_is_not_digits_is_a_schema_error_at_its_line(
        minimal_root: Path, bad: str) -> None:
    edit_yaml(minimal_root / "records" / "organisation.yaml", "  email: personvern@example.no\n",
              f'  email: personvern@example.no\n  telephone: "{bad}"\n')
    findings = [f for f in check_project(minimal_root)[1].findings if f.severity is Severity.ERROR]
    assert [(f.rule, f.line, f.column) for f in findings] == [("schema", 12, 14)]


def test_the_scope_says_which_processing_as_a_processor_the_statement_does_not_cover(
        minimal_root: Path) -> None:
    _append(minimal_root, "statement.yaml", """scope:
  processor:
    nb: Våre konsulenter behandler kundenes personopplysninger i kundenes systemer.
    en: Our consultants process clients' personal data in the clients' systems.
""")
    assert _rules(minimal_root) == []
    pages = _pages(minimal_root)
    assert ("We also process personal data on behalf of others, as their processor (Art. 28): Our "
            "consultants process clients' personal data in the clients' systems. This statement "
            "does not cover that processing") in pages["en/situations/index.md"]
    assert "Denne erklæringen gjelder ikke slike behandlinger" in pages["nb/situations/index.md"]
    assert json.loads(pages["nb/privacy.json"])["scope"]["processor"]["en"].startswith("Our consultants")


def test_no_processor_role_is_said_and_an_open_one_is_not_guessed(minimal_root: Path) -> None:
    _append(minimal_root, "statement.yaml", "scope: {processor: none}\n")
    pages = _pages(minimal_root)
    assert "We do not process personal data on behalf of others as a processor." in pages["en/situations/index.md"]
    assert json.loads(pages["nb/privacy.json"])["scope"] == {"processor": "none"}

    edit_yaml(minimal_root / "records" / "statement.yaml", "scope: {processor: none}\n",
              "scope: {processor: {open_question: Are we a processor for clients?, owner: CEO}}\n")
    assert _rules(minimal_root) == [("open-question", Severity.WARNING)]
    pages = _pages(minimal_root)
    assert "as their processor (Art. 28), is **not yet confirmed**." in pages["en/situations/index.md"]
    assert "We do not process" not in pages["en/situations/index.md"]
    assert json.loads(pages["nb/privacy.json"])["scope"] == {"processor": {"status": "unconfirmed"}}


def test_children_not_directed_with_an_age_limit(minimal_root: Path) -> None:
    _append(minimal_root, "statement.yaml", "children: {directed_at_children: false, age_limit: 16}\n")
    assert _rules(minimal_root) == []
    pages = _pages(minimal_root)
    assert ("Our services are not directed at children. The age limit for using our services is 16 "
            "years.") in pages["en/situations/index.md"]
    assert "Tjenestene våre er ikke rettet mot barn. Aldersgrensen for å bruke tjenestene våre er 16 år." \
        in pages["nb/situations/index.md"]
    assert json.loads(pages["nb/privacy.json"])["children"] == {
        "directed_at_children": False, "parental_consent_below": 13, "age_limit": 16}


def test_children_directed_name_the_norwegian_age_of_consent(minimal_root: Path) -> None:
    _append(minimal_root, "statement.yaml", "children: {directed_at_children: true}\n")
    pages = _pages(minimal_root)
    assert (f"a child under {law.CHILD_CONSENT_AGE} needs a parent's consent (Art. 8, "
            f"{law.CHILD_CONSENT_SOURCE})") in pages["en/situations/index.md"]
    assert "trenger barn under 13 år samtykke fra en forelder (art. 8, personopplysningsloven § 5)" \
        in pages["nb/situations/index.md"]


@pytest.mark.parametrize("value", ["{open_question: Any service for children?, owner: CEO}",
                                   "{proposed: false, open_question: Confirm., owner: CEO}"])
def test_children_unconfirmed_make_no_claim(minimal_root: Path, value: str) -> None:
    _append(minimal_root, "statement.yaml", f"children: {{directed_at_children: {value}}}\n")
    pages = _pages(minimal_root)
    index = pages["en/situations/index.md"]
    if "proposed" in value:
        assert "Our services are not directed at children. (*proposed, not yet confirmed*)" in index
    else:
        assert "Whether any of our services are directed at children is **not yet confirmed**." in index
        assert "not directed at children" not in index
    assert json.loads(pages["nb/privacy.json"])["children"]["directed_at_children"]["status"] == "unconfirmed"


@pytest.mark.parametrize("age", ["0", "19", '"16"'])
def test_an_age_limit_is_a_whole_number_of_years_up_to_18(minimal_root: Path, age: str) -> None:
    _append(minimal_root, "statement.yaml", f"children: {{directed_at_children: false, age_limit: {age}}}\n")
    errors = [f for f in check_project(minimal_root)[1].findings if f.severity is Severity.ERROR]
    assert [(f.rule, f.line) for f in errors] == [("schema", 32)]


# --- profiling (issue 13 item 5) ------------------------------------------------------------

def _situations(pages: dict[str, str], lang: str) -> str:
    """Every situation page of one language (one page per readers' situation, issue 11)."""
    return "\n".join(text for name, text in sorted(pages.items())
                     if name.startswith(f"{lang}/situations/"))


PROFILE = """profiling:
  description: {nb: Vi sorterer abonnenter etter interesser., en: We sort subscribers by interests.}
  logic: {nb: Hvilke artikler du åpner., en: Which articles you open.}
  consequences: {nb: Du får nyheter om det som interesserer deg., en: You get news on what interests you.}
"""


def test_profiling_is_described_beside_automated_decisions(minimal_root: Path) -> None:
    edit_yaml(minimal_root / "records" / "activities" / "newsletter.yaml",
              "automated_decisions: none\n", "automated_decisions: none\n" + PROFILE)
    assert _rules(minimal_root) == []
    pages = _pages(minimal_root)
    assert ("**Profiling:** We sort subscribers by interests. How: Which articles you open. What it "
            "means for you: You get news on what interests you.") in _situations(pages, "en")
    assert "**Profilering:** Vi sorterer abonnenter etter interesser. Hvordan:" in _situations(pages, "nb")
    # On consent: no right to object under Art. 21(1) (withdrawal is the way out).
    assert "object to this profiling" not in _situations(pages, "en")
    # No Art. 22 decision: the situation page's "no automated decisions" sentence stays true.
    assert "**Automated decisions:** No. No decision about you is made by a machine alone." \
        in pages["en/situations/subscribers.md"]
    activity = next(a for a in json.loads(pages["nb/privacy.json"])["activities"] if a["id"] == "newsletter")
    assert activity["profiling"]["objection"] is False
    assert activity["profiling"]["logic"]["en"] == "Which articles you open."


def test_profiling_on_legitimate_interests_tells_of_the_right_to_object(minimal_root: Path) -> None:
    path = minimal_root / "records" / "activities" / "accounting.yaml"
    edit_yaml(path, "automated_decisions: none\n",
              "automated_decisions: none\nprofiling: {description: {nb: Vi vurderer betalingsevne., "
              "en: We assess ability to pay.}}\n")
    edit_yaml(path, "  - basis: contract\n", "  - basis: legitimate_interests\n    interest: {nb: Få betalt., en: Getting paid.}\n")
    pages = _pages(minimal_root)
    assert "We assess ability to pay. You can object to this profiling (Art. 21(1))." \
        in _situations(pages, "en")
    activity = next(a for a in json.loads(pages["nb/privacy.json"])["activities"] if a["id"] == "accounting")
    assert activity["profiling"]["objection"] is True


@pytest.mark.parametrize(("value", "said"), [
    ("none", "No, we do not use your data here to evaluate or predict personal aspects of you (profiling)."),
    ("{open_question: Do we segment subscribers?, owner: CMO}",
     "**not yet confirmed**: whether we use your data here to evaluate or predict"),
])
def test_profiling_none_or_open(minimal_root: Path, value: str, said: str) -> None:
    edit_yaml(minimal_root / "records" / "activities" / "newsletter.yaml",
              "automated_decisions: none\n", f"automated_decisions: none\nprofiling: {value}\n")
    pages = _pages(minimal_root)
    assert said in _situations(pages, "en")
    activity = next(a for a in json.loads(pages["nb/privacy.json"])["activities"] if a["id"] == "newsletter")
    assert activity["profiling"] == ("none" if value == "none" else {"status": "unconfirmed"})


def test_profiling_without_a_description_is_a_schema_error(minimal_root: Path) -> None:
    edit_yaml(minimal_root / "records" / "activities" / "newsletter.yaml",
              "automated_decisions: none\n",
              "automated_decisions: none\nprofiling: {logic: {nb: x, en: y}}\n")
    errors = [f for f in check_project(minimal_root)[1].findings if f.severity is Severity.ERROR]
    assert [(f.rule, f.line) for f in errors] == [("schema", 20)]
