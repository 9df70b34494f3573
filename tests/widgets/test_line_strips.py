"""A line drawn from kept styles is the line Textual's Content draws: the same cells in the
same styles, selection offsets included; what it cannot draw so is left to Textual."""

from __future__ import annotations

import random

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.strip import Strip
from textual.visual import Visual
from textual.widgets import Static

from facilitator.widgets.line_strips import LineStrips, Run
from facilitator.widgets.phrases import STYLES

STYLE_CHOICES = ["", *STYLES.values(), "italic $text-error", "underline"]
TEXTS = [
    "0:03",
    " elapsed",
    " · ",
    "on time",
    "[b]x[/]",
    "日本語",
    "ñandú",
    "🙂",
    "  ",
    "ends 19:58",
]


class Lines(App[None]):
    CSS = """
    #plain { color: $text-muted; background: $panel; }
    #bold { text-style: bold; }
    #centred { text-align: center; background: $warning-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="plain")
        yield Static(id="bold")
        yield Static(id="centred")


def cells(strip: Strip) -> list[tuple[str, object]]:
    """A strip as its characters, each with its style: how it looks, however it is cut."""
    return [(char, segment.style) for segment in strip for char in segment.text]


def textual_draws(widget: Static, runs: list[Run], width: int) -> Strip:
    content = Content.assemble(*(text if not style else (text, style) for text, style in runs))
    (strip,) = Visual.to_strips(widget, content, width, None, widget.visual_style)
    return strip


def random_runs(chance: random.Random) -> list[Run]:
    return [
        (chance.choice(TEXTS), chance.choice(STYLE_CHOICES)) for _ in range(chance.randint(1, 6))
    ]


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_a_line_is_drawn_as_textual_draws_it(theme: str) -> None:
    app = Lines()
    async with app.run_test(size=(80, 10)) as pilot:
        app.theme = theme
        await pilot.pause()
        chance = random.Random(26)
        for widget in app.query(Static):
            lines = LineStrips(widget)
            for _ in range(300):
                runs = random_runs(chance)
                width = chance.choice([79, 80])  # an odd number of spare cells, and even
                strip = lines.draw(runs, width)
                assert strip is not None, runs
                assert cells(strip) == cells(textual_draws(widget, runs, width)), runs
                assert strip.cell_length == textual_draws(widget, runs, width).cell_length


async def test_a_new_theme_draws_in_its_own_colours() -> None:
    app = Lines()
    async with app.run_test(size=(80, 10)) as pilot:
        widget = app.query_one("#plain", Static)
        lines = LineStrips(widget)
        runs = [("3 min", "$text-warning"), (" behind", "")]
        dark = lines.draw(runs, 80)
        app.theme = "textual-light"
        await pilot.pause()
        lines.forget()
        light = lines.draw(runs, 80)
        assert dark is not None and light is not None
        assert cells(light) == cells(textual_draws(widget, runs, 80))
        assert cells(light) != cells(dark)


@pytest.mark.parametrize(
    "runs",
    [
        [("a line wider than the widget is wide", "")],
        [("a\ttab", "")],
        [("two\nlines", "bold")],
        [("an escape \x1b[2J", "")],
    ],
)
async def test_what_wraps_or_holds_a_sign_is_left_to_textual(runs: list[Run]) -> None:
    app = Lines()
    async with app.run_test(size=(80, 10)):
        assert LineStrips(app.query_one("#plain", Static)).draw(runs, 20) is None


async def test_text_aligned_right_is_left_to_textual() -> None:
    app = Lines()
    async with app.run_test(size=(80, 10)):
        widget = app.query_one("#plain", Static)
        widget.styles.text_align = "right"
        assert LineStrips(widget).draw([("0:03", "bold")], 20) is None
