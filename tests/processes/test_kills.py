"""A meeting survives the real app being killed or hung up on, in a pseudo-terminal.

The app is SIGKILLed mid-meeting, or sent SIGTERM or SIGHUP; the disk then holds every change
the screen had shown, and the next run offers to resume the meeting with them.
"""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest

from facilitator.store.database import open_store

from ..data import ALT_SCREEN_OFF, WALL_START
from ..hints import CountsAfter, ExpectedEvents, StartTerminal, StoredEvents, Terminal
from ..support.clocks import ManualClock, ManualWall


def burst(rng: random.Random) -> str:
    """Tallies, an undo, and more tallies; the last differs from the undone one."""
    first = "".join(rng.choice("123") for _ in range(rng.randint(2, 8)))
    again = "".join(rng.choice("123") for _ in range(rng.randint(1, 6)))
    if again[-1] == first[-1] and len(again) == 1:
        again = str(int(first[-1]) % 3 + 1)
    return first + "u" + again


def resume_shows(data_dir: Path, terminal: Terminal, tallies: dict[str, int]) -> None:
    terminal.wait_for(b"A meeting was not ended")
    terminal.wait_for(b"Resume Tuesday Night Open Discussion?")
    mark = len(terminal.seen)
    terminal.press("y")
    terminal.wait_for(b"elapsed", since=mark)
    terminal.wait_for_tallies(tallies, since=mark)


def test_sigkill_after_the_screen_shows_a_change_loses_nothing(
    tmp_path: Path,
    start_terminal: StartTerminal,
    counts_after: CountsAfter,
    expected_events: ExpectedEvents,
    stored_events: StoredEvents,
) -> None:
    data_dir = tmp_path / "data"
    keys = "1123121u3"
    terminal = start_terminal(data_dir)
    terminal.start_meeting()
    mark = len(terminal.seen)
    terminal.press(keys)
    final = counts_after(keys)[-1]
    terminal.wait_for_tallies(final, since=mark)
    terminal.process.send_signal(signal.SIGKILL)  # the moment the screen shows it
    assert terminal.process.wait(timeout=10) == -signal.SIGKILL

    events, integrity, ended = stored_events(data_dir)
    assert integrity == "ok"
    assert ended == 0
    assert events == expected_events(keys)

    again = start_terminal(data_dir)
    resume_shows(data_dir, again, final)


@pytest.mark.parametrize("round_", range(6))
def test_sigkill_at_a_random_moment_loses_nothing_shown(
    tmp_path: Path,
    start_terminal: StartTerminal,
    counts_after: CountsAfter,
    expected_events: ExpectedEvents,
    stored_events: StoredEvents,
    round_: int,
) -> None:
    rng = random.Random(2026 + round_)
    data_dir = tmp_path / "data"
    keys = burst(rng)
    terminal = start_terminal(data_dir)
    terminal.start_meeting()
    mark = len(terminal.seen)
    keys = keys[: rng.randint(1, len(keys))]  # the kill comes before the rest are pressed
    for key in keys:
        terminal.press(key)
        terminal.drain(rng.uniform(0.0, 0.03))
    terminal.drain(rng.uniform(0.0, 0.03))
    terminal.process.send_signal(signal.SIGKILL)
    terminal.process.wait(timeout=10)
    terminal.drain(0.05)  # whatever it wrote before it died
    shown = terminal.tallies(since=mark) or counts_after("")[0]

    events, integrity, _ = stored_events(data_dir)
    assert integrity == "ok"
    # What reached the disk is the keys' changes in order, up to some point...
    sent = expected_events(keys)
    assert events == sent[: len(events)]
    # ...and that point is no earlier than what the screen had acknowledged.
    saved = len(events) - 1
    states = counts_after(keys)
    assert shown in states[: saved + 1], (keys, shown, events)

    again = start_terminal(data_dir)
    resume_shows(data_dir, again, states[saved])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_leave_the_meeting_resumable(
    tmp_path: Path,
    start_terminal: StartTerminal,
    counts_after: CountsAfter,
    expected_events: ExpectedEvents,
    stored_events: StoredEvents,
    signum: signal.Signals,
) -> None:
    data_dir = tmp_path / "data"
    keys = "12u31"
    terminal = start_terminal(data_dir)
    terminal.start_meeting()
    mark = len(terminal.seen)
    terminal.press(keys)
    terminal.wait_for_tallies(counts_after(keys)[-1], since=mark)
    terminal.process.send_signal(signum)
    assert terminal.wait_exit(timeout=15) == 0
    assert ALT_SCREEN_OFF in terminal.seen[mark:]  # it left cleanly

    events, integrity, ended = stored_events(data_dir)
    assert integrity == "ok"
    assert ended == 0  # only ending the meeting ends it
    assert events == expected_events(keys)
    opened = open_store(data_dir, ManualWall(ManualClock(), WALL_START))
    assert opened.store is not None, opened.notice
    store = opened.store
    try:
        stored = store.unfinished()
        assert stored is not None and len(stored.events) == len(events)
    finally:
        store.close()
