"""Pick an agenda: bundled ones and the user's own."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from ..agenda import Agenda, format_problems
from ..library.agendas import AgendaEntry, list_agendas
from ..system.paths import user_agendas_dir
from ..widgets.footer import KeyFooter
from ..words.i18n import N_, _
from ..words.meeting import agenda_choice_words, invalid_choice_words, shown
from .commands import Command, Commands
from .messages import AgendaSaved


def _describe(choice: AgendaEntry) -> str:
    agenda = choice.agenda
    if agenda is None:
        return invalid_choice_words(choice.file.path.name, choice.file.bundled)
    return agenda_choice_words(agenda, choice.file.bundled)


PICKER_COMMANDS = Commands(
    # The screen's enter, not the list's: the footer says how to open an agenda.
    Command(
        "open",
        "enter",
        N_("Open"),
        help=N_("open the highlighted agenda: its meeting screen, ready to start"),
        priority=True,
    ),
    Command(
        "edit",
        "e",
        N_("Edit"),
        help=N_("edit the highlighted agenda (a bundled one is saved as a copy of yours)"),
    ),
    Command("app.history", "h", N_("History"), help=N_("past meetings, their reports, export")),
    Command("app.help", "question_mark", N_("Help"), key_display="?", help=N_("this help")),
    Command("app.quit", "q", N_("Quit"), help=N_("quit")),
)
"""The picker's commands: its keys, footer and help are made from these."""


class PickerScreen(Screen[None]):
    """The first screen when no agenda is named on the command line."""

    class Chosen(Message):
        """An agenda to run was chosen."""

        def __init__(self, agenda: Agenda, path: Path) -> None:
            super().__init__()
            self.agenda = agenda
            self.path = path

    class Edit(Message):
        """An agenda is to be edited; `picker` wants to hear if it was saved (`AgendaSaved`)."""

        def __init__(self, picker: PickerScreen, path: Path) -> None:
            super().__init__()
            self.picker = picker
            self.path = path

    BINDINGS = PICKER_COMMANDS.bindings()

    def __init__(self) -> None:
        super().__init__()
        self.choices = list_agendas()

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(_("Choose an agenda"), classes="title", markup=False)
            yield OptionList(
                *(Option(_describe(c), id=str(i)) for i, c in enumerate(self.choices)),
                id="agendas",
                markup=False,
            )
            yield Static("", id="picker-detail", markup=False)
            folder = shown(str(user_agendas_dir()))
            yield Label(
                _("Your own agendas live in {folder}").format(folder=folder),
                id="picker-hint",
                markup=False,
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        if self.choices:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionHighlighted)
    def _show_detail(self, event: OptionList.OptionHighlighted) -> None:
        choice = self.choices[event.option_index]
        detail = self.query_one("#picker-detail", Static)
        if choice.agenda is None:
            detail.update(format_problems(choice.problems))
            detail.add_class("-error")
        else:
            detail.update(choice.agenda.meeting.description or shown(str(choice.file.path)))
            detail.remove_class("-error")

    @on(OptionList.OptionSelected)
    def _open_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option_index)

    def action_open(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self._open(index)

    def action_edit(self) -> None:
        """Edit the highlighted agenda (a bundled one is saved as a copy of yours)."""
        index = self.query_one(OptionList).highlighted
        if index is None:
            return
        self.post_message(self.Edit(self, self.choices[index].file.path))

    @on(AgendaSaved)
    def _saved(self) -> None:
        self.reload()  # after the editor: the agenda saved may be new, or named anew

    def reload(self) -> None:
        """Read the agendas again (after one was created or edited)."""
        self.choices = list_agendas()
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(_describe(c), id=str(i)) for i, c in enumerate(self.choices))
        if self.choices:
            options.highlighted = 0

    def _open(self, index: int) -> None:
        choice = self.choices[index]
        if choice.agenda is None:
            self.notify(
                _("This agenda has problems: e opens it in the editor to fix them."),
                severity="error",
                markup=False,
            )
            return
        self.post_message(self.Chosen(choice.agenda, choice.file.path))
