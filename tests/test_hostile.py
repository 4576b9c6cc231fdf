"""Hostile input: every broken, malicious or huge record gives a finding at a file and line.

Each case in ``tests/fixtures/hostile/<case>/`` holds files laid out like
``records/``; they replace (or join) the files of a copy of
``tests/fixtures/minimal``. Big cases (a 20 MB file, 10,000-deep nesting, an
alias bomb, pipes and devices) are generated here instead of committed.

``privacy check`` runs as a user runs it, in a subprocess limited to 2 GiB of
address space and 10 seconds: it must exit 1 or 2 with the expected findings
``(path, rule, line)``, never a traceback, a MemoryError or a kill.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from privacy_as_code.loader import load_text
from tests.conftest import FIXTURES, MINIMAL, PRIVACY
from tests.site_fixtures import built_project

HOSTILE = FIXTURES / "hostile"
NEWSLETTER = "records/activities/newsletter.yaml"
ORGANISATION = "records/organisation.yaml"
STATEMENT = "records/statement.yaml"
MEMORY_LIMIT = 2 * 1024**3
Problem = tuple[str, str, int]

CASES: dict[str, list[Problem]] = {
    # broken syntax
    "unclosed-quote": [(NEWSLETTER, "yaml-syntax", 10)],
    "unclosed-bracket": [(NEWSLETTER, "yaml-syntax", 18)],
    "bad-indentation": [(NEWSLETTER, "yaml-syntax", 13)],
    "tab-indentation": [(NEWSLETTER, "yaml-syntax", 13)],
    "unquoted-colon": [(NEWSLETTER, "yaml-syntax", 11)],
    "two-documents": [(NEWSLETTER, "yaml-structure", 21)],
    "list-instead-of-mapping": [(ORGANISATION, "yaml-structure", 1)],
    # duplicate keys: the second one is reported
    "duplicate-key": [(NEWSLETTER, "yaml-duplicate-key", 21)],
    "duplicate-key-nested": [(NEWSLETTER, "yaml-duplicate-key", 5)],
    "duplicate-key-in-list-item": [(NEWSLETTER, "yaml-duplicate-key", 7)],
    # YAML 1.1 booleans: text where text is expected, a finding where a boolean is
    "no-yes-on-stay-text": [],
    "yes-no-where-a-boolean-is-expected": [(NEWSLETTER, "schema", 20),
                                           (ORGANISATION, "schema", 13)],
    # encodings and not-text
    "utf8-bom": [(NEWSLETTER, "yaml-encoding", 1)],
    "utf16": [(NEWSLETTER, "yaml-encoding", 1)],
    "latin1": [(NEWSLETTER, "yaml-encoding", 7)],
    "binary-file": [(NEWSLETTER, "yaml-encoding", 3)],
    "control-character": [(NEWSLETTER, "yaml-character", 2)],
    "empty-file": [(NEWSLETTER, "yaml-empty", 1)],
    "comments-only": [(NEWSLETTER, "yaml-empty", 1)],
    # characters nobody sees: typed, or written as escapes in double quotes (issue 9)
    "escaped-control-characters": [(NEWSLETTER, "yaml-character", 2)],
    "windows-path-in-double-quotes": [(NEWSLETTER, "yaml-character", 24)],
    "bidi-override": [(NEWSLETTER, "yaml-character", 7)],
    "zero-width-space-in-key": [(NEWSLETTER, "data-categories-required", 2),
                                (NEWSLETTER, "unknown-key", 4), (NEWSLETTER, "yaml-character", 4)],
    # one cause, one finding: the space, not also libyaml's complaint on the next line
    "non-breaking-space-indentation": [(NEWSLETTER, "yaml-character", 13)],
    # U+2028 is no line break for the editor: later lines keep their numbers
    "line-separator-in-text": [(NEWSLETTER, "yaml-character", 7),
                               (NEWSLETTER, "transfers-declared", 18)],
    "line-separator-in-comment": [(NEWSLETTER, "yaml-character", 1)],
    "yaml-1-1-directive": [(NEWSLETTER, "yaml-version", 1)],
    # aliases and tags
    "alias-from-internal": [(NEWSLETTER, "yaml-alias", 4)],
    "recursive-alias": [(NEWSLETTER, "yaml-alias", 4)],
    "undefined-alias": [(NEWSLETTER, "yaml-alias", 17)],
    "python-tag": [(NEWSLETTER, "yaml-tag", 2)],
    # wrong types in every field of an activity
    "wrong-types-text": [
        (NEWSLETTER, "activity-name", 2), (NEWSLETTER, "data-subjects-required", 3),
        (NEWSLETTER, "data-categories-required", 4), (NEWSLETTER, "purposes-required", 5),
        (NEWSLETTER, "legal-basis-required", 6), (NEWSLETTER, "retention-required", 7),
        (NEWSLETTER, "source-declared", 8), (NEWSLETTER, "recipients-declared", 9),
        (NEWSLETTER, "transfers-declared", 10), (NEWSLETTER, "automated-decisions-declared", 11),
        (NEWSLETTER, "schema", 12),
    ],
    "wrong-types-lists": [
        # 'name' may be a text or open: a list is neither, said as the field's own rule.
        (NEWSLETTER, "activity-name", 2), (NEWSLETTER, "schema", 3), (NEWSLETTER, "schema", 6),
        (NEWSLETTER, "schema", 7), (NEWSLETTER, "schema", 9), (NEWSLETTER, "schema", 10),
        (NEWSLETTER, "schema", 12), (NEWSLETTER, "schema", 13), (NEWSLETTER, "schema", 14),
        (NEWSLETTER, "schema", 15), (NEWSLETTER, "schema", 17),
        (NEWSLETTER, "automated-decisions-declared", 18), (NEWSLETTER, "schema", 19),
    ],
    "wrong-types-numbers": [
        (NEWSLETTER, "schema", 2), (NEWSLETTER, "schema", 2),
        (NEWSLETTER, "data-subjects-required", 3), (NEWSLETTER, "schema", 4),
        (NEWSLETTER, "schema", 6), (NEWSLETTER, "schema", 7), (NEWSLETTER, "schema", 7),
        (NEWSLETTER, "schema", 9), (NEWSLETTER, "schema", 10), (NEWSLETTER, "schema", 10),
        (NEWSLETTER, "schema", 12), (NEWSLETTER, "schema", 13), (NEWSLETTER, "schema", 14),
        (NEWSLETTER, "source-declared", 15), (NEWSLETTER, "recipients-declared", 16),
        (NEWSLETTER, "transfers-declared", 17), (NEWSLETTER, "automated-decisions-declared", 18),
        (NEWSLETTER, "schema", 19),
    ],
    "wrong-types-booleans": [
        (NEWSLETTER, "schema", 2), (NEWSLETTER, "schema", 2),
        (NEWSLETTER, "data-subjects-required", 3), (NEWSLETTER, "schema", 4),
        (NEWSLETTER, "schema", 6), (NEWSLETTER, "schema", 7), (NEWSLETTER, "schema", 7),
        (NEWSLETTER, "schema", 9), (NEWSLETTER, "schema", 10), (NEWSLETTER, "schema", 10),
        (NEWSLETTER, "schema", 12), (NEWSLETTER, "schema", 13), (NEWSLETTER, "schema", 14),
        (NEWSLETTER, "source-declared", 15), (NEWSLETTER, "recipients-declared", 16),
        (NEWSLETTER, "transfers-declared", 17), (NEWSLETTER, "automated-decisions-declared", 18),
        (NEWSLETTER, "schema", 19),
    ],
    "wrong-types-null": [
        (NEWSLETTER, "activity-name", 2), (NEWSLETTER, "data-subjects-required", 3),
        (NEWSLETTER, "data-categories-required", 4), (NEWSLETTER, "schema", 6),
        (NEWSLETTER, "schema", 7), (NEWSLETTER, "schema", 7), (NEWSLETTER, "schema", 9),
        (NEWSLETTER, "schema", 10), (NEWSLETTER, "schema", 12), (NEWSLETTER, "schema", 13),
        (NEWSLETTER, "schema", 14), (NEWSLETTER, "source-declared", 15),
        (NEWSLETTER, "recipients-declared", 16), (NEWSLETTER, "transfers-declared", 17),
        (NEWSLETTER, "automated-decisions-declared", 18), (NEWSLETTER, "schema", 19),
    ],
    # unknown keys, with and without a near miss
    "unknown-key-near-miss": [
        (NEWSLETTER, "retention-required", 2), (NEWSLETTER, "consent-withdrawal", 9),
        (NEWSLETTER, "unknown-key", 10), (NEWSLETTER, "unknown-key", 11),
    ],
    "unknown-key-no-near-miss": [(NEWSLETTER, "unknown-key", 21),
                                 (NEWSLETTER, "unknown-key", 22)],
    # references to nothing
    "dangling-references": [
        (NEWSLETTER, "references-exist", 3), (NEWSLETTER, "references-exist", 4),
        (NEWSLETTER, "references-exist", 13), (NEWSLETTER, "references-exist", 17),
        (STATEMENT, "references-exist", 19),
    ],
    # markup in reader-facing texts
    "markup-in-texts": [
        (NEWSLETTER, "plain-text", 2), (NEWSLETTER, "plain-text", 2),
        (NEWSLETTER, "plain-text", 7), (NEWSLETTER, "plain-text", 7),
        (NEWSLETTER, "plain-text", 10), (NEWSLETTER, "plain-text", 10),
        (STATEMENT, "plain-text", 12), (STATEMENT, "plain-text", 12),
    ],
    # files that are not records
    "file-name-not-an-id": [("records/activities/2026-events.yaml", "file-name", 1),
                            ("records/activities/Nyhetsbrev 2026.yaml", "file-name", 1)],
    "yml-extension": [("records/activities/events.yml", "file-name", 1)],
    "directory-named-like-a-record": [("records/activities/archive.yaml", "file-name", 1)],
    "stray-files": [("records/activities/README.md", "file-name", 1),
                    ("records/notes.txt", "file-name", 1)],
}


# --- generated cases: too big to commit, or not files git can hold ------------------

def _newsletter(records: Path) -> tuple[Path, str]:
    path = records / "activities" / "newsletter.yaml"
    return path, path.read_text("utf-8")


def _replace(old: str, new: str) -> Callable[[Path], None]:
    def make(records: Path) -> None:
        path, text = _newsletter(records)
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")
    return make


def alias_bomb(records: Path) -> None:
    """Billion laughs: ten levels of nine aliases each."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    path, text = _newsletter(records)
    path.write_text(text + "\n".join(lines) + "\n", "utf-8")


def twenty_megabytes(records: Path) -> None:
    path, text = _newsletter(records)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(text)
        for _ in range(20 * 1024):
            handle.write("# " + "x" * 1021 + "\n")


def symlink_loop(records: Path) -> None:
    os.symlink("loop.yaml", records / "activities" / "loop.yaml")


def endless_device(records: Path) -> None:
    os.symlink("/dev/zero", records / "activities" / "zero.yaml")


def named_pipe(records: Path) -> None:
    os.mkfifo(records / "activities" / "pipe.yaml")


GENERATED: dict[str, tuple[Callable[[Path], None], list[Problem]]] = {
    "alias-bomb": (alias_bomb, [(NEWSLETTER, "yaml-alias", 22)]),
    "20-megabytes": (twenty_megabytes, [(NEWSLETTER, "yaml-too-large", 1)]),
    "10000-deep-flow": (
        _replace("recipients: [mail_service]", "recipients: " + "[" * 10_000 + "]" * 10_000),
        [(NEWSLETTER, "yaml-too-deep", 17)]),
    "10000-deep-block": (
        _replace("recipients: [mail_service]", "recipients:\n  " + "- " * 10_000 + "mail_service"),
        [(NEWSLETTER, "yaml-too-deep", 18)]),
    "deep-block-mappings": (
        _replace("recipients: [mail_service]",
                 "recipients:\n  " + "".join(f"k{i}:\n" + " " * (i + 3) for i in range(60)) + "x"),
        [(NEWSLETTER, "yaml-too-deep", 57)]),
    "50000-unknown-keys": (
        _replace("direct_marketing: true\n", "direct_marketing: true\n"
                 + "".join(f"unknown_key_{i}: 1\n" for i in range(40_000))),
        [(NEWSLETTER, "yaml-too-large", 24992)]),
    # Text that makes a backtracking regular expression take quadratic time.
    "900-kb-of-html-tag-starts": (
        _replace("name: {nb: Nyhetsbrev,", 'name: {nb: "' + "<a" * 400_000 + '",'),
        [(NEWSLETTER, "plain-text", 2), (NEWSLETTER, "schema", 2)]),
    "900-kb-of-open-brackets": (
        _replace("name: {nb: Nyhetsbrev,", 'name: {nb: "' + "[" * 900_000 + '",'),
        [(NEWSLETTER, "schema", 2)]),
    "900-kb-of-vague-retention": (
        _replace("  - period: P0D\n    from: consent_withdrawn\n    then: delete\n",
                 "  - " + "så lenge " * 100_000 + "\n"),
        [(NEWSLETTER, "schema", 12)]),
    "symlink-loop": (symlink_loop, [("records/activities/loop.yaml", "io-error", 1)]),
    # A link leaving the project is refused unread (it could be any file or device).
    "symlink-to-dev-zero": (endless_device, [("records/activities/zero.yaml", "file-location", 1)]),
    "named-pipe": (named_pipe, [("records/activities/pipe.yaml", "io-error", 1)]),
}


# --- running ---------------------------------------------------------------------------

def hostile_project(tmp_path: Path, case: str) -> Path:
    """A copy of the minimal project with the hostile case dropped in."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    if case in GENERATED:
        GENERATED[case][0](root / "records")
        return root
    source = HOSTILE / case
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = root / "records" / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_bounded(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``privacy ARGS`` with 2 GiB of address space; a hang fails by timeout (generous: a guard against hangs, not a timing)."""
    done = subprocess.run([str(PRIVACY), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=30, preexec_fn=_limit_memory, check=False)
    output = done.stdout + done.stderr
    assert done.returncode >= 0, f"killed by signal {-done.returncode}"
    assert "Traceback" not in output and "MemoryError" not in output, output[-2000:]
    assert "internal error" not in output, output[-2000:]
    return done


def snapshot(root: Path) -> dict[str, tuple[bytes, int] | str]:
    """Every path under ``root`` with its content and mtime (symlinks and pipes by kind)."""
    state: dict[str, tuple[bytes, int] | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            state[rel] = f"symlink -> {os.readlink(path)}"
        elif path.is_dir():
            state[rel] = "folder"
        elif path.is_file():
            state[rel] = (path.read_bytes(), path.stat().st_mtime_ns)
        else:
            state[rel] = "special"
    return state


ALL_CASES = sorted([*CASES, *GENERATED])


def test_every_committed_case_is_listed() -> None:
    assert sorted(p.name for p in HOSTILE.iterdir() if p.is_dir()) == sorted(CASES)


@pytest.mark.parametrize("case", ALL_CASES)
def test_hostile_input_gives_findings_with_file_and_line(case: str, tmp_path: Path) -> None:
    root = hostile_project(tmp_path, case)
    expected = CASES[case] if case in CASES else GENERATED[case][1]
    done = run_bounded("check", "--format", "json", cwd=root)
    report = json.loads(done.stdout)
    found = sorted((f["path"], f["rule"], f["line"]) for f in report["findings"])
    if case == "900-kb-of-html-tag-starts":
        found = sorted(set(found))
    assert found == sorted(expected)
    assert all(f["line"] >= 1 and f["column"] >= 1 for f in report["findings"])
    assert done.returncode == (1 if expected else 0), done.stdout[-2000:]


def test_thousands_of_dangling_references_are_reported_quickly(tmp_path: Path) -> None:
    root = hostile_project(tmp_path, "dangling-references")
    path = root / NEWSLETTER
    path.write_text(path.read_text("utf-8").replace(
        "data_categories: [contact_details, shoe_size]",
        "data_categories: [" + ", ".join(f"category_{i}" for i in range(40_000)) + "]"), "utf-8")
    done = run_bounded("check", "--format", "json", cwd=root)
    assert done.returncode == 1
    unknown = [f for f in json.loads(done.stdout)["findings"]
               if f["rule"] == "references-exist" and f["line"] == 4]
    assert len(unknown) == 40_000


RENDER_AND_EXPORT_CASES = ["unclosed-quote", "wrong-types-lists", "alias-bomb",
                           "20-megabytes", "named-pipe", "escaped-control-characters",
                           "windows-path-in-double-quotes", "alias-from-internal"]


@pytest.mark.parametrize("case", RENDER_AND_EXPORT_CASES)
def test_render_check_and_export_refuse_a_hostile_project_and_write_nothing(
        case: str, tmp_path: Path) -> None:
    root = hostile_project(tmp_path, case)
    before = snapshot(root)
    broken = (CASES[case] if case in CASES else GENERATED[case][1])[0][0]
    for command in (["render", "--check"], ["render"],
                    ["export", "ropa", "--format", "json"],
                    ["export", "ropa", "-o", "ropa.json"],
                    ["export", "ropa", "--format", "xlsx", "-o", "ropa.xlsx"]):
        done = run_bounded(*command, cwd=root)
        assert done.returncode == 1, (command, done.stdout, done.stderr)
        assert f"{broken}:" in done.stdout + done.stderr, (command, done.stdout, done.stderr)
        if command[0] == "export":
            assert done.stdout == ""
    assert snapshot(root) == before


# --- inert text on the built site ------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    '<a href="https://evil.example">x</a>',
    "# Heading",
    "| a | b |",
    '{: onclick="x" }',
    "<!-- comment -->",
    "&lt;script&gt;",
    "`code` and ``more``",
]
"""What a careless paste or an attacker could put into a reader-facing text."""

URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "style",
                  "xlink:href"}
"""Where a payload would load or link something (text in aria-label or title is inert)."""
PLAIN_STRING_FIELDS = {"vendor", "statute"}
"""Reader-facing values that are plain strings rather than {nb, en} texts."""


class _Page(HTMLParser):
    """The visible text of a page, and every element with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag in ("script", "style"):
            self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if not self._in:
            self.text.append(data)
        elif self._in[-1] == "script":
            self.scripts.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def fill_every_reader_facing_text(root: Path) -> int:
    """Replace every reader-facing text of the records with the payloads, in turn."""
    count = 0

    def payload() -> str:
        nonlocal count
        count += 1
        return PAYLOADS[(count - 1) % len(PAYLOADS)]

    def fill(value: object, key: object = None) -> object:
        if isinstance(value, dict):
            if set(value) == {"nb", "en"} and all(isinstance(v, str) for v in value.values()):
                return {"nb": payload(), "en": payload()}
            return {k: value[k] if k in ("open_questions", "internal") else fill(value[k], k)
                    for k in value}
        if isinstance(value, list):
            return [fill(item, key) for item in value]
        if key in PLAIN_STRING_FIELDS and isinstance(value, str):
            return payload()
        return value

    for path in sorted((root / "records").rglob("*.yaml")):
        data = load_text(path.read_text("utf-8")).data
        if path.name == "statement.yaml":
            data["websites"][0]["storage"] = [
                {"name": payload(), "kind": kind, "provider": payload(), "purpose": {"nb": "x", "en": "x"},
                 "category": "strictly_necessary", "lifetime": {"nb": "x", "en": "x"}}
                for kind in ("cookie", "local_storage")]
        path.write_text(yaml.safe_dump(fill(data), allow_unicode=True, sort_keys=False),
                        "utf-8")
    return count


def test_every_reader_facing_text_is_inert_on_the_built_site(tmp_path: Path) -> None:
    filled = []
    # The plain-text rule stops such records at the gate: nothing is rendered or built ...
    code, output, _ = built_project(tmp_path / "gated", fill_every_reader_facing_text)
    assert code == 1 and "error [plain-text]" in output and "nothing was built" in output
    # ... and the pages escape them anyway, as a second line of defence.
    code, output, site = built_project(
        tmp_path, lambda root: filled.append(fill_every_reader_facing_text(root)),
        past_the_gate=True)
    assert code == 0, output
    assert filled[0] >= 4 * len(PAYLOADS)
    html_files = [site / "index.html", *sorted(site.glob("*/index.html")),
                  site / "en" / "index.html", *sorted((site / "en").glob("*/index.html"))]
    visible = ""
    for path in html_files:
        page = parse(path.read_text("utf-8"))
        visible += " ".join("".join(page.text).split()) + "\n"
        where = path.relative_to(site).as_posix()
        for tag, attrs in page.elements:
            for name, value in attrs.items():
                assert not name.startswith("on"), (where, tag, attrs)
                if name in URL_ATTRIBUTES:
                    assert "evil.example" not in value, (where, tag, attrs)
                    assert not value.strip().lower().startswith("javascript:"), (where, tag, attrs)
            assert not (tag == "img" and attrs.get("src") == "x"), (where, attrs)
        assert not any("alert(" in script for script in page.scripts), where
    for payload in PAYLOADS:
        assert payload in visible, f"{payload!r} is not shown as text"
    for index in (site / "search" / "search_index.json", site / "en" / "search" / "search_index.json"):
        for doc in json.loads(index.read_text("utf-8"))["docs"]:
            fragment = parse(doc["title"] + " " + doc["text"])
            assert all(tag not in ("script", "img", "a") for tag, _ in fragment.elements), doc
