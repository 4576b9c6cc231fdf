"""Transfers outside the EEA need a mechanism, and must match the recipients.

``transfers`` is always declared (the schema requires it): ``none``, an open
question, or a list. A listed transfer to a country outside the EEA needs a
Chapter V mechanism (adequacy, standard contractual clauses, binding
corporate rules, ...); a derogation under Art. 49 also needs internal
``documentation``. A transfer to an EEA country is not a transfer and is
reported as a mistake. And ``transfers: none`` is contradicted when one of
the activity's recipients is located outside the EEA.

Why: GDPR Art. 44-49 (transfers need a legal ground), Art. 13(1)(f) and
14(1)(f) (readers must be told, with the safeguards), Art. 30(1)(e).

Passing::

    recipients: [crm]          # recipients.yaml: crm has country: US
    transfers:
      - recipient: crm
        country: US
        mechanism: scc

Failing::

    recipients: [crm]          # located in the US
    transfers: none            # contradicts the recipient
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding
from privacy_as_code.law import EEA, outside_eea
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, items, strings

ID = "transfer-mechanism"


def check(project: Project) -> Iterator[Finding]:
    recipients = project.mapping("recipients", "recipients")
    for _, doc, activity in activities(project):
        transfers = activity.get("transfers")
        if transfers == "none":
            for position, rid in enumerate(strings(activity.get("recipients"))):
                recipient = recipients.get(rid)
                country = recipient.get("country") if isinstance(recipient, dict) else None
                if outside_eea(country):
                    yield finding(doc, ("transfers",), ID,
                                  f"'transfers: none', but recipient '{rid}' (line "
                                  f"{doc.position(('recipients', position))[0]}) is in {country}, "
                                  "outside the EEA: declare the transfer and its mechanism "
                                  "(Art. 13(1)(f), 44)")
            continue
        for index, transfer in items(transfers):
            country = transfer.get("country")
            mechanism = transfer.get("mechanism")
            if isinstance(country, str) and country in EEA:
                yield finding(doc, ("transfers", index, "country"), ID,
                              f"{country} is in the EEA, so this is not a transfer to a third "
                              "country: remove the entry")
            if mechanism == "derogation" and not transfer.get("documentation"):
                yield finding(doc, ("transfers", index), ID,
                              "a transfer on an Art. 49 derogation needs internal 'documentation' "
                              "of the safeguards (Art. 30(1)(e), 49(6))")
