"""Websites and their tracking (issue 13 item 2): declared per website, used by activities,
worded on the page and in privacy.json; Cloudberries' main website is open questions only."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from privacy_as_code.checker import check_project
from privacy_as_code.loader import load_file
from privacy_as_code.project import load_project
from privacy_as_code.public import view_of
from privacy_as_code.render import render_pages
from privacy_as_code.render.machine import statement_json
from tests.conftest import FIXTURES, MINIMAL
from tests.site_fixtures import edit_yaml

REPO = Path(__file__).resolve().parents[1]


def records_copy(tmp_path: Path, source: Path = REPO) -> Path:
    root = tmp_path / "project"
    shutil.copytree(source / "records", root / "records")
    return root


def findings(root: Path, rule: str | None = None) -> list[tuple[str, str, int, int, str]]:
    _, result = check_project(root)
    return [(Path(f.path).name, f.rule, f.line, f.column, f.message) for f in result.findings
            if rule is None or f.rule == rule]


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


# --- Cloudberries' own records -------------------------------------------------

def test_the_main_website_is_declared_with_its_unknowns_as_open_questions() -> None:
    statement = load_file(REPO / "records/statement.yaml", "records/statement.yaml").data
    sites = {site["id"]: site for site in statement["websites"]}
    assert [s["id"] for s in statement["websites"] if s.get("generated")] == ["privacy_site"]
    assert sites["privacy_site"]["storage"] == [] and sites["privacy_site"]["consent"] == "none"
    main = sites["main_site"]
    # Nothing invented: the address is a proposal, the consent tool and the technologies
    # are questions with an owner (the old page only says what the site records).
    assert set(main["url"]) == {"proposed", "open_question", "owner"}
    for field in ("consent", "storage"):
        assert set(main[field]) == {"open_question", "owner"}, field
    assert "links clicked" in main["storage"]["open_question"]
    path = REPO / "records/statement.yaml"
    open_lines = {(line, rule) for _, rule, line, _, _ in findings(REPO) if rule == "open-question"}
    for field in ("consent:", "storage:"):
        at = next(i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                  if text.strip() == field and i > line_of(path, "id: main_site"))
        assert (at + 1, "open-question") in open_lines, field


def test_check_fails_when_an_activity_mentions_cookies_no_website_declares(tmp_path: Path) -> None:
    root = records_copy(tmp_path)
    path = root / "records/activities/events.yaml"
    text = path.read_text("utf-8")
    purpose = next(line for line in text.splitlines() if line.strip().startswith("nb:")
                   and line.startswith("      nb:"))
    edit_yaml(path, purpose, purpose.rstrip('"') + ' Vi måler påmeldingene med informasjonskapsler."')
    found = findings(root, "tracking-declared")
    assert [(name, line) for name, _, line, _, _ in found] == [
        ("events.yaml", line_of(path, "informasjonskapsler"))]
    assert "mentions 'informasjonskapsler'" in found[0][4]
    # Naming a technology of the main website does not help while its storage is open.
    edit_yaml(path, "data_categories:", "tracking: [main_site/_ga]\ndata_categories:")
    found = findings(root, "tracking-declared")
    assert [(line, message.split(":")[0]) for _, _, line, _, message in found] == [
        (line_of(path, "tracking:"), "'main_site/_ga'")]
    assert "still an open question" in found[0][4]


# --- the rules beyond the fixtures ----------------------------------------------

def set_websites(root: Path, websites: list[dict]) -> Path:
    path = root / "records/statement.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["websites"] = json.loads(json.dumps(websites))  # no shared objects: no YAML aliases
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


SITE = {"id": "privacy_site", "name": {"nb": "Personvernsidene", "en": "The privacy pages"},
        "generated": True, "consent": "none", "storage": []}


def test_without_the_generated_site_the_declaration_cannot_be_checked(tmp_path: Path) -> None:
    root = records_copy(tmp_path, MINIMAL.parent / "minimal")
    path = set_websites(root, [{**SITE, "generated": False}])
    assert [(r, line, col) for _, r, line, col, _ in findings(root)] == [
        ("website-storage", line_of(path, "websites:"), 1)]


def test_only_one_website_is_the_generated_site(tmp_path: Path) -> None:
    root = records_copy(tmp_path, MINIMAL.parent / "minimal")
    set_websites(root, [SITE, {**SITE, "id": "copy"}])
    found = findings(root)
    assert [(r, m) for _, r, _, _, m in found] == [
        ("website-storage", "only one website is the privacy site this tool builds ('generated: true')")]


def test_an_open_category_on_a_site_without_consent_is_a_question_not_an_error(tmp_path: Path) -> None:
    root = records_copy(tmp_path, MINIMAL.parent / "minimal")
    tech = {"name": "_ga", "kind": "cookie", "provider": "Google Ireland Limited",
            "purpose": {"nb": "Måle besøk.", "en": "Measure visits."},
            "category": {"open_question": "Statistics or strictly necessary?", "owner": "CTO"},
            "lifetime": {"nb": "2 år", "en": "2 years"}}
    main = {"id": "main_site", "name": {"nb": "Hovednettstedet", "en": "The main website"},
            "consent": "none", "storage": [tech]}
    set_websites(root, [SITE, main])
    edit_yaml(root / "records/activities/newsletter.yaml", "data_categories:",
              "tracking: [main_site/_ga]\ndata_categories:")
    assert [r for _, r, _, _, _ in findings(root)] == ["open-question"]
    # ... and the page claims no reason for asking no consent.
    pages = render_pages(load_project(root))
    main = pages["en/website.md"].split("## The main website")[1]
    assert "The website does not ask for consent.\n" in main and "because" not in main
    assert "    - Category: **not yet confirmed**" in main


# --- what readers see -------------------------------------------------------------

def test_each_technology_is_worded_for_a_phone_in_both_languages_and_in_privacy_json(
        tmp_path: Path) -> None:
    root = records_copy(tmp_path, FIXTURES / "minimal")
    shutil.copytree(FIXTURES / "passing/website-storage", root / "records", dirs_exist_ok=True)
    assert findings(root) == []
    project = load_project(root)
    pages = render_pages(project)
    nb, en = pages["nb/website.md"], pages["en/website.md"]
    assert "## Hovednettstedet" in nb and "## The main website" in en
    # A nested list, not a wide table: one item per technology, one line per fact.
    assert "- **\\_fbp**: sporingspiksel fra Meta Platforms Ireland Ltd." in nb
    assert "    - Kategori: markedsføring" in nb and "    - Category: marketing" in en
    assert "    - Varighet: 3 måneder" in nb and "    - Lifetime: 3 months" in en
    assert "    - Brukes til: Nyhetsbrev" in nb and "    - Used for: Newsletter" in en
    assert "spør det om samtykke med Eksempel Samtykke." in nb
    assert "it asks for your consent with Eksempel Samtykke." in en
    assert "|" not in nb.split("## Hovednettstedet")[1]
    data = json.loads(statement_json(view_of(project)))
    main = next(site for site in data["websites"] if site["id"] == "main_site")
    assert main["consent"]["tool"] == "Eksempel Samtykke"
    assert main["storage"][0] | {"purpose": None} == {
        "name": "_fbp", "kind": "pixel", "provider": "Meta Platforms Ireland Ltd.", "purpose": None,
        "category": "marketing", "lifetime": {"nb": "3 måneder", "en": "3 months"},
        "used_by": ["newsletter"]}
    newsletter = next(a for a in data["activities"] if a["id"] == "newsletter")
    assert newsletter["tracking"] == ["main_site/_fbp", "privacy_site//.__search"]


def test_the_real_main_website_asserts_nothing_unconfirmed() -> None:
    pages = render_pages(load_project(REPO))
    for lang, words in (("nb", ("**ikke avklart ennå**", "forslag, ikke bekreftet")),
                        ("en", ("**not yet confirmed**", "proposed, not yet confirmed"))):
        main = pages[f"{lang}/website.md"].split("## ")[2]
        assert main.count(words[0]) == 2 and words[1] in main, main
        # No consent claim and no storage claim for a website nobody has surveyed.
        assert "stores nothing" not in main and "lagrer ingenting" not in main
        assert "asks for your consent with" not in main and "spør det om samtykke med" not in main
    data = json.loads(statement_json(view_of(load_project(REPO))))
    main = next(site for site in data["websites"] if site["id"] == "main_site")
    assert main["consent"] == main["storage"] == {"status": "unconfirmed"}
    assert main["url"] == {"status": "unconfirmed", "proposed": "https://cloudberries.no"}
