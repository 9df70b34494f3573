"""Tables of past meetings and of one meeting's steps."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import ClassVar, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing, clamp
from textual.message import Message
from textual.render import measure
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import DataTable

from ..words.i18n import N_
from .phrases import cut_cells

HEADER = -1
"""The row number of the header line."""
PADDING = 1
"""Cells of space on each side of a cell, as in Textual's `DataTable`."""
ROWS = ("history-table--header", "history-table--even-row", "history-table--odd-row")
"""The component classes of the header and of the rows, striped."""


class RowSource(Protocol):
    """Where a `HistoryTable`'s rows come from: it reads only the rows it draws."""

    def __len__(self) -> int: ...

    def cells(self, index: int) -> Sequence[str] | None:
        """Row `index`'s cells, or None while it is being read."""


class NoRows:
    """The rows of a table given none yet."""

    def __len__(self) -> int:
        return 0

    def cells(self, index: int) -> Sequence[str] | None:
        return None


class HistoryTable(ScrollView, can_focus=True):
    """The list of past meetings; Enter opens the highlighted one's timing report.

    However long the list, only the rows on the screen are drawn, asked of a `RowSource`
    as they are drawn, so rows are never added one by one nor measured again and again. It
    looks and moves as Textual's `DataTable` with a row cursor and zebra stripes. Cells are
    shown as typed (never read as markup). A column is as wide as the widest cell it has
    been given (`widen`): it grows, never shrinks, as older meetings are read; but when the
    table is wider than the window, the columns `squeezed` give up width in turn (each down
    to its heading's), their cells cut with an ellipsis: so a row ends in the window, and
    what is cut says so, rather than the window cutting the last column short.
    """

    ALLOW_SELECT = False
    BINDINGS: ClassVar[list[BindingType]] = [
        # DataTable hides Enter from the footer; here it is the way in, so show it.
        Binding("enter", "select_cursor", N_("Open report")),
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("ctrl+home", "first_row", show=False),
        Binding("ctrl+end", "last_row", show=False),
        Binding("home", "left_edge", show=False),
        Binding("end", "right_edge", show=False),
        Binding("left", "scroll_left", show=False),
        Binding("right", "scroll_right", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "history-table--header",
        "history-table--header-hover",
        "history-table--cursor",
        "history-table--hover",
        "history-table--even-row",
        "history-table--odd-row",
    }

    # Textual's `DataTable` style, for the parts this table has.
    DEFAULT_CSS = """
    HistoryTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;

        &:focus {
            background-tint: $foreground 5%;
            & > .history-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .history-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark {
            & > .history-table--even-row {
                background: $surface-darken-1 40%;
            }
        }
        & > .history-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .history-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .history-table--odd-row {
        }
        & > .history-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .history-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .history-table--header-hover {
            background: $accent 30%;
        }
        & > .history-table--hover {
            background: $block-hover-background;
        }
    }
    """

    class RowMessage(Message):
        """Something happened to row `row` of `table`."""

        def __init__(self, table: HistoryTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> HistoryTable:
            return self.table

    class RowHighlighted(RowMessage):
        """The cursor came to row `row`."""

    class RowSelected(RowMessage):
        """Row `row` was chosen (Enter, or a click on the highlighted row)."""

    class RowsShown(Message):
        """Rows `first` to `last` are on the screen now: what to read, and around it."""

        def __init__(self, table: HistoryTable, first: int, last: int) -> None:
            super().__init__()
            self.table = table
            self.first = first
            self.last = last

        @property
        def control(self) -> HistoryTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Text],
        *,
        right_aligned: Iterable[int] = (),
        squeezed: Sequence[int] = (),
        id: str | None = None,
    ) -> None:
        """A table of `columns` (their labels); the columns `right_aligned` align their
        cells to the right; the columns `squeezed`, first to last, are narrowed to fit the
        window (their cells said in full elsewhere)."""
        super().__init__(id=id)
        self.labels = list(columns)
        self.right_aligned = frozenset(right_aligned)
        self.squeezed = list(squeezed)
        self.source: RowSource = NoRows()
        self.widths: list[int] = []
        """Each column's width, without its padding (measured when mounted)."""
        self.cursor_row = 0
        self.hover_row = 0
        self.hovering = False
        self.drawn_lines: LRUCache[Hashable, Strip] = LRUCache(1000)
        """Lines drawn, by all they show: a row drawn again is not drawn anew."""
        self.drawn_state: Hashable = None
        """What the styles depend on (focus, the theme's dark or light), as last drawn."""
        self.drawn_styles: dict[str, Style] = {}
        """The widget's and its rows' styles, as last drawn."""
        self.shown_rows: tuple[int, int] | None = None

    def on_mount(self) -> None:
        console = self.app.console
        self.widths = [measure(console, label, 1) for label in self.labels]
        self.resized()

    # ------------------------------------------------------------------ what it shows

    @property
    def row_count(self) -> int:
        """How many rows the table has (read or not)."""
        return len(self.source)

    def show(self, source: RowSource) -> None:
        """Show the rows of `source` (the cursor stays on its row number)."""
        had_rows = self.row_count > 0
        self.source = source
        self.resized()
        self.refresh()
        if self.row_count and not had_rows:
            self.cursor_row = 0
            self.post_message(self.RowHighlighted(self, 0))
        elif self.cursor_row >= self.row_count:
            self.move_cursor(self.row_count - 1)

    def widen(self, rows: Iterable[Sequence[str]]) -> None:
        """Make each column as wide as its widest cell among `rows` (if wider than now), and
        draw the rows again."""
        widths = list(self.widths)
        for cells in rows:
            for column, cell in enumerate(cells):
                widths[column] = max(widths[column], cell_len(cell))
        if widths != self.widths:
            self.widths = widths
            self.drawn_lines.clear()
            self.resized()
        self.refresh()

    def resized(self) -> None:
        width = sum(width + 2 * PADDING for width in self.shown_widths())
        self.virtual_size = Size(width, self.row_count + 1)

    def shown_widths(self) -> list[int]:
        """Each column's width as drawn: the squeezed ones narrowed to fit the window."""
        widths = list(self.widths)
        over = sum(width + 2 * PADDING for width in widths) - self.scrollable_content_region.width
        if not self.size.width:
            return widths
        for column in self.squeezed:
            if over <= 0:
                break
            least = min(widths[column], cell_len(self.labels[column].plain))
            given = min(over, widths[column] - least)
            widths[column] -= given
            over -= given
        return widths

    def get_row_at(self, index: int) -> list[str]:
        """Row `index`'s cells as given (empty while it is being read)."""
        if not 0 <= index < self.row_count:
            raise IndexError(index)
        return list(self.source.cells(index) or ("",) * len(self.labels))

    # ------------------------------------------------------------------ the cursor

    def move_cursor(self, row: int, *, animate: bool = False) -> None:
        """Put the cursor on row `row` (within the table), in view."""
        row = clamp(row, 0, max(self.row_count - 1, 0))
        old, self.cursor_row = self.cursor_row, row
        if row != old:
            self.refresh_row(old)
            self.refresh_row(row)
            if self.row_count:
                self.post_message(self.RowHighlighted(self, row))
            self.cursor_in_view(animate)

    def cursor_in_view(self, animate: bool = False) -> None:
        width = max(self.size.width, self.virtual_size.width)
        region = Region(int(self.scroll_x), self.cursor_row + 1, width, 1)
        self.scroll_to_region(region, animate=animate, spacing=Spacing(1, 0, 0, 0), force=True)

    def on_resize(self, event: events.Resize) -> None:
        self.drawn_lines.clear()
        self.resized()  # the squeezed column as wide as the window leaves it
        # Shorter (the detail under it grew a line), the table still shows its cursor.
        self.cursor_in_view()

    def mark_hover(self, active: bool, row: int | None = None) -> None:
        """Show the mouse's row (`row`, or the last one), or not, as `DataTable` does."""
        row = self.hover_row if row is None else row
        if (active, row) != (self.hovering, self.hover_row):
            self.refresh_row(self.hover_row)
            self.hovering, self.hover_row = active, row
            self.refresh_row(row)

    def refresh_row(self, row: int) -> None:
        """Draw row `row` (or the header) again."""
        if row == HEADER:
            self.refresh(Region(0, 0, self.size.width, 1))
        else:
            self.refresh_line(row + 1)

    def action_cursor_up(self) -> None:
        self.mark_hover(False)
        self.move_cursor(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.mark_hover(False)
        self.move_cursor(self.cursor_row + 1)

    def action_page_down(self) -> None:
        self.mark_hover(False)
        height = self.scrollable_content_region.height - 1
        rows = min(height + 1, self.row_count - self.cursor_row)
        self.scroll_relative(y=height, animate=False, force=True)
        self.move_cursor(self.cursor_row + rows - 1)

    def action_page_up(self) -> None:
        self.mark_hover(False)
        height = self.scrollable_content_region.height - 1
        rows = min(height + 1, self.cursor_row + 1)
        self.scroll_relative(y=-height, animate=False)
        self.move_cursor(self.cursor_row - rows + 1)

    def action_first_row(self) -> None:
        self.mark_hover(False)
        self.move_cursor(0)

    def action_last_row(self) -> None:
        self.mark_hover(False)
        self.move_cursor(self.row_count - 1)

    def action_left_edge(self) -> None:
        self.mark_hover(False)
        self.scroll_x = 0

    def action_right_edge(self) -> None:
        self.mark_hover(False)
        self.scroll_x = self.max_scroll_x

    def action_select_cursor(self) -> None:
        self.mark_hover(False)
        if self.row_count:
            self.post_message(self.RowSelected(self, self.cursor_row))

    # ------------------------------------------------------------------ the mouse

    def on_mouse_move(self, event: events.MouseMove) -> None:
        meta = event.style.meta
        if "row" in meta:
            self.mark_hover(True, int(meta["row"]))
        else:
            self.mark_hover(False)

    def on_leave(self, event: events.Leave) -> None:
        self.mark_hover(False)

    def on_click(self, event: events.Click) -> None:
        meta = event.style.meta
        if "row" not in meta:
            return
        row = int(meta["row"])
        self.mark_hover(True, row)
        if row == HEADER:
            return
        if row == self.cursor_row:
            self.post_message(self.RowSelected(self, row))
        else:
            self.move_cursor(row, animate=True)
        event.stop()

    # ------------------------------------------------------------------ drawing

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.drawn_lines.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        self.drawn_state = self.get_pseudo_class_state()
        self.drawn_styles = {name: self.get_component_styles(name).rich_style for name in ROWS}
        self.drawn_styles["base"] = self.rich_style
        lines = super().render_lines(crop)
        first = int(self.scroll_y)
        shown = (first, first + max(self.scrollable_content_region.height - 2, 0))
        if shown != self.shown_rows and self.row_count:
            self.shown_rows = shown
            self.post_message(self.RowsShown(self, *shown))
        return lines

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = HEADER if y == 0 else y - 1 + scroll_y
        width = self.size.width
        base_style = self.drawn_styles.get("base") or self.rich_style
        if row >= self.row_count:
            return Strip.blank(width, base_style)
        cells = None if row == HEADER else self.source.cells(row)
        key = (
            row,
            scroll_x,
            width,
            base_style,
            row == self.cursor_row,
            self.hovering and row == self.hover_row,
            self.drawn_state,
            None if cells is None else tuple(cells),
        )
        strip = self.drawn_lines.get(key)
        if strip is None:
            segments = self.row_segments(row, cells, width)
            strip = Strip(segments).crop(scroll_x, scroll_x + width)
            strip = strip.adjust_cell_length(width, base_style).simplify()
            self.drawn_lines[key] = strip
        return strip

    def row_segments(self, row: int, cells: Sequence[str] | None, width: int) -> list[Segment]:
        """Row `row` (the header for `HEADER`) drawn whole, as `DataTable` draws a row: each
        cell padded, in the row's style with the cursor's over it, and its place (`row`,
        `column`) for the mouse.

        Cells are plain text, unstyled, on one line: a cell is one segment, where Rich's
        renderables would give the same characters in the same style, much more slowly.
        """
        if row == HEADER:
            row_style = self.row_style("history-table--header")
            texts = [label.plain for label in self.labels]
            right = [label.justify == "right" for label in self.labels]
        else:
            row_style = self.row_style(
                "history-table--odd-row" if row % 2 else "history-table--even-row"
            )
            texts = list(cells or ("",) * len(self.widths))
            right = [column in self.right_aligned for column in range(len(self.widths))]
        widths = self.shown_widths()
        shown = map(self.justified, texts, widths, right)
        accent = self.accent_of(row, self.hovering and row == self.hover_row)
        # The cursor's colour over the text's own, as `DataTable` puts it by default.
        after = Style.from_color(color=accent.color)
        pad = " " * PADDING
        segments = [
            Segment(
                pad + text + pad,
                row_style + Style.from_meta({"row": row, "column": column}) + accent + after,
            )
            for column, text in enumerate(shown)
        ]
        # The row's style carried out to the table's right edge.
        table_width = sum(cell_width + 2 * PADDING for cell_width in widths)
        beyond = Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})
        segments.append(Segment(" " * max(0, width - table_width), row_style + accent + beyond))
        return segments

    def row_style(self, name: str) -> Style:
        """The style of the component `name` (the header's, or a stripe's), as last drawn."""
        found = self.drawn_styles.get(name)
        return found if found is not None else self.get_component_styles(name).rich_style

    def accent_of(self, row: int, hovered: bool) -> Style:
        """The cursor's and the mouse's style over row `row`."""
        style = Style()
        if hovered:
            style += self.get_component_rich_style("history-table--hover")
            if row == HEADER:
                style += self.get_component_rich_style("history-table--header-hover")
        if row == self.cursor_row and row != HEADER:
            style += self.get_component_rich_style("history-table--cursor")
        return style

    @staticmethod
    def justified(text: str, width: int, right: bool) -> str:
        """`text` filled out with spaces to `width` cells, on the left if `right` (cut with
        an ellipsis if wider)."""
        text = cut_cells(text, width)
        room = " " * max(0, width - cell_len(text))
        return room + text if right else text + room


class ReportTable(DataTable[Text]):
    """One meeting's steps; cells are `Text`, so a step's title is never read as markup.

    Rich `Text` cannot use theme variables, so the accents are component classes styled in
    the .tcss, read when the rows are built (and again when the theme changes).
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"report-table--over", "report-table--total"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def over(self, words: str) -> Text:
        """`words` in the overrun accent (the words themselves say "over")."""
        return Text(words, style=self.get_component_rich_style("report-table--over", partial=True))

    def total(self, words: str) -> Text:
        """`words` styled as a totals cell."""
        return Text(words, style=self.get_component_rich_style("report-table--total", partial=True))
