"""A script's Markdown as plain blocks: text, and spans that name their style. No Textual.

The parser (markdown-it, CommonMark) takes longer to import than the meeting screen takes to
draw, so the blocks of an agenda's scripts are worked out when the agenda is checked and are
kept with it (see `agenda.parse_agenda`): `blocks` parses only what it has not seen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Span = tuple[int, int, str]
"""Start, end and style of a run of text: bold, italic, strike, code, or link:<address>."""


@dataclass(frozen=True)
class Block:
    """One block of a script: a paragraph, heading, list item, code or rule."""

    kind: str
    """`paragraph`, `heading`, `item`, `code` or `rule`."""
    text: str
    spans: tuple[Span, ...] = ()
    bullet: str = ""
    """For an item, its bullet or number."""
    depth: int = 0
    """How many levels of list indent it."""
    quoted: bool = False


_KNOWN: dict[str, tuple[Block, ...]] = {}
_KNOWN_MOST = 512  # scripts typed in the editor's preview come and go
_PARSER: Any = None
_STYLES = {"strong_open": "bold", "em_open": "italic", "s_open": "strike"}


def blocks(markdown: str) -> tuple[Block, ...]:
    """The blocks of `markdown`, in order."""
    if not markdown.strip():
        return ()  # nothing to draw, and no parser to load for it
    known = _KNOWN.get(markdown)
    if known is None:
        known = tuple(_parse(markdown))
        remember(markdown, known)
    return known


def remember(markdown: str, parsed: Sequence[Block]) -> None:
    """Keep `parsed` as the blocks of `markdown` (worked out before, and kept)."""
    if len(_KNOWN) >= _KNOWN_MOST:
        _KNOWN.clear()
    _KNOWN[markdown] = tuple(parsed)


def to_plain(parsed: Sequence[Block]) -> list[list[Any]]:
    """Blocks as JSON values (see `from_plain`)."""
    return [
        [block.kind, block.text, [list(span) for span in block.spans], block.bullet]
        + [block.depth, block.quoted]
        for block in parsed
    ]


def from_plain(data: Sequence[Sequence[Any]]) -> tuple[Block, ...]:
    """Blocks from what `to_plain` gave.

    Raises:
        ValueError, TypeError: `data` does not have that shape.
    """
    found = []
    for kind, text, spans, bullet, depth, quoted in data:
        checked = tuple((int(start), int(end), str(style)) for start, end, style in spans)
        found.append(Block(str(kind), str(text), checked, str(bullet), int(depth), bool(quoted)))
    return tuple(found)


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        _PARSER = MarkdownIt("commonmark").enable("strikethrough")
    return _PARSER


def _inline(children: Sequence[Any]) -> tuple[str, tuple[Span, ...]]:
    text: list[str] = []
    length = 0
    spans: list[Span] = []
    opened: list[tuple[int, str]] = []

    def add(part: str, style: str | None = None) -> None:
        nonlocal length
        if style is not None and part:
            spans.append((length, length + len(part), style))
        text.append(part)
        length += len(part)

    for token in children:
        kind = token.type
        if kind in _STYLES:
            opened.append((length, _STYLES[kind]))
        elif kind == "link_open":
            opened.append((length, f"link:{token.attrGet('href') or ''}"))
        elif kind.endswith("_close") and opened:
            start, style = opened.pop()
            if length > start:
                spans.append((start, length, style))
        elif kind in ("text", "html_inline"):
            add(token.content)
        elif kind == "code_inline":
            add(token.content, "code")
        elif kind == "softbreak":
            add(" ")
        elif kind == "hardbreak":
            add("\n")
        elif kind == "image":
            add(token.content or "(image)")
    return "".join(text), tuple(sorted(spans))


def _parse(markdown: str) -> list[Block]:
    lists: list[list[Any]] = []  # [ordered, next number] of each list the text is in
    quotes = 0
    bullet = ""  # for the next paragraph: the first inside a list item
    heading = False  # the next text is a heading's
    found: list[Block] = []

    def depth() -> int:
        # An item's text lines up with its bullet; its later paragraphs with its text.
        return len(lists) - (1 if bullet else 0)

    for token in _parser().parse(markdown):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append([kind == "ordered_list_open", int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            ordered, number = lists[-1]
            bullet = f"{number}." if ordered else "•"
            lists[-1][1] = number + 1
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "inline":
            text, spans = _inline(token.children or [])
            if heading:
                spans = ((0, len(text), "bold"), *spans) if text else spans
                found.append(Block("heading", text, spans, "", depth(), quotes > 0))
                heading = False
            elif bullet:
                found.append(Block("item", text, spans, bullet, depth(), quotes > 0))
                bullet = ""
            else:
                found.append(Block("paragraph", text, spans, "", depth(), quotes > 0))
        elif kind == "heading_open":
            heading = True
        elif kind in ("fence", "code_block"):
            text = token.content.rstrip("\n")
            found.append(Block("code", text, (), "", depth(), quotes > 0))
        elif kind == "hr":
            found.append(Block("rule", "─" * 20, (), "", depth(), quotes > 0))
        elif kind == "html_block":
            text = token.content.rstrip("\n")
            found.append(Block("paragraph", text, (), "", depth(), quotes > 0))
    return found
