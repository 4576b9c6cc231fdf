"""Issue 11: one page per readers' situation, a first layer that leads to each, and wording
that reads as written by a person.

The Art. 13/14 items are checked over the public view and the renderer's context (what each
situation page is made from), not over strings; the wording checks are classes of fault
(nested brackets, an unclear list), run over every page the real records and the sample give.
"""

from __future__ import annotations

import re

import pytest

from privacy_as_code import law
from privacy_as_code.i18n import all_words, words
from privacy_as_code.project import load_project
from privacy_as_code.public import PublicView, view_of
from privacy_as_code.render import render_pages
from privacy_as_code.render.layout import STATEMENT, situation_page, statement_pages
from privacy_as_code.render.markdown import Md
from privacy_as_code.render.pages import View
from tests.conftest import MINIMAL, REPO
from tests.site_fixtures import SAMPLE

PROJECTS = {"records": REPO, "sample": SAMPLE, "minimal": MINIMAL}


@pytest.fixture(scope="module", params=list(PROJECTS))
def view(request: pytest.FixtureRequest) -> PublicView:
    return view_of(load_project(PROJECTS[request.param]))


def test_every_audience_has_every_art_13_14_item_in_the_public_view(view: PublicView) -> None:
    """What a situation page must tell its reader (Art. 13(1)-(2), 14(1)-(2)), per activity
    that concerns them: purposes each with a basis, the data categories, how long (every
    retention rule), recipients or none, transfers or none, where the data comes from,
    whether decisions are automated, and the rights their bases give."""
    assert view.audiences
    for audience in view.audiences:
        assert audience.parts, audience.id
        assert audience.bases and set(audience.rights) == set(law.rights_of(audience.bases))
        for part in audience.parts:
            where = (audience.id, part.activity)
            data = view.activities[part.activity].data
            assert part.purposes and all(p.bases for p in part.purposes), where  # 13(1)(c)
            assert part.categories, where                                         # 14(1)(d)
            assert part.retention, where                                          # 13(2)(a)
            assert "recipients" in data and "transfers" in data, where            # 13(1)(e)-(f)
            assert part.sources, where                                            # 14(2)(f)
            assert "automated_decisions" in data, where                           # 13(2)(f)
            assert set(part.rights) <= set(audience.rights), where                # 13(2)(b)-(c)


def test_each_situation_page_is_made_from_every_item_of_its_reader(view: PublicView) -> None:
    """The renderer's context for each situation page carries every item of the view: one
    section per activity, one retention line per rule, each basis, each source; and the first
    layer one labelled retention line per rule."""
    for w in all_words():
        context = View(view, w, base="../").context()
        assert [a["id"] for a in context["audiences"]] == [a.id for a in view.audiences]
        for shown, audience in zip(context["audiences"], view.audiences, strict=True):
            assert shown["page"] == "../" + situation_page(audience.id)
            assert [a["id"] for a in shown["activities"]] == [p.activity for p in audience.parts]
            for activity, part in zip(shown["activities"], audience.parts, strict=True):
                assert len(activity["retention"]) == len(part.retention)
                assert len(activity["retention_short"]) == len(part.retention)
                assert sum(len(g["texts"]) for g in activity["purposes"]) == len(part.purposes)
                assert len(activity["sources"]) == len(part.sources)
                assert len(activity["categories"]) == len(part.categories)
                assert activity["rights"]
            assert len(shown["how_long"]) <= sum(len(p.retention) for p in audience.parts)
            assert shown["how_long"] or not any(p.retention for p in audience.parts)


@pytest.mark.parametrize("project", list(PROJECTS))
def test_one_page_per_situation_with_the_same_name_in_every_language(project: str) -> None:
    loaded = load_project(PROJECTS[project])
    pages = render_pages(loaded)
    ids = [a.id for a in view_of(loaded).audiences]
    for w in all_words():
        names = {rel.removeprefix(f"{w.lang}/") for rel in pages
                 if rel.startswith(f"{w.lang}/") and rel.endswith(".md")}
        assert names == set(statement_pages(ids))
        index = pages[f"{w.lang}/index.md"]
        for aid in ids:  # one click: the first layer links each situation's page
            assert f"]({situation_page(aid)})" in index, (w.lang, aid)
    assert set(STATEMENT.pages) < set(statement_pages(ids))


# --- wording: classes of fault ------------------------------------------------------------

LINK_TARGET = re.compile(r"\]\([^)]*\)")
CITATION = re.compile(r"(?<=\d)(?:\(\w{1,4}\))+")
"""A paragraph number glued to its article, "Art. 7(3)", "6(1)(f)": part of a citation."""


def nested_brackets(text: str) -> list[str]:
    """Lines with a bracket inside a bracket ("Fra andre (Navn (e-post))"); link targets
    ``](...)``, citations ("Art. 7(3)") and the generated header are not prose."""
    found = []
    for line in text.splitlines():
        if line.startswith("<!--"):
            continue
        depth = 0
        for char in CITATION.sub("", LINK_TARGET.sub("]", line)):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth > 1:
                found.append(line)
                break
    return found


@pytest.mark.parametrize("project", ["records", "sample"])
def test_no_reader_page_nests_brackets(project: str) -> None:
    pages = render_pages(load_project(PROJECTS[project]))
    found = {rel: nested_brackets(text) for rel, text in pages.items()
             if rel.endswith(".md") and not rel.startswith("guide/")}
    assert {rel: lines for rel, lines in found.items() if lines} == {}


def test_the_bracket_check_sees_a_nested_bracket() -> None:
    assert nested_brackets("- Fra andre (Navn og kontaktopplysninger (e-post, telefon)): x")
    assert not nested_brackets("[a (b)](https://x.example/(c)) (d)")
    assert not nested_brackets("Withdrawing consent (Art. 7(3)); consent (Art. 6(1)(a))")


@pytest.mark.parametrize(("items", "nb", "en"), [
    (["navn", "e-post"], "navn og e-post", "navn and e-post"),
    (["navn", "e-post", "telefon"], "navn, e-post og telefon", "navn, e-post and telefon"),
    # An item that holds the conjunction itself: a comma before the last item shows where
    # each ends ("navn og e-post, og arbeidsgiver og stilling").
    (["navn og e-post", "arbeidsgiver og stilling"], "navn og e-post, og arbeidsgiver og stilling",
     "navn og e-post and arbeidsgiver og stilling"),
    (["name and e-mail", "employer"], "name and e-mail og employer", "name and e-mail, and employer"),
])
def test_lists_are_joined_as_a_person_would(items: list[str], nb: str, en: str) -> None:
    view = view_of(load_project(MINIMAL))
    assert View(view, words("nb")).listing(items) == nb
    assert View(view, words("en")).listing(items) == en


def test_names_inside_a_sentence_use_in_sentence_where_the_record_gives_it() -> None:
    view = view_of(load_project(REPO))
    nb, en = View(view, words("nb")), View(view, words("en"))
    newsletter = view.activities["newsletter"].data
    assert nb.name_in_sentence(newsletter) == "nyhetsbrevet"
    assert en.name_in_sentence(newsletter) == "the newsletter"
    assert nb.activity_names(["client_relationships", "newsletter"]) == Md(
        "salg og kundeoppfølging, og nyhetsbrevet")
    assert nb.vocab_in_sentence("data_categories", "contact_details")[0].islower()
    # Without in_sentence, the name stands as written (a new record is not mangled).
    minimal = View(view_of(load_project(MINIMAL)), words("nb"))
    first = next(iter(minimal.activities.values()))
    assert minimal.name_in_sentence(first) == words("nb").text(first["name"])


def test_a_page_with_front_matter_keeps_it_first_and_is_still_known_as_generated() -> None:
    """MkDocs reads front matter only at the very top, so the generated header follows it; the
    digest still covers the whole page, so a hand edit anywhere is seen."""
    from privacy_as_code.render import output

    body = '---\ntitle: "Du søker jobb hos oss"\n---\n\n# Du søker jobb hos oss {#for_you}\n'
    text = output.with_header(body)
    assert text.startswith('---\ntitle: "Du søker jobb hos oss"\n---\n' + output.HEADER + "\n")
    assert output.split_generated(text) == (output.digest(body), body)
    assert output.is_intact(text)
    assert not output.is_intact(text.replace("title: \"Du", "title: \"Hei"))
    assert not output.is_intact(text.replace("# Du søker", "# Du sender"))
    plain = "---\ntitle: x\n---\n# A page someone wrote\n"
    assert output.split_generated(plain) == (None, plain)


def test_a_situation_page_title_is_escaped_for_the_front_matter() -> None:
    title = View.meta_title('Du er "kunde" <b> & mer: ja')
    assert title == '"Du er \\"kunde\\" &lt;b&gt; &amp; mer: ja"'
