"""Special categories of data need an Art. 9(2) condition.

When an activity processes a data category flagged ``special: true`` in
``records/vocabulary.yaml`` (health, religion, ethnic origin, trade union
membership, biometrics, ...), it needs ``special_categories`` with the
Art. 9(2) condition and an explanation. Conditions (b), (g), (h), (i) and (j)
also need the statute. Data flagged ``criminal: true`` (Art. 10) cannot rest
on a condition here at all and is reported for legal review.

Why: GDPR Art. 9(1) forbids processing special categories unless a condition
in Art. 9(2) applies; Art. 10 restricts criminal-offence data to processing
authorised by law.

Passing::

    data_categories: [contact_details, dietary_requirements]
    special_categories:
      condition: explicit_consent
      explanation:
        nb: Du oppgir matallergier frivillig, og vi sletter dem etter arrangementet.
        en: You give dietary requirements voluntarily; we delete them after the event.

Failing::

    data_categories: [contact_details, dietary_requirements]   # special, but no condition
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, strings

ID = "special-category-condition"
_NEEDS_STATUTE = {"employment_law", "substantial_public_interest", "health_or_social_care",
                  "public_health", "archiving_research_statistics"}


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity is judged
    on its own (with the single files), so this runs where the activity is loaded."""
    categories = project.mapping("vocabulary", "data_categories")
    for _, doc, activity in activities(project, documents):
        used = strings(activity.get("data_categories"))
        special = [c for c in used if isinstance(categories.get(c), dict)
                   and categories[c].get("special") is True]
        criminal = [c for c in used if isinstance(categories.get(c), dict)
                    and categories[c].get("criminal") is True]
        condition = activity.get("special_categories")
        if special and not isinstance(condition, dict):
            yield finding(doc, ("data_categories",), ID, "special",
                          categories=", ".join(repr(c) for c in special))
        elif isinstance(condition, dict) and isinstance(condition.get("condition"), str) \
                and condition["condition"] in _NEEDS_STATUTE and not condition.get("statute"):
            yield finding(doc, ("special_categories",), ID, "no-statute",
                          condition=condition["condition"])
        if criminal:
            yield finding(doc, ("data_categories",), ID, "criminal",
                          categories=", ".join(repr(c) for c in criminal))
