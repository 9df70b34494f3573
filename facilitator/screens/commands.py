"""The commands: each thing a screen does, declared once (its key, its words in the footer,
its line of help, its entry in the palette, when it applies), the palette that lists them,
and Textual's own palette and commands in the app's language."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, BindingType
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.widget import Widget
from textual.widgets import Input, TextArea

from ..textual_internals import Palette
from ..widgets.plain import highlighted
from ..words.i18n import N_, _
from .keys import HelpBinding

Applies = Callable[[str], bool]
"""Whether a condition a screen names (`Command.when`) holds now, as that screen answers."""


@dataclass(frozen=True)
class Command:
    """One thing a screen does, declared once.

    The screen's `BINDINGS` (`Commands.bindings`), the keys its footer shows now
    (`Commands.shown_now`), its help (each binding carries its line) and its entries in the
    command palette (`Commands.entries`) are all made from its commands. Words are in
    English, marked for translation (`N_`), and said in the app's language where shown.
    """

    action: str
    """What it does: an action of the screen, with its arguments (`"tally(0)"`)."""
    key: str = ""
    """The keys that do it, as Textual names them (`"plus,equals_sign"`); none: the palette's
    only."""
    footer: str = ""
    """Its words in the footer."""
    shown: bool = True
    """The footer shows it (while it applies)."""
    key_display: str | None = None
    """Its key as the footer shows it, when not as Textual would (`"1-9"`)."""
    help: str = ""
    """Its line in the help (`?`); commands with the same line share a row."""
    palette: str = ""
    """Its name in the command palette (none: not listed there)."""
    palette_help: str = ""
    """Its line of help in the command palette."""
    when: str = ""
    """When the footer shows it: a condition the screen names and answers (none: always).
    Its key works at any time all the same: it does its job, or says why not now."""
    only_then: bool = False
    """Its key works only `when` it applies (and is not even said to be pressed otherwise)."""
    help_when: str = ""
    """When the help lists it: a condition the screen answers (none: always)."""
    priority: bool = False
    """Its key is the screen's before the focused widget's (the picker's enter opens the
    agenda, and its footer says so, rather than the list's own enter, which it hides)."""

    @property
    def name(self) -> str:
        """Its action's name, without the arguments (as `check_action` is told it)."""
        return self.action.split("(")[0]

    def binding(self) -> HelpBinding:
        """The key binding of the command, with its line of help."""
        return HelpBinding(
            self.key,
            self.action,
            self.footer,
            show=self.shown,
            key_display=self.key_display,
            priority=self.priority,
            help=self.help,
        )


class Commands:
    """A screen's commands, in the order its footer, its help and its palette list them."""

    def __init__(self, *commands: Command) -> None:
        self.commands = commands

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands)

    def bindings(self) -> list[BindingType]:
        """The screen's `BINDINGS`: one for each command with a key."""
        return [command.binding() for command in self.commands if command.key]

    def shown_now(
        self, active: dict[str, ActiveBinding], applies: Applies
    ) -> dict[str, ActiveBinding]:
        """A screen's `active` bindings, those of commands that do not apply now (`when`)
        kept off the footer (and Textual's keys panel)."""
        left_out = {
            command.action
            for command in self.commands
            if command.when and not applies(command.when)
        }
        return {
            key: shown._replace(binding=replace(shown.binding, show=False))
            if shown.binding.show and shown.binding.action in left_out
            else shown
            for key, shown in active.items()
        }

    def runs(self, name: str, applies: Applies) -> bool:
        """Whether the action `name` runs now (the screen's `check_action`)."""
        return not any(
            command.only_then and command.name == name and not applies(command.when)
            for command in self.commands
        )

    def left_out_of_help(self, applies: Applies) -> frozenset[str]:
        """The actions, by name, that the help leaves out now (`help_when`)."""
        return frozenset(
            command.name
            for command in self.commands
            if command.help_when and not applies(command.help_when)
        )

    def entries(self, run: Callable[[str], object]) -> list[PaletteEntry]:
        """The palette's entries, each doing its command's action with `run`."""
        return [
            (_(command.palette), partial(run, command.action), _(command.palette_help))
            for command in self.commands
            if command.palette
        ]


PaletteEntry = tuple[str, Callable[[], object], str]
"""A name in the palette, what it does, and a line of help.

The name may quote an agenda (a step's title) and is shown as typed; the palette reads the
help as markup, so it is the app's own words only.
"""


class CommandList(Provider):
    """Lists `entries()` in the palette and matches them against what is typed."""

    @abstractmethod
    def entries(self) -> list[PaletteEntry]:
        """The entries to offer now (each screen's provider says which)."""

    async def discover(self) -> Hits:
        for name, callback, help_text in self.entries():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.entries():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=help_text)


APP_COMMANDS = Commands(
    Command(
        "help",
        "question_mark",
        N_("Help"),
        key_display="?",
        help=N_("this help"),
        # Also over a dialog, whose keys stop at itself: the app asks the screen for its help.
        priority=True,
    ),
    Command(
        "history",
        palette=N_("History"),
        palette_help=N_("Past meetings: timing, shares and attendance"),
    ),
)
"""The app's commands, on every screen (the picker binds `h` to the history itself): `?`
shows the keys of the screen on top, wherever it is, but in a field, where it is typed."""


class AppCommands(CommandList):
    """Commands available on every screen."""

    def entries(self) -> list[PaletteEntry]:
        return APP_COMMANDS.entries(self.app.run_action)


def command_palette(themes: bool = False) -> CommandPalette:
    """Textual's command palette (or, `themes`, its list of themes), its search field's
    words, and its "No matches found", in the app's language."""
    if themes:
        return Palette(_no_matches, providers=[ThemeProvider], placeholder=_("Search for themes…"))
    return Palette(_no_matches, id="--command-palette", placeholder=_("Search for commands…"))


def _no_matches() -> str:
    return _("No matches found")


def system_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    """Textual's own commands in the palette, as Textual 8 offers them, in the app's language."""
    yield SystemCommand(_("Theme"), _("Change the current theme"), app.action_change_theme)
    yield SystemCommand(_("Quit"), _("Quit the application as soon as possible"), app.action_quit)
    yield SystemCommand(
        _("Keys"), _("Every key of this screen and what it does"), partial(show_help, screen)
    )
    if screen.maximized is not None:
        yield SystemCommand(
            _("Minimize"),
            _("Minimize the widget and restore to normal size"),
            screen.action_minimize,
        )
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield SystemCommand(_("Maximize"), _("Maximize the focused widget"), screen.action_maximize)
    yield SystemCommand(
        _("Screenshot"),
        _("Save an SVG 'screenshot' of the current screen"),
        lambda: app.set_timer(0.1, partial(save_screenshot, app)),
    )


def save_screenshot(app: App[Any]) -> None:
    """Save an SVG of the screen in the Downloads folder (as Textual does), and say where in
    the app's language. Textual's own says it in English, reading the folder's name as
    markup. Never replaces a file."""
    from datetime import datetime

    from platformdirs import user_downloads_path

    from ..system.files import atomic_write
    from ..words.meeting import shown
    from ..words.reasons import reason_of

    path = user_downloads_path() / f"facilitator-{datetime.now():%Y-%m-%d-%H%M%S-%f}.svg"
    try:
        atomic_write(path, app.export_screenshot().encode("utf-8"), overwrite=False)
    except OSError as error:
        why = shown(reason_of(error))
        app.notify(
            _("The screenshot could not be saved: {why}").format(why=why),
            severity="error",
            markup=False,
        )
        return
    app.notify(_("Screenshot saved: {path}").format(path=shown(str(path))), markup=False)


def show_help(screen: Screen[Any]) -> None:
    """The keys of `screen` and what they do: its own help (the meeting's, the editor's), or
    its keys in the words of its footer. Not Textual's keys panel, which shows keys in the
    words they are bound with."""
    own_help = getattr(screen, "action_help", None)
    if callable(own_help):
        own_help()
        return
    from .dialogs import ScreenKeysScreen  # a dialog: only when it is asked for

    screen.app.push_screen(ScreenKeysScreen(screen))


def takes_text(widget: Widget | None) -> bool:
    """Whether `widget` takes what is typed (a field, a script): `?` there is a question
    mark, not the help."""
    if isinstance(widget, TextArea):
        return not widget.read_only
    return isinstance(widget, Input)
