"""A row of the benchmark's table: what is measured, the figure, and its goal."""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    measure: str
    """What is measured, as the README's table names it."""
    figure: str
    """The figure, with the baseline measured in the same run where there is one."""
    against: str
    """The goal, or what the figure is compared with."""
    met: bool | None = None
    """Whether the goal is met; None for a figure given for information."""

    @property
    def verdict(self) -> str:
        return "MISSED" if self.met is False else ""


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))
