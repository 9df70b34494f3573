"""Tables of past meetings and of one meeting's steps."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from ..words.i18n import N_


class HistoryTable(DataTable[str | Text]):
    """The list of past meetings; Enter opens the highlighted one's timing report.

    Cells are shown as typed (see `widgets.plain.table_cell`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # DataTable hides Enter from the footer; here it is the way in, so show it.
        Binding("enter", "select_cursor", N_("Open report")),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)


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
