"""A published privacy statement of another Norwegian company, modelled as a project without
inventing a value (issue 13, Done when 2): `check` reports only what the source leaves out.

The fixture and its source are described in
``tests/fixtures/third-party/velux-commercial-bramo/README.md``; every pin below is justified
there.
"""

from __future__ import annotations

from pathlib import Path

from privacy_as_code.checker import check_project
from privacy_as_code.loader import load_file
from tests.conftest import FIXTURES

ROOT = FIXTURES / "third-party" / "velux-commercial-bramo"

# Where an open question stands: (file, line, column) of the value written as
# {open_question: ..., owner: ...}. A whole list or group written as one open question is
# still a schema error at the same place (README: "Errors").
FINDINGS = [
    ("activities/trade_and_customer_contact.yaml", 26, 3, "error", "legal-basis-required"),
    ("activities/trade_and_customer_contact.yaml", 26, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 29, 3, "error", "retention-required"),
    ("activities/trade_and_customer_contact.yaml", 29, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 32, 3, "error", "source-declared"),
    ("activities/trade_and_customer_contact.yaml", 32, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 35, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 38, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 41, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 44, 5, "warning", "open-question"),
    ("activities/website_visits.yaml", 8, 3, "error", "data-categories-required"),
    ("activities/website_visits.yaml", 8, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 11, 3, "error", "purposes-required"),
    ("activities/website_visits.yaml", 11, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 14, 3, "error", "legal-basis-required"),
    ("activities/website_visits.yaml", 14, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 17, 3, "error", "retention-required"),
    ("activities/website_visits.yaml", 17, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 24, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 27, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 30, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 33, 3, "warning", "open-question"),
    ("organisation.yaml", 16, 5, "warning", "open-question"),
    ("organisation.yaml", 23, 5, "warning", "open-question"),
    ("statement.yaml", 9, 3, "warning", "open-question"),
    ("statement.yaml", 12, 3, "warning", "open-question"),
    ("statement.yaml", 17, 7, "warning", "open-question"),
    ("statement.yaml", 43, 3, "error", "complaint-right"),
    ("statement.yaml", 43, 3, "error", "rights-complete"),
    ("statement.yaml", 43, 3, "error", "unknown-key"),
    ("statement.yaml", 43, 3, "warning", "open-question"),
    ("statement.yaml", 44, 3, "error", "unknown-key"),
    ("statement.yaml", 59, 7, "warning", "open-question"),
    ("statement.yaml", 62, 7, "warning", "open-question"),
]


def reported() -> list[tuple[str, int, int, str, str]]:
    _, result = check_project(ROOT)
    records = (ROOT / "records").resolve()
    return [(Path(f.path).resolve().relative_to(records).as_posix(), f.line, f.column,
             f.severity.value, f.rule) for f in result.findings]


def test_check_reports_exactly_what_the_source_leaves_out() -> None:
    assert reported() == FINDINGS


def test_every_finding_stands_on_a_value_written_as_an_open_question() -> None:
    # A finding anywhere else would be a fact of the source that the format refuses, or
    # an invented value: neither may happen.
    for path, line, _, _, _ in reported():
        text = (ROOT / "records" / path).read_text("utf-8").splitlines()[line - 1].strip()
        assert text.startswith(("open_question:", "owner:", "- question:")), (path, line, text)


def test_every_open_question_has_an_owner_and_says_what_the_source_omits() -> None:
    questions = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if "open_question" in value:
                questions.append(value)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    for path in sorted((ROOT / "records").rglob("*.yaml")):
        walk(load_file(path, path.name).data)
    assert len(questions) == 22
    assert all(q.get("owner") in ("Daglig leder", "Styret") for q in questions), questions


def test_the_readme_names_the_source_and_its_retrieval() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "https://commercial.velux.no/om-oss/personvernerklaering" in readme
    assert "Retrieval:" in readme and "pages" in readme
    # The README's counts are the pins' counts.
    warnings = sum(1 for f in FINDINGS if f[3] == "warning")
    errors = sum(1 for f in FINDINGS if f[3] == "error")
    assert f"Warnings `open-question` ({warnings})" in readme and f"Errors ({errors})" in readme
