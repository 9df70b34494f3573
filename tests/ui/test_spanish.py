"""A meeting whose agenda asks for Spanish speaks Spanish on every screen of it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from facilitator.screens.dialogs import ConfirmScreen, HelpScreen, ResourcesScreen
from facilitator.screens.meeting.screen import MeetingScreen
from facilitator.words import i18n

from ..hints import MakeApp, Press, Size
from ..support.clocks import ManualClock

AGENDA = """\
[meeting]
name = "Grupo del martes"
language = "es"

[sharing]
share_minutes = 3
warning_seconds = 30
sound = "off"

[[attendance]]
id = "asistentes"
label = "Asistentes"

[[steps]]
title = "Bienvenida"
minutes = 2
script = "Bienvenidos a todos."

[[steps]]
title = "Ronda"
minutes = 12
kind = "sharing"
script = "La palabra está abierta."

[[steps]]
title = "Despedida"
minutes = 3
kind = "closing"
script = "Gracias por venir."

[closing]
reminder = "El apoyo entre pares no sustituye la ayuda profesional."

[[closing.resources]]
name = "Teléfono de la Esperanza"
contact = "717 003 717"
"""


@pytest.fixture
def spanish_agenda(tmp_path: Path) -> Path:
    """An agenda of a Spanish-speaking group (`[meeting] language = "es"`)."""
    path = tmp_path / "martes.toml"
    path.write_text(AGENDA, encoding="utf-8")
    return path


def screen_text(pilot: Pilot[Any]) -> str:
    """Every line the screen shows now, as text."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


async def showing(pilot: Pilot[Any], words: str) -> str:
    """The screen's text once it shows `words` (a palette lists its commands as they come,
    from workers: on a busy machine, a while after it opens)."""
    deadline = time.monotonic() + 10
    text = screen_text(pilot)
    while words not in text and time.monotonic() < deadline:
        await pilot.pause(0.05)
        text = screen_text(pilot)
    return text


def footer_text(pilot: Pilot[Any]) -> str:
    """The last line of the screen: the footer's keys."""
    return screen_text(pilot).rstrip("\n").splitlines()[-1]


async def test_the_ready_screen_and_its_footer_speak_spanish(
    spanish_agenda: Path, make_app: MakeApp, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, spanish_agenda)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert i18n.language() == "es"
        footer = footer_text(pilot)
        for word in ("Iniciar", "Siguiente", "Contar", "Recursos", "Sala", "Ayuda", "Salir"):
            assert word in footer
        for word in ("Start", "Next", "Tally", "Resources", "Help", "Leave"):
            assert word not in footer


async def test_the_help_speaks_spanish(
    spanish_agenda: Path, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, spanish_agenda)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        assert "Teclas" in text
        assert "inicia el reloj de la reunión" in text
        assert "paleta de comandos" in text
        assert "Escape cierra" in text
        assert "start the meeting clock" not in text


async def test_the_resources_speak_spanish(
    spanish_agenda: Path, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, spanish_agenda)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "r")
        assert isinstance(app.screen, ResourcesScreen)
        text = screen_text(pilot)
        assert "Recordatorio de cierre y recursos" in text
        assert "Escape cierra" in text
        assert "Escape closes" not in text


async def test_the_room_view_and_a_share_speak_spanish(
    spanish_agenda: Path, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, spanish_agenda)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "n", "space")
        clock.advance(60)
        await pilot.pause(0.3)
        footer = footer_text(pilot)
        assert "Terminar participación" in footer
        assert "End share" not in footer
        await press(pilot, "b")
        assert app.screen.has_class("-big")
        assert "Terminar participación" in footer_text(pilot)
        await press(pilot, "escape")
        assert not app.screen.has_class("-big")


async def test_the_end_and_the_closing_dialog_speak_spanish(
    spanish_agenda: Path, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, spanish_agenda)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "s", "e")
        assert isinstance(app.screen, ConfirmScreen)
        text = screen_text(pilot)
        assert "¿Terminar la reunión ahora?" in text
        assert "s sí · n o Escape no" in text
        await press(pilot, "y")
        for _unused in range(100):
            if isinstance(app.screen, ResourcesScreen):
                break
            await pilot.pause(0.01)
        assert isinstance(app.screen, ResourcesScreen)
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        text = screen_text(pilot)
        assert "La reunión terminó. Gracias por coordinar." in text
        assert "1-9 siguen contando · u deshace · Escape cierra · q sale" in text
        await press(pilot, "escape")
        assert isinstance(app.screen, MeetingScreen)


async def test_the_command_palette_speaks_spanish(
    spanish_agenda: Path, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    app = make_app(clock, spanish_agenda)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "ctrl+p")
        assert "Buscar comandos…" in await showing(pilot, "Buscar comandos…")
        # Each command found by a few of its own words, as a facilitator looks one up (the
        # list shown before anything is typed can be left hidden when it is slow to come).
        for typed, entry in (
            ("historial", "Historial"),
            ("paso", "Ir al paso 1: Bienvenida"),
            ("captura", "Captura de pantalla"),
        ):
            await press(pilot, *typed)
            assert entry in await showing(pilot, entry)
            await press(pilot, *["backspace"] * len(typed))
        # Textual's own commands too, each in the words of the app.
        await press(pilot, *"tema")
        assert "Cambiar el tema actual" in await showing(pilot, "Cambiar el tema actual")


@pytest.mark.parametrize("language", ["es", "en"])
async def test_a_search_that_finds_nothing_says_so_in_the_apps_language(
    language: str,
    spanish_agenda: Path,
    make_app: MakeApp,
    press: Press,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    nothing = {"es": "Sin coincidencias", "en": "No matches found"}[language]
    app = make_app(clock, spanish_agenda) if language == "es" else make_app(clock)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "ctrl+p")
        await press(pilot, *"zqxj")
        assert nothing in await showing(pilot, nothing)
        if language == "es":
            assert "No matches found" not in screen_text(pilot)
            await press(pilot, *["backspace"] * 4, *"tema")
            await showing(pilot, "Cambiar el tema actual")
            await press(pilot, "enter")  # Textual's list of themes, searched the same way
            await press(pilot, *"zqxj")
            assert nothing in await showing(pilot, nothing)


async def test_the_palettes_keys_open_the_screens_own_help_in_spanish(
    spanish_agenda: Path, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    from facilitator.screens.dialogs import HelpScreen

    app = make_app(clock, spanish_agenda)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "ctrl+p")
        await press(pilot, *"teclas")
        text = await showing(pilot, "Todas las teclas de esta pantalla")
        assert "Todas las teclas de esta pantalla y lo que hace cada una" in text
        await press(pilot, "enter")
        for _unused in range(100):
            if isinstance(app.screen, HelpScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, HelpScreen)
        assert "inicia el reloj de la reunión" in screen_text(pilot)


async def test_the_pickers_question_mark_and_footer_speak_spanish(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    i18n.use("es")
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        footer = footer_text(pilot)
        for word in ("Abrir", "Editar", "Historial", "Ayuda", "Salir"):
            assert word in footer, footer
        await press(pilot, "question_mark")
        text = await showing(pilot, "abre la agenda resaltada")
        assert "Teclas" in text and "esta ayuda" in text and "Escape cierra" in text


async def test_the_pickers_keys_from_the_palette_speak_spanish(
    make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    """A screen with no help of its own (the picker) lists its keys in Spanish, not in
    Textual's English keys panel."""
    i18n.use("es")  # before any agenda, the picker speaks the language asked for
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await press(pilot, "ctrl+p", *"teclas")
        await showing(pilot, "Todas las teclas de esta pantalla")
        await press(pilot, "enter")
        text = await showing(pilot, "abre la agenda resaltada")
        rows = ("abre la agenda", "edita la agenda", "reuniones pasadas", "esta ayuda", "sale de")
        for row in (*rows, "los comandos de esta pantalla"):
            assert row in text
        assert not app.screen.query("HelpPanel")
