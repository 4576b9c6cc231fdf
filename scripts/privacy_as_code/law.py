"""The GDPR facts the tool relies on, in one place.

Every other module asks this one: which Art. 6(1) bases exist, which rights a
basis gives, the Art. 9(2) conditions, the Chapter V transfer mechanisms, the
EEA, whether a record value is still an open question, and the W3C Data
Privacy Vocabulary (DPV 2.3) IRI of each term. The words a reader sees for
these codes live in the catalogues (``i18n/*.toml``), not here.

Sources: Regulation (EU) 2016/679 (GDPR), as incorporated in Norwegian law by
personopplysningsloven § 1; the rights-per-basis mapping is the one DPV uses
(https://w3id.org/dpv/legal/eu/gdpr, "rights applicable per legal basis").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeGuard

from privacy_as_code import phrases

DPV = "https://w3id.org/dpv#"
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"

# --- Art. 6(1): lawful bases ---------------------------------------------------------

BASIS_IRI: dict[str, str] = {
    "consent": GDPR + "A6-1-a",
    "contract": GDPR + "A6-1-b",
    "legal_obligation": GDPR + "A6-1-c",
    "vital_interests": GDPR + "A6-1-d",
    "public_task": GDPR + "A6-1-e",
    "legitimate_interests": GDPR + "A6-1-f",
}
"""The Art. 6(1)(a)-(f) bases, in the article's order, with their DPV IRIs."""

BASES: tuple[str, ...] = tuple(BASIS_IRI)

# --- rights -----------------------------------------------------------------------------

BASE_RIGHTS = ("access", "rectification", "erasure", "restriction")
"""Art. 15-18: rights a data subject has whatever the basis."""

RIGHTS_BY_BASIS: dict[str, frozenset[str]] = {
    # Art. 20(1)(a): portability only where processing is based on consent or contract.
    # Art. 7(3): consent can be withdrawn at any time.
    "consent": frozenset({"portability", "withdraw_consent"}),
    "contract": frozenset({"portability"}),
    # Art. 17(3)(b): erasure does not apply while a legal duty to keep the data lasts.
    "legal_obligation": frozenset({"erasure_limited"}),
    "vital_interests": frozenset(),
    # Art. 21(1): objection to processing based on Art. 6(1)(e) or (f).
    "public_task": frozenset({"objection"}),
    "legitimate_interests": frozenset({"objection"}),
}
"""Which basis-dependent rights (and limits) each Art. 6(1) basis gives, beyond Art. 15-18."""

BASIS_DEPENDENT_RIGHTS = ("portability", "objection", "withdraw_consent", "erasure_limited")
"""The order the pages list them in."""

BASIS_TEXTS: dict[str, frozenset[str]] = {
    # Art. 7(3) and 13(2)(c): how to withdraw is told where processing rests on consent.
    "withdrawal": frozenset({"consent"}),
    # Art. 13(1)(d): the legitimate interests pursued, where processing rests on Art. 6(1)(f).
    "interest": frozenset({"legitimate_interests"}),
    # Art. 6(3): the law laying down a legal obligation or a public task, for Art. 6(1)(c), (e).
    "statute": frozenset({"legal_obligation", "public_task"}),
    "statute_url": frozenset({"legal_obligation", "public_task"}),
}
"""The texts of a ``legal_basis`` entry that speak for one kind of basis, and those bases."""


def basis_text_applies(key: str, basis: Any) -> bool:
    """Whether a ``legal_basis`` entry's ``key`` text may be told to readers beside ``basis``.

    A text that speaks for one kind of basis (:data:`BASIS_TEXTS`: how to withdraw consent,
    the legitimate interest, the statute) is said only beside that basis *confirmed*: beside
    an open or proposed basis (``{open_question, ...}`` in the records, :class:`public.Open` in
    the public view: anything not a code) it would claim the basis it presumes. Other keys
    (``explanation``) always apply. Never raises.
    """
    wanted = BASIS_TEXTS.get(key)
    return wanted is None or (isinstance(basis, str) and basis in wanted)


def bases_giving(right: str) -> tuple[str, ...]:
    """The bases (Art. 6(1) order) that give ``right``, e.g. ``objection`` -> public_task, legitimate_interests."""
    return tuple(b for b in BASES if right in RIGHTS_BY_BASIS[b])


def rights_of(bases: Iterable[str]) -> tuple[str, ...]:
    """The basis-dependent rights that processing on any of ``bases`` gives, in page order.

    Unknown basis codes, and values that are not codes at all, give nothing (the schema reports them).
    """
    given = set().union(*(RIGHTS_BY_BASIS.get(b, frozenset()) for b in bases if isinstance(b, str)))
    return tuple(r for r in BASIS_DEPENDENT_RIGHTS if r in given)


RIGHT_IRI: dict[str, str] = {
    "access": GDPR + "A15",
    "rectification": GDPR + "A16",
    "erasure": GDPR + "A17",
    "restriction": GDPR + "A18",
    "portability": GDPR + "A20",
    "objection": GDPR + "A21",
    "objection_direct_marketing": GDPR + "A21",  # Art. 21(2)-(3)
    "automated_decisions": GDPR + "A22",
    "withdraw_consent": GDPR + "A7-3",
    "complaint": GDPR + "A77",
}

# --- Art. 9(2): conditions for special categories -------------------------------------

SPECIAL_CONDITION_IRI: dict[str, str] = {
    key: GDPR + f"A9-2-{letter}"
    for key, letter in zip(
        ["explicit_consent", "employment_law", "vital_interests", "not_for_profit_body",
         "made_public", "legal_claims", "substantial_public_interest", "health_or_social_care",
         "public_health", "archiving_research_statistics"], "abcdefghij", strict=True)
}
"""Art. 9(2)(a)-(j), in the article's order."""

# --- Chapter V: transfers -------------------------------------------------------------

MECHANISM_IRI: dict[str, str] = {
    "adequacy": GDPR + "A45-3",
    "scc": GDPR + "A46-2-c",
    "bcr": GDPR + "A46-2-b",
    "code_of_conduct": GDPR + "A46-2-e",
    "certification": GDPR + "A46-2-f",
    # DPV has one term per Art. 49(1) point (A49-1-a ... g) and no term for
    # "a derogation" as such; the records do not say which point, so the
    # broader DPV class is the honest choice.
    "derogation": DPV + "DataTransferLegalBasis",
}
"""Art. 45 (adequacy), Art. 46-47 (safeguards), Art. 49 (derogations)."""

SAFEGUARD_MECHANISMS = frozenset({"scc", "bcr", "code_of_conduct", "certification"})
"""Mechanisms that are "appropriate safeguards" (Art. 46) or binding corporate rules
(Art. 47): Art. 13(1)(f) and 14(1)(f) then require telling the reader "the means by which
to obtain a copy of them or where they have been made available" (``safeguards``)."""

ADEQUATE_COUNTRIES = frozenset({
    "AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "US", "UY",
})
"""Third countries with an adequacy decision of the European Commission (Art. 45(3), and the
decisions under Art. 25(6) of Directive 95/46/EC that Art. 45(9) keeps in force), as the
Commission lists them (reviewed 15 January 2024 for the eleven older ones; Japan, the
Republic of Korea, the United Kingdom, and the United States through the EU-US Data Privacy
Framework, :data:`ADEQUACY_FRAMEWORK`). Canada's covers commercial organisations under
PIPEDA. The decisions are part of the EEA Agreement, so they cover transfers from Norway. A
decision adopted (or struck down) later is one line here; until then ``mechanism:
adequacy`` to any other country is an error, never a claim on the page."""


def has_adequacy_decision(country: Any) -> bool:
    """Whether the Commission has found ``country`` (ISO 3166-1 alpha-2) adequate
    (:data:`ADEQUATE_COUNTRIES`)."""
    return isinstance(country, str) and country in ADEQUATE_COUNTRIES

ADEQUACY_FRAMEWORK: dict[str, str] = {
    # Commission Implementing Decision (EU) 2023/1795 of 10 July 2023: adequate protection
    # for transfers to US organisations certified under the EU-US Data Privacy Framework
    # (Art. 45(3)); incorporated into the EEA Agreement, so it covers transfers from Norway.
    "US": "eu_us_dpf",
}
"""Third countries whose adequacy decision covers only organisations in a framework: a
transfer there under ``adequacy`` rests on that framework, which the page names (catalogue
``term.framework``). A ``certification`` (Art. 46(2)(f)) to such a country is most often a
mistake for the framework."""


def adequacy_framework(country: Any) -> str | None:
    """The framework id an adequacy transfer to ``country`` rests on (``US`` -> ``eu_us_dpf``)."""
    return ADEQUACY_FRAMEWORK.get(country) if isinstance(country, str) else None


EEA = frozenset(
    ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
     "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"]
)
"""EU member states (ISO 3166-1 alpha-2) plus Iceland, Liechtenstein and Norway (EEA Agreement):
a transfer to one of them is not a Chapter V transfer."""


def outside_eea(country: Any) -> bool:
    """Whether a country code names a third country (False for an open question or non-code)."""
    return isinstance(country, str) and country not in EEA


def countries(value: Any) -> tuple[str, ...]:
    """The confirmed country codes of a recipient's ``country``: one code (``"US"`` ->
    ``("US",)``) or a list of codes (``["NO", "US"]`` -> ``("NO", "US")``), in the record's
    order; ``()`` for an open question, a proposal or a value of the wrong shape (the
    schema reports that). Each country counts on its own for Chapter V (Art. 44): a
    recipient in Norway and the US transfers to the US."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(code for code in value if isinstance(code, str))
    return ()


# --- Art. 13(2)(e): must the data subject provide the data? ------------------------------

PROVISION_NEEDS: dict[str, tuple[str, ...]] = {
    # "required by contract" / "needed to enter into a contract" is true only for someone the
    # processing rests on a contract with (Art. 6(1)(b)); "required by law" only where a legal
    # obligation (Art. 6(1)(c)) or a public task set by law (Art. 6(1)(e), 6(3)) applies.
    "contractual": ("contract",),
    "contract_prerequisite": ("contract",),
    "statutory": ("legal_obligation", "public_task"),
    "voluntary": (),
}
"""Art. 13(2)(e): the bases (any one suffices) that must apply to a data subject before the
page may tell them a provision requirement; ``()`` means any basis."""


def provision_fits(requirement: Any, bases: Iterable[str]) -> bool:
    """Whether telling a reader on ``bases`` that providing the data is ``requirement`` is true."""
    needs = PROVISION_NEEDS.get(requirement) if isinstance(requirement, str) else None
    if needs is None:
        return True  # unknown requirement: the schema reports it
    return not needs or bool(set(needs) & set(bases))


# --- Retention set by law ---------------------------------------------------------------

STATUTORY_LIMITS = ("minimum", "maximum")
"""A statute either sets a period the data must be kept at least (e.g. bokføringsloven § 13:
accounting records) or a period after which it must be deleted at the latest (e.g. camera
footage); the page words the two differently."""


def statutory_limit(value: Any) -> str | None:
    """``minimum``/``maximum`` for a rule's ``statutory`` value; ``None`` when it does not say."""
    return value if value in STATUTORY_LIMITS else None


# --- other DPV terms ---------------------------------------------------------------------

SOURCE_IRI: dict[str, str] = {
    "data_subject": DPV + "DataSubjectDataSource",
    "third_party": DPV + "ThirdPartyDataSource",
    "public": DPV + "PublicDataSource",
    "controller": DPV + "DataControllerDataSource",
}
"""Where data comes from (Art. 13 when from the data subject, Art. 14 otherwise)."""

ROLE_IRI: dict[str, str] = {
    "processor": DPV + "DataProcessor",  # Art. 28
    "sub_processor": DPV + "DataSubProcessor",  # Art. 28(2), (4)
    "joint_controller": DPV + "JointDataControllers",  # Art. 26
    "independent_controller": DPV + "DataController",
    "public_authority": DPV + "Authority",
}
CONSENT_FREE_STORAGE = "strictly_necessary"
"""The one category of cookies and similar technologies that may be stored or read on a
reader's device without consent: what is strictly necessary for the service the reader asked
for (ekomloven § 3-15 second paragraph, LOV-2024-12-13-76, in force 1 January 2025;
ePrivacy Directive Art. 5(3)). The other categories (preferences, statistics, marketing:
``statement.schema.json`` ``technology.category``) need consent to the GDPR standard
(Art. 4(11), 7) before anything is stored or read."""


def storage_needs_consent(category: Any) -> bool:
    """Whether a confirmed category (a string) needs consent; False for an open one, which is
    an open question, not a finding."""
    return isinstance(category, str) and category != CONSENT_FREE_STORAGE


PROCESSOR_ROLES = ("processor", "sub_processor")

JOINT_CONTROLLER = "joint_controller"
"""The role of a recipient that determines purposes and means together with us (Art. 26(1)):
it needs the essence of the arrangement for readers (Art. 26(2)) and a contact point."""

CHILD_CONSENT_AGE = 13
"""Below this age a child's consent to an information society service offered directly to
the child needs a parent's consent or authorisation: GDPR Art. 8(1), which lets each state set
an age between 13 and 16; Norway set 13 (personopplysningsloven § 5)."""
CHILD_CONSENT_SOURCE = "personopplysningsloven § 5"
"""Roles that need a data processing agreement (Art. 28(3)).

A tuple, not a set: a damaged record's role may be a list, which a set cannot be asked about."""

CONTROLLER_IRI = DPV + "DataController"
DPO_IRI = DPV + "DataProtectionOfficer"
AUTHORITY_IRI = DPV + "DataProtectionAuthority"

IRI_TABLES: dict[str, dict[str, str]] = {
    "basis": BASIS_IRI,
    "special_condition": SPECIAL_CONDITION_IRI,
    "mechanism": MECHANISM_IRI,
    "source": SOURCE_IRI,
    "role": ROLE_IRI,
    "right": RIGHT_IRI,
}
"""Every coded term with a DPV IRI, by the catalogue section naming it."""


def iri(kind: str, code: Any) -> str:
    """The DPV IRI of ``code`` in ``kind`` (a key of :data:`IRI_TABLES`).

    Raises KeyError for an unknown code: a statement must never carry an empty IRI.
    """
    return IRI_TABLES[kind][code]


# --- open questions ------------------------------------------------------------------------

def is_open(value: Any) -> TypeGuard[dict[str, Any]]:
    """Whether a record value is an unconfirmed fact: ``{open_question: ..., owner: ...}``, or a
    proposal awaiting confirmation, ``{proposed: VALUE, open_question: ..., owner: ...}``."""
    return isinstance(value, dict) and "open_question" in value


def is_proposed(value: Any) -> TypeGuard[dict[str, Any]]:
    """Whether a record value is a proposal: an unconfirmed fact with a ``proposed`` value."""
    return is_open(value) and "proposed" in value


def is_confirmed(value: Any) -> bool:
    """Whether a record value is present and neither open nor proposed (``None`` is not)."""
    return value is not None and value != "" and not is_open(value)


def as_shown(value: Any) -> Any:
    """A record value as the outputs show it: a proposal's proposed value (marked there as
    a proposal), any other value as it is (an open question stays a mapping)."""
    return value["proposed"] if is_proposed(value) else value


def is_joint_controller(recipient: Any) -> bool:
    """Whether a recipient of the records is a joint controller, confirmed or proposed (an
    open role claims nothing). Only a joint controller's ``arrangement`` and ``contact`` are
    said to readers and in the Art. 30 record (GDPR Art. 26(1)-(2), Art. 30(1)(a))."""
    return isinstance(recipient, dict) and as_shown(recipient.get("role")) == JOINT_CONTROLLER
# --- Art. 6(3): the law behind a legal obligation or public task ---------------------------

def names_law_beyond_gdpr(statute: str) -> bool:
    """Whether ``statute`` names Union or Norwegian law other than the GDPR itself.

    Art. 6(3) GDPR: the basis for processing under Art. 6(1)(c) (legal obligation)
    and (e) (public task) "shall be laid down by Union law or Member State law";
    the GDPR article that admits such a basis (Art. 6, or an Art. 9 condition) is
    not that law. "bokføringsloven § 13", "forvaltningsloven", "Regulation (EU)
    2019/1150" and a GDPR article that itself imposes a duty ("personvernforordningen
    artikkel 12 til 22": answering rights requests) name a law; "artikkel 6.e",
    "GDPR art. 6 (1) c" and "personvernforordningen artikkel 6" do not. The
    phrases are data: ``gdpr_reference`` and ``law_name`` in ``phrases.toml``.
    """
    rest = phrases.pattern("gdpr_reference").sub(" ", statute[:phrases.LONGEST_TEXT])
    return bool(phrases.pattern("law_name").search(rest))
