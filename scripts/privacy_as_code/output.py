"""The one way this tool writes a file: complete or not at all, with the user's umask.

Every file the tool writes (the pages in ``docs/``, the Art. 30 export, the
scaffold of ``privacy new activity``) goes through :func:`write_atomic` or
:func:`write_all`:

* the content goes to a temporary file in the target's own folder, is flushed
  to disk, and only then renamed over the target (``os.replace`` is atomic on
  one file system), so a reader, a full disk or a crash never leaves a
  half-written file at the target;
* the file gets the mode a plain ``open(..., "w")`` would give it (``0o666``
  minus the umask): ``tempfile.mkstemp`` alone creates ``0o600``, which made
  every page ``render`` rewrote unreadable to the web server's user;
* temporary files are named ``.<target name>.<random>.privacy-tmp``: a run that
  was killed (SIGKILL cannot be caught) leaves at most such a file, which MkDocs
  ignores (a dot-file), and which :func:`remove_stale_temps` clears on the next
  run.

Failures raise :class:`IOProblem`, whose text is ``cannot <do what> <path>:
<reason>``: the CLI prints it and exits 2.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from privacy_as_code.paths import display_path

TEMP_SUFFIX = ".privacy-tmp"
"""Every temporary file the tool creates ends in this, so leftovers are recognisable."""


class IOProblem(Exception):
    """A file or folder could not be read or written.

    ``action`` says what was attempted (``"write"``, ``"create the folder"``),
    ``path`` the file, ``reason`` why (the operating system's words). ``str()``
    gives ``cannot <action> <path>: <reason>``.
    """

    def __init__(self, action: str, path: Path | str, reason: str) -> None:
        self.action, self.reason = action, reason
        self.path = display_path(path) if isinstance(path, Path) else path
        super().__init__(f"cannot {action} {self.path}: {reason}")


def reason_of(exc: OSError) -> str:
    """The operating system's words for an error (``No space left on device``)."""
    return exc.strerror or str(exc)


def umask() -> int:
    """The process's file-creation mask (e.g. 0o022), read without changing it."""
    # os.umask can only be read by setting it; set it straight back.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _file_in_the_way(folder: Path) -> Path | None:
    """The nearest existing ancestor of ``folder`` (itself included) that is not a folder."""
    for candidate in (folder, *folder.parents):
        if candidate.exists() or candidate.is_symlink():
            return None if candidate.is_dir() else candidate
    return None


def _make_folder(folder: Path, target: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocker = _file_in_the_way(folder)
        if blocker is not None:
            raise IOProblem("write", target, f"{display_path(blocker)} is a file, not a folder") \
                from None
        raise IOProblem("create the folder", folder, reason_of(exc)) from None


def stage(target: Path, content: str | bytes) -> Path:
    """Write ``content`` to a new temporary file next to ``target``; return its path.

    Text is written as UTF-8 with ``\\n`` line ends. The file is flushed to
    disk and has the umask's mode. On failure nothing is left behind and
    :class:`IOProblem` is raised. :func:`commit` puts the file in place.
    """
    if target.is_dir():
        raise IOProblem("write", target, "it is a folder")
    _make_folder(target.parent, target)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX,
                                    dir=target.parent)
    except OSError as exc:
        raise IOProblem("write", target, reason_of(exc)) from None
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), 0o666 & ~umask())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise IOProblem("write", target, reason_of(exc)) from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def commit(temp: Path, target: Path) -> None:
    """Rename a staged file over ``target``; on failure remove it and raise :class:`IOProblem`."""
    try:
        os.replace(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise IOProblem("write", target, reason_of(exc)) from None
    except BaseException:  # Ctrl-C: leave no temporary file
        temp.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, content: str | bytes) -> None:
    """Replace ``target`` with ``content`` (str: UTF-8), atomically; raises :class:`IOProblem`."""
    commit(stage(target, content), target)


def create_atomic(target: Path, content: str | bytes) -> None:
    """Create ``target`` with ``content``, atomically, never replacing an existing file.

    Raises :class:`FileExistsError` when ``target`` exists (nothing written)
    and :class:`IOProblem` when it cannot be written (nothing left behind).
    """
    temp = stage(target, content)
    try:
        # A hard link fails when the target exists: create-if-absent in one step.
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise IOProblem("write", target, reason_of(exc)) from None
        # A file system without hard links: check, then rename (a tiny race).
        if target.exists() or target.is_symlink():
            raise FileExistsError(errno.EEXIST, "File exists", str(target)) from None
        commit(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def write_all(files: Mapping[Path, str | bytes]) -> None:
    """Write several files, all or none where the disk allows it.

    Every file is staged first; only when all are on disk are they renamed
    into place. A full disk, a read-only folder or a file where a folder
    should be is therefore found before any target changes (the renames
    themselves need no space). Raises :class:`IOProblem` naming the first
    file that could not be written.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, content in files.items():
            staged.append((stage(target, content), target))
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    for number, (temp, target) in enumerate(staged):
        try:
            commit(temp, target)
        except BaseException:
            for left, _ in staged[number:]:
                left.unlink(missing_ok=True)
            raise


def is_temp(path: Path) -> bool:
    """Whether ``path`` is a temporary file this tool creates (and may remove)."""
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)


def remove_stale_temps(folder: Path) -> list[Path]:
    """Delete temporary files an interrupted run left under ``folder``; returns them.

    Only names :func:`stage` creates are touched. Files that cannot be removed
    are left (the next write reports the real problem).
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for path in sorted(folder.rglob(f".*{TEMP_SUFFIX}")):
        if is_temp(path) and path.is_file() and not path.is_symlink():
            try:
                path.unlink()
            except OSError:
                continue
            removed.append(path)
    return removed
