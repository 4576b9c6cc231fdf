"""Every data subject has a lawful basis for every purpose that concerns them.

An activity may concern several kinds of data subject (applicants and the
referees they name; contact persons and sole traders with a contract with
us). A ``legal_basis`` entry may say which of them it applies to with
``data_subjects`` (left out: all of the activity's). A purpose may say which
data subjects it concerns with ``data_subjects`` (left out: all). Then every
(data subject, purpose) pair must be covered by a basis, so each reader can
be told their own basis and the rights it gives.

Also checked: every ``data_subjects`` key a basis, purpose, source, retention
rule or ``provision`` names, and every key of a per-subject ``summary``, is one of
the activity's data subjects; an audience's
``data_subjects`` and ``data_categories`` (statement.yaml) are data subjects and
categories of its activities; and a
``provision`` may only say the data is required by contract (``contractual``,
``contract_prerequisite``) for data subjects on a contract basis, or required
by law (``statutory``) for data subjects on a legal obligation or public task.

Why: GDPR Art. 6(1) (a basis for each processing, for each person), Art.
13(1)(c) and 14(1)(c) (the basis is told to the person it concerns), Art.
13(2)(e) (whether *you* must provide the data), Art. 20(1)(a) and 21(1)
(portability and objection depend on the basis that applies to you).

Passing::

    data_subjects: [job_applicants, referees]
    purposes:
      - {id: assessment, text: ..., data_subjects: [job_applicants]}
      - {id: reference_check, text: ...}
    legal_basis:
      - {basis: contract, purposes: [assessment], data_subjects: [job_applicants]}
      - {basis: legitimate_interests, purposes: [reference_check], interest: ...}

Failing::

    data_subjects: [job_applicants, referees]
    purposes:
      - {id: reference_check, text: ...}
    legal_basis:
      - {basis: contract, data_subjects: [job_applicants]}   # referees have no basis
    provision:
      requirement: contract_prerequisite     # untrue for referees: no contract with them
      consequences: ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from privacy_as_code import law
from privacy_as_code.findings import Finding
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.public import (
    activity_subjects,
    covered_pairs,
    covered_purposes,
    covered_subjects,
    is_text,
)
from privacy_as_code.rules._base import JsonPath, activities, bases, finding, items, strings

ID = "basis-per-subject"


def _unknown(doc: Any, path: JsonPath, entry: dict[str, Any], known: list[str]) -> Iterator[Finding]:
    for position, subject in enumerate(strings(entry.get("data_subjects"))):
        if subject not in known:
            yield finding(doc, (*path, "data_subjects", position), ID, "unknown-subject",
                          subject=subject, known=", ".join(known))


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity on its own
    (so this runs where the activity is loaded), and the statement's audiences, which
    name activities, against every activity of the project."""
    documents = list(documents)
    for _, doc, activity in activities(project, documents):
        yield from _activity(doc, activity)
    if any(doc is project.statement for doc in documents):
        yield from _audiences(project)


def _activity(doc: LoadedYaml, activity: dict[str, Any]) -> Iterator[Finding]:
    known = activity_subjects(activity)
    entries = list(bases(activity))
    if not known or not entries:
        return  # missing data subjects or bases are reported by their own rules
    pairs: set[tuple[str, str]] = set()
    bases_of: dict[str, set[str]] = {}
    for index, entry in entries:
        yield from _unknown(doc, ("legal_basis", index), entry, known)
        pairs |= covered_pairs(activity, entry)
        if isinstance(entry.get("basis"), str):
            for subject in covered_subjects(activity, entry):
                bases_of.setdefault(subject, set()).add(entry["basis"])
    for index, purpose in items(activity.get("purposes")):
        pid = purpose.get("id")
        if not isinstance(pid, str):
            continue
        yield from _unknown(doc, ("purposes", index), purpose, known)
        # A purpose no basis names is basis-per-purpose's finding, not a finding per subject.
        if not any(pid in covered_purposes(activity, e) for _, e in entries):
            continue
        missing = [s for s in covered_subjects(activity, purpose) if s in known and (s, pid) not in pairs]
        if missing:
            yield finding(doc, ("purposes", index), ID, "no-basis-for", id=pid,
                          subjects=", ".join(missing))
    for index, source in items(activity.get("sources")):
        yield from _unknown(doc, ("sources", index), source, known)
    for index, rule in items(activity.get("retention")):
        yield from _unknown(doc, ("retention", index), rule, known)
    summary = activity.get("summary")
    if isinstance(summary, dict) and not is_text(summary):  # per data subject: its keys
        for subject in summary:
            if isinstance(subject, str) and subject not in known:
                yield finding(doc, ("summary", subject), ID, "unknown-subject", at_key=True,
                              subject=subject, known=", ".join(known))
    provision = activity.get("provision")
    listed: list[tuple[int | None, dict[str, Any]]] = (
        list(items(provision)) if isinstance(provision, list)
        else [(None, provision)] if isinstance(provision, dict) else [])
    for position, entry in listed:
        path: JsonPath = ("provision",) if position is None else ("provision", position)
        yield from _unknown(doc, path, entry, known)
        requirement = entry.get("requirement")
        wrong = [s for s in covered_subjects(activity, entry)
                 if s in known and not law.provision_fits(requirement, bases_of.get(s, ()))]
        if wrong:
            needs = " or ".join(law.PROVISION_NEEDS.get(str(requirement), ()))
            yield finding(doc, (*path, "requirement"), ID, "requirement-wrong",
                          requirement=requirement, subjects=", ".join(wrong), needs=needs)


def _audiences(project: Project) -> Iterator[Finding]:
    """An audience's data categories and subjects must be those of the activities it names."""
    subjects_of = {aid: activity_subjects(activity) for aid, _, activity in activities(project)}
    statement = project.statement
    audiences = statement.data.get("audiences") if statement and isinstance(statement.data, dict) else None
    for index, audience in items(audiences):
        names = [a for a in strings(audience.get("activities")) if a in subjects_of]
        possible = {s for a in names for s in subjects_of[a]}
        categories = {c for a in names for c in strings(project.activities[a].data.get("data_categories"))}
        for position, category in enumerate(strings(audience.get("data_categories"))):
            if names and category not in categories:
                yield finding(statement, ("audiences", index, "data_categories", position), ID,
                              "audience-category", category=category, activities=", ".join(names))
        if not names:
            continue  # references-exist reports activities that do not exist
        for position, subject in enumerate(strings(audience.get("data_subjects"))):
            if subject not in possible:
                yield finding(statement, ("audiences", index, "data_subjects", position), ID,
                              "audience-subject", subject=subject, activities=", ".join(names))
