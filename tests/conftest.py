"""Shared fixtures: no test touches a real home directory."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from facilitator.agenda import load_agenda
from facilitator.app import FacilitatorApp
from facilitator.clocks import ManualClock, ManualWall

ROOT = Path(__file__).resolve().parent.parent
AGENDAS = ROOT / "agendas"


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


def make_app(clock: FakeClock, agenda_path: Path | None = TUESDAY) -> FacilitatorApp:
    """The real app, on a fake clock (the factory snapshot and Pilot tests share)."""
    agenda = load_agenda(agenda_path) if agenda_path is not None else None
    return FacilitatorApp(agenda, agenda_path, clock=clock, wall=frozen_wall(clock))
