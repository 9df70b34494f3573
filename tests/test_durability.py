"""A meeting survives what happens to a laptop: a kill, a closed terminal, a sleep, a reboot.

The resume tests rebuild a meeting from the store the way the app's `resume` does, on a new
process's clock (which may have restarted from zero), and compare it with the meeting as it
stood. The kill tests run the real app in a pseudo-terminal and SIGKILL it mid-meeting.
"""

from __future__ import annotations

import os
import random
import re
import select
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

import facilitator.clocks as clocks
from facilitator.agenda import load_agenda
from facilitator.clocks import ManualClock, ManualWall, ResumedClock
from facilitator.engine import Meeting, ShareState, Status, Urgency
from facilitator.recorder import MeetingLog, replay
from facilitator.screens.meeting import MeetingScreen
from facilitator.store import DB_NAME, Store, StoredMeeting, open_store
from facilitator.widgets.share_timer import ShareTimer

from .conftest import (
    TUESDAY,
    WALL_START,
    FakeClock,
    frozen_wall,
    make_app,
    press,
    start_in_pty,
)

AGENDA = load_agenda(TUESDAY)
CATEGORIES = [category.id for category in AGENDA.attendance]


def open_ok(directory: Path, clock: FakeClock) -> Store:
    opened = open_store(directory, frozen_wall(clock))
    assert opened.store is not None, opened.notice
    return opened.store


@dataclass
class Before:
    """A meeting recorded by one run of the app, and where it stood when that run ended."""

    meeting: Meeting
    log: MeetingLog
    clock: FakeClock


def run_meeting(data_dir: Path, *, share: str = "running") -> Before:
    """Start, count, move to the Shares step and start a share (left running or paused)."""
    clock = ManualClock(1000.0)
    wall = frozen_wall(clock)
    store = open_ok(data_dir, clock)
    log = MeetingLog(AGENDA, "tuesday", str(TUESDAY), wall, store)
    meeting = Meeting(AGENDA, clock=clock, wall=wall, recorder=log)
    meeting.tally(0)
    meeting.start()
    clock.advance(100)
    meeting.tally(0)
    meeting.tally(2)
    meeting.undo_tally()
    meeting.next_step()
    meeting.set_waiting(4)
    clock.advance(20)
    meeting.toggle_share()
    clock.advance(50)
    if share == "paused":
        meeting.toggle_share()
        clock.advance(15)
    store.close()  # the app is gone
    return Before(meeting, log, clock)


def reopen(data_dir: Path, before: Before, away: float) -> tuple[Meeting, Store, FakeClock]:
    """Start again `away` seconds after the meeting as it stood, on a fresh clock, and resume.

    The recipe of `FacilitatorApp.resume`: the new timeline continues from the last event,
    plus the wall-clock time since it was recorded.
    """
    clock = ManualClock(7.0)  # a new process, maybe after a reboot: the clock starts anew
    start = WALL_START + timedelta(seconds=before.clock.now - 1000.0 + away)
    wall = ManualWall(clock, start)
    store = open_ok(data_dir, clock)
    stored = store.unfinished()
    assert stored is not None
    gone = max(0.0, (wall() - stored.last_wall).total_seconds())
    resumed = ResumedClock(clock, stored.events[-1].at + gone)
    meeting = replay(stored.agenda, list(stored.events), resumed, wall)
    meeting.recorder = MeetingLog.resuming(stored, store, wall)
    return meeting, store, clock


def assert_same(resumed: Meeting, before: Meeting, later: float = 0.0) -> None:
    """The same meeting, `later` seconds on."""
    assert resumed.status is before.status
    assert resumed.current == before.current
    assert resumed.tallies == before.tallies
    assert resumed.waiting == before.waiting
    assert resumed.can_undo_tally == before.can_undo_tally
    assert resumed.elapsed() == pytest.approx(before.elapsed() + later)
    assert resumed.step_used(before.current) == pytest.approx(
        before.step_used(before.current) + later
    )


# ---------------------------------------------------------------------- resume


def test_a_resumed_meeting_is_the_meeting_as_it_stood(data_dir: Path) -> None:
    before = run_meeting(data_dir)
    resumed, store, _ = reopen(data_dir, before, away=0.0)
    assert_same(resumed, before.meeting)
    share, was = resumed.share_view(), before.meeting.share_view()
    assert share is not None and was is not None
    assert (share.number, share.state, share.allotted) == (1, ShareState.RUNNING, 180.0)
    assert share.remaining == pytest.approx(was.remaining) == pytest.approx(130.0)
    assert resumed.steps() == before.meeting.steps()
    store.close()


def test_the_time_away_counts(data_dir: Path) -> None:
    before = run_meeting(data_dir)
    resumed, store, clock = reopen(data_dir, before, away=600.0)
    assert_same(resumed, before.meeting, later=600.0)
    share = resumed.share_view()
    assert share is not None
    assert share.state is ShareState.RUNNING
    # 130 s were left: ten minutes later the share is 7:50 over, and reads as such.
    assert share.remaining == pytest.approx(130.0 - 600.0)
    assert share.urgency is Urgency.TIME
    clock.advance(30)  # and the clock keeps moving from there
    assert resumed.elapsed() == pytest.approx(before.meeting.elapsed() + 630.0)
    store.close()


def test_a_paused_share_stays_paused(data_dir: Path) -> None:
    before = run_meeting(data_dir, share="paused")
    resumed, store, clock = reopen(data_dir, before, away=600.0)
    assert_same(resumed, before.meeting, later=600.0)
    share = resumed.share_view()
    assert share is not None
    assert share.state is ShareState.PAUSED
    assert share.remaining == pytest.approx(130.0)
    clock.advance(100)
    still = resumed.share_view()
    assert still is not None and still.remaining == pytest.approx(130.0)
    resumed.toggle_share()  # resume the share: it runs from where it stopped
    clock.advance(30)
    running = resumed.share_view()
    assert running is not None and running.state is ShareState.RUNNING
    assert running.remaining == pytest.approx(100.0)
    store.close()


def test_a_clock_behind_the_record_counts_no_time_away(data_dir: Path) -> None:
    # The wall clock was set back while the app was closed: nothing runs backwards.
    before = run_meeting(data_dir)
    resumed, store, _ = reopen(data_dir, before, away=-3600.0)
    # The meeting as its last recorded change (the share's start, 50 s before) left it.
    assert_same(resumed, before.meeting, later=-50.0)
    store.close()


def test_after_resume_the_record_continues(data_dir: Path) -> None:
    before = run_meeting(data_dir)
    resumed, store, clock = reopen(data_dir, before, away=120.0)
    clock.advance(10)
    resumed.tally(1)
    resumed.end_share()
    resumed.next_step()
    resumed.end()
    stored = store.get(before.log.meeting_id or -1)
    assert list(stored.events) == resumed.events
    seqs = store.connection.execute(
        "SELECT seq FROM events WHERE meeting_id = ? ORDER BY seq", (stored.id,)
    ).fetchall()
    assert [seq for (seq,) in seqs] == list(range(len(resumed.events)))
    assert store.unfinished() is None
    store.close()


def decline(stored: StoredMeeting, store: Store) -> None:
    """The recipe of `FacilitatorApp.decline`."""
    last = stored.events[-1].at
    meeting = replay(stored.agenda, list(stored.events), lambda: last, lambda: stored.last_wall)
    log = MeetingLog.resuming(stored, store, lambda: stored.last_wall)
    meeting.recorder = log
    meeting.end(started_or_not=True)
    log.finished(meeting)


def test_declining_ends_the_meeting_at_its_last_change(data_dir: Path) -> None:
    before = run_meeting(data_dir)
    store = open_ok(data_dir, ManualClock())
    stored = store.unfinished()
    assert stored is not None
    decline(stored, store)
    assert store.unfinished() is None
    ended = store.get(stored.id)
    # The last change was the share's start, at 19:02; nothing after it is known.
    assert ended.ended_at == stored.last_wall == WALL_START + timedelta(seconds=120)
    assert ended.summary is not None
    assert ended.summary.actual_seconds == before.meeting.events[-1].at - 1000.0 == 120.0
    assert ended.summary.shares == 1  # the share under way is counted, as it ended there
    assert [m.id for m in store.meetings()] == [stored.id]  # kept in history
    store.close()


def test_a_meeting_that_only_counted_can_be_resumed_and_declined(data_dir: Path) -> None:
    clock = ManualClock()
    wall = frozen_wall(clock)
    store = open_ok(data_dir, clock)
    log = MeetingLog(AGENDA, "tuesday", "", wall, store)
    meeting = Meeting(AGENDA, clock=clock, wall=wall, recorder=log)
    meeting.tally(0)
    clock.advance(40)
    meeting.tally(1)
    store.close()
    before = Before(meeting, log, clock)

    resumed, store, _ = reopen(data_dir, before, away=300.0)
    assert resumed.status is Status.READY
    assert resumed.tallies == {"attendees": 1, "newcomers": 1, "online": 0}
    assert resumed.elapsed() == 0.0
    stored = store.unfinished()
    assert stored is not None and stored.started_at is None

    decline(stored, store)
    ended = store.get(stored.id)
    assert store.unfinished() is None
    assert ended.started_at is None
    assert ended.ended_at == WALL_START + timedelta(seconds=40)
    assert ended.summary is not None and ended.summary.actual_seconds == 0.0
    store.close()


# ---------------------------------------------------------------------- sleep


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="CLOCK_BOOTTIME is Linux's")
def test_the_meeting_clock_counts_while_the_laptop_sleeps(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CLOCK_MONOTONIC stops during suspend on Linux; CLOCK_BOOTTIME does not.
    asked: list[int] = []
    real = time.clock_gettime

    def spy(clock_id: int) -> float:
        asked.append(clock_id)
        return real(clock_id)

    monkeypatch.setattr(time, "clock_gettime", spy)
    monkeypatch.setattr(time, "monotonic", lambda: pytest.fail("time.monotonic was used"))
    first = clocks.monotonic_clock()
    second = clocks.monotonic_clock()
    assert asked == [time.CLOCK_BOOTTIME] * 2
    assert first <= second
    assert Meeting(AGENDA).clock is clocks.monotonic_clock


def test_a_share_reads_true_after_a_sleep(clock: FakeClock) -> None:
    meeting = Meeting(AGENDA, clock=clock, wall=frozen_wall(clock))
    meeting.start()
    meeting.next_step()
    meeting.toggle_share()
    clock.advance(30)
    share = meeting.share_view()
    assert share is not None and share.remaining == 150.0
    clock.advance(20 * 60)  # the lid closes mid-share, and opens twenty minutes later
    share = meeting.share_view()
    assert share is not None
    assert share.elapsed == 30.0 + 1200.0
    assert share.remaining == 150.0 - 1200.0
    assert share.urgency is Urgency.TIME
    assert meeting.elapsed() == 1230.0
    assert meeting.take_time_up()  # the chime still rings once


async def test_the_screen_reads_true_after_a_sleep(clock: FakeClock) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(30)
        clock.advance(20 * 60)  # asleep: no tick ran meanwhile
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        screen.refresh_view()  # what the next tick does
        await pilot.pause()
        share = str(screen.query_one(ShareTimer).render())
        assert "over +17:30" in share and "TIME" in share
        assert "20:30 elapsed" in str(screen.query_one("#status").render())


# ---------------------------------------------------------------------- the real app


ALT_SCREEN_OFF = b"\x1b[?1049l"
ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]|\x1b\][^\x07]*\x07")
TALLY = re.compile(rb"(Attendees|Newcomers|Online) +(\d+)(?=\D)")  # a whole number
LABELS = {b"Attendees": "attendees", b"Newcomers": "newcomers", b"Online": "online"}


class Terminal:
    """The real app in a pseudo-terminal; everything it writes is kept (and always drained)."""

    def __init__(self, data_dir: Path) -> None:
        self.process, self.fd = start_in_pty(data_dir)
        self.seen = b""

    def drain(self, seconds: float = 0.0) -> None:
        deadline = time.monotonic() + seconds
        while True:
            ready, _, _ = select.select([self.fd], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                if time.monotonic() >= deadline:
                    return
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.seen += chunk

    def wait_for(self, marker: bytes, since: int = 0, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.plain(since) and time.monotonic() < deadline:
            self.drain(0.05)
        assert marker in self.plain(since), self.plain(since)[-800:]

    def plain(self, since: int = 0) -> bytes:
        return ANSI.sub(b"", self.seen[since:])

    def tallies(self, since: int = 0) -> dict[str, int]:
        """The counts the screen shows now: the last one drawn for each category."""
        shown = {}
        for label, count in TALLY.findall(self.plain(since)):
            shown[LABELS[label]] = int(count)
        return shown

    def wait_for_tallies(
        self, expected: dict[str, int], since: int = 0, timeout: float = 15.0
    ) -> None:
        deadline = time.monotonic() + timeout
        while self.tallies(since) != expected and time.monotonic() < deadline:
            self.drain(0.02)
        assert self.tallies(since) == expected, self.plain(since)[-800:]

    def wait_exit(self, timeout: float) -> int | None:
        """Wait for the app to end, reading what it writes meanwhile (so it never blocks)."""
        deadline = time.monotonic() + timeout
        while self.process.poll() is None and time.monotonic() < deadline:
            self.drain(0.05)
        self.drain(0.05)
        return self.process.poll()

    def press(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.fd)


@pytest.fixture
def terminals() -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.close()


def counts_after(keys: str) -> list[dict[str, int]]:
    """The tallies after each key of `keys` (digits count, `u` undoes the last count)."""
    tallies = dict.fromkeys(CATEGORIES, 0)
    undo: list[str] = []
    states = [dict(tallies)]
    for key in keys:
        if key == "u":
            category = undo.pop()
            tallies[category] -= 1
        else:
            category = CATEGORIES[int(key) - 1]
            tallies[category] += 1
            undo.append(category)
        states.append(dict(tallies))
    return states


def expected_events(keys: str) -> list[tuple[str, str | None]]:
    events: list[tuple[str, str | None]] = [("start", None)]
    undo: list[str] = []
    for key in keys:
        if key == "u":
            events.append(("undo_tally", undo.pop()))
        else:
            category = CATEGORIES[int(key) - 1]
            events.append(("tally", category))
            undo.append(category)
    return events


def stored_events(data_dir: Path) -> tuple[list[tuple[str, str | None]], str, int | None]:
    """The one meeting's events as the disk has them, its integrity, and whether it ended."""
    connection = sqlite3.connect(data_dir / DB_NAME)
    try:
        (integrity,) = connection.execute("PRAGMA integrity_check").fetchone()
        rows = connection.execute("SELECT seq, kind, value FROM events ORDER BY seq").fetchall()
        ended = connection.execute("SELECT count(*) FROM meetings WHERE ended_at IS NOT NULL")
        (ended_count,) = ended.fetchone()
    finally:
        connection.close()
    assert [seq for seq, _, _ in rows] == list(range(len(rows)))
    return [(kind, value) for _, kind, value in rows], integrity, ended_count


def start_meeting(terminal: Terminal) -> None:
    terminal.wait_for(b"Tuesday Night")
    terminal.press("s")
    terminal.wait_for(b"elapsed")


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
    tmp_path: Path, terminals: list[Terminal]
) -> None:
    data_dir = tmp_path / "data"
    keys = "1123121u3"
    terminal = Terminal(data_dir)
    terminals.append(terminal)
    start_meeting(terminal)
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

    again = Terminal(data_dir)
    terminals.append(again)
    resume_shows(data_dir, again, final)


@pytest.mark.parametrize("round_", range(6))
def test_sigkill_at_a_random_moment_loses_nothing_shown(
    tmp_path: Path, terminals: list[Terminal], round_: int
) -> None:
    rng = random.Random(2026 + round_)
    data_dir = tmp_path / "data"
    keys = burst(rng)
    terminal = Terminal(data_dir)
    terminals.append(terminal)
    start_meeting(terminal)
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

    again = Terminal(data_dir)
    terminals.append(again)
    resume_shows(data_dir, again, states[saved])


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_leave_the_meeting_resumable(
    tmp_path: Path, terminals: list[Terminal], signum: signal.Signals
) -> None:
    data_dir = tmp_path / "data"
    keys = "12u31"
    terminal = Terminal(data_dir)
    terminals.append(terminal)
    start_meeting(terminal)
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
    store = open_ok(data_dir, ManualClock())
    try:
        stored = store.unfinished()
        assert stored is not None and len(stored.events) == len(events)
    finally:
        store.close()
