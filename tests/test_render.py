"""privacy render: records -> docs/nb and docs/en, escaped, idempotent, and safe for hand edits."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import markdown
import pytest

from privacy_as_code.i18n import words
from privacy_as_code.paths import display_path
from privacy_as_code.project import load_project
from privacy_as_code.public import view_of
from privacy_as_code.render import PAGES, render_pages
from privacy_as_code.render import output as out
from privacy_as_code.render.layout import GUIDE, statement_pages
from privacy_as_code.render.markdown import Md, inline, link, mailto, paragraphs
from privacy_as_code.render.pages import environment
from tests.site_fixtures import HOSTILE, SAMPLE, all_situations, edit_yaml, render

EXTENSIONS = ["toc", "admonition", "attr_list", "tables", "md_in_html"]  # as in mkdocs.yml


def to_html(md_text: str) -> str:
    return markdown.markdown(md_text, extensions=EXTENSIONS)


@pytest.fixture(scope="module")
def sample_pages() -> dict[str, str]:
    return render_pages(load_project(SAMPLE))


# --- plain words ---------------------------------------------------------------

@pytest.mark.parametrize(("iso", "nb", "en"), [
    ("P6M", "6 måneder", "6 months"),
    ("P1M", "1 måned", "1 month"),
    ("P5Y", "5 år", "5 years"),
    ("P1Y", "1 år", "1 year"),
    ("P3Y6M", "3 år og 6 måneder", "3 years and 6 months"),
    ("P1Y2M3D", "1 år, 2 måneder og 3 dager", "1 year, 2 months and 3 days"),
    ("P2W", "2 uker", "2 weeks"),
    ("P0D", "straks", "immediately"),
])
def test_periods_read_as_words(iso: str, nb: str, en: str) -> None:
    assert words("nb").duration(iso) == nb
    assert words("en").duration(iso) == en


@pytest.mark.parametrize("bad", ["6M", "P", "PT6H", "P6X", ""])
def test_a_period_that_is_not_iso_8601_is_an_error(bad: str) -> None:
    with pytest.raises(ValueError, match="ISO 8601"):
        words("nb").duration(bad)


def test_dates_read_as_words() -> None:
    assert words("nb").date("2026-01-15") == "15. januar 2026"
    assert words("en").date("2026-01-15") == "15 January 2026"


# --- escaping ------------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "![x](https://tracker.example/pixel.png)",
    "<javascript:alert(1)>",
    "<https://evil.example/>",
    "# Heading injection",
    "| a | b |\n| --- | --- |\n| c | d |",
    "- list item",
    "1. ordered",
    "> quote",
    "**bold** _em_ `code`",
    "text {: onclick=alert(1) }",
    "<!-- comment --> &amp; & <b>",
    "!!! danger \"injected admonition\"",
    "[x]: javascript:alert(1)\n\n[x]",
    "line\\",
    "\n    indented code block",
    "---",
    "===",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_record_text_is_inert_markdown_and_html(payload: str) -> None:
    md_text = inline(payload)
    html = to_html(f"Before. {md_text}\n\n- {md_text}\n\n| h |\n| --- |\n| {md_text} |\n")
    lowered = html.lower()
    for live in ("<script", "<img", "<a ", "javascript:alert", "<h1", "<h2", "<blockquote",
                 "<strong", "<em", "<code", "<b>", "onclick=\"", "<div class=\"admonition",
                 "<pre", "<hr", "<ol"):
        if live == "javascript:alert":
            assert 'href="javascript' not in lowered
            continue
        assert live not in lowered, f"{payload!r} produced {live} in {html}"
    assert html.count("<table") == 1 and html.count("<ul") == 1


def test_escaped_text_still_reads_as_typed() -> None:
    html = to_html(str(inline("<script>alert('x')</script> & [x](javascript:y) *a* § 13")))
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; [x](javascript:y) *a* § 13" in html


def test_ordinary_prose_stays_readable_in_the_markdown() -> None:
    text = "Vurdere om du passer (art. 6 nr. 1 bokstav b), og kalle deg inn - raskt."
    assert inline(text) == text


def test_paragraphs_keep_blank_lines_and_escape_each() -> None:
    assert paragraphs("# one\n\n- two") == "\\# one\n\n\\- two"


def test_links_from_records_must_be_https_and_are_made_safe() -> None:
    assert link("Datatilsynet", "https://www.datatilsynet.no/") == \
        "[Datatilsynet](https://www.datatilsynet.no/)"
    assert link("x", "javascript:alert(1)") == "x"
    assert link("x", "http://insecure.example/") == "x"
    assert ")" not in link("x", "https://e.example/a)b(c")[4:-1]
    assert mailto("a@b.no") == "[a@b.no](mailto:a@b.no)"
    assert mailto("a@b.no) [x](javascript:1") == inline("a@b.no) [x](javascript:1")


def test_templates_escape_everything_and_safe_does_not_bypass() -> None:
    env = environment()
    tpl = env.from_string("{{ a }} {{ a|safe }} {{ b }} {{ a ~ b }}")
    rendered = tpl.render(a="<script>", b=Md("**ok**"))
    assert rendered == "&lt;script&gt; &lt;script&gt; **ok** &lt;script&gt;\\*\\*ok\\*\\*"


def test_templates_refuse_to_print_structured_values() -> None:
    env = environment()
    with pytest.raises(TypeError, match="turn it into text"):
        env.from_string("{{ q }}").render(q={"open_question": "secret"})
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


# --- the pages -----------------------------------------------------------------

def test_both_languages_have_the_same_pages(sample_pages: dict[str, str]) -> None:
    situations = [a.id for a in view_of(load_project(SAMPLE)).audiences]
    assert sorted(p for p in sample_pages if p.startswith("nb/") and p.endswith(".md")) == \
        [f"nb/{p}" for p in sorted(statement_pages(situations))]
    assert set(PAGES) < set(statement_pages(situations))
    assert {p[3:] for p in sample_pages if p.startswith("nb/") and p.endswith(".md")} == \
        {p[3:] for p in sample_pages if p.startswith("en/")}
    assert sorted(p for p in sample_pages if p.startswith("guide/")) == sorted(
        f"{folder}/{name}" for folder in ("guide/en", "guide/nb") for name in GUIDE.pages)
    assert {p for p in sample_pages if not p.endswith(".md")} == {"nb/privacy.json",
                                                                   "nb/privacy.schema.json"}


def test_pages_say_what_the_records_say(sample_pages: dict[str, str]) -> None:
    nb, en = all_situations(sample_pages, "nb"), all_situations(sample_pages, "en")
    assert "6 måneder etter at rekrutteringsprosessen er avsluttet, så sletter vi dem." in nb
    assert "6 months after the recruitment process ends, then we delete it." in en
    assert "Opplysningene slettes straks etter at du melder deg av." in nb
    assert "3 år og 6 måneder etter utgangen av regnskapsåret, så gjør vi dem anonyme" in nb
    assert "Så lenge må vi ta vare på dem etter bokføringsloven § 13." in nb
    assert "The law (bokføringsloven § 13) requires us to keep it at least this long." in en
    assert "Samtykke (art. 6 nr. 1 bokstav a)" in nb
    assert "Consent (Art. 6(1)(a))" in en
    assert "Legitimate interests (Art. 6(1)(f)). Our interest: Getting an accurate picture" in en
    assert "You can ask to see our balancing test." in en
    assert "To Newsletter service (United States), on the basis of the European Commission's " \
        "standard contractual clauses (Art. 46(2)(c))." in en
    # The data categories in a sentence of their own, never in brackets inside brackets.
    assert "From others: Referees you named. This covers referees and what they say about you." in en
    assert "explicit consent (Art. 9(2)(a))" in en
    # Outside the navigation, the page's title comes from its front matter (see View.meta_title).
    assert sample_pages["en/situations/job-applicants.md"].startswith(
        '---\ntitle: "You apply for a job with us"\n---\n\n# You apply for a job with us {#for_you}\n')


def test_the_summary_leads_to_each_situation(sample_pages: dict[str, str]) -> None:
    index = sample_pages["nb/index.md"]
    assert "[Du søker jobb hos oss](situations/job-applicants.md)" in index
    assert "Versjon 2\\.0, gjelder fra 15\\. januar 2026." in index
    # Each card says how long, labelled, in the records' words: "what: how long".
    assert "    - Rekruttering: 6 måneder\n" in index
    situations = sample_pages["nb/situations/index.md"]
    assert "- [Du søker jobb hos oss](../situations/job-applicants.md)" in situations


def test_the_right_to_object_to_direct_marketing_is_shown_separately(sample_pages: dict[str, str]) -> None:
    # Information with an action (write to us), not a warning (issue 11).
    for page in ("nb/index.md", "nb/rights.md"):
        assert "## Du kan protestere mot direkte markedsføring {#direct-marketing}" in sample_pages[page]
        assert "Skriv til [personvern@example.no](mailto:personvern@example.no)." \
            in sample_pages[page]
        assert "!!! warning" not in sample_pages[page]
    assert "## You can object to direct marketing {#direct-marketing}" in sample_pages["en/index.md"]


def test_rights_follow_the_lawful_basis(sample_pages: dict[str, str]) -> None:
    rights = sample_pages["en/rights.md"]
    assert "## Data portability (Art. 20)" in rights
    portability = rights.split("## Data portability")[1].split("##")[0]
    # Said per readers' situation (the bases that apply to them), linked to it.
    assert ("Applies in these situations: [You apply for a job with us](situations/job-applicants.md) "
            "and [You subscribe to the newsletter](situations/subscribers.md).") in portability
    objection = rights.split("## Objection")[1].split("##")[0]
    assert ("Applies in these situations: [You apply for a job with us]"
            "(situations/job-applicants.md).") in objection  # legitimate interests only
    withdraw = rights.split("## Withdrawing consent")[1].split("##")[0]
    assert "Applies in these situations: [You subscribe to the newsletter](situations/subscribers.md)." \
        in withdraw
    assert "except data we must keep by law" in rights
    assert "[Datatilsynet (the Norwegian Data Protection Authority)](https://www.datatilsynet.no/" in rights


def test_open_questions_are_marked_never_stated_as_facts(sample_pages: dict[str, str]) -> None:
    assert "Organisasjonsnummer: **ikke avklart ennå**" in sample_pages["nb/contact.md"]
    assert "Organisation number: **not yet confirmed**" in sample_pages["en/contact.md"]
    assert "**Vendor:** **not yet confirmed**" in sample_pages["en/recipients.md"]


def test_internal_fields_never_reach_a_page(sample_pages: dict[str, str]) -> None:
    planted = (SAMPLE / "records").rglob("*.yaml")
    assert sum(p.read_text("utf-8").count("INTERNAL-MARKER") for p in planted) >= 12
    for name, text in sample_pages.items():
        # The guide documents the schema, internal block included ("Om en DPIA kreves"),
        # but no record value may reach it either.
        schema_words = ("DPIA",) if name.startswith("guide/") else ()
        for word in ("INTERNAL-MARKER", "DPA-20", "LIA-2025", "DPIA", "TIA-2025", "Teamtailor"):
            if word not in schema_words:
                assert word not in text, f"{word} leaked into {name}"


def test_website_storage_is_listed_or_declared_empty(sample_pages: dict[str, str]) -> None:
    assert "The website stores nothing in your browser" in sample_pages["en/website.md"]


def test_hostile_record_text_is_escaped_in_every_page(sample_root: Path) -> None:
    path = sample_root / "records" / "activities" / "recruitment.yaml"
    edit_yaml(path, "nb: Vurdere om du passer til stillingen, og kalle deg inn til intervju.",
              f"nb: \"{HOSTILE.replace(chr(39), '')} # not a heading\"")
    edit_yaml(path, "name: {nb: Rekruttering,", "name: {nb: \"Rekruttering <b>| x |</b>\",")
    # The plain-text rule stops such records at the gate (render refuses them);
    # the pages escape them anyway, as a second line of defence.
    assert render(sample_root).outcome.status == "blocked"
    text = all_situations(render_pages(load_project(sample_root)), "nb")
    assert "&lt;script&gt;alert(x)&lt;/script&gt; &lt;img src&#61;x onerror&#61;alert(1)&gt; " \
        "\\[click\\](javascript:alert(1)) \\# not a heading" in text
    assert "## Rekruttering &lt;b&gt;&#124; x &#124;&lt;/b&gt; {#recruitment}" in text
    html = to_html(text)
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html


# --- writing, --check, hand edits ---------------------------------------------

def test_render_writes_pages_with_the_generated_header(sample_root: Path) -> None:
    result = render(sample_root)
    assert result.exit_code == 0, result.output
    # (8 pages + 3 situations + 3 guide pages) x 2 languages + privacy.json + schema
    assert "30 page(s) updated" in result.output
    page = (sample_root / "docs" / "en" / "index.md").read_text("utf-8")
    first, second, *_ = page.splitlines()
    assert first == out.HEADER
    assert "generated from records/" in first and "do not edit" in first
    assert second.startswith("<!-- sha256: ")
    assert out.is_intact(page)


def test_render_writes_only_what_changed(sample_root: Path) -> None:
    render(sample_root)
    docs = sample_root / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    os.utime(docs / "nb" / "index.md", ns=(1, 1))
    again = render(sample_root)
    assert again.exit_code == 0 and "up to date" in again.output
    assert (docs / "nb" / "index.md").stat().st_mtime_ns == 1  # not rewritten
    edit_yaml(sample_root / "records" / "statement.yaml", "We reply within one month.",
              "We reply within two weeks.")
    changed = render(sample_root)
    assert changed.output.splitlines()[:-1] == [f"wrote {display_path(docs)}/en/rights.md",
                                                f"wrote {display_path(docs)}/nb/privacy.json"]
    after = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    assert [p.name for p in after if after[p] != before[p] and p.name != "index.md"] == ["rights.md"]


def test_check_passes_when_fresh_and_fails_with_a_diff_when_stale(sample_root: Path) -> None:
    assert render(sample_root, check=True).exit_code == 1  # nothing rendered yet
    render(sample_root)
    fresh = render(sample_root, check=True)
    assert fresh.exit_code == 0, fresh.output
    edit_yaml(sample_root / "records" / "activities" / "recruitment.yaml", "period: P6M", "period: P4M")
    stale = render(sample_root, check=True)
    assert stale.exit_code == 1
    assert "-- 6 months after the recruitment process ends" in stale.output.replace("\n-", "\n--")
    assert "+- 4 months after the recruitment process ends" in stale.output
    assert "run 'privacy render'" in stale.output
    assert "4 months" not in (sample_root / "docs" / "en" / "situations" / "job-applicants.md"
                              ).read_text("utf-8")


def test_render_refuses_to_overwrite_a_hand_edit(sample_root: Path) -> None:
    render(sample_root)
    page = sample_root / "docs" / "nb" / "rights.md"
    edited = page.read_text("utf-8").replace("Dine rettigheter", "Dine rettigheter (redigert)")
    page.write_text(edited, "utf-8")
    edit_yaml(sample_root / "records" / "statement.yaml", "Vi svarer innen én måned.",
              "Vi svarer innen to uker.")
    refused = render(sample_root)
    assert refused.exit_code == 1
    assert "nb/rights.md: edited by hand" in refused.output
    assert "--force" in refused.output
    assert page.read_text("utf-8") == edited  # their text is not lost
    check = render(sample_root, check=True)
    assert check.exit_code == 1 and "edited by hand" in check.output
    forced = render(sample_root, force=True)
    assert forced.exit_code == 0 and "overwrote hand edits in nb/rights.md" in forced.output
    assert "to uker" in page.read_text("utf-8")


def test_a_hand_written_page_at_a_generated_path_is_not_overwritten(sample_root: Path) -> None:
    page = sample_root / "docs" / "en" / "website.md"
    page.parent.mkdir(parents=True)
    page.write_text("# My own page\n", "utf-8")
    assert render(sample_root).exit_code == 1
    assert page.read_text("utf-8") == "# My own page\n"


def test_pages_no_longer_generated_are_removed_and_own_pages_kept(sample_root: Path) -> None:
    render(sample_root)
    docs = sample_root / "docs"
    old = docs / "nb" / "old.md"
    old.write_text(out.with_header("# Old\n"), "utf-8")
    own = docs / "nb" / "extra.md"
    own.write_text("# Written by hand, not generated\n", "utf-8")
    assert render(sample_root, check=True).exit_code == 1
    result = render(sample_root)
    assert result.exit_code == 0 and "removed" in result.output
    assert not old.exists() and own.exists()


def test_render_reports_unusable_records_instead_of_crashing(sample_root: Path) -> None:
    (sample_root / "records" / "activities" / "newsletter.yaml").write_text("name: [", "utf-8")
    result = render(sample_root)
    assert result.exit_code == 1
    assert "newsletter.yaml" in result.output and "fix it first" in result.output
    assert not (sample_root / "docs").exists()


def test_a_refusal_is_worded_in_the_language_of_the_messages(sample_root: Path, monkeypatch) -> None:
    # Legal staff who read privacy check in Norwegian (PRIVACY_LANG=nb) read render's refusal
    # in Norwegian too: the errors and the line saying nothing was made.
    (sample_root / "records" / "activities" / "newsletter.yaml").write_text("name: [", "utf-8")
    monkeypatch.setenv("PRIVACY_LANG", "nb")
    result = render(sample_root)
    assert result.exit_code == 1
    *errors, last = result.output.splitlines()
    assert errors and all(": feil [" in line for line in errors), errors
    assert last == ("render: postene har 1 feil; ingen sider ble laget: rett den først "
                    "(privacy check viser alle problemene)")


def test_an_audience_naming_a_missing_activity_is_reported(sample_root: Path) -> None:
    edit_yaml(sample_root / "records" / "statement.yaml", "activities: [accounting]",
              "activities: [accounting, payroll]")
    result = render(sample_root)
    # The gate finds it first, at its line (the renderer's own RenderError is the backstop).
    assert result.exit_code == 1
    assert "records/statement.yaml:33:30: error [references-exist]" in result.output
    assert "nothing was rendered" in result.output


def test_the_committed_pages_match_the_records() -> None:
    """What `privacy render --check` enforces on main: docs/ is the records' rendering."""
    repo = Path(__file__).resolve().parents[1]
    result = render(repo, check=True)
    assert result.exit_code == 0, result.output
