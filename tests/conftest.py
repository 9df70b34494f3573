"""Shared fixtures: no test touches a real home directory."""

from __future__ import annotations

import asyncio
import os
import pty
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from textual.pilot import Pilot

from facilitator.agenda import load_agenda
from facilitator.app import FacilitatorApp, build_app
from facilitator.clocks import ManualClock, ManualWall
from facilitator.store import Store

ROOT = Path(__file__).resolve().parent.parent
AGENDAS = ROOT / "agendas"

# The fault harness and the fuzzers run a fast subset in every test run; --long runs them at
# full length (hundreds of kills, thousands of fuzzed agendas).
settings.register_profile(
    "fast", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--long",
        action="store_true",
        help="run the fault harness and fuzzers at full length (pytest -m faults --long)",
    )


def pytest_configure(config: pytest.Config) -> None:
    settings.load_profile("long" if config.getoption("--long") else "fast")


@pytest.fixture
def long_mode(request: pytest.FixtureRequest) -> bool:
    """Whether the run asked for the full-length fault harness (--long)."""
    return bool(request.config.getoption("--long"))


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Send the data directory to a temporary folder."""
    path = tmp_path / "data"
    monkeypatch.setenv("FACILITATOR_DATA_DIR", str(path))
    return path


FakeClock = ManualClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


WALL_START = datetime(2026, 11, 24, 19, 0, tzinfo=timezone(timedelta(hours=-5)))
TUESDAY = Path(__file__).resolve().parent / "data" / "tuesday.toml"


def frozen_wall(clock: FakeClock) -> ManualWall:
    """Local time that moves with a `FakeClock` from 19:00 on a Tuesday."""
    return ManualWall(clock, WALL_START)


def make_app(
    clock: FakeClock, agenda_path: Path | None = TUESDAY, store: Store | None = None
) -> FacilitatorApp:
    """The real app, on a fake clock (the factory snapshot and Pilot tests share).

    Without a `store`, meetings are kept in the test's own data directory.
    """
    agenda = load_agenda(agenda_path) if agenda_path is not None else None
    return build_app(agenda, agenda_path, clock=clock, wall=frozen_wall(clock), store=store)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every message queue in the app is empty, a few checks in a row.

    `Pilot.press` decides the app is idle from CPU time, which a busy machine fools; tests
    that move the clock right after a key need the key to have been handled first.
    """
    app = pilot.app
    calm = 0
    for _ in range(2000):
        await asyncio.sleep(0)
        pumps = [app, *app.screen_stack, *app.screen.walk_children(with_self=False)]
        busy = any(not pump._message_queue.empty() for pump in pumps)
        calm = 0 if busy else calm + 1
        if calm >= 5:
            return
    raise AssertionError("the app did not settle")


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press keys one at a time, each handled before the next."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def start_in_pty(data_dir: Path) -> tuple[subprocess.Popen[bytes], int]:
    """The real app on the test agenda in a 100x32 pseudo-terminal; returns it and the pty.

    Whoever reads the pty must keep draining it: a full pty blocks the app's writes.
    """
    primary, secondary = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="100", LINES="32")
    env["FACILITATOR_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitator", str(TUESDAY)],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        start_new_session=True,
    )
    os.close(secondary)
    return process, primary


def refuse_files_in(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `os.open` refuse every file in `directory`: a read-only folder, even for root."""
    real_open = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if Path(path).parent == directory:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
