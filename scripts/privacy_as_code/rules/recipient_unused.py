"""A recipient in recipients.yaml is used by at least one activity.

The recipients page lists every recipient in ``records/recipients.yaml``. One
that no activity names in its ``recipients`` (or ``transfers``) tells readers
that someone receives their data when, by the records, nobody does: remove
it, or name it in the activity that discloses data to it. A warning, so a
recipient can be prepared before its activity; ``--strict`` fails on it.

Why: GDPR Art. 5(1)(a) and 13(1)(e): the recipients named must be the ones
who actually receive the data.

Passing::

    # recipients.yaml
    recipients:
      mail_service: {...}
    # activities/newsletter.yaml
    recipients: [mail_service]

Failing::

    # recipients.yaml
    recipients:
      mail_service: {...}
      old_crm: {...}          # no activity names old_crm
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding, Severity
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, items, strings

ID = "recipient-unused"


def check(project: Project) -> Iterator[Finding]:
    doc = project.recipients
    recipients = project.mapping("recipients", "recipients")
    if doc is None or not recipients:
        return
    if any(not isinstance(doc.data, dict) for doc in project.activities.values()):
        return  # an unreadable activity may name any of them; its own finding comes first
    used: set[str] = set()
    for _, _, activity in activities(project):
        named = activity.get("recipients")
        if named != "none" and not (isinstance(named, list) and all(isinstance(r, str) for r in named)):
            return  # a missing or damaged list may name any of them; the schema reports it
        used.update(strings(named))
        used.update(t["recipient"] for _, t in items(activity.get("transfers"))
                    if isinstance(t.get("recipient"), str))
    for rid in recipients:
        if rid not in used:
            yield finding(doc, ("recipients", rid), ID, "unused", Severity.WARNING, at_key=True,
                          id=rid)
