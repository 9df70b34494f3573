"""Agenda text and file names are shown exactly as typed: never markup, never an action.

Every string of `MARKUP_CORPUS` is put in every field of an agenda (`hostile_agenda`) and
looked for on every screen that shows it: in what the widgets draw, and on the screen.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.command import CommandList as PaletteList
from textual.command import CommandPalette
from textual.content import Content
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static

from facilitator.agenda import load_agenda
from facilitator.app import FacilitatorApp
from facilitator.meeting.states import Status
from facilitator.screens.dialogs import ConfirmScreen, ResourcesScreen
from facilitator.screens.editor import EditorScreen
from facilitator.screens.editor.entries import EntryList
from facilitator.screens.history.correct import CorrectScreen
from facilitator.screens.history.report import ReportScreen
from facilitator.screens.history.screen import HistoryScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.screens.picker import PickerScreen
from facilitator.screens.resume import ResumeScreen
from facilitator.store.database import open_store
from facilitator.widgets.report_table import HistoryTable, ReportTable
from facilitator.widgets.script import Script
from facilitator.widgets.steps import StepList
from facilitator.words import meeting as words

from ..data import MARKUP_CORPUS, NOV_24, TUESDAY
from ..hints import (
    FrozenWall,
    HostileAgenda,
    LeaveUnfinished,
    MakeApp,
    Notices,
    OpenHistory,
    Press,
    RecordMeeting,
    Settle,
)
from ..support.clocks import ManualClock

WIDE = (220, 70)  # room for every string on one line
NAME = "Group [/w newcomers]"


def drawn(widget: Widget) -> str:
    """What a widget draws, as plain text (an option list: its options; an entry list of the
    editor: its entries)."""
    if isinstance(widget, OptionList):
        options = range(widget.option_count)
        return "\n".join(drawn_prompt(widget.get_option_at_index(i).prompt) for i in options)
    if isinstance(widget, EntryList):
        return "\n".join(widget.words_at(i).plain for i in range(widget.entry_count))
    shown = widget.render()
    return shown.plain if isinstance(shown, Content | Text) else str(shown)


def widget_text(app: FacilitatorApp) -> str:
    """What every widget of the top screen draws, one after another."""
    return "\n".join(drawn(widget) for widget in app.screen.query(Widget))


def screen_text(pilot: Pilot[Any]) -> str:
    """The top screen as the terminal shows it, line by line."""
    return "\n".join(strip.text for strip in pilot.app.screen._compositor.render_strips())


def assert_shown(pilot: Pilot[Any], *texts: str) -> None:
    app = pilot.app
    assert isinstance(app, FacilitatorApp)
    for text in texts:
        assert text in widget_text(app), text
        assert text in screen_text(pilot), text


async def test_the_meeting_screen_shows_every_string_as_typed(
    make_app: MakeApp, press: Press, hostile_agenda: HostileAgenda, tmp_path: Path
) -> None:
    path = hostile_agenda(tmp_path)
    app = make_app(ManualClock(), agenda_path=path)
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "s")
        assert isinstance(app.screen, MeetingScreen)
        # The first step's script quotes them all; the status, step list and tallies too.
        assert_shown(pilot, NAME, *MARKUP_CORPUS)
        assert "quit and click" in widget_text(app)
        tallies = drawn(app.screen.query_one("#tallies"))
        step_list = app.screen.query_one(StepList)
        steps = "\n".join(row.text for row in step_list.render_lines(Region(0, 0, *step_list.size)))
        for text in MARKUP_CORPUS:
            assert f" {text} 0" in tallies
            assert f" {text[:16]}" in steps  # the list cuts a long title to its width
        count = len(MARKUP_CORPUS)
        for number, title in enumerate(MARKUP_CORPUS, start=1):
            kind = app.screen.agenda.steps[number - 1].kind
            heading = words.step_heading(number, count, title, kind)
            assert drawn(app.screen.query_one("#step-title")) == heading
            assert title in drawn(app.screen.query_one(Script).query(Static).first())
            await press(pilot, "b")  # the room view names the step
            assert drawn(app.screen.query_one("#room-title")) == title
            await press(pilot, "b", "n")
        await press(pilot, "y")  # the last `n` asks before it ends the meeting
        assert app.meeting is not None and app.meeting.status is Status.ENDED
        # The end shows the closing reminder and the resources, each as written.
        assert isinstance(app.screen, ResourcesScreen)
        assert_shown(pilot, *MARKUP_CORPUS)
        assert app.is_running


async def test_clicking_agenda_text_runs_no_action(
    make_app: MakeApp, press: Press, hostile_agenda: HostileAgenda, tmp_path: Path
) -> None:
    app = make_app(ManualClock(), agenda_path=hostile_agenda(tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "s")
        # The script's Markdown links point at actions: clicking them does nothing.
        links = app.screen.query_one(Script).query(Static).last()
        assert drawn(links) == "quit and click"
        for offset in (1, 11):
            await pilot.click(links, offset=(offset, 0))
        await press(pilot, "n", "n")  # the step `[@click=app.quit]x[/]`
        assert app.meeting is not None and app.meeting.current == 2
        for selector in ("#step-title", "#status", "#steps", "#tallies"):
            for offset in range(0, 60, 3):
                await pilot.click(selector, offset=(offset, 0))
        await press(pilot, "b")
        await pilot.click("#room-title")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MeetingScreen)
        assert app.meeting.status is Status.RUNNING


async def test_the_command_palette_lists_step_titles_as_typed(
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    hostile_agenda: HostileAgenda,
    tmp_path: Path,
) -> None:
    app = make_app(ManualClock(), agenda_path=hostile_agenda(tmp_path))
    async with app.run_test(size=WIDE) as pilot:
        await press(pilot, "s", "ctrl+p")
        assert isinstance(app.screen, CommandPalette)

        def listed() -> list[str]:
            found = app.screen.query_one(PaletteList)
            return [
                drawn_prompt(found.get_option_at_index(i).prompt) for i in range(found.option_count)
            ]

        await pilot.pause(0.3)
        await settle(pilot)
        expected = [f"Go to step {n}: {title}" for n, title in enumerate(MARKUP_CORPUS, 1)]
        shown = "\n".join(listed())
        for line in expected:
            assert line in shown  # offered before anything is typed
        await press(pilot, *"go to step ")
        await pilot.pause(0.5)
        await settle(pilot)
        shown = "\n".join(listed())
        for line in expected:
            assert line in shown  # and found, highlighted, when searched for
        await press(pilot, "3")
        await pilot.pause(0.5)
        await press(pilot, "enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, MeetingScreen)
        assert app.meeting is not None and app.meeting.current == 2


def drawn_prompt(prompt: object) -> str:
    return prompt.plain if isinstance(prompt, Content | Text) else str(prompt)


async def test_the_picker_lists_file_names_and_agendas_as_typed(
    make_app: MakeApp,
    press: Press,
    hostile_agenda: HostileAgenda,
    data_dir: Path,
) -> None:
    agendas = data_dir / "agendas"
    hostile_agenda(agendas, "zy [b]x [link=https:x].toml")
    (agendas / "zz [red] [@click=app.quit]x.toml").write_text("[meeting]\n", encoding="utf-8")
    app = make_app(ManualClock(), agenda_path=None)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert_shown(pilot, NAME, "zz [red] [@click=app.quit]x.toml")
        options = app.screen.query_one("#agendas")
        last = len(app.screen.choices) - 1
        options.highlighted = last  # type: ignore[attr-defined]
        await pilot.pause()
        assert "zz [red] [@click=app.quit]x.toml: " in drawn(app.screen.query_one("#picker-detail"))
        names = [choice.file.path.name for choice in app.screen.choices]
        options.highlighted = names.index("zy [b]x [link=https:x].toml")  # type: ignore[attr-defined]
        await pilot.pause()
        assert drawn(app.screen.query_one("#picker-detail")) == " · ".join(MARKUP_CORPUS)
        await press(pilot, "enter")
        await pilot.pause()
        assert isinstance(app.screen, MeetingScreen)
        assert_shown(pilot, NAME)


async def test_the_editor_shows_names_titles_and_paths_as_typed(
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    notices: Notices,
    hostile_agenda: HostileAgenda,
    data_dir: Path,
) -> None:
    path = hostile_agenda(data_dir / "agendas", "[b]x \\[y] [@click=app.quit].toml")
    app = make_app(ManualClock(), agenda_path=None)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        names = [choice.file.path.name for choice in app.screen.choices]
        app.screen.query_one("#agendas").highlighted = names.index(path.name)  # type: ignore[attr-defined]
        await press(pilot, "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        assert f"{NAME} · no changes · [b]x \\[y] [@click=app.quit].toml" in drawn(
            screen.query_one("#editor-status")
        )
        await press(pilot, "f3")  # Steps
        entries = screen.query_one("#edit-steps-list", EntryList)
        listed = [drawn_prompt(entries.words_at(i)) for i in range(9)]
        assert listed == [f"{n} {title} · 1 min" for n, title in enumerate(MARKUP_CORPUS, 1)]
        # The list is narrow: a long title is cut on the screen.
        short = [f"{n} {title}" for n, title in enumerate(MARKUP_CORPUS, 1) if len(title) < 16]
        assert_shown(pilot, *short)
        entries.focus()
        await press(pilot, "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert_shown(pilot, 'Delete step 1 "[/]"?')
        await press(pilot, "n")
        await press(pilot, "ctrl+s")
        for _ in range(200):
            if notices(app):
                break
            await pilot.pause(0.02)
        saved = f"Saved {path}. The previous version is {path}.bak."
        assert notices(app)[-1] == saved
        # The toast as drawn: its lines wrap the long path, but every character is there.
        for _ in range(100):
            toasts = ["".join(drawn(toast).split()) for toast in app.screen.query("Toast")]
            if toasts:
                break
            await pilot.pause(0.02)
        assert any("".join(saved.split()) in toast for toast in toasts), toasts
        assert app.is_running


async def test_history_and_report_show_names_and_titles_as_typed(
    make_app: MakeApp,
    press: Press,
    open_history: OpenHistory,
    recorded_meeting: RecordMeeting,
    frozen_wall: FrozenWall,
    hostile_agenda: HostileAgenda,
    data_dir: Path,
    tmp_path: Path,
) -> None:
    agenda = load_agenda(hostile_agenda(tmp_path))
    clock = ManualClock()
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    held = recorded_meeting(store, agenda, "[red] [/]", NOV_24)
    held.tally(0, 3)
    held.meeting.start()
    for _ in MARKUP_CORPUS[1:]:
        held.wait(1)
        held.meeting.next_step()
    held.wait(1)
    held.finish()
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_history(pilot)
        assert isinstance(screen, HistoryScreen)
        row = "\n".join(str(cell) for cell in screen.query_one(HistoryTable).get_row_at(0))
        assert f"{NAME} · [red] [/]" in row
        assert "[/] 3" in row
        assert_shown(pilot, f"{NAME} · [red] [/]", "[/] 3")
        await press(pilot, "enter")
        report = app.screen
        assert isinstance(report, ReportScreen)
        table = report.query_one(ReportTable)
        titles = [str(table.get_row_at(i)[0]) for i in range(len(MARKUP_CORPUS))]
        assert titles == [f"{n} {title}" for n, title in enumerate(MARKUP_CORPUS, 1)]
        assert_shown(pilot, NAME, *MARKUP_CORPUS)
    store.close()


async def test_history_report_and_export_show_control_characters_escaped(
    make_app: MakeApp,
    press: Press,
    notices: Notices,
    open_history: OpenHistory,
    recorded_meeting: RecordMeeting,
    frozen_wall: FrozenWall,
    data_dir: Path,
    tmp_path: Path,
) -> None:
    # A file name may hold an escape sequence; a database kept by an older version (or
    # written by hand) may hold one in the meeting's name too.
    stem = "evil\x1b]0;PWNED\x07"
    name = "Tuesday\x9b2J\u202e"
    agenda = load_agenda(TUESDAY)
    agenda = replace(agenda, meeting=replace(agenda.meeting, name=name))
    clock = ManualClock()
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    held = recorded_meeting(store, agenda, stem, NOV_24)
    held.tally(0, 3)
    held.meeting.start()
    held.wait(1)
    held.finish()
    app = make_app(clock, agenda_path=None, store=store)
    shown_stem, shown_name = "evil\\x1b]0;PWNED\\x07", "Tuesday\\x9b2J\\u202e"
    async with app.run_test(size=WIDE) as pilot:
        await open_history(pilot)
        assert_shown(pilot, f"{shown_name} · {shown_stem}")
        assert_nothing_raw(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ReportScreen)
        assert_shown(pilot, shown_name, f"agenda {shown_stem}")
        assert_nothing_raw(pilot)
        await press(pilot, "escape", "x")
        field = app.screen.query_one(Input)
        field.value = str(tmp_path / "records\x1b[2J.csv")
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert f"1 meeting saved to {tmp_path}/records\\x1b[2J.csv" in notices(app)
        await press(pilot, "x")
        app.screen.query_one(Input).value = str(tmp_path / "records\x1b[2J.csv")
        await press(pilot, "enter")  # it exists now: the dialog says so
        assert "records\\x1b[2J.csv already exists" in widget_text(app)
        assert_nothing_raw(pilot)
    store.close()
    written = (tmp_path / "records\x1b[2J.csv").read_text(encoding="utf-8")
    assert f"{shown_stem},{shown_name}" in written
    assert not [char for char in written if unicodedata.category(char) == "Cc" and char != "\n"]


def assert_nothing_raw(pilot: Pilot[Any]) -> None:
    everything = widget_text(pilot.app) + screen_text(pilot)  # type: ignore[arg-type]
    raw = [char for char in everything if unicodedata.category(char) in ("Cc", "Cf")]
    assert not [char for char in raw if char != "\n"]


async def test_the_correction_dialog_and_its_line_show_labels_as_typed(
    make_app: MakeApp,
    press: Press,
    open_history: OpenHistory,
    recorded_meeting: RecordMeeting,
    frozen_wall: FrozenWall,
    hostile_agenda: HostileAgenda,
    data_dir: Path,
    tmp_path: Path,
) -> None:
    agenda = load_agenda(hostile_agenda(tmp_path))
    clock = ManualClock()
    store = open_store(data_dir, frozen_wall(clock)).store
    assert store is not None
    held = recorded_meeting(store, agenda, "hostile", NOV_24)
    held.finish()
    app = make_app(clock, agenda_path=None, store=store)
    async with app.run_test(size=WIDE) as pilot:
        await open_history(pilot)
        await press(pilot, "c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CorrectScreen)
        assert_shown(pilot, NAME, *MARKUP_CORPUS)
        await press(pilot, "1", "enter")  # the first category, `[/]`, from 0 to 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        await press(pilot, "enter")
        assert isinstance(app.screen, ReportScreen)
        assert_shown(pilot, "Counts corrected 19:00: [/] 0 → 1")
    store.close()


async def test_the_resume_dialog_names_the_meeting_as_typed(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    settle: Settle,
    hostile_agenda: HostileAgenda,
    data_dir: Path,
    tmp_path: Path,
) -> None:
    path = hostile_agenda(tmp_path)
    leave_unfinished(data_dir, load_agenda(path))
    app = make_app(ManualClock(), agenda_path=None)  # from the picker: any agenda's meeting
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert_shown(pilot, f"Resume {NAME}?")


async def test_control_characters_in_file_names_reach_no_terminal(
    make_app: MakeApp, press: Press, settle: Settle, data_dir: Path
) -> None:
    # Textual passes an escape character on to the terminal: a file name may hold one.
    agendas = data_dir / "agendas"
    agendas.mkdir(parents=True)
    broken = "zz\x1b]0;owned\x07 broken.toml"
    (agendas / broken).write_text("[meeting]\n", encoding="utf-8")
    valid = "zy\x1b[2J valid.toml"
    (agendas / valid).write_text(
        '[meeting]\nname = "Tuesday"\n[[steps]]\ntitle = "Welcome"\nminutes = 5\n',
        encoding="utf-8",
    )
    app = make_app(ManualClock(), agenda_path=None)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        options = app.screen.query_one("#agendas", OptionList)
        names = [choice.file.path.name for choice in app.screen.choices]
        options.highlighted = names.index(valid)  # the valid one: its path below
        await pilot.pause()
        everything = widget_text(app) + screen_text(pilot)
        assert "zz\\x1b]0;owned\\x07 broken.toml · invalid" in everything
        assert "zy\\x1b[2J valid.toml" in everything
        assert "\x1b" not in everything and "\x07" not in everything
        await press(pilot, "e")  # the editor names the file in its status line
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        everything = widget_text(app) + screen_text(pilot)
        assert "zy\\x1b[2J valid.toml" in everything
        assert "\x1b" not in everything
