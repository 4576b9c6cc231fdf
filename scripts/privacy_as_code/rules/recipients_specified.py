"""Recipients are specified: who (or what kind), in which role, where, and under which agreement.

Each entry in ``records/recipients.yaml`` has a name, a role and a country
(the schema requires them; an unknown vendor or country is an open
question, never a guess). ``country`` is one code or a list of codes.

An entry is either a named recipient or a category of recipients, and says
which:

* named: ``vendor`` gives the company that receives the data (an open
  question while nobody has confirmed it). A public authority is named by
  its ``name`` (Skatteetaten), unless that name is only a vague group
  ("offentlige myndigheter", "partners");
* a category: ``category`` gives the ``type`` of recipients by what they do
  (required) and their ``sector``; where they are is ``country``. This is a
  warning, not an error: the law allows categories, but names are better,
  and a category must be as specific as it can be.

An entry with neither is an error, whatever its name says ("Media" as
much as "IT suppliers"): readers cannot tell who gets their data.

A processor or sub-processor also needs ``dpa``, the reference to its data
processing agreement. A joint controller needs ``arrangement``, the
essence of the arrangement between the controllers, and ``contact``, the
contact point for data subjects; either may be an open question. Another
role's ``arrangement`` or ``contact`` is not published, and a named
recipient (a confirmed ``vendor``) needs no ``category``: both are warned
about, so an editor does not believe the page says them.

Why: GDPR Art. 13(1)(e) and 14(1)(e) (recipients or categories of
recipients), Art. 30(1)(d); Article 29 Working Party, Guidelines on
transparency (WP260 rev.01), Annex, "Recipients": name the recipients; if
only categories, be as specific as possible (type by activity, industry,
sector and sub-sector, location). Art. 26(1) and (2) (joint controllers:
the essence of the arrangement is made available to the data subject; a
contact point may be designated). Art. 28(3) (processors act under a
contract).

Passing::

    recipients:
      office_suite:
        name: {nb: E-post og kontorstøtte, en: E-mail and office suite}
        vendor: {open_question: Which vendor? (probably Microsoft 365)}
        role: processor
        country: [NO, US]
        dpa: {open_question: Where is the signed DPA filed?}
      event_partner:
        name: {nb: Medarrangør, en: Co-organiser}
        vendor: Eksempel Konferanse AS
        role: joint_controller
        country: "NO"
        arrangement: {nb: Vi har ansvar for påmeldingen ..., en: We are responsible for ...}
        contact: personvern@example.no

Failing::

    recipients:
      ict:
        name: {nb: Underleverandører av IKT-tjenester, en: ICT subcontractors}
        role: processor          # no vendor and no category, no DPA
        country: "NO"
      media:
        name: {nb: Media, en: Media}
        role: independent_controller
        country: "NO"
        category:                # a warning: names are better; sector missing
          type: {nb: Journalister, en: Journalists}
      partner:
        name: {nb: Medarrangør, en: Co-organiser}
        vendor: Eksempel Konferanse AS
        role: joint_controller   # no arrangement, no contact
        country: "NO"
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy_as_code.findings import Finding, Severity, Term
from privacy_as_code.law import JOINT_CONTROLLER, PROCESSOR_ROLES, as_shown
from privacy_as_code.project import Project
from privacy_as_code.rules._base import finding

ID = "recipients-specified"
# Only for a public authority, whose name is itself who receives the data: a name that is
# a group of bodies rather than one ("offentlige myndigheter") names nobody.
_VAGUE = re.compile(
    r"\b(underleverandør|leverandører|samarbeidspartner|partnere|andre selskaper|konsern"
    r"|myndigheter|subcontractors|suppliers|partners|third parties|group compan|affiliates"
    r"|authorities)",
    re.IGNORECASE,
)


def check(project: Project) -> Iterator[Finding]:
    doc = project.recipients
    for rid, recipient in project.mapping("recipients", "recipients").items():
        if not isinstance(recipient, dict):
            continue
        path = ("recipients", rid)
        role = as_shown(recipient.get("role"))  # a proposed role needs the same as a confirmed one
        if role in PROCESSOR_ROLES and "dpa" not in recipient:
            yield finding(doc, path, ID, "no-dpa", id=rid)
        category = recipient.get("category")
        if isinstance(recipient.get("vendor"), str) and category is not None:
            yield finding(doc, (*path, "category"), ID, "vendor-and-category", Severity.WARNING,
                          at_key=True, id=rid)
        elif isinstance(category, dict):
            key = "category" if "sector" in category else "category-no-sector"
            yield finding(doc, (*path, "category"), ID, key, Severity.WARNING, at_key=True, id=rid)
        elif "vendor" not in recipient and "category" not in recipient:  # a bad category: schema
            name = recipient.get("name")
            names = " ".join(v for v in name.values() if isinstance(v, str)) \
                if isinstance(name, dict) else ""
            if role != "public_authority":
                yield finding(doc, path, ID, "unnamed", id=rid)
            elif _VAGUE.search(names):
                yield finding(doc, path, ID, "vague", id=rid)
        if role == JOINT_CONTROLLER:
            for key in ("arrangement", "contact"):
                if key not in recipient:
                    yield finding(doc, path, ID, "no-" + key, id=rid)
        elif isinstance(role, str):  # another role, confirmed or proposed (an open one: no verdict)
            for key in ("arrangement", "contact"):
                if key in recipient:
                    yield finding(doc, (*path, key), ID, "joint-only", Severity.WARNING, at_key=True,
                                  id=rid, key=key, role=Term("role", role))
