"""Which meetings are running in a window now: an OS lock per app, that dies with the app.

An app that records a meeting holds a lock file of its own, `locks/<token>.lock` in the data
directory, for as long as it runs, and the meeting's row in the database names that token
as its holder. Another app on the same data directory (a second terminal window, a
co-facilitator's) tells a meeting running elsewhere, whose holder's lock is taken, from one
left behind by a window that was closed, killed or lost with a power cut: the operating
system let go of that lock when the process died, so it is free again at once.

The lock is `filelock`'s (`flock` on Linux and macOS, `msvcrt.locking` on Windows), imported
when a meeting first needs it, not at start-up. No Textual here.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from ..system.files import FILE_MODE, private_dir

if TYPE_CHECKING:
    from filelock import BaseFileLock

LOCKS = "locks"
"""The folder of the data directory where the running apps' locks are."""


class HoldError(OSError):
    """The app's lock cannot be taken (its folder cannot be made or written)."""


def _lock(path: Path) -> BaseFileLock:
    from filelock import FileLock

    # Not thread-local: the app takes it on one thread and may let go of it on another.
    # No soft fallback: a lock that outlived its app would hold its meeting for ever.
    return FileLock(path, timeout=0, mode=FILE_MODE, thread_local=False, fallback_to_soft=False)


class Hold:
    """This app's claim on the meetings it records, held until `release` or the app's end."""

    def __init__(self, folder: Path) -> None:
        """Take a new lock in `folder` (made private if missing).

        Raises:
            HoldError: the lock cannot be taken.
        """
        self.folder = folder
        self.token = os.urandom(8).hex()
        self._lock = _lock(self._path(self.token))
        try:
            private_dir(folder)
            self._lock.acquire()
        except OSError as error:
            raise HoldError(error.errno, error.strerror, str(folder)) from None
        except Exception as error:  # filelock's Timeout: a fresh name cannot be taken
            raise HoldError(f"{folder}: {error}") from None

    def _path(self, token: str) -> Path:
        return self.folder / f"{token}.lock"

    def release(self) -> None:
        """Let go of the lock and remove its file (the meetings it held are free)."""
        if self._lock.is_locked:
            self._lock.release()
            with suppress(OSError):
                os.unlink(self._path(self.token))


def running(folder: Path, holder: str | None) -> bool:
    """True when the app that holds `holder` (a token in `folder`) is running now.

    Looking takes the lock for a moment: taken, the app is running; free, it has ended, and
    its file is tidied away (nobody will hold that token again).
    """
    if not holder or not _is_token(holder):
        return False
    path = folder / f"{holder}.lock"
    if not path.exists():
        return False
    from filelock import Timeout

    other = _lock(path)
    try:
        other.acquire()
    except Timeout:
        return True
    except OSError:
        return False  # cannot be looked at: as good as left behind, like a missing lock
    other.release()
    with suppress(OSError):
        path.unlink()
    return False


def _is_token(holder: str) -> bool:
    # A holder names a file: only the tokens this module makes, never a path.
    return len(holder) == 16 and all(char in "0123456789abcdef" for char in holder)
