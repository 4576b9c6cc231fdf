"""Text that several readers' situations share, found once so the pages write it once (issue 11).

An activity can concern readers in several situations (accounting concerns client contacts,
supplier contacts, subcontractors and their employees). Written out on each situation's page,
the same paragraphs stood there four times. Here each item an activity tells its readers (a
purpose with its bases, a data category, a retention rule, a source, a "must you provide"
statement, a summary written to some of its data subjects) is grouped by the situations it
is told to:

- told to one situation only: it stays on that situation's page;
- told to two or more: it is written once, on the shared page (``shared.md``), under the
  group of situations it applies to; each of those situation pages says in one line what
  the activity is and how long the data is kept, and links there.

The activity's own facts that do not depend on the reader (recipients, transfers,
automated decisions, profiling) go with the group of every situation it concerns.
Nothing is dropped: for every situation, its own items and those of the groups it belongs to
are together exactly its :class:`~privacy_as_code.public.Part` (tests/test_shared_text.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from privacy_as_code import law
from privacy_as_code.public import Audience, Part

ITEMS = ("purposes", "categories", "retention", "sources", "provisions", "summaries")
"""The fields of a :class:`Part` that hold one item each per thing told to the reader."""


@dataclass(frozen=True)
class Group:
    """Items of one activity told to the same two or more situations."""

    audiences: tuple[str, ...]
    """The situations (audience ids, in the records' order) these items are told to."""
    part: Part
    """Those items, as a part of the activity (its bases and rights follow from its purposes)."""
    everyone: bool
    """Whether the group is every situation the activity concerns (then it also carries the
    activity's own facts that do not depend on the reader)."""


@dataclass(frozen=True)
class Shared:
    """One activity that several situations share: what is written once, and what is not."""

    activity: str
    audiences: tuple[str, ...]
    """Every situation the activity concerns, in the records' order."""
    groups: tuple[Group, ...]
    """The shared items by group of situations: every situation first, then the others in
    the order their first member comes; a group without items is left out (except the first,
    which carries the activity's own facts)."""
    own: dict[str, Part]
    """Per situation, the items told to it alone (what its page still writes out)."""


def _part(template: Part, items: dict[str, list[Any]]) -> Part:
    """``template`` with only ``items``; its bases and rights recomputed from those purposes."""
    purposes = tuple(items["purposes"])
    codes = tuple(dict.fromkeys(e["basis"] for p in purposes for e in p.bases
                                if isinstance(e.get("basis"), str)))
    return replace(template, purposes=purposes, bases=codes, rights=law.rights_of(codes),
                   categories=tuple(items["categories"]), retention=tuple(items["retention"]),
                   sources=tuple(items["sources"]), provisions=tuple(items["provisions"]),
                   summaries=tuple(items["summaries"]))


def _members(item: Any, parts: dict[str, Part], field: str) -> tuple[str, ...]:
    return tuple(aid for aid, part in parts.items() if item in getattr(part, field))


def shared_activities(audiences: Sequence[Audience]) -> dict[str, Shared]:
    """Each activity told to two or more situations, by activity id (in the order it first
    appears), with its items grouped as the module docstring says.

    Items are compared by value: the same purpose with the same bases, the same retention rule,
    the same source. An item told to several situations with a difference (another basis for
    one of them) is a different item, so each keeps its own."""
    concerned: dict[str, dict[str, Part]] = {}
    for audience in audiences:
        for part in audience.parts:
            concerned.setdefault(part.activity, {})[audience.id] = part
    result: dict[str, Shared] = {}
    for activity, parts in concerned.items():
        if len(parts) < 2:
            continue
        everyone = tuple(parts)
        by_group: dict[tuple[str, ...], dict[str, list[Any]]] = {everyone: {f: [] for f in ITEMS}}
        own: dict[str, dict[str, list[Any]]] = {aid: {f: [] for f in ITEMS} for aid in parts}
        for field in ITEMS:
            seen: list[Any] = []
            for part in parts.values():
                for item in getattr(part, field):
                    if item in seen:
                        continue
                    seen.append(item)
                    members = _members(item, parts, field)
                    if len(members) == 1:
                        own[members[0]][field].append(item)
                    else:
                        by_group.setdefault(members, {f: [] for f in ITEMS})[field].append(item)
        first = next(iter(parts.values()))
        groups = tuple(Group(members, _part(first, items), members == everyone)
                       for members, items in _ordered(by_group, everyone)
                       if members == everyone or any(items.values()))
        result[activity] = Shared(activity, everyone, groups,
                                  {aid: _part(parts[aid], own[aid]) for aid in parts})
    return result


def _ordered(groups: dict[tuple[str, ...], dict[str, list[Any]]],
             everyone: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], dict[str, list[Any]]]]:
    """Every situation's group first, then the others by their first member's place."""
    return sorted(groups.items(), key=lambda kv: (kv[0] != everyone, [everyone.index(a) for a in kv[0]]))
