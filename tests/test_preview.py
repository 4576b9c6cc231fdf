"""``privacy serve`` follows the editor: a save rebuilds, the page reloads, an error keeps the last good site."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from privacy_as_code.preview import ENDPOINT
from tests.conftest import PRIVACY, REPO
from tests.site_fixtures import edit_yaml, make_project

OLD = "We send newsletters to people who signed up."
NEW = "We send a monthly newsletter to people who signed up."


class Serve:
    """``privacy serve --port 0`` in a subprocess, its output read line by line."""

    def __init__(self, root: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([str(PRIVACY), "serve", "--port", "0"], cwd=root,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env=env)
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        started = self.expect(lambda line: line.startswith("serve: http://127.0.0.1:"), 120)
        match = re.search(r"(http://127\.0\.0\.1:\d+/)", started)
        assert match, started
        self.url = match.group(1)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def expect(self, wanted: Callable[[str], bool], timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("serve printed no such line; it printed:\n" + "\n".join(self.seen))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            self.seen.append(line)
            if wanted(line):
                return line

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Serve]]:
    root = make_project(tmp_path / "project")
    serve = Serve(root)
    try:
        yield root, serve
    finally:
        serve.stop()


def page_with(site: Path, text: str) -> str:
    """The URL path (under the site root) of the English page that holds ``text``."""
    for page in sorted((site / "en").rglob("*.html")):
        if text in page.read_text("utf-8"):
            return page.relative_to(site).as_posix()
    raise AssertionError(f"no page holds {text!r}")


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_save_rebuilds_and_the_page_reloads_an_error_keeps_the_last_good_site(
        served: tuple[Path, Serve]) -> None:
    root, serve = served
    path = page_with(root / "site", OLD)
    first = serve.get(path)
    assert OLD in first
    # The page waits for a newer build; the script exists only in what serve sends.
    script = re.search(rf'<script src="{ENDPOINT}reload\.js\?generation=(\d+)"></script></body>', first)
    assert script, first[-500:]
    generation = int(script.group(1))
    assert "__privacy_preview" not in (root / "site" / path).read_text("utf-8")

    # The long poll answers as soon as the save has been rebuilt.
    answer: list[dict[str, int]] = []
    poll = threading.Thread(target=lambda: answer.append(
        json.loads(serve.get(f"{ENDPOINT[1:]}wait?generation={generation}"))))
    poll.start()
    edit_yaml(root / "records" / "activities" / "newsletter.yaml", OLD, NEW)
    serve.expect(lambda line: line.startswith("serve: rebuilt in "), 120)
    poll.join(timeout=30)
    assert answer and answer[0]["generation"] > generation
    wait_for(lambda: NEW in serve.get(path), 10)
    assert OLD not in serve.get(path)

    # A mistake while editing: the finding, at its line, and the last good page stays up.
    edit_yaml(root / "records" / "activities" / "newsletter.yaml", "period: P0D", "period: 6 months")
    finding = serve.expect(lambda line: "records/activities/newsletter.yaml:" in line, 120)
    assert re.match(r"records/activities/newsletter\.yaml:19:\d+: error \[", finding), finding
    assert "6 months" in finding
    serve.expect(lambda line: "still serving the last good site" in line, 30)
    assert NEW in serve.get(path)
    assert serve.proc.poll() is None

    # Fixed again: rebuilt.
    edit_yaml(root / "records" / "activities" / "newsletter.yaml", "period: 6 months", "period: P1D")
    serve.expect(lambda line: line.startswith("serve: rebuilt in "), 120)
    assert NEW in serve.get(path)

    # VS Code's background task (.vscode/tasks.json) reads exactly these lines.
    matcher = next(t for t in json.loads((REPO / ".vscode" / "tasks.json").read_text("utf-8"))["tasks"]
                   if t["label"].startswith("privacy serve"))["problemMatcher"]
    begins = re.compile(matcher["background"]["beginsPattern"])
    ends = re.compile(matcher["background"]["endsPattern"])
    assert sum(bool(begins.match(line)) for line in serve.seen) == 3
    assert sum(bool(ends.match(line)) for line in serve.seen) == 4  # started, 2 rebuilt, 1 error
    assert re.match(matcher["pattern"]["regexp"], finding)
