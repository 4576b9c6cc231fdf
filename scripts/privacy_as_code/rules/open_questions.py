"""Open questions are reported until someone answers them.

Facts nobody has confirmed (an organisation number, a vendor, a hosting
country, a retention period the company has not decided) are written as
``{open_question: ...}`` instead of a guess, or listed under a record's
``open_questions``; a value someone has proposed is written as
``{proposed: VALUE, open_question: ...}`` and is just as unconfirmed. Each is a warning, so work can go on; publishing runs
``privacy check --strict``, where warnings fail, so the public page never
goes out with an unanswered question.

Why: GDPR Art. 5(1)(d) (accuracy) and 5(2) (accountability): the statement
must not say what nobody has verified.

Passing::

    organisation_number: "123456789"

Failing (a warning; an error under --strict)::

    organisation_number:
      open_question: Confirm the organisation number in Brønnøysundregistrene.
      owner: CFO
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from privacy_as_code.fieldpath import FieldPath
from privacy_as_code.findings import Finding, Severity
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding, items, walk

ID = "open-question"


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only."""
    for doc in documents:
        if not isinstance(doc.data, dict):
            continue
        for index, entry in items(doc.data.get("open_questions")):
            question = entry.get("question")
            if isinstance(question, str):
                yield finding(doc, ("open_questions", index), ID, "question", Severity.WARNING,
                              owner=_owner(entry), question=question.strip())
        if doc.text is not None and not doc.escaped and "open_question" not in doc.text:
            continue  # nothing to find; skip the walk (a key may be quoted or escaped)
        for path, value in walk(doc.data, containers_only=True):
            if isinstance(value, dict) and isinstance(value.get("open_question"), str):
                # A proposal is as unconfirmed as a question: the same warning, saying what is proposed.
                field = FieldPath(path)
                owner, question = _owner(value), value["open_question"].strip()
                if "proposed" in value:
                    yield finding(doc, path, ID, "proposal", Severity.WARNING, field=field,
                                  proposed=_short(value["proposed"]), owner=owner, question=question)
                else:
                    yield finding(doc, path, ID, "about", Severity.WARNING, field=field,
                                  owner=owner, question=question)


def _owner(entry: dict) -> str:
    owner = entry.get("owner")
    return f"({owner}) " if isinstance(owner, str) and owner.strip() else ""


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


