"""The built site in a real browser (Playwright driving Debian's chromium).

The site is the repository's own records, rendered and built once per session
into a temporary folder and served on 127.0.0.1: the statement and the editors'
guide, both languages. Every request is intercepted: anything not addressed to
the site's own origin (scheme, host and port) is blocked and fails the test,
and so does any JavaScript dialog (an ``alert`` from an injected script) or
uncaught page error. A full-page screenshot of every page is saved under
test-artifacts/screenshots/ for people to look at.

The website page ("Dette nettstedet") makes three claims the browser can check:
nothing is loaded from other websites (every request stays on the origin), what
is typed into the search field is not sent and never becomes part of an
address, and nothing is stored but what records/statement.yaml declares.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote_plus, urlsplit

import pytest

from privacy_as_code.i18n import languages, words
from privacy_as_code.loader import load_file
from privacy_as_code.project import load_project
from privacy_as_code.public import is_open, is_proposed, view_of
from privacy_as_code.render.layout import (
    GUIDE,
    SECTIONS,
    SHARED_PAGE,
    SITUATIONS,
    STATEMENT,
    situation_page,
    statement_pages,
)
from privacy_as_code.site import serve_in_thread
from tests.site_fixtures import REPO, build, make_project

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
SWITCHER = {"nb": "Velg språk", "en": "Select language"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
STATEMENT_RECORD = load_file(REPO / "records" / "statement.yaml", "records/statement.yaml").data
AUDIENCES = tuple(a["id"] for a in STATEMENT_RECORD["audiences"])
"""The readers' situations of the real records, in their order."""
VIEW = view_of(load_project(REPO))
"""The real records' public view: what the pages may say, per readers' situation."""
READER_PAGES = statement_pages(AUDIENCES)
"""The statement's pages: the fixed ones and one per situation (situations/<situation>.md)."""
FIRST_LAYER = "index.md"
SITUATION_PAGES = (*(name for name in READER_PAGES if name.startswith(f"{SITUATIONS}/")), SHARED_PAGE)
"""The situations' index, one page per situation, and the page of what several share, which a
situation's reader reads as part of their own (the same limits)."""
MAX_SCREENS = {"first_layer": 2, "situation": 5}
"""Issue 11: at 1280 x 900 the first layer is at most two screens tall, a situation page five."""


def page_path(name: str) -> str:
    """``index.md`` -> ``""``, ``rights.md`` -> ``rights/``."""
    stem = name.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("index") else stem + "/"


def every_page() -> list[tuple[str, str, str]]:
    """``(lang, path under the site root, screenshot name)`` of every page of every section:
    ``("en", "guide/en/rules/", "en-guide-rules")``."""
    return [(lang, section.served(lang) + page_path(name),
             "-".join(filter(None, (lang, section.folder, name[:-3].replace("/", "-")))))
            for section in SECTIONS for lang in languages() for name in pages_of(section)]


def pages_of(section) -> tuple[str, ...]:
    """A section's pages: the statement's include one per situation of the real records."""
    return READER_PAGES if section is STATEMENT else section.pages


def origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


@pytest.fixture(scope="session")
def site_url(built_real: Path) -> Iterator[str]:
    server, url = serve_in_thread(built_real)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium "
                    "(run .ci/ensure-chromium, or apt-get install chromium)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


class Watch:
    """What a page did that it must not: requests leaving the site, dialogs, errors; and
    every request it made (``requests``), for the tests that look at what was sent."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.headers: list[str] = []
        """Every header value of every request (a Referer could carry an address on)."""


def _watched(browser, site_url: str, viewport: dict[str, int]) -> tuple[object, Watch]:
    watch = Watch()
    ctx = browser.new_context(viewport=viewport, locale="nb-NO")
    site = origin(site_url)

    def route(route) -> None:
        url = route.request.url
        watch.requests.append(url)
        watch.headers.extend(route.request.headers.values())
        if url.startswith(("data:", "blob:")) or origin(url) == site:
            route.continue_()
        else:
            watch.external.append(url)
            route.abort("blockedbyclient")

    ctx.route("**/*", route)
    ctx.on("page", lambda page: (
        page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss())),
        page.on("pageerror", lambda e: watch.errors.append(str(e))),
    ))
    return ctx, watch


def _check(ctx, watch: Watch) -> None:
    ctx.close()
    assert watch.external == [], f"requests left the site's origin: {watch.external}"
    assert watch.dialogs == [], f"a script opened a dialog: {watch.dialogs}"
    assert watch.errors == [], f"JavaScript errors: {watch.errors}"


@pytest.fixture
def context(browser, site_url: str) -> Iterator[tuple[object, Watch]]:
    """A desktop browser (1280 x 900) whose every request, dialog and error is watched."""
    ctx, watch = _watched(browser, site_url, DESKTOP)
    yield ctx, watch
    _check(ctx, watch)


@pytest.fixture
def phone(browser, site_url: str) -> Iterator[tuple[object, Watch]]:
    """The same on a phone's viewport (390 x 844)."""
    ctx, watch = _watched(browser, site_url, PHONE)
    yield ctx, watch
    _check(ctx, watch)


# --- measurements ---------------------------------------------------------------------

def screens(page) -> float:
    """How many viewport heights the loaded page is tall."""
    return page.evaluate("document.documentElement.scrollHeight / window.innerHeight")


OVERFLOW = """() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
    // Content that sticks out of a box with overflow: visible is shown, not cut off; the
    // document check below catches it when it widens the page.
    if (getComputedStyle(el).overflowX === 'visible') continue;
    const box = el.getBoundingClientRect();
    // Off-screen drawers (the navigation on a phone) are not read until opened.
    if (box.right <= 0 || box.left >= window.innerWidth) continue;
    if (el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) {
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      found.push(`${name} (${el.scrollWidth} > ${el.clientWidth} px): `
                 + (el.innerText || '').trim().slice(0, 40).replace(/\\s+/g, ' '));
    }
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    found.push(`the document (${doc.scrollWidth} > ${window.innerWidth} px)`);
  }
  return found;
}"""
"""Every visible, on-screen element whose content is wider than a box that clips or scrolls
it (text cut off, or a sideways scroll bar), and the document when it is wider than the
viewport."""


def overflow(page) -> list[str]:
    return page.evaluate(OVERFLOW)


def measure_pages(ctx, site_url: str, names: tuple[str, ...], measure) -> dict[str, object]:
    """``measure(page)`` for each page in ``names``, in both languages: ``{"nb/index.md": ...}``."""
    page = ctx.new_page()
    results = {}
    for lang in languages():
        for name in names:
            page.goto(site_url + STATEMENT.served(lang) + page_path(name))
            results[f"{lang}/{name}"] = measure(page)
    return results


def declared_storage() -> set[str]:
    """What records/statement.yaml declares the generated privacy site stores (``generated: true``)."""
    statement = load_file(REPO / "records" / "statement.yaml", "records/statement.yaml").data
    (site,) = [site for site in statement["websites"] if site.get("generated") is True]
    return {entry["name"] for entry in site["storage"]}


def stored_keys(ctx, page) -> set[str]:
    keys = {c["name"] for c in ctx.cookies()}
    keys |= set(page.evaluate(
        "[...Object.keys(localStorage), ...Object.keys(sessionStorage), "
        "...document.cookie.split(';').map(c => c.split('=')[0].trim()).filter(Boolean)]"))
    return keys


def test_every_page_loads_is_accessible_and_is_photographed(context, site_url: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx, _ = context
    page = ctx.new_page()
    axe = Axe()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    problems = []
    pages = every_page()
    assert len(pages) == len(languages()) * (len(READER_PAGES) + len(GUIDE.pages))
    for lang, path, shot in pages:
        response = page.goto(site_url + path)
        assert response is not None and response.status == 200, path
        assert page.get_attribute("html", "lang") == lang
        assert page.locator("article h1").count() == 1
        page.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
        results = axe.run(page)
        if results.violations_count:
            problems.append(f"{path}:\n{results.generate_report()}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("start", "other", "section", "name"), [
    ("nb", "en", "statement", "rights.md"),
    ("en", "nb", "statement", "situations/index.md"),
    ("nb", "en", "statement", "situations/job-applicants.md"),
    ("en", "nb", "statement", "situations/newsletter-subscribers.md"),
    ("nb", "en", "statement", "index.md"),
    ("en", "nb", "statement", "changes.md"),
    ("nb", "en", "guide", "rules.md"),
    ("en", "nb", "guide", "index.md"),
    ("en", "nb", "guide", "fields.md"),
])
def test_the_language_switcher_stays_on_the_same_page(context, site_url: str, start: str,
                                                      other: str, section: str, name: str) -> None:
    ctx, _ = context
    part = {"statement": STATEMENT, "guide": GUIDE}[section]
    page = ctx.new_page()
    page.goto(site_url + part.served(start) + page_path(name))
    page.get_by_role("button", name=SWITCHER[start]).click()
    with page.expect_navigation():
        page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    assert page.url == site_url + part.served(other) + page_path(name)
    assert page.get_attribute("html", "lang") == other


def test_searching_samtykke_finds_the_consent_text(context, site_url: str) -> None:
    ctx, _ = context
    page = ctx.new_page()
    page.goto(site_url)
    page.locator("input.md-search__input").fill("samtykke")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    text = page.locator(".md-search-result__list").inner_text()
    assert "samtykke" in text.lower()
    assert "trekke" in text.lower()  # the text on withdrawing consent
    # Only the statement: the editors' guide (its rule catalogue says "samtykke" too) has
    # its own search index.
    links = page.locator(".md-search-result__link").evaluate_all("els => els.map(e => e.href)")
    assert links and not [link for link in links if link.startswith(site_url + "guide/")], links


def test_the_site_stores_only_what_the_records_declare(context, site_url: str) -> None:
    ctx, _ = context
    page = ctx.new_page()
    seen: set[str] = set()
    for _, path, _ in every_page():
        page.goto(site_url + path)
        seen |= stored_keys(ctx, page)
    # What a reader or editor does: search, then switch language, in both sections.
    for section, term in ((STATEMENT, "personvern"), (GUIDE, "retention")):
        page.goto(site_url + section.served("nb"))
        page.locator("input.md-search__input").fill(term)
        page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
        page.keyboard.press("Escape")
        page.get_by_role("button", name=SWITCHER["nb"]).click()
        with page.expect_navigation():
            page.locator('a.md-select__link[hreflang="en"]').click()
        seen |= stored_keys(ctx, page)
    undeclared = seen - declared_storage()
    assert not undeclared, (f"the site stores {sorted(undeclared)} in the browser, but "
                            "records/statement.yaml websites (generated: true) does not declare it")


SEARCH_TERM = {"nb": "nyhetsbrev", "en": "unsubscribe"}
"""Per language, a word of the statement's text (about the newsletter) that no page address
contains, so any address or request carrying it got it from the search field."""


def search_and_follow(ctx, watch: Watch, base: str, term: str) -> tuple[list[str], list[str]]:
    """Type ``term`` into the search field of the site at ``base`` key by key, follow the
    first section that matched, then go back. Returns (every request made while typing,
    every address, header, history state or stored value afterwards that carries the term)."""
    page = ctx.new_page()
    addresses: list[str] = []
    page.on("framenavigated", lambda frame: addresses.append(frame.url))
    page.goto(base)
    def carries(value: str) -> bool:
        return term in unquote_plus(value).lower()

    index = page.evaluate("fetch('search/search_index.json').then(r => r.json())")
    assert any(carries(doc["text"]) for doc in index["docs"]), "the term must find something"
    assert not [doc["location"] for doc in index["docs"] if carries(doc["location"])]
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_load_state("networkidle")  # the search index and worker are loaded
    before = len(watch.requests)
    box.press_sequentially(term, delay=30)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    typed = watch.requests[before:]
    with page.expect_navigation():
        # A section that matched (its link has a #fragment), not a page's title line
        # (visible: Material folds a page's further sections under "more on this page")
        page.locator('.md-search-result__link[href*="#"]:visible').first.click()
    page.wait_for_load_state("networkidle")
    seen = [*addresses, page.url, page.evaluate("location.href"),
            page.evaluate("JSON.stringify(history.state)"),
            page.evaluate("JSON.stringify({...localStorage}) + JSON.stringify({...sessionStorage})"
                          " + document.cookie")]
    page.go_back()
    page.wait_for_load_state("networkidle")
    seen += [page.url, *watch.requests, *watch.headers]
    return typed, [value for value in seen if value and carries(value)]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_website_page_says_only_what_the_browser_observes(context, site_url: str,
                                                               lang: str) -> None:
    """Its claims: nothing loaded from other websites, the search term not sent and in no
    address (and nothing stored: see the storage test)."""
    ctx, watch = context
    page = ctx.new_page()
    page.goto(site_url + STATEMENT.served(lang) + "website/")
    said = page.locator("article").inner_text()
    for claim in ("website_intro", "website_search"):
        assert words(lang).page[claim] in said, claim
    for _, path, _ in every_page():
        page.goto(site_url + path)
    assert watch.requests and all(origin(url) == origin(site_url) for url in watch.requests)
    typed, leaks = search_and_follow(ctx, watch, site_url + STATEMENT.served(lang),
                                     SEARCH_TERM[lang])
    assert typed == [], f"typing in the search field sent requests: {typed}"
    assert leaks == [], f"the search term left the search field: {leaks}"


def test_the_search_check_catches_a_term_in_an_address(browser, tmp_path: Path) -> None:
    """The check itself: with Material's search.highlight switched back on, the term is found
    in the result link the reader follows (?h=nyhetsbrev)."""
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "    - toc.follow\n", "    - toc.follow\n    - search.highlight\n"), "utf-8")
    outcome = build(root)
    assert outcome.exit_code == 0, outcome.output
    server, url = serve_in_thread(outcome.site_dir)
    try:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        watch = Watch()
        ctx.route("**/*", lambda route: (watch.requests.append(route.request.url),
                                         route.continue_()))
        typed, leaks = search_and_follow(ctx, watch, url, SEARCH_TERM["nb"])
        ctx.close()
    finally:
        server.shutdown()
        server.server_close()
    assert typed == []
    assert any("?h=nyhetsbrev" in leak for leak in leaks), leaks


def test_an_external_image_is_caught_in_the_browser(browser, tmp_path: Path,
                                                    site_url: str) -> None:
    """The guard itself: a page that loads from another server is noticed and blocked."""
    page_dir = tmp_path / "site"
    page_dir.mkdir()
    (page_dir / "index.html").write_text(
        '<!doctype html><html lang="en"><title>t</title>'
        '<img src="https://tracker.example/pixel.gif" alt=""></html>', "utf-8")
    server, url = serve_in_thread(page_dir)
    try:
        watch = Watch()
        ctx = browser.new_context()
        ctx.route("**/*", lambda route: (
            route.continue_() if urlsplit(route.request.url).hostname in LOCAL_HOSTS
            else (watch.external.append(route.request.url), route.abort())))
        ctx.new_page().goto(url, wait_until="load")
        ctx.close()
    finally:
        server.shutdown()
        server.server_close()
    assert watch.external == ["https://tracker.example/pixel.gif"]
    shutil.rmtree(page_dir)


# --- issue 11: phones first, and pages short enough to read -------------------------------

def test_every_page_is_photographed_on_a_phone_and_its_overflow_recorded(phone,
                                                                        site_url: str) -> None:
    """Phone screenshots (390 x 844) beside the desktop ones, and what is cut off, written to
    test-artifacts/phone-overflow.txt for people to look at (the target is the test below)."""
    ctx, _ = phone
    page = ctx.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = []
    for lang, path, shot in every_page():
        response = page.goto(site_url + path)
        assert response is not None and response.status == 200, path
        page.screenshot(path=str(ARTIFACTS / f"{shot}-phone.png"), full_page=True)
        report += [f"{lang} /{path}: {problem}" for problem in overflow(page)]
    (ARTIFACTS.parent / "phone-overflow.txt").write_text("\n".join(report) + "\n", "utf-8")


def test_the_measurements_see_what_they_measure(phone, site_url: str) -> None:
    """The helpers themselves: a planted wide table overflows, and a long page is tall."""
    ctx, _ = phone
    page = ctx.new_page()
    page.goto(site_url + "rights/")
    page.evaluate("""() => {
        const box = document.createElement('div');
        box.style.width = '200px'; box.style.overflowX = 'auto';
        box.innerHTML = '<table><tr><td style="white-space:nowrap">' + 'x'.repeat(200)
                        + '</td></tr></table>';
        document.querySelector('article').prepend(box);
        document.querySelector('article').style.minHeight = (10 * window.innerHeight) + 'px';
    }""")
    found = overflow(page)
    assert any(p.startswith(("div (", "table")) and "xxxxxxxx" in p for p in found), found
    assert screens(page) > 10


def test_no_reader_page_needs_sideways_scrolling_on_a_phone(phone, site_url: str) -> None:
    ctx, _ = phone
    found = measure_pages(ctx, site_url, READER_PAGES, overflow)
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_first_layer_is_at_most_two_screens_tall(context, site_url: str) -> None:
    ctx, _ = context
    found = measure_pages(ctx, site_url, (FIRST_LAYER,), screens)
    assert {name: round(height, 1) for name, height in found.items()
            if height > MAX_SCREENS["first_layer"]} == {}


def test_no_situation_page_is_more_than_five_screens_tall(context, site_url: str) -> None:
    ctx, _ = context
    found = measure_pages(ctx, site_url, SITUATION_PAGES, screens)
    assert found
    assert {name: round(height, 1) for name, height in found.items()
            if height > MAX_SCREENS["situation"]} == {}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_situation_is_one_click_from_the_first_layer(context, site_url: str,
                                                           lang: str) -> None:
    """Each card on the first page leads, in one click, to that situation's own page."""
    ctx, _ = context
    page = ctx.new_page()
    start = site_url + STATEMENT.served(lang)
    titles = [words(lang).text(a["title"]) for a in STATEMENT_RECORD["audiences"]]
    page.goto(start)
    cards = page.locator(".grid.cards.situations > ul > li")
    assert cards.count() == len(AUDIENCES)
    for audience, title in zip(AUDIENCES, titles, strict=True):
        page.goto(start)
        with page.expect_navigation():
            page.get_by_role("link", name=title, exact=True).first.click()
        assert page.url == start + page_path(situation_page(audience))
        assert page.locator("article h1").inner_text().removesuffix("¶") == title  # permalink


VOCABULARY = load_file(REPO / "records" / "vocabulary.yaml", "records/vocabulary.yaml").data


def _period_words(w, rule: dict) -> str:
    """How a page words a retention rule's period: its duration, or for a zero period
    from an event, the event's own "when" (vocabulary ``retention_events.<id>.when``)."""
    period = rule["period"].value if is_proposed(rule["period"]) else rule["period"]
    event = (VOCABULARY.get("retention_events") or {}).get(rule.get("from")) or {}
    if w.duration(period) == w.duration("P0D") and isinstance(event.get("when"), dict):
        return w.text(event["when"])
    return w.duration(period)


READERS = ("job_applicants", "client_contacts", "newsletter_subscribers")
"""The readers of issue 11's done-when: each finds how long and how to object or withdraw."""


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("reader", READERS)
def test_a_reader_finds_retention_and_how_to_object_within_one_click(
        browser, site_url: str, reader: str, lang: str, screen: str) -> None:
    """From the first page, one click on the reader's card shows their retention periods, the
    right to object or withdraw that their bases give them, and how to use it (write to the
    privacy contact; withdraw as the record says); all of it from the public view, not copied."""
    ctx, watch = _watched(browser, site_url, DESKTOP if screen == "desktop" else PHONE)
    try:
        w = words(lang)
        audience = next(a for a in VIEW.audiences if a.id == reader)
        page = ctx.new_page()
        page.goto(site_url + STATEMENT.served(lang))
        with page.expect_navigation():
            page.get_by_role("link", name=w.text(audience.data["title"]), exact=True).first.click()
        said = page.locator("article").inner_text()
        shown = [_period_words(w, rule) for part in audience.parts for rule in part.retention
                 if not is_open(rule["period"]) or is_proposed(rule["period"])]
        assert shown and all(period in said for period in shown), (shown, said)
        if "withdraw_consent" in audience.rights:
            assert w.page["withdraw_how"] in said
            withdrawal = [w.text(e["withdrawal"]) for part in audience.parts
                          for p in part.purposes for e in p.bases if e.get("withdrawal")]
            assert withdrawal and all(text in said for text in withdrawal)
        if "objection" in audience.rights:
            assert w.page["rights_here_objection"].split("{")[0] in said
        if audience.direct_marketing:
            assert w.page["dm_title"] in said
        # How: the privacy contact, named where the reader stands; while the address is an
        # open question the line says so once instead of "Write to not yet confirmed".
        key = "situation_rights_no_address" if is_open(VIEW.organisation["controller"].get("email")) \
            else "situation_rights"
        assert w.page[key].split("{")[0].split("[")[0] in said  # up to a value or a link
        link = page.get_by_role("link", name=w.page["rights_title"], exact=True)
        assert link.count() >= 1
        assert overflow(page) == []
    finally:
        _check(ctx, watch)
