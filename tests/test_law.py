"""The GDPR facts in law.py: complete for every code the schemas allow, and asked by every output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from privacy_as_code import law
from privacy_as_code.project import load_project
from privacy_as_code.render import render_pages
from privacy_as_code.render.markdown import anchor
from privacy_as_code.versions import version_key
from tests.site_fixtures import REPO, all_situations, edit_yaml, make_project

SCHEMAS = REPO / "schemas"


def enum_at(schema: str, *path: str | int) -> list[str]:
    node: Any = json.loads((SCHEMAS / schema).read_text("utf-8"))
    for key in path:
        node = node[key]
    return list(node["enum"])


CODED = [
    # A code that may be open (issue 13): its codes are the first alternative's (oneOf 0).
    ("basis", "activity.schema.json", ("$defs", "legal_basis", "properties", "basis", "oneOf", 0)),
    ("special_condition", "activity.schema.json",
     ("properties", "special_categories", "properties", "condition", "oneOf", 0)),
    ("mechanism", "activity.schema.json", ("$defs", "transfer_mechanism")),
    ("source", "activity.schema.json", ("$defs", "source", "properties", "kind", "oneOf", 0)),
    ("role", "recipients.schema.json", ("$defs", "recipient", "properties", "role", "oneOf", 0)),
]
"""Every schema enum whose codes are GDPR terms with a DPV IRI."""


@pytest.mark.parametrize(("kind", "schema", "path"), CODED, ids=[c[0] for c in CODED])
def test_every_code_the_schema_allows_has_an_iri(kind: str, schema: str, path: tuple[str, ...]) -> None:
    codes = enum_at(schema, *path)
    assert set(codes) == set(law.IRI_TABLES[kind])
    for value in codes:
        assert law.iri(kind, value).startswith(("https://w3id.org/dpv#", "https://w3id.org/dpv/legal/eu/gdpr#"))


def test_an_unknown_code_has_no_iri_rather_than_an_empty_one() -> None:
    with pytest.raises(KeyError):
        law.iri("basis", "because_we_can")


def test_the_published_schema_lists_exactly_the_iris_of_law() -> None:
    schema = "privacy-json.schema.json"
    activity = ("$defs", "activity", "properties")
    assert set(enum_at(schema, *activity, "legal_basis", "items", "properties", "iri")) == set(
        law.BASIS_IRI.values())
    assert set(enum_at(schema, *activity, "special_categories", "properties", "iri")) == set(
        law.SPECIAL_CONDITION_IRI.values())
    assert set(enum_at(schema, *activity, "sources", "items", "properties", "iri")) == set(
        law.SOURCE_IRI.values())
    assert set(enum_at(schema, "$defs", "recipient", "properties", "iri")) == set(law.ROLE_IRI.values())
    assert set(enum_at(schema, "properties", "rights", "items", "properties", "iri")) == set(
        law.RIGHT_IRI.values())
    assert set(enum_at(schema, "properties", "rights", "items", "properties", "right")) == {
        *law.RIGHT_IRI, "how_to"}


@pytest.mark.parametrize(("bases", "rights"), [
    (["consent"], ("portability", "withdraw_consent")),  # Art. 20(1)(a), 7(3)
    (["contract"], ("portability",)),  # Art. 20(1)(a)
    (["legal_obligation"], ("erasure_limited",)),  # Art. 17(3)(b)
    (["vital_interests"], ()),
    (["public_task"], ("objection",)),  # Art. 21(1): (e) and (f)
    (["legitimate_interests"], ("objection",)),
    (["contract", "legitimate_interests"], ("portability", "objection")),
    (["no_such_basis"], ()),
])
def test_rights_per_basis(bases: list[str], rights: tuple[str, ...]) -> None:
    assert law.rights_of(bases) == rights


def test_objection_follows_from_public_task_on_every_output(tmp_path: Path) -> None:
    """One derivation: the activity's own rights, the rights page and privacy.json agree (Art. 21(1))."""
    root = make_project(tmp_path / "p", with_site_config=False)
    activity = root / "records" / "activities" / "accounting.yaml"
    edit_yaml(activity, "basis: legal_obligation", "basis: public_task")
    project = load_project(root)
    assert not [f for f in project.findings if f.is_error]
    pages = render_pages(project)
    situations = all_situations(pages, "en")
    section = situations[situations.index("Accounting and invoicing"):]
    assert "You can object to the processing based on public task." in section.split("\n## ")[0]
    rights_page = pages["en/rights.md"]
    objection = rights_page[rights_page.index("Objection (Art. 21)"):]
    # The rights page names the readers' situation whose activities are on public task.
    assert "[You are a client contact](situations/client-contacts.md)" in objection.split("\n## ")[0]
    statement = json.loads(pages["nb/privacy.json"])
    applies = {r["right"]: r.get("applies_to") for r in statement["rights"]}
    assert "accounting" in applies["objection"]
    assert "accounting" not in applies["portability"]


@pytest.mark.parametrize(("country", "outside"), [
    ("NO", False), ("IS", False), ("LI", False), ("DE", False), ("US", True), ("GB", True),
    ("CH", True), ({"open_question": "Where?"}, False), (None, False),
])
def test_outside_eea(country: Any, outside: bool) -> None:
    assert law.outside_eea(country) is outside


@pytest.mark.parametrize(("value", "open_"), [
    ({"open_question": "Which?", "owner": "CTO"}, True), ({"nb": "a", "en": "b"}, False),
    ("open_question", False), (None, False), ([{"open_question": "x"}], False),
])
def test_is_open(value: Any, open_: bool) -> None:
    assert law.is_open(value) is open_


@pytest.mark.parametrize(("parts", "expected"), [
    (("job-applicants",), "job-applicants"),
    (("Job applicants", "recruitment"), "job-applicants-recruitment"),
    (("legal_basis[].basis",), "legal-basis-basis"),
    (("<script>x</script>",), "script-x-script"),
    (("shared-open_question",), "shared-open-question"),
])
def test_one_anchor_for_pages_and_guide(parts: tuple[str, ...], expected: str) -> None:
    assert anchor(*parts) == expected


@pytest.mark.parametrize(("older", "newer"), [("1.9", "1.10"), ("1", "1.1"), ("2.0", "10.0"),
                                              (None, "1.0")])
def test_versions_compare_as_numbers(older: Any, newer: Any) -> None:
    assert version_key(older) < version_key(newer)
