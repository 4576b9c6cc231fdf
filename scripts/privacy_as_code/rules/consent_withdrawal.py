"""Consent must say how to withdraw it.

Every lawful basis entry ``basis: consent`` needs ``withdrawal``: how the
person withdraws consent, in both languages. Withdrawing must be as easy as
giving consent, and the person must be told about the right before they
consent.

Why: GDPR Art. 7(3) (the right to withdraw at any time, as easily as consent
was given) and Art. 13(2)(c) (the notice must mention it).

Passing::

    legal_basis:
      - basis: consent
        withdrawal:
          nb: Klikk «Meld av» nederst i hvert nyhetsbrev.
          en: Click 'Unsubscribe' at the bottom of every newsletter.

Failing::

    legal_basis:
      - basis: consent      # no 'withdrawal': readers are not told how to withdraw
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, bases, finding, has_text

ID = "consent-withdrawal"


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity is judged
    on its own (with the single files), so this runs where the activity is loaded."""
    for _, doc, activity in activities(project, documents):
        for index, entry in bases(activity):
            if entry.get("basis") == "consent" and not has_text(entry.get("withdrawal")):
                yield finding(doc, ("legal_basis", index), ID, "missing")
