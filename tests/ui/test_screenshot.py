"""The palette's Screenshot: an SVG of the screen in the Downloads folder, said in the app's
language, with the folder's name shown as text."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from textual.pilot import Pilot

from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.words import i18n

from ..data import AGENDAS
from ..hints import MakeApp, Notices, Press, Size
from ..support.clocks import ManualClock


@pytest.fixture
def downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Downloads folder, named as markup would be read: `[@click=app.quit]Downloads`."""
    folder = tmp_path / "[@click=app.quit]Downloads"
    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: folder)
    return folder


async def take_screenshot(pilot: Pilot[Any], press: Press, notices: Notices, word: str) -> str:
    """Ask the palette for a screenshot (typing `word`); what the app then says."""
    await press(pilot, "ctrl+p", *word)
    await pilot.pause(0.5)
    await press(pilot, "enter")
    deadline = time.monotonic() + 10
    while not notices(pilot.app) and time.monotonic() < deadline:
        await pilot.pause(0.05)
    return notices(pilot.app)[-1]


async def test_a_screenshot_is_saved_and_its_folder_said_as_it_is(
    downloads: Path,
    notices: Notices,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    downloads.mkdir()
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        said = await take_screenshot(pilot, press, notices, "screenshot")
        (saved,) = downloads.glob("facilitator-*.svg")
        assert said == f"Screenshot saved: {saved}"
        assert "<svg" in saved.read_text(encoding="utf-8")
        assert isinstance(app.screen, MeetingScreen)  # the brackets were read as text


async def test_a_screenshot_that_cannot_be_saved_says_why_in_spanish(
    downloads: Path,
    notices: Notices,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock, AGENDAS / "reunion-abierta.toml")  # and the folder is missing
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        said = await take_screenshot(pilot, press, notices, "captura")
        assert i18n.language() == "es"
        assert said.startswith("No se pudo guardar la captura: ")
        assert not downloads.exists()
