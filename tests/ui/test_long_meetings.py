"""A long meeting stays light: what a key leaves behind does not pile up."""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import StepView
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.textual_internals import FooterKey
from facilitator.widgets.steps import StepList

from ..hints import MakeApp, Press, Size
from ..support.clocks import ManualClock


def live_widgets(app: App[Any]) -> Counter[str]:
    """How many widgets of each kind are alive, in the DOM or not."""
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, Widget))


async def test_tallies_and_dialogs_leave_no_widgets_behind(
    clock: ManualClock, make_app: MakeApp, press: Press, tap: Press, terminal_size: Size
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "1", "s", "r", "escape")  # the footer has been rebuilt once
        before = live_widgets(app)
        assert before[FooterKey.__name__] > 0
        await tap(pilot, *["1"] * 2000)
        for _ in range(20):
            await tap(pilot, "r", "escape")
        await press(pilot, "r", "escape")  # the last dialog closed before widgets are counted
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting.tallies["attendees"] == 2001
        assert live_widgets(app) == before


def long_agenda(path: Path, steps: int) -> Path:
    """An agenda of `steps` one-minute steps, as short as an agenda file can say them."""
    rows = ",\n".join(f'{{title="{i}",minutes=1}}' for i in range(steps))
    path.write_text(f'steps = [\n{rows}\n]\n[meeting]\nname = "Long"\n', encoding="utf-8")
    return path


async def test_a_key_draws_only_the_rows_that_change_in_a_30000_step_agenda(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = make_app(clock, long_agenda(tmp_path / "long.toml", 30_000))
    rows_read: list[int] = []
    rows_drawn: list[int] = []
    step_view, render_line = Meeting.step_view, StepList.render_line

    def reading(meeting: Meeting, index: int) -> StepView:
        rows_read.append(index)
        return step_view(meeting, index)

    def drawing(steps: StepList, y: int) -> Strip:
        rows_drawn.append(y)
        return render_line(steps, y)

    monkeypatch.setattr(Meeting, "step_view", reading)
    monkeypatch.setattr(StepList, "render_line", drawing)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s")
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        in_sight = screen.query_one("#steps-pane").size.height
        assert 0 < len(set(rows_drawn)) <= in_sight + 1  # the first frame: the rows in sight
        for keys in (("1",), ("n",), ("space",), ("n", "p"), ("u",)):
            rows_read.clear()
            rows_drawn.clear()
            await press(pilot, *keys)
            # Each row in sight is read to see whether it changed (again at a tick that comes
            # meanwhile on a busy machine), never the whole agenda; only changed rows are drawn.
            assert len(rows_read) <= 4 * in_sight * len(keys), keys
            assert len(rows_drawn) <= 4 * len(keys), keys
        screen.goto_step(29_998)
        await press(pilot, "n")
        assert screen.meeting.current == 29_999
        steps = screen.query_one(StepList)
        last = steps.render_lines(Region(0, 29_999, steps.size.width, 1))[0].text
        assert last.startswith("▶ 30000 29999 ")
