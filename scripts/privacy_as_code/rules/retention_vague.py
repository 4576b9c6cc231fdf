""""As long as necessary" is not a retention rule.

A retention rule is a concrete period (ISO 8601, e.g. ``P6M``) counted from a
named event, with what happens at the end. Two disguises are reported:

- text such as "så lenge det er nødvendig", "så lenge dette oppfyller
  formålet", "så lenge særlover krever det", "as long as required", "for as
  long as we need it" or "until no longer needed" in a retention entry that has
  no period (the phrases, Norwegian and English, are listed in
  ``phrases.toml``, section ``retention_vague``);
- a period of zero (``P0D``) from a purpose-fulfilment event: an event that
  happens when we decide the data is no longer needed ("etter at formålet er
  oppfylt"). Such an event is marked ``purpose_fulfilment: true`` in
  ``vocabulary.yaml``; an event whose text reads like "as long as necessary"
  counts as one too. ``P0D`` from an event a reader can observe (consent
  withdrawn, the event held, the financial year ended) is a real rule.

Why: GDPR Art. 5(1)(e) (storage limitation), Art. 13(2)(a) and 14(2)(a)
(the period, or the criteria to determine it) and Art. 30(1)(f).
Datatilsynet: "Å for eksempel bare skrive at opplysningene lagres så lenge
som er nødvendig for formålet, er ikke tilstrekkelig."

Passing::

    retention:
      - period: P6M
        from: recruitment_closed
        then: delete

Failing::

    retention:
      - note: {nb: Så lenge det er nødvendig, en: As long as necessary}
      - period: P0D
        from: purposes_fulfilled     # purpose_fulfilment: true in the vocabulary
        then: delete
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from privacy_as_code import phrases
from privacy_as_code.findings import Finding
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, quoted, walk

ID = "retention-vague"
_ZERO = re.compile(r"P(0+[YMWD])+")


def purpose_fulfilment_events(vocabulary: Any) -> frozenset[str]:
    """The ids of retention events that mean "when we no longer need the data".

    ``vocabulary`` is the loaded ``vocabulary.yaml`` mapping (anything else gives
    an empty set). An event counts when it is marked ``purpose_fulfilment: true``
    or when one of its ``after`` texts matches a ``retention_vague`` phrase.
    """
    events = vocabulary.get("retention_events") if isinstance(vocabulary, dict) else None
    if not isinstance(events, dict):
        return frozenset()
    found = set()
    for event_id, event in events.items():
        if not isinstance(event, dict):
            continue
        after = event.get("after")
        texts = after.values() if isinstance(after, dict) else []
        if event.get("purpose_fulfilment") is True or any(
                isinstance(text, str) and phrases.search("retention_vague", text)
                for text in texts):
            found.add(event_id)
    return frozenset(found)


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only."""
    vocabulary = project.vocabulary
    if "purpose_fulfilment_events" not in vocabulary.cache:  # once, not once per activity
        vocabulary.cache["purpose_fulfilment_events"] = purpose_fulfilment_events(vocabulary.data)
    until_done = vocabulary.cache["purpose_fulfilment_events"]
    for _, doc, activity in activities(project, documents):
        retention = activity.get("retention")
        rules = retention if isinstance(retention, list) else [retention]
        for index, rule in enumerate(rules):
            base = ("retention", index) if isinstance(retention, list) else ("retention",)
            period = rule.get("period") if isinstance(rule, dict) else None
            if isinstance(period, str):
                # A concrete period; explanatory text around it is fine. Zero
                # from "when the purpose is fulfilled" is no period at all.
                event = rule.get("from")
                if _ZERO.fullmatch(period) and isinstance(event, str) and event in until_done:
                    yield finding(doc, (*base, "period"), ID, "purpose-fulfilled", period=period,
                                  event=event)
                continue
            for path, value in walk(rule, base):
                if isinstance(value, str) and phrases.search("retention_vague", value):
                    yield finding(doc, path, ID, "vague", text=quoted(value))
