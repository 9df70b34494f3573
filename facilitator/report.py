"""What a meeting came to: timing per step, shares and tallies. Pure; no Textual.

A `Summary` is derived from the engine's state, so history, the timing report and the export
all read the same numbers. It is stored as JSON beside the events as a cache: the events stay
the truth, and a missing summary is rebuilt from them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from .engine import Meeting


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
class Summary:
    """A meeting, summed up."""

    planned_seconds: float
    actual_seconds: float
    shares: int
    tallies: dict[str, int]
    steps: tuple[StepReport, ...]

    def to_json(self) -> str:
        """Compact JSON for the store."""
        return json.dumps(asdict(self), separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str, *, steps: bool = True) -> Summary:
        """The inverse of `to_json`.

        Args:
            text: What `to_json` wrote.
            steps: False leaves the per-step timing out (`steps` is empty), for readers
                that need only the totals: most of the work is in the steps.
        """
        data: dict[str, Any] = json.loads(text)
        return cls(
            planned_seconds=float(data["planned_seconds"]),
            actual_seconds=float(data["actual_seconds"]),
            shares=int(data["shares"]),
            tallies={str(k): int(v) for k, v in data["tallies"].items()},
            steps=tuple(StepReport(**step) for step in data["steps"]) if steps else (),
        )


def summarize(meeting: Meeting) -> Summary:
    """The summary of `meeting` as it stands now (ended or not)."""
    steps: list[StepReport] = []
    for index, step in enumerate(meeting.agenda.steps):
        shares = meeting.shares_in_step(index)
        lengths = [share.seconds for share in shares]
        added = sum(share.added for share in shares)
        steps.append(
            StepReport(
                title=step.title,
                kind=step.kind,
                planned_seconds=meeting.step_planned(index),
                actual_seconds=round(meeting.step_used(index), 3),
                shares=len(lengths),
                average_share_seconds=round(sum(lengths) / len(lengths), 3) if lengths else None,
                longest_share_seconds=round(max(lengths), 3) if lengths else None,
                added_seconds=added,
            )
        )
    return Summary(
        planned_seconds=meeting.planned_seconds(),
        actual_seconds=round(meeting.elapsed(), 3),
        shares=len(meeting.shares),
        tallies=dict(meeting.tallies),
        steps=tuple(steps),
    )
