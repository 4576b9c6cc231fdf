"""Strict, bounded YAML loading with line numbers.

PyYAML's C parser produces the events; this module composes them into plain
Python data itself instead of using PyYAML's constructor, because the
constructor gets several things wrong for legal records:

* YAML 1.1 booleans: ``country: NO`` would become ``False``. We resolve plain
  scalars with the YAML 1.2 core schema, as editors do, so ``NO``, ``yes`` and
  ``off`` stay text. A ``%YAML 1.1`` directive is reported, not obeyed.
* Timestamps: ``2026-12-01`` stays the string the schemas expect.
* Duplicate keys: PyYAML silently keeps the last one; we report both lines.
* Aliases (``*name``) are refused: they can copy an internal note into a
  published text where no reviewer sees it (and repeat data exponentially).
* Deep nesting: PyYAML's C composer recurses (it crashes the interpreter at
  ~100,000 levels). We compose iteratively.
* Characters that make reviewers and readers see different things are
  reported where they are written, whether typed or written as an escape in
  double quotes (``"\\x07"``): control characters, invisible format
  characters (bidi controls, zero-width spaces), Unicode line separators, and
  non-breaking spaces used as indentation or in keys.
* Line numbers are the editor's: only ``\\n``, ``\\r\\n`` and ``\\r`` end a line.
  libyaml (following YAML 1.1) also ends lines at U+0085, U+2028 and U+2029;
  YAML 1.2 and editors do not, so we hide those from libyaml (and put them
  back into the values) after reporting them.

Every problem becomes a :class:`Finding`; nothing here raises on bad input.
While composing we record where each value starts (``positions``) and where
each mapping key is written (``key_positions``), keyed by the JSON path of the
value, so later checks can point at ``file:line:column``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from privacy_as_code import characters, syntax
from privacy_as_code.findings import Finding, Message, Severity

MAX_BYTES = 1024 * 1024
"""Records are a few kilobytes; anything above 1 MiB is a mistake or an attack."""
MAX_DEPTH = 40
"""Our deepest schema path is about eight levels."""
MAX_VALUES = 50_000
"""Values in one file; a large record has a few hundred."""
MAX_CHARACTER_FINDINGS = 20
"""Character findings listed per file; the rest are counted in one more finding."""

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUES = frozenset({"true", "True", "TRUE"})
_FALSES = frozenset({"false", "False", "FALSE"})
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)")
_NAN = re.compile(r"\.(nan|NaN|NAN)")
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF")
# What may come before an unusual space on its line for it to be indentation,
# or to stand after a key's ':' (as in "- name:").
_INDENTATION = re.compile(r"[\s-]*")
_KEY_BEFORE = re.compile(r"[\s-]*[\w.-]+:")

def _comment_after_value(text: str) -> bool:
    """Whether a comment follows something on its line (``key: value  # note``): only
    then are unquoted values looked at for text YAML drops
    (:func:`privacy_as_code.syntax.dropped_comment`).

    ``str.find`` for " #" and a look back over the spaces, rather than the regular
    expression ``\\S[ \\t]+#``, which tries a match at every character of every file
    (make bench); a comment on a line of its own has only spaces before it.
    """
    for needle in (" #", "\t#"):
        at = text.find(needle)
        while at != -1:
            before = at
            while before > 0 and text[before - 1] in " \t":
                before -= 1
            if before > 0 and not text[before - 1].isspace():
                return True
            at = text.find(needle, at + 1)
    return False

_STR_TAG = "tag:yaml.org,2002:str"
_CORE_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_CONTAINER_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}

# libyaml's wording, and what a person editing a record should do about it.
_HINTS = (
    ("mapping values are not allowed", "colon"),
    ("could not find expected ':'", "key-value"),
    ("found undefined alias", "alias"),
    ("did not find expected key", "indentation"),
    ("found unexpected end of stream", "unclosed"),
)
"""libyaml's wording -> the ``yaml-syntax.hint-*`` message shown with it when
:func:`privacy_as_code.syntax.diagnose` finds no better cause."""


@dataclass
class LoadedYaml:
    """A parsed file: its data (``None`` when unusable) and where things are."""

    path: str
    data: Any = None
    text: str | None = field(default=None, repr=False)
    """The decoded text; rules use it to skip files that cannot match (see ``escaped``)."""
    escaped: bool = False
    """Whether a double-quoted scalar uses a backslash escape: its value then holds
    characters ``text`` does not show (``"\\x3c"`` is ``<``), so a rule may not
    skip this file because ``text`` lacks them."""
    positions: dict[Path_, Position] = field(default_factory=dict)
    key_positions: dict[Path_, Position] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What rules derive from ``data`` once and share (see ``rules._base.text_values``).
    Loading puts :data:`TEXT_VALUES` there."""
    positions_dropped: bool = field(default=False, repr=False, compare=False)
    """Whether ``positions`` were left out to be found again from ``text`` when first
    asked for (:meth:`drop_positions`)."""

    def drop_positions(self) -> None:
        """Leave out ``positions`` and ``key_positions`` until a finding needs one.

        A worker process that loaded the file sends it to the main process
        pickled; the positions are a third of the bytes and most of the objects,
        and only files with a finding reported after loading need them (make
        bench). They are found again by composing ``text`` once more, which gives
        the same positions (the same text, the same composer).
        """
        if self.text is not None and self.data is not None:
            self.positions, self.key_positions = {}, {}
            self.positions_dropped = True

    def _positions_back(self) -> None:
        again = LoadedYaml(self.path, text=self.text)
        _compose(cast(str, self.text), again)
        self.positions, self.key_positions = again.positions, again.key_positions
        self.positions_dropped = False

    @property
    def ok(self) -> bool:
        return self.data is not None and not any(f.is_error for f in self.findings)

    def position(self, path: Path_) -> Position:
        """Where the value at ``path`` starts, or the nearest enclosing value."""
        if self.positions_dropped:
            self._positions_back()
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found is not None:
                return found
        return (1, 1)

    def key_position(self, path: Path_) -> Position:
        """Where the key of the value at ``path`` is written (for unknown keys)."""
        if self.positions_dropped:
            self._positions_back()
        return self.key_positions.get(path) or self.position(path)


TEXT_VALUES = "text_values"
"""The key in :attr:`LoadedYaml.cache` of every string value in the file with its path,
in file order (``[(("purposes", 0, "text", "nb"), "Å sende ..."), ...]``): gathered while
composing, where each path is made anyway, so rules need not walk the data again for it
(make bench). Absent when a value was left out of the data (a duplicate key)."""


class _Abort(Exception):
    """Stop composing: the finding has been recorded."""


def load_file(path: Path, display: str) -> LoadedYaml:
    """Read and compose one YAML file, never raising on its content."""
    result = LoadedYaml(display)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            _error(result, 1, 1, "io-error", "not-regular")
            return result
        size = info.st_size
        if size > MAX_BYTES:
            _error(result, 1, 1, "yaml-too-large", "file", size=f"{size / 1024 / 1024:.1f}",
                   limit=MAX_BYTES // 1024 // 1024)
            return result
        raw = path.read_bytes()
    except OSError as exc:
        _error(result, 1, 1, "io-error", "unreadable", reason=exc.strerror or str(exc))
        return result
    text = _decode(raw, result)
    if text is not None:
        result.text = text
        _compose(text, result)
    return result


def load_text(text: str, display: str = "<text>") -> LoadedYaml:
    """Compose YAML given as text (used by tests and by ``privacy diff``)."""
    result = LoadedYaml(display, text=text)
    _compose(text, result)
    return result


def _error(result: LoadedYaml, line: int, column: int, rule: str, message_key: str, /,
           **args: Any) -> None:
    """An error of ``rule`` worded by the catalogues' ``[messages.<rule>] <message_key>``."""
    result.findings.append(Finding.worded(result.path, line, column, Severity.ERROR, rule,
                                          f"{rule}.{message_key}", **args))


def _decode(raw: bytes, result: LoadedYaml) -> str | None:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        _error(result, 1, 1, "yaml-encoding", "utf-16")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        _error(result, 1, 1, "yaml-encoding", "bom")
        return None
    nul = raw.find(b"\x00")
    if nul != -1:
        line, column = _byte_position(raw, nul)
        _error(result, line, column, "yaml-encoding", "nul")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _byte_position(raw, exc.start)
        _error(result, line, column, "yaml-encoding", "not-utf-8", byte=f"0x{raw[exc.start]:02X}")
        return None


def _byte_position(raw: bytes, offset: int) -> Position:
    before = raw[:offset].decode("utf-8", "replace")  # valid UTF-8 up to the bad byte
    return characters.position(before, len(before))


class _CharacterReport:
    """Character findings of one file, in editor positions, at most
    :data:`MAX_CHARACTER_FINDINGS` of them plus one that counts the rest (a
    file of a million zero-width spaces must not print a million lines)."""

    def __init__(self, result: LoadedYaml, text: str) -> None:
        self.result = result
        self.text = text
        self.listed = 0
        self.more = 0
        self.more_at: Position = (1, 1)

    def add(self, index: int, problem: Callable[[], characters.Problem]) -> None:
        """A finding at ``text[index]``; ``problem`` (message key and arguments) is only
        asked for when it is listed."""
        if self.listed < MAX_CHARACTER_FINDINGS:
            self.listed += 1
            key, args = problem()
            _error(self.result, *characters.position(self.text, index), "yaml-character", key,
                   **args)
            return
        if not self.more:
            self.more_at = characters.position(self.text, index)
        self.more += 1

    def close(self) -> None:
        if self.more:
            _error(self.result, *self.more_at, "yaml-character", "more", count=f"{self.more:,}")


def _compose(text: str, result: LoadedYaml) -> None:
    report = _CharacterReport(result, text)
    odd = characters.odd_characters(text)
    if any(what == "control" for _, _, what in odd):
        # libyaml cannot read past these: report them all and stop.
        for index, char, what in odd:
            if what == "control":
                report.add(index, functools.partial(characters.raw_problem, char))
        report.close()
        return
    spaces: list[tuple[int, str]] = []
    others: list[tuple[int, str]] = []
    for index, char, what in odd:
        (spaces if what == "space" else others).append((index, char))
    for index, char in others:
        report.add(index, functools.partial(characters.raw_problem, char))
    # libyaml ends lines at U+0085/U+2028/U+2029 (YAML 1.1); YAML 1.2 and the
    # editor do not. Stand-ins that libyaml reads as plain characters keep its
    # line numbers the editor's; the values get the real characters back.
    parsed, restore = text, None
    separators = sorted({char for _, char in others if char in characters.LINE_SEPARATORS})
    if separators:
        stand_ins = _stand_ins(text, len(separators))
        if stand_ins is None:
            report.close()
            return
        parsed = text.translate(dict(zip(map(ord, separators), stand_ins, strict=True)))
        restore = dict(zip(map(ord, stand_ins), separators, strict=True))
    composer = _Composer(result, text, report, restore=restore, key_spans=bool(spaces),
                         escapes="\\" in text)
    try:
        _parse(parsed, composer, result)
    finally:
        for index, char, where in _misplaced_spaces(text, spaces, composer.key_spans):
            report.add(index, functools.partial(characters.raw_problem, char, where))
        report.close()
        if composer.syntax_error is not None:
            line, column, key, args = composer.syntax_error
            # One finding per cause: a character reported on this line or the one
            # before (a non-breaking space as indentation) is why libyaml failed.
            if not any(f.rule == "yaml-character" and line - 1 <= f.line <= line
                       for f in result.findings):
                _error(result, line, column, "yaml-syntax", key, **args)
        result.findings.sort()


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def _stand_ins(text: str, count: int) -> list[str] | None:
    """``count`` private-use characters that ``text`` does not contain (``None``
    in the absurd case of a file holding all 6,400 of them: it is not read on)."""
    present = set(_PRIVATE_USE.findall(text))
    free = (chr(code) for code in range(0xE000, 0xF900) if chr(code) not in present)
    chosen = list(itertools.islice(free, count))
    return chosen if len(chosen) == count else None


def _misplaced_spaces(text: str, spaces: list[tuple[int, str]],
                      key_spans: list[tuple[int, int]] | None) -> Iterator[tuple[int, str, str]]:
    """The unusual spaces that are a problem, with where they are: as
    ``indentation``, ``after-colon`` (of a key), or inside a ``key``. In running
    text they are fine.

    Each line is looked at once, so a long line full of spaces costs no more
    than a short one.
    """
    line_start, indent_end, key_end, previous = -1, 0, -1, 0
    for index, char in spaces:
        start = max(line_start, text.rfind("\n", previous, index) + 1,
                    text.rfind("\r", previous, index) + 1)
        previous = index
        if start != line_start:
            line_start = start
            indent_end = _INDENTATION.match(text, line_start).end()
            key = _KEY_BEFORE.match(text, line_start)
            key_end = key.end() if key else -1
        if index <= indent_end:
            yield index, char, "indentation"
        elif index == key_end:
            yield index, char, "after-colon"
        elif key_spans:
            at = bisect.bisect_right(key_spans, (index, math.inf)) - 1
            if at >= 0 and key_spans[at][0] <= index < key_spans[at][1]:
                yield index, char, "key"


def _parse(text: str, composer: _Composer, result: LoadedYaml) -> None:
    parser = yaml.CSafeLoader(text)
    try:
        # Pull events straight from libyaml: yaml.parse() wraps the same calls
        # in a Python generator that costs a third of the time.
        # The handler is looked up here rather than in a method of the composer:
        # one Python call less per event (a file has hundreds; make bench).
        handlers, get_event, end = composer.handlers, parser.get_event, yaml.StreamEndEvent
        event = get_event()
        while event.__class__ is not end:
            handlers.get(event.__class__, _ignore)(event)
            event = get_event()
    except _Abort:
        return
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        context = exc.context_mark
        found = syntax.diagnose(text, f"{problem} {exc.context or ''}", line, column,
                                (context.line + 1, context.column + 1) if context else None)
        args: dict[str, Any] = dict(found.args)
        if found.key == "libyaml":
            hint = next((h for needle, h in _HINTS if needle in problem), "")
            args = {"problem": problem, "hint": Message.of(f"yaml-syntax.hint-{hint}")
                    if hint else ""}
        composer.syntax_error = (found.line, found.column, found.key, args)
        return
    except yaml.YAMLError as exc:  # ReaderError and friends carry no mark
        composer.syntax_error = (1, 1, "libyaml", {"problem": str(exc), "hint": ""})
        return
    finally:
        parser.dispose()
    if not composer.documents:
        _error(result, 1, 1, "yaml-empty", "empty")
        return
    if not isinstance(composer.root, dict):
        _error(result, 1, 1, "yaml-structure",
               "list" if isinstance(composer.root, list) else "single-value")
        return
    # Files with duplicate keys keep their data (the first value of each key),
    # so the other checks can still report what else is wrong.
    result.data = composer.root
    if not composer.dropped:
        result.cache[TEXT_VALUES] = composer.strings


def _ignore(event: yaml.Event) -> None:
    """Events that change nothing in the data (stream start, document end)."""


class _Frame:
    __slots__ = ("container", "key", "path", "seen")

    def __init__(self, container: dict | list, path: Path_) -> None:
        self.container = container
        self.path = path
        self.key: Any = _NO_KEY
        self.seen: dict[str, int] = {}


_NO_KEY = object()
_BAD_KEY = object()


class _Composer:
    """Turns the parser's events into data, iteratively and within bounds."""

    def __init__(self, result: LoadedYaml, text: str, report: _CharacterReport, *,
                 restore: dict[int, str] | None = None, key_spans: bool = False,
                 escapes: bool = False) -> None:
        self.result = result
        self.text = text
        self.report = report
        self.restore = restore
        self.escapes = escapes
        self.key_spans: list[tuple[int, int]] | None = [] if key_spans else None
        """Where each key is written (start and end index), when a space needs judging."""
        self.stack: list[_Frame] = []
        self.syntax_error: tuple[int, int, str, dict[str, Any]] | None = None
        """Where libyaml gave up and why (line, column, message key, arguments), once diagnosed."""
        self.anchors: dict[str, int] = {}
        """The line each anchor ('&name') is defined on."""
        self.root: Any = None
        self.strings: list[tuple[Path_, str]] = []
        """Every string value attached to the data, with its path (:data:`TEXT_VALUES`)."""
        self.dropped = False
        """Whether a value was left out of the data (a repeated key's): ``strings`` then
        holds values the data does not, and is not used."""
        self.documents = 0
        self.total = 0
        self.handlers: dict[type, Callable[[Any], None]] = {
            yaml.ScalarEvent: self._scalar,
            yaml.MappingStartEvent: self._mapping_start,
            yaml.SequenceStartEvent: self._sequence_start,
            yaml.MappingEndEvent: self._end,
            yaml.SequenceEndEvent: self._end,
            yaml.AliasEvent: self._alias,
            yaml.DocumentStartEvent: self._document_start,
        }
        self.quotes = any(char in text for char in syntax.CURLY)
        self.comments = _comment_after_value(text)
        if restore is not None or key_spans or escapes or self.quotes or self.comments:
            self.handlers[yaml.ScalarEvent] = self._checked_scalar

    def _fail(self, event: yaml.Event, rule: str, message_key: str, /, **args: Any) -> None:
        mark = event.start_mark
        _error(self.result, mark.line + 1, mark.column + 1, rule, message_key, **args)
        raise _Abort

    def _document_start(self, event: yaml.DocumentStartEvent) -> None:
        self.documents += 1
        if self.documents > 1:
            self._fail(event, "yaml-structure", "documents")
        if event.version is not None and tuple(event.version) != (1, 2):
            # libyaml accepts 1.1 and 1.2 and refuses other versions itself.
            version = ".".join(map(str, event.version))
            mark = event.start_mark
            _error(self.result, mark.line + 1, mark.column + 1, "yaml-version", "directive",
                   version=version)

    def _child_path(self, event: yaml.Event) -> Path_ | None:
        """The path of a new value, or None when it is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is _NO_KEY:
            return None
        if top.key is _BAD_KEY:
            return (*top.path, "?")
        return (*top.path, top.key)

    def _count(self, event: yaml.Event) -> None:
        self.total += 1
        if self.total > MAX_VALUES:
            self._fail(event, "yaml-too-large", "values", limit=f"{MAX_VALUES:,}")

    def _attach(self, event: yaml.Event, path: Path_, value: Any) -> None:
        mark = event.start_mark
        self.result.positions[path] = (mark.line + 1, mark.column + 1)
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]
        if value.__class__ is str:
            self.strings.append((path, value))
        if isinstance(top.container, list):
            top.container.append(value)
            return
        if top.key is not _BAD_KEY and top.key not in top.container:
            top.container[top.key] = value
        else:
            self.dropped = True
        top.key = _NO_KEY

    def _set_key(self, event: yaml.Event, key: Any) -> None:
        top = self.stack[-1]
        mark = (event.start_mark.line + 1, event.start_mark.column + 1)
        if key is not _BAD_KEY:
            first = top.seen.get(key)
            if first is not None:
                _error(self.result, *mark, "yaml-duplicate-key", "duplicate", key=key,
                       line=first)
                key = _BAD_KEY
            else:
                top.seen[key] = mark[0]
                self.result.key_positions[(*top.path, key)] = mark
        top.key = key

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        stack = self.stack
        if stack and event.tag is None and not event.anchor and self.total < MAX_VALUES:
            # The common case, inlined: an untagged scalar inside a container.
            top = stack[-1]
            container = top.container
            if container.__class__ is list:
                path: Path_ | None = (*top.path, len(container))
            elif top.key is _NO_KEY:
                # A key (half of all scalars), inlined too; a repeated one is
                # left to _set_key, which reports it.
                key = event.value
                if key not in top.seen:
                    self.total += 1
                    mark = event.start_mark
                    line = mark.line + 1
                    top.seen[key] = line
                    self.result.key_positions[(*top.path, key)] = (line, mark.column + 1)
                    top.key = key
                    return
                path = None
            elif top.key is _BAD_KEY:
                path = None
            else:
                path = (*top.path, top.key)
            if path is not None:
                self.total += 1
                value = event.value
                if not event.style and event.implicit[0]:
                    value = resolve_plain(value)
                mark = event.start_mark
                self.result.positions[path] = (mark.line + 1, mark.column + 1)
                if value.__class__ is str:
                    self.strings.append((path, value))
                if container.__class__ is list:
                    container.append(value)
                else:
                    if top.key not in container:
                        container[top.key] = value
                    else:
                        self.dropped = True
                    top.key = _NO_KEY
                return
        self._count(event)
        if event.anchor:
            self.anchors[event.anchor] = event.start_mark.line + 1
        path = self._child_path(event)
        if path is None:
            if event.tag not in (None, "!", _STR_TAG):
                self._fail(event, "yaml-tag", "on-key", tag=event.tag)
            self._set_key(event, event.value)
            return
        self._attach(event, path, self._resolve(event))

    def _checked_scalar(self, event: yaml.ScalarEvent) -> None:
        """A scalar in a file whose characters need a closer look, then :meth:`_scalar`."""
        top = self.stack[-1] if self.stack else None
        is_key = top is not None and top.container.__class__ is dict and top.key is _NO_KEY
        start, end = event.start_mark.index, event.end_mark.index
        if is_key and self.key_spans is not None:
            self.key_spans.append((start, end))
        if self.restore is not None:
            event.value = event.value.translate(self.restore)
        if not event.style and not is_key and (self.quotes or self.comments):
            self._judge_plain(event, top)
        if self.escapes and event.style == '"':
            source = self.text[start:end]
            if "\\" in source:
                self.result.escaped = True
                self._judge_escapes(start, source, is_key)
        self._scalar(event)

    def _judge_plain(self, event: yaml.ScalarEvent, top: _Frame | None) -> None:
        """An unquoted value wrapped in curly quotes (an error; the value is read without
        them, as meant, so the schema does not report the same cause again), or one
        followed by a comment that looks like part of it (a warning naming what YAML drops)."""
        mark = event.start_mark
        if self.quotes and syntax.curly_quoted(event.value):
            _error(self.result, mark.line + 1, mark.column + 1, "yaml-syntax", "curly-quoted",
                   quotes=f"{event.value[0]}...{event.value[-1]}", value=event.value[1:-1])
            event.value = event.value[1:-1]
        if self.comments:
            key = top.key if top is not None and isinstance(top.container, dict) else None
            dropped = syntax.dropped_comment(self.text, event.end_mark.index, key)
            if dropped is not None:
                end = event.end_mark
                column = end.column + self.text.index("#", end.index) - end.index + 1
                self.result.findings.append(Finding.worded(
                    self.result.path, end.line + 1, column, Severity.WARNING,
                    "yaml-comment", "yaml-comment.dropped", value=event.value, dropped=dropped))

    def _judge_escapes(self, start: int, source: str, is_key: bool) -> None:
        """One finding per scalar whose escapes stand for characters nobody sees
        (or that looks like a Windows path and has escapes), at the first one."""
        path = characters.looks_like_windows_path(source)
        found: dict[str, tuple[int, str]] = {}
        for offset, spelling, meaning in characters.escapes(source):
            if spelling not in found and (characters.hidden_in_scalar(meaning, key=is_key)
                                          or (path and spelling != "\\\\")):
                found[spelling] = (offset, meaning)
        if found:
            first = min(offset for offset, _ in found.values())
            self.report.add(start + first, functools.partial(
                characters.escape_problem,
                [(spelling, meaning) for spelling, (_, meaning) in found.items()], key=is_key,
                windows_path=path))

    def _resolve(self, event: yaml.ScalarEvent) -> Any:
        tag, value = event.tag, event.value
        if tag is None:
            if event.style or not event.implicit[0]:
                return value
            return resolve_plain(value)
        if tag in ("!", _STR_TAG):
            return value
        if tag in _CORE_TAGS:
            resolved = resolve_plain(value)
            if isinstance(resolved, str):
                self._fail(event, "yaml-tag", "cannot-read", value=value,
                           type=tag.rsplit(":", 1)[-1])
            return resolved
        self._fail(event, "yaml-tag", "not-allowed", tag=tag)
        return None

    def _container_start(self, event: yaml.CollectionStartEvent, container: dict | list) -> None:
        if event.tag not in _CONTAINER_TAGS:
            self._fail(event, "yaml-tag", "container", tag=event.tag)
        if len(self.stack) >= MAX_DEPTH:
            self._fail(event, "yaml-too-deep", "deep", limit=MAX_DEPTH)
        self._count(event)
        if event.anchor:
            self.anchors[event.anchor] = event.start_mark.line + 1
        path = self._child_path(event)
        if path is None:
            # A list or mapping used as a key: legal, but never meaningful here.
            mark = event.start_mark
            _error(self.result, mark.line + 1, mark.column + 1, "yaml-structure", "container-key")
            self.stack[-1].key = _BAD_KEY
            path = (*self.stack[-1].path, "?")
            self.dropped = True
        else:
            self._attach(event, path, container)
        self.stack.append(_Frame(container, path))

    def _mapping_start(self, event: yaml.MappingStartEvent) -> None:
        self._container_start(event, {})

    def _sequence_start(self, event: yaml.SequenceStartEvent) -> None:
        self._container_start(event, [])

    def _end(self, event: yaml.Event) -> None:
        self.stack.pop()

    def _alias(self, event: yaml.AliasEvent) -> None:
        name = cast(str, event.anchor)  # an alias always names its anchor
        line = self.anchors.get(name)
        if line is None:
            self._fail(event, "yaml-alias", "no-anchor", name=name)
        # Refused rather than expanded: an alias copies a value written once (an
        # internal note, say) into another place (a published text, say) where
        # no reviewer sees it; and nested aliases grow exponentially.
        self._fail(event, "yaml-alias", "alias", name=name, line=line)


def resolve_plain(value: str) -> Any:
    """Resolve an unquoted scalar with the YAML 1.2 core schema."""
    if value and value[0] not in _MAYBE_NOT_TEXT:
        return value
    if value in _NULLS:
        return None
    if value in _TRUES:
        return True
    if value in _FALSES:
        return False
    try:
        if _INT.fullmatch(value):
            return int(value)
        if _OCT.fullmatch(value):
            return int(value, 0)
        if _HEX.fullmatch(value):
            return int(value, 0)
    except ValueError:  # more digits than Python converts; leave it as text
        return value
    if _FLOAT.fullmatch(value):
        return float(value)
    if _INF.fullmatch(value):
        return -math.inf if value[0] == "-" else math.inf
    if _NAN.fullmatch(value):
        return math.nan
    return value
