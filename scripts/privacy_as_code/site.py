"""Build the bilingual site with MkDocs and serve it on 127.0.0.1.

``build`` renders docs/ from records/ and runs one strict MkDocs build per
site section and language (:mod:`privacy_as_code.render.layout`): the
statement (nb first, because it cleans site/; then en into site/en), then the
editors' guide (site/guide, site/guide/en). ``--strict`` plus the Material
privacy plugin in detect-only mode fails the build on any external asset, and
no step touches the network; afterwards the whole site/ is scanned again for
external URLs.

``listen`` binds 127.0.0.1 first (a taken port is reported before the
build), then ``serve_forever`` serves site/ with Python's own HTTP server.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from privacy_as_code.i18n import languages
from privacy_as_code.output import IOProblem, reason_of
from privacy_as_code.paths import display_path
from privacy_as_code.readability import Measure, page_lix
from privacy_as_code.render import RenderOutcome, render
from privacy_as_code.render.layout import SECTIONS, SITUATIONS, STATEMENT


class BuildStatus(StrEnum):
    BUILT = "built"
    RENDER_FAILED = "render failed"
    """Rendering did not succeed (``render`` says why: blocked, hand edits, ...)."""
    MKDOCS_FAILED = "mkdocs failed"
    """A strict MkDocs build failed, or its config is missing (``config``, ``mkdocs_exit``
    and ``log`` say how)."""
    EXTERNAL_ASSETS = "external assets"
    """The built site would load files from other servers (``leaks``)."""
    NO_SITE_EXTRA = "no site extra"
    """MkDocs or Material is not installed (``log`` says what to install); nothing was done."""


@dataclass(frozen=True)
class BuildOutcome:
    """What ``build`` did; ``cli.py`` words it and chooses the exit code."""

    status: BuildStatus
    site_dir: Path
    render: RenderOutcome | None = None
    """The render step's outcome (None when ``render_first`` was false)."""
    log: str = ""
    """What MkDocs printed (warnings on success, the error on failure)."""
    config: str = ""
    """The MkDocs config that failed (MKDOCS_FAILED)."""
    mkdocs_exit: int = 0
    leaks: tuple[tuple[str, str], ...] = ()
    """(page relative to ``site_dir``, external URL) for EXTERNAL_ASSETS."""
    readability: tuple[tuple[str, Measure], ...] = ()
    """LIX of each built page of the main language (:func:`page_readability`); empty unless
    BUILT."""

    @property
    def ok(self) -> bool:
        return self.status is BuildStatus.BUILT


def page_readability(site_dir: Path) -> tuple[tuple[str, Measure], ...]:
    """``(page, measure)`` for every built page of the main language (the site root, not
    ``en/``): the first page ``"/"``, then the others in path order (``"changes/"``, ...).

    Measured on the page's main text (:func:`readability.page_text`: the ``<article>``,
    without navigation, code, controls and headings). Raises ``OSError`` if ``site_dir``
    cannot be read.
    """
    main = STATEMENT.served(languages()[0])  # the readers' statement, not the guide
    # The situation pages depend on the records: they are found in the built folder.
    built = (site_dir / main / SITUATIONS).glob("*/index.html")
    names = [*STATEMENT.pages, *(f"{SITUATIONS}/{p.parent.name}.md" for p in sorted(built))]
    pages = []
    for name in names:
        stem = name.removesuffix(".md")
        rel = main + (stem.removesuffix("index") if stem.endswith("index") else f"{stem}/")
        path = site_dir / rel / "index.html"
        if path.is_file():
            pages.append((rel or "/", page_lix(path.read_text("utf-8", errors="replace"))))
    return tuple(sorted(pages, key=lambda page: (page[0] != "/", page[0])))


def readability_summary(pages: tuple[tuple[str, Measure], ...]) -> str:
    """The lines ``privacy build`` prints: each page's LIX, words and sentences."""
    lines = [("build: readability of the nb pages (LIX: words per sentence + percentage of "
              "words over six letters; plain Norwegian is 40 or below):")]
    lines += [f"  {name:<38} LIX {m.lix:3.0f}  ({m.words} words, {m.sentences} sentences, "
              f"longest {m.longest_sentence} words)" for name, m in pages]
    return "\n".join(lines)


SITE_EXTRA = "pip install 'privacy-as-code[site]'"
"""How to install what the build needs (the ``site`` extra in pyproject.toml)."""


def missing_site_extra() -> str | None:
    """Why the site cannot be built here (the ``site`` extra is not installed), or None.

    MkDocs and Material are an optional extra, so that ``privacy check`` (for
    example the pre-commit hook) installs without them.
    """
    missing = [name for name, module in (("mkdocs", "mkdocs"), ("mkdocs-material", "material"))
               if importlib.util.find_spec(module) is None]
    if not missing:
        return None
    return (f"build: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not "
            f"installed; building the site needs the site extra: {SITE_EXTRA}")


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's MkDocs 2.0 banner
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    return env


def builds(site: Path) -> list[tuple[str, Path]]:
    """``(MkDocs config file, target folder)`` for every section and language, in build order:
    ``[("mkdocs.yml", site), ("mkdocs.en.yml", site/en), ("mkdocs.guide.yml", site/guide),
    ("mkdocs.guide.en.yml", site/guide/en)]`` today."""
    return [(section.config_file(lang), site / section.served(lang))
            for section in SECTIONS for lang in languages()]


def build(root: Path, site_dir: Path | None = None, *, render_first: bool = True) -> BuildOutcome:
    """Render docs/ and build every section and language into ``site_dir`` (default
    ``root/site``); a missing config is MKDOCS_FAILED with the file named in ``log``.

    Rendering passes the one gate (:func:`privacy_as_code.checker.gate`): records
    with errors build nothing. Returns NO_SITE_EXTRA, before anything is
    written, when the site extra is missing. Raises
    :class:`~privacy_as_code.output.IOProblem` when docs/ cannot be written.
    """
    root = root.resolve()
    site = (site_dir or root / "site").resolve()
    missing = missing_site_extra()
    if missing:
        return BuildOutcome(BuildStatus.NO_SITE_EXTRA, site, log=missing)
    rendered = None
    if render_first:
        rendered = render(root)
        if not rendered.ok:
            return BuildOutcome(BuildStatus.RENDER_FAILED, site, rendered)
    logs: list[str] = []
    plan = builds(site)
    for config, _ in plan:
        if not (root / config).is_file():
            return BuildOutcome(
                BuildStatus.MKDOCS_FAILED, site, rendered,
                f"{display_path(root / config)}: missing; every language (i18n/<lang>.toml) "
                "needs one MkDocs config per site section (see README, The site)", config, 2)
    for config, target in plan:
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "-f", str(root / config), "-d", str(target)]
        proc = subprocess.run(cmd, cwd=root, env=mkdocs_env(), capture_output=True, text=True,
                              check=False, errors="replace")
        log = (proc.stdout + proc.stderr).strip()
        if log:
            logs.append(log)
        if proc.returncode:
            return BuildOutcome(BuildStatus.MKDOCS_FAILED, site, rendered, "\n".join(logs),
                                config, proc.returncode)
    leaks = tuple(external_assets(site))
    if leaks:
        return BuildOutcome(BuildStatus.EXTERNAL_ASSETS, site, rendered, "\n".join(logs),
                            leaks=leaks)
    return BuildOutcome(BuildStatus.BUILT, site, rendered, "\n".join(logs),
                        readability=page_readability(site))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def make_server(site_dir: Path, port: int = 0, *, quiet: bool = True) -> ThreadingHTTPServer:
    """An HTTP server for ``site_dir`` on 127.0.0.1 (port 0: any free port)."""
    handler = _QuietHandler if quiet else SimpleHTTPRequestHandler
    return ThreadingHTTPServer(("127.0.0.1", port),
                               functools.partial(handler, directory=str(site_dir)))


def serve_in_thread(site_dir: Path, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve in a daemon thread; returns the server and its base URL (for tests)."""
    server = make_server(site_dir, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def listen(port: int) -> ThreadingHTTPServer:
    """Bind 127.0.0.1:``port`` for :func:`serve_forever` (port 0: any free port).

    Called before the build, so a port that is taken or invalid is reported
    at once. Raises :class:`~privacy_as_code.output.IOProblem`.
    """
    if not 0 <= port <= 65535:
        raise IOProblem("listen on", f"127.0.0.1:{port}", "a port is a number from 1 to 65535")
    try:
        return make_server(Path("."), port, quiet=False)
    except OSError as exc:
        raise IOProblem("listen on", f"127.0.0.1:{port}", reason_of(exc)) from None
    except OverflowError:
        raise IOProblem("listen on", f"127.0.0.1:{port}",
                        "a port is a number from 1 to 65535") from None


def serve_forever(server: ThreadingHTTPServer, site_dir: Path) -> None:
    """Serve ``site_dir`` with a server from :func:`listen` until interrupted (Ctrl-C)."""
    server.RequestHandlerClass = functools.partial(SimpleHTTPRequestHandler,
                                                   directory=str(site_dir))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


# --- the engine-independent guard -------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(["'])([^"']+)\1""", re.IGNORECASE)
_LOADING_RELS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest",
                 "apple-touch-icon", "preconnect", "dns-prefetch", "mask-icon"}
_SOURCE_ATTRIBUTES = {"src", "poster", "data", "background"}
"""Attributes whose URL a browser fetches by itself (``background`` is the legacy one)."""
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def _is_external(url: str) -> bool:
    """http(s)://, protocol-relative //host, or any other scheme with a host."""
    url = url.strip()
    return bool(_EXTERNAL.match(url))


def _css_urls(css: str) -> list[str]:
    """``url()`` and ``@import`` targets in a style sheet, comments left out."""
    css = _CSS_COMMENT.sub("", css)
    return [m.group(2) for m in _CSS_URL.finditer(css)] + \
        [m.group(2) for m in _CSS_IMPORT.finditer(css)]


class _AssetScanner(HTMLParser):
    """The URLs an HTML or SVG document makes a browser load.

    Reads markup, not text: a page that *mentions* ``url(https://...)`` in a
    paragraph loads nothing, while the same words in a ``<style>`` element or
    a ``style`` attribute do. ``<script>`` contents are not read (the
    privacy plugin covers Material's scripts; ours add none).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._style: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        for name in _SOURCE_ATTRIBUTES & values.keys():
            self.urls.append(values[name])
        for name in ("srcset", "imagesrcset"):
            if name in values:
                self.urls.extend(part.strip().split(" ")[0] for part in values[name].split(","))
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & _LOADING_RELS and "href" in values:
            self.urls.append(values["href"])
        if tag in ("image", "use", "feimage"):  # SVG elements that fetch what they point at
            self.urls.extend(values[name] for name in ("href", "xlink:href") if name in values)
        if "style" in values:
            self.urls.extend(_css_urls(values["style"]))
        if tag == "style":
            self._style = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "style":
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self._style is not None:
            self.urls.extend(_css_urls("".join(self._style)))
            self._style = None

    def close(self) -> None:
        if self._style is not None:
            # A <style> never closed runs to the end of the file in a browser;
            # html.parser keeps that rest unread.
            self._style.append(self.rawdata)
            self.rawdata = ""
        super().close()
        self.handle_endtag("style")


def external_assets(site_dir: Path) -> list[tuple[str, str]]:
    """Every external URL the built site would make a browser *load*, as ``(file, url)``.

    In HTML and SVG: ``src``/``srcset``/``poster``/``data``/``background``
    attributes, ``<link>`` tags that load something (stylesheet, icon,
    preload, ...), SVG ``<image>``/``<use>`` references, and CSS in
    ``<style>`` elements and ``style`` attributes; in .css files, ``url()``
    and ``@import``. Text content is not CSS and is not read, and links a
    reader clicks (``<a href>``) are not requests. Independent of MkDocs and
    Material: a second guard next to the privacy plugin.
    """
    found: list[tuple[str, str]] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in (".html", ".css", ".svg") or not path.is_file():
            continue
        text = path.read_text("utf-8", errors="replace")
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".css":
            urls = _css_urls(text)
        else:
            scanner = _AssetScanner()
            scanner.feed(text)
            scanner.close()
            urls = scanner.urls
        found.extend((rel, url) for url in urls if _is_external(url))
    return found
