"""The semantic rules: one module each, with a stable ``ID`` and a ``check``.

A rule module's docstring is its user documentation (what, why with the GDPR
article, a passing and a failing example); the editors' guide is generated
from it. Schema problems are reported under rule ids too: a property's
``x-rule`` in the schemas (e.g. ``retention-required``) names the rule a
missing or malformed value belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from privacy_as_code.findings import Finding, Severity
from privacy_as_code.project import Project
from privacy_as_code.rules import (
    anchors_unique,
    basis_per_purpose,
    basis_per_subject,
    complaint_right,
    consent_by_use,
    consent_withdrawal,
    controller_identity,
    dpo_status,
    legal_obligation_statute,
    legitimate_interest,
    open_questions,
    placeholder_text,
    plain_language,
    plain_text,
    recipient_unused,
    recipients_specified,
    references_exist,
    retention_statute,
    retention_vague,
    rights_complete,
    source_declared,
    special_categories,
    statement_version,
    transfer_mechanism,
    website_storage,
)


class Rule(Protocol):
    """What every module under ``rules/`` provides (a module satisfies this protocol).

    ``ID`` is the stable rule id findings carry; ``check`` yields the rule's
    findings for a loaded project and never raises on bad data (rules also
    run on files that failed the schema); the module docstring (what, why with
    the GDPR article, a passing and a failing example) is rendered into the
    editors' guide.
    """

    @property
    def ID(self) -> str: ...

    def check(self, project: Project) -> Iterable[Finding]: ...


RULES: tuple[Rule, ...] = (
    anchors_unique,
    basis_per_purpose,
    basis_per_subject,
    complaint_right,
    consent_by_use,
    consent_withdrawal,
    controller_identity,
    dpo_status,
    legal_obligation_statute,
    legitimate_interest,
    open_questions,
    placeholder_text,
    plain_language,
    plain_text,
    recipient_unused,
    recipients_specified,
    references_exist,
    retention_statute,
    retention_vague,
    rights_complete,
    source_declared,
    special_categories,
    statement_version,
    transfer_mechanism,
    website_storage,
)

RULE_BY_ID: dict[str, Rule] = {rule.ID: rule for rule in RULES}


def run_rules(project: Project) -> list[Finding]:
    """Every rule's findings. A rule that crashes is reported, not raised."""
    findings: list[Finding] = []
    for rule in RULES:
        try:
            findings.extend(rule.check(project))
        except Exception as exc:  # noqa: BLE001 - a buggy rule must not hide the other findings
            findings.append(Finding(str(project.root), 1, 1, Severity.ERROR, "internal-error",
                                    f"rule '{rule.ID}' failed ({type(exc).__name__}: {exc}); "
                                    "please report this bug"))
    return findings
