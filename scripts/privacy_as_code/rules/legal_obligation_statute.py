"""A legal obligation (or public task) must name the statute.

A basis entry ``basis: legal_obligation`` or ``basis: public_task`` needs
``statute``: the law that creates the obligation, e.g. "bokføringsloven § 13",
"forvaltningsloven" or "Regulation (EU) 2019/1150". A statute that only
names the GDPR's basis article ("artikkel 6.e", "GDPR art. 6 (1) c",
"personvernforordningen artikkel 6") is reported too: it names the basis, not
the law behind it. A GDPR article that itself imposes the duty (Art. 12-22:
answering rights requests) is Union law and passes.

Why: GDPR Art. 6(3) says the obligation or task must be laid down by Union or
Norwegian law; readers and Datatilsynet need to know which.

Passing::

    legal_basis:
      - basis: legal_obligation
        statute: bokføringsloven § 13

Failing::

    legal_basis:
      - basis: legal_obligation    # which law?
      - basis: public_task
        statute: artikkel 6.e      # the GDPR itself, not the law behind the task
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from privacy_as_code.findings import Finding, Term
from privacy_as_code.law import is_open, names_law_beyond_gdpr
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, bases, finding, quoted

ID = "legal-obligation-statute"
_NEEDS_STATUTE = frozenset({"legal_obligation", "public_task"})


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity is judged
    on its own (with the single files), so this runs where the activity is loaded."""
    for _, doc, activity in activities(project, documents):
        for index, entry in bases(activity):
            basis = entry.get("basis")
            if not isinstance(basis, str) or basis not in _NEEDS_STATUTE:
                continue
            statute = entry.get("statute")
            if not (isinstance(statute, str) and statute.strip()) and not is_open(statute):
                yield finding(doc, ("legal_basis", index), ID, "missing", basis=Term("basis", basis))
            elif isinstance(statute, str) and statute.strip() and not names_law_beyond_gdpr(statute):
                yield finding(doc, ("legal_basis", index, "statute"), ID, "gdpr-only",
                              statute=quoted(statute), basis=Term("basis", basis))
