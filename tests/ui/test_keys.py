"""The help screens are built from the key bindings, so they cannot drift from the keys."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from textual.binding import Binding, BindingType
from textual.widgets import Input, Label, Static

from facilitator.app import FacilitatorApp
from facilitator.screens.dialogs import HelpScreen, KeysScreen, ScreenKeysScreen
from facilitator.screens.editor import EditorHelpScreen, EditorScreen
from facilitator.screens.editor.entries import EntryList
from facilitator.screens.editor.help import TEXTUAL_KEYS
from facilitator.screens.keys import (
    HelpBinding,
    HelpRow,
    declared_bindings,
    explain_textual,
    explained,
    help_rows,
    key_name,
)
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.screens.picker import PickerScreen
from facilitator.textual_internals import FooterKey
from facilitator.widgets.footer import key_width
from facilitator.words.answers import with_answer_keys

from ..data import AGENDAS, TUESDAY
from ..hints import MakeApp, Press, Settle, Size
from ..support.clocks import ManualClock


def shown_rows(screen: KeysScreen) -> list[HelpRow]:
    """The rows the help screen shows, read from its widgets."""
    keys = [str(label.content) for label in screen.query(".help-key").results(Label)]
    what = [str(static.render()) for static in screen.query(".help-what").results(Static)]
    return [HelpRow(k, w) for k, w in zip(keys, what, strict=True)]


def helped(bindings: Iterable[BindingType]) -> list[HelpBinding]:
    return [b for b in bindings if isinstance(b, HelpBinding) and b.help]


def named(keys: str) -> set[str]:
    """The keys a row names: "n / p" is n and p, "1-9" is 1 to 9."""
    found: set[str] = set()
    for part in keys.split(" / "):
        run = re.fullmatch(r"(\D*)(\d+)-(\D*)(\d+)", part)
        if run and run.group(1) == run.group(3):
            first, last = int(run.group(2)), int(run.group(4))
            found |= {f"{run.group(1)}{n}" for n in range(first, last + 1)}
        else:
            found.add(part)
    return found


def check_help(screen: KeysScreen, bindings: list[HelpBinding]) -> None:
    """Every binding with help has its row, each row is some bindings' help, in ORDER."""
    rows = shown_rows(screen)
    assert rows == screen.rows
    by_line = {row.what: row for row in rows}
    for binding in bindings:
        row = by_line[with_answer_keys(binding.help)]  # each line of help is in the help
        assert key_name(binding.key.split(",")[0]) in named(row.keys)
    lines = {with_answer_keys(binding.help) for binding in bindings}
    assert all(row.what in lines for row in rows)  # no row without a binding
    assert [row.keys for row in rows] == list(screen.ORDER)  # ORDER names every row, once


async def test_the_meeting_help_is_its_bindings(
    clock: ManualClock, make_app: MakeApp, press: Press, terminal_size: Size
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "question_mark")
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        palette = explained(
            "command palette: jump to a step, resources, room view, history, theme",
            Binding(app.COMMAND_PALETTE_BINDING, "app.command_palette"),
        )
        check_help(screen, helped(declared_bindings(MeetingScreen)) + palette)
        assert HelpRow("ctrl+p", palette[0].help) in screen.rows


async def test_the_editor_help_is_its_bindings(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle, terminal_size: Size
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        app.open_editor(AGENDAS / "open-discussion.toml")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.pause()  # the editor focuses its first field after a refresh
        await press(pilot, "f1")  # `?` would be typed into that field
        screen = app.screen
        assert isinstance(screen, EditorHelpScreen)
        # Textual's own tab key is in the help, from Textual's binding, with our words.
        bindings = explain_textual(declared_bindings(EditorScreen, EntryList), TEXTUAL_KEYS)
        check_help(screen, helped(bindings))
        assert HelpRow("tab", TEXTUAL_KEYS["app.focus_next"]) in screen.rows


@pytest.mark.parametrize("where", ["picker", "history", "report"])
async def test_the_palettes_keys_on_a_screen_without_help_list_its_own_keys(
    where: str, clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle
) -> None:
    """The picker, the history and a meeting's report: the keys they bind themselves, in
    their footer's words, and the palette's; not Textual's keys panel."""
    app = make_app(clock)
    async with app.run_test(size=(100, 32)) as pilot:
        if where != "picker":
            await press(pilot, "s", "e", "y", "escape")  # a meeting for the history to show
            await app.run_action("history")
            await settle(pilot)
            if where == "report":
                for _unused in range(100):  # the history reads its meetings in a worker
                    await press(pilot, "enter")
                    if type(app.screen).__name__ == "ReportScreen":
                        break
                    await pilot.pause(0.05)
        else:
            app.push_screen(PickerScreen())
            await settle(pilot)
        under = app.screen
        await press(pilot, "ctrl+p", *"keys")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScreenKeysScreen)
        assert not app.screen.query("HelpPanel")
        expected = {
            "picker": [
                ("enter", "open the highlighted agenda: its meeting screen, ready to start"),
                ("e", "edit the highlighted agenda (a bundled one is saved as a copy of yours)"),
                ("h", "past meetings, their reports, export"),
                ("?", "this help"),
                ("q", "quit"),
            ],
            "history": [
                ("escape", "Back"),
                ("x", "Export CSV"),
                ("c", "Correct counts"),
                ("?", "this help"),
            ],
            "report": [("escape", "Back"), ("?", "this help")],
        }[where]
        palette = ("ctrl+p", "command palette: this screen's commands, the history, the theme")
        assert [(row.keys, row.what) for row in shown_rows(screen)] == [*expected, palette]
        await press(pilot, "escape")
        assert app.screen is under


def test_keys_sharing_a_line_of_help_are_one_row() -> None:
    bindings = [
        *explained("step", Binding("n", "next"), Binding("p", "previous", show=False)),
        HelpBinding("question_mark,f1", "help", help="this help"),
        Binding("x", "secret"),  # no help: not listed
        *explained("count", *(Binding(str(n), f"tally({n})") for n in range(1, 10))),
        *explained("tabs", *(Binding(f"f{n}", f"tab({n})") for n in range(2, 7))),
        *explained("more", Binding("plus,equals_sign", "more"), Binding("minus", "less")),
    ]
    assert help_rows(bindings) == [
        HelpRow("n / p", "step"),
        HelpRow("?", "this help"),
        HelpRow("1-9", "count"),
        HelpRow("f2-f6", "tabs"),
        HelpRow("+ / -", "more"),
    ]
    assert [row.keys for row in help_rows(bindings, ("?", "f2-f6"))][:2] == ["?", "f2-f6"]


def test_a_changed_key_changes_the_help() -> None:
    before = help_rows([HelpBinding("s", "start", "Start", help="start the meeting clock")])
    after = help_rows([HelpBinding("ctrl+s", "start", "Start", help="start the meeting clock")])
    assert before == [HelpRow("s", "start the meeting clock")]
    assert after == [HelpRow("ctrl+s", "start the meeting clock")]


def test_help_is_not_a_tooltip() -> None:
    # A tooltip shows in Textual's keys panel and on hover in the footer: the help must not.
    for binding in helped(declared_bindings(MeetingScreen, EditorScreen, EntryList)):
        assert binding.tooltip == ""


def footer_keys(app: FacilitatorApp) -> list[str]:
    """The keys the footer shows, by their descriptions, as drawn."""
    return [str(key.description) for key in app.screen.query(FooterKey) if key.description]


@pytest.mark.parametrize("width", [100, 60, 40])
async def test_the_footer_always_shows_help_and_leave_and_cuts_no_key(
    clock: ManualClock, make_app: MakeApp, press: Press, width: int
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(width, 18)) as pilot:
        for pressed in ((), ("s", "n", "space"), ("e", "y", "escape")):
            await press(pilot, *pressed)
            await pilot.pause()
            shown = footer_keys(app)
            assert "Help" in shown and "Leave" in shown, (width, pressed, shown)
            drawn = list(app.screen.query(FooterKey))
            palette = next(key for key in drawn if key.has_class("-command-palette"))
            for key in drawn:
                if key is not palette:  # whole, never cut mid-word or hidden by the palette
                    assert key.region.width == key_width(key)
                    assert key.region.right <= palette.region.x, (width, key.description)


async def test_the_footer_shows_the_keys_that_apply_now(
    clock: ManualClock, make_app: MakeApp, press: Press
) -> None:
    app = make_app(clock)
    async with app.run_test(size=(120, 32)) as pilot:
        assert footer_keys(app)[:3] == ["Start", "Next", "Tally"]  # no share before the start
        await press(pilot, "s")
        assert "Share" not in footer_keys(app)  # a reading step
        await press(pilot, "n")
        assert "Share" in footer_keys(app) and "End share" not in footer_keys(app)
        await press(pilot, "space")
        assert "End share" in footer_keys(app)
        await press(pilot, "e", "y", "escape")
        shown = footer_keys(app)
        assert "Next" not in shown and "Share" not in shown and "Tally" in shown
        assert "Start" not in shown and "Sound check" not in shown


async def test_the_picker_says_how_to_open_an_agenda_and_enter_opens_it(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert footer_keys(app) == ["Open", "Edit", "History", "Help", "Quit", "palette"]
        await press(pilot, "enter")
        assert isinstance(app.screen, MeetingScreen)


@pytest.mark.parametrize("width", [60, 40])
async def test_the_pickers_footer_keeps_help_and_quit_when_narrow(
    width: int, clock: ManualClock, make_app: MakeApp, settle: Settle
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=(width, 18)) as pilot:
        await settle(pilot)
        shown = footer_keys(app)
        assert "Help" in shown and "Quit" in shown, shown


async def open_history(pilot: Any, app: FacilitatorApp, press: Press, settle: Settle) -> None:
    await press(pilot, "s", "e", "y", "escape")  # a meeting for the history to show
    await app.run_action("history")
    await settle(pilot)


@pytest.mark.parametrize(
    "where", ["picker", "history", "report", "export", "confirm", "resources", "editor"]
)
async def test_every_screen_answers_the_question_mark(
    where: str, clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle
) -> None:
    """`?` shows the keys of the screen on top, dialogs too, and `?` again closes them."""
    app = make_app(clock, agenda_path=None if where in ("picker", "editor") else TUESDAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        if where in ("history", "report", "export"):
            await open_history(pilot, app, press, settle)
            if where == "report":
                for _unused in range(100):  # the history reads its meetings in a worker
                    await press(pilot, "enter")
                    if type(app.screen).__name__ == "ReportScreen":
                        break
                    await pilot.pause(0.05)
            elif where == "export":
                await press(pilot, "x")
        elif where == "confirm":
            await press(pilot, "s", "e")
        elif where == "resources":
            await press(pilot, "r")
        elif where == "editor":
            await press(pilot, "e")
        if where in ("export", "editor"):
            await pilot.pause()
            app.screen.set_focus(None)  # in a field, `?` is typed (see below)
            await settle(pilot)
        under = app.screen
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysScreen), (where, app.screen)
        assert app.screen.rows
        await press(pilot, "question_mark")
        assert app.screen is under


async def test_a_question_mark_typed_in_a_field_is_typed(
    clock: ManualClock, make_app: MakeApp, press: Press, settle: Settle
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_editor(AGENDAS / "open-discussion.toml")
        await settle(pilot)
        await pilot.pause()  # the editor focuses its first field after a refresh
        field = app.screen.focused
        assert isinstance(field, Input)
        before = field.value
        await press(pilot, "end", "question_mark")
        assert isinstance(app.screen, EditorScreen)
        assert field.value == before + "?"
