"""The history and the timing report, frozen in SVG snapshots (fake clocks, fixed size).

Update after an intended change of the UI with `pytest --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

import pytest
from textual.pilot import Pilot

from facilitator.app import FacilitatorApp

from ..hints import OpenHistory, Press, Size, SnapCompare


class HistoryBefore(Protocol):
    """The `history_before` fixture: a `run_before` that opens the history, then presses keys."""

    def __call__(self, extra: Sequence[str] = ()) -> Callable[[Pilot[Any]], Awaitable[None]]: ...


SMALL = (60, 18)


@pytest.fixture
def history_before(press: Press, open_history: OpenHistory) -> HistoryBefore:
    """A function: a `run_before` that opens the history, then presses keys."""

    def history_before(extra: Sequence[str] = ()) -> Callable[[Pilot[Any]], Awaitable[None]]:
        async def run_before(pilot: Pilot[Any]) -> None:
            await open_history(pilot)
            await press(pilot, *extra)
            await pilot.pause()

        return run_before

    return history_before


def test_history_snapshot(
    history_before: HistoryBefore,
    terminal_size: Size,
    snap_compare: SnapCompare,
    history_app: FacilitatorApp,
) -> None:
    assert snap_compare(history_app, terminal_size=terminal_size, run_before=history_before())


def test_report_with_an_overrun_snapshot(
    history_before: HistoryBefore,
    terminal_size: Size,
    snap_compare: SnapCompare,
    history_app: FacilitatorApp,
) -> None:
    run = history_before(("down", "enter"))
    assert snap_compare(history_app, terminal_size=terminal_size, run_before=run)


def test_history_small_terminal_snapshot(
    history_before: HistoryBefore, snap_compare: SnapCompare, history_app: FacilitatorApp
) -> None:
    assert snap_compare(history_app, terminal_size=SMALL, run_before=history_before())


def test_history_at_120_columns_snapshot(
    history_before: HistoryBefore, snap_compare: SnapCompare, history_app: FacilitatorApp
) -> None:
    """The meeting's name whole: the attendance gives way, cut with an ellipsis."""
    assert snap_compare(history_app, terminal_size=(120, 24), run_before=history_before())


def test_report_light_theme_snapshot(
    history_before: HistoryBefore,
    terminal_size: Size,
    snap_compare: SnapCompare,
    history_app: FacilitatorApp,
) -> None:
    history_app.theme = "textual-light"
    run = history_before(("down", "enter"))
    assert snap_compare(history_app, terminal_size=terminal_size, run_before=run)


def test_correct_counts_snapshot(
    press: Press,
    open_history: OpenHistory,
    terminal_size: Size,
    snap_compare: SnapCompare,
    history_app: FacilitatorApp,
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_history(pilot)
        await press(pilot, "c")
        await pilot.app.workers.wait_for_complete()  # the counts are read in a worker
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "CorrectScreen"

    assert snap_compare(history_app, terminal_size=terminal_size, run_before=run_before)
