"""Room kept on the disk for the meeting's own changes, the way databases keep a ballast.

When a meeting starts, a file beside the database (`meetings.db-reserve`) takes up a little
room: up to `RESERVE_BYTES`, less when the disk has less. When the disk fills up during the
meeting (a download, a recording, a backup), the first write that fails for want of room
deletes it and is tried again at once, so the changes the screen shows still reach the disk
and the facilitator never sees them waiting. The next meeting makes it again. No Textual
here.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from ..system.files import new_private_file, open_no_follow
from ..words.reasons import reason_of

RESERVE_SUFFIX = "-reserve"
"""The reserve's name is the database's with this after it."""
RESERVE_BYTES = 1 << 20
"""The room kept: with the store's short write-ahead log, thousands of changes (each takes
a page of it, and it is reused from its start every 50 pages)."""
SMALLEST_RESERVE = 256 << 10
"""On a disk with less room than `RESERVE_BYTES`, a reserve halves down to this, no less:
room for the whole write-ahead log (50 pages of 4 KiB), which is then reused."""

_FULL_ERRNOS = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None)) if code is not None
)
_SQLITE_FULL = 13  # SQLite's primary result code for "database or disk is full"


def reserve_path(database: Path) -> Path:
    """Where the reserve of the database at `database` is kept."""
    return database.with_name(database.name + RESERVE_SUFFIX)


def disk_full(error: BaseException) -> bool:
    """True when `error` says the disk (or the user's quota on it) has no room left."""
    if isinstance(error, OSError):
        return error.errno in _FULL_ERRNOS
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return code is not None and code & 0xFF == _SQLITE_FULL
    return False


def failure_words(error: BaseException) -> str:
    """Why a write failed, in a few words of the app's language (a full disk said the same
    way whether SQLite or the system noticed)."""
    if disk_full(error) and not isinstance(error, OSError):
        return reason_of(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    return reason_of(error)


def keep_reserve(database: Path, size: int = RESERVE_BYTES) -> bool:
    """Make the reserve of `database` if it is not there; True when there is one now.

    It is made whole (its room taken from the file system, not promised), `0600`, never
    through a link. A disk without room for `size` gets half of it, then half again, down
    to `SMALLEST_RESERVE`; without room for that, there is no reserve, and nothing else
    changes.
    """
    path = reserve_path(database)
    try:
        if stat.S_ISREG(os.lstat(path).st_mode):
            return True
    except OSError:
        pass
    while size >= SMALLEST_RESERVE:
        try:
            _write_reserve(path, size)
        except OSError as error:
            if not disk_full(error):
                return False
            size //= 2
        else:
            return True
    return False


def _write_reserve(path: Path, size: int) -> None:
    """Make the reserve at `path`, `size` bytes long; on failure, nothing is left there."""
    if not new_private_file(path):  # 0600 whatever the umask, never through a link
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))
    try:
        fd = open_no_follow(path, os.O_WRONLY)
        try:
            _take_room(fd, size)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _take_room(fd: int, size: int) -> None:
    try:
        os.posix_fallocate(fd, 0, size)  # Linux and the BSDs: the blocks, at once
    except (AttributeError, OSError) as error:
        if isinstance(error, OSError) and disk_full(error):
            raise
        # Elsewhere (macOS, Windows, a file system without it): bytes that no file system
        # can store in less room than they take (zeros may be compressed).
        os.lseek(fd, 0, os.SEEK_SET)
        chunk = os.urandom(64 << 10)
        for _start in range(0, size, len(chunk)):
            os.write(fd, chunk)
    os.fsync(fd)


def release_reserve(database: Path) -> bool:
    """Delete the reserve of `database`, giving its room to the database; True when there
    was one to give."""
    try:
        os.unlink(reserve_path(database))
    except OSError:
        return False
    return True


class _OnDisk(Protocol):
    path: Path


_Store = TypeVar("_Store", bound=_OnDisk)
_Args = ParamSpec("_Args")
_Result = TypeVar("_Result")


def room_made(
    write: Callable[Concatenate[_Store, _Args], _Result],
) -> Callable[Concatenate[_Store, _Args], _Result]:
    """A write of the store's that, failing for want of room, gives the reserve's room to
    the database and is tried once more (each write is one transaction: all or nothing)."""

    def with_room(store: _Store, /, *args: _Args.args, **kwargs: _Args.kwargs) -> _Result:
        try:
            return write(store, *args, **kwargs)
        except (sqlite3.Error, OSError) as error:
            if not disk_full(error) or not release_reserve(store.path):
                raise
        return write(store, *args, **kwargs)

    functools.update_wrapper(with_room, write)
    return with_room
