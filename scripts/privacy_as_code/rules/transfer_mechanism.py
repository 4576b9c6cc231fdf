"""Transfers outside the EEA need a mechanism, and must match the recipients.

``transfers`` is always declared (the schema requires it): ``none``, an open
question, or a list. A listed transfer to a country outside the EEA needs a
Chapter V mechanism (adequacy, standard contractual clauses, binding
corporate rules, ...); a derogation under Art. 49 also needs internal
``documentation``. A transfer to an EEA country is not a transfer and is
reported as a mistake. And ``transfers: none`` is contradicted when one of
the activity's recipients is located outside the EEA. A list may hold open
questions next to known transfers (an unknown supplier next to a known one).

A recipient's ``country`` may list several countries; each counts on its
own. A recipient in Norway and the US transfers to the US, so a list of
transfers needs an entry for that recipient and the US, with its mechanism
(unless the list holds an open question: the unknown entry may be that one).

``mechanism: adequacy`` needs a Commission adequacy decision for that country
(``law.ADEQUATE_COUNTRIES``): India has none, so the page would state a decision that does
not exist. Standard contractual clauses, binding corporate rules, an approved code of
conduct or certification need ``safeguards``: how the reader can get a copy, or where
they are published (Art. 13(1)(f)); it may be an open question while that is being settled.
A transfer goes to a country where its recipient is: a recipient in Ireland and the US
cannot receive a transfer to Japan.

A transfer to a country whose adequacy decision covers only a framework's
members (the US: the EU-US Data Privacy Framework, Commission decision of
10 July 2023) under ``mechanism: certification`` (Art. 46(2)(f), a
certification with binding commitments, rarely used) is most often meant as
the framework, which is ``adequacy``: that gets a warning asking which was
meant.

Why: GDPR Art. 44-49 (transfers need a legal ground), Art. 13(1)(f) and
14(1)(f) (readers must be told, with the safeguards), Art. 30(1)(e).

Passing::

    recipients: [crm]          # recipients.yaml: crm has country: [NO, US]
    transfers:
      - recipient: crm
        country: US
        mechanism: scc
        safeguards:
          nb: Du kan be oss om en kopi av standardavtalen.
          en: You can ask us for a copy of the standard contractual clauses.

Failing::

    recipients: [crm]          # located in the US
    transfers: none            # contradicts the recipient

    recipients: [crm]          # country: [NO, US]
    transfers:
      - {recipient: crm, country: GB, mechanism: adequacy}   # the US is missing

    transfers:
      - {recipient: crm, country: IN, mechanism: adequacy}   # no adequacy decision
      - {recipient: crm, country: US, mechanism: scc}        # no 'safeguards'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from privacy_as_code.findings import Finding, Listing, Severity, Term
from privacy_as_code.law import (
    EEA,
    SAFEGUARD_MECHANISMS,
    adequacy_framework,
    countries,
    has_adequacy_decision,
    is_open,
    outside_eea,
)
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import activities, finding, items, strings

ID = "transfer-mechanism"


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity is judged
    on its own (with the single files), so this runs where the activity is loaded."""
    recipients = project.mapping("recipients", "recipients")
    for _, doc, activity in activities(project, documents):
        transfers = activity.get("transfers")
        named = list(enumerate(strings(activity.get("recipients"))))
        if transfers == "none":
            for position, rid in named:
                for outside in _third_countries(recipients.get(rid)):
                    yield finding(doc, ("transfers",), ID, "none-but", id=rid,
                                  line=doc.position(("recipients", position))[0], country=outside)
            continue
        yield from _uncovered(doc, named, recipients, transfers)
        for index, transfer in items(transfers):
            if is_open(transfer):
                continue  # an unknown transfer: the open-question rule reports it
            country = transfer.get("country")
            mechanism = transfer.get("mechanism")
            if isinstance(country, str) and country in EEA:
                yield finding(doc, ("transfers", index, "country"), ID, "in-eea", country=country)
            if mechanism == "derogation" and not transfer.get("documentation"):
                yield finding(doc, ("transfers", index), ID, "derogation")
            third = outside_eea(country)
            if mechanism == "adequacy" and third and not has_adequacy_decision(country):
                yield finding(doc, ("transfers", index, "mechanism"), ID, "no-adequacy",
                              country=country)
            if isinstance(mechanism, str) and mechanism in SAFEGUARD_MECHANISMS and third \
                    and "safeguards" not in transfer:
                yield finding(doc, ("transfers", index), ID, "no-safeguards",
                              mechanism=Term("mechanism", mechanism))
            to = transfer.get("recipient")
            recipient = recipients.get(to) if isinstance(to, str) else None
            located = countries(recipient.get("country")) if isinstance(recipient, dict) else ()
            if third and located and country not in located:
                yield finding(doc, ("transfers", index, "country"), ID, "not-located",
                              id=to, country=country, located=Listing(located, "and"))
            where = [c for c in (country, *located) if adequacy_framework(c)]
            if mechanism == "certification" and where:
                yield finding(doc, ("transfers", index, "mechanism"), ID, "certification",
                              Severity.WARNING, country=where[0])


def _third_countries(recipient: Any) -> list[str]:
    """The recipient's confirmed countries outside the EEA, in the record's order."""
    where = recipient.get("country") if isinstance(recipient, dict) else None
    return [code for code in countries(where) if outside_eea(code)]


def _uncovered(doc: LoadedYaml, named: list[tuple[int, str]], recipients: dict[str, Any],
               transfers: Any) -> Iterator[Finding]:
    """A finding for each (recipient, third country) of the activity that no listed transfer
    covers. A transfer without ``recipient`` covers its country for every recipient; an open
    question in the list (or an open list, or a transfer whose country is open) may be the
    missing one, so nothing is reported."""
    if not isinstance(transfers, list) or any(
            not isinstance(tr, dict) or is_open(tr) or not isinstance(tr.get("country"), str)
            for tr in transfers):
        return
    covered = {(to if isinstance(to := tr.get("recipient"), str) else None, tr["country"])
               for tr in transfers}
    for position, rid in named:
        for country in _third_countries(recipients.get(rid)):
            if (rid, country) not in covered and (None, country) not in covered:
                yield finding(doc, ("recipients", position), ID, "missing-country",
                              id=rid, country=country)
