"""Each website declares what it stores in the browser, and asks first when it must.

``records/statement.yaml`` ``websites`` lists the organisation's websites: the
privacy site this tool builds (``generated: true``; exactly one) and others,
such as the main company website. Each lists in ``storage`` every cookie and
similar technology (localStorage, sessionStorage, IndexedDB, tracking pixels,
SDKs) with its provider, purpose, category and lifetime (an empty list says:
nothing; an open question says: not surveyed yet), and its ``consent``
mechanism (``none``, or the tool and how the reader says yes, no and changes
the choice). This rule reports:

- a technology that is not ``strictly_necessary`` on a website whose consent is
  ``none``: it may not be stored or read without consent;
- a consent mechanism on the generated site: the tool builds none, so the
  declaration would be false;
- no generated site, or more than one (the browser tests check its
  declaration against what it really stores);
- a website id, or a technology (name and kind) on one website, declared twice.

Which activity uses each technology is the ``tracking-declared`` rule.

Why: ekomloven § 3-15 (LOV-2024-12-13-76, in force 1 January 2025): storing
or reading information on the reader's device needs consent (to the GDPR
standard: Art. 4(11), 7) unless strictly necessary for the service the reader
asked for; GDPR Art. 13(1)(c)-(e) and 12(1): the statement must be true about
the websites' tracking.

Passing::

    websites:
      - id: privacy_site
        name: {nb: Personvernsidene, en: The privacy site}
        generated: true
        consent: none
        storage: []
      - id: main_site
        name: {nb: Hovednettstedet, en: The main website}
        url: https://www.example.no
        consent:
          tool: Example Consent Manager
          description: {nb: Du velger i banneret; «Endre valg» nederst på siden.,
                        en: You choose in the banner; 'Change choice' at the foot of the page.}
        storage:
          - {name: _ga, kind: cookie, provider: Google, category: statistics,
             purpose: {nb: Måle besøk., en: Measure visits.}, lifetime: {nb: 2 år, en: 2 years}}

Failing::

    websites:
      - id: main_site
        name: {nb: Hovednettstedet, en: The main website}
        consent: none                 # but _ga needs consent
        storage:
          - {name: _ga, kind: cookie, provider: Google, category: statistics,
             purpose: {nb: Måle besøk., en: Measure visits.}, lifetime: {nb: 2 år, en: 2 years}}
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from privacy_as_code import law
from privacy_as_code.findings import Finding
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding, items

ID = "website-storage"

def websites(project: Project) -> Iterator[tuple[int, dict[str, Any]]]:
    """The statement's ``websites`` entries that are mappings, with their index."""
    data = project.statement.data
    if isinstance(data, dict):
        yield from items(data.get("websites"))


def check(project: Project) -> Iterator[Finding]:
    doc = project.statement
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get("websites"), list):
        return  # a missing or malformed list is the schema's finding
    ids: set[str] = set()
    generated: list[int] = []
    for index, site in websites(project):
        site_id, consent = site.get("id"), site.get("consent")
        if isinstance(site_id, str):
            if site_id in ids:
                yield finding(doc, ("websites", index, "id"), ID,
                              "site-twice", site=site_id)
            ids.add(site_id)
        if site.get("generated") is True:
            generated.append(index)
            if isinstance(consent, dict) and "open_question" not in consent:
                yield finding(doc, ("websites", index, "consent"), ID,
                              "generated-consent")
        seen: set[tuple[str, str]] = set()
        for position, tech in items(site.get("storage")):
            name, kind, category = tech.get("name"), tech.get("kind"), tech.get("category")
            where = ("websites", index, "storage", position)
            if consent == "none" and law.storage_needs_consent(category):
                yield finding(doc, (*where, "category"), ID,
                              "not-necessary", name=name, category=category, site=site_id)
            if isinstance(name, str) and isinstance(kind, str):
                if (name, kind) in seen:
                    yield finding(doc, where, ID, "twice", name=name, kind=kind, site=site_id)
                seen.add((name, kind))
    if not generated:
        yield finding(doc, ("websites",), ID, "no-generated", at_key=True)
    for index in generated[1:]:
        yield finding(doc, ("websites", index, "generated"), ID,
                      "generated-twice")
