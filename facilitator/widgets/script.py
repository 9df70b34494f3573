"""A step's script: its Markdown as a few plain text blocks.

Textual's `Markdown` widget brings a syntax highlighter, a widget class per kind of block and
their styles: more start-up time than the rest of the meeting screen. A script is prose
with emphasis, lists, headings, quotes and links, so it is drawn here from the Markdown
parser's tokens (CommonMark) as one `Static` per block.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from textual.app import ComposeResult
from textual.containers import HorizontalGroup, VerticalGroup
from textual.content import Content
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

_PARSER: Any = None

# Inline markup, by the token that opens it.
_INLINE_STYLES = {
    "strong_open": Style(bold=True),
    "em_open": Style(italic=True),
    "s_open": Style(strike=True),
}
_CODE = Style(reverse=True)


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark").enable("strikethrough")
    return _PARSER


@dataclass
class Block:
    """One block of a script: its text, its kind, and how deep in lists and quotes it is."""

    kind: str
    """`paragraph`, `heading`, `item`, `code` or `rule`."""
    content: Content
    bullet: str = ""
    """For an item, its bullet or number."""
    depth: int = 0
    """How many levels of list indent it."""
    quoted: bool = False


@dataclass
class _Open:
    ordered: bool
    number: int


@dataclass
class _State:
    lists: list[_Open] = field(default_factory=list)
    quotes: int = 0
    bullet: str = ""  # for the next paragraph: the first inside a list item
    heading: bool = False  # the next text is a heading's


def _inline(children: Sequence[Any]) -> Content:
    parts: list[str | tuple[str, str | Style]] = []
    styles: list[Style] = []

    def add(text: str, extra: Style | None = None) -> None:
        style = Style()
        for each in styles:
            style += each
        if extra is not None:
            style += extra
        parts.append((text, style) if styles or extra is not None else text)

    for token in children:
        kind = token.type
        if kind in _INLINE_STYLES:
            styles.append(_INLINE_STYLES[kind])
        elif kind == "link_open":
            styles.append(Style(underline=True, link=str(token.attrGet("href") or "")))
        elif kind.endswith("_close") and styles:
            styles.pop()
        elif kind == "text" or kind == "html_inline":
            add(token.content)
        elif kind == "code_inline":
            add(token.content, _CODE)
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "image":
            add(token.content or "(image)")
    return Content.assemble(*parts)


def script_blocks(markdown: str) -> list[Block]:
    """The blocks of `markdown`, in order."""
    state = _State()
    blocks: list[Block] = []

    def depth() -> int:
        # An item's text lines up with its bullet; its later paragraphs with its text.
        return len(state.lists) - (1 if state.bullet else 0)

    for token in _parser().parse(markdown):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1)
            state.lists.append(_Open(kind == "ordered_list_open", start))
        elif kind in ("bullet_list_close", "ordered_list_close"):
            state.lists.pop()
        elif kind == "list_item_open":
            current = state.lists[-1]
            state.bullet = f"{current.number}." if current.ordered else "•"
            current.number += 1
        elif kind == "blockquote_open":
            state.quotes += 1
        elif kind == "blockquote_close":
            state.quotes -= 1
        elif kind == "inline":
            content = _inline(token.children or [])
            if state.heading:
                bold = content.stylize(Style(bold=True))
                blocks.append(Block("heading", bold, "", depth(), state.quotes > 0))
                state.heading = False
            elif state.bullet:
                blocks.append(Block("item", content, state.bullet, depth(), state.quotes > 0))
                state.bullet = ""
            else:
                blocks.append(Block("paragraph", content, "", depth(), state.quotes > 0))
        elif kind == "heading_open":
            state.heading = True
        elif kind in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            blocks.append(Block("code", Content(text), "", depth(), state.quotes > 0))
        elif kind == "hr":
            blocks.append(Block("rule", Content("─" * 20), "", depth(), state.quotes > 0))
        elif kind == "html_block":
            text = Content(token.content.rstrip("\n"))
            blocks.append(Block("paragraph", text, "", depth(), state.quotes > 0))
    return blocks


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
        for block in script_blocks(markdown):
            classes = f"-{block.kind} -depth-{min(block.depth, 4)}"
            if block.quoted:
                classes += " -quoted"
            # A blank line between blocks, except between the items of one list.
            if previous is not None and not (block.kind == previous.kind == "item"):
                classes += " -spaced"
            if block.kind == "item":
                yield ScriptBlock(
                    Static(block.bullet, classes="bullet", markup=False),
                    Static(block.content, classes="text", markup=False),
                    classes=classes,
                )
            else:
                yield Static(block.content, classes=classes, markup=False)
            previous = block
