"""What the agenda editor shows, frozen in SVG snapshots (fixed size, frozen clock).

Update after an intended change of the UI with `pytest --snapshot-update`, and look at them.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from facilitator.agenda import agenda_to_toml, load_agenda
from facilitator.library.draft import Draft
from facilitator.screens.editor import EditorScreen
from facilitator.system.paths import user_agendas_dir

from ..data import AGENDAS, TUESDAY
from ..hints import MakeApp, Press, Settle, SnapCompare
from ..support.clocks import ManualClock

Editing = Callable[..., Callable[[Pilot[Any]], Awaitable[None]]]

WIDE = (100, 32)
SMALL = (60, 18)


@pytest.fixture
def editing(press: Press, settle: Settle) -> Editing:
    """A function: a `run_before` that opens the editor and edits."""

    def editing(path: Path, *keys: str, typed: tuple[str, str] | None = None) -> Any:
        """A `run_before` that opens the editor on `path`, presses `keys`, then types."""

        async def run_before(pilot: Pilot[Any]) -> None:
            await pilot.app.push_screen(EditorScreen(path, Draft.load(path)))
            await settle(pilot)
            await press(pilot, *keys)
            if typed is not None:
                selector, text = typed
                field = pilot.app.screen.query_one(selector, Input)
                field.focus()
                field.select_all()
                await press(pilot, *text)
            for widget in pilot.app.screen.query("Input, TextArea"):
                assert isinstance(widget, Input | TextArea)
                widget.cursor_blink = False  # a blinking cursor would make the pictures flaky
            await settle(pilot)
            await pilot.pause()

        return run_before

    return editing


def test_editor_meeting(
    editing: Editing, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    path = AGENDAS / "open-discussion.toml"
    app = make_app(clock, agenda_path=None)
    assert snap_compare(app, terminal_size=WIDE, run_before=editing(path))


def test_editor_sharing_step(
    editing: Editing, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    path = AGENDAS / "open-discussion.toml"
    keys = ("f3", "down", "down", "down", "down", "down")
    app = make_app(clock, agenda_path=None)
    assert snap_compare(app, terminal_size=WIDE, run_before=editing(path, *keys))


def test_editor_validation_error(
    editing: Editing, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    folder = user_agendas_dir()
    folder.mkdir(parents=True)
    path = folder / "tuesday.toml"
    shutil.copyfile(TUESDAY, path)
    run = editing(path, "f3", "down", typed=("#edit-step-minutes", "-5"))
    app = make_app(clock, agenda_path=None)
    assert snap_compare(app, terminal_size=WIDE, run_before=run)


def test_editor_small_terminal(
    editing: Editing, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    path = AGENDAS / "open-discussion.toml"
    app = make_app(clock, agenda_path=None)
    assert snap_compare(app, terminal_size=SMALL, run_before=editing(path, "f3", "down"))


def test_editor_small_terminal_validation_error(
    editing: Editing, make_app: MakeApp, snap_compare: SnapCompare, clock: ManualClock
) -> None:
    path = AGENDAS / "peer-check-in.toml"
    run = editing(path, typed=("#edit-meeting-minutes", "sixty"))
    app = make_app(clock, agenda_path=None)
    assert snap_compare(app, terminal_size=SMALL, run_before=run)


def test_editor_small_terminal_changed_on_disk(
    editing: Editing,
    make_app: MakeApp,
    snap_compare: SnapCompare,
    clock: ManualClock,
    press: Press,
    settle: Settle,
) -> None:
    folder = user_agendas_dir()
    folder.mkdir(parents=True)
    path = folder / "check-in.toml"
    path.write_text(agenda_to_toml(load_agenda(AGENDAS / "peer-check-in.toml")))
    edit = editing(path, typed=("#edit-meeting-name", "Ours"))

    async def run_before(pilot: Pilot[Any]) -> None:
        await edit(pilot)
        path.write_text(path.read_text().replace("Peer Check-In", "Theirs"))
        await press(pilot, "ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        await pilot.pause()

    app = make_app(clock, agenda_path=None)
    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)
