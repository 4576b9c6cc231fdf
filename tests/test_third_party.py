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
# {open_question: ..., owner: ...}. A whole list or group the source leaves unknown is one
# open question too (README: "Errors (0)"): the source has no fault the check can see.
FINDINGS = [
    ("activities/trade_and_customer_contact.yaml", 26, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 29, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 32, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 35, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 38, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 41, 3, "warning", "open-question"),
    ("activities/trade_and_customer_contact.yaml", 44, 5, "warning", "open-question"),
    ("activities/website_visits.yaml", 8, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 11, 3, "warning", "open-question"),
    ("activities/website_visits.yaml", 14, 3, "warning", "open-question"),
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
    ("statement.yaml", 43, 3, "warning", "open-question"),
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
    assert errors == 0


def test_a_whole_list_left_open_is_said_unconfirmed_everywhere() -> None:
    """Issue 13 item 2: website visits leave their data categories, purposes, basis and
    retention open as whole lists. The page says "not yet confirmed" for each and asserts no
    entry, privacy.json marks each unconfirmed, and the Art. 30 export carries each question."""
    import json

    from privacy_as_code import ropa
    from privacy_as_code.i18n import all_words
    from privacy_as_code.i18n import words as catalogue
    from privacy_as_code.project import load_project
    from privacy_as_code.render import render_pages

    project = load_project(ROOT)
    pages = render_pages(project)
    for words in all_words():
        page = pages[f"{words.lang}/situations/visitors.md"]
        section = page.split("{#website-visits}")[1].split("\n## ")[0]
        marker = words.page["open"]
        for heading in ("collect", "why", "how_long"):
            block = section.split(f"**{words.page[heading]}:**")[1].split("\n\n**")[0]
            # One "not yet confirmed" item, and nothing else but the basis said to be open.
            lines = [line for line in block.strip().splitlines() if line.strip()]
            assert lines[0] == f"- {marker}", (words.lang, heading, block)
            assert all(line.endswith(marker) for line in lines), (words.lang, heading, block)
        # The rights a basis gives are neither claimed nor denied while the basis is open.
        rights = pages[f"{words.lang}/rights.md"]
        assert words.page["applies_none"].split("{")[0] not in rights
        assert words.page["applies_open"].split("{")[0] in rights
    machine = json.loads(pages["nb/privacy.json"])
    visits = next(a for a in machine["activities"] if a["id"] == "website_visits")
    for key in ("data_categories", "purposes", "legal_basis", "retention"):
        assert visits[key] == {"status": "unconfirmed"}, key
    assert all(r.get("text") == {"status": "unconfirmed"} for r in machine["rights"]
               if r["right"] in ("access", "objection", "complaint", "how_to"))
    record = ropa.build_ropa(project, "en")
    exported = ropa.to_json(record).decode("utf-8")
    # Each cell of a list left open is its open question, never "none" or "not applicable".
    cells = next(a for a in json.loads(exported)["activities"] if a["id"] == "website_visits")
    marker = str(catalogue("en").ropa["open"])
    for key in ("purposes", "legal_basis", "legitimate_interests", "data_categories", "retention",
                "recipients", "processors"):
        assert len(cells[key]) == 1 and cells[key][0].startswith(marker), (key, cells[key])
    for question in ("Which personal data is collected when someone visits the web pages?",
                     "For which purposes is personal data collected",
                     "On which lawful basis (Art. 6(1)) is visitors' data processed?",
                     "How long are visitors' data kept?",
                     "does not describe the readers' rights"):
        assert question in exported, question
