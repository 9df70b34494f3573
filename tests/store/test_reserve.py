"""The room kept on the disk for a meeting's changes: made whole, private, never through a
link, smaller on a disk with less room, and given up to the write that finds none."""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from facilitator.store.reserve import (
    RESERVE_BYTES,
    SMALLEST_RESERVE,
    disk_full,
    failure_words,
    keep_reserve,
    release_reserve,
    reserve_path,
    room_made,
)
from facilitator.words import i18n

from ..hints import MakeLink
from ..support.disks import SmallDisk


def test_the_reserve_is_made_whole_and_private(tmp_path: Path) -> None:
    database = tmp_path / "meetings.db"
    assert keep_reserve(database)
    made = os.lstat(reserve_path(database))
    assert reserve_path(database).name == "meetings.db-reserve"
    assert stat.S_ISREG(made.st_mode) and stat.S_IMODE(made.st_mode) == 0o600
    assert made.st_size == RESERVE_BYTES
    assert made.st_blocks * 512 >= RESERVE_BYTES  # the room is taken, not promised


def test_a_reserve_that_is_there_is_kept_as_it_is(tmp_path: Path) -> None:
    database = tmp_path / "meetings.db"
    reserve_path(database).write_bytes(b"kept")
    assert keep_reserve(database)
    assert reserve_path(database).read_bytes() == b"kept"


def test_a_link_in_the_reserves_place_is_never_written_through(
    tmp_path: Path, make_link: MakeLink
) -> None:
    database = tmp_path / "meetings.db"
    target = tmp_path / "elsewhere"
    make_link(reserve_path(database), target)
    assert not keep_reserve(database)
    assert not target.exists()


def test_without_fallocate_the_reserve_is_written_with_bytes_no_disk_can_shrink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # macOS and Windows have no posix_fallocate: zeros could be stored in no room at all.
    monkeypatch.delattr(os, "posix_fallocate", raising=False)
    database = tmp_path / "meetings.db"
    assert keep_reserve(database)
    data = reserve_path(database).read_bytes()
    assert len(data) == RESERVE_BYTES
    assert data.count(0) < len(data) // 100


def test_a_disk_with_little_room_gets_a_smaller_reserve_and_a_full_one_none(
    small_disk: SmallDisk,
) -> None:
    disk = small_disk(400)
    database = disk / "meetings.db"
    assert keep_reserve(database)
    size = reserve_path(database).stat().st_size
    assert SMALLEST_RESERVE <= size < RESERVE_BYTES
    assert release_reserve(database)
    small_disk.fill(disk)
    assert not keep_reserve(database)
    assert sorted(path.name for path in disk.iterdir()) == ["filler"]  # nothing left behind


def test_releasing_gives_the_room_back_once(tmp_path: Path) -> None:
    database = tmp_path / "meetings.db"
    assert not release_reserve(database)
    keep_reserve(database)
    assert release_reserve(database)
    assert not reserve_path(database).exists()
    assert not release_reserve(database)


def _sqlite_error(code: int) -> sqlite3.Error:
    error = sqlite3.OperationalError("as SQLite says it")
    error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("error", "full"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (OSError(errno.EACCES, "Permission denied"), False),
        (_sqlite_error(sqlite3.SQLITE_FULL), True),
        (_sqlite_error(sqlite3.SQLITE_IOERR), False),
        (sqlite3.OperationalError("no code"), False),
        (ValueError("no"), False),
    ],
)
def test_a_full_disk_is_known_by_its_code(error: BaseException, full: bool) -> None:
    assert disk_full(error) is full


def test_a_full_disk_is_said_alike_whoever_noticed(english: None) -> None:
    assert failure_words(_sqlite_error(sqlite3.SQLITE_FULL)) == "No space left on device"
    assert failure_words(_sqlite_error(sqlite3.SQLITE_READONLY)) == "as SQLite says it"
    i18n.use("es")
    assert failure_words(_sqlite_error(sqlite3.SQLITE_FULL)) == "no queda espacio en el disco"


@dataclass
class FakeStore:
    path: Path
    answers: list[BaseException | None] = field(default_factory=list)
    tried: int = 0

    @room_made
    def write(self, value: int) -> int:
        self.tried += 1
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer
        return value


def test_a_write_that_finds_no_room_takes_the_reserves_and_is_tried_again(
    tmp_path: Path,
) -> None:
    store = FakeStore(tmp_path / "meetings.db", [_sqlite_error(sqlite3.SQLITE_FULL)])
    keep_reserve(store.path)
    assert store.write(7) == 7
    assert store.tried == 2 and not reserve_path(store.path).exists()


def test_with_no_reserve_left_a_full_disk_is_the_writes_own_answer(tmp_path: Path) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    store = FakeStore(tmp_path / "meetings.db", [full])
    with pytest.raises(OSError) as raised:
        store.write(7)
    assert raised.value is full and store.tried == 1


def test_other_failures_keep_the_reserve(tmp_path: Path) -> None:
    store = FakeStore(tmp_path / "meetings.db", [_sqlite_error(sqlite3.SQLITE_READONLY)])
    keep_reserve(store.path)
    with pytest.raises(sqlite3.OperationalError):
        store.write(7)
    assert store.tried == 1 and reserve_path(store.path).exists()
