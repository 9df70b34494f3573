"""A step's script: its Markdown as a few plain text blocks.

Textual's `Markdown` widget brings a syntax highlighter, a widget class per kind of block and
their styles: more start-up time than the rest of the meeting screen. A script is prose
with emphasis, lists, headings, quotes and links, so it is drawn here from the blocks
`facilitator.agenda.markdown` works out, as one `Static` per block.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content, Span
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from ..agenda.markdown import Block, blocks
from ..words.meeting import pictured

_STYLES = {
    "bold": Style(bold=True),
    "italic": Style(italic=True),
    "strike": Style(strike=True),
    "code": Style(reverse=True),
}


def _style(name: str) -> Style:
    if name.startswith("link:"):
        return Style(underline=True, link=name.removeprefix("link:"))
    return _STYLES.get(name, Style())


def block_content(block: Block) -> Content:
    """A block's text with its styles (a control character, which validation refuses but
    the editor's preview may meet, drawn as a visible sign)."""
    spans = [Span(start, end, _style(name)) for start, end, name in block.spans]
    return Content(pictured(block.text), spans=spans)


class ScriptBlock(HorizontalGroup):
    """A list item: its bullet beside its text, so a long item wraps under itself."""


class Script(VerticalGroup):
    """A step's script, drawn from Markdown; `show` replaces it."""

    def __init__(self, markdown: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._markdown = markdown

    def compose(self) -> ComposeResult:
        yield from self._widgets(self._markdown)

    @property
    def markdown(self) -> str:
        """The Markdown shown."""
        return self._markdown

    def show(self, markdown: str) -> None:
        """Show `markdown` instead of what is shown."""
        if markdown == self._markdown:
            return
        self._markdown = markdown
        with self.app.batch_update():
            self.remove_children()
            self.mount_all(list(self._widgets(markdown)))

    def _widgets(self, markdown: str) -> Iterator[Widget]:
        previous: Block | None = None
        for block in blocks(markdown):
            classes = f"-{block.kind} -depth-{min(block.depth, 4)}"
            if block.quoted:
                classes += " -quoted"
            # A blank line between blocks, except between the items of one list.
            if previous is not None and not (block.kind == previous.kind == "item"):
                classes += " -spaced"
            if block.kind == "item":
                yield ScriptBlock(
                    Static(block.bullet, classes="bullet", markup=False),
                    Static(block_content(block), classes="text", markup=False),
                    classes=classes,
                )
            else:
                yield Static(block_content(block), classes=classes, markup=False)
            previous = block
