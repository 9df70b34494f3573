"""The meeting's words in Spanish: the status line, the share timer, the room, undo, the past.

Each test speaks Spanish (`i18n.use("es")`); the autouse `english` fixture brings English
back after it.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from facilitator.agenda import Agenda, validate_agenda
from facilitator.meeting import time_box
from facilitator.meeting.engine import Meeting
from facilitator.meeting.states import NotNow, ShareState, ShareView, Undone, Urgency
from facilitator.records import history
from facilitator.records.report import StepReport, Summary
from facilitator.room.server import page_words_json
from facilitator.room.state import room_view_state
from facilitator.words import i18n
from facilitator.words import meeting as words
from facilitator.words import past as past_words
from facilitator.words import room as room_words
from facilitator.words.phrasing import Phrase

from ..support.clocks import ManualClock, ManualWall

WALL = datetime(2026, 11, 24, 19, 0, tzinfo=timezone(timedelta(hours=-5)))
ROUNDS = validate_agenda(
    {
        "meeting": {"name": "Martes"},
        "sharing": {"share_minutes": 3, "warning_seconds": 30},
        "attendance": [{"id": "new", "label": "Recién llegados"}],
        "steps": [
            {"title": "Apertura", "minutes": 5},
            {"title": "Ronda", "minutes": 30, "kind": "sharing"},
            {"title": "Cierre", "minutes": 5, "kind": "closing"},
        ],
    }
)


@pytest.fixture(autouse=True)
def spanish() -> None:
    assert i18n.use("es") is None


def text(phrase: Phrase) -> str:
    return "".join(run for run, _unused in phrase)


def share(remaining: float, urgency: Urgency, state: ShareState = ShareState.RUNNING) -> ShareView:
    return ShareView(3, state, 180, 180 - remaining, remaining, urgency, 0)


def meeting(clock: ManualClock, agenda: Agenda = ROUNDS) -> Meeting:
    return Meeting(agenda, clock=clock, wall=ManualWall(clock, WALL))


def test_the_status_line_in_each_state() -> None:
    ready = words.status_phrase("ready", 0, 0, 3600, "20:00", 180)
    assert ready[0] == ("LISTA", "state")
    assert text(ready) == "LISTA · previsto 1:00:00 · 3:00 de margen · terminaría 20:00 · s inicia"
    scheduled = words.status_phrase("ready", 0, 0, 3600, "20:10", 0, "19:10", 272)
    assert text(scheduled).startswith("LISTA · empieza 19:10 · en 4:32 · previsto 1:00:00")
    late = words.status_phrase("ready", 0, 0, 3600, "20:12", 0, "19:10", -130)
    assert text(late).startswith("LISTA · empieza 19:10 · 2:10 tarde · ")
    running = words.status_phrase("running", 750, 130, 3600, "20:05")
    assert text(running) == "12:30 transcurridos · 2:10 de retraso · termina 20:05"
    assert ("12:30", "strong") in running and ("2:10 de retraso", "behind") in running
    ahead = words.status_phrase("running", 750, -90, 3600, "19:55")
    assert ("1:30 de adelanto", "ahead") in ahead
    on_time = words.status_phrase("running", 750, 30, 3600, "19:55")
    assert ("a tiempo", "ok") in on_time
    ended = words.status_phrase("ended", 3490, 0, 3600, "19:58")
    assert ended[:3] == [("TERMINADA", "state"), (" tras ", ""), ("58:10", "strong")]
    assert text(ended) == "TERMINADA tras 58:10 · previsto 1:00:00 · terminó 19:58"
    assert words.late_start_words(200) == "empezó 3 min tarde"


def test_the_share_timer() -> None:
    idle = words.share_panel_phrases(None, 180, 2, 170, 4, 150)
    assert [text(line) for line in idle] == [
        "Ninguna participación en curso · space inicia la participación 3 (3:00)",
        "2 terminadas · promedio 2:50 · próxima 3:00",
        "4 en espera · 4 en la sala · sugerido 2:30 (a para aplicarlo)",
    ]
    assert ("2:30", "strong") in idle[2]
    warning = words.share_panel_phrases(share(20, Urgency.WARNING), 180, 2, None, 0, None)
    assert text(warning[0]) == "Participación 3  0:20 restantes de 3:00  AVISO"
    assert warning[0][0] == ("Participación 3", "strong")
    assert ("AVISO", "badge") in warning[0]
    added = ShareView(3, ShareState.PAUSED, 240, 250, -10, Urgency.TIME, 60)
    assert text(words.share_panel_phrases(added, 180, 2, None, 0, None)[0]) == (
        "Participación 3  +0:10 de más sobre 4:00  en pausa · TIEMPO · +1:00 añadido"
    )
    removed = ShareView(3, ShareState.RUNNING, 90, 30, 60, Urgency.OK, -90)
    assert text(words.share_panel_phrases(removed, 180, 0, None, 0, None)[0]) == (
        "Participación 3  1:00 restantes de 1:30  en curso · 1:30 quitado"
    )
    assert words.share_words(share(100, Urgency.OK)) == "en curso"
    assert words.share_words(share(100, Urgency.OK, ShareState.PAUSED)) == "en pausa"
    assert words.share_ended_words(4) == "La participación 4 terminó con el paso · u la recupera"


def test_a_one_on_ones_time_box() -> None:
    box = ShareView(0, ShareState.RUNNING, 720, 670, 50, Urgency.WARNING, 0)
    lines = [text(line) for line in words.time_box_phrases(box, 0)]
    assert lines == [
        "Tiempo del paso  0:50 restantes de 12:00  AVISO",
        "Un encuentro individual cronometra el paso entero · n avanza",
    ]
    assert text(words.time_box_phrases(None, 720)[0]) == "Tiempo del paso · 12:00 · s inicia"
    assert room_words.room_time_box_words(2, box) == "PASO 2 · AVISO · 0:50 RESTANTES"
    assert (
        time_box.one_on_one_words()
        == "Un encuentro individual cronometra el paso entero: n avanza."
    )


def test_the_step_pane_and_the_countdowns() -> None:
    assert words.step_heading(3, 8, "Ronda", "sharing") == "Paso 3 de 8 · Ronda · participaciones"
    assert words.step_heading(1, 8, "Apertura", "reading") == "Paso 1 de 8 · Apertura"
    assert words.step_time_words(0, 300, 300, started=False) == "previsto 5:00"
    assert words.step_time_words(70, 300, 230, started=True) == "1:10 de 5:00 · 3:50 restantes"
    assert words.step_time_words(320, 300, -20, started=True) == "5:20 de 5:00 · +0:20 DE MÁS"


@pytest.mark.parametrize(
    ("count", "shares", "steps"),
    [(1, "1 participación", "1 paso"), (2, "2 participaciones", "2 pasos")],
)
def test_plurals(count: int, shares: str, steps: str) -> None:
    assert words.shares_words(count) == shares
    assert (
        words.ended_words(1800, count) == f"30:00 en total · {shares} · r muestra recursos · q sale"
    )
    minutes = "minuto" if count == 1 else "minutos"
    assert words.start_moved_words(count) == f"La reunión cuenta desde hace {count} {minutes}"
    agenda = replace(ROUNDS, steps=ROUNDS.steps[:count])
    assert f" · {steps} · " in words.agenda_choice_words(agenda, bundled=True)


def test_the_agenda_picker() -> None:
    assert words.agenda_choice_words(ROUNDS, bundled=True) == (
        "Martes\n  grupo · 40 min · 3 pasos · incluida"
    )
    assert (
        words.invalid_choice_words("x.toml", bundled=False)
        == "x.toml · no válida, mira abajo · tuya"
    )
    assert words.minutes_total_words(55, 60) == (
        "los pasos suman 55 de 60 minutos previstos · 5 sin planear"
    )


def test_the_ended_meeting() -> None:
    assert words.ended_words(1800, None) == "30:00 en total · r muestra recursos · q sale"
    summary = words.ended_summary(3490, 3600, 7, [("Recién llegados", 2)])
    assert summary.splitlines() == [
        "La reunión duró **58:10** (previsto 1:00:00).",
        "",
        "- Participaciones: 7",
        "- Recién llegados: 2",
    ]
    assert words.ended_heading() == "Reunión terminada · gracias por coordinar"


def test_the_room_view() -> None:
    assert room_words.room_share_words(share(30, Urgency.OK)) == "PARTICIPACIÓN 3 · 0:30 RESTANTES"
    warning = room_words.room_share_words(share(20, Urgency.WARNING))
    assert warning == "PARTICIPACIÓN 3 · AVISO · 0:20 RESTANTES"
    assert room_words.room_share_words(share(0, Urgency.TIME)) == "PARTICIPACIÓN 3 · TIEMPO"
    assert room_words.room_share_words(share(-15, Urgency.TIME)) == "PARTICIPACIÓN 3 · +0:15 DE MÁS"
    paused = room_words.room_share_words(share(30, Urgency.OK, ShareState.PAUSED))
    assert paused == "PARTICIPACIÓN 3 · EN PAUSA · 0:30 RESTANTES"
    assert room_words.room_step_words(2, 180) == "PASO 2 · 3:00 RESTANTES"
    between = room_words.room_step_words(2, 620, between_shares=True)
    assert between == "PASO 2 · ENTRE PARTICIPACIONES · 10:20 RESTANTES"
    assert room_words.room_schedule_words(150, "20:05") == "2:30 de retraso · termina 20:05"
    assert room_words.room_schedule_words(-150, "20:05") == "2:30 de adelanto · termina 20:05"
    assert room_words.room_schedule_words(10, "20:05") == "a tiempo · termina 20:05"
    assert room_words.big_ready() == "LISTA"
    assert room_words.big_ready("19:05", 272) == "empieza 19:05 · en 4:32"
    assert room_words.big_ended() == "TERMINADA"
    assert room_words.room_page_words("http://x", everyone=False) == (
        "Página para la sala: http://x · solo este equipo · v la detiene"
    )
    assert room_words.room_page_stopped_words().startswith("La página para la sala está detenida")


def test_the_room_view_of_a_meeting(clock: ManualClock) -> None:
    ready = meeting(clock)
    assert room_view_state(ready).state == "LISTA"
    ready.start()
    ready.goto(1)
    ready.toggle_share()
    clock.advance(160)
    assert room_view_state(ready).state == "PARTICIPACIÓN 1 · AVISO · 0:20 RESTANTES"


def test_the_room_pages_words_are_sent_in_spanish() -> None:
    sent = json.loads(page_words_json())
    assert sent["share"] == "PARTICIPACIÓN {number}"
    assert sent["connection_lost"] == "Conexión perdida · reintentando"
    sound = (sent["sound_is_off"], sent["sound_is_on"])
    assert sound == ("Sonido desactivado · activar", "Sonido activado · desactivar")
    assert (sent["ready"], sent["ended"], sent["resources"]) == ("LISTA", "TERMINADA", "Recursos")
    assert (sent["language"], sent["meeting"], sent["separator"]) == ("es", "Reunión", " · ")
    assert room_words.room_words()["step_of"] == "Paso {number} de {count}"
    assert room_words.room_words().get("left") == "{time} RESTANTES"
    assert sent.pop("clock") == "24"  # how Spain's clocks read: 19:05
    # The queue's counts, as the meeting screen says them, of one and of more.
    waiting = {key: sent.pop(key) for key in list(sent) if key.startswith("waiting_")}
    assert waiting["waiting_other"] == "{count} en espera"
    assert waiting["waiting_room_one"] == "{count} en la sala"
    assert waiting["waiting_online_other"] == "{count} en línea"
    assert all(re.findall(r"\{\w+\}", value) == ["{count}"] for value in waiting.values())
    # Every field the page fills stays as the page names it.
    for key, value in sent.items():
        assert re.findall(r"\{\w+\}", value) == re.findall(r"\{\w+\}", room_words.ROOM_WORDS[key])


def test_undo_words(clock: ManualClock) -> None:
    run = meeting(clock)
    run.start()
    run.goto(1)
    for _unused in range(3):
        run.toggle_share()
        clock.advance(60)
        run.end_share()

    def label(key: str) -> str:
        return "Recién llegados" if key == "new" else key

    assert words.undone_words(run.undo(), label) == "Deshecho: fin de la participación 3"
    run.tally(0)
    assert words.undone_words(run.undo(), label) == "Deshecho: Recién llegados +1"
    run.goto(2)
    assert words.undone_words(run.undo(), label) == (
        "Deshecho: cambio al paso 3 · de vuelta en el paso 2 · la participación 3 sigue"
    )
    event = run.events[0]
    assert words.undone_words(Undone(event, 0), label) == "Deshecho: inicio de la reunión"


def test_what_the_engine_says_cannot_be_done_now(clock: ManualClock) -> None:
    ready = meeting(clock)
    with pytest.raises(NotNow, match="^No hay nada que deshacer.$"):
        ready.undo()
    with pytest.raises(NotNow, match="^La reunión no ha empezado: pulsa s para iniciarla.$"):
        ready.end()
    ready.start()
    with pytest.raises(NotNow, match="^La reunión ya está en curso.$"):
        ready.start()
    with pytest.raises(NotNow, match="^Este es el primer paso.$"):
        ready.previous_step()
    with pytest.raises(NotNow, match="^No hay paso 9.$"):
        ready.goto(8)
    with pytest.raises(NotNow, match="^No hay ninguna participación en curso.$"):
        ready.end_share()
    with pytest.raises(NotNow, match="^No hay categoría de asistencia 5.$"):
        ready.tally(4)


def test_past_meetings() -> None:
    assert past_words.length_words(1390, 1200, unfinished=False) == (
        "duró 23:10 de 20:00 previstos, 3:10 de más"
    )
    assert past_words.length_words(0, 1200, unfinished=True) == (
        "sin terminar, nada registrado tras su inicio, 20:00 previstos"
    )
    assert past_words.length_words(190, 1200, unfinished=True) == (
        "sin terminar, registrada hasta 3:10 de 20:00 previstos"
    )
    assert past_words.step_difference(300, 0) == ("no se hizo", False)
    assert past_words.step_difference(300, 430) == ("+2:10 de más", True)
    assert past_words.step_difference(300, 235) == ("1:05 de menos", False)
    assert past_words.started_words(WALL) == "mar 2026-11-24 19:00"
    assert past_words.day_and_time(WALL) == "mar 24 nov 2026 19:00"
    later = WALL + timedelta(minutes=12, seconds=5)
    assert (
        past_words.opened_words(WALL, True, later)
        == "empezó a las 19:00 el mar 24 nov, hace 12 minutos"
    )
    moments = [WALL + timedelta(seconds=seconds) for seconds in (37, 61, 3 * 3600 + 300)]
    assert [past_words.changed_words(WALL, moment) for moment in moments] == [
        "último cambio a las 19:00 el mar 24 nov, hace 37 segundos",
        "último cambio a las 19:00 el mar 24 nov, hace 1 minuto",
        "último cambio a las 19:00 el mar 24 nov, hace 3 h 05 min",
    ]
    assert words.ago_words(85 * 3600) == "hace 3 días"
    assert past_words.gap_words(3600) == "1 hora"
    assert past_words.gap_words(85 * 3600) == "85 horas"
    assert past_words.attendance_words(["Asistentes"], [8, 14, 12]) == (
        "Asistencia (Asistentes) en las últimas 3 reuniones: mínimo 8 · máximo 14 · última 12"
    )
    changes = [("Recién llegados", 1, 2)]
    assert past_words.corrected_words(changes) == "Corregido: Recién llegados 1 → 2"
    assert past_words.correction_line(WALL, WALL, changes) == (
        "Conteos corregidos 19:00: Recién llegados 1 → 2"
    )
    assert past_words.not_corrected_words("Martes", "elsewhere") == (
        "Martes está en curso en otra ventana: corrígela allí."
    )


def test_the_timing_report_and_the_history_table() -> None:
    assert history.column_labels() == (
        "Inicio",
        "Previsto",
        "Real",
        "Participaciones",
        "Asistencia",
        "Reunión",
    )
    assert history.COLUMNS[4] == "Attendance"  # the English names stay the columns' keys
    step = StepReport("Ronda", "sharing", 1800, 1930, 9, 200.0, 260.0, 60.0)
    line = history.step_line(2, step)
    assert (line.step, line.kind, line.difference, line.added) == (
        "2 Ronda",
        "participaciones",
        "+2:10 de más",
        "+1:00",
    )
    summary = Summary(1800, 1930, 9, {}, (step,))
    assert history.total_line(summary).step == "Total"
