"""Issue 11: text shared by several situations is written once, and each situation page still
tells its reader everything (Art. 13/14), the shared part one click away and named.

The measure reads the rendered situation pages of both languages: a line of an activity's
section that stands on two or more situation pages is text written more than once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from privacy_as_code.i18n import all_words
from privacy_as_code.project import load_project
from privacy_as_code.public import PublicView, view_of
from privacy_as_code.render import render_pages
from privacy_as_code.render.layout import SHARED_PAGE, STATEMENT
from privacy_as_code.render.markdown import anchor
from privacy_as_code.render.sharing import ITEMS, shared_activities
from tests.conftest import MINIMAL, REPO
from tests.site_fixtures import SAMPLE, situation_pages

PROJECTS = {"records": REPO, "sample": SAMPLE, "minimal": MINIMAL}

MIN_WORDS = 12
"""Shorter lines are labels ("**Hvor vi får dem fra:**"), headings and one-line facts
("**Overføring til land utenfor EU/EØS:** ingen") that a page needs to be read alone."""
MAX_REPEATED_WORDS = 80
"""Words a language's situation pages may repeat in all (about 2,500 before the shared page).
What stays on each page on purpose: the Art. 21(4) notice on direct marketing, which the law
wants brought explicitly to the reader's attention and presented separately from other
information, and each activity's "your rights here" sentence, the rights its bases give that
reader (Art. 13(2)(b)), which two situations with the same bases word alike."""

HEADING = re.compile(r"^#{1,6} .*?(?:\{#([^}]+)\})?$")
POINTER = re.compile(r"\]\(\.\./(?!situations/)[^)]+\)")
"""A link from a situation page to another page of the statement (the shared page, the rights
page): a line holding one is the one-line summary of what is written once there."""


def repeated_words(pages: dict[str, str]) -> tuple[int, list[str]]:
    """Words in lines of the same section (an activity's, the rights', ...) that stand on two or
    more of ``pages`` (situation page stem -> Markdown), counted once per extra page; and those
    lines. Pointer lines (:data:`POINTER`) and short lines (:data:`MIN_WORDS`) are not counted."""
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, text in pages.items():
        section = ""
        for line in text.splitlines():
            line = line.strip()
            heading = HEADING.match(line)
            if heading:
                section = heading.group(1) or line
                continue
            if line.startswith(("<!--", "---", "title:")) or len(line.split()) < MIN_WORDS:
                continue
            if POINTER.search(line):
                continue
            where[(section, line.removeprefix("- "))].add(name)
    repeated = {key: names for key, names in where.items() if len(names) > 1}
    total = sum(len(line.split()) * (len(names) - 1) for (_, line), names in repeated.items())
    return total, sorted(line for _, line in repeated)


@pytest.fixture(scope="module")
def real_pages() -> dict[str, str]:
    return render_pages(load_project(REPO))


@pytest.mark.parametrize("lang", [w.lang for w in all_words()])
def test_situation_pages_write_shared_text_once(real_pages: dict[str, str], lang: str) -> None:
    total, lines = repeated_words(situation_pages(real_pages, lang))
    assert total <= MAX_REPEATED_WORDS, lines


def test_the_measure_sees_an_activity_written_out_on_two_pages() -> None:
    """The accounting block as the pages wrote it before: the same rules on each page."""
    rule = ("- Primærdokumentasjon: fakturaer, bilag og dokumentasjon av bokførte opplysninger: "
            "5 år etter utløpet av regnskapsåret, så sletter vi dem.")
    page = f"# Du\n\n## Avtaler {{#contracts-accounting}}\n\n**Hvor lenge vi lagrer dem:**\n\n{rule}\n"
    total, lines = repeated_words({"a": page, "b": page, "c": page})
    assert total == 2 * len(rule.removeprefix("- ").split()) and len(lines) == 1
    # The same line under two different activities is two texts, each written once.
    other = page.replace("contracts-accounting", "recruitment")
    assert repeated_words({"a": page, "b": other}) == (0, [])
    # A one-line summary linking to where the text is written once is no repetition.
    pointer = page.replace(rule, rule + " [Les mer](../shared.md#contracts-accounting).")
    assert repeated_words({"a": pointer, "b": pointer}) == (0, [])


@pytest.fixture(scope="module", params=list(PROJECTS))
def view(request: pytest.FixtureRequest) -> PublicView:
    return view_of(load_project(PROJECTS[request.param]))


def test_nothing_is_lost_when_shared_text_moves(view: PublicView) -> None:
    """For every situation, the items its page keeps and those of every shared group it belongs
    to are exactly what the public view tells that reader: each item once, none dropped."""
    shared = shared_activities(view.audiences)
    for audience in view.audiences:
        for part in audience.parts:
            sharing = shared.get(part.activity)
            if sharing is None:
                continue
            assert audience.id in sharing.audiences and len(sharing.audiences) >= 2
            assert sharing.groups[0].everyone and sharing.groups[0].audiences == sharing.audiences
            mine = [g.part for g in sharing.groups if audience.id in g.audiences]
            for field in ITEMS:
                told = list(getattr(sharing.own[audience.id], field))
                told += [item for p in mine for item in getattr(p, field)]
                assert len(told) == len(getattr(part, field)), (audience.id, part.activity, field)
                assert all(item in told for item in getattr(part, field)), (audience.id, field)
            for group in sharing.groups:
                assert len(group.audiences) >= 2


def test_a_shared_item_is_told_to_each_of_its_situations_and_an_own_item_to_one() -> None:
    view = view_of(load_project(REPO))
    shared = shared_activities(view.audiences)
    parts = {(a.id, p.activity): p for a in view.audiences for p in a.parts}
    assert shared, "the real records have activities several situations share"
    for sharing in shared.values():
        for group in sharing.groups:
            for field in ITEMS:
                for item in getattr(group.part, field):
                    holders = [a for a in sharing.audiences
                               if item in getattr(parts[(a, sharing.activity)], field)]
                    assert holders == list(group.audiences)
        for aid, own in sharing.own.items():
            for field in ITEMS:
                for item in getattr(own, field):
                    assert [a for a in sharing.audiences
                            if item in getattr(parts[(a, sharing.activity)], field)] == [aid]


@pytest.mark.parametrize("project", list(PROJECTS))
def test_each_shared_activity_is_one_click_away_and_named(project: str) -> None:
    loaded = load_project(PROJECTS[project])
    view = view_of(loaded)
    pages = render_pages(loaded)
    shared = shared_activities(view.audiences)
    for w in all_words():
        page = pages[f"{w.lang}/{SHARED_PAGE}"]
        assert page.startswith(f"# {w.page['shared_title']}")
        if not shared:
            assert w.page["shared_none"] in page
        by_name = situation_pages(pages, w.lang)
        for audience in view.audiences:
            text = by_name[anchor(audience.id)]
            for part in audience.parts:
                if part.activity not in shared:
                    continue
                slug = anchor(part.activity)
                assert f"{{#{slug}}}" in page, (w.lang, slug)
                assert f"](../{SHARED_PAGE}#{slug})" in text, (w.lang, audience.id, slug)
                # The situation's page links back from the shared section.
                section = page.split(f"{{#{slug}}}")[1].split("\n## ")[0]
                assert f"](situations/{anchor(audience.id)}.md)" in section


def test_the_shared_page_is_in_both_navigations_under_the_same_name() -> None:
    assert SHARED_PAGE in STATEMENT.pages
    for lang in [w.lang for w in all_words()]:
        config = (REPO / STATEMENT.config_file(lang)).read_text("utf-8")
        assert re.search(rf"^  - [^:\n]+: {re.escape(SHARED_PAGE)}$", config, re.MULTILINE), lang
        assert (REPO / "docs" / lang / SHARED_PAGE).is_file()


def test_the_measure_fails_on_the_pages_before_the_shared_page() -> None:
    """The committed pages of the commit before this change (all accounting written out four
    times) fail the measure; kept as a fixture so the test runs without git history."""
    fixture = Path(__file__).parent / "fixtures" / "repeated-situations"
    for lang in ("nb", "en"):
        pages = {p.stem: p.read_text("utf-8") for p in sorted((fixture / lang).glob("*.md"))}
        assert pages
        total, _ = repeated_words(pages)
        assert total > 5 * MAX_REPEATED_WORDS, (lang, total)


@pytest.mark.parametrize("project", list(PROJECTS))
def test_a_situation_says_how_long_once_each_rule_a_sentence(project: str) -> None:
    """The pointer line says how long only when the situation's own retention rules do not
    follow it (a legal reader's review: the referees' page said them twice), one sentence
    per rule ("…(forslag). Hvis du får jobben: …", not "…(forslag); Hvis …")."""
    pages = render_pages(load_project(PROJECTS[project]))
    for w in all_words():
        pointer_label = w.page["shared_how_long"].split("{")[0]
        own_label = f"**{w.page['how_long']}:**"
        for name, text in situation_pages(pages, w.lang).items():
            for section in text.split("\n## ")[1:]:
                assert not (pointer_label in section and own_label in section), (w.lang, name)
                for line in section.splitlines():
                    if pointer_label in line:
                        said = line.split(pointer_label)[1]
                        assert not re.search(r"; [A-ZÆØÅ]", said), (w.lang, name, said)
