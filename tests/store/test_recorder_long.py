"""Recording a long meeting: a change costs the store the same after thousands of them as
after a few (the statements it runs, and the steps SQLite takes to run them, are counted,
not timed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from facilitator.agenda import load_agenda
from facilitator.store import recorder
from facilitator.store.database import open_store

from ..data import TUESDAY, WALL_START
from ..support.clocks import ManualClock, ManualWall

SHARING = 1  # Tuesday's sharing step


def work_per_change(tmp_path: Path, changes_before: int) -> list[tuple[str, int, int]]:
    """The statements the store runs to record each kind of change, and SQLite's steps (of
    its virtual machine) to run them, once the meeting has `changes_before` changes
    (tallies, shares and their ends taken back)."""
    clock = ManualClock()
    wall = ManualWall(clock, WALL_START)
    store = open_store(tmp_path / str(changes_before), wall).store
    assert store is not None
    agenda = load_agenda(TUESDAY)
    assert agenda.steps[SHARING].kind == "sharing"
    meeting = recorder.start(agenda, TUESDAY, store, clock, wall).meeting
    meeting.start()
    meeting.goto(SHARING)
    for index in range(changes_before // 4):
        meeting.tally(index % 3)
        meeting.toggle_share()
        clock.advance(3)
        meeting.end_share()
        meeting.undo()
    meeting.end_share()
    ran: list[str] = []
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0  # go on

    store.connection.set_trace_callback(ran.append)
    store.connection.set_progress_handler(step, 1)
    changes: list[tuple[str, Callable[[], object]]] = [
        ("tally", lambda: meeting.tally(0)),
        ("share start", meeting.toggle_share),
        ("share end", meeting.end_share),
        ("undo", meeting.undo),
        ("move", lambda: meeting.goto(SHARING + 1)),
        ("undo of a move", meeting.undo),
    ]
    counted: list[tuple[str, int, int]] = []
    for name, change in changes:
        ran.clear()
        steps[0] = 0
        change()
        counted.append((name, len(ran), steps[0]))
    store.connection.set_trace_callback(None)
    store.connection.set_progress_handler(None, 1)
    store.close()
    return counted


def test_a_change_runs_as_many_statements_in_a_long_meeting(tmp_path: Path) -> None:
    short = work_per_change(tmp_path, 8)
    assert all(statements and steps for _, statements, steps in short)
    assert work_per_change(tmp_path, 3000) == short
