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
``records/activities/recruitment.yaml`` is a complete example. The file (its
comments and the open question's wording) is the ``[scaffold] activity`` text of
the message catalogue of the language asked for (``--lang``, else ``PRIVACY_LANG``,
else English); its YAML is the same in every language.
"""

from __future__ import annotations

from pathlib import Path

from privacy_as_code.i18n import Words, words
from privacy_as_code.output import create_atomic, remove_stale_temps
from privacy_as_code.paths import display_path
from privacy_as_code.project import ACTIVITY_ID


class ScaffoldError(Exception):
    """The activity cannot be created (bad id, or the file exists)."""


def activity_path(root: Path, activity_id: str) -> Path:
    return root / "records" / "activities" / f"{activity_id}.yaml"


def template(catalogue: Words) -> str:
    """The new activity file's text in ``catalogue``'s language, with ``{id}`` to fill in."""
    return str(catalogue.data["scaffold"]["activity"])


def new_activity(root: Path, activity_id: str, catalogue: Words | None = None) -> Path:
    """Create ``records/activities/<id>.yaml`` from :func:`template` in ``catalogue``'s
    language (default English); never overwrite.

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
        create_atomic(path, template(catalogue or words("en")).format(id=activity_id))
    except FileExistsError:
        raise ScaffoldError(f"{display_path(path)} already exists; edit it, or choose another id") \
            from None
    return path
