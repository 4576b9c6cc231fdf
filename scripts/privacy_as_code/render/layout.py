"""Where every generated page lives: in docs/, in the built site, and which MkDocs config builds it.

The site has two sections, each its own MkDocs site with its own navigation
and search index, one config per language:

=================  =====================  ====================  =====================
section            pages in               served at             built by
=================  =====================  ====================  =====================
the statement      ``docs/nb``            ``/``                 ``mkdocs.yml``
                   ``docs/en``            ``/en/``              ``mkdocs.en.yml``
the editors' guide ``docs/guide/nb``      ``/guide/``           ``mkdocs.guide.yml``
                   ``docs/guide/en``      ``/guide/en/``        ``mkdocs.guide.en.yml``
=================  =====================  ====================  =====================

The guide is kept out of the statement's site so that a reader's search
("samtykke") finds the statement, never the rule catalogue. The main language
(the first of :func:`~privacy_as_code.i18n.languages`) sits at each section's
root, every other language under ``<lang>/``. Nothing here generates content:
the renderer writes plain Markdown into these folders and MkDocs only reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from privacy_as_code.i18n import languages


@dataclass(frozen=True)
class Section:
    """One part of the site with its own navigation and search index."""

    folder: str
    """``""`` for the statement, ``"guide"`` for the editors' guide (under docs/ and site/)."""
    pages: tuple[str, ...]
    """Its generated pages; the same file names in every language."""
    config: str
    """The main language's MkDocs config file; another language's inserts ``.<lang>``."""
    templates: str = ""
    """The template folder (under ``privacy_as_code/templates``) of its pages."""

    def docs(self, lang: str) -> str:
        """The language's folder under docs/: ``nb``, ``en``, ``guide/nb``, ``guide/en``."""
        return f"{self.folder}/{lang}" if self.folder else lang

    def served(self, lang: str) -> str:
        """The language's folder in the built site, relative to its root, ending in ``/``
        (``""`` for the statement in the main language; ``en/``, ``guide/``, ``guide/en/``)."""
        prefix = f"{self.folder}/" if self.folder else ""
        return prefix if lang == languages()[0] else f"{prefix}{lang}/"

    def config_file(self, lang: str) -> str:
        """``mkdocs.yml``, ``mkdocs.en.yml``, ``mkdocs.guide.yml``, ``mkdocs.guide.en.yml``."""
        stem = self.config.removesuffix(".yml")
        return self.config if lang == languages()[0] else f"{stem}.{lang}.yml"

    def site_root(self, lang: str) -> str:
        """The relative URL from this section's start page in ``lang`` to the site root
        (``""``, ``../``, ``../../``): where ``privacy.json`` is."""
        return "../" * self.served(lang).count("/")


SHARED_PAGE = "shared.md"
"""What several readers' situations share, written once (render/sharing.py); each situation's
page links to its part. A fixed name, so the navigation lists it."""
STATEMENT = Section("", ("index.md", "situations/index.md", SHARED_PAGE, "rights.md", "recipients.md",
                         "website.md", "contact.md", "changes.md"), "mkdocs.yml")
SITUATIONS = "situations"
"""The folder (under each language's docs and in the site) of the one page per readers'
situation (``statement.yaml`` ``audiences``), beside its short index ``situations/index.md``.
Those pages depend on the records, so the MkDocs configs list only the index in ``nav`` and
name the folder in ``not_in_nav``; the first layer and the index link to every page."""


def situation_page(audience_id: str) -> str:
    """The page of one readers' situation, the same file name in every language:
    ``job_applicants`` -> ``situations/job-applicants.md``."""
    return f"{SITUATIONS}/{re.sub(r'[^a-z0-9]+', '-', audience_id.lower()).strip('-')}.md"


def statement_pages(audience_ids: Iterable[str]) -> tuple[str, ...]:
    """Every page of the statement for these situations: :data:`STATEMENT`'s fixed pages,
    then one per situation (:func:`situation_page`), in the records' order."""
    return (*STATEMENT.pages, *(situation_page(a) for a in audience_ids))
GUIDE = Section("guide", ("index.md", "fields.md", "rules.md"), "mkdocs.guide.yml",
                templates="guide/")
SECTIONS = (STATEMENT, GUIDE)
"""In build order: the statement's main language first, because its build cleans site/."""


def config_files() -> list[str]:
    """Every MkDocs config, in build order (each section, each language)."""
    return [section.config_file(lang) for section in SECTIONS for lang in languages()]
