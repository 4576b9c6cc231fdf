"""The word catalogues (i18n/*.toml): complete, alike, and the only source of languages."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from privacy_as_code import i18n, law, ropa
from privacy_as_code.i18n import all_words, languages, words
from privacy_as_code.project import load_project
from privacy_as_code.render import render_pages
from privacy_as_code.render.layout import config_files
from tests.site_fixtures import REPO, SAMPLE, all_situations, make_project

PACKAGE = REPO / "scripts" / "privacy_as_code"
SCHEMAS = REPO / "schemas"
RECORD_SCHEMAS = ("activity", "organisation", "statement", "recipients", "vocabulary", "common")

TERM_OF_ENUM = {
    "basis": "basis",
    "condition": "special_condition",
    "transfer_mechanism": "mechanism",
    "kind": None,  # two enums are called kind: told apart by their values below
    "role": "role",
    "requirement": "provision",
    "then": None,  # delete/anonymise: sentences of the pages, see test below
    "category": "storage_category",
    "statutory": None,  # minimum/maximum: sentences of the pages and the export, see below
}


def keys(table: dict[str, Any], prefix: str = "") -> set[str]:
    found = set()
    for key, value in table.items():
        if isinstance(value, dict):
            found |= keys(value, f"{prefix}{key}.")
        else:
            found.add(prefix + key)
    return found


def schema_enums() -> list[tuple[str, str, list[str]]]:
    """(schema file, property name, values) for every enum in the record schemas."""
    found: list[tuple[str, str, list[str]]] = []

    def walk(node: Any, name: str, file: str) -> None:
        if isinstance(node, dict):
            if "enum" in node:
                found.append((file, name, list(node["enum"])))
            for key, value in node.items():
                if key in ("properties", "$defs") and isinstance(value, dict):
                    for sub_name, sub in value.items():
                        # A proposal's value is the field's own enum: keep the field's name.
                        walk(sub, name if sub_name == "proposed" else sub_name, file)
                else:
                    walk(value, name, file)
        elif isinstance(node, list):
            for item in node:
                walk(item, name, file)

    for kind in RECORD_SCHEMAS:
        file = f"{kind}.schema.json"
        walk(json.loads((SCHEMAS / file).read_text("utf-8")), "", file)
    return found


def term_kind(name: str, values: list[str]) -> str:
    if name == "kind":
        return "storage_kind" if "cookie" in values else "source"
    kind = TERM_OF_ENUM[name]  # a new enum must be given its catalogue terms here
    assert kind is not None
    return kind


def test_the_languages_are_the_catalogues() -> None:
    assert languages() == ("nb", "en")
    assert [w.lang for w in all_words()] == ["nb", "en"]
    published = json.loads((SCHEMAS / "privacy-json.schema.json").read_text("utf-8"))
    assert published["properties"]["languages"]["items"]["enum"] == list(languages())


def test_every_catalogue_has_the_same_keys() -> None:
    reference = keys(dict(all_words()[0].data))
    for catalogue in all_words()[1:]:
        assert keys(dict(catalogue.data)) == reference, catalogue.lang


def test_every_catalogue_is_plain_tomllib_toml() -> None:
    for path in sorted((PACKAGE / "i18n").glob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        assert set(data) == {"language", "page", "guide", "example", "ropa", "term", "grammar",
                             "check", "questions", "fieldpath", "scaffold"}


def test_every_schema_enum_has_words_in_every_language_and_every_legal_code_an_iri() -> None:
    enums = schema_enums()
    assert len(enums) >= 8
    for file, name, values in enums:
        if name == "then":
            for catalogue in all_words():
                for value in values:
                    assert catalogue.page[f"then_{value}"] and catalogue.page[f"now_{value}"]
                    assert catalogue.ropa[value]
            continue
        if name == "statutory":
            for catalogue in all_words():
                for value in law.STATUTORY_LIMITS:
                    assert value in values
                    assert catalogue.page[f"statutory_{value}"] and catalogue.ropa[f"statutory_{value}"]
            continue
        kind = term_kind(name, values)
        for catalogue in all_words():
            for value in values:
                term = catalogue.term(kind, value)
                assert term.strip(), (file, name, value, catalogue.lang)
                if kind in law.IRI_TABLES:
                    assert law.iri(kind, value)
        assert set(dict(all_words()[0].data["term"][kind])) >= set(values)
    for catalogue in all_words():
        for basis in law.BASES:
            assert catalogue.term("basis_short", basis).strip()


def test_no_language_is_written_into_the_code() -> None:
    pattern = re.compile(r"""\(\s*["']nb["']\s*,\s*["']en["']\s*\)|\[\s*["']nb["']\s*,\s*["']en["']\s*\]"""
                         r"""|lang\s*==\s*["'](nb|en)["']""")
    offenders = [f"{path.relative_to(REPO)}:{n}" for path in sorted(PACKAGE.rglob("*.py"))
                 for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                 if pattern.search(line)]
    offenders += [str(path.relative_to(REPO)) for path in sorted(PACKAGE.rglob("*.j2"))
                  if re.search(r"""lang\s*==""", path.read_text("utf-8"))]
    assert offenders == []


def test_unknown_language_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValueError, match="must be one of nb, en, not 'de'"):
        words("de")


@pytest.fixture
def with_german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throw-away third catalogue (and an English one that words 'immediately' differently)."""
    directory = tmp_path / "i18n"
    directory.mkdir()
    nb = (PACKAGE / "i18n" / "nb.toml").read_text("utf-8")
    en = (PACKAGE / "i18n" / "en.toml").read_text("utf-8")
    (directory / "nb.toml").write_text(nb, "utf-8")
    (directory / "en.toml").write_text(en.replace('immediately = "immediately"',
                                                  'immediately = "at once"'), "utf-8")
    de = (en.replace('name = "English"', 'name = "Deutsch"').replace("order = 2", "order = 3")
          .replace('fallback = ""', 'fallback = "en"')
          .replace('situations_title = "What we process, and why"',
                   'situations_title = "Was wir verarbeiten, und warum"')
          .replace('consent = "consent (Art. 6(1)(a))"', 'consent = "Einwilligung (Art. 6 Abs. 1 lit. a)"')
          .replace('Y = ["year", "years"]', 'Y = ["Jahr", "Jahre"]')
          .replace('and = "and"', 'and = "und"')
          .replace('immediately = "immediately"', 'immediately = "sofort"')
          .replace('date = "{day} {month} {year}"', 'date = "{day}. {month} {year}"'))
    (directory / "de.toml").write_text(de, "utf-8")
    monkeypatch.setattr(i18n, "CATALOGUE_DIR", directory)
    return directory


def test_a_language_is_added_with_a_catalogue_and_no_python_edit(with_german: Path,
                                                                  tmp_path: Path) -> None:
    assert languages() == ("nb", "en", "de")
    assert words("de").duration("P3Y6M") == "3 Jahre und 6 months"
    assert words("de").date("2026-01-15") == "15. January 2026"
    project = load_project(make_project(tmp_path / "p", SAMPLE, with_site_config=False))
    pages = render_pages(project)
    assert {name.rpartition("/")[0] for name in pages} == {
        "nb", "en", "de", "nb/situations", "en/situations", "de/situations", "guide/nb",
        "guide/en", "guide/de"}
    assert config_files() == ["mkdocs.yml", "mkdocs.en.yml", "mkdocs.de.yml", "mkdocs.guide.yml",
                              "mkdocs.guide.en.yml", "mkdocs.guide.de.yml"]
    assert pages["de/situations/index.md"].startswith("# Was wir verarbeiten, und warum")
    assert "Einwilligung (Art. 6 Abs. 1 lit. a)" in all_situations(pages, "de")
    # record texts and the guide's prose come from the fallback language until translated
    assert "Recruitment" in all_situations(pages, "de")
    assert pages["guide/de/index.md"] == pages["guide/en/index.md"]
    statement = json.loads(pages["nb/privacy.json"])
    assert statement["languages"] == ["nb", "en", "de"]
    assert statement["pages"] == {"nb": "./", "en": "en/", "de": "de/"}
    record = ropa.build_ropa(project, "de")
    assert record.language == "de"
    assert ropa.COLUMNS[0].header("de") == "Processing activity"  # until translated


def test_a_zero_period_is_found_from_the_value_not_from_its_english_words(with_german: Path,
                                                                          tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", SAMPLE, with_site_config=False)
    project = load_project(root)
    pages = render_pages(project)
    newsletter = (root / "records" / "activities" / "newsletter.yaml").read_text("utf-8")
    assert "period: P0D" in newsletter
    assert "The data is deleted immediately" in all_situations(pages, "en")
    assert "at once" not in all_situations(pages, "en")
    assert "Opplysningene slettes straks" in all_situations(pages, "nb")


@pytest.mark.parametrize(("text", "iso"), [
    ("12 måneder", "P12M"), ("3 år og 6 måneder", "P3Y6M"), ("1 år, 6 måneder", "P1Y6M"),
    ("2 weeks", "P2W"), ("1 Year", "P1Y"), ("straks", "P0D"), ("immediately", "P0D"),
    ("tolv måneder", None), ("12", None), ("6 mnd", None), ("P6M", None), ("", None),
])
def test_a_period_in_words_is_read_back_with_the_catalogues_units(text: str, iso: str | None) -> None:
    from privacy_as_code.i18n import period_of_words

    assert period_of_words(text) == iso


@pytest.mark.parametrize("iso", ["P1Y", "P6M", "P3Y6M", "P2W", "P1D", "P0D", "P1Y1M1W1D"])
def test_what_the_pages_write_for_a_period_reads_back_as_that_period(iso: str) -> None:
    from privacy_as_code.i18n import period_of_words

    for w in all_words():
        assert period_of_words(w.duration(iso)) == iso, (w.lang, w.duration(iso))
