"""Texts readers see are easy to read: LIX 50 or less, no sentence over 30 words.

Every public ``{nb, en}`` text (the fields the public pages may show; internal notes
and open questions are not read) is measured in both languages with LIX: words per
sentence plus the percentage of words longer than six letters. A text above 50, or
with a sentence of more than 30 words, is reported as a warning at that language's
value, naming the measure, its value and the limit, and the sentence's first words.
Texts of fewer than 15 words as spaces separate them (names, titles, labels) are not
judged. How words and sentences are counted (abbreviations such as ``f.eks.``, ``§``,
numbers, e-mail and web addresses) and why English has the same limits is explained in
the project's ``readability`` module; the limits are set there, in one place.

To fix: split long sentences, say who does what ("vi lagrer" rather than "lagring
skjer"), and use everyday words ("slette" rather than "sletting", "fordi" rather than
"som følge av at"). Plain Norwegian for the public reads at 40 or below.

Why: GDPR Art. 12(1) requires the information in Art. 13 and 14 to be given "in a
concise, transparent, intelligible and easily accessible form, using clear and plain
language"; a text readers cannot follow does not inform them.

Passing::

    summary:
      nb: Vi sender deg nyhetsbrevet på e-post. Du kan melde deg av når du vil. Da sletter vi navnet ditt.
      en: We send you the newsletter by e-mail. You can unsubscribe at any time. Then we delete your name.

Failing::

    summary:
      # LIX 85: one sentence of 20 words, 13 of them over six letters
      nb: Behandlingen av personopplysningene gjennomføres på grunnlag av virksomhetens berettigede interesser i markedsføring, kundeoppfølging og videreutvikling av tjenestetilbudet overfor eksisterende kunder.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from privacy_as_code import law
from privacy_as_code.fieldpath import FieldPath
from privacy_as_code.findings import Finding, Listing, Message, Severity
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.public import public_part
from privacy_as_code.readability import LIMITS, measure
from privacy_as_code.resources import SCHEMA_DIR
from privacy_as_code.rules._base import JsonPath, finding

ID = "plain-language"


def _documents(project: Project) -> Iterator[tuple[str, LoadedYaml]]:
    yield "organisation", project.organisation
    yield "statement", project.statement
    yield "recipients", project.recipients
    yield "vocabulary", project.vocabulary
    for doc in project.activities.values():
        yield "activity", doc


def _texts(data: Any) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every ``{nb: ...}`` mapping with its path, not looking inside unconfirmed values
    (the public view shows only that they are open)."""
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            if "nb" in value:
                yield path, value
            elif not law.is_open(value):
                stack.extend(((*path, k), v) for k, v in value.items()
                             if isinstance(v, dict | list))
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value) if isinstance(v, dict | list))


@functools.lru_cache(maxsize=65536)
def _public_at(kind: str, path: JsonPath, schema_dir: Path) -> bool:
    """:func:`_public` of ``path`` itself: cached too, since the same paths (``purposes``
    0 to 3, their ``description``) recur in record after record (make bench)."""
    return _public(kind, tuple(0 if isinstance(p, int) else p for p in path), schema_dir)


@functools.cache
def _public(kind: str, shape: JsonPath, schema_dir: Path) -> bool:
    """Whether a text at ``shape`` (a path with every list index 0) is in the public view.

    Asked of :func:`public.public_part` itself, on a record holding only that text, so
    the answer is the public view's (which depends on the keys on the way, never on
    other values); cached, because the same few shapes recur in every record.
    """
    record: Any = {"nb": "x", "en": "x"}
    for step in reversed(shape):
        record = [record] if isinstance(step, int) else {step: record}
    shown: Any = public_part(kind, record, schema_dir)
    for step in shape:
        if isinstance(step, int):
            shown = shown[0] if isinstance(shown, list) and shown else None
        else:
            shown = shown.get(step) if isinstance(shown, dict) else None
    return isinstance(shown, dict) and "nb" in shown


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only."""
    schema_dir = SCHEMA_DIR  # the tool's own schemas, as the public view reads them
    kinds = {id(doc): kind for kind, doc in _documents(project)}
    for doc in documents:
        kind = kinds.get(id(doc), "activity")
        if not isinstance(doc.data, dict):
            continue
        for path, value in _texts(doc.data):
            if not _public_at(kind, path, schema_dir):
                continue
            for lang, limits in LIMITS.items():
                text = value.get(lang)
                if not isinstance(text, str):
                    continue
                if len(text.split()) < limits.min_words:
                    continue  # a label or a name; counted as cheaply as possible (make bench)
                counts = measure(text)
                problems = []
                if counts.lix > limits.text_lix:
                    problems.append(Message.of("plain-language.lix", lix=f"{counts.lix:.0f}",
                                               limit=limits.text_lix))
                if counts.longest_sentence > limits.sentence_words:
                    problems.append(Message.of("plain-language.long-sentence",
                                               start=counts.longest_start,
                                               words=counts.longest_sentence,
                                               limit=limits.sentence_words))
                if problems:
                    yield finding(doc, (*path, lang), ID, "hard", Severity.WARNING,
                                  language=FieldPath((lang,)),
                                  problems=Listing(tuple(problems), "and"))
