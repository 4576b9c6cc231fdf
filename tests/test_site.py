"""The built site: strict offline builds, both languages, and no external asset anywhere."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from privacy_as_code.i18n import languages
from privacy_as_code.project import load_project
from privacy_as_code.public import view_of
from privacy_as_code.render import PAGES
from privacy_as_code.render.layout import GUIDE, SECTIONS, STATEMENT, statement_pages
from privacy_as_code.site import external_assets
from tests.site_fixtures import HOSTILE, SAMPLE, built_project, edit_yaml

REPO = Path(__file__).resolve().parents[1]


def html_pages(site: Path) -> list[Path]:
    """The built HTML of every generated page (``guide/index.md`` -> ``guide/index.html``)."""
    pages = []
    for name in PAGES:
        stem = name.removesuffix(".md")
        folder = stem.removesuffix("index") if stem.endswith("index") else stem + "/"
        pages.append(site / folder / "index.html")
    return pages


def test_both_languages_are_built_with_the_same_pages(built_sample: Path) -> None:
    for page in html_pages(built_sample):
        assert page.is_file(), page
        en = built_sample / "en" / page.relative_to(built_sample)
        assert en.is_file(), en
    assert '<html lang="nb"' in (built_sample / "index.html").read_text("utf-8")
    assert '<html lang="en"' in (built_sample / "en" / "index.html").read_text("utf-8")


def test_search_uses_the_norwegian_stemmer_for_nb(built_sample: Path) -> None:
    nb = json.loads((built_sample / "search" / "search_index.json").read_text("utf-8"))
    en = json.loads((built_sample / "en" / "search" / "search_index.json").read_text("utf-8"))
    assert nb["config"]["lang"] == ["no"]
    assert en["config"]["lang"] == ["en"]


def test_the_language_switcher_points_at_the_same_page(built_sample: Path) -> None:
    nb = (built_sample / "rights" / "index.html").read_text("utf-8")
    en = (built_sample / "en" / "rights" / "index.html").read_text("utf-8")
    assert re.search(r'href="\.\./en/rights/" hreflang="en"', nb)
    assert re.search(r'href="\.\./\.\./rights/" hreflang="nb"', en)


def test_the_site_respects_its_readers(built_sample: Path) -> None:
    config = (REPO / "mkdocs.yml").read_text("utf-8")
    assert "repo_url" not in config and "analytics" not in config and "social" not in config
    assert re.search(r"^\s+font: false", config, re.MULTILINE)
    index = (built_sample / "index.html").read_text("utf-8")
    assert "fonts.googleapis" not in index and "fonts.gstatic" not in index


def test_internal_fields_never_reach_the_built_site(built_sample: Path) -> None:
    for path in built_sample.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".js", ".css") and path.is_file():
            text = path.read_text("utf-8", errors="replace")
            assert "INTERNAL-MARKER" not in text, path
            assert "LIA-2025" not in text and "DPA-20" not in text, path


def test_the_built_site_loads_nothing_from_other_servers(built_sample: Path) -> None:
    assert external_assets(built_sample) == []


@pytest.mark.parametrize(("where", "planted"), [
    ("index.html", '<img src="https://tracker.example/pixel.gif" alt="">'),
    ("index.html", "<img alt='' src=//cdn.example/x.png>"),
    ("index.html", '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'),
    ("index.html", '<link href="https://fonts.gstatic.com/x.woff2" rel="preload" as="font">'),
    ("index.html", '<script src="https://cdn.example/analytics.js"></script>'),
    ("index.html", '<div style="background: url(https://cdn.example/bg.png)"></div>'),
    ("en/rights/index.html", '<img srcset="/a.png 1x, https://cdn.example/b.png 2x" alt="">'),
    ("assets/stylesheets/extra.css", "body { background: url('https://cdn.example/bg.png') }"),
    ("assets/stylesheets/extra.css", '@import "https://fonts.googleapis.com/css2?family=Inter";'),
])
def test_the_scanner_catches_a_planted_external_asset(built_sample: Path, tmp_path: Path,
                                                      where: str, planted: str) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_sample, copy)
    target = copy / where
    text = target.read_text("utf-8") if target.exists() else ""
    target.write_text(text.replace("</body>", planted + "</body>") if "</body>" in text
                      else text + planted, "utf-8")
    found = external_assets(copy)
    assert len(found) == 1 and found[0][0] == where, found


@pytest.mark.parametrize(("where", "planted"), [
    ("index.html", "<style>body { background: url(https://cdn.example/bg.png) }</style>"),
    ("index.html", '<style>@import "https://fonts.googleapis.com/css2?family=Inter";</style>'),
    ("index.html", "<style>@font-face { src: url(//fonts.example/x.woff2) }"),  # never closed
    ("index.html", '<svg><image href="https://cdn.example/x.png"/></svg>'),
    ("index.html", '<table background="https://cdn.example/bg.png"></table>'),
    ("index.html", '<object data="https://cdn.example/x.svg"></object>'),
    ("index.html", "<LINK REL=STYLESHEET HREF=https://cdn.example/x.css>"),
])
def test_the_scanner_reads_style_elements_and_every_loading_attribute(
        built_sample: Path, tmp_path: Path, where: str, planted: str) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_sample, copy)
    target = copy / where
    target.write_text(target.read_text("utf-8").replace("</body>", planted + "</body>"), "utf-8")
    found = external_assets(copy)
    assert len(found) == 1 and found[0][0] == where, found


@pytest.mark.parametrize("planted", [
    "<p>Write url(https://example.com/x.css) in a style sheet.</p>",
    "<p><code>@import \"https://example.com/x.css\";</code></p>",
    "<pre>background: url('https://cdn.example/bg.png')</pre>",
    "<p>src=https://cdn.example/x.png</p>",
    "<p>&lt;img src=\"https://cdn.example/x.png\"&gt;</p>",
    '<script>const css = "url(https://cdn.example/x.css)";</script>',
])
def test_text_that_mentions_a_url_is_not_an_asset(built_sample: Path, tmp_path: Path,
                                                  planted: str) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_sample, copy)
    page = copy / "index.html"
    page.write_text(page.read_text("utf-8").replace("</body>", planted + "</body>"), "utf-8")
    assert external_assets(copy) == []


def test_a_comment_in_a_style_sheet_is_not_an_asset(built_sample: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_sample, copy)
    css = copy / "assets" / "stylesheets" / "extra.css"
    css.write_text("/* was: url(https://cdn.example/bg.png) */ body { color: red }", "utf-8")
    assert external_assets(copy) == []


def test_a_description_that_mentions_a_css_url_builds(tmp_path: Path) -> None:
    """Issue 9, class 11: inert text in a record used to fail the build's scan."""
    def plant(root: Path) -> None:
        edit_yaml(root / "records" / "activities" / "newsletter.yaml",
                  "en: We send newsletters to people who signed up.",
                  "en: 'We send newsletters; our style sheet has no url(https://example.com/x.css).'")

    code, output, site = built_project(tmp_path, plant)
    assert code == 0, output
    assert "url(https://example.com/x.css)" in (site / "en" / "situations" / "subscribers"
                                                / "index.html").read_text("utf-8")


def test_links_a_reader_clicks_are_not_assets(built_sample: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(built_sample, copy)
    page = copy / "index.html"
    page.write_text(page.read_text("utf-8").replace(
        "</body>", '<a href="https://www.datatilsynet.no/">x</a></body>'), "utf-8")
    assert external_assets(copy) == []


def test_a_page_with_an_external_image_fails_the_strict_build(tmp_path: Path) -> None:
    def plant(root: Path) -> None:
        from tests.site_fixtures import render

        assert render(root).exit_code == 0
        (root / "docs" / "nb" / "extra.md").write_text(
            "# Extra\n\n![logo](https://cdn.example/logo.png)\n", "utf-8")
        (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text("utf-8").replace(
            "  - Endringer: changes.md", "  - Endringer: changes.md\n  - Extra: extra.md"), "utf-8")

    code, output, _ = built_project(tmp_path, plant)
    assert code == 1
    assert "External file: https://cdn.example/logo.png" in output
    assert "mkdocs.yml failed" in output


def test_an_external_font_in_extra_css_fails_the_build(tmp_path: Path) -> None:
    def plant(root: Path) -> None:
        css = root / "docs" / "nb" / "assets" / "extra.css"
        css.parent.mkdir(parents=True)
        css.write_text("@font-face { font-family: X; src: url(https://fonts.gstatic.com/x.woff2) }",
                       "utf-8")
        (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text("utf-8")
                                         + "extra_css: [assets/extra.css]\n", "utf-8")

    code, output, _ = built_project(tmp_path, plant)
    assert code == 1
    assert "https://fonts.gstatic.com/x.woff2" in output


def test_a_script_in_a_record_is_shown_as_text_in_the_built_page(tmp_path: Path,
                                                                  built_sample: Path) -> None:
    def plant(root: Path) -> None:
        edit_yaml(root / "records" / "activities" / "newsletter.yaml",
                  "en: Send you the newsletter about articles and events.",
                  f"en: \"{HOSTILE.replace(chr(39), '')}\"")

    # The plain-text rule stops it at the gate; the page escapes it anyway.
    code, output, _ = built_project(tmp_path / "gated", plant)
    assert code == 1 and "error [plain-text]" in output and "nothing was built" in output
    code, output, site = built_project(tmp_path, plant, past_the_gate=True)
    assert code == 0, output
    html = (site / "en" / "situations" / "subscribers" / "index.html").read_text("utf-8")
    assert "&lt;script&gt;alert(x)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "onerror=alert" not in html.replace("onerror&#61;", "")
    assert 'href="javascript' not in html
    baseline = (built_sample / "en" / "situations" / "subscribers" / "index.html").read_text("utf-8")
    assert re.findall(r"<script\b[^>]*>", html) == re.findall(r"<script\b[^>]*>", baseline)
    assert re.findall(r"<img\b[^>]*>", html) == re.findall(r"<img\b[^>]*>", baseline)


def material_config(html: str) -> dict:
    """The settings Material's JavaScript runs with (the ``__config`` JSON in every page)."""
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.DOTALL)
    assert match, "no Material __config in the page"
    return json.loads(match.group(1))


@pytest.mark.parametrize("page", ["index.html", "en/situations/index.html", "guide/index.html",
                                  "guide/en/rules/index.html"])
def test_no_search_feature_writes_the_search_term_into_an_address(built_sample: Path,
                                                                  page: str) -> None:
    """search.highlight adds ?h=<term> to result links, search.share builds ?q=<term> links:
    either would carry what the reader typed to the server. The browser test proves the rest."""
    features = set(material_config((built_sample / page).read_text("utf-8"))["features"])
    assert features and not features & {"search.highlight", "search.share"}, features


# --- the editors' guide: its own section, out of the readers' search -----------

def indexed_pages(index: Path) -> set[str]:
    """The pages a built search index points into (``""``, ``rights/``, ...)."""
    docs = json.loads(index.read_text("utf-8"))["docs"]
    return {doc["location"].partition("#")[0] for doc in docs}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_readers_search_index_holds_only_the_statement(built_sample: Path, lang: str) -> None:
    served = STATEMENT.served(lang)
    found = indexed_pages(built_sample / served / "search" / "search_index.json")
    # The statement's pages, one per situation included (issue 11), and nothing of the guide.
    situations = [a.id for a in view_of(load_project(SAMPLE)).audiences]
    assert found == {page_folder(name) for name in statement_pages(situations)}
    guide = indexed_pages(built_sample / GUIDE.served(lang) / "search" / "search_index.json")
    assert guide == {page_folder(name) for name in GUIDE.pages}


def page_folder(name: str) -> str:
    stem = name.removesuffix(".md")
    return stem.removesuffix("index") if stem.endswith("index") else stem + "/"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_guide_is_built_as_its_own_site_linked_from_the_footer_only(built_sample: Path,
                                                                        lang: str) -> None:
    start = built_sample / STATEMENT.served(lang) / "index.html"
    html = start.read_text("utf-8")
    footer = html[html.index('<footer'):]
    nav = html[:html.index('<footer')]
    guide_root = (built_sample / GUIDE.served(lang)).resolve()
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert not [h for h in hrefs if (start.parent / h).resolve().is_relative_to(guide_root)], hrefs
    (link,) = re.findall(r'href="([^"]+)" class="md-copyright__link"', footer)
    assert (start.parent / link).resolve() == guide_root
    for name in GUIDE.pages:
        page = built_sample / GUIDE.served(lang) / page_folder(name) / "index.html"
        text = page.read_text("utf-8")
        assert f'<html lang="{lang}"' in text
        (back,) = re.findall(r'href="([^"]+)" class="md-copyright__link"', text)
        assert (page.parent / back).resolve() == (built_sample / STATEMENT.served(lang)).resolve()


def test_each_mkdocs_config_builds_the_folder_the_renderer_writes(built_sample: Path) -> None:
    for section in SECTIONS:
        for lang in languages():
            config = yaml.safe_load((REPO / section.config_file(lang)).read_text("utf-8"))
            assert config["docs_dir"] == f"docs/{section.docs(lang)}", section.config_file(lang)
            assert f"{config['site_dir']}/" == f"site/{section.served(lang)}"
            assert config.get("theme", {}).get("language", "nb") == lang


def test_a_missing_mkdocs_config_fails_the_build_and_names_it(tmp_path: Path) -> None:
    code, output, _ = built_project(tmp_path, lambda root: (root / "mkdocs.guide.en.yml").unlink())
    assert code == 1
    assert "mkdocs.guide.en.yml: missing" in output
    assert "Traceback" not in output


def test_privacy_serve_serves_every_section_and_language(sample_root: Path) -> None:
    """The command as a user runs it: it names every address, and each one answers."""
    import subprocess
    import sys
    import urllib.request

    privacy = Path(sys.executable).with_name("privacy")
    proc = subprocess.Popen([str(privacy), "serve", "--root", str(sample_root), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = ""
        assert proc.stdout is not None
        while not line.startswith("serve: "):
            line = proc.stdout.readline()
            assert line, "privacy serve ended before serving"
        addresses = [word for word in line.split() if word.startswith("http://127.0.0.1:")]
        base = addresses[0]
        assert addresses == [base + section.served(lang) for section in SECTIONS
                             for lang in languages()]
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never a proxy
        for address in addresses:
            with direct.open(address, timeout=10) as response:
                assert response.status == 200
                assert b"<html" in response.read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
