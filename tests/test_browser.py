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
from tests.site_fixtures import REPO, build, make_project

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
LANGS = {"nb": "", "en": "en/"}
SWITCHER = {"nb": "Velg språk", "en": "Select language"}


def page_path(name: str) -> str:
    """``index.md`` -> ``""``, ``rights.md`` -> ``rights/``, ``guide/index.md`` -> ``guide/``."""
    stem = name.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("index") else stem + "/"


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = make_project(tmp_path_factory.mktemp("browser") / "project", REPO)
    outcome = build(root)
    assert outcome.exit_code == 0, outcome.output
    server, url = serve_in_thread(outcome.site_dir)
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


@pytest.fixture
def context(browser, site_url: str) -> Iterator[tuple[object, Watch]]:
    watch = Watch()
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")

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
    yield ctx, watch
    ctx.close()
    assert watch.external == [], f"requests left localhost: {watch.external}"
    assert watch.dialogs == [], f"a script opened a dialog: {watch.dialogs}"
    assert watch.errors == [], f"JavaScript errors: {watch.errors}"


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
