"""A meetings database that cannot be used: told apart from one in a bad place, set aside.

No Textual here.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..meeting.clocks import WallClock

# Errors about where the file lives (permissions, locks, a full or failing disk), not what
# is in it: such a file is left in place, as it is probably the facilitator's history.
_PLACE_ERRORS = frozenset(
    {
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_BUSY,
        sqlite3.SQLITE_LOCKED,
        sqlite3.SQLITE_NOMEM,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_INTERRUPT,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PROTOCOL,
        sqlite3.SQLITE_NOLFS,
        sqlite3.SQLITE_AUTH,
    }
)


def file_is_bad(error: sqlite3.DatabaseError) -> bool:
    """True when the file's content is the problem (not a database, damaged, not ours)."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return not isinstance(error, sqlite3.OperationalError)
    return code & 0xFF not in _PLACE_ERRORS


def aside_name(path: Path, now: WallClock) -> Path:
    """`meetings.db.rejected-<time>`, with a number added if that name is taken."""
    stem = f"{path.name}.rejected-{now().strftime('%Y%m%dT%H%M%S')}"
    aside = path.with_name(stem)
    number = 1
    while any(os.path.lexists(path.with_name(aside.name + s)) for s in ("", "-wal", "-shm")):
        number += 1
        aside = path.with_name(f"{stem}-{number}")
    return aside
