"""A statutory retention period names its statute.

A retention rule marked ``statutory: true`` (the law requires keeping the
data, e.g. accounting records) needs ``statute``. A rule that names a statute
is treated as statutory and should say so. The statute must be a law that
requires keeping the data: the GDPR's basis article ("GDPR art. 6 (1) c")
sets no period and is reported.

Why: GDPR Art. 13(2)(a) asks for the period or its criteria, and a period
set by law must be traceable to the law (Art. 5(2), 17(3)(b)).

Passing::

    retention:
      - period: P5Y
        from: end_of_financial_year
        then: delete
        statutory: true
        statute: bokføringsloven § 13

Failing::

    retention:
      - period: P5Y
        from: end_of_financial_year
        then: delete
        statutory: true        # which law?
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.law import is_open, names_law_beyond_gdpr
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, items, quoted

ID = "retention-statute"


def check(project: Project) -> Iterator[Finding]:
    for _, doc, activity in activities(project):
        for index, rule in items(activity.get("retention")):
            statute = rule.get("statute")
            named = (isinstance(statute, str) and statute.strip()) or is_open(statute)
            if rule.get("statutory") is True and not named:
                yield finding(doc, ("retention", index), ID,
                              "a statutory retention period must name the law in 'statute', "
                              "e.g. 'bokføringsloven § 13'")
            elif (rule.get("statutory") is True and isinstance(statute, str) and statute.strip()
                  and not names_law_beyond_gdpr(statute)):
                yield finding(doc, ("retention", index, "statute"), ID,
                              f"'{quoted(statute)}' names only the GDPR's basis article, "
                              "which sets no retention period: name the Norwegian or EU law that requires "
                              "keeping the data, e.g. 'bokføringsloven § 13' (Art. 6(3), 17(3)(b))")
            elif statute and rule.get("statutory") is not True:
                yield finding(doc, ("retention", index, "statute"), ID,
                              "this rule names a statute: add 'statutory: true' so readers are "
                              "told the period is required by law")
