"""Wide text is measured in terminal cells: CJK, emoji and combining marks line up and are cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widget import Widget

from facilitator.cli.agendas import agendas_table
from facilitator.widgets.status import MeetingStatus
from facilitator.widgets.steps import StepList

from ..data import WIDE_NAME
from ..data import WIDE_TITLES as TITLES
from ..hints import MakeApp, Press, WideAgenda
from ..support.clocks import ManualClock


def lines_of(widget: Widget) -> list[str]:
    width, height = widget.region.size
    return [strip.text for strip in widget.render_lines(Region(0, 0, width, height))]


async def test_wide_titles_fill_their_rows_and_are_cut_with_an_ellipsis(
    clock: ManualClock, make_app: MakeApp, press: Press, tmp_path: Path, wide_agenda: WideAgenda
) -> None:
    app = make_app(clock, wide_agenda(tmp_path / "wide.toml"))
    async with app.run_test(size=(100, 32)) as pilot:
        await press(pilot, "s")
        steps = app.screen.query_one(StepList)
        rows = lines_of(steps)
        assert [cell_len(row) for row in rows] == [steps.size.width] * len(TITLES)
        assert rows[0].startswith("▶  1 読書の時間 ")
        assert rows[1].startswith("   2 👋 ようこそ 🎉 ")
        assert rows[2].startswith("   3 Cafe\u0301 talk ")
        assert rows[3].startswith("   4 分かち合い")
        assert "…" in rows[3]
        assert all(row.rstrip().endswith("5m") for row in rows[1:])


@pytest.mark.parametrize("columns", [60, 100])
async def test_a_long_wide_name_is_cut_and_the_status_line_stays(
    clock: ManualClock,
    make_app: MakeApp,
    press: Press,
    tmp_path: Path,
    wide_agenda: WideAgenda,
    columns: int,
) -> None:
    app = make_app(clock, wide_agenda(tmp_path / "wide.toml", WIDE_NAME))
    async with app.run_test(size=(columns, 32)) as pilot:
        await press(pilot, "s")
        status = app.screen.query_one(MeetingStatus)
        top, line = lines_of(status)
        assert cell_len(top) == columns
        assert top.strip().startswith("火曜日の夜")
        assert "… " in top
        assert top.rstrip().endswith("19:00")
        assert "火曜日" not in line
        assert "0:00" in line  # elapsed, still in sight


def test_the_agendas_table_lines_up_wide_names(data_dir: Path, wide_agenda: WideAgenda) -> None:
    folder = data_dir / "agendas"
    folder.mkdir(parents=True)
    wide_agenda(folder / "wide.toml", "火曜日の夜")
    lines = agendas_table()
    header, wide = lines[0], next(line for line in lines if line.startswith("火曜日の夜"))
    # Each column starts in the same cell on every line.
    where = header.index("WHERE")
    assert cell_len(wide[: wide.index("yours")]) == cell_len(header[:where])
