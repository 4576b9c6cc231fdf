"""Paths as a user sees them, and whether a path belongs to a project.

Findings name files the way a user would type them (relative to the working
directory), but the tool itself compares files by what they *are*: resolved
paths, so that ``nl.yaml`` (a link to a record), ``./records/x.yaml`` and
``/abs/project/records/x.yaml`` are all the same record, and a file outside the
project is never taken for one of its records.
"""

from __future__ import annotations

import os
from pathlib import Path


def display_path(path: Path | str) -> str:
    """The path as a user would type it: relative to the working directory when inside
    it (``records/statement.yaml``), else absolute (``/tmp/ropa.xlsx``, which a reader
    finds more easily than ``../../../tmp/ropa.xlsx``).

    A relative path that does not climb out is shown as written, tidied (``./a/../b``
    -> ``b``), without asking the system for the working directory: every finding
    and every file of a large check is named this way (make bench).
    """
    text = os.fspath(path)
    if not os.path.isabs(text):
        shown = os.path.normpath(text)
        if not _climbs(shown):
            return shown
    absolute = os.path.abspath(text)
    try:
        shown = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if _climbs(shown) else shown


def _climbs(relative: str) -> bool:
    return relative == os.pardir or relative.startswith(os.pardir + os.sep)


def identity(path: Path) -> Path:
    """What a path refers to: absolute, every link followed (``Path.resolve``)."""
    return Path(os.path.realpath(path))


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (resolved, links followed) lies inside ``folder`` (resolved)."""
    return identity(path).is_relative_to(identity(folder))
