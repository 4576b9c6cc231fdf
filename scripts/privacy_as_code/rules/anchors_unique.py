"""Keys that become links on the same page stay different there.

The public pages link to each recipient, to each readers' situation's own page
and to each activity on it by an anchor made from the keys: lower case, and
every run of characters other than letters and digits becomes ``-``. Two keys
that differ only in those characters (``crm_provider`` and ``crm-provider``;
audiences ``job_applicants`` and ``job-applicants``, whose pages would be one
file; two activities of one audience) would get the same anchor, and a link to
the second would land on the first. Each key
involved is reported at its line, naming the others.

Why: the information must be given in an intelligible and easily accessible
form (GDPR Art. 12(1)); a link that shows another recipient or activity than
the one it names misinforms the reader about Art. 13(1)(e) recipients and
Art. 13(1)(c) purposes.

Passing::

    recipients:
      crm_provider: {...}
      mail_service: {...}

Failing::

    recipients:
      crm_provider: {...}
      crm-provider: {...}    # both become #crm-provider on the recipients page
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_as_code.findings import Finding, Listing, Message
from privacy_as_code.loader import LoadedYaml
from privacy_as_code.project import Project
from privacy_as_code.render.markdown import anchor
from privacy_as_code.rules._base import JsonPath, finding, items

ID = "anchors-unique"

Source = tuple[LoadedYaml, JsonPath, bool, tuple[str, tuple[tuple[str, str], ...]]]
"""Where a key is written (document, path, whether the path ends at a mapping key) and how
it reads in a message: the key of ``[messages.anchors-unique]`` and its arguments (made a
:class:`Message` only for keys that collide: a statement lists every activity)."""


def _anchors(project: Project) -> dict[tuple[str, str, str], list[Source]]:
    """``(kind of page, which page of that kind, anchor) -> the keys that produce it``, in file
    order. The kind words the message ("recipients", "situations"); each situation has a page of
    its own, so an activity's anchor counts within its situation only."""
    found: dict[tuple[str, str, str], list[Source]] = {}
    for rid in project.mapping("recipients", "recipients"):
        found.setdefault(("recipients", "", anchor(rid)), []).append(
            (project.recipients, ("recipients", rid), True, ("recipient", (("id", rid),))))
    statement = project.statement.data if isinstance(project.statement.data, dict) else {}
    for index, audience in items(statement.get("audiences")):
        aid = audience.get("id")
        if not isinstance(aid, str):
            continue
        found.setdefault(("situations", "", anchor(aid)), []).append(
            (project.statement, ("audiences", index, "id"), False, ("audience", (("id", aid),))))
        activities = audience.get("activities")
        page = anchor(aid)
        for position, activity in enumerate(activities if isinstance(activities, list) else []):
            if not isinstance(activity, str):
                continue  # the schema reports it
            # Each situation has its own page (render.layout.situation_page), where each
            # activity's section is the activity's own anchor.
            found.setdefault(("situations", page, anchor(activity)), []).append(
                (project.statement, ("audiences", index, "activities", position), False,
                 ("activity", (("id", activity), ("audience", aid)))))
    return found


def _label(written: tuple[str, tuple[tuple[str, str], ...]]) -> Message:
    key, args = written
    return Message.of(f"anchors-unique.{key}", **dict(args))


def check(project: Project) -> Iterator[Finding]:
    for (page, _, name), sources in _anchors(project).items():
        if len({written for *_, written in sources}) < 2:
            continue
        for doc, path, at_key, written in sources:
            others = []
            for other_doc, other_path, other_at_key, other_written in sources:
                if other_written == written:
                    continue
                line = (other_doc.key_position(other_path) if other_at_key
                        else other_doc.position(other_path))[0]
                others.append(Message.of("anchors-unique.other", label=_label(other_written),
                                         line=line))
            yield finding(doc, path, ID, "same-link", at_key=at_key, label=_label(written),
                          others=Listing(tuple(others), "and"), name=name,
                          page=Message.of(f"anchors-unique.page-{page}"))
