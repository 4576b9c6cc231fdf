"""The one list of record kinds: what files a project holds, and which schema checks each.

Every module that needs to know the record files (the loader of a project, the
schema set, the editors' guide, ``privacy diff``, the tests) reads
:data:`KINDS`; nothing else lists them. This module imports nothing from the
package, so any module may import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordKind:
    """One kind of record file.

    ``name`` is the kind's key (``"activity"``), ``schema`` the schema file's
    name in ``schemas/``, ``record`` where such a record lives, as an editor
    reads it (``records/activities/<id>.yaml``), and ``single`` whether the
    project holds exactly one file of this kind (``records/<name>.yaml``).
    """

    name: str
    schema: str
    record: str
    single: bool


ACTIVITY = RecordKind("activity", "activity.schema.json", "records/activities/<id>.yaml", False)

KINDS: tuple[RecordKind, ...] = (
    ACTIVITY,
    RecordKind("organisation", "organisation.schema.json", "records/organisation.yaml", True),
    RecordKind("statement", "statement.schema.json", "records/statement.yaml", True),
    RecordKind("recipients", "recipients.schema.json", "records/recipients.yaml", True),
    RecordKind("vocabulary", "vocabulary.schema.json", "records/vocabulary.yaml", True),
)
"""Every record kind, in the order the editors' guide explains them."""

SINGLE_FILES: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.single)
"""The kinds stored as one file each, ``records/<name>.yaml``, in :data:`KINDS` order."""

SCHEMA_FILES: dict[str, str] = {kind.name: kind.schema for kind in KINDS}
"""Kind name -> schema file name."""

ACTIVITIES_DIR = "activities"
"""The folder under ``records/`` holding one file per processing activity."""
