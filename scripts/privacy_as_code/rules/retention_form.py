"""An upper limit is written as one: "up to", a range, never a fixed period.

Real statements often give the longest time, not a fixed one: "inntil 24
måneder" / "up to 24 months" (``up_to: true``), or a range: "vanligvis 3
måneder, senest ett år" / "normally 3 months, at the latest one year"
(``normally: P3M`` beside ``period: P1Y``; ``period`` is then the longest
time). The page words each so ("Up to 24 months after ...", "Normally 3
months after ..., at the latest 1 year after ..."). Two mistakes are
reported:

- a retention rule whose own text (``data``, ``condition``, ``note``) says
  the period is an upper limit ("inntil", "senest", "høyst", "up to", "at the
  latest", "no longer than"; the phrases are in ``phrases.toml``, section
  ``retention_up_to``) while the rule gives the period as fixed: readers would
  be promised a fixed time the company does not keep;
- ``normally`` that is not shorter than ``period``: the usual time cannot be
  longer than the longest.

Why: GDPR Art. 5(1)(a) (transparency) and 13(2)(a) / 14(2)(a): the period, or
the criteria to determine it, stated as it is.

Passing::

    retention:
      - period: P1Y
        normally: P3M
        from: last_contact
        then: delete

Failing::

    retention:
      - period: P24M          # the note says "up to": add up_to: true
        from: last_contact
        then: delete
        note: {nb: Vi lagrer opplysningene i inntil 24 måneder., en: We keep the data for up to 24 months.}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from privacy_as_code import phrases
from privacy_as_code.findings import Finding
from privacy_as_code.i18n import period_parts
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, items, quoted, walk

ID = "retention-form"
_DAYS = {"Y": 365, "M": 30, "W": 7, "D": 1}
"""Lengths for comparing two periods; months as 30 days is exact enough to order
"normally" and "at the latest" (a tie is only reported when the periods are equal)."""


def _days(period: Any) -> int | None:
    """A period's approximate length in days; None for anything but an ISO 8601 period."""
    if not isinstance(period, str):
        return None
    try:
        return sum(_DAYS[unit] * amount for unit, amount in period_parts(period))
    except ValueError:
        return None


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each rule reads its own file."""
    for _, doc, activity in activities(project, documents):
        for index, rule in items(activity.get("retention")):
            base = ("retention", index)
            normally, period = _days(rule.get("normally")), _days(rule.get("period"))
            if normally is not None and period is not None and normally >= period:
                yield finding(doc, (*base, "normally"), ID, "normally-not-shorter",
                              normally=rule["normally"], period=rule["period"])
            if rule.get("up_to") is True or rule.get("normally") is not None:
                continue  # said as an upper limit already
            for key in ("data", "condition", "note"):
                for path, value in walk(rule.get(key), (*base, key)):
                    match = phrases.search("retention_up_to", value) if isinstance(value, str) else None
                    if match:
                        # the phrase with the rest of its clause: "inntil 24 måneder"
                        rest = re.match(r"[^.,;:!?()]{0,30}", value[match.end():])
                        clause = match.group(0) + (rest.group(0) if rest else "")
                        yield finding(doc, path, ID, "up-to", text=quoted(clause.rstrip()))
                        break
