"""A widget's size read from its layout is the size Textual finds on the screen."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Label, Static

from facilitator.widgets.laid_out import content_size


class Boxes(App[None]):
    CSS = """
    #bare { height: 3; }
    #padded { padding: 1 2; height: 5; }
    #boxed { border: round $panel; padding: 0 1; height: auto; }
    """

    def compose(self) -> ComposeResult:
        yield Static("bare", id="bare")
        yield Static("padded", id="padded")
        yield Label("boxed", id="boxed")


@pytest.mark.parametrize("size", [(20, 15), (80, 24), (200, 56)])
async def test_the_laid_out_size_is_the_content_size(size: tuple[int, int]) -> None:
    app = Boxes()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for widget in app.query("#bare, #padded, #boxed"):
            assert content_size(widget) == widget.content_size, widget.id
        await pilot.resize_terminal(size[0] // 2, size[1])
        await pilot.pause()
        for widget in app.query("#bare, #padded, #boxed"):
            assert content_size(widget) == widget.content_size, widget.id
