"""What the terminal is told as the app ends: the changes no disk took, and the counts.

When saving has failed until the end (a full disk, a data folder gone), the unsaved changes
exist nowhere but on the screen about to close: they are printed, each with its time, with
the meeting's counts, wherever the app ends (q, a signal, a closed terminal, a freeze).
"""

from __future__ import annotations

import pytest

from facilitator.agenda import Agenda
from facilitator.app import FacilitatorApp
from facilitator.cli.running import run, say_goodbye
from facilitator.meeting.engine import Meeting
from facilitator.meeting.events import CountCorrection, Event, EventKind
from facilitator.meeting.states import Status
from facilitator.store.recorder import MeetingLog
from facilitator.words import i18n
from facilitator.words.goodbye import Outcome, change_words, outcome_of, unsaved_words

from ..data import TUESDAY, WALL_START
from ..support.clocks import ManualClock, ManualWall

SAVED = "The meeting is saved: run facilitator again to resume it."
NOT_SAVED = "The meeting could not be saved."


def meeting_in_memory(agenda: Agenda, clock: ManualClock) -> tuple[Meeting, MeetingLog]:
    """A meeting whose log has nowhere to write: every change waits."""
    wall = ManualWall(clock, WALL_START)
    log = MeetingLog(agenda, "tuesday", str(TUESDAY), wall, None)
    return Meeting(agenda, clock=clock, wall=wall, recorder=log), log


LABELS = {"attendees": "Attendees", "newcomers": "Newcomers"}.__getitem__


@pytest.mark.parametrize(
    ("kind", "value", "said"),
    [
        ("start", None, "the meeting started"),
        ("end", None, "the meeting ended"),
        ("start_moved", 300.0, "the start moved 5 min earlier"),
        ("goto", 2, "moved to step 3"),
        ("share_start", None, "a share started"),
        ("share_pause", None, "the share paused"),
        ("share_resume", None, "the share resumed"),
        ("share_end", None, "the share ended"),
        ("share_adjust", -30.0, "0:30 removed from the share"),
        ("share_adjust", 60.0, "1:00 added to the share"),
        ("share_length", 150.0, "next shares 2:30 each"),
        ("waiting", 4, "4 waiting"),
        ("tally", "newcomers", "Newcomers +1"),
        ("undo_tally", "attendees", "Attendees -1"),
        ("undo", 7, "the last change undone"),
        ("correction", CountCorrection("newcomers", 1, 2).value(), "Newcomers 1 → 2"),
    ],
)
def test_each_kind_of_change_is_said_in_words(
    kind: EventKind, value: int | float | str | None, said: str
) -> None:
    assert change_words(Event(kind, 0.0, value), LABELS) == said


def test_nothing_unsaved_says_nothing(tuesday_agenda: Agenda, clock: ManualClock) -> None:
    meeting, _log = meeting_in_memory(tuesday_agenda, clock)
    assert unsaved_words(meeting, [], "No space left on device") is None


def test_the_unsaved_changes_are_listed_with_their_times_and_the_counts(
    tuesday_agenda: Agenda, clock: ManualClock
) -> None:
    meeting, log = meeting_in_memory(tuesday_agenda, clock)
    meeting.start()
    meeting.tally(0)
    clock.advance(125)
    meeting.next_step()
    meeting.toggle_share()
    meeting.tally(1)
    assert unsaved_words(meeting, log.pending, "No space left on device") == (
        "These changes could not be saved (No space left on device); write them down:\n"
        "  19:00  the meeting started\n"
        "  19:00  Attendees +1\n"
        "  19:02  moved to step 2\n"
        "  19:02  a share started\n"
        "  19:02  Newcomers +1\n"
        "The meeting's counts now: Attendees 1 · Newcomers 1 · Online 0 · 1 share"
    )


def test_outcome_of_a_meeting_that_could_not_be_saved_carries_its_changes(
    tuesday_agenda: Agenda, clock: ManualClock
) -> None:
    meeting, log = meeting_in_memory(tuesday_agenda, clock)
    meeting.tally(2)
    outcome = outcome_of(meeting, log, hung_up=False)
    assert (outcome.status, outcome.saved) == (Status.READY, False)
    assert outcome.unsaved is not None
    assert outcome.unsaved.splitlines() == [
        "These changes could not be saved; write them down:",
        "  19:00  Online +1",
        "The meeting's counts now: Attendees 0 · Newcomers 0 · Online 1 · 0 shares",
    ]
    assert outcome_of(None, None, hung_up=True) == Outcome(hung_up=True)


BLOCK = "These changes could not be saved; write them down:\n  19:00  Online +1"


@pytest.mark.parametrize(
    ("status", "saved", "unsaved", "said"),
    [
        (Status.RUNNING, True, None, [SAVED, "", "<closing>"]),
        (Status.RUNNING, False, BLOCK, [NOT_SAVED, "", *BLOCK.splitlines(), "", "<closing>"]),
        (Status.ENDED, True, None, []),
        (Status.ENDED, False, None, [NOT_SAVED]),
        (Status.ENDED, False, BLOCK, [NOT_SAVED, "", *BLOCK.splitlines()]),
        (Status.READY, True, None, []),
        (Status.READY, False, BLOCK, [NOT_SAVED, "", *BLOCK.splitlines()]),
    ],
)
def test_the_goodbye_says_what_was_not_saved_wherever_the_meeting_stood(
    status: Status,
    saved: bool,
    unsaved: str | None,
    said: list[str],
    tuesday_agenda: Agenda,
    capsys: pytest.CaptureFixture[str],
) -> None:
    say_goodbye(Outcome(tuesday_agenda, status, saved=saved, unsaved=unsaved))
    out, err = capsys.readouterr()
    lines = out.splitlines()
    if "<closing>" in said:
        assert lines[len(said) - 1].startswith("Peer support supplements")
        lines = lines[: len(said) - 1] + ["<closing>"]
    assert lines == said
    assert err == ""


def test_a_terminal_gone_gets_nothing_but_what_was_not_saved_on_standard_error(
    tuesday_agenda: Agenda, capsys: pytest.CaptureFixture[str]
) -> None:
    say_goodbye(Outcome(tuesday_agenda, Status.RUNNING, hung_up=True, saved=True))
    assert capsys.readouterr() == ("", "")
    gone = Outcome(tuesday_agenda, Status.RUNNING, hung_up=True, unsaved=BLOCK)
    say_goodbye(gone)
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{NOT_SAVED}\n{BLOCK}\n"


def test_the_block_is_said_in_spanish_and_escapes_what_the_log_holds(
    tuesday_agenda: Agenda, clock: ManualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    meeting, log = meeting_in_memory(tuesday_agenda, clock)
    meeting.tally(1)
    # A category no label names (a log written by another version, or damaged) is shown as
    # its id is kept: escaped, never sent to the terminal as it is.
    log.pending.append((Event("tally", 1.0, "new\x1b]52;c;cGF3bmVk\x07comers"), WALL_START))
    i18n.use("es")
    block = unsaved_words(meeting, log.pending, None)
    assert block is not None and "\x1b" not in block and "\x07" not in block
    assert block.splitlines() == [
        "Estos cambios no se pudieron guardar; anótalos:",
        "  19:00  Newcomers +1",
        "  19:00  new\\x1b]52;c;cGF3bmVk\\x07comers +1",
        "Los conteos de la reunión ahora: Attendees 0 · Newcomers 1 · Online 0 · 0 participaciones",
    ]
    say_goodbye(outcome_of(meeting, log, hung_up=False))
    printed = capsys.readouterr().out
    assert printed == f"No se pudo guardar la reunión.\n\n{block}\n"


def test_leaving_with_changes_unsaved_prints_them_after_the_app(
    tuesday_agenda: Agenda,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pretend_terminal: None,
) -> None:
    left = Outcome(tuesday_agenda, Status.RUNNING, saved=False, unsaved=BLOCK)
    monkeypatch.setattr(FacilitatorApp, "run", lambda app: left)
    assert run(str(TUESDAY)) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{NOT_SAVED}\n\n{BLOCK}\n\nPeer support supplements")
