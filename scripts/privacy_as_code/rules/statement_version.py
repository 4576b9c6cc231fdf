"""The statement's version and date match the newest change-log entry.

``records/statement.yaml`` has ``version``, ``effective_date`` and a
``changelog`` with the newest entry first. That entry must carry the same
version and date, versions must not repeat, and dates must not go backwards,
so readers can see exactly what changed and when.

Why: GDPR Art. 12(1) and 13(3) (people must be told about changes, in
particular new purposes), and Art. 5(2): being able to show which text
applied when.

Passing::

    version: "2.1"
    effective_date: "2027-03-01"
    changelog:
      - {version: "2.1", date: "2027-03-01", changes: {nb: ..., en: ...}}
      - {version: "2.0", date: "2026-12-01", changes: {nb: ..., en: ...}}

Failing::

    version: "2.1"               # the newest change-log entry says 2.0
    changelog:
      - {version: "2.0", date: "2026-12-01", changes: {nb: ..., en: ...}}
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding, items
from privacy_as_code.schemas import date_problem
from privacy_as_code.versions import version_key

ID = "statement-version"


def check(project: Project) -> Iterator[Finding]:
    doc = project.statement
    if not isinstance(doc.data, dict):
        return
    entries = list(items(doc.data.get("changelog")))
    if not entries:
        return
    version, date = doc.data.get("version"), doc.data.get("effective_date")
    _, newest = entries[0]
    # An open value on either side is unknown: reported as an open question, never compared.
    newest_version, newest_date = newest.get("version"), newest.get("date")
    if isinstance(version, str) and isinstance(newest_version, str) and newest_version != version:
        yield finding(doc, ("changelog", 0), ID, "newest-version",
                      newest=newest_version, version=version)
    elif isinstance(date, str) and date_problem(date) is None and isinstance(newest_date, str) \
            and newest_date != date and newest_version == version:
        # (a date in another form, 01.12.2026, is the schema's one finding)
        yield finding(doc, ("changelog", 0, "date"), ID, "newest-date",
                      newest=newest_date, date=date)
    seen: set[str] = set()
    previous: tuple[str, str] | None = None
    for index, entry in entries:
        entry_version, entry_date = entry.get("version"), entry.get("date")
        if not (isinstance(entry_version, str) and isinstance(entry_date, str)):
            continue
        if entry_version in seen:
            yield finding(doc, ("changelog", index, "version"), ID, "twice", version=entry_version)
        seen.add(entry_version)
        if previous and version_key(entry_version) >= version_key(previous[0]):
            yield finding(doc, ("changelog", index), ID, "order", version=entry_version,
                          date=entry_date, previous=previous[0], previous_date=previous[1])
        elif previous and entry_date > previous[1] and date_problem(entry_date) is None \
                and date_problem(previous[1]) is None:
            # The versions are in order; the newer one is dated before the one it follows.
            # (Only ISO dates compare as text; "1. januar 2027" is the schema's one finding.)
            yield finding(doc, ("changelog", index - 1, "date"), ID, "dated-before",
                          version=previous[0], date=previous[1], older=entry_version,
                          older_date=entry_date)
        previous = (entry_version, entry_date)
