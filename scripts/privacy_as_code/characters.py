"""Characters in a record's text that make reviewers and readers see different things.

The loader (:mod:`privacy_as_code.loader`) asks this module which characters
of a file are a problem and how to say so. Four kinds, after the Unicode
general category that Python's ``unicodedata`` gives (so no Unicode table is
kept here):

``control``
    C0 and C1 controls and DEL (category ``Cc``) other than tab and the line
    breaks. Nobody can see them; the XLSX export cannot even hold most of them.
``line-separator``
    U+0085, U+2028, U+2029. YAML 1.2 (§5.4) and editors do not end a line at
    them, but libyaml, Python's ``str.splitlines`` and some viewers do, so line
    numbers and texts differ between tools.
``format``
    Invisible format characters (category ``Cf``): bidi controls such as
    U+202E, which make "30 days" display as "syad 03"; zero-width spaces and
    joiners, which defeat search; the soft hyphen; a byte-order mark inside
    the text.
``space``
    Spaces other than U+0020 (category ``Zs``: U+00A0, U+202F, U+2007, ...),
    a problem only as indentation or inside a key (pasted from a word
    processor): in running text a non-breaking space is good typography.

Private-use and unassigned characters are not judged.

Positions are the editor's: a line ends only at ``\\n``, ``\\r\\n`` or ``\\r``,
and a column counts characters (code points) from 1.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

Position = tuple[int, int]

UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters a YAML 1.2 stream may not contain at all (§5.1, ``c-printable``)."""

LINE_SEPARATORS = "\x85\u2028\u2029"
"""What libyaml ends a line at besides \\n and \\r (YAML 1.1 did; YAML 1.2 §5.4 does not)."""

_NOT_ASCII_TEXT = re.compile(r"[^\t\n\r\x20-\x7e]")
"""Candidates for a closer look: every character outside printable ASCII, tab and breaks."""

# Escapes of double-quoted scalars (YAML 1.2 §5.7): what each one stands for.
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|\r\n|.)", re.DOTALL)
_SINGLE_ESCAPES = {
    "0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t", "n": "\n", "v": "\x0b",
    "f": "\x0c", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
    "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
_WINDOWS_PATH = re.compile(r"""["']?(?:[A-Za-z]:\\|\\\\+[^\\\s])""")


def odd_characters(text: str) -> list[tuple[int, str, str]]:
    """Index, character and :func:`kind` of every character of ``text`` that
    may be a problem, the first of each run of one character only.

    That is every character Python does not call printable except tab, \\n,
    \\r, private-use and unassigned characters. Costs one ``str.isprintable``
    call when there is nothing to find, which is almost always.
    """
    flat = text.replace("\n", " ")
    if "\t" in flat:
        flat = flat.replace("\t", " ")
    if "\r" in flat:
        flat = flat.replace("\r", " ")
    if flat.isprintable():
        return []
    found = []
    last_index, last_char = -2, ""
    for match in _NOT_ASCII_TEXT.finditer(text):
        index, char = match.start(), match.group()
        if index == last_index + 1 and char == last_char:
            last_index = index
            continue
        last_index, last_char = index, char
        if not char.isprintable():
            what = kind(char)
            if what is not None:
                found.append((index, char, what))
    return found


@functools.cache
def kind(char: str) -> str | None:
    """``control``, ``line-separator``, ``format``, ``space`` (see the module) or ``None``.

    ``control`` also covers the other characters a YAML stream may not hold
    (surrogates, U+FFFE, U+FFFF: :data:`UNREADABLE`).
    """
    if char in LINE_SEPARATORS:
        return "line-separator"
    if UNREADABLE.match(char):
        return "control"
    category = unicodedata.category(char)
    if category == "Cf":
        return "format"
    if category == "Zs" and char != " ":
        return "space"
    return None


def name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``; ``U+0007`` when Unicode gives no name."""
    code = f"U+{ord(char):04X}"
    label = unicodedata.name(char, "")
    return f"{code} ({label})" if label else code


def escapes(source: str) -> Iterator[tuple[int, str, str]]:
    """Offset, spelling and meaning of each escape in a double-quoted scalar's source.

    ``source`` runs from the opening to the closing quote. An escaped line
    break (a backslash at the end of a line) stands for nothing and is skipped.
    """
    for match in _ESCAPE.finditer(source):
        body = match.group(1)
        if body[0] in "xuU" and len(body) > 1:
            try:
                meaning = chr(int(body[1:], 16))
            except (ValueError, OverflowError):  # beyond U+10FFFF: libyaml refuses it
                continue
        else:
            meaning = _SINGLE_ESCAPES.get(body, "")
        if meaning:
            yield match.start(), match.group(), meaning


def looks_like_windows_path(source: str) -> bool:
    """Whether a scalar's source starts like ``"G:\\...`` or ``"\\\\server\\...``
    (with its backslashes escaped or not)."""
    return _WINDOWS_PATH.match(source) is not None


def position(text: str, index: int) -> Position:
    """The editor's (line, column) of ``text[index]``: lines end at \\n, \\r\\n or \\r only."""
    line_start = max(text.rfind("\n", 0, index), text.rfind("\r", 0, index)) + 1
    breaks = text.count("\n", 0, index) + text.count("\r", 0, index) - text.count("\r\n", 0, index)
    return breaks + 1, index - line_start + 1


Problem = tuple[str, dict[str, str]]
"""A message key of the ``yaml-character`` messages (``i18n/messages``) and its arguments."""


def raw_problem(char: str, where: str = "") -> Problem:
    """What to say about ``char`` typed into the file; ``where`` is set for spaces.

    ``where`` is ``indentation``, ``key`` or ``after-colon`` for a ``space``.
    """
    what = kind(char)
    shown = {"char": name(char)}
    if what == "control":
        return ("control" if unicodedata.category(char) == "Cc" else "not-allowed"), shown
    if what == "line-separator":
        return "line-separator", shown
    if what == "format":
        return "format", shown
    if where == "indentation":
        return "space-indentation", shown
    if where == "after-colon":
        return "space-after-colon", shown
    return "space-in-key", shown


def hidden_in_scalar(char: str, *, key: bool) -> bool:
    """Whether ``char``, decoded from an escape, is a problem in a value (or a key).

    A value may hold tab and \\n (a block text has them too); a key, which is
    an identifier, may not, nor any space other than U+0020. \\r never reaches
    a value through the text itself (YAML turns line breaks into \\n).
    """
    what = kind(char)
    if what in ("control", "line-separator", "format") or char == "\r":
        return True
    return key and (what == "space" or char in "\t\n")


def escape_problem(found: list[tuple[str, str]], *, key: bool, windows_path: bool) -> Problem:
    """What to say about a double-quoted scalar whose escapes (spelling, meaning) are a problem.

    In what looks like a Windows path every escape is one (``"G:\\new"`` holds a
    line break), whatever it stands for.
    """
    where = "key" if key else "value"
    listed = ", ".join(f"'{spelling}' ({name(meaning)})" for spelling, meaning in found)
    if windows_path:
        return f"windows-path-{where}", {"escapes": listed}
    return f"escape{'s' if len(found) > 1 else ''}-{where}", {"escapes": listed}
