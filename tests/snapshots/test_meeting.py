"""What the screen shows, frozen in SVG snapshots (fake clock, fixed size).

Update after an intended change of the UI with `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from facilitator.screens.dialogs import ResourcesScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.store.database import open_store

from ..data import AGENDAS, TUESDAY
from ..hints import Advance, FrozenWall, MakeApp, Size, SnapCompare
from ..support.clocks import ManualClock


def test_ready_screen(
    make_app: MakeApp, terminal_size: Size, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    assert snap_compare(make_app(clock), terminal_size=terminal_size)


def test_ready_screen_counting_down_to_a_scheduled_start(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    # The tests' wall clock reads 19:00 as the app opens: 28 seconds on, 4:32 to go.
    text = TUESDAY.read_text(encoding="utf-8")
    agenda = tmp_path / "tuesday.toml"
    agenda.write_text(text.replace("[meeting]\n", '[meeting]\nstart = "19:05"\n'), "utf-8")
    shown = advance(clock, 28.0)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()  # the meeting screen is up before the clock moves
        await shown(pilot)

    app = make_app(clock, agenda)
    assert snap_compare(app, terminal_size=terminal_size, run_before=run_before)


def test_one_on_one_mid_time_box(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    # The Peer Check-In's sharing step (12 minutes), 5:20 in: its own time box, no queue.
    run = advance(clock, ("1", "s"), 180.0, ("n",), 320.0)
    app = make_app(clock, AGENDAS / "peer-check-in.toml")
    assert snap_compare(app, terminal_size=terminal_size, run_before=run)


def test_share_in_warning(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    run = advance(clock, ("1", "1", "2", "s"), 130.0, ("n", "w", "w", "space"), 160.0)
    assert snap_compare(make_app(clock), terminal_size=terminal_size, run_before=run)


def test_share_time_up(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    run = advance(clock, ("s", "n", "space"), 180.0)
    assert snap_compare(make_app(clock), terminal_size=terminal_size, run_before=run)


def test_share_overtime(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    run = advance(clock, ("s", "n", "space"), 180.0, ("enter", "space"), 195.0)
    assert snap_compare(make_app(clock), terminal_size=terminal_size, run_before=run)


def test_resources(
    make_app: MakeApp, terminal_size: Size, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    assert snap_compare(make_app(clock), terminal_size=terminal_size, press=["r"])


@pytest.mark.parametrize(
    ("size", "seconds"),
    [
        pytest.param((40, 12), 160.0, id="40x12-warning"),
        pytest.param((100, 32), 180.0, id="100x32-time"),
        pytest.param((200, 56), 195.0, id="200x56-overtime"),
    ],
)
def test_room_view(
    advance: Advance,
    make_app: MakeApp,
    snap_compare: SnapCompare,
    clock: ManualClock,
    size: Size,
    seconds: float,
) -> None:
    run = advance(clock, ("s", "n", "space"), seconds, ("b",))
    assert snap_compare(make_app(clock), terminal_size=size, run_before=run)


def test_room_view_holds_time_after_zero(
    advance: Advance, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    # Three seconds past a share's time: still TIME, 0:00, before the overtime counts.
    run = advance(clock, ("s", "n", "space"), 183.0, ("b",))
    assert snap_compare(make_app(clock), terminal_size=(100, 32), run_before=run)


def test_room_view_between_shares(
    advance: Advance, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    # The step's time between two shares: said in words, and drawn smaller than a share's.
    run = advance(clock, ("s", "n", "space"), 150.0, ("enter",), 20.0, ("b",))
    assert snap_compare(make_app(clock), terminal_size=(100, 32), run_before=run)


def test_room_view_before_a_scheduled_start(
    advance: Advance,
    make_app: MakeApp,
    snap_compare: SnapCompare,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    # The tests' wall clock reads 19:00 as the app opens: 28 seconds on, 4:32 to go. The
    # room sees the time of day and when the meeting starts, never the plan's length.
    text = TUESDAY.read_text(encoding="utf-8")
    agenda = tmp_path / "tuesday.toml"
    agenda.write_text(text.replace("[meeting]\n", '[meeting]\nstart = "19:05"\n'), "utf-8")
    run = advance(clock, ("b",), 28.0)
    assert snap_compare(make_app(clock, agenda), terminal_size=(100, 32), run_before=run)


def test_help(
    make_app: MakeApp, terminal_size: Size, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    assert snap_compare(make_app(clock), terminal_size=terminal_size, press=["question_mark"])


def test_picker(
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    # Meetings go to this test's own folder; the hint names a fixed one, to stay the same.
    store = open_store(data_dir, frozen_wall(clock)).store
    monkeypatch.setenv("FACILITATOR_DATA_DIR", "/home/you/.local/share/facilitator")
    assert snap_compare(make_app(clock, agenda_path=None, store=store), terminal_size=terminal_size)


def test_small_terminal_sharing(
    advance: Advance, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    run = advance(clock, ("1", "s"), 60.0, ("n", "space"), 100.0)
    assert snap_compare(make_app(clock), terminal_size=(60, 18), run_before=run)


def test_closing_after_the_meeting(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    steps = advance(clock, ("s",), 120.0, ("n",), 700.0, ("n", "n"), 200.0, ("n", "y"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await steps(pilot)
        # `y` dismisses the question, and the closing reminder then opens: wait for it.
        for _ in range(100):
            if isinstance(pilot.app.screen, ResourcesScreen):
                break
            await pilot.pause(0.01)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    assert snap_compare(make_app(clock), terminal_size=terminal_size, run_before=run_before)


def test_a_share_ended_by_mistake_and_brought_back(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    """`enter` by mistake, then `u`: share 2 runs on, and the screen says what was undone."""
    run = advance(clock, ("s", "n", "space"), 70.0, ("enter", "space"), 40.0, ("enter",), 5.0)
    steps = advance(clock, ("u",))

    async def run_before(pilot: Pilot[Any]) -> None:
        await run(pilot)
        await steps(pilot)
        await pilot.wait_for_scheduled_animations()

    assert snap_compare(make_app(clock), terminal_size=terminal_size, run_before=run_before)


def test_light_theme_warning(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    app = make_app(clock)
    app.theme = "textual-light"
    run = advance(clock, ("s", "n", "space"), 160.0)
    assert snap_compare(app, terminal_size=terminal_size, run_before=run)


def test_room_page_address_and_qr_code(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    # The screen as `v` leaves it with `--lan`, with a fixed address: a real one has a token
    # of its meeting's.
    address = "http://192.168.1.20:8765/kT3x_9ZqQ0v-Ab1cD2eF3g/"
    cohost = "http://192.168.1.20:8765/Qm7_pW2xZ9aB-c3dE4fG5h/"

    async def run_before(pilot: Pilot[Any]) -> None:
        await advance(clock, ("s", "n", "space"), 100.0)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        screen.show_room_page(address, everyone=True, cohost=cohost)
        await pilot.pause()

    assert snap_compare(make_app(clock), terminal_size=terminal_size, run_before=run_before)


def test_room_page_address_on_this_laptop_only(
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    # Without `--lan` no phone can reach the address: it is shown, and no QR code for it.
    address = "http://127.0.0.1:8765/kT3x_9ZqQ0v-Ab1cD2eF3g/"
    cohost = "http://127.0.0.1:8765/Qm7_pW2xZ9aB-c3dE4fG5h/"

    async def run_before(pilot: Pilot[Any]) -> None:
        await advance(clock, ("s", "n", "space"), 100.0)(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, MeetingScreen)
        screen.show_room_page(address, cohost=cohost)
        await pilot.pause()

    assert snap_compare(make_app(clock), terminal_size=terminal_size, run_before=run_before)


def test_room_view_after_a_resize(
    advance: Advance, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    # Opened in a small window in the warning, then the window is made large (a projector).
    async def run_before(pilot: Pilot[Any]) -> None:
        await advance(clock, ("s", "n", "space"), 160.0, ("b",))(pilot)
        await pilot.resize_terminal(160, 45)
        await pilot.pause()

    assert snap_compare(make_app(clock), terminal_size=(60, 16), run_before=run_before)
