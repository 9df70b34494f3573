"""`reading.open_to_read`: the meetings database opened only to read it, for exports.

Nothing is created, moved or repaired, and every reason it cannot be read is one line. A real
read-only folder (a mode, or chattr for root), a killed app's files and a running app's are in
tests/processes/test_export.py; here, how each state of the files is read.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitator.records.export import export_rows
from facilitator.store.database import DB_NAME, Store, StoreError
from facilitator.store.read_only import open_to_read

from ..hints import RunPython


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_reads_what_the_app_wrote(four: Store, data_dir: Path) -> None:
    store = open_to_read(data_dir)
    try:
        assert export_rows(store) == export_rows(four)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.connection.execute("DELETE FROM events")
    finally:
        store.close()
    assert len(four.meetings()) == 4


def test_a_missing_database_is_not_created(data_dir: Path) -> None:
    with pytest.raises(StoreError) as raised:
        open_to_read(data_dir)
    assert str(raised.value) == (
        f"{data_dir / DB_NAME}: no such file: no meeting has been kept in this data directory;"
        " nothing was exported (FACILITATOR_DATA_DIR chooses another data directory)"
    )
    assert not data_dir.exists()


def test_a_folder_in_the_databases_place(data_dir: Path) -> None:
    (data_dir / DB_NAME).mkdir(parents=True)
    with pytest.raises(StoreError, match=r"is a folder, not a database file; nothing was"):
        open_to_read(data_dir)


def sqlite_file(path: Path, *statements: str) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path.read_bytes()


@pytest.mark.parametrize(
    ("statements", "words"),
    [
        (
            ["CREATE TABLE notes (text)"],
            "cannot be read as facilitator's meetings: not facilitator's; nothing was exported",
        ),
        ([], "cannot be read as facilitator's meetings: an empty database, with no meetings;"),
        (
            ["CREATE TABLE meetings (id)", "PRAGMA user_version = 99"],
            "written by a newer version of facilitator (schema 99); nothing was exported "
            "(upgrade facilitator to export it)",
        ),
    ],
)
def test_a_database_that_is_not_ours_is_left_as_it_is(
    data_dir: Path, statements: list[str], words: str
) -> None:
    sqlite_file(data_dir / DB_NAME, *statements)
    before = contents(data_dir)
    with pytest.raises(StoreError) as raised:
        open_to_read(data_dir)
    assert str(raised.value).startswith(f"{data_dir / DB_NAME}: {words}")
    assert "\n" not in str(raised.value)
    assert contents(data_dir) == before


def test_a_file_that_is_not_a_database(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / DB_NAME).write_bytes(b"\x00\x01 not sqlite \x1b[31m" * 100)
    with pytest.raises(StoreError) as raised:
        open_to_read(data_dir)
    assert str(raised.value) == (
        f"{data_dir / DB_NAME}: cannot be read as facilitator's meetings: file is not a "
        "database; nothing was exported and the file is left as it is (restore it from a "
        "backup, or start facilitator, which sets it aside and begins afresh)"
    )
    assert contents(data_dir) == {DB_NAME: b"\x00\x01 not sqlite \x1b[31m" * 100}


class Connections:
    """`sqlite3.connect`, recording how each database was opened (its URI's parameters)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened: list[str] = []
        self._connect: Callable[..., sqlite3.Connection] = sqlite3.connect
        monkeypatch.setattr(sqlite3, "connect", self.connect)

    def connect(self, database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        text = str(database)
        self.opened.append(text.rsplit("?", 1)[1] if "?" in text else Path(text).name)
        return self._connect(database, *args, **kwargs)


def read_rows(data_dir: Path) -> list[Any]:
    store = open_to_read(data_dir)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly|query_only"):
            store.connection.execute("DELETE FROM events")
        return export_rows(store)
    finally:
        store.close()


def test_a_database_closed_cleanly_is_read_as_the_file_stands(
    four: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = export_rows(four)
    four.close()  # every meeting in meetings.db, no -wal left
    before = contents(data_dir)
    connections = Connections(monkeypatch)
    assert read_rows(data_dir) == expected
    # Copied whole, without a lock, a -wal or a -shm, into SQLite's temporary database
    # (opened with no name: in memory while small, never beside it): nothing is made there.
    assert connections.opened == ["mode=ro&immutable=1", ""]
    assert contents(data_dir) == before


def test_changes_in_a_wal_without_its_shm_are_read_from_a_copy(
    four: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The files as a backup of a crashed laptop holds them: the meetings are in the -wal,
    # and SQLite would make a -shm beside it to read them.
    expected = export_rows(four)
    copy = tmp_path / "copy"
    copy.mkdir(mode=0o700)
    for name in (DB_NAME, f"{DB_NAME}-wal"):
        (copy / name).write_bytes((data_dir / name).read_bytes())
    assert (copy / f"{DB_NAME}-wal").stat().st_size > 0
    before = contents(copy)
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    connections = Connections(monkeypatch)
    assert read_rows(copy) == expected
    assert connections.opened == [DB_NAME, ""]  # the copy, then SQLite's temporary one
    assert contents(copy) == before
    assert list(temporary.iterdir()) == []  # the copy is gone


def test_a_database_a_crash_left_mid_transaction_is_rolled_back_in_a_copy(
    four: Store, data_dir: Path, run_python: RunPython
) -> None:
    # An older facilitator kept a rollback journal: a crash mid-write leaves the file half
    # changed and the journal to undo it, which only a writer may do.
    expected = export_rows(four)
    four.close()
    crash = textwrap.dedent(
        f"""
        import os, sqlite3
        db = sqlite3.connect({str(data_dir / DB_NAME)!r}, isolation_level=None)
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA cache_size = 1")  # pages spill into the file before the commit
        db.execute("BEGIN")
        db.execute("DELETE FROM events")
        db.execute("UPDATE meetings SET meeting = 'half written', summary_json = NULL")
        os._exit(9)
        """
    )
    assert run_python(crash, data_dir).returncode == 9
    assert (data_dir / f"{DB_NAME}-journal").stat().st_size > 0
    before = contents(data_dir)
    assert read_rows(data_dir) == expected
    assert contents(data_dir) == before


def test_a_database_changed_while_it_is_read_is_read_again(
    four: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = export_rows(four)
    four.close()
    connections = Connections(monkeypatch)
    opened = connections.connect

    def written_meanwhile(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = opened(database, *args, **kwargs)
        if connections.opened == ["mode=ro&immutable=1"]:  # another window writes, once
            stamp = (data_dir / DB_NAME).stat().st_mtime_ns + 1_000_000
            os.utime(data_dir / DB_NAME, ns=(stamp, stamp))
        return connection

    monkeypatch.setattr(sqlite3, "connect", written_meanwhile)
    assert read_rows(data_dir) == expected
    assert connections.opened == ["mode=ro&immutable=1", ""] * 2


def test_other_refusals_are_not_read_around(
    four: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    four.close()

    def connect(database: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = sqlite3.SQLITE_IOERR
        raise error

    monkeypatch.setattr(sqlite3, "connect", connect)
    with pytest.raises(StoreError) as raised:
        open_to_read(data_dir)
    assert str(raised.value) == (
        f"{data_dir / DB_NAME}: cannot be opened: disk I/O error; nothing was exported (export"
        " as the user who runs the meetings, on a disk that can be read)"
    )


def test_a_database_an_earlier_version_kept_is_read_as_it_is(four: Store, data_dir: Path) -> None:
    expected = export_rows(four)
    four.close()
    # As the version before the holders left it: no holder column, schema 1.
    connection = sqlite3.connect(data_dir / DB_NAME)
    connection.execute("ALTER TABLE meetings DROP COLUMN holder")
    connection.execute("PRAGMA user_version = 1")
    connection.close()
    before = contents(data_dir)
    store = open_to_read(data_dir)
    try:
        assert export_rows(store) == expected
    finally:
        store.close()
    assert contents(data_dir)[DB_NAME] == before[DB_NAME]  # not brought up to date by reading


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_linked_database_is_not_followed(four: Store, data_dir: Path, tmp_path: Path) -> None:
    four.close()
    elsewhere = tmp_path / "elsewhere.db"
    (data_dir / DB_NAME).rename(elsewhere)
    (data_dir / DB_NAME).symlink_to(elsewhere)
    with pytest.raises(StoreError) as raised:
        open_to_read(data_dir)
    assert str(raised.value) == (
        f"{data_dir / DB_NAME} is a symbolic link, and facilitator never follows one for its own"
        " files; put the file itself there, or remove the link; nothing was exported"
    )
