"""The editor's entry lists (steps, categories, resources): the list, its keys, its words.

A list draws only the lines in sight, each made when it is drawn: the steps of an agenda of
28,000 are listed as soon as those of one of ten.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding, Visual

from ...library.draft import Section
from ...library.fields import display
from ...words.i18n import N_, _
from ...words.meeting import shown
from ..keys import HelpBinding, explained

_DELETE_NAMED: dict[Section, str] = {
    "steps": N_('Delete step {number} "{name}"?'),
    "attendance": N_('Delete category {number} "{name}"?'),
    "resources": N_('Delete resource {number} "{name}"?'),
}
_DELETE: dict[Section, str] = {
    "steps": N_("Delete step {number}?"),
    "attendance": N_("Delete category {number}?"),
    "resources": N_("Delete resource {number}?"),
}

_NAME_KEYS: dict[Section, str] = {"steps": "title", "attendance": "label", "resources": "name"}

ENTRY = "entry-list--entry"
HIGHLIGHTED = "entry-list--entry-highlighted"
HOVERED = "entry-list--entry-hover"
LINES_KEPT = 1024
"""Drawn lines kept for drawing again (a few screens' worth, in every style)."""


class EntryList(ScrollView, can_focus=True):
    """The entries of one list section, a line each; `a` adds, `d` deletes, `K` / `J` move.

    Only the lines in sight are made, each when it is drawn: the editor says how many
    entries there are and how to word one (`show`), and the list asks for the words of an
    entry when it draws its line. It looks, and moves, as Textual's `OptionList` does.

    The list only asks: the editor changes the draft and shows the list again.
    """

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    EntryList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .entry-list--entry-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .entry-list--entry-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .entry-list--entry-hover {
            background: $block-hover-background;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {ENTRY, HIGHLIGHTED, HOVERED}

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", show=False),
        Binding("end", "last", show=False),
        Binding("home", "first", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("up", "cursor_up", show=False),
        HelpBinding(
            "a", "add", N_("Add"), help=N_("in a list: add an entry after the highlighted one")
        ),
        HelpBinding(
            "d,delete",
            "delete",
            N_("Delete"),
            help=N_("in a list: delete the highlighted entry (asks first)"),
        ),
        *explained(
            N_("in a list: move the highlighted entry up / down (or ctrl+up / ctrl+down)"),
            Binding("K,ctrl+up", "move(-1)", N_("Move"), key_display="K/J"),
            Binding("J,ctrl+down", "move(1)", N_("Move down"), show=False),
        ),
    ]

    highlighted: reactive[int | None] = reactive(None)
    """The entry the keys act on (None: the list is empty)."""
    mouse_over: reactive[int | None] = reactive(None)
    """The entry under the mouse pointer, if any."""

    class Request(Message):
        """Something the facilitator asked of the list."""

        def __init__(self, entry_list: EntryList) -> None:
            super().__init__()
            self.entry_list = entry_list

        @property
        def control(self) -> EntryList:
            return self.entry_list

    class Highlighted(Request):
        """The facilitator moved to another entry."""

        def __init__(self, entry_list: EntryList, index: int) -> None:
            super().__init__(entry_list)
            self.index = index

    class Add(Request):
        """Add an entry after the highlighted one."""

    class Delete(Request):
        """Delete the highlighted entry (the editor asks first)."""

    class Move(Request):
        """Move the highlighted entry up (-1) or down (+1)."""

        def __init__(self, entry_list: EntryList, offset: int) -> None:
            super().__init__(entry_list)
            self.offset = offset

    def __init__(self, section: Section, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="entry-list")
        self.section = section
        self.entry_count = 0
        self._wording: Callable[[int], Content] = lambda index: Content("")
        self._drawn: LRUCache[tuple[int, Style, int], Strip] = LRUCache(LINES_KEPT)

    # ------------------------------------------------------------------ what is listed

    def show(self, count: int, words: Callable[[int], Content]) -> None:
        """List `count` entries; `words(index)` gives an entry's line when it is drawn.

        Then say which entry is highlighted: it is scrolled to once the list has its length.
        """
        self.entry_count = count
        self._wording = words
        self._fit()
        self.redraw()
        self.call_after_refresh(self.scroll_to_highlight)

    def redraw(self) -> None:
        """Draw the lines again, asking for their words again (they may say something new)."""
        self._drawn.clear()
        self.refresh()

    def words_at(self, index: int) -> Content:
        """The words of entry `index`, as its line shows them."""
        return self._wording(index)

    def _fit(self) -> None:
        """Scroll over as many lines as there are entries."""
        self.virtual_size = Size(self.scrollable_content_region.width, self.entry_count)

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if not 0 <= index < self.entry_count:
            return Strip.blank(width, self.get_visual_style(ENTRY).rich_style)
        if index == self.highlighted:
            style = self.get_visual_style(ENTRY, HIGHLIGHTED)
        elif index == self.mouse_over:
            style = self.get_visual_style(ENTRY, HOVERED)
        else:
            style = self.get_visual_style(ENTRY)
        key = (index, style, width)
        line = self._drawn.get(key)
        if line is None:
            words: Visual = self._wording(index)
            padding = self.get_component_styles(ENTRY).padding
            if padding:
                words = Padding(words, padding)
            strips = Visual.to_strips(self, words, width, None, style)
            first = strips[0] if strips else Strip([])
            line = first.extend_cell_length(width, style.rich_style).apply_meta({"entry": index})
            self._drawn[key] = line
        return line

    def on_resize(self) -> None:
        self._fit()
        self.redraw()

    def on_show(self) -> None:
        self.scroll_to_highlight()

    def scroll_to_highlight(self) -> None:
        """Scroll so the highlighted entry is in sight."""
        if self.highlighted is None or not self.is_mounted:
            return
        region = Region(0, self.highlighted, self.scrollable_content_region.width, 1)
        self.scroll_to_region(region, force=True, animate=False, immediate=True)

    # ------------------------------------------------------------------ moving

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self.entry_count:
            return None
        return max(0, min(highlighted, self.entry_count - 1))

    def watch_highlighted(self, highlighted: int | None) -> None:
        if highlighted is None:
            return
        self.scroll_to_highlight()
        self.post_message(self.Highlighted(self, highlighted))

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_cursor_down(self) -> None:
        self._step(1)

    def _step(self, direction: int) -> None:
        """One entry up or down; past either end, round to the other (as `OptionList`)."""
        if not self.entry_count:
            return
        if self.highlighted is None:
            self.highlighted = 0 if direction > 0 else self.entry_count - 1
        else:
            self.highlighted = (self.highlighted + direction) % self.entry_count

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = self.entry_count - 1

    def action_page_up(self) -> None:
        if self.highlighted is None:
            self.action_first()
        else:
            self.highlighted = self.highlighted - self.scrollable_content_region.height

    def action_page_down(self) -> None:
        if self.highlighted is None:
            self.action_last()
        else:
            self.highlighted = self.highlighted + self.scrollable_content_region.height

    def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("entry")
        if isinstance(index, int):
            self.highlighted = index

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = event.style.meta.get("entry")
        self.mouse_over = index if isinstance(index, int) else None

    def on_leave(self) -> None:
        self.mouse_over = None

    # ------------------------------------------------------------------ asking the editor

    def action_add(self) -> None:
        self.post_message(self.Add(self))

    def action_delete(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Delete(self))

    def action_move(self, offset: int) -> None:
        if self.highlighted is not None:
            self.post_message(self.Move(self, offset))


def entry_text(section: Section, index: int, entry: Any) -> str:
    """How an entry is listed: its number and name (a step with its minutes too).

    A name holding a control character has it spelt out, to be found and fixed.
    """
    if not isinstance(entry, dict):
        return _("{number} (not a table)").format(number=index + 1)
    if section == "steps":
        title = shown(display(entry.get("title")))
        minutes = shown(display(entry.get("minutes")))
        return _("{number} {title} · {minutes} min").format(
            number=index + 1, title=title, minutes=minutes
        )
    if section == "attendance":
        return f"{index + 1} {shown(display(entry.get('label')))}"
    return shown(display(entry.get("name"))) or _("(no name)")


def entry_prompt(section: Section, index: int, entry: Any, to_fix: bool) -> Content:
    """An entry as its list shows it, marked when it has a problem `to_fix`."""
    text = entry_text(section, index, entry)
    if to_fix:
        return Content.assemble(text, (_(" · to fix"), "bold $text-error"))
    return Content(text)


def delete_question(section: Section, index: int, entry: Any) -> str:
    """What the editor asks before deleting an entry: which one, by name when it has one."""
    name = entry.get(_NAME_KEYS[section]) if isinstance(entry, dict) else None
    if isinstance(name, str) and name:
        return _(_DELETE_NAMED[section]).format(number=index + 1, name=name)
    return _(_DELETE[section]).format(number=index + 1)
