"""The agenda editor, key by key, through the Pilot (on the real app, pushed over the picker)."""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from threading import main_thread
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import (
    Input,
    OptionList,
    Select,
    Static,
    Switch,
    TabbedContent,
    TextArea,
)

from facilitator.agenda import agenda_to_toml, load_agenda
from facilitator.library.draft import Check, Checked, Draft, Section
from facilitator.screens.dialogs import ChoiceScreen, ConfirmScreen
from facilitator.screens.editor import EditorHelpScreen, EditorScreen, markdown_language
from facilitator.screens.editor.entries import EntryList, entry_prompt
from facilitator.screens.editor.form_field import FormField
from facilitator.screens.editor.views import EditorStatus, ProblemsPanel
from facilitator.screens.picker import PickerScreen
from facilitator.system.paths import bundled_agendas_dir, user_agendas_dir
from facilitator.widgets.script import Script
from facilitator.words import i18n

from ..data import AGENDAS, TUESDAY
from ..hints import MakeApp, MakeLink, Notices, Press, RunPython, Settle, Size
from ..support.clocks import ManualClock

OpenEditor = Callable[[Pilot[Any], Path], Awaitable[EditorScreen]]
TypeInto = Callable[[Pilot[Any], str, str], Awaitable[None]]
WaitFor = Callable[[Pilot[Any]], Awaitable[None]]

BUNDLED = AGENDAS / "open-discussion.toml"


@pytest.fixture
def open_editor(settle: Settle) -> OpenEditor:
    """A function: open the editor on an agenda file."""

    async def open_editor(pilot: Pilot[Any], path: Path) -> EditorScreen:
        screen = EditorScreen(path, Draft.load(path))
        await pilot.app.push_screen(screen)
        await settle(pilot)
        await pilot.pause()
        return screen

    return open_editor


def user_copy(source: Path = TUESDAY, name: str = "tuesday.toml") -> Path:
    folder = user_agendas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(source, path)
    return path


@pytest.fixture
def type_into(press: Press, settle: Settle) -> TypeInto:
    """A function: type over what a field holds, key by key."""

    async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
        """Focus a field, select what it holds, and type `text` over it, key by key."""
        screen = pilot.app.screen
        widget = screen.query_one(selector)
        widget.focus()
        await settle(pilot)
        if isinstance(widget, Input | TextArea):
            widget.select_all()
        await press(pilot, *(text or ["backspace"]))

    return type_into


def problem_at(screen: EditorScreen, key: str) -> str:
    field = screen.query_one(f"#field-{key}", FormField)
    return "\n".join(field.messages)


def status(screen: EditorScreen) -> str:
    return str(screen.query_one("#editor-status", EditorStatus).render())


def list_texts(screen: EditorScreen, section: str) -> list[str]:
    entry_list = screen.query_one(f"#edit-{section}-list", EntryList)
    return [str(entry_list.words_at(i)) for i in range(entry_list.entry_count)]


@pytest.fixture
def wait_for_save(settle: Settle) -> WaitFor:
    """A function: wait until the editor has saved."""

    async def wait_for_save(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        await pilot.pause()

    return wait_for_save


# ------------------------------------------------------------------ editing a bundled agenda


async def test_edit_a_bundled_agenda_and_save_a_copy(
    notices: Notices,
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    bundled_bytes = BUNDLED.read_bytes()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, BUNDLED)
        assert "open-discussion.toml (bundled: saving makes a copy)" in status(screen)
        assert "no changes" in status(screen)
        assert "steps add up to 60 of 60 planned minutes" in status(screen)

        await type_into(pilot, "#edit-meeting-name", "Thursday Group")
        assert screen.draft.get(("meeting", "name")) == "Thursday Group"
        assert "UNSAVED CHANGES" in status(screen)
        assert "Thursday Group" in status(screen)

        await press(pilot, "f3")  # Steps
        assert screen.query_one(TabbedContent).active == "edit-steps"
        assert screen.focused is screen.query_one("#edit-steps-list")
        await press(pilot, "down")  # step 2, "Opening readings", 5 min
        assert screen.query_one("#edit-step-title", Input).value == "Opening readings"
        await type_into(pilot, "#edit-step-minutes", "7")
        assert screen.draft.get(("steps", 1, "minutes")) == 7
        assert list_texts(screen, "steps")[1] == "2 Opening readings · 7 min"
        assert "steps add up to 62 of 60 planned minutes · 2 over" in status(screen)

        # Add a step after step 2, then move it up above it.
        screen.query_one("#edit-steps-list").focus()
        await press(pilot, "a")
        assert list_texts(screen, "steps")[2] == "3 New step · 5 min"
        assert screen.query_one("#edit-step-title", Input).value == "New step"
        await type_into(pilot, "#edit-step-title", "Check-in")
        screen.query_one("#edit-steps-list").focus()
        await press(pilot, "K")
        titles = [s["title"] for s in screen.draft.entries("steps")]
        assert titles[:3] == ["Welcome and moment of silence", "Check-in", "Opening readings"]
        assert screen.query_one("#edit-steps-list", EntryList).highlighted == 1
        await press(pilot, "J", "J")
        titles = [s["title"] for s in screen.draft.entries("steps")]
        assert titles[:4] == [
            "Welcome and moment of silence",
            "Opening readings",
            "Welcoming newcomers",
            "Check-in",
        ]
        await press(pilot, "ctrl+up")
        assert [s["title"] for s in screen.draft.entries("steps")][2] == "Check-in"

        # Delete step 1: asks first; n keeps it, y deletes it.
        await press(pilot, "home", "d")
        assert isinstance(app.screen, ConfirmScreen)
        assert 'Delete step 1 "Welcome and moment of silence"?' in str(
            app.screen.query_one(".heading").render()
        )
        await press(pilot, "n")
        assert len(screen.draft.entries("steps")) == 9
        await press(pilot, "delete", "y")
        assert app.screen is screen
        titles = [s["title"] for s in screen.draft.entries("steps")]
        assert titles[:2] == ["Opening readings", "Check-in"]
        assert len(titles) == 8
        assert "steps add up to 64 of 60 planned minutes · 4 over" in status(screen)

        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        copy = user_agendas_dir() / "open-discussion.toml"
        assert copy.is_file()
        assert screen.draft.path == copy
        assert any(
            f"Saved a copy as {copy}. The bundled agenda is unchanged." in n
            for n in notices(pilot.app)
        )
        assert "saved" in status(screen) and "UNSAVED" not in status(screen)
        assert "open-discussion.toml" in status(screen)
        assert "bundled" not in status(screen)

    assert BUNDLED.read_bytes() == bundled_bytes
    saved = load_agenda(copy)
    assert saved.meeting.name == "Thursday Group"
    assert [s.title for s in saved.steps[:2]] == ["Opening readings", "Check-in"]
    assert saved.steps[0].minutes == 7

    # Reopen: the changes are there.
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, copy)
        assert screen.query_one("#edit-meeting-name", Input).value == "Thursday Group"
        assert not screen.draft.bundled
        await press(pilot, "f3")
        assert list_texts(screen, "steps")[:2] == [
            "1 Opening readings · 7 min",
            "2 Check-in · 5 min",
        ]


async def test_invalid_minutes_are_shown_at_the_field_and_not_saved(
    notices: Notices,
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = user_copy()
    before = path.read_bytes()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await press(pilot, "f3")
        await type_into(pilot, "#edit-step-minutes", "-5")
        message = "must be greater than 0 (got -5)"
        assert problem_at(screen, "edit-step-minutes") == message
        field = screen.query_one("#field-edit-step-minutes", FormField)
        assert field.has_class("-invalid")
        assert screen.query_one("#edit-step-minutes").has_class("-invalid")
        assert field.query_one(".field-problem").display
        assert "1 problem to fix" in status(screen)
        assert "· to fix" in list_texts(screen, "steps")[0]

        await type_into(pilot, "#edit-step-minutes", "abc")
        assert problem_at(screen, "edit-step-minutes") == 'must be a number (got text "abc")'

        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert path.read_bytes() == before
        assert not path.with_name("tuesday.toml.bak").exists()
        assert any(
            'Not saved: 1 problem to fix first. steps[0].minutes: must be a number (got text "abc")'
            in n
            for n in notices(pilot.app)
        )
        # The save key took the facilitator to the field to fix.
        assert screen.focused is screen.query_one("#edit-step-minutes")

        await type_into(pilot, "#edit-step-minutes", "2.5")
        assert problem_at(screen, "edit-step-minutes") == ""
        assert not field.has_class("-invalid")
        assert "valid" in status(screen)


async def test_a_problem_on_another_tab_is_listed_below(
    open_editor: OpenEditor,
    type_into: TypeInto,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, user_copy())
        await press(pilot, "f3")
        await type_into(pilot, "#edit-step-title", "   ")
        assert problem_at(screen, "edit-step-title") == "must not be blank (only spaces)"
        panel = screen.query_one("#editor-problems", ProblemsPanel)
        assert not panel.display  # shown at its field, not again below
        await press(pilot, "f2")
        assert panel.display
        assert "steps[0].title: must not be blank (only spaces)" in str(panel.render())


async def test_save_over_a_users_agenda_warns_about_comments_once(
    notices: Notices,
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = user_copy()  # tuesday.toml starts with a comment
    before = path.read_bytes()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await type_into(pilot, "#edit-meeting-minutes", "25")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert "comments" in str(app.screen.query_one(".heading").render())
        await press(pilot, "n")
        await wait_for_save(pilot)
        assert path.read_bytes() == before
        await press(pilot, "ctrl+s", "y")
        await wait_for_save(pilot)
        backup = path.with_name("tuesday.toml.bak")
        assert backup.read_bytes() == before
        assert load_agenda(path).meeting.minutes == 25
        assert any(
            f"Saved {path}. The previous version is {backup}." in n for n in notices(pilot.app)
        )
        # The second save does not ask again.
        await type_into(pilot, "#edit-meeting-minutes", "30")
        await press(pilot, "ctrl+s")
        assert app.screen is screen
        await wait_for_save(pilot)
        assert load_agenda(path).meeting.minutes == 30


async def test_a_failed_save_says_so_and_keeps_the_file(
    notices: Notices,
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = user_copy(AGENDAS / "peer-check-in.toml", "check-in.toml")
    # Without comments, so no question first.
    path.write_text(agenda_to_toml(load_agenda(path)))
    before = path.read_bytes()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        assert not screen.draft.had_comments
        await type_into(pilot, "#edit-meeting-name", "Changed")
        monkeypatch.setattr("facilitator.library.agendas.atomic_write", full_disk)
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert path.read_bytes() == before
        assert any(
            f"Not saved: No space left on device. {path} is as it was." in n
            for n in notices(pilot.app)
        )
        assert "UNSAVED CHANGES" in status(screen)
        assert screen.draft.dirty


async def test_create_a_new_agenda(
    notices: Notices,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        new_agenda = {
            "meeting": {"name": "New meeting", "minutes": 60},
            "steps": [
                {"title": "Welcome", "minutes": 5, "kind": "reading"},
                {"title": "Sharing round", "minutes": 45, "kind": "sharing"},
                {"title": "Closing", "minutes": 10, "kind": "closing"},
            ],
        }
        screen = EditorScreen(None, Draft(new_agenda))
        await app.push_screen(screen)
        await settle(pilot)
        assert "new agenda, not saved yet" in status(screen)
        assert "steps add up to 60 of 60 planned minutes" in status(screen)
        await type_into(pilot, "#edit-meeting-name", "Thursday Group")
        await press(pilot, "f3")
        await press(pilot, "end", "a")
        await type_into(pilot, "#edit-step-title", "Announcements")
        await type_into(pilot, "#edit-step-minutes", "2")
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        path = user_agendas_dir() / "thursday-group.toml"
        assert any(f"Saved {path}." in n for n in notices(pilot.app))
        assert screen.saved_path == path
        await press(pilot, "escape")  # saved: leaves without asking
        assert screen not in app.screen_stack
    agenda = load_agenda(path)
    assert agenda.meeting.name == "Thursday Group"
    assert [s.title for s in agenda.steps] == [
        "Welcome",
        "Sharing round",
        "Closing",
        "Announcements",
    ]
    assert agenda.steps[-1].minutes == 2


# ------------------------------------------------------------------ leaving


async def test_leaving_with_unsaved_changes_asks_first(
    open_editor: OpenEditor,
    type_into: TypeInto,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = user_copy()
    before = path.read_bytes()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await type_into(pilot, "#edit-meeting-name", "Not kept")
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Leave without saving?" in str(app.screen.query_one(".heading").render())
        await press(pilot, "n")
        assert app.screen is screen
        assert screen.draft.get(("meeting", "name")) == "Not kept"
        await press(pilot, "escape")
        await press(pilot, "escape")  # Escape in the question means no, too
        assert app.screen is screen
        await press(pilot, "escape", "y")
        assert screen not in app.screen_stack
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["tuesday.toml"]


async def test_leaving_without_changes_does_not_ask(
    open_editor: OpenEditor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, BUNDLED)
        await press(pilot, "f3", "q")  # q leaves when not typing in a field
        assert screen not in app.screen_stack
        assert not isinstance(app.screen, ConfirmScreen)


async def test_cancel_a_new_step_by_leaving(
    open_editor: OpenEditor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = user_copy()
    before = path.read_bytes()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await press(pilot, "f3", "a")
        assert len(screen.draft.entries("steps")) == 5
        # In the new step's title, q is typed; Escape leaves from anywhere.
        await press(pilot, "escape", "y")
        assert screen not in app.screen_stack
    assert path.read_bytes() == before


# ------------------------------------------------------------------ invalid files


async def test_an_invalid_agenda_opens_with_its_problems_shown(
    open_editor: OpenEditor,
    type_into: TypeInto,
    make_app: MakeApp,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = user_copy(name="broken.toml")
    text = path.read_text()
    text = text.replace('minutes = 12\nkind = "sharing"', 'minutes = -5\nkind = "shares"')
    path.write_text(text)
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        # Opened where the first problem is: the Steps tab, step 2.
        assert screen.query_one(TabbedContent).active == "edit-steps"
        assert screen.query_one("#edit-steps-list", EntryList).highlighted == 1
        assert problem_at(screen, "edit-step-minutes") == "must be greater than 0 (got -5)"
        kind_problem = problem_at(screen, "edit-step-kind")
        assert kind_problem.startswith('must be one of "reading", "sharing"')
        assert 'did you mean "sharing"?' in kind_problem
        kind = screen.query_one("#edit-step-kind", Select)
        assert "shares (not valid)" in str(kind.query_one("SelectCurrent #label", Static).render())
        assert "2 problems to fix" in status(screen)
        # Fix both; it becomes valid and can be saved.
        await type_into(pilot, "#edit-step-minutes", "12")
        kind.value = "sharing"
        await settle(pilot)
        assert screen.draft.problems() == []
        assert "valid" in status(screen)


@pytest.mark.parametrize("name", sorted(path.stem for path in AGENDAS.glob("*.toml")))
async def test_opening_changes_nothing(
    open_editor: OpenEditor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
    name: str,
) -> None:
    path = user_copy(AGENDAS / f"{name}.toml", f"{name}.toml")
    broken = path.read_text().replace('kind = "reading"', 'kind = "read"', 1)
    broken = broken.replace('kind = "group"', 'kind = "groups"')
    path.write_text(broken)
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        for tab in ("f3", "f4", "f5", "f6", "f2"):
            await press(pilot, tab)
        assert not screen.draft.dirty
        assert "no changes" in status(screen)
        assert screen.draft.problems()  # the broken kinds are still there to fix


async def test_a_toml_syntax_error_opens_the_text_to_fix(
    open_editor: OpenEditor,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    folder = user_agendas_dir()
    folder.mkdir(parents=True)
    path = folder / "typo.toml"
    path.write_text('[meeting]\nname = "Typo\n[[steps]]\ntitle = "A"\nminutes = 5\n')
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        assert screen.query_one(TabbedContent).active == "edit-toml"
        area = screen.query_one("#edit-toml-text", TextArea)
        assert screen.focused is area
        assert area.text.startswith('[meeting]\nname = "Typo\n')
        assert problem_at(screen, "edit-toml-text").startswith("line 2, column ")
        assert "TOML syntax error" in problem_at(screen, "edit-toml-text")
        await press(pilot, "f2")  # the forms wait until the text can be read
        assert screen.query_one(TabbedContent).active == "edit-toml"
        # Fix it: put the closing quote after Typo.
        area.move_cursor((1, 12))
        await press(pilot, '"')
        assert screen.draft.raw_text is None
        assert problem_at(screen, "edit-toml-text") == ""
        await press(pilot, "f2")
        assert screen.query_one("#edit-meeting-name", Input).value == "Typo"
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert load_agenda(path).meeting.name == "Typo"


async def test_toml_tab_edits_reach_the_forms(
    open_editor: OpenEditor,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, user_copy())
        await press(pilot, "f6")
        area = screen.query_one("#edit-toml-text", TextArea)
        assert 'name = "Tuesday Night Open Discussion"' in area.text
        area.load_text(area.text.replace("Tuesday Night", "Wednesday"))
        await settle(pilot)
        assert screen.draft.get(("meeting", "name")) == "Wednesday Open Discussion"
        await press(pilot, "f2")
        assert screen.query_one("#edit-meeting-name", Input).value == "Wednesday Open Discussion"


# ------------------------------------------------------------------ the step form


async def test_sharing_fields_show_for_sharing_steps_only(
    open_editor: OpenEditor,
    type_into: TypeInto,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, user_copy())
        await press(pilot, "f3")
        sharing = screen.query_one("#edit-step-sharing")
        assert not sharing.display  # step 1 reads
        await press(pilot, "down")  # step 2 shares
        assert sharing.display
        share = screen.query_one("#edit-step-share-minutes", Input)
        assert share.placeholder == "default: 3"
        await type_into(pilot, "#edit-step-share-minutes", "0.4")
        # 24-second shares with the default 30-second warning: said at the field.
        assert problem_at(screen, "edit-step-share-minutes") == (
            "the warning (30 s) must be shorter than the share (24 s)"
        )
        await type_into(pilot, "#edit-step-warning-seconds", "10")
        assert problem_at(screen, "edit-step-share-minutes") == ""
        screen.query_one("#edit-step-kind", Select).value = "reading"
        await settle(pilot)
        # Still shown: the overrides are set, and now wrong.
        assert sharing.display
        assert problem_at(screen, "edit-step-share-minutes").startswith(
            'only allowed on a step with kind = "sharing"'
        )


def shown_choice(select: Select[str]) -> str:
    """The words a Select shows for its value."""
    return str(select.query_one("#label", Static).render())


async def test_choose_how_shares_sound_and_save(
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = plain_user_copy()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        sound = screen.query_one("#edit-sharing-sound", Select)
        assert sound.value == "tones"
        assert shown_choice(sound) == "tones: a tone at the warning, two at time-up"
        sound.focus()
        await settle(pilot)
        await press(pilot, "enter", "down", "enter")  # tones, bell, off: the second
        assert sound.value == "bell"
        assert shown_choice(sound) == "bell: the terminal bell at time-up"
        assert screen.draft.get(("sharing", "sound")) == "bell"
        await type_into(pilot, "#edit-sharing-overtime-reminder", "4")
        assert problem_at(screen, "edit-sharing-overtime-reminder") == "must be 5 or more (got 4)"
        await type_into(pilot, "#edit-sharing-overtime-reminder", "60")
        assert problem_at(screen, "edit-sharing-overtime-reminder") == ""

        await press(pilot, "f3", "down")  # step 2 shares
        step_sound = screen.query_one("#edit-step-sound", Select)
        assert step_sound.value == ""
        assert shown_choice(step_sound) == "default: bell"
        step_sound.value = "off"
        await settle(pilot)
        assert screen.draft.get(("steps", 1, "sound")) == "off"
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        text = path.read_text()
        assert 'sound = "bell"' in text and 'sound = "off"' in text
        assert "overtime_reminder_seconds = 60" in text
        assert "chime" not in text
        saved = load_agenda(path)
        assert (saved.sound(0), saved.sound(1)) == ("bell", "off")
        assert saved.sharing.overtime_reminder_seconds == 60

        # None again: the [sharing] sound, and no key in the file.
        step_sound.value = ""
        await settle(pilot)
        await type_into(pilot, "#edit-sharing-overtime-reminder", "")
        assert screen.draft.get(("steps", 1, "sound")) is None
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        saved = load_agenda(path)
        assert saved.steps[1].sound is None
        assert saved.sharing.overtime_reminder_seconds is None
        assert "overtime_reminder_seconds" not in path.read_text()


async def test_the_overtime_field_shows_only_where_a_share_can_sound(
    open_editor: OpenEditor,
    make_app: MakeApp,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = plain_user_copy()
    path.write_text(path.read_text().replace('sound = "tones"', 'sound = "off"'))
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        overtime = screen.query_one("#field-edit-sharing-overtime-reminder")
        assert not overtime.display  # a group that meets in silence is not asked
        sound = screen.query_one("#edit-sharing-sound", Select)
        sound.value = "tones"
        await settle(pilot)
        assert overtime.display
        sound.value = "off"
        await settle(pilot)
        assert not overtime.display


@pytest.mark.parametrize(("chime", "sound"), [("false", "off"), ("true", "tones")])
async def test_an_agenda_with_the_older_chime_is_saved_with_its_sound(
    chime: str,
    sound: str,
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = plain_user_copy()
    path.write_text(path.read_text().replace('sound = "tones"', f"chime = {chime}"))
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        assert screen.query_one("#edit-sharing-sound", Select).value == sound
        assert screen.draft.problems() == []
        assert not screen.draft.dirty  # read as it means: nothing to save yet
        await type_into(pilot, "#edit-meeting-name", "Ours")
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
    text = path.read_text()
    assert f'sound = "{sound}"' in text
    assert "chime" not in text
    assert load_agenda(path).sharing.sound == sound


async def test_choose_the_share_queues_order_and_who_goes_first_and_save(
    open_editor: OpenEditor,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = plain_user_copy()
    assert 'queue = "first-come"' in path.read_text()  # every default is written
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        queue = screen.query_one("#edit-sharing-queue", Select)
        first = screen.query_one("#edit-sharing-first-share-first", Switch)
        assert queue.value == "first-come" and first.value is False
        assert shown_choice(queue) == "first-come: who joined first shares first"
        queue.focus()
        await settle(pilot)
        await press(pilot, "enter", "down", "enter")  # first-come, alternate: the second
        assert queue.value == "alternate"
        assert shown_choice(queue) == "alternate: the room and online take turns"
        first.focus()
        await settle(pilot)
        await press(pilot, "space")
        assert first.value is True
        assert screen.draft.get(("sharing", "queue")) == "alternate"
        assert screen.draft.get(("sharing", "first_share_first")) is True
        assert screen.draft.problems() == []
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        text = path.read_text()
        assert 'queue = "alternate"' in text and "first_share_first = true" in text
        saved = load_agenda(path).sharing
        assert (saved.queue, saved.first_share_first) == ("alternate", True)

    # Opened again, the form shows what the file now says.
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        assert screen.query_one("#edit-sharing-queue", Select).value == "alternate"
        assert screen.query_one("#edit-sharing-first-share-first", Switch).value is True


async def test_the_script_is_highlighted_and_previewed(
    open_editor: OpenEditor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, user_copy())
        await press(pilot, "f3")
        script = screen.query_one("#edit-step-script", TextArea)
        assert script.language == markdown_language()
        assert script.text.startswith("Welcome, everyone. **Please silence your phones.**")
        preview = screen.query_one("#edit-preview", Script)
        assert preview.markdown == script.text
        script.focus()
        script.move_cursor(script.document.end)
        await press(pilot, "enter", "enter", "#", " ", "H", "i")
        assert screen.draft.get(("steps", 0, "script")).endswith("\n\n# Hi")
        assert preview.markdown.endswith("# Hi")
        preview_pane = screen.query_one("#edit-preview-pane")
        assert preview_pane.display
        await press(pilot, "ctrl+r")  # the preview in the script's place
        assert not screen.query_one("#field-edit-step-script").display


def test_markdown_highlighting_is_installed() -> None:
    # pyproject asks for textual[syntax]: without it scripts are plain text (still editable).
    assert markdown_language() == "markdown"


async def test_attendance_and_resources(
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = user_copy()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await press(pilot, "f4")
        assert list_texts(screen, "attendance") == ["1 Attendees", "2 Newcomers", "3 Online"]
        await press(pilot, "end", "a")
        assert list_texts(screen, "attendance")[3] == "4 Category 4"
        await type_into(pilot, "#edit-category-id", "Online")
        assert problem_at(screen, "edit-category-id").startswith("must be a lowercase identifier")
        await type_into(pilot, "#edit-category-id", "online")
        # A duplicate is found once the fields are right.
        assert problem_at(screen, "edit-category-id").startswith('duplicate id "online"')
        await type_into(pilot, "#edit-category-id", "by_phone")
        await type_into(pilot, "#edit-category-label", "By phone")
        await press(pilot, "f5")
        assert list_texts(screen, "resources") == ["988 Suicide & Crisis Lifeline", "Samaritans"]
        screen.query_one("#edit-resources-list").focus()
        await press(pilot, "end", "a")
        assert problem_at(screen, "edit-resource-contact") == "must not be empty"
        await type_into(pilot, "#edit-resource-name", "Local warmline")
        await type_into(pilot, "#edit-resource-contact", "555-0100")
        await type_into(pilot, "#edit-closing-reminder", "Look after yourselves.")
        assert screen.draft.problems() == []
        await press(pilot, "ctrl+s", "y")
        await wait_for_save(pilot)
    agenda = load_agenda(path)
    assert [c.label for c in agenda.attendance][-1] == "By phone"
    assert agenda.closing.resources[-1].name == "Local warmline"
    assert agenda.closing.reminder == "Look after yourselves."


async def test_help_lists_the_keys(
    open_editor: OpenEditor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await open_editor(pilot, BUNDLED)
        await press(pilot, "f3", "question_mark")
        assert isinstance(app.screen, EditorHelpScreen)
        text = " ".join(str(s.render()) for s in app.screen.query(Static))
        for key in ("ctrl+s", "K / J", "ctrl+r", "f2-f6"):
            assert key in text
        await press(pilot, "escape")
        assert isinstance(app.screen, EditorScreen)


async def test_picker_e_opens_the_highlighted_agenda_in_the_editor(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        place = [c.file.path for c in picker.choices].index(BUNDLED)
        picker.query_one(OptionList).highlighted = place
        await press(pilot, "e")
        assert isinstance(app.screen, EditorScreen)
        assert app.screen.path is not None and app.screen.path.name == "open-discussion.toml"
        await press(pilot, "escape")  # nothing changed: leaves without asking
        assert isinstance(app.screen, PickerScreen)


async def test_a_saved_bundled_agenda_takes_its_place_in_the_picker(
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    mine = user_agendas_dir() / BUNDLED.name
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        place = [c.file.path for c in picker.choices].index(BUNDLED)
        picker.query_one(OptionList).highlighted = place
        await press(pilot, "e")  # open-discussion, bundled
        await type_into(pilot, "#edit-meeting-name", "Our Discussion")
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert mine.is_file() and names_in(mine.parent) == [BUNDLED.name]
        await press(pilot, "escape")
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        files = [(c.file.path, c.file.bundled) for c in picker.choices]
        assert [f for f in files if f[0].name == BUNDLED.name] == [(mine, False)]
        assert files[place] == (mine, False)  # where the bundled one was
        shown = [str(o.prompt) for o in picker.query_one(OptionList).options]
        assert shown[place].startswith("Our Discussion") and shown[place].endswith("yours")
        assert not any(o.startswith("Open Discussion Meeting") for o in shown)

        # The bundled file itself, opened by its path: saving asks before replacing yours.
        screen = await open_editor(pilot, BUNDLED)
        await type_into(pilot, "#edit-meeting-name", "Again")
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert "your own open-discussion.toml is there already" in dialog_text(app.screen)
        assert load_agenda(mine).meeting.name == "Our Discussion"
        await press(pilot, "o")
        await wait_for_save(pilot)
        assert screen.draft.path == mine
    assert load_agenda(mine).meeting.name == "Again"
    assert load_agenda(mine.with_name(mine.name + ".bak")).meeting.name == "Our Discussion"


async def test_ctrl_q_in_the_editor_asks_before_unsaved_changes_are_lost(
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "e")
        screen = app.screen
        assert isinstance(screen, EditorScreen)
        screen.draft.set(("meeting", "name"), "Changed")
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert app.screen is screen


async def test_the_edit_command_opens_the_editor_and_leaving_it_exits(
    make_app: MakeApp, press: Press, settle: Settle, terminal_size: Size, clock: ManualClock
) -> None:
    path = bundled_agendas_dir() / "peer-check-in.toml"
    app = make_app(clock, agenda_path=None)
    app.edit = path
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        await press(pilot, "escape")
        await pilot.pause()
    assert app.return_value is None or app.return_value.agenda is None
    assert not app.is_running


def test_the_field_specifications_and_notices_work_without_textual(
    tmp_path: Path, block_textual: str, run_python: RunPython
) -> None:
    code = block_textual + textwrap.dedent(
        """
        from facilitator.library import fields, notices

        assert fields.locate("closing.resources[1].name") == ("closing", "resources", 1)
        assert notices.to_fix(2) == "2 problems to fix"
        assert "textual" not in sys.modules
        print("fields work without textual")
        """
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "fields work without textual"


# ------------------------------------------------------------------ changed, read-only, linked


def plain_user_copy(name: str = "check-in.toml") -> Path:
    """A user's agenda without comments, so saving it asks nothing first."""
    path = user_copy(AGENDAS / "peer-check-in.toml", name)
    path.write_text(agenda_to_toml(load_agenda(path)))
    return path


def change_behind_the_editor(path: Path) -> bytes:
    """Another program writes the agenda at `path`: its meeting is now "Theirs"."""
    agenda = load_agenda(path)
    path.write_text(agenda_to_toml(agenda).replace(agenda.meeting.name, "Theirs"))
    return path.read_bytes()


def dialog_text(screen: Any) -> str:
    return "\n".join(str(widget.render()) for widget in screen.query(Static))


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("answer", ["o", "r", "c", "escape"])
async def test_a_file_changed_on_disk_is_not_saved_over_without_asking(
    answer: str,
    notices: Notices,
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = plain_user_copy()
    backup = path.with_name("check-in.toml.bak")
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await type_into(pilot, "#edit-meeting-name", "Ours")
        theirs = change_behind_the_editor(path)
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        text = dialog_text(dialog)
        assert "check-in.toml has changed on disk since you opened it." in text
        assert "o  overwrite: save yours over it, keeping what is there as a .bak file" in text
        assert "r  reload: open what is there now, dropping your unsaved changes" in text
        assert "c  save as a copy: save yours beside it as check-in-copy.toml" in text
        assert "Escape cancels: nothing is written" in text
        assert path.read_bytes() == theirs  # nothing is written while it asks
        await press(pilot, answer)
        await wait_for_save(pilot)
        assert app.screen is screen
        if answer == "o":
            assert load_agenda(path).meeting.name == "Ours"
            assert backup.read_bytes() == theirs
            assert names_in(path.parent) == ["check-in.toml", "check-in.toml.bak"]
            assert f"Saved {path}. The previous version is {backup}." in notices(app)
            assert not screen.draft.dirty
            # What it wrote is what it knows: the next save does not ask.
            await type_into(pilot, "#edit-meeting-name", "Ours again")
            await press(pilot, "ctrl+s")
            await wait_for_save(pilot)
            assert app.screen is screen
            assert load_agenda(path).meeting.name == "Ours again"
        elif answer == "r":
            assert path.read_bytes() == theirs
            assert names_in(path.parent) == ["check-in.toml"]
            assert screen.query_one("#edit-meeting-name", Input).value == "Theirs"
            assert not screen.draft.dirty and "no changes" in status(screen)
            assert any(n.startswith("Reloaded check-in.toml from the file") for n in notices(app))
            await type_into(pilot, "#edit-meeting-name", "Theirs and ours")
            await press(pilot, "ctrl+s")
            await wait_for_save(pilot)
            assert app.screen is screen
            assert load_agenda(path).meeting.name == "Theirs and ours"
            assert backup.read_bytes() == theirs
        elif answer == "c":
            copy = path.with_name("check-in-copy.toml")
            assert path.read_bytes() == theirs
            assert names_in(path.parent) == ["check-in-copy.toml", "check-in.toml"]
            assert load_agenda(copy).meeting.name == "Ours"
            assert f"Saved a copy as {copy}. check-in.toml is unchanged." in notices(app)
            assert screen.draft.path == copy and "check-in-copy.toml" in status(screen)
        else:
            assert path.read_bytes() == theirs
            assert names_in(path.parent) == ["check-in.toml"]
            assert screen.draft.dirty and "UNSAVED CHANGES" in status(screen)
            assert notices(app)[-1] == "Not saved: nothing was written. ctrl+s asks again."


async def test_a_file_gone_from_disk_is_asked_about_too(
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = plain_user_copy()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await type_into(pilot, "#edit-meeting-name", "Ours")
        path.unlink()
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        text = dialog_text(app.screen)
        assert "check-in.toml is gone: moved or deleted since you opened it." in text
        assert "r  reload" not in text  # there is nothing to reload
        assert not path.exists()
        await press(pilot, "r")  # not an answer here
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "o")
        await wait_for_save(pilot)
        assert app.screen is screen
        assert load_agenda(path).meeting.name == "Ours"
        assert names_in(path.parent) == ["check-in.toml"]


@pytest.mark.parametrize("answer", ["c", "escape"])
async def test_a_read_only_agenda_is_refused_and_a_copy_offered(
    answer: str,
    notices: Notices,
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = plain_user_copy()
    path.chmod(0o444)
    before = path.read_bytes()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await type_into(pilot, "#edit-meeting-name", "Ours")
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        text = dialog_text(app.screen)
        assert "Not saved: check-in.toml is read-only." in text
        assert "c  save as a copy: save yours beside it as check-in-copy.toml" in text
        assert "o  overwrite" not in text
        await press(pilot, answer)
        await wait_for_save(pilot)
        assert app.screen is screen
        assert path.read_bytes() == before
        assert (path.stat().st_mode & 0o777) == 0o444
        if answer == "c":
            copy = path.with_name("check-in-copy.toml")
            assert names_in(path.parent) == ["check-in-copy.toml", "check-in.toml"]
            assert load_agenda(copy).meeting.name == "Ours"
            assert f"Saved a copy as {copy}. check-in.toml is unchanged." in notices(app)
            assert not screen.draft.dirty
        else:
            assert names_in(path.parent) == ["check-in.toml"]
            assert screen.draft.dirty


@pytest.mark.parametrize("writable", [True, False])
async def test_a_linked_agenda_is_saved_through_its_link_or_refused_in_one_line(
    writable: bool,
    notices: Notices,
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_link: MakeLink,
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    target = plain_user_copy().rename(shared / "group.toml")
    before = target.read_bytes()
    link = make_link(user_agendas_dir() / "check-in.toml", target)
    real_mkstemp = tempfile.mkstemp

    def folder_not_writable(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs["dir"]) == shared:
            raise PermissionError(13, "Permission denied", str(shared))
        return real_mkstemp(*args, **kwargs)

    if not writable:
        monkeypatch.setattr(tempfile, "mkstemp", folder_not_writable)
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, link)
        await type_into(pilot, "#edit-meeting-name", "Ours")
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert app.screen is screen
    assert os.path.islink(link)
    assert names_in(link.parent) == ["check-in.toml"]
    if writable:
        assert load_agenda(target).meeting.name == "Ours"
        assert (shared / "group.toml.bak").read_bytes() == before
        assert notices(app)[-1] == (
            f"Saved {link} through its link to {target}. "
            f"The previous version is {shared / 'group.toml.bak'}."
        )
    else:
        assert target.read_bytes() == before
        assert names_in(shared) == ["group.toml"]
        assert notices(app)[-1] == (
            f"Not saved: check-in.toml is a link to {target}, which cannot be replaced "
            "(Permission denied). Both are as they were."
        )


async def test_ctrl_q_over_the_question_leaves_without_writing(
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = plain_user_copy()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await type_into(pilot, "#edit-meeting-name", "Ours")
        theirs = change_behind_the_editor(path)
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Leave without saving?" in dialog_text(app.screen)
        await press(pilot, "y")
        await wait_for_save(pilot)
        assert screen not in app.screen_stack
        assert isinstance(app.screen, PickerScreen)
    assert path.read_bytes() == theirs
    assert names_in(path.parent) == ["check-in.toml"]


# ------------------------------------------------------------------ big agendas


def long_agenda(count: int, name: str = "long.toml") -> Path:
    """A user's agenda of `count` one-minute steps, as inline tables (as the benchmark's)."""
    folder = user_agendas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    steps = ",\n".join(f'{{title="Step {i}",minutes=1}}' for i in range(count))
    path = folder / name
    path.write_text(f'steps = [\n{steps}\n]\n[meeting]\nname = "Long"\n', encoding="utf-8")
    return path


async def test_a_long_agenda_makes_the_lines_in_sight_and_no_widget_per_step(
    open_editor: OpenEditor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[int] = []

    def counted(section: Any, index: int, entry: Any, to_fix: bool) -> Any:
        made.append(index)
        return entry_prompt(section, index, entry, to_fix)

    monkeypatch.setattr("facilitator.screens.editor.screen.entry_prompt", counted)
    widgets: dict[int, int] = {}
    for count in (3, 5_000):
        made.clear()
        app = make_app(clock, agenda_path=None)
        async with app.run_test(size=terminal_size) as pilot:
            screen = await open_editor(pilot, long_agenda(count))
            await press(pilot, "f3")
            widgets[count] = len(list(screen.walk_children()))
            if count == 3:
                continue
            entries = screen.query_one("#edit-steps-list", EntryList)
            assert entries.entry_count == 5_000
            in_sight = entries.scrollable_content_region.height
            # The lines in sight, each made once or twice (highlighted, then not): no more.
            assert 0 < len(made) <= 2 * in_sight < 100
            assert set(made) <= set(range(in_sight))
            made.clear()
            await press(pilot, "end")
            assert screen.query_one("#edit-step-title", Input).value == "Step 4999"
            assert max(made) == 4_999 and min(made) >= 4_999 - in_sight
            assert len(made) <= 2 * in_sight
            made.clear()
            entries.focus()
            await press(pilot, "a")  # a step added: the lines in sight, made again
            assert entries.entry_count == 5_001
            assert len(screen.draft.entries("steps")) == 5_001
            assert 0 < len(made) <= 2 * in_sight
            assert list_texts(screen, "steps")[-1] == "5001 New step · 5 min"
    assert widgets[5_000] == widgets[3]  # the list draws lines, it holds no widget per step


async def test_the_check_runs_in_a_worker_and_the_keys_go_on_meanwhile(
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    checking = threading.Event()
    done = threading.Event()
    threads: list[int] = []
    real_run = Check.run

    def slow(check: Check) -> Checked:
        """A check that takes as long as the test says."""
        threads.append(threading.get_ident())
        checking.set()
        assert done.wait(10), "the test never let the check finish"
        return real_run(check)

    monkeypatch.setattr(Check, "run", slow)
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = EditorScreen(user_copy(), Draft.load(user_copy()))
        await app.push_screen(screen)
        for _ in range(100):  # the check starts once the first frame is drawn
            await pilot.pause(0.01)
            if checking.is_set():
                break
        assert checking.is_set() and screen.checking
        assert "checking…" in status(screen)
        # While the check runs: keys are handled, fields filled, values typed.
        await pilot.press("f3")
        await pilot.press("down")
        assert screen.query_one("#edit-step-title", Input).value == "Shares"
        minutes = screen.query_one("#edit-step-minutes", Input)
        minutes.focus()
        minutes.select_all()
        await pilot.press("-", "5")
        assert screen.draft.get(("steps", 1, "minutes")) == -5
        assert problem_at(screen, "edit-step-minutes") == ""  # not checked yet
        assert threads and main_thread().ident not in threads
        done.set()
        await settle(pilot)  # the first check, then the check of what was typed
        assert problem_at(screen, "edit-step-minutes") == "must be greater than 0 (got -5)"
        assert "1 problem to fix" in status(screen)
        assert len(threads) == 2  # one check at a time: the latest draft, checked once


async def test_saving_while_a_check_runs_saves_once_it_is_done(
    notices: Notices,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = plain_user_copy()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = EditorScreen(path, Draft.load(path))
        await app.push_screen(screen)
        await settle(pilot)
        done = threading.Event()
        real_run = Check.run

        def slow(check: Check) -> Checked:
            assert done.wait(10), "the test never let the check finish"
            return real_run(check)

        monkeypatch.setattr(Check, "run", slow)
        name = screen.query_one("#edit-meeting-name", Input)
        name.focus()
        name.select_all()
        await pilot.press(*"Ours")
        await pilot.press("ctrl+s")
        assert not notices(app)  # nothing written, nothing refused: the check is not done
        assert load_agenda(path).meeting.name != "Ours"
        done.set()
        await settle(pilot)
        await wait_for_save(pilot)
        assert load_agenda(path).meeting.name == "Ours"
        assert notices(app)[-1].startswith(f"Saved {path}.")


# ------------------------------------------------------------------ a new facilitator's trips


@pytest.mark.parametrize(
    ("tab", "section", "first"),
    [
        ("f3", "steps", "edit-step-title"),
        ("f4", "attendance", "edit-category-label"),
        ("f5", "resources", "edit-resource-name"),
    ],
)
async def test_a_new_entry_is_typed_into_at_once(
    open_editor: OpenEditor,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    clock: ManualClock,
    tab: str,
    section: Section,
    first: str,
) -> None:
    """`a` adds an entry and takes the facilitator to its first field: what is typed next
    is its title (not keys of the list, where `d` deletes)."""
    path = user_copy()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await press(pilot, tab)
        screen.query_one(f"#edit-{section}-list").focus()
        await settle(pilot)
        before = len(screen.draft.entries(section))
        await press(pilot, "a")
        await pilot.pause()
        assert screen.focused is screen.query_one(f"#{first}")
        await press(pilot, *"Sad day")
        entries = screen.draft.entries(section)
        assert len(entries) == before + 1  # `d` deleted nothing, `a` added nothing more
        key = {"steps": "title", "attendance": "label", "resources": "name"}[section]
        assert [entry.get(key) for entry in entries].count("Sad day") == 1


async def test_the_meeting_tab_sets_the_meetings_language(
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    path = user_copy()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        assert screen.query_one("#edit-meeting-language", Input).value == ""
        await type_into(pilot, "#edit-meeting-language", "spanish!")
        assert problem_at(screen, "edit-meeting-language").startswith("must")
        await type_into(pilot, "#edit-meeting-language", "es-MX")
        assert problem_at(screen, "edit-meeting-language") == ""
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        if isinstance(app.screen, ConfirmScreen):  # the file's comments: saved all the same
            await press(pilot, "y")
            await wait_for_save(pilot)
    assert load_agenda(path).meeting.language == "es-MX"


async def test_a_spanish_agendas_language_is_on_its_meeting_tab(
    open_editor: OpenEditor, make_app: MakeApp, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, AGENDAS / "reunion-abierta.toml")
        assert screen.query_one("#edit-meeting-language", Input).value == "es"


async def test_a_spanish_save_question_takes_the_first_letters_of_its_words(
    open_editor: OpenEditor,
    type_into: TypeInto,
    wait_for_save: WaitFor,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    """Not "o sobrescribir", which reads "or overwrite": s for sobrescribir."""
    i18n.use("es")  # the editor speaks the language asked for
    path = plain_user_copy()
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        screen = await open_editor(pilot, path)
        await type_into(pilot, "#edit-meeting-name", "Nuestra")
        change_behind_the_editor(path)
        await press(pilot, "ctrl+s")
        await wait_for_save(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChoiceScreen)
        text = dialog_text(dialog)
        assert "s  sobrescribir:" in text and "r  recargar:" in text
        assert "g  guardar como copia:" in text
        await press(pilot, "s")
        await wait_for_save(pilot)
        assert app.screen is screen
    assert load_agenda(path).meeting.name == "Nuestra"
