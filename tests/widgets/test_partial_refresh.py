"""A partial refresh writes only the cells that changed (`textual_internals`' guard), and bare
Textual still writes each line from the widget's edge (the canary: when it fails, Textual is
fixed and the guard goes)."""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap

import pytest
from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._compositor import ChopsUpdate
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

from facilitator import textual_internals

# One line: a widget from column 0 to 10 drew "abcdefghij"; cells 5 to 7 changed.
LINE = "abcdefghij"
MAKE_UPDATE = """
chops = [{0: Strip([Segment(LINE)])}]
update = ChopsUpdate(chops, [(0, 5, 8)], [[10]])
"""


def written(update: ChopsUpdate) -> str:
    return update.render_segments(Console(color_system=None, force_terminal=True))


def test_a_partial_refresh_writes_only_its_cells() -> None:
    textual_internals.install()
    update = ChopsUpdate([{0: Strip([Segment(LINE)])}], [(0, 5, 8)], [[10]])
    assert written(update) == "\x1b[1;6Hfgh"


def test_a_span_that_starts_at_the_widget_s_edge_is_written_as_before() -> None:
    textual_internals.install()
    update = ChopsUpdate([{0: Strip([Segment(LINE)]), 10: None}], [(0, 0, 4)], [[10, 20]])
    assert written(update) == "\x1b[1;1Habcd"


def test_bare_textual_still_writes_from_the_widget_s_edge() -> None:
    script = textwrap.dedent(
        f"""
        from rich.console import Console
        from rich.segment import Segment
        from textual._compositor import ChopsUpdate
        from textual.strip import Strip
        LINE = {LINE!r}
        {textwrap.indent(MAKE_UPDATE, "        ").strip()}
        print(repr(update.render_segments(Console(color_system=None, force_terminal=True))))
        """
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == repr("\x1b[1;1Habcdefgh"), (
        "Textual now writes only the dirty cells of a partial refresh: drop "
        "`_write_only_what_changed` from facilitator/textual_internals.py, and this test"
    )


class Boxed(App[None]):
    CSS = "Vertical { border: round $panel; height: 5; } Label { width: 1fr; }"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("0:03 left", id="time")


async def test_only_the_widget_seen_in_the_changed_cells_is_drawn(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    textual_internals.install()
    asked: list[str] = []
    render_lines = Widget.render_lines

    def recording(self: Widget, crop: Region) -> list[Strip]:
        asked.append(type(self).__name__)
        return render_lines(self, crop)

    app = Boxed()
    async with app.run_test(size=(40, 8)) as pilot:
        label = app.query_one("#time", Label)
        await pilot.pause()
        monkeypatch.setattr(Widget, "render_lines", recording)
        label.update("0:02 left", layout=False)
        label.refresh(Region(0, 0, 4, 1))
        await pilot.pause()
        # The label's line crosses the box's border, but the border did not change.
        assert asked == ["Label"]
        monkeypatch.undo()
        assert "0:02 left" in "".join(
            segment.text for segment in app.screen._compositor.render_strips()[1]
        )


def test_the_cells_written_are_those_of_the_strip_cut_to_the_span() -> None:
    textual_internals.install()
    chance = random.Random(26)
    styles = [None, RichStyle(bold=True), RichStyle(color="red", bgcolor="black")]
    console = Console(color_system="truecolor", force_terminal=True)
    for _ in range(300):
        texts = [chance.choice(["ab", "日本", "█ █", " ", "x🙂y"]) for _ in range(4)]
        strip = Strip([Segment(text, chance.choice(styles)) for text in texts])
        start = chance.randrange(strip.cell_length)
        end = chance.randrange(start + 1, strip.cell_length + 1)
        # A chop that starts before the span: the update cuts it at the span's start.
        update = ChopsUpdate([{0: strip}], [(0, start, end)], [[strip.cell_length]])
        expected = f"\x1b[1;{start + 1}H" + strip.crop(start, end).render(console)
        assert update.render_segments(console) == expected, (texts, start, end)
