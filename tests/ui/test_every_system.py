"""A whole meeting runs where the system lacks what Linux has: SIGHUP, signal handlers on the
event loop (Windows), `os.fchmod`, `O_NOFOLLOW`, `O_DIRECTORY`, `CLOCK_BOOTTIME`.

`run_test` is headless and the app sets no signals up then; these tests have it set them up
as in a terminal, with `signal.signal` recording what it is given rather than setting it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import time
from pathlib import Path
from typing import Any

import pytest

from facilitator.agenda import load_agenda
from facilitator.app import FacilitatorApp, build_app
from facilitator.meeting.states import Status
from facilitator.screens.dialogs import ResourcesScreen
from facilitator.system.paths import checked_agendas_dir
from facilitator.words.goodbye import Outcome

from ..data import TUESDAY
from ..hints import Press, Size

Handlers = dict[int, Any]

REMOVED = [
    (signal, "SIGHUP"),
    (asyncio, "add_signal_handler"),  # the running loop's: Windows's loops have none
    (os, "fchmod"),
    (os, "O_NOFOLLOW"),
    (os, "O_DIRECTORY"),
    (time, "CLOCK_BOOTTIME"),
]


@pytest.fixture
def set_signals(monkeypatch: pytest.MonkeyPatch) -> Handlers:
    """The handlers the app gives `signal.signal`, by signal; the app believes it has a terminal."""
    given: Handlers = {}

    def record(signum: int, handler: Any) -> Any:
        given[signum] = handler
        return signal.SIG_DFL

    monkeypatch.setattr(FacilitatorApp, "is_headless", property(lambda _app: False))
    monkeypatch.setattr(signal, "signal", record)
    return given


def remove(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> None:
    if name == "add_signal_handler":
        loop = type(asyncio.get_running_loop())
        # The loop's own method goes: what is left is asyncio's NotImplementedError, as on Windows.
        owner = next(
            k for k in loop.__mro__ if name in vars(k) and k is not asyncio.AbstractEventLoop
        )
        monkeypatch.delattr(owner, name)
    else:
        monkeypatch.delattr(module, name, raising=False)


def private(folder: Path) -> dict[str, int]:
    """Every file and folder under `folder` whose mode is not the app's own (0600 / 0700)."""
    loose = {}
    for path in [folder, *folder.rglob("*")]:
        mode = stat.S_IMODE(os.lstat(path).st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            loose[str(path)] = mode
    return loose


@pytest.mark.parametrize(("module", "name"), REMOVED, ids=[name for _, name in REMOVED])
async def test_a_whole_meeting_runs_without(
    module: Any,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
    set_signals: Handlers,
    press: Press,
    terminal_size: Size,
    data_dir: Path,
) -> None:
    remove(monkeypatch, module, name)
    load_agenda(TUESDAY, checked=checked_agendas_dir())  # checked, and remembered
    agenda = load_agenda(TUESDAY, checked=checked_agendas_dir())  # read back
    app = build_app(agenda, TUESDAY)  # the real clocks, the real data directory
    assert app.store is not None
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1", "1", "2", "n", "space", "plus", "enter", "space")
        await press(pilot, "e", "y")
        assert isinstance(app.screen, ResourcesScreen)
        await press(pilot, "escape", "q")
    assert app.return_value == Outcome(agenda, Status.ENDED, saved=True)
    (meeting,) = app.store.meetings()
    app.store.close()
    assert meeting.ended_at is not None
    assert meeting.summary is not None and meeting.summary.shares == 2
    assert private(data_dir) == {}
    assert len(list(checked_agendas_dir().iterdir())) == 1
    if name in ("SIGHUP", "add_signal_handler"):
        assert signal.SIGTERM in set_signals  # set, one way or the other


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
async def test_a_signal_ends_the_app_where_the_loop_takes_no_handlers(
    signum: int,
    monkeypatch: pytest.MonkeyPatch,
    set_signals: Handlers,
    press: Press,
    terminal_size: Size,
) -> None:
    remove(monkeypatch, asyncio, "add_signal_handler")
    agenda = load_agenda(TUESDAY)
    app = build_app(agenda, TUESDAY)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "1")
        assert set(set_signals) >= {signal.SIGTERM, signal.SIGHUP}
        set_signals[signum](signum, None)  # as Python calls a handler: between two bytecodes
        await pilot.pause()
    hung_up = signum == signal.SIGHUP
    assert app.return_value == Outcome(agenda, Status.RUNNING, hung_up=hung_up, saved=True)
    assert app.store is not None
    app.store.close()
