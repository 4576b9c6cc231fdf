"""Readers are told they can complain to Datatilsynet.

``records/organisation.yaml`` names the supervisory authority with its
website (the schema requires it), and ``records/statement.yaml`` has the
``rights.complaint`` text.

Why: GDPR Art. 13(2)(d) and 14(2)(e) (the right to lodge a complaint with a
supervisory authority) and Art. 77.

Passing::

    rights:
      complaint:
        nb: Du kan klage til Datatilsynet hvis du mener vi behandler opplysningene ulovlig.
        en: You can complain to Datatilsynet if you believe we process your data unlawfully.

Failing::

    rights:
      access: {nb: ..., en: ...}     # no 'complaint'
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.law import is_open
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding, has_text

ID = "complaint-right"


def check(project: Project) -> Iterator[Finding]:
    statement = project.statement
    if not isinstance(statement.data, dict):
        return
    rights = statement.data.get("rights")
    # An open or proposed 'rights' (the whole group unknown) is its open question, no verdict.
    if isinstance(rights, dict) and not is_open(rights) and not has_text(rights.get("complaint")):
        yield finding(statement, ("rights",), ID, "missing")
