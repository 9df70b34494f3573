"""A one-on-one is not a group: a sharing step is timed as a whole, with no shares nor queue.

The bundled Peer Check-In on a fake clock: its sharing step ("How has the week gone?") is
12 minutes, with the agenda's share warning of a minute.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from facilitator.agenda import Agenda, AgendaError, load_agenda, parse_agenda
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import TIME_BOX, NotNow, ShareState, Status, Urgency
from facilitator.meeting.time_box import one_on_one_words
from facilitator.records.history import (
    REPORT_COLUMNS,
    PastMeeting,
    detail_words,
    report_columns,
    row_words,
    summary_of,
)
from facilitator.records.report import summarize
from facilitator.store.recorder import replay
from facilitator.store.schema import StoredMeeting
from facilitator.words.meeting import NONE, ended_summary, ended_words, time_box_phrases

from ..data import AGENDAS, TUESDAY
from ..hints import FrozenWall
from ..support.clocks import ManualClock

WEEK, GOALS = 1, 2  # the Peer Check-In's sharing step (12 minutes) and the next (5)
WEEK_SECONDS = 12 * 60


@pytest.fixture(scope="module")
def check_in() -> Agenda:
    return load_agenda(AGENDAS / "peer-check-in.toml")


@pytest.fixture
def meeting(check_in: Agenda, clock: ManualClock, frozen_wall: FrozenWall) -> Meeting:
    """The check-in, started, three minutes in, just moved to its sharing step."""
    meeting = Meeting(check_in, clock=clock, wall=frozen_wall(clock))
    meeting.start()
    clock.advance(180)
    meeting.next_step()
    return meeting


def test_the_bundled_check_in_is_a_one_on_one_with_a_sharing_step(check_in: Agenda) -> None:
    assert check_in.meeting.kind == "one-on-one"
    assert check_in.steps[WEEK].kind == "sharing"
    assert check_in.warning_seconds(WEEK) == 60


def test_a_sharing_step_is_its_own_time_box(meeting: Meeting, clock: ManualClock) -> None:
    assert meeting.one_on_one
    box = meeting.time_box()
    assert box is not None and box.is_time_box and box.number == TIME_BOX
    assert (box.allotted, box.elapsed, box.remaining) == (WEEK_SECONDS, 0.0, WEEK_SECONDS)
    assert (box.state, box.urgency, box.added) == (ShareState.RUNNING, Urgency.OK, 0.0)
    assert meeting.timer_view() == box
    assert meeting.timer_key() == (WEEK, TIME_BOX)
    assert meeting.share_view() is None and meeting.share_key() is None  # no share
    clock.advance(WEEK_SECONDS - 61)
    box = meeting.time_box()
    assert box is not None and box.remaining == 61 and box.urgency is Urgency.OK
    clock.advance(1)  # the agenda's share warning, a minute before the step's end
    box = meeting.time_box()
    assert box is not None and box.remaining == 60 and box.urgency is Urgency.WARNING
    assert box.remaining == meeting.step_remaining()
    clock.advance(75)
    box = meeting.time_box()
    assert box is not None and box.urgency is Urgency.TIME and box.overtime == 15


def test_the_time_box_counts_every_visit_to_the_step(meeting: Meeting, clock: ManualClock) -> None:
    clock.advance(100)
    meeting.next_step()
    assert meeting.time_box() is None  # a reading step is timed as in a group
    clock.advance(500)
    meeting.previous_step()
    clock.advance(20)
    box = meeting.time_box()
    assert box is not None and box.elapsed == 120 and box.remaining == WEEK_SECONDS - 120


def test_no_time_box_but_on_a_sharing_step_of_a_running_one_on_one(
    check_in: Agenda, clock: ManualClock, frozen_wall: FrozenWall, tuesday_agenda: Agenda
) -> None:
    ready = Meeting(check_in, clock=clock, wall=frozen_wall(clock))
    assert ready.time_box() is None  # not started
    ready.start()
    assert ready.time_box() is None and ready.timer_key() is None  # a reading step
    ready.goto(WEEK)
    ready.end()
    assert ready.status is Status.ENDED and ready.time_box() is None
    group = Meeting(tuesday_agenda, clock=clock, wall=frozen_wall(clock))
    group.start()
    group.goto(1)  # its sharing step
    assert not group.one_on_one and group.time_box() is None and group.timer_view() is None
    group.toggle_share()
    assert group.time_box() is None
    assert group.timer_view() == group.share_view() and group.timer_key() == (1, 1)


GROUP_KEYS: list[Callable[[Meeting], object]] = [
    lambda m: m.toggle_share(),
    lambda m: m.end_share(),
    lambda m: m.adjust_share(30),
    lambda m: m.adjust_share(-30),
    lambda m: m.set_waiting(1),
    lambda m: m.apply_suggestion(),
]
KEYS = ["space", "enter", "plus", "minus", "w", "a"]


@pytest.mark.parametrize("intent", GROUP_KEYS, ids=KEYS)
def test_a_groups_keys_say_why_not_and_change_nothing(
    meeting: Meeting, intent: Callable[[Meeting], object]
) -> None:
    events = list(meeting.events)
    with pytest.raises(NotNow, match="^A one-on-one times the step itself: n moves on.$"):
        intent(meeting)
    assert meeting.events == events
    assert meeting.share is None and meeting.waiting == 0 and meeting.shares == []


@pytest.mark.parametrize("intent", GROUP_KEYS, ids=KEYS)
def test_before_the_start_too(
    check_in: Agenda,
    clock: ManualClock,
    frozen_wall: FrozenWall,
    intent: Callable[[Meeting], object],
) -> None:
    ready = Meeting(check_in, clock=clock, wall=frozen_wall(clock))
    with pytest.raises(NotNow) as said:
        intent(ready)
    assert str(said.value) == one_on_one_words()
    assert ready.events == []


def test_moving_on_and_back_still_works(meeting: Meeting) -> None:
    meeting.next_step()
    assert meeting.current == GOALS
    meeting.previous_step()
    assert meeting.current == WEEK


def test_undo_follows_the_time_box_and_does_not_sound_again(
    meeting: Meeting, clock: ManualClock
) -> None:
    clock.advance(WEEK_SECONDS - 60)
    assert meeting.take_cue() == "warning"
    meeting.next_step()
    assert meeting.time_box() is None
    clock.advance(5)
    meeting.undo()  # back on the step, as if it never moved: its time ran on
    box = meeting.time_box()
    assert box is not None and box.remaining == 55 and box.urgency is Urgency.WARNING
    assert meeting.take_cue() is None  # the warning was heard already
    meeting.end()
    meeting.undo()
    assert meeting.status is Status.RUNNING and meeting.time_box() is not None


# ---------------------------------------------------------------------- sounds


def heard(meeting: Meeting, clock: ManualClock, *seconds: float) -> list[str | None]:
    taken: list[str | None] = []
    for wait in seconds:
        clock.advance(wait)
        taken.append(meeting.take_cue())
    return taken


def test_the_time_box_sounds_at_its_warning_and_its_end(
    meeting: Meeting, clock: ManualClock
) -> None:
    assert heard(meeting, clock, 0, WEEK_SECONDS - 61, 1, 0, 59, 1, 0, 600) == [
        None, None, "warning", None,  # a minute left
        None, "time", None,  # 0:00
        None,  # the check-in asks for no reminders in overtime
    ]  # fmt: skip


def test_reminders_in_overtime_when_the_agenda_asks(
    clock: ManualClock, frozen_wall: FrozenWall
) -> None:
    agenda = parse_agenda(
        b'[meeting]\nname = "Check-in"\nkind = "one-on-one"\n'
        b"[sharing]\nwarning_seconds = 20\novertime_reminder_seconds = 30\n"
        b'[[steps]]\ntitle = "Talk"\nminutes = 2\nkind = "sharing"\n'
        b'[[steps]]\ntitle = "Next"\nminutes = 2\nkind = "sharing"\n',
        "check-in.toml",
    )
    meeting = Meeting(agenda, clock=clock, wall=frozen_wall(clock))
    meeting.start()
    assert heard(meeting, clock, 100, 20, 30, 30) == ["warning", "time", "overtime", "overtime"]
    meeting.next_step()  # another sharing step: a time box of its own
    assert heard(meeting, clock, 0, 100, 20) == [None, "warning", "time"]


def test_a_resumed_one_on_one_does_not_sound_again_what_it_sounded(
    meeting: Meeting, clock: ManualClock, frozen_wall: FrozenWall
) -> None:
    clock.advance(WEEK_SECONDS - 30)  # in the warning, sounded before the app stopped
    again = replay(meeting.agenda, meeting.events, clock, frozen_wall(clock))
    assert heard(again, clock, 0, 29, 1) == [None, None, "time"]


# ---------------------------------------------------------------------- words and reports


def test_the_share_timer_shows_the_time_box_and_no_queue(
    meeting: Meeting, clock: ManualClock
) -> None:
    clock.advance(WEEK_SECONDS - 50)
    lines = ["".join(text for text, _ in line) for line in time_box_phrases(meeting.time_box(), 0)]
    assert lines == [
        "Time box  0:50 left of 12:00  WARNING",
        "A one-on-one times the step as a whole · n moves on",
    ]
    before = time_box_phrases(None, WEEK_SECONDS)[0]
    assert "".join(text for text, _ in before) == "Time box · 12:00 · s starts"
    shown = " ".join(text for line in time_box_phrases(meeting.time_box(), 0) for text, _ in line)
    for group_word in ("Share", "Waiting", "average", "suggested"):
        assert group_word not in shown


def test_the_end_counts_no_shares_in_a_one_on_one() -> None:
    assert ended_words(1800, None) == "30:00 in all · r shows resources · q leaves"
    assert ended_words(1800, 2) == "30:00 in all · 2 shares · r shows resources · q leaves"
    summary = ended_summary(1800, 1800, None, [("In person", 1)])
    assert "Shares" not in summary and "- In person: 1" in summary
    assert "- Shares: 0" in ended_summary(1800, 1800, 0, [("In person", 1)])


def past(agenda: Agenda, meeting: Meeting) -> PastMeeting:
    when = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
    stored = StoredMeeting(
        1, "check", "", agenda.meeting.name, agenda, when, when, when, summary=summarize(meeting)
    )
    return PastMeeting.of(stored, summary_of(stored))


def test_history_and_the_report_leave_the_shares_out(
    check_in: Agenda, meeting: Meeting, clock: ManualClock
) -> None:
    clock.advance(WEEK_SECONDS)
    meeting.end()
    checked_in = past(check_in, meeting)
    assert checked_in.one_on_one and not checked_in.counts_shares
    assert "share" not in detail_words(checked_in)
    assert row_words(checked_in)[3] == NONE
    assert report_columns(checked_in) == ("Step", "Kind", "Planned", "Actual", "Difference")


def test_a_groups_history_is_as_before(clock: ManualClock, frozen_wall: FrozenWall) -> None:
    agenda = load_agenda(TUESDAY)
    group = Meeting(agenda, clock=clock, wall=frozen_wall(clock))
    group.start()
    group.end()
    held = past(agenda, group)
    assert not held.one_on_one and held.counts_shares
    assert "0 shares" in detail_words(held)
    assert row_words(held)[3] == "0"
    assert report_columns(held) == REPORT_COLUMNS


ONE_ON_ONE_AGENDA = """\
[meeting]
name = "Check-in"
kind = "one-on-one"

[sharing]
share_minutes = {share}
warning_seconds = {warning}

[[steps]]
title = "The week"
minutes = {minutes}
kind = "sharing"
"""


def test_a_one_on_ones_warning_is_checked_against_its_step_not_a_share() -> None:
    # A share of 2 minutes means nothing here: a 3-minute warning in a 12-minute step is fine.
    agenda = parse_agenda(
        ONE_ON_ONE_AGENDA.format(share=2, warning=180, minutes=12).encode(), "check-in.toml"
    )
    assert agenda.warning_seconds(0) == 180
    # A warning as long as the step itself would sound as it begins.
    with pytest.raises(AgendaError) as raised:
        parse_agenda(
            ONE_ON_ONE_AGENDA.format(share=10, warning=60, minutes=1).encode(), "check-in.toml"
        )
    assert str(raised.value) == (
        "check-in.toml: steps[0].minutes: the warning (60 s) must be shorter than the step (60 s)"
    )
