"""A field's place in a record, in words: ``Overføringer › 2. oppføring › Land``.

Schema findings, open questions and ``privacy questions`` name a field the way
an editor reads the file, not as code (``transfers.2.country``). The words for
each key are the ``[messages.field]`` table of the message catalogues
(``i18n/messages/<lang>.toml``); a key the table lacks is shown as written,
so a new field is never hidden. List positions are ordinals from the same
catalogue (``messages.path.entry`` and ``path.ordinal-*``: ``2. oppføring`` / ``2nd entry``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from privacy_as_code import i18n

SEPARATOR = " › "


def _ordinal_form(n: int) -> str:
    """Which ``path.ordinal-*`` form ``n`` takes: ``1``, ``2``, ``3`` by its last digit
    (except 11 to 13), else ``other``. A language that writes every ordinal alike
    (Norwegian ``1.``, ``2.``) gives the four forms the same template."""
    if n % 100 in (11, 12, 13):
        return "other"
    return str(n % 10) if n % 10 in (1, 2, 3) else "other"


def in_words(path: Sequence[str | int], lang: str, *, data: Any = None,
             start: Sequence[str] = ()) -> str:
    """``("transfers", 1, "country")`` -> ``Transfers › 2nd entry › Country`` (en).

    ``path`` is a JSON path (keys and 0-based list indexes); ``lang`` a
    catalogue language (ValueError names the known ones otherwise). The empty
    path is ``the file`` / ``fila``. ``data`` is the document the path runs
    through: with it, an entry keyed by an id the table does not know (a
    recipient, a vocabulary entry) is named by its own name or label in
    ``lang``. ``start`` goes in front (the document, :func:`document_words`).
    """
    words = i18n.words(lang)
    if not path and not start:
        return i18n.message_template(words, "path.file")
    parts = list(start)
    node = data
    for step in path:
        child = _child(node, step)
        if isinstance(step, int):
            n = step + 1
            ordinal = i18n.message_template(words, f"path.ordinal-{_ordinal_form(n)}").format(n=n)
            parts.append(i18n.message_template(words, "path.entry").format(ordinal=ordinal))
        else:
            try:
                parts.append(i18n.message_template(words, f"field.{step}"))
            except KeyError:
                parts.append(_own_name(child, words) or str(step))
        node = child
    return SEPARATOR.join(parts)


def document_words(kind: str, data: Any, lang: str, fallback: str = "") -> list[str]:
    """The words in front of a path in one record file (``privacy questions``, the export).

    An activity: ``["Behandlinger", "Rekruttering"]`` (its name in ``lang``,
    else ``fallback``, e.g. the file's id); any other kind: its one name from
    the catalogue's ``fieldpath.documents`` (``["Virksomheten"]``). Raises
    KeyError for an unknown kind.
    """
    words = i18n.words(lang)
    table = words.fieldpath
    if kind == "activity":
        return [str(table["activities"]), _own_name(data, words) or fallback]
    return [str(table["documents"][kind])]


_NAMED_BY = ("name", "label", "title")
"""The keys whose text names a mapping entry (``recipients.<id>.name``, a vocabulary label)."""


def _child(node: Any, step: str | int) -> Any:
    if isinstance(step, int) and isinstance(node, list) and 0 <= step < len(node):
        return node[step]
    if isinstance(step, str) and isinstance(node, dict):
        return node.get(step)
    return None


def _own_name(node: Any, words: i18n.Words) -> str:
    """The name a mapping gives itself (``name: {nb, en}``), in the catalogue's language."""
    if not isinstance(node, dict):
        return ""
    for key in _NAMED_BY:
        value = node.get(key)
        if isinstance(value, dict) and "open_question" not in value:
            text = words.text(value)
            if isinstance(text, str) and text.strip():
                return " ".join(text.split())
        elif isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


@dataclass(frozen=True)
class FieldPath:
    """A field path as a finding's message argument, worded in the reporter's language."""

    path: tuple[str | int, ...]

    def __call__(self, words: i18n.Words) -> str:
        return _in_words(self.path, words.lang)


@functools.lru_cache(maxsize=8192)
def _in_words(path: tuple[str | int, ...], lang: str) -> str:
    """:func:`in_words` without ``data``, remembered: the same few paths recur in every
    record, and a large check words thousands of findings (make bench)."""
    return in_words(path, lang)
