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
from dataclasses import dataclass
from typing import Any

from privacy_as_code.fieldpath import FieldPath
from privacy_as_code.findings import Finding, Severity
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import JsonPath, finding, items, text_values

ID = "open-question"


@dataclass(frozen=True)
class Unconfirmed:
    """One open question or proposal: where it stands and what it asks.

    ``path`` is the place of the ``{open_question, owner}`` value (or of the
    item under a record's ``open_questions`` list, ``listed``); ``proposed`` is
    the proposed value when ``is_proposal``.
    """

    doc: LoadedYaml
    path: JsonPath
    question: str
    owner: str
    is_proposal: bool = False
    proposed: Any = None
    listed: bool = False


def unconfirmed(project: Project, documents: Iterable[LoadedYaml] | None = None
                ) -> Iterator[Unconfirmed]:
    """Every open question and proposal in ``documents`` (default: every file of the
    project), file by file in reading order.

    The one enumeration behind this rule's warnings, ``privacy questions`` and
    the Art. 30 export's questions, so their counts agree. Never raises on bad data.
    """
    for doc in project.documents if documents is None else documents:
        if not isinstance(doc.data, dict):
            continue
        for index, entry in items(doc.data.get("open_questions")):
            question = entry.get("question")
            if isinstance(question, str):
                yield Unconfirmed(doc, ("open_questions", index), question.strip(), _owner(entry),
                                  listed=True)
        if doc.text is not None and not doc.escaped and "open_question" not in doc.text:
            continue  # nothing to find; skip the walk (a key may be quoted or escaped)
        for path, value in _open_values(doc):
            yield Unconfirmed(doc, path, value["open_question"].strip(), _owner(value),
                              "proposed" in value, value.get("proposed"))


def _open_values(doc: LoadedYaml) -> Iterator[tuple[JsonPath, dict[str, Any]]]:
    """Every mapping with a text ``open_question`` in ``doc``, with its path, in file order.

    Found through the file's text values (:func:`rules._base.text_values`, one walk
    that several rules share): an ``open_question`` text's path, less its last step,
    is the open value's.
    """
    for path, _ in text_values(doc):
        if path and path[-1] == "open_question":
            node: Any = doc.data
            for step in path[:-1]:
                node = node[step]
            yield path[:-1], node


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only."""
    for item in unconfirmed(project, documents):
        owner = f"({item.owner}) " if item.owner else ""
        if item.listed:
            yield finding(item.doc, item.path, ID, "question", Severity.WARNING,
                          owner=owner, question=item.question)
        elif item.is_proposal:
            # A proposal is as unconfirmed as a question: the same warning, saying what is proposed.
            yield finding(item.doc, item.path, ID, "proposal", Severity.WARNING,
                          field=FieldPath(item.path), proposed=_short(item.proposed), owner=owner,
                          question=item.question)
        else:
            yield finding(item.doc, item.path, ID, "about", Severity.WARNING,
                          field=FieldPath(item.path), owner=owner, question=item.question)


def _owner(entry: dict) -> str:
    owner = entry.get("owner")
    return owner.strip() if isinstance(owner, str) and owner.strip() else ""


def _short(value: object) -> str:
    """A proposed value on one line, as the editor writes it (``false``, ``IE, US``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_short(item) for item in value)
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:57] + "..."


