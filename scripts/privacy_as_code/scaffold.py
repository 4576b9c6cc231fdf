"""``privacy new activity ID``: a new activity file that guides its editor.

The file has every required key, but in a shape ``privacy check`` rejects
with a message that says what to write and which GDPR article asks for it:
empty lists (``'purposes' is empty: every activity needs at least one
purpose (Art. 5(1)(b))``) and ``TODO`` where the answer is a text or a choice
(``name``, ``recipients``, ``automated_decisions``). Each unanswered required
field is exactly one problem, in ``privacy check`` and in the editor (nine in
VS Code's YAML extension; ``tests/test_lsp.py`` pins the count): optional parts
(``summary``) are only shown in comments, so they add no noise. The lists stay
``[]`` rather than ``TODO``: ``privacy check`` then says what the list needs and
which article asks for it, where ``TODO`` would also read as a reference to an
unknown key (the editor says "Array has too few items": yaml-language-server
has no custom message for ``minItems``). Placeholders that passed
the check (a plausible default such as ``automated_decisions: none``) would
let an unanswered question reach the public page, so there are none; the one
exception is ``transfers``, written as an open question: that is the honest
answer until the vendors are known, and ``--strict`` still stops publishing.
Comments in the file show the shape of each entry, and
``records/activities/recruitment.yaml`` is a complete example.
"""

from __future__ import annotations

from pathlib import Path

from privacy_as_code.output import create_atomic, remove_stale_temps
from privacy_as_code.paths import display_path
from privacy_as_code.project import ACTIVITY_ID

TEMPLATE = """\
# yaml-language-server: $schema=../../schemas/activity.schema.json
#
# Processing activity '{id}' (created by `privacy new activity {id}`).
# `privacy check` fails until every part below is filled in: each finding
# names the line and what is missing. Write a fact nobody has confirmed yet as
#   {{open_question: "What must be confirmed", owner: CTO}}
# instead of a guess. A complete example: records/activities/recruitment.yaml.
# Then list '{id}' under an audience in records/statement.yaml.

# The name readers see, in Norwegian Bokmål and English:
#   name: {{nb: Jobbmesse, en: Job fair}}
name: TODO
# Optional: one or two plain sentences on what happens, in both languages:
#   summary: {{nb: "...", en: "..."}}

# Whose data (keys under data_subjects in records/vocabulary.yaml), Art. 30(1)(c).
data_subjects: []
# Which data (keys under data_categories in records/vocabulary.yaml), Art. 30(1)(c).
data_categories: []

# Why, concretely (Art. 5(1)(b)). One entry per purpose:
#   - id: send_newsletter
#     text: {{nb: "Sende deg nyhetsbrevet på e-post.", en: "Send you the newsletter by e-mail."}}
purposes: []

# The lawful basis under Art. 6(1) for every purpose: consent, contract,
# legal_obligation, vital_interests, public_task or legitimate_interests.
#   - basis: consent
#     purposes: [send_newsletter]
#     withdrawal: {{nb: "...", en: "..."}}     # consent: how to withdraw
#   - basis: legal_obligation
#     statute: "bokføringsloven § 13"         # legal obligation: the statute
#   - basis: legitimate_interests
#     interest: {{nb: "...", en: "..."}}       # and a balancing test under internal:
legal_basis: []

# How long, from which event (keys under retention_events in vocabulary.yaml),
# and what then happens. "As long as necessary" is not a rule (Art. 5(1)(e)).
#   - period: P6M          # ISO 8601: P6M = 6 months, P5Y = 5 years, P0D = immediately
#     from: recruitment_closed
#     then: delete         # or anonymise
retention: []

# Where the data comes from: data_subject, third_party, public or controller.
# A source other than the data subject needs a description (Art. 14).
#   - kind: data_subject
sources: []

# Keys from records/recipients.yaml, e.g. [email_office_suite_provider],
# or `none` when nobody outside the company receives the data (Art. 13(1)(e)).
recipients: TODO

# Transfers outside the EEA: `none`, or a list of
#   - {{recipient: ..., country: US, mechanism: adequacy}}
transfers:
  open_question: "Are these data transferred outside the EEA? It depends on where the recipients store and access them."
  owner: CTO

# `none`, or a description with logic and significance (Art. 22, 13(2)(f)).
automated_decisions: TODO

# Never published; exported to the Art. 30 record (privacy export ropa).
internal:
  # Art. 30(1)(g): a general description of the security measures, one per line.
  security_measures: []
  # dpia: {{required: false, reference: "..."}}
  # owner: "CTO"
"""


class ScaffoldError(Exception):
    """The activity cannot be created (bad id, or the file exists)."""


def activity_path(root: Path, activity_id: str) -> Path:
    return root / "records" / "activities" / f"{activity_id}.yaml"


def new_activity(root: Path, activity_id: str) -> Path:
    """Create ``records/activities/<id>.yaml`` from :data:`TEMPLATE`; never overwrite.

    Returns the new file's path. Raises :class:`ScaffoldError` for a bad id, a
    missing folder or an existing file, and
    :class:`~privacy_as_code.output.IOProblem` when the file cannot be written
    (a full disk): the file is written atomically, so a failure leaves no
    empty record behind to block the next attempt.
    """
    if not ACTIVITY_ID.fullmatch(activity_id) or len(activity_id) > 64:
        raise ScaffoldError(f"{activity_id!r} is not a valid activity id: use lower-case letters, "
                            "digits, - and _, starting with a letter (e.g. newsletter, job-fair)")
    path = activity_path(root, activity_id)
    if not path.parent.is_dir():
        raise ScaffoldError(f"{display_path(path.parent)} does not exist "
                            "(use --root to point at the project)")
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{display_path(path)} already exists; edit it, or choose another id")
    remove_stale_temps(path.parent)  # what an interrupted 'privacy new' may have left
    try:
        create_atomic(path, TEMPLATE.format(id=activity_id))
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} already exists; edit it, or choose another id") \
            from None
    return path
