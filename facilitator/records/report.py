"""What a meeting came to: timing per step, shares and tallies. Pure; no Textual.

A `Summary` is derived from the engine's state, so history, the timing report and the export
all read the same numbers. It is stored as JSON beside the events as a cache: the events stay
the truth, and a missing summary is rebuilt from them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any

from ..meeting.engine import Meeting
from ..meeting.events import CountCorrection


@dataclass(frozen=True)
class StepReport:
    """One step: planned against actual, and its shares."""

    title: str
    kind: str
    planned_seconds: float
    actual_seconds: float
    shares: int
    average_share_seconds: float | None
    longest_share_seconds: float | None
    added_seconds: float


@dataclass(frozen=True)
class Correction:
    """A count corrected after the meeting (from the history): when, which, from and to."""

    at: datetime
    """When it was corrected, local time as recorded."""
    category: str
    before: int
    after: int

    def to_dict(self) -> dict[str, Any]:
        """As the cached summary keeps it (the time as the store writes one)."""
        return {**asdict(self), "at": self.at.isoformat(timespec="milliseconds")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Correction:
        """The inverse of `to_dict`."""
        at = datetime.fromisoformat(str(data["at"]))
        return cls(at, str(data["category"]), int(data["before"]), int(data["after"]))


@dataclass(frozen=True)
class Summary:
    """A meeting, summed up."""

    planned_seconds: float
    actual_seconds: float
    shares: int
    tallies: dict[str, int]
    steps: tuple[StepReport, ...]
    corrections: tuple[Correction, ...] = ()
    """The counts corrected after the meeting, oldest first (the tallies are the corrected)."""

    def to_json(self) -> str:
        """Compact JSON for the store (a summary without corrections, as before there were)."""
        data = asdict(self)
        data["corrections"] = [correction.to_dict() for correction in self.corrections]
        if not self.corrections:
            del data["corrections"]
        return json.dumps(data, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str, *, steps: bool = True) -> Summary:
        """The inverse of `to_json`.

        Args:
            text: What `to_json` wrote.
            steps: False leaves the per-step timing out (`steps` is empty), for readers
                that need only the totals: most of the work is in the steps.
        """
        from .fast_json import loads  # a history or an export reads thousands

        data: dict[str, Any] = loads(text)
        return cls(
            planned_seconds=float(data["planned_seconds"]),
            actual_seconds=float(data["actual_seconds"]),
            shares=int(data["shares"]),
            tallies={str(k): int(v) for k, v in data["tallies"].items()},
            steps=tuple([_step_report(step) for step in data["steps"]]) if steps else (),
            corrections=tuple(Correction.from_dict(c) for c in data.get("corrections", ())),
        )


def _step_report(step: dict[str, Any]) -> StepReport:
    # An export of many meetings reads a report of every step of each: when the stored step
    # has exactly the report's fields, they are taken as they are, without a frozen class's
    # check of each assignment (four times the speed); anything else goes through the class.
    if step.keys() == _STEP_FIELDS:
        report = StepReport.__new__(StepReport)
        report.__dict__.update(step)
        return report
    return StepReport(**step)


_STEP_FIELDS = frozenset(field.name for field in fields(StepReport))


def summarize(meeting: Meeting, walls: Sequence[datetime] = ()) -> Summary:
    """The summary of `meeting` as it stands now (ended or not).

    The seconds are the engine's own, not rounded: the report rounds them once, as it shows
    them, so a share's average there reads as it did on the share timer. The meeting's
    planned length is the agenda's (`[meeting] minutes`, else its steps' sum).

    Args:
        meeting: The meeting.
        walls: When each of its events was recorded, for the times of its corrections (a
            meeting being run has none: they are made from the history, once it has ended).
    """
    steps: list[StepReport] = []
    for index, step in enumerate(meeting.agenda.steps):
        shares = meeting.shares_in_step(index)
        longest = max((share.seconds for share in shares), default=None)
        average = meeting.average_share_seconds(index)
        steps.append(
            StepReport(
                title=step.title,
                kind=step.kind,
                planned_seconds=meeting.step_planned(index),
                actual_seconds=meeting.step_used(index),
                shares=len(shares),
                # A mean above the longest share can only be float noise.
                average_share_seconds=at_most(average, longest),
                longest_share_seconds=longest,
                added_seconds=sum(share.added for share in shares),
            )
        )
    return Summary(
        planned_seconds=meeting.agenda.length_minutes * 60,
        actual_seconds=meeting.elapsed(),
        shares=len(meeting.shares),
        tallies=dict(meeting.tallies),
        steps=tuple(steps),
        corrections=corrections_in(meeting, walls),
    )


def corrections_in(meeting: Meeting, walls: Sequence[datetime]) -> tuple[Correction, ...]:
    """The corrections among `meeting`'s events, at the times in `walls` (one per event)."""
    found: list[Correction] = []
    for event, wall in zip(meeting.events, walls, strict=False):
        if event.kind != "correction":
            continue
        corrected = CountCorrection.read(event.value)
        # As the engine applies them: a category the agenda does not count was ignored.
        if corrected is not None and corrected.category in meeting.tallies:
            found.append(Correction(wall, corrected.category, corrected.before, corrected.after))
    return tuple(found)


def at_most(average: float | None, longest: float | None) -> float | None:
    """`average`, but never more than `longest` (None when either is)."""
    if average is None or longest is None:
        return None
    return min(average, longest)
