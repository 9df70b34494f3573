"""Markup-like agenda text on the meeting screen, frozen in an SVG: shown exactly as typed."""

from __future__ import annotations

from pathlib import Path

from facilitator.clocks import ManualClock

from ..hints import HostileAgenda, MakeApp, SnapCompare


def test_markup_like_text_on_the_meeting_screen(
    make_app: MakeApp,
    hostile_agenda: HostileAgenda,
    snap_compare: SnapCompare,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    app = make_app(clock, agenda_path=hostile_agenda(tmp_path))
    assert snap_compare(app, terminal_size=(120, 40), press=["s"])
