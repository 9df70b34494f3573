"""Files and folders that keep a group's records: whole, private, and never written over.

No Textual here: the command line and the app's workers both use it.
"""

from __future__ import annotations

import errno
import os
from contextlib import suppress
from pathlib import Path
from typing import Literal

FILE_MODE = 0o600
"""Exports and agendas hold a group's records: only their owner may read them."""
FOLDER_MODE = 0o700
"""The data directory and every folder the app makes in it: its owner's alone."""

OutputProblem = Literal["folder", "exists", "no-folder"]
"""Why a path cannot take an export: it is a folder, it exists, or its folder does not."""


def private_dir(path: Path) -> None:
    """Make sure the folder `path` exists and only its owner may use it.

    Every level that has to be made is made 0700; `path` itself is narrowed to 0700 if it
    was open to others.

    Raises:
        OSError: a level cannot be made, or `path` is not a folder.
    """
    missing = []
    for level in (path, *path.parents):
        if level.is_dir():
            break
        missing.append(level)
    for level in reversed(missing):
        level.mkdir(mode=FOLDER_MODE, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(FOLDER_MODE)


def output_problem(path: Path, *, replace: bool) -> OutputProblem | None:
    """Why `path` cannot be where an export is written (None when it can).

    Args:
        path: Where the export would go.
        replace: An existing file may be replaced.
    """
    if path.is_dir():
        return "folder"
    if not replace and os.path.lexists(path):
        return "exists"
    if not path.parent.is_dir():
        return "no-folder"
    return None


# A hard link fails with one of these where the file system has none (FAT, some shares).
_NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP}


def atomic_write(path: Path, data: bytes, *, overwrite: bool, mode: int = FILE_MODE) -> None:
    """Write `data` to `path` all or nothing, readable by its owner only (mode 0600).

    The bytes go to a temporary file in the same folder, which is flushed and fsynced, then
    moved into place (`os.replace`, or a hard link when nothing may be replaced); the folder
    is fsynced last, so the new name survives a power cut too. Whatever goes wrong, `path`
    keeps its old content and no temporary file is left behind.

    Args:
        path: The file to create or replace.
        data: Its new content.
        overwrite: Replace `path` if it exists; when False an existing `path` is an error.
        mode: The new file's permissions, where the system has them (not Windows); 0600
            unless the file replaced had others that are to be kept.

    Raises:
        IsADirectoryError: `path` is a folder.
        FileExistsError: `path` exists and `overwrite` is False; nothing was written.
        OSError: the folder is missing, cannot be written, or is full.
    """
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    # lexists: a symbolic link, even a dangling one, is something that would be replaced.
    if not overwrite and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    folder = path.parent
    # A short name of our own: the target's name may already be as long as names can be.
    import tempfile  # random and shutil come with it: only when something is written

    fd, temporary = tempfile.mkstemp(prefix=".facilitator-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # mkstemp made it 0600 less the umask; exactly `mode`
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            _move_without_replacing(temporary, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    _fsync_folder(folder)


def _move_without_replacing(temporary: str, path: Path) -> None:
    """Give `temporary` the name `path`, failing if `path` appeared meanwhile."""
    try:
        # link() never replaces: it fails with FileExistsError, atomically.
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(temporary, path)
    else:
        os.unlink(temporary)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # a system that cannot open folders (Windows) makes renames durable itself
    try:
        os.fsync(fd)
    except OSError as error:
        # Some file systems cannot fsync a folder; the file itself is already safe.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(fd)
