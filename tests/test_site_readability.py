"""LIX of the built nb pages, measured on the real records' site (issue 11).

The measurements come from the build summary (``site.page_readability``), so the test and
``privacy build`` read the same numbers. The targets of issue 11 (the first layer at LIX 40
or below, each situation page at 45 or below) are ``readability.PAGE_TARGETS``.
"""

from __future__ import annotations

from pathlib import Path

from privacy_as_code.loader import load_file
from privacy_as_code.readability import PAGE_TARGETS, Measure
from privacy_as_code.site import page_readability
from tests.site_fixtures import REPO, Said

AUDIENCES = [a["id"] for a in load_file(REPO / "records" / "statement.yaml",
                                        "records/statement.yaml").data["audiences"]]

FIRST_LAYER = "/"
SITUATIONS = "situations/"
"""The situations' short index, and under it one page per readers' situation."""
SHARED = "shared/"
"""What several situations share, written once: read as a situation page (the same target)."""


def layers(site_dir: Path) -> tuple[Measure, dict[str, Measure]]:
    """The measure of the built nb first layer, and of each situation page (and the shared page
    they link to) by path."""
    pages = dict(page_readability(site_dir))
    return pages[FIRST_LAYER], {name: m for name, m in pages.items()
                                if name.startswith(SITUATIONS) or name == SHARED}


def test_the_build_summary_measures_every_nb_page(built_real: Path) -> None:
    pages = dict(page_readability(built_real))
    assert FIRST_LAYER in pages and SITUATIONS in pages and SHARED in pages
    # One page per situation of the records, each measured (issue 11).
    assert len([name for name in pages if name.startswith(SITUATIONS)]) == 1 + len(AUDIENCES)
    assert not any(name.startswith("en/") for name in pages)
    assert all(m.words > 0 and m.sentences > 0 for m in pages.values())


def test_privacy_build_prints_the_lix_of_each_nb_page(real_build: Said) -> None:
    assert real_build.outcome.readability == page_readability(real_build.site_dir)
    lines = real_build.output.splitlines()
    for name, measure in real_build.outcome.readability:
        assert any(line.split()[:3] == [name, "LIX", f"{measure.lix:.0f}"] for line in lines), name


# Measured 2026-11-30 after issue 11 (one page per situation, the first layer as cards, plainer
# catalogue wording; before: the first layer 47, the one situations page 45.x), then after the
# shared page (text several situations share written once: job applicants 41 -> 37, supplier
# contacts 42 -> 38, ...), then after each reader is told what is true for them (a zero period
# says "when <event>" instead of "straks", a recipient's open country is "land ikke avklart
# ennå", the referees' own summary and rules: +1 on most pages, job applicants 37 -> 39,
# referees 34 -> 35), then after "how long" is said once on a situation page, one sentence per
# rule (-1 or -2 where the pointer line said it: supplier contacts 39 -> 37, referees 35 -> 34).
# Update the pin when the pages change on purpose, and say so in the commit.
PINNED = {"/": 32, "situations/": 31, "shared/": 41, "situations/client-contacts/": 39,
          "situations/enquirers/": 33, "situations/event-participants/": 41,
          "situations/job-applicants/": 39, "situations/newsletter-subscribers/": 36,
          "situations/referees/": 34, "situations/rights-requesters/": 38,
          "situations/subcontracted-consultants/": 35, "situations/subcontractor-employees/": 37,
          "situations/supplier-contacts/": 37, "situations/talent-pool/": 37,
          "situations/website-visitors/": 38}


def test_the_current_values_are_pinned(built_real: Path) -> None:
    first, situations = layers(built_real)
    measured = {FIRST_LAYER: round(first.lix), **{n: round(m.lix) for n, m in situations.items()}}
    assert measured == PINNED


def test_the_first_layer_reads_at_lix_40_or_below(built_real: Path) -> None:
    first, _ = layers(built_real)
    assert first.lix <= PAGE_TARGETS["first_layer"]


def test_each_situation_page_reads_at_lix_45_or_below(built_real: Path) -> None:
    _, situations = layers(built_real)
    assert situations
    too_hard = {name: round(m.lix) for name, m in situations.items()
                if m.lix > PAGE_TARGETS["situation"]}
    assert not too_hard


def test_the_rights_and_contact_pages_read_at_lix_40_or_below(built_real: Path) -> None:
    """The pages every situation page links to read as plainly as the first layer (measured
    2026-11-30: rights 43 -> 39.6, contact 48 -> 36.1, by plainer record and catalogue wording
    and the processors' names said once, on the recipients page)."""
    pages = dict(page_readability(built_real))
    assert {name: round(pages[name].lix, 1) for name in ("rights/", "contact/")
            if pages[name].lix > PAGE_TARGETS["first_layer"]} == {}
