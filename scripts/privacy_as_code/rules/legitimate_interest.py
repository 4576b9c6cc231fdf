"""Legitimate interests must state the interest and have a balancing test.

A basis entry ``basis: legitimate_interests`` needs ``interest`` (the
interest pursued, in both languages, shown to readers) and a documented
balancing test in ``internal.balancing_tests`` that covers the purposes the
entry is used for. The reference may be an open question while the test is
being written; it is never published.

Why: GDPR Art. 6(1)(f) requires weighing the interest against the person's
rights; Art. 13(1)(d) and 14(2)(b) require telling them the interest;
Art. 5(2) requires being able to show the assessment (Datatilsynet asks for
it on request).

Passing::

    legal_basis:
      - basis: legitimate_interests
        interest:
          nb: Følge opp kunder og forretningsforbindelser.
          en: Following up clients and business contacts.
    internal:
      balancing_tests:
        - reference: LIA-2026-03

Failing::

    legal_basis:
      - basis: legitimate_interests    # no 'interest', and no balancing test
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.public import covered_purposes
from privacy_as_code.rules._base import (
    activities,
    bases,
    finding,
    has_text,
    items,
    strings,
)

ID = "legitimate-interest"


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity is judged
    on its own (with the single files), so this runs where the activity is loaded."""
    for _, doc, activity in activities(project, documents):
        internal = found if isinstance(found := activity.get("internal"), dict) else {}
        tests = [test for _, test in items(internal.get("balancing_tests"))
                 if "reference" in test]
        for index, entry in bases(activity):
            if entry.get("basis") != "legitimate_interests":
                continue
            if not has_text(entry.get("interest")):
                yield finding(doc, ("legal_basis", index), ID, "no-interest")
            needed = set(covered_purposes(activity, entry))
            covered: set[str] = set()
            for test in tests:
                listed = strings(test.get("purposes"))
                covered.update(listed if listed else needed)
            missing = sorted(needed - covered) if tests else sorted(needed) or ["(all)"]
            if not tests or missing:
                what = ", ".join(f"'{m}'" for m in missing)
                yield finding(doc, ("legal_basis", index), ID, "no-balancing-test", purposes=what)
