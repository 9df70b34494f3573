"""The app's own files: never reached through a symbolic link, never in a folder others may
write to, made private whatever the umask, and nobody else's mode ever changed."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.__main__ import EXIT_BAD_INPUT, main
from facilitator.agenda import Agenda, load_agenda
from facilitator.agenda import checked as checked_cache
from facilitator.agenda.checked import key_of
from facilitator.meeting.engine import Meeting
from facilitator.store.database import DB_NAME, Opened, open_store
from facilitator.store.recorder import MeetingLog
from facilitator.system.paths import checked_agendas_dir, data_dir

from ..data import TUESDAY, WALL_START
from ..support.clocks import ManualClock, ManualWall


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def opened(directory: Path) -> Opened:
    return open_store(directory, ManualWall(ManualClock(), WALL_START))


def record(opening: Opened) -> None:
    """One event written, so SQLite has made its -wal and -shm files."""
    assert opening.store is not None, opening.notice
    agenda = load_agenda(TUESDAY)
    wall = ManualWall(ManualClock(), WALL_START)
    log = MeetingLog(agenda, "tuesday", str(TUESDAY), wall, opening.store)
    Meeting(agenda, clock=ManualClock(), wall=wall, recorder=log).tally(0)


def assert_in_memory(opening: Opened, *words: str) -> str:
    assert opening.store is None
    notice = opening.notice
    assert notice is not None
    assert "\n" not in notice and "Traceback" not in notice
    assert notice.endswith("This meeting is kept in memory.")
    for word in words:
        assert word in notice, notice
    return notice


@pytest.fixture
def umask() -> Iterator[None]:
    """Puts the process's umask back after the test."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.fixture(params=["O_NOFOLLOW", "a look first"])
def no_follow(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test twice: with O_NOFOLLOW, and as on Windows, which has none."""
    if request.param != "O_NOFOLLOW":
        monkeypatch.delattr(os, "O_NOFOLLOW", raising=False)
    return str(request.param)


# ---------------------------------------------------------------------- symbolic links


@pytest.mark.parametrize("target", ["someone's file", "nothing", "an empty file"])
def test_a_database_that_is_a_link_is_refused(
    data_dir: Path, tmp_path: Path, target: str, no_follow: str
) -> None:
    data_dir.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.db"
    if target == "someone's file":
        connection = sqlite3.connect(elsewhere)
        connection.execute("CREATE TABLE notes (text TEXT)")
        connection.commit()
        connection.close()
        elsewhere.chmod(0o644)
    elif target == "an empty file":
        elsewhere.write_bytes(b"")
    before = elsewhere.read_bytes() if elsewhere.exists() else None
    link = data_dir / DB_NAME
    link.symlink_to(elsewhere)

    notice = assert_in_memory(opened(data_dir), str(link), "symbolic link", "remove the link")

    assert notice.startswith("Meetings cannot be saved: ")
    assert link.is_symlink()
    if before is None:
        assert not elsewhere.exists()  # a dangling link made nothing outside the folder
    else:
        assert elsewhere.read_bytes() == before
    if target == "someone's file":
        assert mode(elsewhere) == 0o644
    assert sorted(p.name for p in data_dir.iterdir()) == [DB_NAME]


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_companion_file_that_is_a_link_is_refused(
    data_dir: Path, tmp_path: Path, suffix: str
) -> None:
    first = opened(data_dir)
    record(first)
    assert first.store is not None
    first.store.close()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_bytes(b"")
    (data_dir / (DB_NAME + suffix)).unlink(missing_ok=True)
    (data_dir / (DB_NAME + suffix)).symlink_to(elsewhere)

    assert_in_memory(opened(data_dir), str(data_dir / (DB_NAME + suffix)), "symbolic link")
    assert elsewhere.read_bytes() == b""


# ---------------------------------------------------------------------- folders others can write


@pytest.mark.parametrize("shared", [0o1777, 0o777, 0o770, 0o720], ids=oct)
def test_a_data_directory_others_can_write_is_refused_and_left_as_it_is(
    data_dir: Path, shared: int
) -> None:
    data_dir.mkdir()
    data_dir.chmod(shared)

    notice = assert_in_memory(
        opened(data_dir), str(data_dir), "other users can write", f"mode {shared:04o}"
    )

    assert "FACILITATOR_DATA_DIR" in notice
    if shared & stat.S_ISVTX:  # /tmp and its like: no advice to narrow a shared folder
        assert "chmod" not in notice
    else:
        assert f"chmod 700 {data_dir}" in notice
    assert mode(data_dir) == shared
    assert list(data_dir.iterdir()) == []


def test_export_refuses_a_shared_data_directory(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir.mkdir()
    data_dir.chmod(0o1777)
    assert main(["export"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and str(data_dir) in err and "other users can write" in err
    assert mode(data_dir) == 0o1777
    assert list(data_dir.iterdir()) == []


def test_the_checked_agendas_are_not_kept_in_a_shared_data_directory(data_dir: Path) -> None:
    data_dir.mkdir()
    data_dir.chmod(0o777)
    assert load_agenda(TUESDAY, checked=checked_agendas_dir()) == load_agenda(TUESDAY)
    assert list(data_dir.iterdir()) == []
    assert mode(data_dir) == 0o777


# ---------------------------------------------------------------------- modes


@pytest.mark.parametrize("mask", [0, 0o022, 0o277], ids=oct)
def test_every_folder_made_is_private_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, umask: None, mask: int
) -> None:
    # The default place, under a home with nothing in it yet: ~/.local and ~/.local/share
    # are made too.
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("FACILITATOR_DATA_DIR")
    directory = data_dir()
    assert directory.is_relative_to(home)
    os.umask(mask)
    opening = opened(directory)
    record(opening)
    load_agenda(TUESDAY, checked=checked_agendas_dir())
    os.umask(0o022)
    assert opening.store is not None
    opening.store.close()

    made = [p for p in home.rglob("*") if p.is_dir()]
    assert directory in made and checked_agendas_dir() in made
    assert {str(p.relative_to(home)): mode(p) for p in made} == {
        str(p.relative_to(home)): 0o700 for p in made
    }
    assert mode(home) == 0o755  # there already: not the app's to change
    files = [p for p in home.rglob("*") if p.is_file()]
    assert len(files) >= 2
    assert {str(p.relative_to(home)): mode(p) for p in files} == {
        str(p.relative_to(home)): 0o600 for p in files
    }


def test_new_files_are_private_where_the_system_has_no_fchmod(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, umask: None
) -> None:
    monkeypatch.delattr(os, "fchmod", raising=False)
    os.umask(0o277)  # owner read only, unless the app sets the mode itself
    opening = opened(data_dir)
    load_agenda(TUESDAY, checked=checked_agendas_dir())
    os.umask(0o022)
    assert opening.store is not None
    opening.store.close()
    (remembered,) = checked_agendas_dir().iterdir()
    assert mode(data_dir / DB_NAME) == 0o600
    assert mode(remembered) == 0o600


# ---------------------------------------------------------------------- the checked agendas


def planted(tmp_path: Path) -> tuple[Agenda, Path]:
    """A checked copy of another agenda, outside the data directory: what a link could show."""
    other = tmp_path / "other.toml"
    other.write_text(TUESDAY.read_text().replace("Tuesday Night", "Planted"), encoding="utf-8")
    folder = tmp_path / "planted"
    agenda = load_agenda(other, checked=folder)
    (copy,) = folder.iterdir()
    return agenda, copy


@pytest.mark.parametrize("link", ["the copy", "checked-agendas", "cache"])
def test_the_checked_agendas_follow_no_link(
    data_dir: Path, tmp_path: Path, link: str, no_follow: str
) -> None:
    planted_agenda, copy = planted(tmp_path)
    folder = checked_agendas_dir()
    key = key_of(TUESDAY.read_bytes())
    assert key is not None
    if link == "the copy":
        folder.mkdir(parents=True, mode=0o700)
        (folder / key).symlink_to(copy)
    else:
        level = folder if link == "checked-agendas" else folder.parent
        level.parent.mkdir(parents=True, mode=0o700)
        level.symlink_to(copy.parent, target_is_directory=True)
        copy.rename(copy.with_name(key) if link == "checked-agendas" else copy)
    before = sorted(p.name for p in copy.parent.iterdir())

    first = load_agenda(TUESDAY, checked=folder)
    again = load_agenda(TUESDAY, checked=folder)

    assert first == again == load_agenda(TUESDAY) != planted_agenda
    assert sorted(p.name for p in copy.parent.iterdir()) == before  # nothing written there
    if link == "the copy":  # the link was replaced by a copy of the app's own
        assert not (folder / key).is_symlink()
        assert checked_cache.recall(folder / key) == first
    else:
        assert checked_cache.recall(folder / key) is None
