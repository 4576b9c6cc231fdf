"""The built site in a real browser (Playwright driving Debian's chromium).

The site is the repository's own records, rendered and built once per session
into a temporary folder and served on 127.0.0.1. Every request is intercepted:
anything not addressed to 127.0.0.1/localhost is blocked and fails the test,
and so does any JavaScript dialog (an ``alert`` from an injected script) or
uncaught page error. A full-page screenshot of every page is saved under
test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from privacy_as_code.loader import load_file
from privacy_as_code.render import PAGES
from privacy_as_code.site import serve_in_thread
from tests.site_fixtures import REPO

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LANGS = {"nb": "", "en": "en/"}
SWITCHER = {"nb": "Velg språk", "en": "Select language"}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
READER_PAGES = tuple(name for name in PAGES if not name.startswith("guide/"))
FIRST_LAYER = "index.md"
SITUATION_PAGES = tuple(name for name in READER_PAGES if name.startswith("situations"))
"""Today one page holds every situation; issue 11 gives each its own page under it."""
MAX_SCREENS = {"first_layer": 2, "situation": 5}
"""Issue 11: at 1280 x 900 the first layer is at most two screens tall, a situation page five."""


def page_path(name: str) -> str:
    """``index.md`` -> ``""``, ``rights.md`` -> ``rights/``, ``guide/index.md`` -> ``guide/``."""
    stem = name.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("index") else stem + "/"


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
    """What a page did that it must not: requests leaving the machine, dialogs, errors."""

    def __init__(self) -> None:
        self.external: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []


def _watched(browser, viewport: dict[str, int]) -> tuple[object, Watch]:
    watch = Watch()
    ctx = browser.new_context(viewport=viewport, locale="nb-NO")

    def route(route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            watch.external.append(route.request.url)
            route.abort("blockedbyclient")

    ctx.route("**/*", route)
    ctx.on("page", lambda page: (
        page.on("dialog", lambda d: (watch.dialogs.append(d.message), d.dismiss())),
        page.on("pageerror", lambda e: watch.errors.append(str(e))),
    ))
    return ctx, watch


def _check(ctx, watch: Watch) -> None:
    ctx.close()
    assert watch.external == [], f"requests left localhost: {watch.external}"
    assert watch.dialogs == [], f"a script opened a dialog: {watch.dialogs}"
    assert watch.errors == [], f"JavaScript errors: {watch.errors}"


@pytest.fixture
def context(browser, site_url: str) -> Iterator[tuple[object, Watch]]:
    """A desktop browser (1280 x 900) whose every request, dialog and error is watched."""
    ctx, watch = _watched(browser, DESKTOP)
    yield ctx, watch
    _check(ctx, watch)


@pytest.fixture
def phone(browser, site_url: str) -> Iterator[tuple[object, Watch]]:
    """The same on a phone's viewport (390 x 844)."""
    ctx, watch = _watched(browser, PHONE)
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
    for lang, prefix in LANGS.items():
        for name in names:
            page.goto(site_url + prefix + page_path(name))
            results[f"{lang}/{name}"] = measure(page)
    return results


def declared_storage() -> set[str]:
    statement = load_file(REPO / "records" / "statement.yaml", "records/statement.yaml").data
    return {entry["name"] for entry in statement.get("website_storage", [])}


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
    for lang, prefix in LANGS.items():
        for name in PAGES:
            response = page.goto(site_url + prefix + page_path(name))
            assert response is not None and response.status == 200, name
            assert page.get_attribute("html", "lang") == lang
            assert page.locator("article h1").count() == 1
            page.screenshot(path=str(ARTIFACTS / f"{lang}-{name[:-3].replace('/', '-')}.png"),
                            full_page=True)
            results = axe.run(page)
            if results.violations_count:
                problems.append(f"{lang}/{name}:\n{results.generate_report()}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("start", "other", "name"), [
    ("nb", "en", "rights.md"),
    ("en", "nb", "situations.md"),
    ("nb", "en", "index.md"),
    ("en", "nb", "changes.md"),
    ("nb", "en", "guide/rules.md"),
    ("en", "nb", "guide/index.md"),
])
def test_the_language_switcher_stays_on_the_same_page(context, site_url: str, start: str,
                                                      other: str, name: str) -> None:
    ctx, _ = context
    page = ctx.new_page()
    page.goto(site_url + LANGS[start] + page_path(name))
    page.get_by_role("button", name=SWITCHER[start]).click()
    with page.expect_navigation():
        page.locator(f'a.md-select__link[hreflang="{other}"]').click()
    assert page.url == site_url + LANGS[other] + page_path(name)
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


def test_the_site_stores_only_what_the_records_declare(context, site_url: str) -> None:
    ctx, _ = context
    page = ctx.new_page()
    seen: set[str] = set()
    for prefix in LANGS.values():
        for name in PAGES:
            page.goto(site_url + prefix + page_path(name))
            seen |= stored_keys(ctx, page)
    page.goto(site_url)
    page.locator("input.md-search__input").fill("personvern")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    page.keyboard.press("Escape")
    page.get_by_role("button", name=SWITCHER["nb"]).click()
    with page.expect_navigation():
        page.locator('a.md-select__link[hreflang="en"]').click()
    seen |= stored_keys(ctx, page)
    undeclared = seen - declared_storage()
    assert not undeclared, (f"the site stores {sorted(undeclared)} in the browser, but "
                            "records/statement.yaml website_storage does not declare it")


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
    test-artifacts/phone-overflow.txt for people to look at (the target is the xfail below)."""
    ctx, _ = phone
    page = ctx.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = []
    for lang, prefix in LANGS.items():
        for name in PAGES:
            response = page.goto(site_url + prefix + page_path(name))
            assert response is not None and response.status == 200, name
            page.screenshot(path=str(ARTIFACTS / f"{lang}-{name[:-3].replace('/', '-')}-phone.png"),
                            full_page=True)
            report += [f"{lang}/{name}: {problem}" for problem in overflow(page)]
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


@pytest.mark.xfail(strict=True, reason="issue 11: at 390 x 844 the first layer's summary table is "
                                       "cut off at the right edge")
def test_no_reader_page_needs_sideways_scrolling_on_a_phone(phone, site_url: str) -> None:
    ctx, _ = phone
    found = measure_pages(ctx, site_url, READER_PAGES, overflow)
    assert {name: problems for name, problems in found.items() if problems} == {}


@pytest.mark.xfail(strict=True, reason="issue 11: the first layer is more than two screens tall "
                                       "at 1280 x 900")
def test_the_first_layer_is_at_most_two_screens_tall(context, site_url: str) -> None:
    ctx, _ = context
    found = measure_pages(ctx, site_url, (FIRST_LAYER,), screens)
    assert {name: round(height, 1) for name, height in found.items()
            if height > MAX_SCREENS["first_layer"]} == {}


@pytest.mark.xfail(strict=True, reason="issue 11: the situations page is about 19 screens tall at "
                                       "1280 x 900; one page per situation, at most five")
def test_no_situation_page_is_more_than_five_screens_tall(context, site_url: str) -> None:
    ctx, _ = context
    found = measure_pages(ctx, site_url, SITUATION_PAGES, screens)
    assert found
    assert {name: round(height, 1) for name, height in found.items()
            if height > MAX_SCREENS["situation"]} == {}
