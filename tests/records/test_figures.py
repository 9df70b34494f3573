"""Property: the timing report's figures add up as they are read, for any meeting.

Planned less actual is the difference shown, to the second, on every row and in the totals;
a step's average share is never longer than its longest, and one share is both; the share
timer's average reads as the report's; the meeting's planned length is the agenda's.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from facilitator.agenda import Agenda, MeetingDetails, Step, StepKind
from facilitator.meeting.engine import Meeting
from facilitator.records.export import row_of
from facilitator.records.history import PastMeeting, ReportLine, report_lines, row_words, summary_of
from facilitator.records.report import StepReport, Summary, summarize
from facilitator.store.schema import StoredMeeting
from facilitator.words.meeting import NONE, format_duration, share_panel_phrases
from facilitator.words.past import length_words

from ..support.clocks import ManualClock

# A wait, or a share, of so many seconds (to the microsecond: a real clock's fractions).
Move = tuple[bool, float]
SECONDS = st.integers(0, 400_000_000).map(lambda micro: micro / 1_000_000)
MOVES = st.lists(st.tuples(st.booleans(), SECONDS), max_size=6)


def seconds_of(shown: str) -> int:
    """`1:02:03` → 3723: the whole seconds a shown duration stands for."""
    total = 0
    for part in shown.lstrip("+").split(":"):
        total = total * 60 + int(part)
    return total


def difference_of(shown: str) -> int:
    """The shown difference as actual less planned: `+2:10 over` → 130, `0:30 under` → -30."""
    if shown == "on time":
        return 0
    figure, word = shown.split(" ")
    return seconds_of(figure) if word == "over" else -seconds_of(figure)


def assert_adds_up(line: ReportLine) -> None:
    if line.difference != "not run":
        planned, actual = seconds_of(line.planned), seconds_of(line.actual)
        assert actual - planned == difference_of(line.difference), line
        assert line.over == (actual > planned)
    if line.average != NONE:
        assert seconds_of(line.average) <= seconds_of(line.longest), line
        if line.shares == "1":
            assert line.average == line.longest, line


@st.composite
def agendas(draw: st.DrawFn) -> Agenda:
    kinds: list[StepKind] = ["reading", "sharing"]
    steps = draw(
        st.lists(
            st.tuples(st.sampled_from(kinds), st.integers(1, 240).map(lambda q: q / 4)),
            min_size=1,
            max_size=4,
        )
    )
    minutes = draw(st.none() | st.integers(1, 180).map(float))
    return Agenda(
        meeting=MeetingDetails(name="Figures", minutes=minutes),
        steps=tuple(Step(title=f"Step {n}", minutes=m, kind=k) for n, (k, m) in enumerate(steps)),
    )


def run(agenda: Agenda, moves: list[list[Move]]) -> tuple[Meeting, list[str]]:
    """`agenda` run on a fake clock, each step's moves in turn; and the share timer's averages
    as it showed them at the end of each step."""
    clock = ManualClock()
    meeting = Meeting(agenda, clock=clock)
    meeting.start()
    averages: list[str] = []
    for index, step in enumerate(agenda.steps):
        for is_share, seconds in moves[index] if index < len(moves) else []:
            if is_share and step.kind == "sharing":
                meeting.toggle_share()
                clock.advance(seconds)
                meeting.end_share()
            else:
                clock.advance(seconds)
        live = share_panel_phrases(None, 180, 0, meeting.average_share_seconds(index), 0, None)
        averages.append(live[1][0][0].split(" · ")[1].removeprefix("average "))
        if index + 1 < len(agenda.steps):
            meeting.next_step()
    meeting.end()
    return meeting, averages


@given(agendas(), st.lists(MOVES, max_size=4))
def test_a_run_meetings_report_adds_up(agenda: Agenda, moves: list[list[Move]]) -> None:
    meeting, live_averages = run(agenda, moves)
    summary = summarize(meeting)
    lines = report_lines(summary)
    for line in lines:
        assert_adds_up(line)
    for line, live in zip(lines, live_averages, strict=False):
        assert line.average == (NONE if live == "–" else live)
    assert lines[-1].planned == format_duration(agenda.length_minutes * 60)
    assert_length_adds_up(summary)


# A summary as the store may hold it: seconds rounded to the millisecond, or not at all.
STORED_SECONDS = SECONDS | SECONDS.map(lambda s: round(s, 3))


@st.composite
def summaries(draw: st.DrawFn) -> Summary:
    steps: list[StepReport] = []
    for number in range(draw(st.integers(1, 5))):
        lengths = draw(st.lists(STORED_SECONDS, max_size=5))
        longest = max(lengths, default=None)
        average = sum(lengths) / len(lengths) if lengths else None
        steps.append(
            StepReport(
                title=f"Step {number}",
                kind="sharing" if lengths else "reading",
                planned_seconds=draw(st.integers(1, 5760)) * 15,
                actual_seconds=draw(STORED_SECONDS),
                shares=len(lengths),
                average_share_seconds=None if average is None else min(average, longest or 0),
                longest_share_seconds=longest,
                added_seconds=0,
            )
        )
    return Summary(
        planned_seconds=draw(st.integers(1, 1440)) * 60,
        actual_seconds=draw(STORED_SECONDS),
        shares=sum(step.shares for step in steps),
        tallies={},
        steps=tuple(steps),
    )


@given(summaries())
def test_any_summarys_report_adds_up(summary: Summary) -> None:
    for line in report_lines(summary):
        assert_adds_up(line)
    assert_length_adds_up(summary)


def assert_length_adds_up(summary: Summary) -> None:
    said = length_words(summary.actual_seconds, summary.planned_seconds, unfinished=False)
    head, _, difference = said.partition(", ")
    _, actual, _, planned, _ = head.split(" ")
    if difference:
        assert seconds_of(actual) - seconds_of(planned) == difference_of(difference), said


def test_the_figures_the_issue_saw() -> None:
    step = StepReport("Welcome", "reading", 180, 5.7, 0, None, None, 0)
    share = StepReport("Shares", "sharing", 180, 47.9996, 1, 47.9996, 47.9996, 0)
    summary = Summary(3420, 180.4, 1, {}, (step, share))
    welcome, shares, total = report_lines(summary)
    assert (welcome.planned, welcome.actual, welcome.difference) == ("3:00", "0:05", "2:55 under")
    assert (shares.average, shares.longest) == ("0:47", "0:47")
    assert (total.average, total.longest) == ("0:47", "0:47")
    assert length_words(180.4, 3420, False) == "ran 3:00 of 57:00 planned, 54:00 under"


def test_the_meetings_planned_length_is_the_agendas() -> None:
    steps = (Step(title="Open", minutes=2), Step(title="Shares", minutes=55, kind="sharing"))
    agenda = Agenda(meeting=MeetingDetails(name="Hour", minutes=60), steps=steps)
    meeting, _ = run(agenda, [[(False, 90)]])
    summary = summarize(meeting)
    assert summary.planned_seconds == 3600
    assert report_lines(summary)[-1].planned == "1:00:00"
    assert report_lines(replace(summary, steps=()))[-1].difference == "58:30 under"
    sum_of_steps = Agenda(meeting=MeetingDetails(name="Steps"), steps=steps)
    assert summarize(run(sum_of_steps, [])[0]).planned_seconds == 57 * 60


def test_the_share_timers_average_reads_as_the_report_does() -> None:
    steps = (Step(title="Shares", minutes=10, kind="sharing"),)
    meeting, live = run(
        Agenda(meeting=MeetingDetails(name="One share"), steps=steps), [[(True, 47.9996)]]
    )
    (shares, _) = report_lines(summarize(meeting))
    assert live == ["0:47"]
    assert (shares.average, shares.longest) == ("0:47", "0:47")


def test_a_summary_kept_from_before_reads_the_agendas_planned_length() -> None:
    steps = (Step(title="Open", minutes=2), Step(title="Shares", minutes=55, kind="sharing"))
    agenda = Agenda(meeting=MeetingDetails(name="Hour", minutes=60), steps=steps)
    meeting, _ = run(agenda, [[(False, 180.4)]])
    kept = replace(summarize(meeting), planned_seconds=57 * 60)  # the steps' sum, as before
    when = datetime(2026, 11, 24, 19, 0, tzinfo=UTC)
    stored = StoredMeeting(1, "hour", "", "Hour", agenda, when, when, when, summary=kept)
    past = PastMeeting.of(stored, summary_of(stored))
    assert past.length_words() == "ran 3:00 of 1:00:00 planned, 57:00 under"
    assert row_words(past)[1:3] == ("1:00:00", "3:00")
    assert report_lines(past.summary)[-1].planned == "1:00:00"
    assert [step.planned_minutes for step in row_of(stored).steps] == [2, 55]
