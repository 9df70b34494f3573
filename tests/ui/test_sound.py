"""The room hears the time: tones at the warning and time-up, the bell, the sound check.

The player is a program that records each file it is given (`FACILITATOR_PLAYER`); the
meeting runs on a hand-moved clock.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from facilitator.app import FacilitatorApp
from facilitator.room.sound import fallback_words, wav_bytes
from facilitator.widgets.share_timer import ShareTimer

from ..hints import MakeApp, Press, Settle
from ..support.clocks import ManualClock
from ..support.players import FakePlayer, fake_player

AGENDA = """\
[meeting]
name = "Sound"

[sharing]
share_minutes = 0.5
warning_seconds = 12
{sharing}

[[steps]]
title = "Shares"
kind = "sharing"
minutes = 20
{step}
"""


def agenda(folder: Path, sharing: str = "", step: str = "") -> Path:
    path = folder / "sound.toml"
    path.write_text(AGENDA.format(sharing=sharing, step=step), encoding="utf-8")
    return path


class Bells:
    """Counts the terminal bells an app rings."""

    def __init__(self, app: FacilitatorApp, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        monkeypatch.setattr(app, "bell", self.ring)

    def ring(self) -> None:
        self.count += 1

    async def heard(self, pilot: Pilot[Any], count: int) -> int:
        """How many bells rang, once `count` have or after 10 s: a tone that cannot play
        is found out in the speaker's own thread, which rings the bell from there."""
        deadline = time.monotonic() + 10
        while self.count < count and time.monotonic() < deadline:
            await pilot.pause(0.05)
        return self.count


async def test_a_share_plays_its_warning_and_its_time_up_once_each(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    recording_player: FakePlayer,
    tmp_path: Path,
) -> None:
    app = make_app(clock, agenda_path=agenda(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "space")
        await tick(pilot)
        clock.advance(17)
        await tick(pilot)
        assert recording_player.cues() == []
        clock.advance(1)  # 12 seconds left: the warning
        await tick(pilot)
        recording_player.wait_for(1)
        clock.advance(12)  # time
        await tick(pilot)
        played = recording_player.wait_for(2)
        clock.advance(120)  # well over: nothing more, no reminder was asked for
        await tick(pilot)
        await pilot.pause(0.3)
    assert recording_player.cues() == ["warning", "time"]
    # Real WAV files, the app's own tones.
    assert [path.read_bytes() for path in played] == [wav_bytes("warning"), wav_bytes("time")]


async def test_a_share_ended_early_plays_nothing(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    recording_player: FakePlayer,
    tmp_path: Path,
) -> None:
    app = make_app(clock, agenda_path=agenda(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "space")
        clock.advance(10)
        await press(pilot, "enter")
        clock.advance(60)
        await tick(pilot)
        await pilot.pause(0.3)
    assert recording_player.cues() == []


async def test_overtime_reminders_only_when_the_agenda_asks(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    recording_player: FakePlayer,
    tmp_path: Path,
) -> None:
    path = agenda(tmp_path, sharing="overtime_reminder_seconds = 20")
    app = make_app(clock, agenda_path=path)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "space")
        for seconds in (18, 12, 19, 1, 20, 10):  # warning, time, -, +0:20, +0:40, -
            clock.advance(seconds)
            await tick(pilot)
        recording_player.wait_for(4)
        await pilot.pause(0.3)
    assert recording_player.cues() == ["warning", "time", "overtime", "overtime"]


@pytest.mark.parametrize(
    ("sharing", "step"),
    [('sound = "off"', ""), ("chime = false", ""), ("", 'sound = "off"')],
    ids=["off", "chime-false", "off-for-the-step"],
)
async def test_off_is_silent(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    recording_player: FakePlayer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sharing: str,
    step: str,
) -> None:
    app = make_app(clock, agenda_path=agenda(tmp_path, sharing, step))
    bells = Bells(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "space")
        for seconds in (18, 12, 60):
            clock.advance(seconds)
            await tick(pilot)
        await pilot.pause(0.3)
    assert recording_player.cues() == [] and bells.count == 0


async def test_bell_rings_the_terminal_bell_at_time_up_only(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    recording_player: FakePlayer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(clock, agenda_path=agenda(tmp_path, 'sound = "bell"'))
    bells = Bells(app, monkeypatch)
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "space")
        clock.advance(18)
        await tick(pilot)
        assert bells.count == 0  # no bell at the warning
        clock.advance(12)
        await tick(pilot)
        assert bells.count == 1
        clock.advance(60)
        await tick(pilot)
    assert bells.count == 1 and recording_player.cues() == []


async def test_with_no_player_the_bell_rings_the_timer_flashes_and_it_is_said_once(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FACILITATOR_PLAYER")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pw-play, paplay or aplay
    app = make_app(clock, agenda_path=agenda(tmp_path))
    bells = Bells(app, monkeypatch)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await press(pilot, "s", "space")
        clock.advance(18)
        await tick(pilot)
        assert await bells.heard(pilot, 1) == 1
        assert app.screen.query_one(ShareTimer).has_class("-rang")  # seen as well as heard
        clock.advance(12)
        await tick(pilot)
        assert await bells.heard(pilot, 2) == 2
        await pilot.pause(1.1)
        assert not app.screen.query_one(ShareTimer).has_class("-rang")  # a second's flash
        messages = [notification.message for notification in app._notifications]
        assert messages.count(fallback_words(None)) == 1
        assert fallback_words(None) == "no sound player found: using the terminal bell"
        await press(pilot, "enter", "space")  # the meeting goes on
        assert app.meeting is not None and len(app.meeting.shares) == 1


async def test_a_player_that_hangs_does_not_hold_the_meeting(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tick: Settle,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hanging = fake_player(tmp_path / "player", hang=True)
    monkeypatch.setenv("FACILITATOR_PLAYER", hanging.command)
    app = make_app(clock, agenda_path=agenda(tmp_path))
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s", "space")
        clock.advance(18)
        await tick(pilot)
        hanging.wait_for(1)  # playing, and will not stop by itself
        await press(pilot, "1", "1", "enter")
        assert app.meeting is not None
        assert app.meeting.tallies["attendees"] == 2 and len(app.meeting.shares) == 1


async def test_t_checks_the_sound_before_and_during_the_meeting(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    recording_player: FakePlayer,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        shown = app.screen.active_bindings["t"].binding
        assert (shown.description, shown.show) == ("Sound check", True)  # in the footer
        await press(pilot, "t")
        recording_player.wait_for(1)
        await press(pilot, "s")
        assert not app.screen.active_bindings["t"].binding.show  # started: off the footer
        await press(pilot, "t")  # still works, off the footer
        recording_player.wait_for(2)
        messages = [notification.message for notification in app._notifications]
        assert f"Sound check: the time-up tones, with {recording_player.command}" in messages
    assert recording_player.cues() == ["time", "time"]


def test_a_tone_that_fails_after_the_app_has_closed_is_not_an_error(
    make_app: MakeApp, clock: ManualClock
) -> None:
    """The speaker's thread may give up on a tone as the app closes: with its event loop gone
    there is no screen to ring or say it on, and nothing is raised."""
    app = make_app(clock)

    async def run() -> None:
        async with app.run_test():
            assert app.speaker is not None  # made while the app runs, on its loop

    asyncio.run(run())  # the loop is closed now
    speaker = app.speaker
    speaker._ring("time")
    speaker._gave_up("no player")
