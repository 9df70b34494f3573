"""The meetings database opened only to read it, for exports. No Textual here.

The app's own opening (`store.open_store`) creates a missing database and sets a damaged one
aside to start afresh. An export does neither: it reads the file as it is, or says in one
line why it cannot, so a nightly `export -o records.csv --force` never replaces good records
with an empty file. A database in a folder nobody may write (a read-only mount, a backup
disc) is read too.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .agenda import one_line
from .files import file_kind, kind_words, link_refused
from .i18n import _
from .paths import database_link, shared_folder_problem
from .reasons import reason_of
from .store import DB_NAME, SCHEMA_VERSION, Store, StoreError

# SQLite's primary result codes for "a write was needed": in WAL mode, a reader makes the
# -shm file (and an empty -wal) beside the database if they are not there.
_NEEDS_WRITING = frozenset({sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY})
# The file's content is the problem, not where it lives.
_DAMAGED = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


class _Damaged(sqlite3.DatabaseError):
    """What a check found wrong inside the file (not SQLite's own error)."""


def open_to_read(directory: Path) -> Store:
    """The meetings database in `directory`, opened read-only (SQLite's `mode=ro`).

    Nothing is created, moved or repaired. Where the folder cannot be written and SQLite
    cannot make the -shm file a WAL reader needs, the file is read as it stands on disk
    (`immutable=1`), which is only right when no change waits in the -wal file.

    Raises:
        StoreError: there is no database, or it cannot be read (damaged, not a facilitator
            database, from a newer version, refused by the system); the message is one line
            naming the file and saying what to do.
    """
    path = directory / DB_NAME
    shown = one_line(str(path))
    _check_file(path, shown)
    try:
        return _store(_connect(path, immutable=False), path)
    except sqlite3.DatabaseError as error:
        if _code(error) not in _NEEDS_WRITING:
            raise StoreError(_unreadable(shown, error)) from None
    for suffix in ("-wal", "-journal"):
        pending = path.with_name(path.name + suffix)
        if _size(pending):  # reading the file as it stands would leave these changes out
            raise StoreError(
                _(
                    "{file}: its latest changes are in {pending}, which cannot be "
                    "read in a folder that cannot be written; nothing was exported (copy both "
                    "files to a folder you can write to and set FACILITATOR_DATA_DIR to it)"
                ).format(file=shown, pending=one_line(pending.name))
            )
    try:
        return _store(_connect(path, immutable=True), path)
    except sqlite3.DatabaseError as error:
        raise StoreError(_unreadable(shown, error)) from None


def _store(connection: sqlite3.Connection, path: Path) -> Store:
    """The store over `connection`, reading the schema the file has (an older one too)."""
    store = Store(connection, path)
    store.read_older(int(connection.execute("PRAGMA user_version").fetchone()[0]))
    return store


def _check_file(path: Path, shown: str) -> None:
    """Refuse what SQLite should not be asked to open: nothing, a folder, a named pipe, a
    link (the app never follows one for its own files), or a folder others may write to."""
    folder = path.parent
    try:
        shared = shared_folder_problem(folder) if folder.is_dir() else None
    except OSError:
        shared = None  # looked at again below, with the system's own words
    if shared is not None:
        raise StoreError(_("{problem}; nothing was exported").format(problem=shared))
    link = database_link(path)
    if link is not None:
        raise StoreError(_("{problem}; nothing was exported").format(problem=link_refused(link)))
    try:
        os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise StoreError(
            _(
                "{file}: no such file: no meeting has been kept in this data directory; "
                "nothing was exported (FACILITATOR_DATA_DIR chooses another data directory)"
            ).format(file=shown)
        ) from None
    except OSError as error:
        raise StoreError(_not_opened(shown, reason_of(error))) from None
    kind = file_kind(path)
    if kind != "file":
        raise StoreError(
            _(
                "{file}: is {kind}, not a database file; nothing was exported "
                "(facilitator keeps its meetings in this file: move the other thing away)"
            ).format(file=shown, kind=kind_words(kind))
        )
    try:  # the system's own words for a file this user may not read
        os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except OSError as error:
        raise StoreError(_not_opened(shown, reason_of(error))) from None


def _connect(path: Path, *, immutable: bool) -> sqlite3.Connection:
    """A read-only connection to `path`, once the file has proved to be our database."""
    uri = path.absolute().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
    connection = sqlite3.connect(
        uri, uri=True, isolation_level=None, check_same_thread=False, timeout=5
    )
    try:
        _verify(connection, path)
    except BaseException:
        connection.close()
        raise
    return connection


def _verify(connection: sqlite3.Connection, path: Path) -> None:
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise StoreError(
            _(
                "{file}: written by a newer version of facilitator (schema "
                "{version}); nothing was exported (upgrade facilitator to export it)"
            ).format(file=one_line(str(path)), version=version)
        )
    if version == 0:
        empty = not connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        raise _Damaged(
            _("an empty database, with no meetings") if empty else _("not facilitator's")
        )
    if [row[0] for row in connection.execute("PRAGMA quick_check")] != ["ok"]:
        raise _Damaged(_("database disk image is malformed"))
    connection.execute("SELECT count(*) FROM meetings").fetchone()
    connection.execute("SELECT count(*) FROM events").fetchone()


def _code(error: sqlite3.DatabaseError) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _unreadable(shown: str, error: sqlite3.DatabaseError) -> str:
    reason = one_line((str(error).splitlines() or [type(error).__name__])[0])
    if isinstance(error, _Damaged) or _code(error) in _DAMAGED or _code(error) is None:
        return _(
            "{file}: cannot be read as facilitator's meetings: {reason}; nothing was "
            "exported and the file is left as it is (restore it from a backup, or start "
            "facilitator, which sets it aside and begins afresh)"
        ).format(file=shown, reason=reason)
    return _not_opened(shown, reason)


def _not_opened(shown: str, reason: str) -> str:
    return _(
        "{file}: cannot be opened: {reason}; nothing was exported (export as the "
        "user who runs the meetings, on a disk that can be read)"
    ).format(file=shown, reason=one_line(reason))


def _size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0
