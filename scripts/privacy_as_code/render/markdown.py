"""Markdown that is safe to build from record text.

Everything a record says is *data*. Before it reaches a page it goes through
:func:`inline` (or :func:`paragraphs`), which makes it inert for both Markdown
and HTML: ``<``, ``>`` and ``&`` become entities, and every character that
Python-Markdown or a common extension could treat as syntax is escaped, so a
purpose that reads ``<script>``, ``[x](javascript:alert(1))``, ``# heading`` or
``| a | b |`` is shown exactly as typed and does nothing.

Text the renderer itself writes (labels, links to its own pages) is wrapped in
:class:`Md`, the one marker that says "already Markdown". The Jinja
environment escapes every value that is not an ``Md`` (see ``pages.py``), so
forgetting to escape is impossible and ``|safe`` has no effect.
"""

from __future__ import annotations

import re
import textwrap
from urllib.parse import quote

__all__ = ["Md", "anchor", "code", "code_block", "inline", "join", "link", "mailto", "paragraphs"]


class Md(str):
    """A string that is already safe Markdown (written by the renderer, not a record)."""

    __slots__ = ()

    def __add__(self, other: object) -> str:  # Md + str is not safe any more
        return str.__add__(str(self), other)  # type: ignore[operator]


def anchor(*parts: object) -> Md:
    """A heading id from ids or titles: ``anchor("job-applicants", "Recruitment")`` ->
    ``job-applicants-recruitment`` (lower-case letters, digits and ``-`` only, so it is safe
    Markdown and the same in every language)."""
    return Md("-".join(_NOT_IN_ANCHOR.sub("-", str(p).lower()).strip("-") for p in parts))


_NOT_IN_ANCHOR = re.compile(r"[^a-z0-9]+")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
# Written as numeric entities: HTML-active characters, and ones that extensions
# (tables, pymdownx tilde/caret/mark/arithmatex) could read as syntax although
# core Markdown has no backslash escape for them.
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;",
           "^": "&#94;", "=": "&#61;", "$": "&#36;"}
# Backslash-escaped (Python-Markdown's ESCAPED_CHARS). ( ) - + . stay readable in
# running text; they cannot form a link without [ ], and are escaped only where
# they could start a block (see _escape_start).
_BACKSLASH = frozenset("\\`*_{}[]#!")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def _escape_char(char: str) -> str:
    if char in _ENTITY:
        return _ENTITY[char]
    if char in _BACKSLASH:
        return "\\" + char
    return char


def _escape_start(text: str) -> str:
    """Escape what would start a list item, an ordered list or a thematic break."""
    if text[:1] in ("-", "+"):
        return "\\" + text
    match = _ORDERED.match(text)
    if match:
        return f"{match.group(1)}\\{match.group(2)}{text[match.end():]}"
    return text


def _escape_run(text: str) -> str:
    escaped = "".join(_escape_char(c) for c in text)
    return _escape_start(escaped)


def inline(value: object) -> Md:
    """Record text as one inert line of Markdown (all whitespace collapsed)."""
    if isinstance(value, Md):
        return value
    text = _CONTROL.sub("", str(value))
    text = _SPACE.sub(" ", text).strip()
    return Md(_escape_run(text))


def paragraphs(value: object) -> Md:
    """Record text as inert Markdown paragraphs (blank lines separate paragraphs)."""
    if isinstance(value, Md):
        return value
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n")
    parts = [inline(part) for part in re.split(r"\n\s*\n", text) if part.strip()]
    return Md("\n\n".join(parts))


def join(parts: list[object], last: str, sep: str = ", ") -> Md:
    """``a, b og c``: each part escaped unless it is already Markdown."""
    items = [inline(p) for p in parts]
    if len(items) <= 1:
        return Md("".join(items))
    return Md(sep.join(items[:-1]) + f" {last} " + items[-1])


_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+(:\d{1,5})?(/[^\s<>\"'`\\]*)?$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")


def safe_url(url: object) -> str | None:
    """An https URL made safe to put inside ``(...)`` of a Markdown link, or None."""
    if not isinstance(url, str) or not _HTTPS.match(url):
        return None
    return quote(url, safe="/:?#=&%+,;@!$*.-_~")


def link(text: object, url: object) -> Md:
    """``[text](url)`` for an https URL from a record; plain text when the URL is not safe."""
    target = safe_url(url)
    if target is None:
        return inline(text)
    return Md(f"[{inline(text)}]({target})")


def mailto(address: object) -> Md:
    """A ``mailto:`` link for a well-formed e-mail address; plain text otherwise."""
    if not isinstance(address, str) or not _EMAIL.match(address):
        return inline(address)
    return Md(f"[{inline(address)}](mailto:{address})")


def code(value: object) -> Md:
    """Text as inline code, inert: a ``<code>`` element around :func:`inline`'s escaping.

    Not a backtick code span, so no run of backticks or ``|`` in the text (a
    table cell) can end it early.
    """
    return Md(f"<code>{inline(value)}</code>")


_BACKTICKS = re.compile(r"`+")


def code_block(value: object, lang: str = "yaml") -> Md:
    """Text as a fenced code block that nothing inside can close or escape.

    The fence is one backtick longer than the longest backtick run in the text
    (Python-Markdown closes a fence only with exactly the opening fence), and
    fenced code is escaped as code: ``<``, ``>`` and ``&`` are shown, never
    run. Control characters are dropped and common indentation removed.
    """
    text = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = textwrap.dedent(text).strip("\n")
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * max(3, longest + 1)
    lang = re.sub(r"[^a-z0-9]", "", lang.lower())
    return Md(f"{fence} {lang}\n{text}\n{fence}")
