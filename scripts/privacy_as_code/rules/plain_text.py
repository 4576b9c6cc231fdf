"""Records hold plain text: no HTML, scripts or Markdown links.

Every string in the records is data. The renderer escapes it, so markup
would be shown to readers literally; and in the Art. 30 export a pasted
script or link is at best noise. Reported: HTML tags (``<b>``,
``<script>``), HTML entities (``&lt;``), ``javascript:``/``vbscript:``/
``data:`` links, and Markdown links or images (``[text](url)``). Put web
addresses in the fields meant for them (``url``, ``complaint_url``). Texts are
judged as they are read: an escape in double quotes counts as the character it
stands for (``"\\x3cb\\x3e"`` is ``<b>``), and a text folded over two lines
as one line.

Why: GDPR Art. 12(1) asks for clear and plain language; and a privacy page
that can be made to run a script would betray its readers.

Passing::

    text:
      nb: Vi sender nyhetsbrev til deg som har meldt deg på.
      en: We send newsletters to those who subscribed.

Failing::

    text:
      nb: Les mer <a href="javascript:alert(1)">her</a>.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from privacy_as_code.findings import Finding, Message
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding, text_values

ID = "plain-text"
_MARKUP = (
    (re.compile(r"<\s*(?:/\s*)?[A-Za-z!?][^<>]*>|<\s*[A-Za-z]+\b[^<]*$", re.MULTILINE),
     "tag"),
    (re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);"), "entity"),
    (re.compile(r"\b(javascript|vbscript)\s*:|\bdata:\s*[a-z]+/[a-z0-9.+-]+[;,]", re.IGNORECASE),
     "script"),
    (re.compile(r"!?\[[^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*\]\s*\("), "link"),
)


_LINK_START = re.compile(r"\]\s*\(")
"""``\\s``: a text folded over two lines (``[x]`` ending one, ``(url)`` starting
the next) reads ``[x] (url)``."""
_DATA_URI = re.compile(r"data:\s*[a-z]+/")


def _suspect(doc: LoadedYaml) -> bool:
    """A cheap test of the whole file: most files contain none of these, and
    walking every value of every file would cost as much as parsing them.

    Every match of ``_MARKUP`` shows a sign of itself in the source text,
    unless the file uses escapes (``"\\x3c"`` is ``<``): then the values are walked.
    """
    return doc.text is None or doc.escaped or _may_hold_markup(doc.text)


def _may_hold_markup(text: str) -> bool:
    """Whether ``text`` has a sign every match of ``_MARKUP`` needs: ``<`` or ``&``, ``](``,
    or a colon with ``script`` or ``data:`` (ignoring case). Substring tests, since
    most texts have none and the patterns would scan each of them four times."""
    if "<" in text or "&" in text:
        return True
    if "]" in text and _LINK_START.search(text) is not None:
        return True
    if ":" in text:
        lowered = text.lower()
        return "script" in lowered or "data:" in lowered
    return False


def has_markup(value: str) -> bool:
    """Whether a text holds what this rule reports (an HTML tag or entity, a script or data
    link, a Markdown link or image): other rules stay silent on such a text, so one cause
    gives one finding."""
    return any(pattern.search(value) for pattern, _ in _MARKUP)


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only."""
    for doc in documents:
        if not isinstance(doc.data, dict):
            continue
        if not _suspect(doc):
            continue
        for path, value in text_values(doc):
            if not _may_hold_markup(value):
                continue
            for pattern, what in _MARKUP:
                match = pattern.search(value)
                if match:
                    shown = match.group().strip()[:40]
                    yield finding(doc, path, ID, "markup", text=shown,
                                  what=Message.of(f"plain-text.{what}"))
                    break
