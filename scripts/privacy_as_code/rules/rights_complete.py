"""The statement explains every right, and the rights its activities trigger.

``records/statement.yaml`` ``rights`` has a text for each of access,
rectification, erasure, restriction, portability and objection, and how to
exercise them (``how_to``). When any activity relies on consent it also
needs ``withdraw_consent``; when any activity is used for direct marketing
it needs ``objection_direct_marketing``, which the page shows separately and
prominently.

Why: GDPR Art. 13(2)(b) and 14(2)(c) (the rights of Art. 15-18, 20 and 21),
Art. 13(2)(c) (withdrawing consent), Art. 21(4) (the right to object to
direct marketing, "clearly and separately from any other information"),
Art. 12(2)-(3).

Passing::

    rights:
      access: {nb: ..., en: ...}
      rectification: {nb: ..., en: ...}
      erasure: {nb: ..., en: ...}
      restriction: {nb: ..., en: ...}
      portability: {nb: ..., en: ...}
      objection: {nb: ..., en: ...}
      how_to: {nb: ..., en: ...}

Failing::

    rights:
      access: {nb: ..., en: ...}
      rectification: {nb: ..., en: ...}   # erasure, restriction, portability, objection missing
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding, Listing, Message
from privacy_as_code.law import bases_giving, is_open
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, bases, finding, has_text

ID = "rights-complete"
CORE_RIGHTS = ("access", "rectification", "erasure", "restriction", "portability", "objection",
               "how_to")
"""The rights every statement explains (each worded as ``rights-complete.right-<key>``)."""


def check(project: Project) -> Iterator[Finding]:
    statement = project.statement
    if not isinstance(statement.data, dict):
        return
    rights = statement.data.get("rights")
    if not isinstance(rights, dict) or is_open(rights):
        # A missing 'rights' is reported by the schema under this rule id; an open or proposed
        # one (the whole group not yet known) is its open question, no verdict on its parts.
        return
    missing = [Message.of(f"rights-complete.right-{key}") for key in CORE_RIGHTS
               if not has_text(rights.get(key))]
    if missing:
        yield finding(statement, ("rights",), ID, "missing", missing=Listing(tuple(missing), "and"))
    uses_consent = any(entry.get("basis") in bases_giving("withdraw_consent")
                       for _, _, activity in activities(project) for _, entry in bases(activity))
    if uses_consent and not has_text(rights.get("withdraw_consent")):
        yield finding(statement, ("rights",), ID, "withdraw-consent")
    marketing = [aid for aid, _, activity in activities(project)
                 if activity.get("direct_marketing") is True]
    if marketing and not has_text(rights.get("objection_direct_marketing")):
        yield finding(statement, ("rights",), ID, "objection", activities=", ".join(marketing))
