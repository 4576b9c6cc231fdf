"""Every purpose has a lawful basis, and each basis says which purposes it covers.

When an activity has one basis, it covers all purposes. When it has several,
each entry lists ``purposes:`` and every purpose must be covered by at least
one entry; a listed purpose must exist. Purpose ids are unique in an activity.

Why: GDPR Art. 6(1) requires a basis for each processing; Art. 13(1)(c)
requires telling people the purposes *and* the basis for each.

Passing::

    purposes:
      - {id: invoicing, text: {nb: Fakturere, en: Invoicing}}
      - {id: bookkeeping, text: {nb: Bokføre, en: Bookkeeping}}
    legal_basis:
      - {basis: contract, purposes: [invoicing]}
      - {basis: legal_obligation, purposes: [bookkeeping], statute: bokføringsloven § 13}

Failing::

    legal_basis:
      - {basis: contract, purposes: [invoicing]}
      - {basis: legal_obligation, statute: bokføringsloven § 13}   # which purposes?
      # and 'bookkeeping' has no basis
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.public import covered_purposes
from privacy_as_code.rules._base import activities, bases, finding, items, strings

ID = "basis-per-purpose"


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity is judged
    on its own (with the single files), so this runs where the activity is loaded."""
    for _, doc, activity in activities(project, documents):
        seen: dict[str, int] = {}
        for index, purpose in items(activity.get("purposes")):
            pid = purpose.get("id")
            if isinstance(pid, str):
                if pid in seen:
                    yield finding(doc, ("purposes", index, "id"), ID, "twice", id=pid)
                seen.setdefault(pid, index)
        entries = list(bases(activity))
        if not entries or not seen:
            continue  # missing purposes or bases are reported by their own rules
        covered: set[str] = set()
        for index, entry in entries:
            if len(entries) > 1 and "purposes" not in entry:
                yield finding(doc, ("legal_basis", index), ID, "which-purposes")
                continue
            for position, pid in enumerate(strings(entry.get("purposes"))):
                if pid not in seen:
                    yield finding(doc, ("legal_basis", index, "purposes", position), ID,
                                  "unknown-purpose", id=pid, known=", ".join(seen))
            covered.update(covered_purposes(activity, entry))
        for pid, index in seen.items():
            if pid not in covered:
                yield finding(doc, ("purposes", index), ID, "no-basis", id=pid)
