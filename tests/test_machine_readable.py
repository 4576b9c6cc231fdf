"""privacy.json: the statement as data, public fields only, DPV IRIs, valid, deterministic, published."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from privacy_as_code import law
from privacy_as_code.project import load_project
from privacy_as_code.render import output as out
from privacy_as_code.render import render_pages
from tests.site_fixtures import REPO, SAMPLE, edit_yaml, render

SCHEMA = REPO / "schemas" / "privacy-json.schema.json"
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"
DPV = "https://w3id.org/dpv#"
KNOWN_IRIS = {
    # Art. 6(1) bases, Art. 9(2) conditions, Chapter V mechanisms, rights (DPV 2.3 eu-gdpr)
    *(GDPR + f"A6-1-{x}" for x in "abcdef"),
    *(GDPR + f"A9-2-{x}" for x in "abcdefghij"),
    GDPR + "A45-3", GDPR + "A46-2-b", GDPR + "A46-2-c", GDPR + "A46-2-e", GDPR + "A46-2-f",
    *(GDPR + f"A{n}" for n in (15, 16, 17, 18, 20, 21, 22, 77)), GDPR + "A7-3",
    # core: sources, roles, the transfer basis class for an unspecified Art. 49 derogation
    DPV + "DataSubjectDataSource", DPV + "ThirdPartyDataSource", DPV + "PublicDataSource",
    DPV + "DataControllerDataSource", DPV + "DataProcessor", DPV + "DataSubProcessor",
    DPV + "JointDataControllers", DPV + "DataController", DPV + "Authority",
    DPV + "DataProtectionOfficer", DPV + "DataProtectionAuthority", DPV + "DataTransferLegalBasis",
}


def strip_comment(text: str) -> Any:
    data = json.loads(text)
    data.pop("$comment", None)
    return data


@pytest.fixture(scope="module")
def sample_json() -> dict[str, Any]:
    return json.loads(render_pages(load_project(SAMPLE))["nb/privacy.json"])


@pytest.fixture(scope="module")
def repo_json() -> dict[str, Any]:
    return strip_comment((REPO / "docs" / "nb" / "privacy.json").read_text("utf-8"))


def iris(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["iri"]] if isinstance(node.get("iri"), str) else []
        return found + [i for k, v in node.items() if k != "iri" for i in iris(v)]
    if isinstance(node, list):
        return [i for v in node for i in iris(v)]
    return []


def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.mark.parametrize("which", ["sample_json", "repo_json"])
def test_privacy_json_is_valid_against_its_schema(which: str, request: pytest.FixtureRequest) -> None:
    data = request.getfixturevalue(which)
    errors = [f"{e.json_path}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("which", ["sample_json", "repo_json"])
def test_every_iri_is_a_known_dpv_term(which: str, request: pytest.FixtureRequest) -> None:
    found = iris(request.getfixturevalue(which))
    assert found, "no IRIs at all?"
    assert set(found) <= KNOWN_IRIS, set(found) - KNOWN_IRIS


def test_the_code_and_the_schema_know_only_dpv_terms() -> None:
    assert {iri for table in law.IRI_TABLES.values() for iri in table.values()} <= KNOWN_IRIS
    text = SCHEMA.read_text("utf-8")
    in_schema = {w.strip('",') for w in text.split() if w.strip('",').startswith("https://w3id.org/")}
    assert in_schema <= KNOWN_IRIS


def test_the_terms_mean_what_the_records_say(sample_json: dict[str, Any]) -> None:
    acts = {a["id"]: a for a in sample_json["activities"]}
    newsletter = acts["newsletter"]
    assert newsletter["legal_basis"][0] == {**newsletter["legal_basis"][0], "basis": "consent",
                                            "iri": GDPR + "A6-1-a"}
    assert {"id": "scc", "iri": GDPR + "A46-2-c"} in [t["mechanism"] for t in newsletter["transfers"]]
    rights = {r["right"]: r for r in sample_json["rights"]}
    assert rights["access"]["iri"] == GDPR + "A15"
    assert rights["withdraw_consent"]["iri"] == GDPR + "A7-3"
    assert rights["withdraw_consent"]["applies_to"] == ["newsletter"]
    assert rights["complaint"]["iri"] == GDPR + "A77"
    assert acts["recruitment"]["special_categories"]["iri"] == GDPR + "A9-2-a"
    assert {s["iri"] for s in acts["recruitment"]["sources"]} >= {DPV + "DataSubjectDataSource",
                                                                  DPV + "ThirdPartyDataSource"}
    roles = {r["role"]: r["iri"] for r in sample_json["recipients"]}
    assert roles["processor"] == DPV + "DataProcessor"


def test_the_statement_version_and_change_log_are_included(sample_json: dict[str, Any]) -> None:
    assert sample_json["version"] == "2.0"
    assert sample_json["effective_date"] == "2026-01-15"
    assert sample_json["changelog"][0]["version"] == "2.0"
    assert set(sample_json["changelog"][0]["changes"]) == {"nb", "en"}


def test_nothing_internal_or_unconfirmed_leaks(sample_json: dict[str, Any]) -> None:
    text = json.dumps(sample_json, ensure_ascii=False)
    planted = sum(p.read_text("utf-8").count("INTERNAL-MARKER")
                  for p in (SAMPLE / "records").rglob("*.yaml"))
    assert planted >= 12
    for word in ("INTERNAL-MARKER", "DPA-20", "LIA-2025", "TIA-2025", "open_question",
                 '"internal"', '"dpa"', '"documentation"', "internal_owner", "open_questions"):
        assert word not in text, word
    assert sample_json["controller"]["organisation_number"] == {"status": "unconfirmed"}
    assert {"status": "unconfirmed"} in [r.get("vendor") for r in sample_json["recipients"]]


def test_the_file_is_deterministic() -> None:
    first = render_pages(load_project(SAMPLE))
    second = render_pages(load_project(SAMPLE))
    assert first["nb/privacy.json"] == second["nb/privacy.json"]
    assert "T" not in json.loads(first["nb/privacy.json"])["effective_date"]  # a date, no clock


def test_one_file_for_both_languages_only_under_nb(sample_root: Path) -> None:
    assert render(sample_root).exit_code == 0
    docs = sample_root / "docs"
    assert (docs / "nb" / "privacy.json").is_file() and (docs / "nb" / "privacy.schema.json").is_file()
    assert not list((docs / "en").glob("*.json"))
    written = (docs / "nb" / "privacy.json").read_text("utf-8")
    assert written.startswith('{\n  "$comment": "generated from records/')
    assert out.is_intact(written, "nb/privacy.json")
    published = strip_comment((docs / "nb" / "privacy.schema.json").read_text("utf-8"))
    assert published == json.loads(SCHEMA.read_text("utf-8"))


def test_render_check_detects_a_stale_privacy_json(sample_root: Path) -> None:
    assert render(sample_root).exit_code == 0
    path = sample_root / "docs" / "nb" / "privacy.json"
    before = path.read_text("utf-8")
    # A public fact that only the JSON spells out as data: the retention period's ISO form.
    edit_yaml(sample_root / "records" / "activities" / "recruitment.yaml", "period: P6M", "period: P4M")
    stale = render(sample_root, check=True)
    assert stale.exit_code == 1
    assert "nb/privacy.json" in stale.output
    assert '+          "period": "P4M"' in stale.output.replace('+        "period"', '+          "period"')
    assert path.read_text("utf-8") == before  # --check writes nothing
    assert render(sample_root).exit_code == 0
    assert '"period": "P4M"' in path.read_text("utf-8")
    assert render(sample_root, check=True).exit_code == 0


def test_a_hand_edited_privacy_json_is_noticed_and_not_overwritten(sample_root: Path) -> None:
    assert render(sample_root).exit_code == 0
    path = sample_root / "docs" / "nb" / "privacy.json"
    edited = path.read_text("utf-8").replace('"version": "2.0"', '"version": "9.9"', 1)
    path.write_text(edited, "utf-8")
    check = render(sample_root, check=True)
    assert check.exit_code == 1 and "edited by hand" in check.output and "nb/privacy.json" in check.output
    edit_yaml(sample_root / "records" / "activities" / "recruitment.yaml", "period: P6M", "period: P4M")
    assert render(sample_root).exit_code == 1
    assert path.read_text("utf-8") == edited
    assert render(sample_root, force=True).exit_code == 0
    assert '"version": "2.0"' in path.read_text("utf-8")


def test_privacy_json_is_published_once_at_the_site_root(built_sample: Path) -> None:
    data = strip_comment((built_sample / "privacy.json").read_text("utf-8"))
    assert data == json.loads(render_pages(load_project(SAMPLE))["nb/privacy.json"])
    assert (built_sample / "privacy.schema.json").is_file()
    assert not (built_sample / "en" / "privacy.json").exists()
    nb = (built_sample / "index.html").read_text("utf-8")
    en = (built_sample / "en" / "index.html").read_text("utf-8")
    assert 'href="privacy.json"' in nb and 'href="../privacy.json"' in en
    assert 'href="../privacy.json"' in (built_sample / "guide" / "index.html").read_text("utf-8")
    assert 'href="../../privacy.json"' in (built_sample / "guide" / "en" / "index.html").read_text("utf-8")
