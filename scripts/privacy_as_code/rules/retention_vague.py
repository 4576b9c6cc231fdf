""""As long as necessary" is not a retention rule.

A retention rule is a concrete period (ISO 8601, e.g. ``P6M``) counted from a
named event, with what happens at the end. Text such as "så lenge det er
nødvendig", "as long as necessary", "until no longer needed" or "så lenge
avtaleforholdet består" in a retention entry that has no period is reported.

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
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, walk

ID = "retention-vague"
VAGUE = re.compile(
    r"så lenge\b.{0,120}\b(nødvendig|behov|bruk for|trengs|avtale)|ikke lenger (har bruk|er nødvendig)"
    r"|as long as\b.{0,120}\b(necessary|needed|required|relationship|contract)"
    r"|(until|when) (it is |they are )?no longer (needed|necessary|required)|indefinite",
    re.IGNORECASE,
)


def check(project: Project) -> Iterator[Finding]:
    for _, doc, activity in activities(project):
        retention = activity.get("retention")
        rules = retention if isinstance(retention, list) else [retention]
        for index, rule in enumerate(rules):
            if isinstance(rule, dict) and isinstance(rule.get("period"), str):
                continue  # a concrete period; explanatory text around it is fine
            base = ("retention", index) if isinstance(retention, list) else ("retention",)
            for path, value in walk(rule, base):
                if isinstance(value, str) and VAGUE.search(value):
                    yield finding(doc, path, ID,
                                  f"vague retention: '{value.strip()[:60]}' is not a retention "
                                  "rule; give a 'period' (e.g. P6M), the event it runs 'from' and "
                                  "what happens 'then' (Art. 5(1)(e), 13(2)(a); Datatilsynet)")
