"""The app's language: which one is chosen, its catalogue, its clock, and the catalogues kept
complete and compiled."""

from __future__ import annotations

import importlib.util
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest

from facilitator.__main__ import main
from facilitator.agenda import DEFAULT_REMINDER, parse_agenda
from facilitator.words import i18n
from facilitator.words.meeting import clock_time
from facilitator.words.twelve_hour import TWELVE_HOUR

ROOT = Path(__file__).resolve().parents[2]
EVENING = datetime(2026, 12, 1, 19, 5)
MORNING = datetime(2026, 12, 1, 0, 30)
STEP = b'[[steps]]\ntitle = "Welcome"\nminutes = 5\n'


def script(name: str) -> ModuleType:
    """One of the project's scripts, as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("given", "tag"),
    [("es", "es"), ("es_MX.UTF-8", "es-MX"), ("ES-mx", "es-MX"), ("pt_BR@euro", "pt-BR")],
)
def test_codes_read_as_language_tags(given: str, tag: str) -> None:
    assert i18n.tag(given) == tag
    assert i18n.is_code(tag)


def test_the_language_is_asked_then_the_agendas_then_the_environments() -> None:
    environ = {"FACILITATOR_LANG": "de", "LANG": "fr_FR.UTF-8"}
    assert i18n.choose("es-MX", "pt", environ) == "es-MX"
    assert i18n.choose(None, "pt", environ) == "pt"
    assert i18n.choose(None, None, environ) == "de"
    assert i18n.choose(None, None, {"LANG": "fr_FR.UTF-8"}) == "fr-FR"
    assert i18n.choose(None, None, {"LC_ALL": "es_ES.UTF-8", "LANG": "fr_FR"}) == "es-ES"
    assert i18n.choose(None, None, {"LC_MESSAGES": "es_AR.UTF-8"}) == "es-AR"
    assert i18n.choose(None, None, {"LANG": "C.UTF-8"}) == "en"
    assert i18n.choose(None, None, {}) == "en"


def test_a_language_is_spoken_by_its_catalogue_or_its_languages() -> None:
    assert i18n.catalogue("es") == "es"
    assert i18n.catalogue("es-MX") == "es"  # Spanish speaks for Mexico's Spanish
    assert i18n.catalogue("en") is None  # English is the source: no catalogue
    assert "es" in i18n.available()
    assert i18n.use("es-MX") is None
    assert i18n.language() == "es-MX"
    assert i18n._("palette") == "paleta"


def test_a_language_without_a_catalogue_is_english_with_one_line() -> None:
    notice = i18n.use("xx-YY")
    assert notice == "facilitator has no words in 'xx-YY' yet: it speaks English."
    assert i18n.language() == "en"
    assert i18n._("palette") == "palette"
    assert i18n.use("en-GB") is None  # English, which needs no catalogue


def test_times_of_day_follow_the_language_and_region() -> None:
    assert (clock_time(EVENING), clock_time(MORNING)) == ("19:05", "00:30")
    i18n.use("en-US")
    assert (clock_time(EVENING), clock_time(MORNING)) == ("7:05 PM", "12:30 AM")
    i18n.use("es-MX")
    assert clock_time(EVENING) == "7:05 p. m."
    i18n.use("es-ES")
    assert clock_time(EVENING) == "19:05"
    i18n.use("en-GB")
    assert clock_time(EVENING) == "19:05"


def test_the_twelve_hour_regions_are_cldrs() -> None:
    assert script("twelve_hour").twelve_hour_tags() == sorted(TWELVE_HOUR)
    assert {"en-US", "es-MX", "es-US"} <= TWELVE_HOUR
    assert not {"en-GB", "es-ES", "fr-CA", "fr-FR"} & TWELVE_HOUR


def test_every_word_has_its_translation_and_every_catalogue_is_compiled() -> None:
    """A word marked in the code and missing from a catalogue, fuzzy, untranslated, gone from
    the code, or a .mo older than its .po: each is one line here."""
    assert script("catalogues").problems() == []


def test_an_agenda_without_a_reminder_gets_the_default_in_its_own_language() -> None:
    spanish = parse_agenda(
        b'[meeting]\nname = "Martes"\nlanguage = "es-MX"\n' + STEP, "martes.toml"
    )
    assert spanish.closing.reminder.startswith("El apoyo entre pares complementa")
    english = parse_agenda(b'[meeting]\nname = "Tuesday"\n' + STEP, "tuesday.toml")
    assert english.closing.reminder == DEFAULT_REMINDER
    written = parse_agenda(
        '[meeting]\nname = "M"\nlanguage = "es"\n[closing]\nreminder = "Cuídense."\n'.encode()
        + STEP,
        "m.toml",
    )
    assert written.closing.reminder == "Cuídense."


def test_an_agenda_language_must_be_a_code() -> None:
    from facilitator.agenda import AgendaError

    with pytest.raises(
        AgendaError, match=r'meeting.language: must be a language code such as "es"'
    ):
        parse_agenda(b'[meeting]\nname = "M"\nlanguage = "Spanish!"\n', "m.toml")


def test_lang_is_a_global_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "es", "agendas"]) == 0
    assert i18n.language() == "es"
    assert main(["agendas", "--lang=en"]) == 0
    assert i18n.language() == "en"
    assert main(["--lang", "not a code", "agendas"]) == 2
    assert capsys.readouterr().err.endswith(
        "facilitator: --lang 'not a code': give a language code such as es or es-MX\n"
    )
    assert main(["--lang", "xx", "agendas"]) == 0
    assert "facilitator has no words in 'xx' yet: it speaks English." in capsys.readouterr().err


def test_the_agendas_in_the_language_spoken_come_first() -> None:
    from facilitator.library.agendas import list_agendas

    def languages() -> list[str]:
        return [
            (entry.agenda.meeting.language or "en") if entry.agenda else "?"
            for entry in list_agendas()
        ]

    english = languages()
    assert english[0] == "en" and english[-1] == "es"
    assert list_agendas()[0].file.stem == "open-discussion"  # the picker preselects it
    i18n.use("es-MX")
    spanish = languages()
    assert spanish[0] == "es" and spanish[-1] == "en"
    assert sorted(spanish) == sorted(english)


def test_one_english_word_with_two_meanings_is_two_words_in_spanish() -> None:
    i18n.use("es")
    assert i18n._("Start") == "Iniciar"  # the key that starts the meeting
    assert i18n.pgettext("the meeting's scheduled time of day", "Start") == "Hora de inicio"
