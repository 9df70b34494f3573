"""The sounds a share is due, each once: its warning, its time-up, reminders in overtime."""

from __future__ import annotations

import pytest

from facilitator.agenda import Agenda, parse_agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import Cue
from facilitator.store.recorder import replay

from ..hints import FrozenWall
from ..support.clocks import ManualClock

AGENDA = b"""\
[meeting]
name = "Cues"

[sharing]
share_minutes = 0.5
warning_seconds = 12
%s

[[steps]]
title = "Shares"
kind = "sharing"
minutes = 30

[[steps]]
title = "More shares"
kind = "sharing"
minutes = 30
"""


def agenda(sharing: bytes = b"") -> Agenda:
    return parse_agenda(AGENDA % sharing, "cues.toml")


@pytest.fixture
def meeting(clock: ManualClock, frozen_wall: FrozenWall) -> Meeting:
    meeting = Meeting(agenda(b"overtime_reminder_seconds = 20"), clock, frozen_wall(clock))
    meeting.start()
    meeting.toggle_share()
    return meeting


def heard(meeting: Meeting, clock: ManualClock, *seconds: float) -> list[Cue | None]:
    """What is due after each wait."""
    taken: list[Cue | None] = []
    for wait in seconds:
        clock.advance(wait)
        taken.append(meeting.take_cue())
    return taken


def test_each_sound_once_in_its_time(meeting: Meeting, clock: ManualClock) -> None:
    assert heard(meeting, clock, 17, 1, 0, 11, 1, 0, 19, 1, 0, 20, 0) == [
        None, "warning", None,  # 12 seconds left
        None, "time", None,  # 0:00
        None, "overtime", None,  # +0:20
        "overtime", None,  # +0:40
    ]  # fmt: skip


def test_a_long_gap_sounds_once_not_for_each_moment_missed(
    meeting: Meeting, clock: ManualClock
) -> None:
    # The laptop slept through the warning, time-up and three reminders: one sound now.
    assert heard(meeting, clock, 95, 0, 14, 1) == ["time", None, None, "overtime"]  # at +1:20


def test_no_reminders_unless_the_agenda_asks(clock: ManualClock, frozen_wall: FrozenWall) -> None:
    meeting = Meeting(agenda(), clock, frozen_wall(clock))
    meeting.start()
    meeting.toggle_share()
    assert heard(meeting, clock, 18, 12, 60, 600) == ["warning", "time", None, None]


def test_a_paused_share_sounds_nothing_while_paused(meeting: Meeting, clock: ManualClock) -> None:
    clock.advance(10)
    meeting.toggle_share()  # paused with 20 seconds left
    assert heard(meeting, clock, 600) == [None]
    meeting.toggle_share()
    assert heard(meeting, clock, 8, 12) == ["warning", "time"]


def test_more_time_sounds_again_at_the_new_end(meeting: Meeting, clock: ManualClock) -> None:
    assert heard(meeting, clock, 18, 12) == ["warning", "time"]
    meeting.adjust_share(30)  # 30 seconds left again: out of the warning too
    assert heard(meeting, clock, 0, 18, 12) == [None, "warning", "time"]
    meeting.adjust_share(30)
    meeting.adjust_share(-30)  # taken back at once: time is up again, and says so again
    assert heard(meeting, clock, 0) == ["time"]


def test_a_share_ended_early_sounds_nothing(meeting: Meeting, clock: ManualClock) -> None:
    clock.advance(10)
    meeting.end_share()
    assert heard(meeting, clock, 30, 60) == [None, None]


def test_each_share_has_its_own_sounds(meeting: Meeting, clock: ManualClock) -> None:
    assert heard(meeting, clock, 18, 12) == ["warning", "time"]
    meeting.end_share()
    meeting.toggle_share()  # share 2
    assert heard(meeting, clock, 18, 12) == ["warning", "time"]
    meeting.next_step()
    meeting.toggle_share()  # share 1 of the next step: a share of its own
    assert heard(meeting, clock, 18, 12) == ["warning", "time"]


def test_a_resumed_meeting_does_not_sound_again_what_it_sounded(
    meeting: Meeting, clock: ManualClock, frozen_wall: FrozenWall
) -> None:
    clock.advance(35)  # over time: the time-up sounded before the app stopped
    again = replay(meeting.agenda, meeting.events, clock, frozen_wall(clock))
    assert heard(again, clock, 0, 14, 1) == [None, None, "overtime"]
