"""A yes/no question takes the keys of the language spoken (`s` for the Spanish "sí"), and
`y` and `n` in every language; its keys are said as keys, on screen and in the help."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from facilitator.meeting.states import Status
from facilitator.screens.dialogs import ConfirmScreen, HelpScreen, KeysScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.screens.resume import ResumeScreen

from ..hints import LeaveUnfinished, MakeApp, Press, Settle, Size
from ..support.clocks import ManualClock


def screen_text(pilot: Pilot[Any]) -> str:
    """Every line the screen shows now, as text, its spaces as one."""
    strips = pilot.app.screen._compositor.render_strips()
    return " ".join(" ".join(strip.text for strip in strips).split())


def status(pilot: Pilot[Any]) -> Status:
    screen = [s for s in pilot.app.screen_stack if isinstance(s, MeetingScreen)][-1]
    return screen.meeting.status


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app speaks Spanish (as the system asks), whatever the agenda."""
    monkeypatch.setenv("FACILITATOR_LANG", "es")


@pytest.mark.parametrize("key", ["s", "y"])
async def test_a_spanish_question_is_answered_yes_with_s_and_y(
    key: str,
    spanish: None,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "e")
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(pilot)
        assert "s sí · n o Escape no" in text
        assert "y sí" not in text
        await press(pilot, key)
        assert not isinstance(app.screen, ConfirmScreen)
        assert status(pilot) is Status.ENDED


@pytest.mark.parametrize("key", ["n", "escape"])
async def test_a_spanish_question_is_answered_no_with_n_and_escape(
    key: str,
    spanish: None,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "e")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, key)
        assert isinstance(app.screen, MeetingScreen)
        assert status(pilot) is Status.RUNNING


async def test_an_english_question_takes_y_not_s(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "e")
        assert "y yes · n or Escape no" in screen_text(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, ConfirmScreen)  # s is no answer in English
        await press(pilot, "y")
        assert status(pilot) is Status.ENDED


@pytest.mark.parametrize(
    ("language", "yes", "no"),
    [
        ("es", "s / y responde sí", "n / escape responde no"),
        ("en", "y answer yes", "n / escape answer no"),
    ],
)
async def test_a_questions_help_names_its_keys(
    language: str,
    yes: str,
    no: str,
    monkeypatch: pytest.MonkeyPatch,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    monkeypatch.setenv("FACILITATOR_LANG", language)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "e", "question_mark")
        assert isinstance(app.screen, KeysScreen)
        rows = [f"{row.keys} {row.what}" for row in app.screen.rows]
        assert rows[:2] == [yes, no]
        await press(pilot, "escape")
        assert isinstance(app.screen, ConfirmScreen)


async def test_the_spanish_help_says_the_key_that_confirms_leaving(
    spanish: None, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        leave = next(row for row in app.screen.rows if row.keys == "q")
        assert leave.what == "salir (pregunta antes si la reunión está en curso; s confirma)"


@pytest.mark.parametrize("key", ["s", "y"])
async def test_a_spanish_resume_question_resumes_with_s_and_y(
    key: str,
    spanish: None,
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    leave_unfinished(data_dir)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        text = screen_text(pilot)
        assert "s / enter reanudar · n terminarla" in text
        assert "y / enter" not in text
        await press(pilot, key)
        await settle(pilot)
        assert isinstance(app.screen, MeetingScreen)
        assert status(pilot) is Status.RUNNING  # resumed, on its step


async def test_the_resume_questions_help_names_its_keys_in_spanish(
    spanish: None,
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    press: Press,
    settle: Settle,
    terminal_size: Size,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    leave_unfinished(data_dir)
    app = make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysScreen)
        rows = [f"{row.keys} {row.what}" for row in app.screen.rows]
        assert rows[:2] == ["s / y reanuda la reunión", "n la termina donde acaba su registro"]
        await press(pilot, "question_mark")
        assert isinstance(app.screen, ResumeScreen)
