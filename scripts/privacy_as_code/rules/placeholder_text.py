"""A text must say something: "unknown" is an open question, not a fact.

A reader-facing text that only says the fact is not known ("ukjent", "ikke
oppgitt", "formålet er ikke oppgitt", "unknown", "not stated", "TBD", "N/A",
"-", "?") is reported. A purpose must describe the purpose; any other field
must state the fact. When nobody knows yet, that is an open question: write
``{open_question: "...", owner: ROLE}`` where the field allows it, or add the
question under ``open_questions``, so the publishing gate (``--strict``)
stops until it is answered instead of publishing "unknown" as if it were
the answer. The placeholder phrases are data (``placeholder`` in
``phrases.toml``), matched against the whole text; private fields are not
checked.

Why: GDPR Art. 5(1)(b) (purposes specified and explicit), Art. 13(1)(c) and
14(1)(c) (the purposes must be given), Art. 12(1) (concise, intelligible
information) and Art. 30(1)(b).

Passing::

    purposes:
      - id: send
        text: {nb: Sende nyhetsbrev til deg som har meldt deg på., en: Send newsletters to subscribers.}

Failing::

    purposes:
      - id: send
        text: {nb: Formålet er ikke oppgitt., en: Unknown}
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from privacy_as_code import phrases
from privacy_as_code.findings import Finding
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import Published, finding, quoted, text_values

ID = "placeholder-text"
_LONGEST = 80
"""A placeholder is short; longer texts are not matched (and not paid for)."""


@functools.lru_cache(maxsize=4096)
def _is_placeholder(value: str) -> bool:
    """Whether a short text only says the fact is unknown (cached: the same codes,
    "consent" or "delete", recur in every file)."""
    return phrases.pattern("placeholder").fullmatch(phrases.normalise(value)) is not None


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only."""
    published = Published(project)
    # One finding per cause: a 'TODO' where a mapping or a code belongs is
    # already a schema error at that place, and a second message would only
    # contradict it (issue 12). Gathered when first needed: the project's findings
    # are 100,000 warnings on a large project, and most files hold no placeholder.
    taken: set[tuple[str, int, int]] | None = None
    for doc in documents:
        for path, value in text_values(doc):
            if len(value) > _LONGEST:
                continue
            if not _is_placeholder(value) or not published(doc, path):
                continue
            shown = quoted(value)
            if taken is None:
                taken = {(f.path, f.line, f.column) for f in project.findings if f.is_error}
            if (doc.path, *doc.position(path)) in taken:
                continue
            if len(path) >= 3 and path[0] == "purposes" and path[2] == "text":
                yield finding(doc, path, ID, "purpose", text=shown)
            else:
                yield finding(doc, path, ID, "unknown", text=shown)
