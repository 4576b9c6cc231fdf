"""The rules the loader and the schemas enforce, documented like the rule modules.

``privacy check`` reports YAML and schema problems under these rule ids
(:mod:`privacy_as_code.loader`, :mod:`privacy_as_code.schemas`). They have no
``check`` of their own, but editors meet them most often, so the rule catalogue
of the editors' guide lists them beside the legal rules: each :class:`Documented`
has the same docstring form as a rule module (what, why, a passing and a failing
example), rendered by :func:`privacy_as_code.render.guide.rules_context`.
``tests/test_messages.py`` loads every failing example and proves it gives its
rule, and every passing example that it does not.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Documented:
    """A rule id with a rule module's docstring (``__doc__``), for the catalogue."""

    ID: str
    __doc__: str
    kind: str = ""
    """The record kind a schema rule's examples are validated as (``""``: YAML only)."""


YAML_SYNTAX = Documented("yaml-syntax", """The file is YAML the tool can read.

Each finding names the cause at its line: a curly quote pasted from a word
processor (“ ” ‘ ’) where YAML needs a straight quote, a quote inside a quoted
text, a line indented deeper or shallower than the lines it belongs with (it
says which line to line up with), ': ' inside an unquoted text, a quote that
is never closed, a tab used as indentation.

Why: a file that cannot be read cannot be checked or published (Art. 5(2),
accountability).

Passing::

    name:
      nb: "Vi sier «hei» til deg"
      en: We say ’hello’ to you

Failing::

    name:
      nb: "Vi sier "hei" til deg"
      en: We say hello to you
""")

YAML_COMMENT = Documented("yaml-comment", """Text after ' #' in an unquoted value is not silently lost.

YAML reads ' #' and what follows as a comment, so the value ends before it.
When that looks like part of the text (``#1``, or any comment after a
reader-facing ``nb``/``en`` text) the warning names what was dropped.

Why: the public page must say what the records say (Art. 12(1)).

Passing::

    name:
      en: "Camera at entrance #1 and #2"
      nb: Kamera ved inngang 1 og 2

Failing::

    name:
      en: Camera at entrance #1 and #2
      nb: Kamera ved inngang 1 og 2
""")

YAML_DUPLICATE_KEY = Documented("yaml-duplicate-key", """A key appears only once in a mapping.

Most YAML readers silently keep the last of two equal keys; the check reports
both lines.

Why: a reviewer reading the first value would approve what is not published
(Art. 5(2)).

Passing::

    name:
      nb: Nyhetsbrev
      en: Newsletter

Failing::

    name:
      nb: Nyhetsbrev
      nb: Informasjonsskriv
      en: Newsletter
""")

YAML_CHARACTER = Documented("yaml-character", """No characters that make reviewers and readers see different things.

Control characters, invisible format characters (zero-width spaces, bidi
controls), Unicode line separators, and non-breaking spaces used as indentation,
after a key's ':' or inside a key (pasted from a word processor). In running
text a non-breaking space is fine.

Why: what is reviewed must be what is published (Art. 5(2), 12(1)).

Passing::

    name:
      nb: Nyhetsbrev
      en: Newsletter

Failing::

    name:
      nb: "Nyhets\\u200bbrev"
      en: Newsletter
""")

YAML_ALIAS = Documented("yaml-alias", """No anchors and aliases (``&name``, ``*name``).

Why: an alias copies a value written once (an internal note) into another place
(a published text) where no reviewer sees it written (Art. 5(2)); nested
aliases also grow exponentially.

Passing::

    summary:
      nb: Vi sender nyhetsbrev
      en: We send newsletters

Failing::

    summary: &text
      nb: Vi sender nyhetsbrev
      en: We send newsletters
    name: *text
""")

YAML_VERSION = Documented("yaml-version", """Records are read as YAML 1.2, as editors read them.

A ``%YAML 1.1`` directive would make ``no`` (Norway's country code) false and
``010`` eight; it is reported, not obeyed.

Why: the check and the editor must read the same values.

Passing::

    name:
      nb: Nyhetsbrev
      en: Newsletter

Failing::

    %YAML 1.1
    ---
    name:
      nb: Nyhetsbrev
      en: Newsletter
""")

YAML_TAG = Documented("yaml-tag", """No YAML tags (``!!python/object``, ``!custom``).

Why: records hold plain text, numbers, lists and mappings; a tag could ask a
YAML reader to build objects or run code.

Passing::

    version: "2.1"

Failing::

    version: !custom 2.1
""")

YAML_STRUCTURE = Documented("yaml-structure", """A record file holds one mapping of keys.

Not a list, not a single value, not several documents separated by ``---``.

Why: every record kind is a set of named fields (Art. 30(1)).

Passing::

    name:
      nb: Nyhetsbrev
      en: Newsletter

Failing::

    - name
    - purposes
""")

YAML_EMPTY = Documented("yaml-empty", """A record file is not empty.

Why: an empty file records nothing, and its activity would silently disappear
from the statement (Art. 30(1)).

Passing::

    name:
      nb: Nyhetsbrev
      en: Newsletter

Failing::

    # nothing yet
""")

UNKNOWN_KEY = Documented("unknown-key", """Every key is one the schema knows, spelled as it is.

A misspelled key would be ignored by every output; the finding suggests the
closest known key, or lists them.

Why: a fact written under a wrong key is a fact never published (Art. 12(1)).

Passing::

    name:
      nb: Nyhetsbrev
      en: Newsletter

Failing::

    name:
      nb: Nyhetsbrev
      en: Newsletter
    purpsoes: []
""", kind="activity")

SCHEMA = Documented("schema", """Every value has the form its field asks for.

Codes are written as codes (``consent``, not ``samtykke``: the finding names
the code for a term of the wording catalogue, in Norwegian or English), dates
as ``2026-12-01`` (not ``01.12.2026``), true and false as ``true`` and
``false`` (not ``ja``), version numbers in quotes (``"2.1"``). The field is
named in words (Overføringer › 2. oppføring › Land).

Why: the page, the Art. 30 record and privacy.json read the codes, not the words
(Art. 30(1), 13).

Passing::

    effective_date: "2026-12-01"

Failing::

    effective_date: 01.12.2026
""", kind="statement")

DOCUMENTED: tuple[Documented, ...] = (
    YAML_SYNTAX, YAML_COMMENT, YAML_DUPLICATE_KEY, YAML_CHARACTER, YAML_ALIAS, YAML_VERSION,
    YAML_TAG, YAML_STRUCTURE, YAML_EMPTY, UNKNOWN_KEY, SCHEMA,
)
"""Every loader and schema rule in the catalogue, in the order the loader meets them."""
