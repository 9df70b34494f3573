"""The meetings database opened only to read it, for exports. No Textual here.

The app's own opening (`database.open_store`) creates a missing database and sets a damaged one
aside to start afresh. An export does neither: it reads the file as it is, or says in one
line why it cannot, so a nightly `export -o records.csv --force` never replaces good records
with an empty file. Nor does it create anything beside the database (SQLite's plain
read-only opening makes a -wal and a -shm file there), delete anything there, or hold up a
meeting running in another window. A database in a folder nobody may write (a read-only
mount, a backup disc) is read too.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from ..agenda import one_line
from ..system.files import file_kind, file_kind_words, link_refused
from ..system.paths import database_link, shared_folder_problem
from ..words.i18n import _
from ..words.reasons import reason_of
from .database import DB_NAME, SCHEMA_VERSION, Store, StoreError

# The file's content is the problem, not where it lives.
_DAMAGED = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
_TRIES = 3
"""Reads of a file that another window changed meanwhile, before reading it as it is."""


class _Damaged(sqlite3.DatabaseError):
    """What a check found wrong inside the file (not SQLite's own error)."""


def open_to_read(directory: Path) -> Store:
    """The meetings database in `directory`, opened only to read it; nothing is made beside it.

    How depends on what is beside the file (SQLite's WAL files):

    - no change waits in a -wal file (none, or an empty one): the file is whole as it
      stands, and is copied at once without a lock or a -shm (`immutable=1`) into a
      private temporary database (`_private_copy`),
      again if another window changed it meanwhile;
    - a -wal and its -shm (a meeting running in another window, or one left by a killed
      app): a read-only connection (`mode=ro`), which reads the latest changes through the
      -shm, coordinating with that window, and makes, changes and deletes nothing;
    - a -wal without its -shm, or a rollback -journal left by a crash: no window is using
      them; the files are copied to a private temporary folder and read there, latest
      changes included, then the copy is removed.

    Raises:
        StoreError: there is no database, or it cannot be read (damaged, not a facilitator
            database, from a newer version, refused by the system); the message is one line
            naming the file and saying what to do.
    """
    path = directory / DB_NAME
    shown = one_line(str(path))
    _check_file(path, shown)
    log, index, journal = (_beside(path, suffix) for suffix in ("-wal", "-shm", "-journal"))
    try:
        for attempt in range(_TRIES):
            if _size(journal) or (_size(log) and not os.path.lexists(index)):
                return _store(_copied(path, [log, journal]), path)
            if _size(log):
                return _store(_connect(path, immutable=False), path)
            before = _stamp(path, log)
            last = attempt == _TRIES - 1
            try:
                copy = _private_copy(_connect(path, immutable=True))
            except sqlite3.DatabaseError:
                if last or _stamp(path, log) == before:
                    raise
                continue  # changed while it was read (half written, maybe): once more
            if last or _stamp(path, log) == before:
                return _store(copy, path)
            copy.close()  # changed while it was read: once more, as it is now
    except sqlite3.DatabaseError as error:
        raise StoreError(_unreadable(shown, error)) from None
    except OSError as error:  # the copy could not be made
        raise StoreError(_not_opened(shown, reason_of(error))) from None
    raise AssertionError("unreachable")  # the last try always returns


def _beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _stamp(path: Path, log: Path) -> tuple[object, ...]:
    """What changes when a window writes the database: its size and time, and its log's."""
    try:
        status = os.stat(path)
    except OSError:
        return ()
    return status.st_size, status.st_mtime_ns, status.st_ino, _size(log)


def _private_copy(connection: sqlite3.Connection) -> sqlite3.Connection:
    """The database `connection` reads, copied whole into a private temporary database;
    `connection` is closed.

    The copy holds no lock on the disk, and a window that changes the file later changes
    nothing of what is being exported. It is SQLite's own temporary database (opened with
    no name): in memory while it is small, in a file only this connection can see once it
    is large (years of meetings are hundreds of megabytes), deleted when it is closed.
    """
    copy = sqlite3.connect("", isolation_level=None, check_same_thread=False)
    try:
        connection.backup(copy)
        copy.execute("PRAGMA query_only = ON")  # an export reads, even from its own copy
    except BaseException:
        copy.close()
        raise
    finally:
        connection.close()
    return copy


def _copied(path: Path, pending: list[Path]) -> sqlite3.Connection:
    """The database with the changes waiting beside it in `pending`, read from a private copy.

    SQLite can read those changes only by writing: a -shm for a -wal, the database itself
    to roll a -journal back. The copy takes that writing, in a temporary folder of the
    user's own; what it holds then is copied as `_private_copy` does, and the folder removed.
    """
    import shutil  # only for the rare files a crash leaves: tempfile brings random with it
    import tempfile

    with tempfile.TemporaryDirectory(prefix="facilitator-", ignore_cleanup_errors=True) as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        for waiting in pending:
            if _size(waiting):
                shutil.copyfile(waiting, _beside(copy, waiting.name[len(path.name) :]))
        connection = sqlite3.connect(copy, isolation_level=None, check_same_thread=False)
        try:
            _verify(connection, path)
        except BaseException:
            connection.close()
            raise
        return _private_copy(connection)


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
            ).format(file=shown, kind=file_kind_words(kind))
        )
    try:  # the system's own words for a file this user may not read
        os.close(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)))
    except OSError as error:
        raise StoreError(_not_opened(shown, reason_of(error))) from None


def _connect(path: Path, *, immutable: bool) -> sqlite3.Connection:
    """A read-only connection to `path`, once the file has proved to be our database.

    `immutable`: the file is read as it stands, with no lock and no -wal or -shm.
    """
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
