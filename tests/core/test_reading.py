"""`reading.open_to_read`: the meetings database opened only to read it, for exports.

Nothing is created, moved or repaired, and every reason it cannot be read is one line. A real
read-only folder (a mode, or chattr for root) is in tests/processes/test_export.py; here the
folder's refusal is SQLite's own error, raised where the connection is made.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from facilitator.export import export_rows
from facilitator.reading import open_to_read
from facilitator.store import DB_NAME, Store, StoreError


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


class ReadOnlyFolder:
    """`sqlite3.connect` as in a folder nobody may write: a WAL reader cannot make its -shm."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.uris: list[str] = []
        self._connect: Callable[..., sqlite3.Connection] = sqlite3.connect
        monkeypatch.setattr(sqlite3, "connect", self.connect)

    def connect(self, database: str, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        self.uris.append(database.rsplit("?", 1)[1])
        if "immutable=1" not in database:
            error = sqlite3.OperationalError("unable to open database file")
            error.sqlite_errorcode = sqlite3.SQLITE_CANTOPEN
            raise error
        return self._connect(database, *args, **kwargs)


def test_a_read_only_folder_is_read_as_the_file_stands(
    four: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = export_rows(four)
    four.close()  # every meeting in meetings.db, no -wal left
    folder = ReadOnlyFolder(monkeypatch)
    store = open_to_read(data_dir)
    try:
        assert export_rows(store) == expected
    finally:
        store.close()
    assert folder.uris == ["mode=ro", "mode=ro&immutable=1"]


def test_a_read_only_folder_with_changes_in_the_wal_is_refused(
    four: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The meetings are still in the -wal (the app is running, or died): reading the file as
    # it stands would leave them out without a word.
    assert (data_dir / f"{DB_NAME}-wal").stat().st_size > 0
    folder = ReadOnlyFolder(monkeypatch)
    with pytest.raises(StoreError) as raised:
        open_to_read(data_dir)
    assert str(raised.value) == (
        f"{data_dir / DB_NAME}: its latest changes are in {DB_NAME}-wal, which cannot be read "
        "in a folder that cannot be written; nothing was exported (copy both files to a "
        "folder you can write to and set FACILITATOR_DATA_DIR to it)"
    )
    assert folder.uris == ["mode=ro"]


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
