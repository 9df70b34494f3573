"""A list of agenda entries (steps, categories, resources) with keys to change it."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList


class EntryList(OptionList):
    """The entries of one list section; `a` adds, `d` deletes, `K` / `J` move.

    The list only asks: the editor changes the draft and fills the list again.
    """

    BINDINGS = [
        Binding("a", "add", "Add"),
        Binding("d,delete", "delete", "Delete"),
        Binding("K,ctrl+up", "move(-1)", "Move", key_display="K/J"),
        Binding("J,ctrl+down", "move(1)", "Move down", show=False),
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

    def __init__(self, section: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="entry-list")
        self.section = section

    def action_add(self) -> None:
        self.post_message(self.Add(self))

    def action_delete(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Delete(self))

    def action_move(self, offset: int) -> None:
        if self.highlighted is not None:
            self.post_message(self.Move(self, offset))
