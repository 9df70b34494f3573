"""A callback the loop calls for a widget: on time, never for a widget gone or going, and
its error is the app's (shown, not swallowed by the loop)."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from facilitator.textual_internals import run_later


class SlowToGo(Label):
    async def on_unmount(self) -> None:
        await asyncio.sleep(0.2)  # its box is being taken down all this time


class Labels(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("kept", id="kept")
        with Vertical(id="box"):
            yield SlowToGo("going")


async def test_a_callback_runs_once_for_a_widget_still_there() -> None:
    app = Labels()
    async with app.run_test() as pilot:
        called: list[str] = []
        run_later(app.query_one("#kept"), 0.01, lambda: called.append("kept"))
        await asyncio.sleep(0.05)
        await pilot.pause()
        assert called == ["kept"]


async def test_no_callback_runs_for_a_widget_being_taken_down_or_gone() -> None:
    app = Labels()
    async with app.run_test() as pilot:
        called: list[str] = []
        box = app.query_one("#box")
        run_later(box, 0.05, lambda: called.append("while its children go"))
        run_later(box, 0.4, lambda: called.append("after it has gone"))
        await box.remove()
        await asyncio.sleep(0.5)
        await pilot.pause()
        assert called == []


async def test_a_cancelled_callback_never_runs() -> None:
    app = Labels()
    async with app.run_test() as pilot:
        called: list[str] = []
        run_later(app.query_one("#kept"), 0.02, lambda: called.append("kept")).cancel()
        await asyncio.sleep(0.05)
        await pilot.pause()
        assert called == []


async def test_an_error_in_the_callback_is_the_app_s() -> None:
    app = Labels()

    def fail() -> None:
        raise RuntimeError("the clock broke")

    with pytest.raises(RuntimeError, match="the clock broke"):  # as Textual ends on an error
        async with app.run_test() as pilot:
            run_later(app.query_one("#kept"), 0.0, fail)
            await asyncio.sleep(0.05)
            await pilot.pause()
