"""What this website stores in the browser is declared, and needs no consent.

``records/statement.yaml`` ``website_storage`` lists every cookie and
localStorage/sessionStorage key the site sets (an empty list says: nothing).
The site has no consent banner, so everything it stores must be strictly
necessary for what the reader asked for; anything else is reported. (The
browser tests check the list against what the site really stores.)

Why: ekomloven § 3-15 (from 2025: storing or reading information on the
reader's device needs consent unless strictly necessary) and GDPR
Art. 13: the privacy page must be truthful about itself.

Passing::

    website_storage:
      - name: /.__search
        kind: session_storage
        purpose: {nb: ..., en: ...}
        duration: {nb: Til du lukker fanen, en: Until you close the tab}
        strictly_necessary: true

Failing::

    website_storage:
      - name: _ga
        kind: cookie
        strictly_necessary: false     # would need consent, and the site asks for none
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding, items

ID = "website-storage"


def check(project: Project) -> Iterator[Finding]:
    doc = project.statement
    if not isinstance(doc.data, dict):
        return
    seen: set[tuple[str, str]] = set()
    for index, entry in items(doc.data.get("website_storage")):
        name, kind = entry.get("name"), entry.get("kind")
        if entry.get("strictly_necessary") is False:
            yield finding(doc, ("website_storage", index), ID, "not-necessary", name=name)
        if isinstance(name, str) and isinstance(kind, str):
            if (name, kind) in seen:
                yield finding(doc, ("website_storage", index), ID, "twice", name=name, kind=kind)
            seen.add((name, kind))
