"""A key costs the same in a long meeting: the engine reads no more of it to take a key, to
show a frame, or to take a change back, after thousands of changes than after a few.

What is counted is the work (share records read, changes applied), not the time it takes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from fractions import Fraction
from typing import Any

import pytest

from facilitator.meeting import engine
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import CompletedShare, NotNow
from facilitator.store.recorder import replay

from ..data import CLOSING, ROUND_ONE, ROUND_TWO, ROUNDS
from ..support.clocks import ManualClock, ManualWall

WALL = datetime(2026, 12, 1, 19, 0, tzinfo=timezone(timedelta(hours=-5)))


def on_round_one(clock: ManualClock, shares: int) -> Meeting:
    """A meeting on round one with `shares` shares done there, of a second or two each."""
    meeting = Meeting(ROUNDS, clock=clock, wall=ManualWall(clock, WALL))
    meeting.start()
    meeting.goto(ROUND_ONE)
    for number in range(shares):
        meeting.toggle_share()
        clock.advance(1 + number % 7 / 3)
        meeting.end_share()
    return meeting


class Reads:
    """Counts how often a completed share's fields are read."""

    def __init__(self) -> None:
        self.count = 0


@contextmanager
def counting_reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    """Completed shares made from here on count each read of their fields."""
    reads = Reads()

    class Counted(CompletedShare):
        def __getattribute__(self, name: str) -> Any:
            if name in ("step", "seconds", "added"):
                reads.count += 1
            return super().__getattribute__(name)

    monkeypatch.setattr(engine, "CompletedShare", Counted)
    yield reads


def share_panel(meeting: Meeting) -> None:
    """What the meeting screen reads of the shares for a frame of a sharing step."""
    index = meeting.current
    meeting.share_view()
    meeting.next_share_seconds()
    meeting.share_count(index)
    len(meeting.shares_in_step(index))
    meeting.average_share_seconds(index)
    meeting.suggested_share_seconds()


def reads_for_a_share(meeting: Meeting, clock: ManualClock, reads: Reads) -> int:
    """The share records read to start a share, end it, and draw a frame after each."""
    reads.count = 0
    meeting.toggle_share()
    share_panel(meeting)
    clock.advance(45)
    meeting.end_share()
    share_panel(meeting)
    return reads.count


def test_a_share_reads_no_more_shares_after_a_thousand(monkeypatch: pytest.MonkeyPatch) -> None:
    with counting_reads(monkeypatch) as reads:
        short = on_round_one(ManualClock(), 10)
        clock = ManualClock()
        long = on_round_one(clock, 1000)
        assert long.share_count(ROUND_ONE) == 1000
        read_in_short = reads_for_a_share(short, ManualClock(), reads)
        assert reads_for_a_share(long, clock, reads) == read_in_short


def test_a_steps_average_is_the_exact_mean_of_its_shares(clock: ManualClock) -> None:
    meeting = on_round_one(clock, 300)
    meeting.goto(ROUND_TWO)
    meeting.toggle_share()
    clock.advance(0.1)
    meeting.end_share()
    seconds = [share.seconds for share in meeting.shares_in_step(ROUND_ONE)]
    assert len(seconds) == 300
    exact = sum((Fraction(s) for s in seconds), Fraction(0)) / len(seconds)
    assert meeting.average_share_seconds(ROUND_ONE) == float(exact)
    assert meeting.average_share_seconds(ROUND_TWO) == pytest.approx(0.1, abs=1e-9)
    assert meeting.average_share_seconds(CLOSING) is None
    # Shares ended and taken back, again and again, leave the same sum: nothing drifts.
    for _ in range(200):
        meeting.goto(ROUND_ONE)
        meeting.toggle_share()
        clock.advance(0.1)
        meeting.end_share()
        meeting.undo()
        meeting.undo()
        meeting.undo()
    assert meeting.share_count(ROUND_ONE) == 300
    assert meeting.average_share_seconds(ROUND_ONE) == float(exact)


@contextmanager
def counting_changes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The kinds of the changes the meeting applies, as it applies them, from here on."""
    applied: list[str] = []
    change = Meeting._change

    def counted(meeting: Meeting, event: Any, place: int) -> None:
        applied.append(event.kind)
        change(meeting, event, place)

    monkeypatch.setattr(Meeting, "_change", counted)
    yield applied


@pytest.mark.parametrize(
    "last",
    [
        "tally",
        "end_share",
        "toggle_share",
        "goto",
        "set_waiting",
        "adjust_share",
        "apply_suggestion",
        "end",
    ],
)
def test_undoing_a_change_applies_no_change_again(
    last: str, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = on_round_one(clock, 500)
    for index in range(2000):
        meeting.tally(index % 2)
    meeting.set_waiting(3)
    meeting.toggle_share()
    clock.advance(20)
    seen_before = seen(meeting)
    do: dict[str, Callable[[], object]] = {
        "tally": lambda: meeting.tally(1),
        "end_share": meeting.end_share,
        "toggle_share": meeting.toggle_share,
        "goto": lambda: meeting.goto(ROUND_TWO),
        "set_waiting": lambda: meeting.set_waiting(8),
        "adjust_share": lambda: meeting.adjust_share(30),
        "apply_suggestion": meeting.apply_suggestion,
        "end": meeting.end,
    }
    do[last]()
    with counting_changes(monkeypatch) as applied:
        meeting.undo()
    assert applied == []
    assert seen(meeting) == seen_before


def seen(meeting: Meeting) -> dict[str, object]:
    """Everything a reader can see of a meeting now (but its log)."""
    steps = range(len(meeting.agenda.steps))
    return {
        "status": meeting.status,
        "current": meeting.current,
        "started_at": meeting.started_at,
        "ended_at": meeting.ended_at,
        "waiting": meeting.waiting,
        "tallies": dict(meeting.tallies),
        "shares": list(meeting.shares),
        "by_step": [list(meeting.shares_in_step(i)) for i in steps],
        "averages": [meeting.average_share_seconds(i) for i in steps],
        "share": meeting.share_view(),
        "steps": [asdict(step) for step in meeting.steps()],
        "elapsed": meeting.elapsed(),
        "variance": meeting.variance(),
        "next_share": meeting.next_share_seconds(),
        "suggested": meeting.suggested_share_seconds(),
        "undoable": meeting.can_undo,
    }


def random_change(meeting: Meeting, rng: random.Random) -> None:
    steps = len(meeting.agenda.steps)
    changes: list[Callable[[], object]] = [
        meeting.start,
        lambda: meeting.start_ago(rng.choice([60, 300])),
        lambda: meeting.goto(rng.randrange(steps)),
        meeting.toggle_share,
        meeting.toggle_share,
        meeting.end_share,
        lambda: meeting.adjust_share(rng.choice([30, -30])),
        lambda: meeting.set_waiting(rng.randrange(0, 6)),
        meeting.apply_suggestion,
        lambda: meeting.tally(rng.randrange(2)),
        lambda: meeting.end() if rng.random() < 0.1 else None,
    ]
    rng.choice(changes)()


@pytest.mark.parametrize("seed", [3, 26, 1999])
def test_undo_after_undo_is_the_log_replayed(seed: int) -> None:
    """Runs of undos, deep into a long meeting, leave the meeting its log rebuilds."""
    rng = random.Random(seed)
    clock = ManualClock(1000.0)
    meeting = Meeting(ROUNDS, clock=clock, wall=ManualWall(clock, WALL))
    undone = 0
    for _ in range(1500):
        clock.advance(rng.choice([0, 1, 7.3, 30, 95]))
        if rng.random() < 0.15:
            for _ in range(rng.choice([1, 1, 2, 5, 20])):
                with suppress(NotNow):
                    meeting.undo()
                    undone += 1
            rebuilt = replay(ROUNDS, list(meeting.events), clock, meeting.wall)
            assert seen(meeting) == seen(rebuilt)
            continue
        with suppress(NotNow):
            random_change(meeting, rng)
    assert undone > 300
    # And a resumed meeting takes its changes back as the one that made them.
    rebuilt = replay(ROUNDS, list(meeting.events), clock, meeting.wall)
    while meeting.can_undo:
        assert rebuilt.undo() == meeting.undo()
        assert seen(rebuilt) == seen(meeting)
