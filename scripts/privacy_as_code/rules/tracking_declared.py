"""Cookies and pixels an activity uses are declared on a website, and the other way round.

An activity names the technologies it uses in ``tracking``, as
``website-id/name`` from ``statement.yaml`` ``websites`` (for example
``main_site/_ga``), or as an open question while the website has not been
surveyed. This rule reports:

- a ``tracking`` entry that names no declared technology (no such website, the
  website's ``storage`` is still an open question, or no such name on it);
- an activity that mentions cookies, pixels or similar technology and has no
  ``tracking``. Where a mention counts: the activity's purposes, its sources'
  descriptions and the labels of its data categories (what it does and what it
  collects). Its name and summary do not count: they may rightly say that
  something is *not* used ("the website uses no cookies"). The words are the
  ``tracking_mention`` section of ``phrases.toml``;
- a declared technology that no activity names in ``tracking``: what it
  collects is processed for some purpose, on some basis, which the statement
  must say.

Why: ekomloven § 3-15 (the website part) and GDPR Art. 13(1)(c) and 30(1)(b)-(c)
(the processing part: purpose and categories of data) describe the same
tracking; the two declarations must agree, or the statement says less than the
website does.

Passing::

    # statement.yaml: websites: [{id: main_site, ..., storage: [{name: _ga, ...}]}]
    # activities/web_analytics.yaml
    purposes:
      - id: measure
        text: {nb: Måle bruken av nettstedet med informasjonskapsler.,
               en: Measure the use of the website with cookies.}
    tracking: [main_site/_ga]

Failing::

    purposes:
      - id: measure
        text: {nb: Måle bruken av nettstedet med informasjonskapsler.,   # which ones?
               en: Measure the use of the website with cookies.}
    # no tracking
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from privacy_as_code import phrases
from privacy_as_code.findings import Finding
from privacy_as_code.law import is_open
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.rules._base import JsonPath, activities, finding, items, quoted, strings
from privacy_as_code.rules.plain_text import has_markup
from privacy_as_code.rules.website_storage import websites

ID = "tracking-declared"


def _declared(project: Project) -> dict[str, set[str] | None]:
    """Per website id, the names of its declared technologies; None while ``storage`` is open."""
    declared: dict[str, set[str] | None] = {}
    for _, site in websites(project):
        site_id, storage = site.get("id"), site.get("storage")
        if isinstance(site_id, str) and site_id not in declared:  # a second one is website-storage's finding
            declared[site_id] = ({t["name"] for _, t in items(storage) if isinstance(t.get("name"), str)}
                                 if isinstance(storage, list) else None)
    return declared


def _unnamed(project: Project) -> set[str]:
    """The websites with a technology whose name is an open question (or proposed): a
    ``tracking`` entry naming something else there may mean it, so it gets no verdict."""
    return {site["id"] for _, site in websites(project) if isinstance(site.get("id"), str)
            for _, tech in items(site.get("storage")) if is_open(tech.get("name"))}


def _texts(value: Any) -> list[str]:
    """The language versions of a ``{nb, en}`` text; nothing for anything else."""
    return [v for v in value.values() if isinstance(v, str)] if isinstance(value, dict) else []


def _mention(project: Project, activity: dict[str, Any]) -> tuple[JsonPath, str] | None:
    """Where the activity first mentions tracking technology, and the words; or None."""
    places: list[tuple[JsonPath, Any]] = [
        (("purposes", i, "text"), p.get("text")) for i, p in items(activity.get("purposes"))]
    places += [(("sources", i, "description"), s.get("description"))
               for i, s in items(activity.get("sources"))]
    labels = project.mapping("vocabulary", "data_categories")
    for i, category in enumerate(activity.get("data_categories") or []
                                 if isinstance(activity.get("data_categories"), list) else []):
        entry = labels.get(category) if isinstance(category, str) else None
        places.append((("data_categories", i), entry.get("label") if isinstance(entry, dict) else None))
    for path, text in places:
        for version in _texts(text):
            if not phrases.has_cue("tracking_mention", version):
                continue  # the cheap test first: most texts name no technology at all
            if has_markup(version):
                continue  # markup ("![pixel](...)") is plain-text's finding, not a mention
            match = phrases.search("tracking_mention", version)
            if match:
                return path, match.group(0)
    return None


def _references(activity: dict[str, Any]) -> list[str]:
    """The activity's ``tracking`` entries (``<website id>/<technology name>``)."""
    tracking = activity.get("tracking")
    return strings(tracking) if isinstance(tracking, list) else []


def check(project: Project) -> Iterator[Finding]:
    """Findings about every file of ``project``."""
    return check_documents(project, project.documents)


def check_documents(project: Project, documents: Iterable[LoadedYaml]) -> Iterator[Finding]:
    """Findings about ``documents`` (files of ``project``) only: each activity against the
    statement's websites (so this runs where the activity is loaded), and the statement's
    technologies against every activity of the project."""
    documents = list(documents)
    declared = _declared(project)
    for activity_id, doc, activity in activities(project, documents):
        for position, ref in enumerate(_references(activity)):
            site_id, _, name = ref.partition("/")
            names = declared.get(site_id, set())
            if site_id not in declared:
                problem = "no-site"
            elif names is None:
                problem = "storage-open"
            elif name not in names and site_id not in _unnamed(project):
                problem = "not-declared"
            elif name not in names:
                continue  # a technology there has no confirmed name yet: it may be this one
            else:
                continue
            yield finding(doc, ("tracking", position), ID, problem, ref=ref, site=site_id, name=name)
        if activity.get("tracking") is None:
            mention = _mention(project, activity)
            if mention:
                path, words = mention
                yield finding(doc, path, ID, "mention", activity=activity_id, words=quoted(words))
    statement = project.statement
    if not any(doc is statement for doc in documents):
        return
    used = {(site_id, name) for _, _, activity in activities(project)
            for site_id, _, name in (ref.partition("/") for ref in _references(activity))}
    for index, site in websites(project):
        site_key = site.get("id")
        for position, tech in items(site.get("storage")):
            tech_name = tech.get("name")
            if isinstance(site_key, str) and isinstance(tech_name, str) and (site_key, tech_name) not in used:
                yield finding(statement, ("websites", index, "storage", position), ID, "unused",
                              site=site_key, name=tech_name)
