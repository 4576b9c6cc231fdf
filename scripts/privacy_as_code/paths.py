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


def display_path(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def identity(path: Path) -> Path:
    """What a path refers to: absolute, every link followed (``Path.resolve``)."""
    return Path(os.path.realpath(path))


def is_inside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (resolved, links followed) lies inside ``folder`` (resolved)."""
    return identity(path).is_relative_to(identity(folder))
