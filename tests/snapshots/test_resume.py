"""The offer to resume an unfinished meeting, frozen in an SVG snapshot (fake clock, fixed size).

Update after an intended change of the UI with `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

from ..hints import LeaveUnfinished, MakeApp, Size, SnapCompare
from ..support.clocks import ManualClock


def test_resume_prompt(
    leave_unfinished: LeaveUnfinished,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    data_dir: Path,
    clock: ManualClock,
) -> None:
    leave_unfinished(data_dir)
    assert snap_compare(make_app(clock), terminal_size=terminal_size)
