"""Recipients are specified: who, in which role, where, and under which agreement.

Each entry in ``records/recipients.yaml`` has a name, a role and a country
(the schema requires them; an unknown vendor or country is an open
question, never a guess). A processor or sub-processor also needs ``dpa``,
the reference to its data processing agreement. A name that is only a vague
category ("underleverandører", "group companies", "partners") without a
``vendor`` is reported: readers cannot tell who gets their data.

Why: GDPR Art. 13(1)(e) and 14(1)(e) (recipients or categories of
recipients), Art. 28(3) (processors act under a contract), Art. 30(1)(d).

Passing::

    recipients:
      office_suite:
        name: {nb: E-post og kontorstøtte, en: E-mail and office suite}
        vendor: {open_question: Which vendor? (probably Microsoft 365)}
        role: processor
        country: {open_question: Where is the data hosted?}
        dpa: {open_question: Where is the signed DPA filed?}

Failing::

    recipients:
      ict:
        name: {nb: Underleverandører av IKT-tjenester, en: ICT subcontractors}
        role: processor          # no vendor, no country, no DPA
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.law import PROCESSOR_ROLES
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding

ID = "recipients-specified"
_VAGUE = re.compile(
    r"\b(underleverandør|leverandører|samarbeidspartner|partnere|andre selskaper|konsern"
    r"|subcontractors|suppliers|partners|third parties|group compan|affiliates)",
    re.IGNORECASE,
)


def check(project: Project) -> Iterator[Finding]:
    doc = project.recipients
    for rid, recipient in project.mapping("recipients", "recipients").items():
        if not isinstance(recipient, dict):
            continue
        path = ("recipients", rid)
        if recipient.get("role") in PROCESSOR_ROLES and "dpa" not in recipient:
            yield finding(doc, path, ID, "no-dpa", id=rid)
        name = recipient.get("name")
        names = " ".join(v for v in name.values() if isinstance(v, str)) \
            if isinstance(name, dict) else ""
        if "vendor" not in recipient and _VAGUE.search(names):
            yield finding(doc, path, ID, "vague", id=rid)
