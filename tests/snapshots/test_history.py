"""The history and the timing report, frozen in SVG snapshots (fake clocks, fixed size).

Update after an intended change of the UI with `pytest --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Protocol

import pytest
from textual.pilot import Pilot

from facilitator.agenda import load_agenda
from facilitator.app import FacilitatorApp
from facilitator.store.database import Store
from facilitator.words import i18n

from ..data import NOV_24
from ..hints import MakeApp, OpenHistory, Press, Size, SnapCompare, ThreeMeetings
from ..support.clocks import ManualClock
from ..support.meetings import Recorded


class HistoryBefore(Protocol):
    """The `history_before` fixture: a `run_before` that opens the history, then presses keys."""

    def __call__(self, extra: Sequence[str] = ()) -> Callable[[Pilot[Any]], Awaitable[None]]: ...


SMALL = (60, 18)
SPANISH = Path(__file__).parents[2] / "agendas" / "reunion-abierta.toml"


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


def test_history_in_spanish_snapshot(
    press: Press,
    open_history: OpenHistory,
    snap_compare: SnapCompare,
    make_app: MakeApp,
    three_meetings: ThreeMeetings,
    store: Store,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In Spanish, a Spanish group's meetings beside an English one's: the trend is the
    highlighted meeting's agenda's (Asistentes), and the newest, left after its start, reads
    "sin terminar", not "0:00 sin terminar"."""
    monkeypatch.setenv("FACILITATOR_LANG", "es")
    i18n.speak()
    three_meetings(store)
    agenda = load_agenda(SPANISH)
    for days, count in ((1, 9), (2, 11)):
        held = Recorded(store, agenda, SPANISH.stem, NOV_24 + timedelta(days=days))
        held.tally(0, count)
        held.meeting.start()
        held.wait(58)
        held.finish()
    left = Recorded(store, agenda, SPANISH.stem, NOV_24 + timedelta(days=3))
    left.meeting.start()
    left.wait(1)
    app = make_app(clock, agenda_path=None, store=store)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await press(pilot, "escape")  # ahora no, to the offer to resume the one left
        await open_history(pilot)
        await press(pilot, "down")  # the Spanish meeting of 26 November
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 24), run_before=run_before)
