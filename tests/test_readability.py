"""LIX and sentence length on real sentences, counted by hand; the plain-language rule's words;
the prose of a built page."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_as_code.checker import check_project
from privacy_as_code.loader import load_file
from privacy_as_code.readability import LIMITS, measure, page_lix, page_text
from tests.conftest import FIXTURES, REPO
from tests.test_rules import build

OBJECTION = (
    "Når vi behandler opplysninger om deg på grunnlag av berettiget interesse, har du rett til "
    "å protestere mot behandlingen på grunn av din særlige situasjon. Da stanser vi "
    "behandlingen, med mindre vi påviser tvingende berettigede grunner som går foran dine "
    "interesser, rettigheter og friheter, eller behandlingen er nødvendig for å fastsette, "
    "gjøre gjeldende eller forsvare rettskrav.")


def counts(text: str) -> tuple[int, int, int, int]:
    m = measure(text)
    return m.words, m.sentences, m.long_words, m.longest_sentence


def test_the_objection_right_of_the_2026_11_review() -> None:
    # By hand: 25 + 31 words in two sentences; long (over six letters): behandler,
    # opplysninger, grunnlag, berettiget, interesse, protestere, behandlingen, særlige,
    # situasjon (9) and stanser, behandlingen, påviser, tvingende, berettigede, grunner,
    # interesser, rettigheter, friheter, behandlingen, nødvendig, fastsette, gjeldende,
    # forsvare, rettskrav (15). LIX = 56/2 + 100*24/56 = 70.86; the review measured 71.
    assert counts(OBJECTION) == (56, 2, 24, 31)
    assert measure(OBJECTION).lix == pytest.approx(28 + 2400 / 56)
    assert measure(OBJECTION).longest_start == "Da stanser vi behandlingen, med mindre"


@pytest.mark.parametrize(("text", "start"), [
    ("Kort. Her er den lengste setningen av dem.", "Her er den lengste setningen av"),
    ("Kort... Her er den lengste setningen av dem!", "Her er den lengste setningen av"),
    ("Kort?!\n\nHer er den lengste setningen av dem", "Her er den lengste setningen av"),
])
def test_a_message_names_the_longest_sentence_by_its_own_first_words(text: str,
                                                                      start: str) -> None:
    """Not from the stops before it: the "..." that ended the sentence before."""
    assert measure(text).longest_start == start


def test_the_real_intro_scores_what_the_review_measured() -> None:
    statement = load_file(REPO / "records" / "statement.yaml", "statement.yaml").data
    intro = statement["intro"]["nb"]
    if not intro.startswith("Denne erklæringen forklarer hvilke personopplysninger"):
        pytest.skip("the intro has been rewritten since the 2026-11 review")
    assert round(measure(intro).lix) == 45


@pytest.mark.parametrize(("text", "expected"), [
    # words, sentences, long words, longest sentence
    ("Vi lagrer navnet ditt. Deretter sletter vi det.", (8, 2, 2, 4)),
    # abbreviations with inner full stops are one short word and end nothing
    ("Vi lagrer f.eks. navn og e-post, bl.a. for å svare deg.", (11, 1, 0, 11)),
    ("Vi har kontor i f.eks. Oslo og Bergen.", (8, 1, 0, 8)),
    # single-dot abbreviations; § is a sign, not a word; numbers are words
    ("Se bokføringsloven § 13 nr. 2, jf. § 14.", (7, 1, 1, 7)),
    ("Vi lagrer dem i 6 måneder fra 1.1.2026, jf. art. 6(1)(f).", (11, 1, 1, 11)),
    # osv. before a capital ends a sentence
    ("Vi lagrer navn, adresse osv. Deretter sletter vi dem.", (9, 2, 3, 5)),
    ("Vi lagrer navn, adresse m.m. Deretter sletter vi dem.", (9, 2, 3, 5)),
    # e-mail and web addresses: one short word each; their dots end nothing
    (("Skriv til personvern@cloudberries.no. Les mer på "
      "https://www.datatilsynet.no/rettigheter-etter-personvernregelverket/."), (7, 2, 0, 4)),
    ("Les mer på datatilsynet.no. Takk.", (5, 2, 0, 4)),
    # hyphens do not count as letters: e-post has five, IT-system eight
    ("IT-system og e-post", (3, 1, 1, 3)),
    # line breaks, question and exclamation marks end sentences; colons do not
    ("Navn\nE-postadresse", (2, 2, 1, 1)),
    ("Hva gjør vi? Vi sletter!", (5, 2, 1, 3)),
    ("Vi lagrer: navn og e-post.", (5, 1, 0, 5)),
    # English, the same counting
    ("We keep your data for six months. Then we delete it.", (11, 2, 0, 7)),
    ("See Art. 6(1)(f), e.g. for events etc. Then we stop.", (10, 2, 0, 7)),
    ("", (0, 0, 0, 0)),
    ("§ – ()", (0, 0, 0, 0)),
])
def test_counting(text: str, expected: tuple[int, int, int, int]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(("text", "value"), [
    ("Vi lagrer navnet ditt. Deretter sletter vi det.", 8 / 2 + 100 * 2 / 8),
    ("Se bokføringsloven § 13 nr. 2, jf. § 14.", 7 + 100 / 7),
    ("Vi lagrer navn, adresse osv. Deretter sletter vi dem.", 9 / 2 + 100 * 3 / 9),
    ("", 0.0),
])
def test_lix(text: str, value: float) -> None:
    assert measure(text).lix == pytest.approx(value)


def test_limits_cover_both_languages() -> None:
    assert set(LIMITS) == {"nb", "en"}
    assert all(limit.min_words <= limit.sentence_words for limit in LIMITS.values())


# --- the rule's words ---------------------------------------------------------------------

def test_the_warning_names_the_measure_the_value_and_the_limit(tmp_path: Path) -> None:
    root, _ = build(FIXTURES / "failing" / "plain-language", tmp_path)
    _, result = check_project(root)
    messages = {(Path(f.path).name, f.line, f.column): (f.severity, f.message)
                for f in result.findings}
    severity, message = messages[("newsletter.yaml", 7, 7)]
    assert severity == "warning"
    assert message == ("the Norwegian text is hard to read: LIX 85 (limit 50; words per sentence "
                       "+ percentage of words over six letters); write shorter sentences and "
                       "everyday words")
    assert messages[("newsletter.yaml", 9, 7)][1] == (
        "the English text is hard to read: the sentence 'We send you the newsletter by ...' has "
        "35 words (limit 30); write shorter sentences and everyday words")
    assert not result.failed(strict=False) and result.failed(strict=True)


# --- built pages --------------------------------------------------------------------------

PAGE = """<!doctype html><html lang="nb"><head><title>Personvern</title>
<script>var lang = "nb";</script></head><body>
<header>Cloudberries Personvernerklæring</header>
<nav class="md-nav"><a href="/">Personvernerklæring</a><a href="/rights/">Rettighetene</a></nav>
<main><article class="md-content__inner">
<h1 id="personvern">Personvern<a class="headerlink" href="#personvern">¶</a></h1>
<p>Vi lagrer navnet ditt. Deretter sletter vi det.</p>
<ul><li>Navn</li><li>E-postadresse</li></ul>
<table><tr><th>Hva</th><td>Seks måneder</td></tr></table>
<pre><code>privacy check --strict</code></pre>
<button>Kopier</button>
</article></main>
<footer>Laget med Material for MkDocs</footer></body></html>"""


def test_page_text_is_the_article_without_navigation_code_and_headings() -> None:
    words = page_text(PAGE).split()
    assert words == ["Vi", "lagrer", "navnet", "ditt.", "Deretter", "sletter",
                     "vi", "det.", "Navn", "E-postadresse", "Hva", "Seks", "måneder"]


def test_page_lix_counts_items_and_cells_as_lines() -> None:
    # Vi lagrer navnet ditt. | Deretter sletter vi det. | Navn | E-postadresse | Hva | Seks
    # måneder: 13 words, 6 sentences, long: Deretter, sletter, E-postadresse, måneder (4).
    m = page_lix(PAGE)
    assert (m.words, m.sentences, m.long_words) == (13, 6, 4)
    assert m.lix == pytest.approx(13 / 6 + 400 / 13)
