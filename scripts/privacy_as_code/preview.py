"""``privacy serve``: a preview that follows the editor.

After the first build, :func:`serve` watches what the site is made from
(``records/``, ``schemas/``, ``overrides/``, every MkDocs config, and the
package's page templates and word catalogues). On every save it re-checks the
records, re-renders ``docs/`` and rebuilds both languages into a fresh folder;
only a build that passed replaces the served one, so an error while editing
never takes the preview down: the error is printed as ``file:line:column``
findings and the last good site stays up.

Open pages reload themselves. The preview server (and only it: the script is
added to HTML responses on the fly, never written into ``site/``) adds one
small script to each page that waits on ``/__privacy_preview/wait`` (a long
poll on the site's generation number) and reloads the page when a newer build
is served. MkDocs' own ``mkdocs serve`` live reload is not used because it
builds one config, while the site is two (nb at ``/``, en at ``/en/``) built
by :func:`privacy_as_code.site.build` with its checks.

Watching polls file times (a few hundred files, every 0.3 s): no native
file-watching library, and it behaves the same on every system and inside
containers where inotify events do not arrive.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from privacy_as_code.checker import check_project
from privacy_as_code.site import BuildOutcome, build, builds

PACKAGE = Path(__file__).resolve().parent
POLL_SECONDS = 0.3
"""How often the watched files' times are compared."""
SETTLE_SECONDS = 0.15
"""An editor may write a file in several steps; wait this long for them to finish."""
WAIT_SECONDS = 25.0
"""A page's long poll is answered after at most this long, changed or not."""
ENDPOINT = "/__privacy_preview/"

RELOAD_SCRIPT = """\
(function () {
  var generation = %d;
  function wait() {
    fetch("%swait?generation=" + generation, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (body.generation !== generation) { location.reload(); } else { wait(); }
      })
      .catch(function () { setTimeout(wait, 1000); });
  }
  wait();
})();
"""


def watched_paths(root: Path) -> list[Path]:
    """The files and folders the site is made from (missing ones are skipped when scanned)."""
    return [root / "records", root / "schemas", root / "overrides",
            *(root / config for config, _ in builds(root / "site")),
            PACKAGE / "templates", PACKAGE / "i18n"]


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """``{path: (mtime_ns, size)}`` of every file under ``paths``; unreadable entries are skipped."""
    found: dict[str, tuple[int, int]] = {}
    stack = [str(p) for p in paths]
    while stack:
        current = stack.pop()
        try:
            info = os.stat(current)
        except OSError:
            continue
        if os.path.isdir(current):
            try:
                with os.scandir(current) as entries:
                    stack.extend(e.path for e in entries if not e.name.startswith("."))
            except OSError:
                continue
        else:
            found[current] = (info.st_mtime_ns, info.st_size)
    return found


class PreviewState:
    """The folder being served and its generation, shared by the server and the watcher."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.generation = 1
        self._changed = threading.Condition()

    def publish(self, directory: Path) -> Path:
        """Serve ``directory`` from now on; returns the folder it replaces."""
        with self._changed:
            old, self.directory = self.directory, directory
            self.generation += 1
            self._changed.notify_all()
        return old

    def wait(self, generation: int, timeout: float) -> int:
        """The current generation, once it differs from ``generation`` or ``timeout`` passed."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != generation, timeout)
            return self.generation


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the current build, adds the reload script to HTML, answers the long poll."""

    state: PreviewState

    def __init__(self, *args: object, state: PreviewState, **kwargs: object) -> None:
        self.state = state
        super().__init__(*args, directory=str(state.directory), **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path == ENDPOINT + "wait":
            try:
                seen = int(parse_qs(url.query).get("generation", ["0"])[0])
            except ValueError:
                seen = 0
            self._send(HTTPStatus.OK, "application/json",
                       json.dumps({"generation": self.state.wait(seen, WAIT_SECONDS)}).encode())
            return
        if url.path == ENDPOINT + "reload.js":
            script = RELOAD_SCRIPT % (self.state.generation, ENDPOINT)
            self._send(HTTPStatus.OK, "text/javascript", script.encode())
            return
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file() and url.path.endswith(("/", ".html")):
            html = target.read_bytes()
            tag = (f'<script src="{ENDPOINT}reload.js?generation={self.state.generation}">'
                   "</script>").encode()
            html = html.replace(b"</body>", tag + b"</body>", 1) if b"</body>" in html else html + tag
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", html)
            return
        super().do_GET()

    def _send(self, status: HTTPStatus, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def rebuild(root: Path, scratch: Path, generation: int,
            word: Callable[[BuildOutcome], tuple[int, str]]) -> tuple[Path | None, list[str]]:
    """Check, render and build into a new folder under ``scratch``.

    ``word`` words a build outcome as ``(exit code, text)`` (``cli.word_build``).
    Returns ``(folder, lines to print)``; the folder is ``None`` when the
    records have errors or the build failed (nothing that is served changes).
    """
    _, result = check_project(root, None)
    errors = result.errors
    if errors:
        plural = "s" if len(errors) != 1 else ""
        return None, [*map(str, errors),
                      f"serve: {len(errors)} error{plural}; still serving the last good site"]
    target = scratch / f"site-{generation}"
    code, text = word(build(root, target))
    if code:
        shutil.rmtree(target, ignore_errors=True)
        return None, [text, "serve: the build failed; still serving the last good site"]
    return target, []


def watch(root: Path, state: PreviewState, scratch: Path, announce: Callable[[str], object],
          word: Callable[[BuildOutcome], tuple[int, str]], stop: threading.Event) -> None:
    """Rebuild on every change under :func:`watched_paths` until ``stop`` is set."""
    paths = watched_paths(root)
    before = snapshot(paths)
    generation = state.generation
    while not stop.wait(POLL_SECONDS):
        now = snapshot(paths)
        if now == before:
            continue
        time.sleep(SETTLE_SECONDS)
        now = snapshot(paths)
        changed = sorted({p for p in now.keys() | before.keys() if now.get(p) != before.get(p)})
        before = now
        names = ", ".join(os.path.relpath(p, root) for p in changed[:3])
        announce(f"serve: changed {names}{' ...' if len(changed) > 3 else ''}; rebuilding")
        started = time.monotonic()
        generation += 1
        folder, lines = rebuild(root, scratch, generation, word)
        for line in lines:
            announce(line)
        if folder is None:
            continue
        old = state.publish(folder)
        if old.parent == scratch:
            shutil.rmtree(old, ignore_errors=True)
        announce(f"serve: rebuilt in {time.monotonic() - started:.1f} s; open pages reload")


def serve_and_follow(server: ThreadingHTTPServer, root: Path, site_dir: Path,
                     announce: Callable[[str], object],
                     word: Callable[[BuildOutcome], tuple[int, str]]) -> None:
    """Serve ``site_dir`` with ``server`` (from ``site.listen``) and rebuild on every save.

    Runs until interrupted (Ctrl-C); later builds live in a scratch folder
    that is removed on the way out, ``site/`` keeps the first build.
    """
    state = PreviewState(site_dir)
    server.RequestHandlerClass = functools.partial(PreviewHandler, state=state)
    server.daemon_threads = True
    stop = threading.Event()
    with tempfile.TemporaryDirectory(prefix="privacy-preview-") as scratch:
        watcher = threading.Thread(target=watch, daemon=True,
                                   args=(root.resolve(), state, Path(scratch), announce, word, stop))
        watcher.start()
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            server.server_close()
            watcher.join(timeout=60)
