"""The semantic rules: one module each, with a stable ``ID`` and a ``check``.

A rule module's docstring is its user documentation (what, why with the GDPR
article, a passing and a failing example); the editors' guide is generated
from it. Schema problems are reported under rule ids too: a property's
``x-rule`` in the schemas (e.g. ``retention-required``) names the rule a
missing or malformed value belongs to.

A rule whose findings about a file depend on that file alone (and on the
single files: vocabulary, statement, ...) also provides ``check_documents``;
the checker runs those rules on each activity as it is loaded, in the worker
process that loads it (see ``project.load_project``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, cast

from privacy_as_code.findings import Finding, Severity
from privacy_as_code.kinds import SINGLE_FILES
from privacy_as_code.loader import LoadedYaml
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
    retention_form,
    retention_statute,
    retention_vague,
    rights_complete,
    source_declared,
    special_categories,
    statement_version,
    tracking_declared,
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
    retention_form,
    retention_statute,
    retention_vague,
    rights_complete,
    source_declared,
    special_categories,
    statement_version,
    tracking_declared,
    transfer_mechanism,
    website_storage,
)

RULE_BY_ID: dict[str, Rule] = {rule.ID: rule for rule in RULES}


class DocumentRule(Rule, Protocol):
    """A rule that can also report on some files only.

    ``check_documents(project, documents)`` yields exactly the findings
    ``check(project)`` gives about ``documents`` (files of ``project``), reading
    nothing from other activity files; ``check`` is ``check_documents`` on
    ``project.documents``.
    """

    def check_documents(self, project: Project,
                        documents: Iterable[LoadedYaml]) -> Iterable[Finding]: ...


DOCUMENT_RULES: tuple[DocumentRule, ...] = tuple(
    cast(DocumentRule, rule) for rule in RULES if hasattr(rule, "check_documents"))


def _collect(rule: Rule, project: Project,
             documents: Iterable[LoadedYaml] | None = None) -> list[Finding]:
    """The rule's findings (about ``documents`` only, when given: the rule is then a
    :class:`DocumentRule`); a rule that crashes is reported, not raised."""
    try:
        if documents is None:
            return list(rule.check(project))
        return list(cast(DocumentRule, rule).check_documents(project, documents))
    except Exception as exc:  # noqa: BLE001 - a buggy rule must not hide the other findings
        return [Finding.unworded(str(project.root), 1, 1, Severity.ERROR, "internal-error",
                                 f"rule '{rule.ID}' failed ({type(exc).__name__}: {exc}); "
                                 "please report this bug")]


def check_document(project: Project, doc: LoadedYaml) -> list[Finding]:
    """Every per-file rule's findings about ``doc`` (a file of ``project``).

    Passed to ``load_project`` as its ``document_check``, so the per-file rules
    run where each activity is loaded (on every core for a large project).
    """
    return [found for rule in DOCUMENT_RULES for found in _collect(rule, project, [doc])]


def run_rules(project: Project) -> list[Finding]:
    """Every rule's findings, except those of per-file rules on activities already
    checked while loading (``project.checked_while_loading``)."""
    singles = [getattr(project, name) for name in SINGLE_FILES]
    findings: list[Finding] = []
    for rule in RULES:
        if project.checked_while_loading and rule in DOCUMENT_RULES:
            findings.extend(_collect(rule, project, singles))
        else:
            findings.extend(_collect(rule, project))
    return findings
