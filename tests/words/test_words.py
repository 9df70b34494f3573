"""The app's phrases, worked out in one place without Textual."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from facilitator.agenda import Agenda
from facilitator.meeting.states import ShareState, ShareView, Urgency
from facilitator.words import meeting as words
from facilitator.words import past as past_words
from facilitator.words import room as room_words
from facilitator.words.phrasing import Phrase


def text(phrase: Phrase) -> str:
    return "".join(run for run, _ in phrase)


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 shares"), (1, "1 share"), (2, "2 shares"), (11, "11 shares")]
)
def test_plural(count: int, expected: str) -> None:
    assert words.plural(count, "share") == expected


def test_plural_with_its_own_form() -> None:
    assert words.plural(3, "person", "people") == "3 people"
    assert words.plural(1, "person", "people") == "1 person"


def test_status_phrase_in_each_state() -> None:
    ready = words.status_phrase("ready", 0, 0, 3600, "20:00")
    assert text(ready) == "READY · planned 1:00:00 · would end 20:00 · s starts"
    assert ready[0] == ("READY", "state")
    running = words.status_phrase("running", 750, 130, 3600, "20:05")
    assert text(running) == "12:30 elapsed · 2:10 behind · ends 20:05"
    assert ("2:10 behind", "behind") in running
    ahead = words.status_phrase("running", 750, -90, 3600, "19:55")
    assert ("1:30 ahead", "ahead") in ahead
    ended = words.status_phrase("ended", 3490, 0, 3600, "19:58")
    assert text(ended) == "ENDED after 58:10 · planned 1:00:00 · ended 19:58"


def test_the_schedule_is_on_time_within_a_minute() -> None:
    assert words.schedule_words(59) == ("on time", "ok")
    assert words.schedule_words(-59) == ("on time", "ok")
    assert words.schedule_words(60) == ("1:00 behind", "behind")


def share(remaining: float, urgency: Urgency, state: ShareState = ShareState.RUNNING) -> ShareView:
    return ShareView(3, state, 180, 180 - remaining, remaining, urgency, 0)


def test_share_panel_before_and_during_a_share() -> None:
    idle = words.share_panel_phrases(None, 180, 2, 170, 4, 150)
    assert [text(line) for line in idle] == [
        "No share running · space starts share 3 (3:00)",
        "2 shares done · average 2:50 · next share 3:00",
        "4 waiting · 4 in the room · suggested 2:30 (a applies)",
    ]
    running = words.share_panel_phrases(share(20, Urgency.WARNING), 180, 2, None, 0, None)
    assert text(running[0]) == "Share 3  0:20 left of 3:00  WARNING"
    assert ("WARNING", "badge") in running[0]
    assert text(running[1]) == "2 shares done · average – · next share 3:00"
    assert text(running[2]) == "0 waiting · w adds a hand"


def test_the_share_panel_says_the_queue_by_lane_and_the_ticket() -> None:
    """The queue replaces the count: by lane, never who; the share says its ticket."""
    lines = words.share_panel_phrases(
        share(90, Urgency.OK), 180, 3, 170, 3, None, lanes=(2, 1), ticket="A7", called="C4"
    )
    assert text(lines[0]).startswith("Share 3 · A7  1:30 left of 3:00")
    assert text(lines[2]) == "3 waiting · 2 in the room · 1 online · C4 called"
    assert words.waiting_words(0, 1) == "1 waiting · 1 online"
    assert words.waiting_words(0, 0) == "0 waiting"


def test_the_share_timer_reads_as_spoken() -> None:
    """The state after the time, never "1:59 left paused of 2:00"; time taken off a share is
    removed, never "-1:30 added"; the first share runs with none done, not "Shares 0"."""
    paused = ShareView(1, ShareState.PAUSED, 120, 1, 119, Urgency.OK, 0)
    first = words.share_panel_phrases(paused, 120, 0, None, 0, None)
    assert text(first[0]) == "Share 1  1:59 left of 2:00  paused"
    assert text(first[1]) == "0 shares done · average – · next share 2:00"
    shortened = ShareView(2, ShareState.RUNNING, 90, 10, 80, Urgency.OK, -90)
    line = text(words.share_panel_phrases(shortened, 180, 1, 170, 0, None)[0])
    assert line == "Share 2  1:20 left of 1:30  running · 1:30 removed"
    lengthened = ShareView(2, ShareState.RUNNING, 240, 10, 230, Urgency.OK, 60)
    line = text(words.share_panel_phrases(lengthened, 180, 1, 170, 0, None)[0])
    assert line == "Share 2  3:50 left of 4:00  running · +1:00 added"
    over = ShareView(4, ShareState.RUNNING, 180, 195, -15, Urgency.TIME, 0)
    assert text(words.share_panel_phrases(over, 180, 3, 170, 0, None)[0]) == (
        "Share 4  +0:15 over 3:00  TIME"
    )
    assert words.adjusted_words(-90) == "1:30 removed"
    assert words.adjusted_words(30) == "+0:30 added"
    # The timing report's Added column: taken-off time is removed there too.
    assert words.added_words(-30) == "0:30 removed"
    assert words.added_words(60) == "+1:00"
    assert words.added_words(0.5) == words.NONE


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, "0 seconds ago"),
        (1, "1 second ago"),
        (37, "37 seconds ago"),
        (60, "1 minute ago"),
        (12 * 60 + 5, "12 minutes ago"),
        (3 * 3600 + 5 * 60, "3 h 05 min ago"),
        (85 * 3600, "3 days ago"),
        (24 * 3600, "1 day ago"),
        (-3, "0 seconds ago"),
    ],
)
def test_how_long_ago_says_its_unit(seconds: float, expected: str) -> None:
    assert words.ago_words(seconds) == expected


def test_share_state_is_a_word_never_colour_alone() -> None:
    assert words.share_words(share(100, Urgency.OK)) == "running"
    assert words.share_words(share(0, Urgency.TIME)) == "TIME"
    assert words.share_words(share(10, Urgency.WARNING, ShareState.PAUSED)) == "paused · WARNING"
    assert words.share_words(share(100, Urgency.OK, ShareState.PAUSED)) == "paused"


def test_the_room_view_says_the_state_in_words() -> None:
    assert room_words.room_share_words(share(30, Urgency.OK)) == "SHARE 3 · 0:30 LEFT"
    assert (
        room_words.room_share_words(share(20, Urgency.WARNING)) == "SHARE 3 · WARNING · 0:20 LEFT"
    )
    assert room_words.room_share_words(share(0, Urgency.TIME)) == "SHARE 3 · TIME"
    assert room_words.room_share_words(share(-0.5, Urgency.TIME)) == "SHARE 3 · TIME"
    assert room_words.room_share_words(share(-15, Urgency.TIME)) == "SHARE 3 · +0:15 OVER"
    paused = share(30, Urgency.OK, ShareState.PAUSED)
    assert room_words.room_share_words(paused) == "SHARE 3 · PAUSED · 0:30 LEFT"
    assert room_words.room_step_words(2, 180) == "STEP 2 · 3:00 LEFT"
    assert room_words.room_step_words(2, -61) == "STEP 2 · +1:01 OVER"
    assert room_words.room_schedule_words(150, "20:05") == "2:30 behind · ends 20:05"
    assert room_words.room_schedule_words(-150, "20:05") == "2:30 ahead · ends 20:05"


@pytest.mark.parametrize(
    ("steps", "planned", "expected"),
    [
        (60, 60, "steps add up to 60 of 60 planned minutes"),
        (55, 60, "steps add up to 55 of 60 planned minutes · 5 unplanned"),
        (64.5, 60, "steps add up to 64.5 of 60 planned minutes · 4.5 over"),
        (30, None, "steps add up to 30 minutes (no planned length)"),
    ],
)
def test_minutes_total_words(steps: float, planned: float | None, expected: str) -> None:
    assert words.minutes_total_words(steps, planned) == expected


def test_past_meeting_words() -> None:
    assert past_words.length_words(1390, 1200, unfinished=False) == (
        "ran 23:10 of 20:00 planned, 3:10 over"
    )
    assert past_words.length_words(0, 1200, unfinished=True) == (
        "unfinished, nothing recorded after its start, 20:00 planned"
    )
    assert past_words.length_words(40, 1200, unfinished=True) == (
        "unfinished, recorded to 0:40 of 20:00 planned"
    )
    assert past_words.step_difference(300, 0) == ("not run", False)
    assert past_words.step_difference(300, 430) == ("+2:10 over", True)
    assert past_words.step_difference(300, 235) == ("1:05 under", False)
    # The shown figures less each other: 3:00 planned, 0:05.7 shown as 0:05, is 2:55 under.
    assert past_words.step_difference(180, 5.7) == ("2:55 under", False)
    assert past_words.step_difference(180, 183.9) == ("+0:03 over", True)
    assert past_words.length_words(180.4, 3420, unfinished=False) == (
        "ran 3:00 of 57:00 planned, 54:00 under"
    )
    assert words.shown_seconds(174.3) == 174 and words.shown_seconds(-5.5) == -5
    moment = datetime(2026, 11, 24, 19, 2, tzinfo=timezone(timedelta(hours=-5)))
    later = moment + timedelta(minutes=12, seconds=5)
    assert past_words.opened_words(moment, True, later) == (
        "started 19:02 on Tue 24 Nov, 12 minutes ago"
    )
    soon = moment + timedelta(seconds=37)
    assert (
        past_words.changed_words(moment, soon) == "last changed 19:02 on Tue 24 Nov, 37 seconds ago"
    )
    assert past_words.opened_words(moment, False, later).startswith("opened (not started) 19:02")


def test_an_agenda_in_the_picker(tuesday_agenda: Agenda) -> None:
    shown = words.agenda_choice_words(tuesday_agenda, bundled=False)
    name, details = shown.split("\n")
    assert name == tuesday_agenda.meeting.name
    assert details.endswith(f" · {len(tuesday_agenda.steps)} steps · yours")
    one = replace(tuesday_agenda, steps=tuesday_agenda.steps[:1])
    assert " · 1 step · bundled" in words.agenda_choice_words(one, bundled=True)
    assert (
        words.invalid_choice_words("x.toml", bundled=False) == "x.toml · invalid, see below · yours"
    )


def test_a_path_in_the_home_folder_reads_short(tmp_path: Path) -> None:
    assert past_words.home_words(tmp_path / "records.csv", tmp_path) == "~/records.csv"
    assert (
        past_words.home_words(Path("/elsewhere/records.csv"), tmp_path) == "/elsewhere/records.csv"
    )


@pytest.mark.parametrize(
    ("text", "keep", "drawn"),
    [
        ("Tuesday", "", "Tuesday"),
        ("Tues\x1b]0;x\x07day", "", "Tues\u241b]0;x\u2407day"),
        ("a\tb\x7f", "", "a\u2409b\u2421"),
        ("a\tb", "\t", "a\tb"),
        ("\x9b2J", "", "\ufffd2J"),
        ("\u202eevil\u2069", "", "\ufffdevil\ufffd"),
        ("Read [page 58] \u00e9 \u4f1a", "", "Read [page 58] \u00e9 \u4f1a"),
    ],
)
def test_pictured_draws_each_control_as_one_sign(text: str, keep: str, drawn: str) -> None:
    assert words.pictured(text, keep) == drawn
    assert len(drawn) == len(text)  # a cursor or a selection stays where it was


def test_the_ready_line_shows_the_spare_minutes_beyond_the_steps() -> None:
    def text(spare: float) -> str:
        return "".join(run for run, _ in words.status_phrase("ready", 0, 0, 3600, "20:00", spare))

    assert text(180) == "READY · planned 1:00:00 · 3:00 spare · would end 20:00 · s starts"
    assert text(0) == "READY · planned 1:00:00 · would end 20:00 · s starts"


def test_the_ready_line_counts_down_to_the_scheduled_start() -> None:
    ready = text(words.status_phrase("ready", 0, 0, 3600, "20:10", 0, "19:10", 272))
    assert ready.startswith("READY · starts 19:10 · in 4:32 · planned 1:00:00")
    late = text(words.status_phrase("ready", 0, 0, 3600, "20:12", 0, "19:10", -130))
    assert "starts 19:10 · 2:10 late" in late


def test_a_late_start_is_said_in_minutes_and_an_early_one_not_at_all() -> None:
    assert words.late_start_words(0) is None
    assert words.late_start_words(59) is None
    assert words.late_start_words(60) == "started 1 min late"
    assert words.late_start_words(3 * 60 + 20) == "started 3 min late"
    assert words.start_moved_words(1) == "The meeting counts from 1 minute ago"
    assert words.start_moved_words(12) == "The meeting counts from 12 minutes ago"
