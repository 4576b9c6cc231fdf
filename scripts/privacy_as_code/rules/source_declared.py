"""Data not collected from the person must say where it comes from and what it is.

Every activity lists ``sources`` (the schema requires at least one). A source
other than the data subject (``third_party``, ``public``, ``controller``)
needs a ``description`` of the source and the ``data_categories`` obtained
from it, and those categories must be among the activity's own.

Why: GDPR Art. 14(1)(d) (the categories of data) and 14(2)(f) (the source,
and whether it is publicly accessible) when data is not obtained from the
data subject.

Passing::

    sources:
      - kind: data_subject
      - kind: third_party
        description: {nb: Referanser du har oppgitt, en: Referees you named}
        data_categories: [references]

Failing::

    sources:
      - kind: third_party          # which source, and which data?
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from privacy_as_code.findings import Finding, Term
from privacy_as_code.law import SOURCE_IRI
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, has_text, items, strings

ID = "source-declared"


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity is judged
    on its own (with the single files), so this runs where the activity is loaded."""
    for _, doc, activity in activities(project, documents):
        own = set(strings(activity.get("data_categories")))
        for index, source in items(activity.get("sources")):
            kind = source.get("kind")
            if not isinstance(kind, str) or kind == "data_subject" or kind not in SOURCE_IRI:
                continue  # a kind that is no code ('from you') is the schema's one finding
            if not has_text(source.get("description")):
                yield finding(doc, ("sources", index), ID, "no-description", kind=Term("source", kind))
            categories = strings(source.get("data_categories"))
            if not categories:
                yield finding(doc, ("sources", index), ID, "no-categories", kind=Term("source", kind))
            for position, category in enumerate(categories):
                if own and category not in own:
                    yield finding(doc, ("sources", index, "data_categories", position), ID,
                                  "category-not-listed", category=category)
