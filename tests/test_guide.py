"""The editors' guide: generated from the schemas and the rule modules, in both languages, inert."""

from __future__ import annotations

import json
import re
import shutil
import types
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from privacy_as_code.i18n import rule_texts, words
from privacy_as_code.project import load_project
from privacy_as_code.readability import LIMITS, lix
from privacy_as_code.render import PAGES, guide, render_pages
from privacy_as_code.render import pages as pages_module
from privacy_as_code.render.layout import GUIDE as GUIDE_SECTION
from privacy_as_code.render.markdown import code, inline
from privacy_as_code.render.pages import environment
from privacy_as_code.rules import RULES, consent_withdrawal
from privacy_as_code.syntax_rules import DOCUMENTED
from tests.site_fixtures import REPO, SAMPLE, edit_yaml, render

EXTENSIONS = ["toc", "admonition", "attr_list", "tables", "fenced_code"]  # MkDocs adds fenced_code
GUIDE = GUIDE_SECTION.pages
RECORD_SCHEMAS = [REPO / "schemas" / f for _, f, _ in guide.KINDS] + [REPO / "schemas" / guide.COMMON]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_pages(load_project(SAMPLE))


def x_rules() -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "x-rule" in node:
                found.add(node["x-rule"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in RECORD_SCHEMAS:
        walk(json.loads(path.read_text("utf-8")))
    return found


def schema_properties() -> list[tuple[str, dict[str, Any]]]:
    """Every (name, subschema) under any ``properties`` in the record schemas."""
    found: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                found.append((name, sub))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in RECORD_SCHEMAS:
        walk(json.loads(path.read_text("utf-8")))
    return found


def test_the_guide_is_its_own_site_section_in_both_languages(pages: dict[str, str]) -> None:
    """Its own docs folders and MkDocs configs (own navigation, own search index); the
    readers' navigation does not list it."""
    assert set(GUIDE) == {"index.md", "fields.md", "rules.md"}
    assert not {f"guide/{name}" for name in GUIDE} & set(PAGES)  # not among the readers' pages
    for name in GUIDE:
        assert f"guide/nb/{name}" in pages and f"guide/en/{name}" in pages
        assert f"nb/guide/{name}" not in pages and f"en/guide/{name}" not in pages
    for config in ("mkdocs.guide.yml", "mkdocs.guide.en.yml"):
        text = (REPO / config).read_text("utf-8")
        for name in GUIDE:
            assert f": {name}" in text, (config, name)
    for config in ("mkdocs.yml", "mkdocs.en.yml"):
        nav = (REPO / config).read_text("utf-8").partition("\nnav:\n")[2]
        assert nav and "guide" not in nav, config
    navs = [yaml.safe_load((REPO / config).read_text("utf-8"))["nav"]
            for config in ("mkdocs.guide.yml", "mkdocs.guide.en.yml")]
    titles = [[next(iter(entry)) for entry in nav] for nav in navs]
    assert not set(titles[0]) & set(titles[1]), titles  # each language's own titles
    assert "site_name: Veiledning for redaktører" in (REPO / "mkdocs.guide.yml").read_text("utf-8")
    assert "site_name: Editors' guide" in (REPO / "mkdocs.guide.en.yml").read_text("utf-8")
    assert pages["guide/nb/index.md"].startswith("# Veiledning for redaktører")
    assert pages["guide/en/index.md"].startswith("# Editors' guide")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_how_to_names_the_steps_an_editor_takes(pages: dict[str, str], lang: str) -> None:
    text = pages[f"guide/{lang}/index.md"]
    for step in ("redhat.vscode-yaml", ".vscode/settings.json", "make check", "privacy render",
                 "privacy diff origin/main", "privacy check --since", "--strict",
                 "privacy new activity", "privacy export ropa", "changelog", "effective_date",
                 "open_question"):
        assert step in text, (lang, step)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_rule_and_every_schema_rule_is_in_the_catalogue(pages: dict[str, str], lang: str) -> None:
    text = pages[f"guide/{lang}/rules.md"]
    headings = set(re.findall(r"^### <code>(.+?)</code> \{#", text, re.MULTILINE))
    ids = {h.replace("\\", "") for h in headings}
    assert {rule.ID for rule in RULES} <= ids
    assert x_rules() <= ids
    for rule in RULES:
        summary = guide.parse_docstring(rule.ID, rule.__doc__).summary
        if lang == "nb":
            summary = RULE_TEXTS[rule.ID]["summary"]
        assert guide.prose(summary) in text
    # the schemas' own messages, worded in the page's language
    missing = {"en": "'retention' is missing", "nb": "'retention' mangler"}[lang]
    assert "retention-required" in ids and missing in text.replace("\\", "")


def test_the_nb_catalogue_has_norwegian_headings_and_norwegian_rule_texts(
        pages: dict[str, str]) -> None:
    nb, en = pages["guide/nb/rules.md"], pages["guide/en/rules.md"]
    assert nb.startswith("# Regelkatalog") and en.startswith("# Rule catalogue")
    assert "Eksempel som feiler" in nb
    assert "**Hvorfor:**" in nb and "**Why:**" in en
    # every rule has its Norwegian text, so neither page says some are in English
    assert "Noen regeltekster er på engelsk" not in nb
    assert "Some rule texts are in English" not in en
    english = guide.prose("Consent must say how to withdraw it.")
    norwegian = guide.prose("Et samtykke må si hvordan det trekkes tilbake.")
    assert english in en and norwegian not in en
    assert norwegian in nb and english not in nb
    # a loader rule's why, in the official Norwegian citation style
    assert guide.prose(RULE_TEXTS["yaml-syntax"]["why"]) in nb
    assert "artikkel 5 nr. 2" in nb and "Art. 5(2)" not in nb


RULE_TEXTS = rule_texts("nb")


def text_problems(rules: Sequence[Any], texts: Mapping[str, Any]) -> list[str]:
    """What a language's rule texts lack against the docstrings, one line per problem,
    each naming its rule."""
    problems = []
    for rule in rules:
        doc = guide.parse_docstring(rule.ID, rule.__doc__)
        text = texts.get(rule.ID)
        if text is None:
            problems.append(f"{rule.ID}: no text")
            continue
        if not str(text.get("summary", "")).strip():
            problems.append(f"{rule.ID}: no summary")
        body = text.get("body")
        if not isinstance(body, list) or len(body) != len(doc.body):
            problems.append(f"{rule.ID}: body has {len(body) if isinstance(body, list) else body!r}"
                            f" paragraphs, the docstring {len(doc.body)}")
        elif not all(isinstance(p, str) and p.strip() for p in body):
            problems.append(f"{rule.ID}: an empty paragraph")
        if doc.why and not str(text.get("why", "")).strip():
            problems.append(f"{rule.ID}: no why")
        notes = text.get("example_notes", [""] * len(doc.examples))
        if len(notes) != len(doc.examples) or any(
                bool(rest) != bool(str(note).strip()) for (_, rest, _), note in zip(
                    doc.examples, notes, strict=False)):
            problems.append(f"{rule.ID}: example_notes do not match the examples' labels")
    known = {rule.ID for rule in rules}
    problems += [f"{rid}: no such rule" for rid in texts if rid not in known]
    return problems


def test_every_rule_has_its_norwegian_text() -> None:
    """Rule modules and loader/schema rules alike: summary, as many paragraphs as the
    docstring, why, and a note for each example label that has one."""
    assert text_problems((*RULES, *DOCUMENTED), RULE_TEXTS) == []


def test_each_norwegian_rule_text_is_plain() -> None:
    """The guide is for legal staff, not programmers: each rule's text (summary,
    paragraphs, why together) is held to the public texts' LIX limit."""
    limit = LIMITS["nb"].text_lix
    measured = {rid: round(lix(" ".join([t["summary"], *t["body"], t["why"]])))
                for rid, t in RULE_TEXTS.items()}
    assert {rid: v for rid, v in measured.items() if v > limit} == {}


def test_a_rule_without_a_norwegian_text_is_named_and_shown_in_english() -> None:
    new = types.ModuleType("new_rule")
    new.ID = "new-rule"
    new.__doc__ = "A new rule.\n\nIt checks something.\n\nWhy: Art. 5(2).\n"
    assert text_problems((*RULES, *DOCUMENTED, new), RULE_TEXTS) == ["new-rule: no text"]
    short = {**RULE_TEXTS, "basis-per-subject": {**RULE_TEXTS["basis-per-subject"], "body": ["x"]}}
    assert text_problems((*RULES, *DOCUMENTED), short) == [
        "basis-per-subject: body has 1 paragraphs, the docstring 2"]
    assert text_problems(RULES, RULE_TEXTS) != []  # the loader's rules' texts are no rules then
    page = _rules_page(new, "nb")
    assert "!!! note" in page and "**A new rule.**" in page
    assert "!!! note" not in _rules_page(consent_withdrawal, "nb")
    assert "**Et samtykke må si hvordan det trekkes tilbake.**" in _rules_page(consent_withdrawal, "nb")


def test_the_norwegian_rule_texts_render_inert(monkeypatch: pytest.MonkeyPatch) -> None:
    evil = {"summary": "<script>alert(1)</script> ``</code><img src=x>``",
            "body": ["# not a heading", "[x](javascript:alert(2)) <b>bold</b>"],
            "why": "<iframe src=//evil.example>", "example_notes": ["", "<i>x</i>"]}
    monkeypatch.setattr(guide, "rule_texts", lambda lang: {"consent-withdrawal": evil})
    page = _rules_page(consent_withdrawal, "nb") + "\n## AFTER {#after}\n"
    html = markdown.markdown(page, extensions=EXTENSIONS)
    lowered = html.lower()
    for live in ("<script", "<img", "<iframe", "<b>", "<i>", 'href="javascript'):
        assert live not in lowered, live
    assert lowered.count("<h1") == 1 and '<h2 id="after">AFTER</h2>' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_schema_field_is_in_the_field_reference(pages: dict[str, str], lang: str) -> None:
    text = pages[f"guide/{lang}/fields.md"]
    missing = []
    for name, sub in schema_properties():
        if not re.search(r"<code>([^<]*\.)?" + re.escape(str(inline(name))) + "</code>", text):
            missing.append(name)
        if "description" in sub and str(inline(guide.describe(sub, words(lang)))) not in text:
            missing.append(f"{name}: {guide.describe(sub, words(lang))}")
    assert missing == []


def test_the_field_reference_shows_required_types_and_allowed_values(pages: dict[str, str]) -> None:
    en, nb = pages["guide/en/fields.md"], pages["guide/nb/fields.md"]
    assert "### <code>retention</code> {#activity-retention}\n\n**required** · list; each item" in en
    assert "### <code>summary</code> {#activity-summary}\n\n*optional*" in en
    assert "**påkrevd** · én av <code>delete</code>, <code>anonymise</code>" in nb
    assert "- <code>scc</code>: Art. 46(2)(c): EU-kommisjonens standard personvernbestemmelser" in nb
    assert "**<code>recipients.&lt;key&gt;.role</code>**" in en


def _rules_page(module: types.ModuleType, lang: str = "en") -> str:
    schemas = guide.Schemas(REPO / "schemas")
    context = {"t": lambda key, **kw: key, "lang": lang, "rule_texts_native": lang == "en",
               **guide.rules_context((module,), schemas, words(lang))}
    return environment().get_template("guide/rules.md.j2").render(context)


def test_a_hostile_docstring_renders_inert() -> None:
    evil = types.ModuleType("evil")
    evil.ID = "evil-rule"
    evil.__doc__ = (
        "Summary <script>alert(1)</script> ``</code><img src=x onerror=alert(2)>`` end.\n\n"
        "```\n<script>alert(3)</script>\n```\n\n# not a heading\n\n"
        "Why: [x](javascript:alert(4)) <b>bold</b>\n\n"
        "Passing::\n\n    a: 1\n    ```\n    </code></pre><script>alert(5)</script>\n    ````\n\n"
        "Failing::\n\n    ~~~\n    <!-- x --> <iframe src=//evil.example>\n"
    )
    page = _rules_page(evil) + "\n## AFTER {#after}\n"
    html = markdown.markdown(page, extensions=EXTENSIONS)
    lowered = html.lower()
    for live in ("<script", "<img", "<iframe", "<b>", 'href="javascript', "<!-- x"):
        assert live not in lowered, live
    assert lowered.count("<h1") == 1  # the page's own title; '# not a heading' is text
    assert html.count("<pre>") == 2  # exactly the two examples, nothing broke out of them
    assert '<h2 id="after">AFTER</h2>' in html  # and the page goes on after them
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;alert(5)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_hostile_schema_description_renders_inert(sample_root: Path) -> None:
    shutil.copytree(REPO / "schemas", sample_root / "schemas")
    path = sample_root / "schemas" / "activity.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    schema["properties"]["summary"]["description"] = (
        "nb: <script>alert(1)</script> ```\\n# x\nen: [x](javascript:alert(1)) <img src=x>")
    schema["$defs"]["retention_rule"]["properties"]["then"]["oneOf"][0]["markdownEnumDescriptions"][0] = "`<b>x</b>` <i>y</i>"
    path.write_text(json.dumps(schema), "utf-8")
    pages = render_pages(load_project(sample_root), schema_dir=sample_root / "schemas")
    for lang in ("nb", "en"):
        html = markdown.markdown(pages[f"guide/{lang}/fields.md"], extensions=EXTENSIONS).lower()
        for live in ("<script", "<img", 'href="javascript', "<b>", "<i>", "<h1 id=\"x\""):
            assert live not in html, (lang, live)
    assert code("<b>x</b>") in pages["guide/nb/fields.md"]


def test_the_guide_carries_the_header_and_render_check_notices_a_stale_one(
        sample_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The guide documents the tool's schemas; stand in a copy to edit for them.
    shutil.copytree(REPO / "schemas", sample_root / "schemas")
    monkeypatch.setattr(pages_module, "SCHEMA_DIR", sample_root / "schemas")
    assert render(sample_root).exit_code == 0
    fields = sample_root / "docs" / "guide" / "en" / "fields.md"
    assert fields.read_text("utf-8").startswith("<!-- generated from records/")
    assert render(sample_root, check=True).exit_code == 0
    edit_yaml(sample_root / "schemas" / "activity.schema.json",
              "One or two sentences on what happens, in plain words.",
              "One or two sentences on what happens.")
    stale = render(sample_root, check=True)
    assert stale.exit_code == 1 and "guide/en/fields.md" in stale.output


def test_a_hand_edit_in_the_guide_folder_is_refused_like_any_other(sample_root: Path) -> None:
    assert render(sample_root).exit_code == 0
    page = sample_root / "docs" / "guide" / "nb" / "rules.md"
    edited = page.read_text("utf-8").replace("# Regelkatalog", "# Regelkatalog (utkast)", 1)
    page.write_text(edited, "utf-8")
    refused = render(sample_root)
    assert refused.exit_code == 1
    assert "docs/guide/nb/rules.md: edited by hand" in refused.output
    assert page.read_text("utf-8") == edited
    assert render(sample_root, check=True).exit_code == 1
    assert render(sample_root, force=True).exit_code == 0
    assert "(utkast)" not in page.read_text("utf-8")


def test_the_guide_moves_out_of_the_readers_folders_on_the_next_render(sample_root: Path) -> None:
    """Pages from before the guide was its own section (docs/nb/guide/...) are removed, with
    their folder, when intact; a hand-written file there is kept."""
    from privacy_as_code.render.output import with_header

    assert render(sample_root).exit_code == 0
    old = sample_root / "docs" / "nb" / "guide"
    old.mkdir()
    (old / "rules.md").write_text(with_header("# Regelkatalog\n"), "utf-8")
    (sample_root / "docs" / "en" / "guide").mkdir()
    mine = sample_root / "docs" / "en" / "guide" / "notes.md"
    mine.write_text("# My notes\n", "utf-8")
    outcome = render(sample_root)
    assert outcome.exit_code == 0, outcome.output
    assert outcome.output.splitlines()[0].endswith("docs/nb/guide/rules.md")
    assert not old.exists()
    assert mine.read_text("utf-8") == "# My notes\n"
