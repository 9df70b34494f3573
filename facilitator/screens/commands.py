"""The command palette: a provider for a fixed list of commands (screens and the app fill
it), and Textual's own palette and commands in the app's language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.screen import Screen
from textual.theme import ThemeProvider

from ..textual_internals import Palette
from ..widgets.plain import highlighted
from ..words.i18n import _

Command = tuple[str, Callable[[], object], str]
"""A command's name, what it does, and a line of help.

The name may quote an agenda (a step's title) and is shown as typed; the palette reads the
help as markup, so it is the app's own words only.
"""


class CommandList(Provider):
    """Lists `commands()` in the palette and matches them against what is typed."""

    def commands(self) -> list[Command]:
        """The commands to offer now."""
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, callback, help_text in self.commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, highlighted(matcher, name), callback, text=name, help=help_text)


class AppCommands(CommandList):
    """Commands available on every screen."""

    def commands(self) -> list[Command]:
        return [
            (
                _("History"),
                partial(self.app.run_action, "history"),
                _("Past meetings: timing, shares and attendance"),
            ),
        ]


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
    own_help = getattr(screen, "action_help", None)
    if not callable(own_help):
        # Not Textual's keys panel, which shows keys in the words they are bound with.
        own_help = partial(_show_keys, app, screen)
    yield SystemCommand(_("Keys"), _("Every key of this screen and what it does"), own_help)
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


def _show_keys(app: App[Any], screen: Screen[Any]) -> None:
    from .dialogs import ScreenKeysScreen  # a dialog: only when it is asked for

    app.push_screen(ScreenKeysScreen(screen))
