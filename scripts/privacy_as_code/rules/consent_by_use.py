"""Using a service, or leaving the browser's settings alone, is not consent.

Two kinds of text are reported:

- consent that is nothing but using the website or service, anywhere in the
  public records: "ved å bruke nettstedet samtykker du", "ved fortsatt bruk
  godtar du", "by using our website you consent", "continued use constitutes
  acceptance", "if you continue we assume you are happy with it";
- browser settings offered as the consent, or as the way to withdraw it, in a
  ``basis: consent`` entry (its ``explanation`` or ``withdrawal``) or in any
  field about consent ("du kan slå av informasjonskapsler i nettleseren din",
  "you can turn cookies off in your browser").

The phrases (Norwegian and English) are data: ``consent_by_use`` and
``consent_browser`` in ``phrases.toml``. Private fields (``internal``,
``open_questions``, an open question's wording) may quote such text.

Why: consent must be a freely given, specific, informed and unambiguous
indication by a clear affirmative act (GDPR Art. 4(11), recital 32: silence
or inactivity is not consent); making a service conditional on consent it
does not need is not freely given (Art. 7(4), recital 43); withdrawing must be
as easy as giving (Art. 7(3)). Cookies that are not strictly necessary need
consent given the same way (ekomloven § 3-15; CJEU C-673/17 Planet49).

Passing::

    legal_basis:
      - basis: consent
        explanation: {nb: Du krysser av for nyhetsbrevet når du melder deg på., en: ...}
        withdrawal: {nb: Klikk «Meld av» i hvert nyhetsbrev., en: ...}

Failing::

    legal_basis:
      - basis: consent
        explanation: {nb: Ved å bruke nettstedet samtykker du til dette., en: ...}
        withdrawal: {nb: Du kan slå av informasjonskapsler i nettleseren din., en: ...}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from privacy_as_code import phrases
from privacy_as_code.findings import Finding
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import JsonPath, Published, bases, finding, quoted, text_values

ID = "consent-by-use"


def _about_consent(path: JsonPath) -> bool:
    return any(isinstance(step, str) and "consent" in step for step in path)


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only."""
    activity_docs = {id(doc) for doc in project.activities.values()}
    published = Published(project)
    sections = ("consent_by_use", "consent_browser")
    for doc in documents:
        # Every phrase is several words: keys, codes and names are left out cheaply.
        values = [(path, value) for path, value in text_values(doc) if " " in value]
        cued = phrases.texts_with_cue(sections, [value for _, value in values])
        if not cued:
            continue  # no text holds the words any phrase needs (most files: make bench)
        consent_entries: set[JsonPath] = set()
        if id(doc) in activity_docs and isinstance(doc.data, dict):
            consent_entries = {("legal_basis", index) for index, entry in bases(doc.data)
                               if entry.get("basis") == "consent"}
        for path, value in (values[i] for i in cued):
            if phrases.search("consent_by_use", value) and published(doc, path):
                yield finding(doc, path, ID, "by-use", text=quoted(value))
            elif (phrases.search("consent_browser", value)
                  and (path[:2] in consent_entries or _about_consent(path)) and published(doc, path)):
                yield finding(doc, path, ID, "browser", text=quoted(value))
