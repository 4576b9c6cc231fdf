"""Say whether a data protection officer is appointed, and how to reach them.

``dpo.appointed`` is required (the schema checks it). When it is ``true``,
``email`` is required so readers can contact the DPO.

Why: GDPR Art. 13(1)(b) and 14(1)(b) (the DPO's contact details, where
applicable) and Art. 37(7) (publish them).

Passing::

    dpo:
      appointed: false

Failing::

    dpo:
      appointed: true       # but no e-mail
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding

ID = "dpo-status"


def check(project: Project) -> Iterator[Finding]:
    dpo = project.mapping("organisation", "dpo")
    if dpo.get("appointed") is True and not dpo.get("email"):
        yield finding(project.organisation, ("dpo",), ID, "no-email")
