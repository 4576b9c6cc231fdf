"""A field's place in a record, in words: ``Overføringer › 2. oppføring › Land``.

Schema findings, open questions and ``privacy questions`` name a field the way
an editor reads the file, not as code (``transfers.2.country``). The words for
each key are the ``[messages.field]`` table of the message catalogues
(``i18n/messages/<lang>.toml``); a key the table lacks is shown as written,
so a new field is never hidden. List positions are ordinals from the same
catalogue (``messages.path.entry`` and ``path.ordinal-*``: ``2. oppføring`` / ``2nd entry``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from privacy_as_code import i18n

SEPARATOR = " › "


def _ordinal_form(n: int) -> str:
    """Which ``path.ordinal-*`` form ``n`` takes: ``1``, ``2``, ``3`` by its last digit
    (except 11 to 13), else ``other``. A language that writes every ordinal alike
    (Norwegian ``1.``, ``2.``) gives the four forms the same template."""
    if n % 100 in (11, 12, 13):
        return "other"
    return str(n % 10) if n % 10 in (1, 2, 3) else "other"


def in_words(path: Sequence[str | int], lang: str) -> str:
    """``("transfers", 1, "country")`` -> ``Transfers › 2nd entry › Country`` (en).

    ``path`` is a JSON path (keys and 0-based list indexes); ``lang`` a
    catalogue language (ValueError names the known ones otherwise). The empty
    path is ``the file`` / ``fila``.
    """
    words = i18n.words(lang)
    if not path:
        return i18n.message_template(words, "path.file")
    parts = []
    for step in path:
        if isinstance(step, int):
            n = step + 1
            ordinal = i18n.message_template(words, f"path.ordinal-{_ordinal_form(n)}").format(n=n)
            parts.append(i18n.message_template(words, "path.entry").format(ordinal=ordinal))
        else:
            try:
                parts.append(i18n.message_template(words, f"field.{step}"))
            except KeyError:
                parts.append(str(step))
    return SEPARATOR.join(parts)


@dataclass(frozen=True)
class FieldPath:
    """A field path as a finding's message argument, worded in the reporter's language."""

    path: tuple[str | int, ...]

    def __call__(self, words: i18n.Words) -> str:
        return in_words(self.path, words.lang)
