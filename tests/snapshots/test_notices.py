"""Notices on the meeting screen, frozen in SVG snapshots: in a band of their own, never over
the room view's digits or the share's countdown."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from facilitator.room.sound import fallback_words

from ..hints import Advance, MakeApp, SnapCompare
from ..support.clocks import ManualClock


@pytest.mark.parametrize("room_view", [True, False], ids=["room-view", "meeting"])
def test_a_notice_at_80x24(
    advance: Advance,
    make_app: MakeApp,
    snap_compare: SnapCompare,
    clock: ManualClock,
    room_view: bool,
) -> None:
    keys = ("b",) if room_view else ()
    shown = advance(clock, ("s", "n", "space"), 160.0, keys)

    async def run_before(pilot: Pilot[Any]) -> None:
        await shown(pilot)
        pilot.app.notify(fallback_words(None), severity="warning", timeout=60, markup=False)
        await pilot.pause()

    assert snap_compare(make_app(clock), terminal_size=(80, 24), run_before=run_before)
