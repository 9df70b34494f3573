"""The message to the room (`m`): a line typed, or one ready-made, shown large on the room
view and the room page until cleared (Enter on an empty line)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from ..meeting.floor import MESSAGE_CHARACTERS
from ..words.i18n import N_, _


class RoomMessageScreen(ModalScreen[str | None]):
    """Asks for the message to the room: Enter shows the line typed (an empty one clears the
    message), or the ready-made one chosen below it; Escape changes nothing (None)."""

    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("down", "presets", N_("Ready-made messages"), show=False),
    ]

    def __init__(self, presets: Sequence[str], shown: str | None) -> None:
        """`presets`: the ready-made messages; `shown`: the message the room sees now."""
        super().__init__()
        self.presets = list(presets)
        self.shown = shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="room-message-dialog") as dialog:
            dialog.border_title = _("Message to the room")
            if self.shown is not None:
                yield Label(
                    _("Shown now: {message}").format(message=self.shown),
                    classes="heading",
                    markup=False,
                )
            yield Input(
                placeholder=_("A message for everyone to read (empty: clear it)"),
                max_length=MESSAGE_CHARACTERS,
                id="room-message-input",
            )
            yield OptionList(
                *(Option(preset, id=str(i)) for i, preset in enumerate(self.presets)),
                id="room-message-presets",
                markup=False,
                classes="choices",
            )
            yield Label(
                _("Enter shows it · an empty line clears it · ↓ ready-made ones · Escape cancels"),
                classes="keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.presets[event.option_index])

    def action_presets(self) -> None:
        options = self.query_one(OptionList)
        if not options.has_focus:
            options.highlighted = 0
            options.focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
