"""Every key a record refers to exists.

Activities refer to data subjects, data categories and retention events in
``records/vocabulary.yaml``, and to recipients in ``records/recipients.yaml``;
the statement's audiences refer to activities by file name, and
``direct_marketing.electronic`` to the consent-based activity (markedsføringsloven
§ 15) that marketing e-mail goes through. A reference to a
key that is not defined is a typo or a forgotten entry, and the public page
could not say what it means. An activity that no audience lists would never
be shown to the people it concerns.

Why: Art. 13/14 information must be complete and accurate; Art. 30(1)(c)-(d)
require the categories and recipients; Art. 5(2) accountability.

Passing::

    recipients: [office_suite]          # defined in records/recipients.yaml
    retention:
      - {period: P6M, from: recruitment_closed, then: delete}   # in vocabulary.yaml

Failing::

    recipients: [ofice_suite]           # no such recipient
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from typing import Any

from privacy_as_code.findings import Finding
from privacy_as_code.law import BASES
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import JsonPath, activities, finding, items, strings

ID = "references-exist"


def _unknown(doc: LoadedYaml, path: JsonPath, kind: str, key: str, known: Any,
             memo: dict[tuple[str, str], str | None]) -> Finding:
    """``key`` is no known ``kind`` (a message key of this rule: ``data-subject``, ...),
    with the closest known one as a hint.

    ``memo`` keeps each (kind, key)'s closest match for the run: a name misspelt in
    10,000 files must not compare 10,000 times against every known name.
    """
    if (kind, key) not in memo:
        close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
        memo[kind, key] = close[0] if close else _by_words(key, known)
    hint = memo[kind, key]
    if hint is not None:
        return finding(doc, path, ID, f"{kind}-close", key=key, close=hint)
    return finding(doc, path, ID, kind, key=key)


_WORD = re.compile(r"[^\W\d_]{4,}")


def _stems(text: str) -> list[str]:
    """The words of four letters or more, cut to five ("trekkes", "trekker" -> "trekk")."""
    return [word[:5] for word in _WORD.findall(text.lower())]


def _by_words(written: str, known: Any) -> str | None:
    """The known entry whose key and texts (label, after, when, name ..., every language)
    hold at least two thirds of ``written``'s words, and more of them than any other
    entry; None otherwise. For the words written where a key belongs: "når samtykket
    trekkes tilbake" -> consent_withdrawn, whose text is "når du trekker samtykket
    tilbake"."""
    words = _stems(written)
    if not words or not isinstance(known, dict):
        return None
    scores: list[tuple[float, str]] = []
    for key, entry in known.items():
        texts = [str(key).replace("_", " ")]
        for field in entry.values() if isinstance(entry, dict) else ():
            values = field.values() if isinstance(field, dict) else [field]
            texts += [value for value in values if isinstance(value, str)]
        stems = set(_stems(" ".join(texts)))
        scores.append((sum(word in stems for word in words) / len(words), str(key)))
    if not scores:
        return None  # nothing known to mean
    scores.sort(reverse=True)
    best, key = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    return key if best >= 2 / 3 and best > runner_up else None


def check(project: Project) -> Iterator[Finding]:
    if not isinstance(project.vocabulary.data, dict) or not isinstance(project.recipients.data, dict):
        return  # the missing or broken file is reported already
    subjects = project.mapping("vocabulary", "data_subjects")
    categories = project.mapping("vocabulary", "data_categories")
    events = project.mapping("vocabulary", "retention_events")
    recipients = project.mapping("recipients", "recipients")
    memo: dict[tuple[str, str], str | None] = {}

    def refs(doc: LoadedYaml, path: JsonPath, values: list[str], kind: str,
             known: dict[str, Any]) -> Iterator[Finding]:
        for position, key in enumerate(values):
            if key not in known:
                yield _unknown(doc, (*path, position), kind, key, known, memo)

    for _, doc, activity in activities(project):
        yield from refs(doc, ("data_subjects",), strings(activity.get("data_subjects")),
                        "data-subject", subjects)
        yield from refs(doc, ("data_categories",), strings(activity.get("data_categories")),
                        "data-category", categories)
        if isinstance(activity.get("recipients"), list):
            yield from refs(doc, ("recipients",), strings(activity["recipients"]),
                            "recipient", recipients)
        for index, rule in items(activity.get("retention")):
            event = rule.get("from")
            if isinstance(event, str) and event not in events:
                yield _unknown(doc, ("retention", index, "from"), "retention-event", event, events,
                               memo)
        for index, transfer in items(activity.get("transfers")):
            rid = transfer.get("recipient")
            if isinstance(rid, str):
                if rid not in recipients:
                    yield _unknown(doc, ("transfers", index, "recipient"), "recipient", rid,
                                   recipients, memo)
                elif rid not in strings(activity.get("recipients")):
                    yield finding(doc, ("transfers", index, "recipient"), ID, "transfer-recipient",
                              id=rid)
        marketing = activity.get("direct_marketing")
        via = marketing.get("electronic") if isinstance(marketing, dict) else None
        if isinstance(via, str) and via != "none":
            target = project.activities.get(via)
            data = target.data if target is not None and isinstance(target.data, dict) else None
            if target is None:
                yield _unknown(doc, ("direct_marketing", "electronic"), "activity", via,
                               project.activities, memo)
            elif data is not None and _known_not_consent(data.get("legal_basis")):
                yield finding(doc, ("direct_marketing", "electronic"), ID, "marketing-consent",
                              id=via)
    statement = project.statement
    if isinstance(statement.data, dict):
        listed: set[str] = set()
        for index, audience in items(statement.data.get("audiences")):
            for position, aid in enumerate(strings(audience.get("activities"))):
                listed.add(aid)
                if aid not in project.activities:
                    yield _unknown(statement, ("audiences", index, "activities", position),
                                   "audience-activity", aid, project.activities, memo)
        if isinstance(statement.data.get("audiences"), list):
            for aid, doc in project.activities.items():
                if aid not in listed and isinstance(doc.data, dict):
                    yield finding(doc, (), ID, "not-listed", id=aid)


def _known_not_consent(legal_basis: Any) -> bool:
    """Whether an activity's bases are all known and none is consent.

    No verdict otherwise: a basis not yet confirmed may be consent (its open
    question stands), and a missing or misspelt one ("samtykke") is that file's own
    error, which must not be preceded by a wrong one here.
    """
    entries = [entry for _, entry in items(legal_basis)]
    if not isinstance(legal_basis, list) or not entries or len(entries) != len(legal_basis):
        return False
    return all(entry.get("basis") in BASES and entry.get("basis") != "consent"
               for entry in entries)
