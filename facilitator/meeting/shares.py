"""The shares a meeting has completed: in order, by step, each step's counted and summed as
they end, so a key or a frame reads a step's figures without going through its shares.

The sums are exact (a `Fraction` holds each float's value as it is), so a share taken back
leaves the sum as it was before it, and an average is the true mean of the seconds, however
long the meeting. `engine.Meeting` holds one. No Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from .states import CompletedShare


class CompletedShares:
    """A meeting's completed shares, kept as they end and taken back last first."""

    def __init__(self) -> None:
        self.all: list[CompletedShare] = []
        """Every completed share, in the order they ended."""
        self._in_step: dict[int, list[CompletedShare]] = {}
        self._seconds: dict[int, Fraction] = {}
        """Each step's shares' seconds, summed exactly."""

    def __len__(self) -> int:
        return len(self.all)

    def add(self, share: CompletedShare) -> None:
        """A share has ended."""
        self.all.append(share)
        self._in_step.setdefault(share.step, []).append(share)
        self._seconds[share.step] = self._seconds.get(share.step, Fraction(0)) + Fraction(
            share.seconds
        )

    def back_to(self, count: int) -> None:
        """Take back the shares that ended after the first `count`, last first."""
        while len(self.all) > count:
            share = self.all.pop()
            step = share.step
            shares = self._in_step[step]
            shares.pop()
            if shares:
                self._seconds[step] -= Fraction(share.seconds)
            else:  # none left: nothing summed, not a zero that exactness has to trust
                del self._in_step[step], self._seconds[step]

    def in_step(self, step: int) -> Sequence[CompletedShare]:
        """The completed shares of `step`, in order (read, never changed, by the caller)."""
        return self._in_step.get(step, ())

    def count(self, step: int) -> int:
        """How many shares of `step` have ended."""
        return len(self._in_step.get(step, ()))

    def average(self, step: int) -> float | None:
        """The mean length of the completed shares of `step` (None: none yet), exact to the
        nearest float."""
        shares = self._in_step.get(step)
        if not shares:
            return None
        return float(self._seconds[step] / len(shares))
