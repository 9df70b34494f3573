"""No stored field holds a home folder or a user's name: agenda paths are kept relative to the
data directory or to `~`, read back as real paths, not kept at all elsewhere, and old
databases are rewritten."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from facilitator.agenda import load_agenda
from facilitator.records.export import export_rows, to_csv
from facilitator.store.anonymity import real_path, stored_path
from facilitator.store.database import DB_NAME, open_store
from facilitator.store.recorder import offer, start

from ..data import TUESDAY, WALL_START
from ..support.clocks import ManualClock, ManualWall

NAME = "alicesmith"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder named after a person, where agendas are kept."""
    path = tmp_path / "home" / NAME
    (path / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(path))
    monkeypatch.setenv("USERPROFILE", str(path))
    return path


def grep(folder: Path, *needles: str) -> list[str]:
    """Which of `needles` some file in `folder` holds, with the file."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.name}: {n}" for n in needles if n.encode() in data]
    return found


@pytest.mark.parametrize(
    ("where", "kept"),
    [
        ("data/agendas/tuesday.toml", "agendas/tuesday.toml"),
        ("home/alicesmith/Documents/tuesday.toml", "~/Documents/tuesday.toml"),
        ("home/alicesmith/tuesday.toml", "~/tuesday.toml"),
    ],
)
def test_an_agenda_path_is_kept_without_a_home_folder(
    home: Path, data_dir: Path, tmp_path: Path, where: str, kept: str
) -> None:
    path = tmp_path / where
    stored = stored_path(path, data_dir)
    assert stored == kept
    assert real_path(stored, data_dir) == str(path)


@pytest.mark.parametrize(
    "where",
    [
        "media/bobjones/STICK/tuesday.toml",  # a USB stick, as Ubuntu mounts it
        "run/media/bobjones/STICK/tuesday.toml",  # as Fedora does
        "mnt/c/Users/bobjones/Documents/tuesday.toml",  # Windows' own home, seen from WSL
        "home/bobjones/tuesday.toml",  # another user's home
        "Volumes/STICK/tuesday.toml",
        "elsewhere/tuesday.toml",
    ],
)
def test_an_agenda_path_outside_home_and_data_is_not_kept(
    home: Path, data_dir: Path, tmp_path: Path, where: str
) -> None:
    path = tmp_path / where
    assert stored_path(path, data_dir) == ""
    assert stored_path(os.path.relpath(path), data_dir) == ""
    assert real_path("", data_dir) == ""


def test_a_relative_agenda_path_is_kept_from_home(
    home: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(home / "Documents")
    assert stored_path("tuesday.toml", data_dir) == "~/Documents/tuesday.toml"
    assert real_path("", data_dir) == ""


def test_the_store_keeps_the_short_path_and_gives_back_the_real_one(
    home: Path, data_dir: Path, clock: ManualClock
) -> None:
    path = home / "Documents" / "tuesday.toml"
    path.write_bytes(TUESDAY.read_bytes())
    wall = ManualWall(clock, WALL_START)
    store = open_store(data_dir, wall).store
    assert store is not None
    recorded = start(load_agenda(path), path, store, clock, wall)
    recorded.meeting.start()
    stored = store.unfinished()
    assert stored is not None and stored.agenda_path == str(path)  # what a resume opens
    assert [m.agenda_path for m in store.meetings()] == [str(path)]
    connection = sqlite3.connect(data_dir / DB_NAME)
    assert connection.execute("SELECT agenda_path FROM meetings").fetchall() == [
        ("~/Documents/tuesday.toml",)
    ]
    connection.close()
    store.close()
    assert grep(data_dir, str(home), NAME) == []


def test_a_database_with_whole_paths_is_rewritten_when_opened(
    home: Path, data_dir: Path, clock: ManualClock
) -> None:
    # As earlier versions kept them: the whole path, with the user's name in it.
    wall = ManualWall(clock, WALL_START)
    store = open_store(data_dir, wall).store
    assert store is not None
    path = home / "Documents" / "tuesday.toml"
    for _ in range(3):
        start(load_agenda(TUESDAY), path, store, clock, wall).meeting.tally(0)
    stick = "/media/bobjones/STICK/tuesday.toml"
    store.connection.execute("UPDATE meetings SET agenda_path = ? WHERE id < 3", (str(path),))
    store.connection.execute("UPDATE meetings SET agenda_path = ? WHERE id = 3", (stick,))
    store.close()
    assert grep(data_dir, NAME) != [] and grep(data_dir, "bobjones") != []

    reopened = open_store(data_dir, wall).store
    assert reopened is not None
    assert [m.agenda_path for m in reopened.meetings()] == [str(path), str(path), ""]
    # Not in freed pages, nor in the log.
    assert grep(data_dir, str(home), NAME, "bobjones", "/media/") == []
    reopened.close()
    assert grep(data_dir, str(home), NAME, "bobjones", "/media/") == []
    connection = sqlite3.connect(data_dir / DB_NAME)
    rows = connection.execute("SELECT agenda_path FROM meetings ORDER BY id").fetchall()
    connection.close()
    assert rows == [("~/Documents/tuesday.toml",)] * 2 + [("",)]


def test_a_file_name_that_is_not_utf8_is_kept_as_the_history_shows_it(
    home: Path, data_dir: Path, clock: ManualClock
) -> None:
    # `café.toml` written in Latin-1: Python reads the name with a lone surrogate, which no
    # database text may hold; the first count of the meeting would fail to be saved.
    path = home / "Documents" / os.fsdecode(b"caf\xe9.toml")
    assert path.stem == "caf\udce9"
    wall = ManualWall(clock, WALL_START)
    store = open_store(data_dir, wall).store
    assert store is not None
    agenda = load_agenda(TUESDAY)
    recorded = start(agenda, path, store, clock, wall)
    recorded.meeting.tally(0)
    assert recorded.log.problem is None and not recorded.log.pending
    (stored,) = store.meetings()
    assert stored.agenda_stem == "caf\\udce9"  # as `one_line` shows it
    assert stored.agenda_path == str(home / "Documents" / "caf\\udce9.toml")
    assert offer(store, agenda, path).meeting is not None  # the same file: offered again
    assert to_csv(export_rows(store)).splitlines()[1].split(",")[2] == "caf\\udce9"
    store.close()
