"""A statutory retention period names its statute and what kind of limit it is.

A retention rule set by law says which way the law binds: ``statutory:
minimum`` when the law requires keeping the data at least that long (e.g.
accounting records, bokføringsloven § 13), ``statutory: maximum`` when it
requires deleting the data by then (e.g. camera footage). The page words the
two differently ("the law requires us to keep it" / "the law requires us to
delete it by then"); the old ``statutory: true`` does not say which, and is
reported. A statutory rule needs ``statute``; a rule that names a statute is
treated as statutory and should say so. The statute must be a law that
requires keeping (or deleting) the data: the GDPR's basis article ("GDPR art.
6 (1) c") sets no period and is reported.

Data that a law requires to be archived when the period ends (``then:
archive``, e.g. public bodies' records under arkivlova § 6) names that law in
``archive_statute``: archiving is kept only where a law requires it (Art.
17(3)(b), 89), so ``then: archive`` without it is reported, as is an
``archive_statute`` on a rule that is not archived, or one that names only a
GDPR article.

Why: GDPR Art. 13(2)(a) asks for the period or its criteria, and a period
set by law must be traceable to the law (Art. 5(2), 17(3)(b)).

Passing::

    retention:
      - period: P5Y
        from: end_of_financial_year
        then: delete
        statutory: minimum
        statute: bokføringsloven § 13

Failing::

    retention:
      - period: P5Y
        from: end_of_financial_year
        then: delete
        statutory: true        # which law, and minimum or maximum?
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from privacy_as_code.findings import Finding
from privacy_as_code.law import is_open, names_law_beyond_gdpr, statutory_limit
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, items, quoted

ID = "retention-statute"


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity is judged
    on its own (with the single files), so this runs where the activity is loaded."""
    for _, doc, activity in activities(project, documents):
        for index, rule in items(activity.get("retention")):
            statute = rule.get("statute")
            named = (isinstance(statute, str) and statute.strip()) or is_open(statute)
            statutory = rule.get("statutory")
            if statutory not in (None, True, False) and statutory_limit(statutory) is None \
                    and not is_open(statutory):
                continue  # 'statutory: ja': the schema's finding says what to write; one cause, one finding
            if statutory is True:
                yield finding(doc, ("retention", index, "statutory"), ID, "which-way")
            set_by_law = statutory is True or statutory_limit(statutory) is not None
            if set_by_law and not named:
                yield finding(doc, ("retention", index), ID, "no-statute")
            elif (set_by_law and isinstance(statute, str) and statute.strip()
                  and not names_law_beyond_gdpr(statute)):
                yield finding(doc, ("retention", index, "statute"), ID, "gdpr-only",
                              statute=quoted(statute))
            elif statute and not set_by_law:
                yield finding(doc, ("retention", index, "statute"), ID, "not-statutory")
            yield from _archive(doc, index, rule)


def _archive(doc: LoadedYaml, index: int, rule: dict[str, Any]) -> Iterator[Finding]:
    """``then: archive`` needs the law that requires archiving, and only it has one."""
    statute = rule.get("archive_statute")
    if rule.get("then") == "archive":
        if statute is None or (isinstance(statute, str) and not statute.strip()):
            yield finding(doc, ("retention", index, "then"), ID, "archive-no-statute")
        elif isinstance(statute, str) and not names_law_beyond_gdpr(statute):
            yield finding(doc, ("retention", index, "archive_statute"), ID, "archive-gdpr-only",
                          statute=quoted(statute))
    elif statute is not None:
        yield finding(doc, ("retention", index, "archive_statute"), ID, "archive-not-archived",
                      then=rule.get("then"))
