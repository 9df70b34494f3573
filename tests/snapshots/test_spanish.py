"""The screens of a Spanish-speaking group's meeting, frozen in SVG snapshots.

Update after an intended change of the UI or of the Spanish catalogue with
`pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from facilitator.store.database import open_store
from facilitator.words import i18n

from ..hints import Advance, FrozenWall, MakeApp, Size, SnapCompare
from ..support.clocks import ManualClock

AGENDA = """\
[meeting]
name = "Grupo del martes"
minutes = 20
language = "es"

[sharing]
share_minutes = 3
warning_seconds = 30

[[attendance]]
id = "asistentes"
label = "Asistentes"

[[attendance]]
id = "nuevos"
label = "Recién llegados"

[[steps]]
title = "Bienvenida"
minutes = 2
script = "Bienvenidos a todos. **Por favor, silencien sus teléfonos.**"

[[steps]]
title = "Ronda de participaciones"
minutes = 12
kind = "sharing"
script = "La palabra está abierta. Cada participación dura unos tres minutos."

[[steps]]
title = "Despedida"
minutes = 6
kind = "closing"
script = "Gracias a todos por venir."

[closing]
reminder = "El apoyo entre pares complementa el tratamiento profesional; no lo sustituye."

[[closing.resources]]
name = "Teléfono de la Esperanza"
contact = "717 003 717"
note = "24 horas (España)"
"""


@pytest.fixture
def spanish_agenda(tmp_path: Path) -> Path:
    """An agenda of a Spanish-speaking group (`[meeting] language = "es"`)."""
    path = tmp_path / "martes.toml"
    path.write_text(AGENDA, encoding="utf-8")
    return path


def test_ready_screen_in_spanish(
    spanish_agenda: Path,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    app = make_app(clock, spanish_agenda)
    assert snap_compare(app, terminal_size=terminal_size)


def test_sharing_in_spanish(
    spanish_agenda: Path,
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    run = advance(clock, ("1", "1", "2", "s"), 130.0, ("n", "w", "space"), 160.0)
    app = make_app(clock, spanish_agenda)
    assert snap_compare(app, terminal_size=terminal_size, run_before=run)


def test_room_view_in_spanish(
    spanish_agenda: Path,
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    """The room view of a share in its warning: the words the whole room reads."""
    run = advance(clock, ("s",), 130.0, ("n", "space"), 160.0, ("b",))
    app = make_app(clock, spanish_agenda)
    assert snap_compare(app, terminal_size=terminal_size, run_before=run)


def test_room_view_before_the_start_in_spanish(
    spanish_agenda: Path,
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    """Before a meeting due at 19:05: the time of day, and when it starts."""
    agenda = tmp_path / "a-las-siete.toml"
    agenda.write_text(AGENDA.replace("[meeting]\n", '[meeting]\nstart = "19:05"\n'), "utf-8")
    run = advance(clock, ("b",), 28.0)
    app = make_app(clock, agenda)
    assert snap_compare(app, terminal_size=terminal_size, run_before=run)


def test_room_view_between_shares_in_spanish(
    spanish_agenda: Path,
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    """Between two shares: the step's time, said to be the step's."""
    run = advance(clock, ("s",), 130.0, ("n",), 40.0, ("b",))
    app = make_app(clock, spanish_agenda)
    assert snap_compare(app, terminal_size=terminal_size, run_before=run)


def test_closing_in_spanish(
    spanish_agenda: Path,
    advance: Advance,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    """The end: the ended summary behind the closing reminder."""
    run = advance(clock, ("s",), 130.0, ("e", "y"), 1.0)

    async def run_before(pilot: Pilot[Any]) -> None:
        await run(pilot)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    app = make_app(clock, spanish_agenda)
    assert snap_compare(app, terminal_size=terminal_size, run_before=run_before)


def test_help_in_spanish(
    spanish_agenda: Path,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    app = make_app(clock, spanish_agenda)
    assert snap_compare(app, terminal_size=terminal_size, press=["question_mark"])


def test_resources_in_spanish(
    spanish_agenda: Path,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
) -> None:
    app = make_app(clock, spanish_agenda)
    assert snap_compare(app, terminal_size=terminal_size, press=["r"])


def test_picker_in_spanish(
    frozen_wall: FrozenWall,
    make_app: MakeApp,
    terminal_size: Size,
    snap_compare: SnapCompare,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
) -> None:
    # The picker speaks the language asked for before any agenda is chosen.
    monkeypatch.setenv("FACILITATOR_LANG", "es")
    i18n.speak()
    # Meetings go to this test's own folder; the hint names a fixed one, to stay the same.
    store = open_store(data_dir, frozen_wall(clock)).store
    monkeypatch.setenv("FACILITATOR_DATA_DIR", "/home/you/.local/share/facilitator")
    app = make_app(clock, agenda_path=None, store=store)
    assert snap_compare(app, terminal_size=terminal_size)
