"""The editor's entry lists (steps, categories, resources): the list, its keys, its words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList

from ...agenda import Problem
from ...library.draft import SECTIONS, Section, field_name
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


class EntryList(OptionList):
    """The entries of one list section; `a` adds, `d` deletes, `K` / `J` move.

    The list only asks: the editor changes the draft and fills the list again.
    """

    BINDINGS = [
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

    class Request(Message):
        """Something the facilitator asked of the list."""

        def __init__(self, entry_list: EntryList) -> None:
            super().__init__()
            self.entry_list = entry_list

        @property
        def control(self) -> EntryList:
            return self.entry_list

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
        super().__init__(id=id, classes="entry-list", markup=False)
        self.section = section

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


def entry_prompt(section: Section, index: int, entry: Any, problems: Sequence[Problem]) -> Content:
    """An entry as its list shows it, marked when one of `problems` is in it."""
    text = entry_text(section, index, entry)
    base = field_name((*SECTIONS[section], index))
    if any(p.field == base or p.field.startswith((base + ".", base + "[")) for p in problems):
        return Content.assemble(text, (_(" · to fix"), "bold $text-error"))
    return Content(text)


def delete_question(section: Section, index: int, entry: Any) -> str:
    """What the editor asks before deleting an entry: which one, by name when it has one."""
    name = entry.get(_NAME_KEYS[section]) if isinstance(entry, dict) else None
    if isinstance(name, str) and name:
        return _(_DELETE_NAMED[section]).format(number=index + 1, name=name)
    return _(_DELETE[section]).format(number=index + 1)
