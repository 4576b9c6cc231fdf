"""Why libyaml could not read a record, in the editor's words and at the line of the cause.

libyaml says what it expected ("mapping values are not allowed here", "did not
find expected key") at the place it gave up, which is often the line after the
mistake. :func:`diagnose` looks at the source around that place for the
mistakes people make when editing records by hand, in this order:

* a curly quote pasted from a word processor (“ ” ‘ ’) where YAML needs ``"``;
* a quote inside a quoted text (``"Vi sier "hei""``), which ends the text early;
* a line indented deeper or shallower than its neighbours;
* ``: `` inside an unquoted text, which YAML reads as a new key;
* a quote that is never closed (reported where it opens);
* a tab used as indentation.

Only when none of these fits are libyaml's own words shown, with a hint.
:func:`curly_quoted` and :func:`dropped_comment` find two mistakes that libyaml
reads without complaint but that change the value.

Each diagnosis is ``(line, column, key, args)``: an editor position (1-based)
and a ``yaml-syntax`` message of the catalogues (``i18n/messages``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from privacy_as_code import i18n
from privacy_as_code.findings import Message

CURLY = "“”‘’„‚"
"""Typographic quotes a word processor puts where YAML's straight quotes belong."""
_OPENING = {"“": "”", "”": "”", "„": "“", "‘": "’", "’": "’", "‚": "‘"}

_KEY_LINE = re.compile(r"((?:- +)*)(?:\"[^\"]*\"|'[^']*'|[^\s#'\"{\[][^:#]*?):(?:[ \t]|$)")
_DASH_LINE = re.compile(r"((?:- +)*)-[ \t]*$")
_VALUE_START = re.compile(r" *(?:- +)*(?:[^\s#'\"{\[-][^:#]*?:[ \t]+|- +)")


@dataclass(frozen=True)
class Diagnosis:
    line: int
    column: int
    key: str
    args: tuple[tuple[str, str | int | Message], ...] = ()
    """The message's arguments: plain values, or messages worded in the reader's language."""


def _structure(line: str) -> tuple[int, int] | None:
    """``(indent, key column)`` of a line holding a key or a list dash; None for others
    (blank lines, comments, the continuation of a text)."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if not stripped or stripped.startswith("#"):
        return None
    match = _KEY_LINE.match(stripped) or _DASH_LINE.match(stripped)
    if match is None:
        return None
    return indent, indent + len(match.group(1))


def _opens_block(line: str) -> bool:
    """Whether a key line has no value on it (``key:``) or is a bare dash: what follows may be deeper."""
    code = re.sub(r"[ \t]+#.*$", "", line).rstrip()
    return code.endswith((":", "-", "|", ">")) or bool(re.search(r":[ \t]+[|>][-+0-9]*$", code))


def _indentation(lines: list[str], index: int) -> Diagnosis | None:
    """Line ``index`` (0-based) indented unlike the keys it can belong to."""
    here = _structure(lines[index])
    if here is None:
        return None
    indent = here[0]
    levels: list[tuple[int, int]] = []  # (column, line index), deepest first
    limit = 10**9
    previous: int | None = None
    for j in range(index - 1, -1, -1):
        found = _structure(lines[j])
        if found is None:
            continue
        if previous is None:
            previous = j
        for column in (found[1], found[0]):
            if column < limit:
                levels.append((column, j))
                limit = column
        if limit == 0:
            break
    if previous is None:
        return None
    columns = {column for column, _ in levels}
    prev_key = _structure(lines[previous])[1]  # type: ignore[index]
    if indent > prev_key and _opens_block(lines[previous]):
        return None  # a new block under the previous key
    if indent in columns and not indent > prev_key:
        return None
    column, j = min(levels, key=lambda level: (abs(level[0] - indent), -level[0]))
    if column == indent:
        column, j = prev_key, previous
    key = "deeper" if indent > column else "shallower"
    return Diagnosis(index + 1, 1, key, (("spaces", _spaces(indent)), ("other", j + 1),
                                         ("other_spaces", _spaces(column))))


def _spaces(count: int) -> Message:
    """``1 space`` / ``3 spaces`` (``3 mellomrom``): an amount of indentation, in words."""
    return Message.of(f"yaml-syntax.spaces-{'one' if count == 1 else 'many'}", n=count)


def _quote_end(line: str, start: int) -> int | None:
    """Index of the quote closing the quoted text that opens at ``line[start]``, or None."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        char = line[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and line[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


_QUOTE_OPENS = re.compile(r"""(?:^[ \t]*(?:-[ \t]+)*|:[ \t]+|[{\[,][ \t]*|-[ \t]+)(["'])""")


def _inner_quote(line: str) -> Diagnosis | None:
    """A quoted value that ends before its text does: more text follows its closing quote
    (in a block value or inside ``{nb: "...", en: ...}``)."""
    for opening in _QUOTE_OPENS.finditer(line):
        start = opening.start(1)
        end = _quote_end(line, start)
        if end is None:
            return None
        rest = line[end + 1 :].lstrip(" \t")
        if rest and rest[0] not in ",}]#:":
            return Diagnosis(0, end + 1, "inner-quote", (("quote", line[end]),))
    return None


def _curly(line: str) -> Diagnosis | None:
    start = _VALUE_START.match(line)
    if start is not None and start.end() < len(line) and line[start.end()] in CURLY:
        return Diagnosis(0, start.end() + 1, "curly-quote", (("quote", line[start.end()]),))
    return None


def _colon(line: str) -> Diagnosis | None:
    start = _VALUE_START.match(line)
    if start is None or start.end() >= len(line) or line[start.end()] in "\"'{[|>":
        return None
    found = re.search(r":(?:[ \t]|$)", line[start.end():])
    if found is None:
        return None
    return Diagnosis(0, start.end() + found.start() + 1, "colon-in-text")


def diagnose(text: str, problem: str, line: int, column: int,
             context: tuple[int, int] | None) -> Diagnosis:
    """The cause of libyaml's ``problem`` at ``line``:``column`` (1-based), ``context``
    being libyaml's context mark (where the construct it was reading started)."""
    lines = text.splitlines() or [""]
    at = min(max(line, 1), len(lines)) - 1
    indentation = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    if "\t" in indentation or (0 <= column - 1 < len(lines[at])
                               and lines[at][column - 1] == "\t"):
        return Diagnosis(line, column, "tab")
    if "end of stream" in problem and context is not None and "quoted" in problem + " ":
        return Diagnosis(*context, "unclosed-quote")
    candidates = [at] + ([at - 1] if at > 0 else [])
    for check in (_curly, _inner_quote):
        for index in candidates:
            found = check(lines[index])
            if found is not None:
                return Diagnosis(index + 1, found.column, found.key, found.args)
    for index in candidates:
        found = _indentation(lines, index)
        if found is not None:
            return found
    for index in candidates:
        found = _colon(lines[index])
        if found is not None:
            return Diagnosis(index + 1, found.column, found.key, found.args)
    if context is not None and "end of stream" in problem:
        return Diagnosis(*context, "unclosed")
    return Diagnosis(line, column, "libyaml", (("problem", problem),))


def curly_quoted(value: str) -> bool:
    """Whether an unquoted value is wrapped in typographic quotes (“text”, ‘text’) as if
    they were YAML's quotes."""
    if len(value) < 2:
        return False
    first, last = value[0], value[-1]
    return last == _OPENING.get(first) or (first in "“”" and last in "“”") \
        or (first in "‘’‚" and last in "‘’")


_COMMENT_AFTER = re.compile(r"[ \t]+#([^\n\r]*)")


def dropped_comment(text: str, end: int, key: object) -> str | None:
    """The text YAML drops as a comment after an unquoted value ending at ``text[end]``,
    when it looks like part of the value: ``#`` followed directly by a letter or digit
    (``entrance #1 and #2``), or any comment after a reader-facing text (``nb``/``en``).
    None when there is no such comment."""
    found = _COMMENT_AFTER.match(text, end)
    if found is None:
        return None
    comment = found.group(1)
    if comment[:1].isalnum() or key in i18n.languages():
        return "#" + comment.rstrip()
    return None
