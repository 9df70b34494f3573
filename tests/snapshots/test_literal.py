"""Markup-like and wide agenda text on the meeting screen, frozen in SVGs: shown as typed,
measured in terminal cells."""

from __future__ import annotations

from pathlib import Path

from ..data import WIDE_NAME
from ..hints import HostileAgenda, MakeApp, SnapCompare, WideAgenda
from ..support.clocks import ManualClock


def test_markup_like_text_on_the_meeting_screen(
    make_app: MakeApp,
    hostile_agenda: HostileAgenda,
    snap_compare: SnapCompare,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    app = make_app(clock, agenda_path=hostile_agenda(tmp_path))
    assert snap_compare(app, terminal_size=(120, 40), press=["s"])


def test_wide_text_on_the_meeting_screen(
    make_app: MakeApp,
    wide_agenda: WideAgenda,
    snap_compare: SnapCompare,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    # CJK, emoji and a combining mark line up in the step list; the long name is cut with
    # an ellipsis and the status line stays below it.
    app = make_app(clock, agenda_path=wide_agenda(tmp_path / "wide.toml", WIDE_NAME))
    assert snap_compare(app, terminal_size=(100, 32), press=["s"])
