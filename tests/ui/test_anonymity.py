"""After a meeting, nothing in the data directory names the user: not their home folder, not
their user name, in the database, its log, its index or the checked agendas. An agenda from
elsewhere (a USB stick, another user's home) leaves no path at all, and its meeting is
resumed, listed, reported and exported all the same."""

from __future__ import annotations

import getpass
import shutil
from pathlib import Path

import pytest

from facilitator.agenda import agenda_to_json, load_agenda
from facilitator.app import build_app
from facilitator.records.export import export_rows
from facilitator.screens.history.report import ReportScreen
from facilitator.screens.history.screen import HistoryScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.screens.resume import ResumeScreen
from facilitator.store.database import DB_NAME, open_store
from facilitator.system.paths import checked_agendas_dir, data_dir

from ..data import TUESDAY
from ..hints import FrozenWall, HistoryLoaded, Press, Settle, Size
from ..support.clocks import ManualClock

NAME = "alicesmith"
# Account names that are words, which any agenda's text may hold.
COMMON = {"root", "user", "admin", "runner", "test", "tester", "guest", "home", "ubuntu", "docker"}


def names(agenda_text: str) -> list[str]:
    """The names to look for: this test's user, and the real one when it says something."""
    try:
        real = getpass.getuser()
    except (KeyError, OSError):
        real = ""
    found = [NAME]
    if len(real) > 2 and real.lower() not in COMMON and real.lower() not in agenda_text.lower():
        found.append(real)
    return found


def grep(folder: Path, needles: list[str]) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.relative_to(folder)}: {n}" for n in needles if n.encode() in data]
    return found


async def test_a_meeting_leaves_no_home_folder_or_user_name_in_the_data_directory(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    frozen_wall: FrozenWall,
    clock: ManualClock,
    press: Press,
    terminal_size: Size,
) -> None:
    home = tmp_path / "home" / NAME
    (home / "Documents").mkdir(parents=True)
    for variable in ("HOME", "USERPROFILE"):
        monkeypatch.setenv(variable, str(home))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.delenv("FACILITATOR_DATA_DIR")  # the default place, inside the home folder
    path = home / "Documents" / "tuesday.toml"
    shutil.copy(TUESDAY, path)
    agenda = load_agenda(path, checked=checked_agendas_dir())
    app = build_app(agenda, path, clock=clock, wall=frozen_wall(clock))
    assert app.store is not None
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1", "2", "n", "space")
        clock.advance(90)
        await press(pilot, "enter", "e", "y")
        await pilot.pause()
    folder = data_dir()
    assert folder.is_relative_to(home)
    files = {p.name for p in folder.rglob("*") if p.is_file()}
    assert {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"} <= files  # open: the log is there
    assert len(list(checked_agendas_dir().iterdir())) == 1
    needles = [str(home), *names(agenda_to_json(agenda))]
    assert grep(folder, needles) == []
    app.store.close()
    assert grep(folder, needles) == []


@pytest.mark.parametrize(
    "where",
    [
        "media/alicesmith/STICK/tuesday.toml",
        "run/media/alicesmith/STICK/tuesday.toml",
        "mnt/c/Users/alicesmith/Documents/tuesday.toml",
        "home/alicesmith/tuesday.toml",  # another user's home
    ],
)
async def test_an_agenda_from_a_stick_leaves_no_path_and_its_meeting_goes_on(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    frozen_wall: FrozenWall,
    clock: ManualClock,
    press: Press,
    settle: Settle,
    history_loaded: HistoryLoaded,
    terminal_size: Size,
    where: str,
) -> None:
    home = tmp_path / "home" / "bob"
    home.mkdir(parents=True)
    for variable in ("HOME", "USERPROFILE"):
        monkeypatch.setenv(variable, str(home))
    path = tmp_path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(TUESDAY, path)
    agenda = load_agenda(path, checked=checked_agendas_dir())
    needles = ["alicesmith", "/media/", str(tmp_path / where.split("/")[0])]

    first = build_app(agenda, path, clock=clock, wall=frozen_wall(clock))
    async with first.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1", "2")
        assert grep(data_dir(), needles) == []  # while it runs: the log holds the rows
        await press(pilot, "q", "y")  # left running, to be resumed
    assert first.store is not None
    first.store.close()

    again = build_app(load_agenda(path), path, clock=clock, wall=frozen_wall(clock))
    async with again.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, ResumeScreen)  # the same file: its meeting is offered
        await press(pilot, "y", "1")
        assert isinstance(again.screen, MeetingScreen)
        assert again.meeting is not None
        assert again.meeting.tallies == {"attendees": 2, "newcomers": 1, "online": 0}
        await press(pilot, "e", "y")
    assert again.store is not None
    again.store.close()

    picker = build_app(None, None, clock=clock, wall=frozen_wall(clock))
    async with picker.run_test(size=terminal_size) as pilot:
        await press(pilot, "h")
        assert isinstance(picker.screen, HistoryScreen)
        await history_loaded(pilot, picker.screen)
        (meeting,) = picker.screen.meetings
        assert meeting.agenda_words == "Tuesday Night Open Discussion · tuesday"
        await press(pilot, "enter")
        assert isinstance(picker.screen, ReportScreen)
    assert picker.store is not None
    picker.store.close()

    store = open_store(data_dir(), frozen_wall(clock)).store
    assert store is not None
    (row,) = export_rows(store)
    (stored,) = store.meetings()
    store.close()
    assert (row.agenda, row.tallies["attendees"], row.ended_at is not None) == ("tuesday", 2, True)
    assert stored.agenda_path == ""
    assert grep(data_dir(), needles) == []
