"""No stored field names the user: how an agenda's path is kept in the meetings database.

A whole path such as `/home/NAME/Documents/tuesday.toml` names whoever's home it is in, and
so do a USB stick's `/media/NAME/STICK/tuesday.toml`, `/run/media/NAME/...` and WSL's
`/mnt/c/Users/NAME/...`; the README promises the database has no place for anybody's name.
So a path is kept relative to the data directory when it is inside it, from `~` when it is
under the home folder, and not at all elsewhere: the meeting's agenda is kept whole in the
database, so nothing needs the path. A kept path is made a real path again when it is read.
No Textual here.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path, PurePath


def stored_path(path: str | Path, data: Path) -> str:
    """An agenda's path as the meetings database keeps it: naming no home folder and no user.

    Inside the data directory it is kept relative to it (`agendas/tuesday.toml`); under the
    home folder, from `~` (`~/Documents/tuesday.toml`), which covers `/home/NAME`,
    `/Users/NAME` and `C:\\Users\\NAME`; anywhere else it is not kept (''), since nobody
    can tell which of those paths name a person (a stick's `/media/NAME/...`, another user's
    home). `real_path` turns it back into a path.
    """
    whole = os.path.abspath(path)
    for base, prefix in ((data, ""), (_home(), "~/")):
        if base is None:
            continue
        for form in {os.path.abspath(base), os.path.realpath(base)}:
            if Path(whole).is_relative_to(form) and PurePath(form).name:
                inside = storable(Path(whole).relative_to(form).as_posix())
                return prefix + inside if inside != "." else prefix.rstrip("/") or "."
    return ""


def stored_stem(path: Path | None) -> str:
    """The agenda's file name without `.toml`, as the meetings database keeps it ('' for none).

    A name the system could not read as UTF-8 holds characters no database text may
    (`caf\\udce9` for the Latin-1 `café`): they are kept as the history shows them.
    """
    return "" if path is None else storable(path.stem)


def storable(text: str) -> str:
    """`text` as UTF-8 can hold it: a lone surrogate (from a file name) as its code."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def real_path(stored: str, data: Path) -> str:
    """The path on this computer of an agenda path kept by `stored_path` ('' stays '').

    Paths kept whole (absolute, as earlier versions kept them) are returned as they are,
    until the database is opened to be written (see `rewrite_whole_paths`).
    """
    if not stored or os.path.isabs(stored):
        return stored
    if stored == "~" or stored.startswith("~/"):
        home = _home()
        return stored if home is None else str(home / stored[2:])
    return str(data / stored)


def _home() -> Path | None:
    """The user's home folder, or None where the system cannot say."""
    try:
        return Path.home()
    except (RuntimeError, KeyError):
        return None


def rewrite_whole_paths(connection: sqlite3.Connection, data: Path) -> None:
    """Keep the agenda paths an earlier version stored whole as `stored_path` keeps them.

    A path outside the data directory and the home folder is emptied (''). Deleted bytes
    are overwritten and the log is folded back and emptied, so the old text leaves the
    files too. Not a schema version: an older facilitator reads the rows as they
    are. A file that cannot be written now (read-only, busy) is rewritten at a later opening.

    Args:
        connection: A connection of the store's, with no transaction open.
        data: The data directory, which holds the database.
    """
    rewrites = [
        (anonymous, text)
        for (text,) in connection.execute(
            # Whole paths only: /..., C:\... or C:/..., \\server\...
            "SELECT DISTINCT agenda_path FROM meetings WHERE agenda_path GLOB '/*'"
            " OR agenda_path GLOB '[A-Za-z]:*' OR agenda_path GLOB '\\*'"
        )
        if isinstance(text, str)
        and os.path.isabs(text)
        and (anonymous := stored_path(text, data)) != text
    ]
    if not rewrites:
        return
    with suppress(sqlite3.Error):
        connection.execute("PRAGMA secure_delete = ON")
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.executemany(
                "UPDATE meetings SET agenda_path = ? WHERE agenda_path = ?", rewrites
            )
            connection.execute("COMMIT")
        finally:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with suppress(sqlite3.Error):
        connection.execute("PRAGMA secure_delete = OFF")
