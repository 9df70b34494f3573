"""The command line in Spanish: help, argparse's own words, validate, agendas, new, export and
the lines printed on leaving. Field paths, TOML keys, option names and metavars stay as
they are."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from facilitator.__main__ import EXIT_BAD_INPUT, EXIT_OK, main
from facilitator.agenda import Agenda, load_agenda
from facilitator.app import FacilitatorApp
from facilitator.cli.running import run
from facilitator.meeting.states import Status
from facilitator.words import i18n
from facilitator.words.goodbye import Outcome

from ..data import AGENDAS, TUESDAY

GOOD = '[meeting]\nname = "Martes"\n\n[[steps]]\ntitle = "Bienvenida"\nminutes = 5\n'
BAD = '[meeting]\nname = 5\n\n[[steps]]\ntitle = "Bienvenida"\nminutes = -5\n'
BAD_LINES = [
    "bad.toml: meeting.name: debe ser texto entre comillas (es 5)",
    "bad.toml: steps[0].minutes: debe ser mayor que 0 (es -5)",
]
# What the Spanish help may share with the English: the program, its commands, options,
# metavars, file and variable names, numbers, and words both languages spell alike.
KEPT = {
    "facilitator", "validate", "export", "new", "agendas", "edit", "sound-check",
    "-h", "--help", "--lang", "--share", "--lan", "--port", "--version", "--from", "--format",
    "--since", "--until", "--agenda", "-o", "--output", "--force",
    "CODE", "AGENDA", "N", "FILE", "OPTIONS", "NAME", "YYYY-MM-DD", "csv", "json", "{csv,json}",
    "CSV", "JSON", "TOML", "WAV", "FACILITATOR_DATA_DIR", "FACILITATOR_PLAYER",
    "open-discussion", "toml", "8765", "v", "0", "1", "2", "a", "no", "agenda", "error", "web",
    "editor",
}  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding good.toml and bad.toml."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "good.toml").write_text(GOOD, encoding="utf-8")
    (work / "bad.toml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(work)
    return work


def spanish(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`facilitator --lang es ARGS`: its exit code, standard output and standard error."""
    try:
        code = main(["--lang", "es", *args])
    except SystemExit as exited:  # argparse's help and its errors
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def words(text: str) -> set[str]:
    return {word.strip(".,:;()[]\"'") for word in text.split()} - {""}


def test_spanish_has_a_catalogue() -> None:
    assert i18n.catalogue("es") == "es"


@pytest.mark.parametrize(
    "command", [[], ["validate"], ["export"], ["new"], ["edit"], ["sound-check"]]
)
def test_help_is_spanish_but_for_names_options_and_metavars(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main([*command, "--help"])
    english = capsys.readouterr().out
    code, out, err = spanish(capsys, *command, "--help")
    assert code == EXIT_OK and err == ""
    assert out.startswith("uso: facilitator")
    assert "opciones:\n  -h, --help" in out
    assert "muestra este mensaje de ayuda y termina" in out
    shared = words(english) & words(out)
    assert shared <= KEPT, shared - KEPT


def test_help_in_spanish_says_every_line_of_the_usage_in_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = spanish(capsys, "--help")
    assert code == EXIT_OK
    usage = out.split("\n\n")[0].splitlines()
    assert usage[0] == "uso: facilitator [--lang CODE] [AGENDA] [--share] [--lan] [--port N]"
    # Under "uso: ", each command starts under the first "facilitator"; explanations in a column.
    assert all(line.startswith("     facilitator ") for line in usage[2:])
    assert usage[1].index("coordina") == usage[2].index("revisa") == 35
    assert "argumentos posicionales:\n  AGENDA      archivo o nombre de la agenda" in out
    assert "--version   muestra la versión del programa y termina" in out
    assert "--port N    el puerto de la página para la sala (por omisión 8765" in out


def test_the_environment_asks_for_spanish_too(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACILITATOR_LANG", "es")
    assert main(["validate", "good.toml", "bad.toml"]) == EXIT_BAD_INPUT
    out, err = capsys.readouterr()
    assert out.splitlines() == ["good.toml: correcta (Martes, 1 paso)"]
    assert err.splitlines() == BAD_LINES


def test_validate_in_spanish_keeps_the_field_paths(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "typo.toml").write_text(
        '[meeting]\nname = "M"\nminutes = "5"\nkind = "grop"\n[[steps]]\nminuts = 5\n',
        encoding="utf-8",
    )
    (folder / "syntax.toml").write_text('[meeting]\nname = "x\n', encoding="utf-8")
    code, out, err = spanish(capsys, "validate", "typo.toml", "syntax.toml", "nothere.toml")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err.splitlines()[:-2] == [
        'typo.toml: meeting.kind: debe ser uno de "group", "one-on-one" (es el texto "grop"); '
        '¿quisiste decir "group"?',
        'typo.toml: meeting.minutes: debe ser un número (es el texto "5")',
        "typo.toml: steps[0].title: falta una clave obligatoria; se esperaba: el título del paso",
        "typo.toml: steps[0].minutes: falta una clave obligatoria; "
        "se esperaba: duración prevista en minutos",
        'typo.toml: steps[0].minuts: clave desconocida; ¿quisiste decir "minutes"? '
        "(se permiten: kind, minutes, script, share_minutes, sound, title, warning_seconds)",
    ]
    syntax, missing = err.splitlines()[-2:]
    assert syntax.startswith("syntax.toml: línea 2, columna 10: error de sintaxis TOML: ")
    assert missing == "nothere.toml: no existe el archivo"


def test_validate_in_spanish_counts_steps_and_warns(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "long.toml").write_text(
        '[meeting]\nname = "Larga"\nminutes = 5\n[[steps]]\ntitle = "a"\nminutes = 10\n',
        encoding="utf-8",
    )
    bundled = AGENDAS / "open-discussion.toml"
    code, out, err = spanish(capsys, "validate", str(bundled), "long.toml")
    assert code == EXIT_OK
    steps = len(load_agenda(bundled).steps)
    assert out.splitlines() == [
        f"{bundled}: correcta (Open Discussion Meeting, {steps} pasos)",
        "long.toml: correcta (Larga, 1 paso)",
    ]
    assert err == (
        "aviso: long.toml: meeting.minutes: los pasos suman 10 minutos, más que los 5 de la "
        "reunión; la reunión se planifica para 5 minutos\n"
    )


def test_argparse_errors_are_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = spanish(capsys, "validate")
    assert code == EXIT_BAD_INPUT
    assert err == (
        "uso: facilitator validate [-h] FILE [FILE ...]\n"
        "facilitator validate: error: faltan estos argumentos obligatorios: FILE\n"
    )
    code, _out, err = spanish(capsys, "open-discussion", "--port", "99999")
    assert code == EXIT_BAD_INPUT
    assert err.endswith(
        "facilitator: error: argumento --port: '99999' no es un puerto: da un número de 1 a "
        "65535 (0: cualquier puerto libre)\n"
    )
    assert spanish(capsys, "export", "--format", "xml")[2] == (
        "facilitator export: argumento --format: opción no válida: 'xml' (elige entre 'csv', "
        "'json') (consulta facilitator export --help)\n"
    )
    assert spanish(capsys, "export", "--bogus")[2] == (
        "facilitator export: argumentos no reconocidos: --bogus "
        "(consulta facilitator export --help)\n"
    )
    assert spanish(capsys, "export", "--since")[2] == (
        "facilitator export: argumento --since: se esperaba un argumento "
        "(consulta facilitator export --help)\n"
    )


def test_a_language_that_is_no_code_is_said_in_the_environments_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACILITATOR_LANG", "es")
    assert main(["--lang", "not a code", "agendas"]) == EXIT_BAD_INPUT
    assert capsys.readouterr().err == (
        "facilitator: --lang 'not a code': da un código de idioma como es o es-MX\n"
    )


def test_agendas_lists_in_spanish(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = data_dir / "agendas"
    mine.mkdir(parents=True)
    (mine / "rota.toml").write_text("[meeting]\nname = 1\n", encoding="utf-8")
    code, out, err = spanish(capsys, "agendas")
    assert code == EXIT_OK and err == ""
    lines = out.splitlines()
    assert re.fullmatch(r"NOMBRE +TIPO +MINUTOS +PASOS +DÓNDE", lines[0])
    where = lines[0].index("DÓNDE")
    discussion = next(line for line in lines if line.startswith("Open Discussion Meeting"))
    assert re.search(r" grupo +60 +\d+ +incluida  ", discussion)
    assert discussion.index("incluida") == where
    check_in = next(line for line in lines if line.startswith("Peer Check-In"))
    assert " individual " in check_in
    broken = next(line for line in lines if line.startswith("rota "))
    assert re.search(r" no válida +- +- +tuya  ", broken)
    assert lines[lines.index(broken) + 1] == (
        f"  (2 problemas: facilitator validate {mine / 'rota.toml'})"
    )


def test_new_says_why_not_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = spanish(capsys, "new", "!!!")
    assert code == EXIT_BAD_INPUT
    assert err == (
        'facilitator new: "!!!" no tiene letras ni dígitos con los que formar un nombre de '
        "archivo; no se cambió nada\n"
    )
    code, out, _err = spanish(capsys, "new", "Martes")
    assert code == EXIT_OK
    made = out.strip()
    code, _out, err = spanish(capsys, "new", "Martes")
    assert code == EXIT_BAD_INPUT
    assert err == f"facilitator new: {made} ya existe; no se cambió nada\n"
    code, _out, err = spanish(capsys, "new", "Otra", "--from", "nothere")
    assert code == EXIT_BAD_INPUT
    assert err.startswith("nothere: no hay ningún archivo ni agenda con ese nombre (da un")


def test_export_errors_are_spanish(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert spanish(capsys, "export", "--since", "2026-13-01")[1:] == (
        "",
        "--since 2026-13-01: no es una fecha; da AAAA-MM-DD, p. ej. 2026-03-05\n",
    )
    assert spanish(capsys, "export", "--since", "2026-02-01", "--until", "2026-01-01")[2] == (
        "--since 2026-02-01 es posterior a --until 2026-01-01; da un --since igual o anterior "
        "a --until\n"
    )
    assert spanish(capsys, "export", "-o", str(tmp_path))[2] == (
        f"-o {tmp_path}: es una carpeta; da un nombre de archivo, como meetings.csv\n"
    )
    (tmp_path / "old.csv").write_text("x\n", encoding="utf-8")
    assert spanish(capsys, "export", "-o", str(tmp_path / "old.csv"))[2] == (
        f"-o {tmp_path / 'old.csv'}: ya existe; añade --force para reemplazarlo\n"
    )
    assert spanish(capsys, "export", "-o", str(tmp_path / "no" / "x.csv"))[2] == (
        f"-o {tmp_path / 'no' / 'x.csv'}: no existe la carpeta {tmp_path / 'no'}; da un "
        "archivo en una carpeta que exista\n"
    )
    code, out, err = spanish(capsys, "export")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err == (
        f"{data_dir / 'meetings.db'}: no existe el archivo: no se ha guardado ninguna reunión "
        "en esta carpeta de datos; no se exportó nada (FACILITATOR_DATA_DIR elige otra "
        "carpeta de datos)\n"
    )


def test_without_a_terminal_it_says_so_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = spanish(capsys, "open-discussion")
    assert code == EXIT_BAD_INPUT
    assert err == (
        "facilitator necesita una terminal para coordinar una reunión o editar una agenda; "
        "validate, export y agendas funcionan sin ella\n"
    )


@pytest.mark.parametrize(
    ("saved", "said"),
    [
        (True, "La reunión está guardada: abre facilitator de nuevo para retomarla."),
        (False, "No se pudo guardar la reunión."),
    ],
)
def test_leaving_a_running_meeting_is_said_in_spanish_with_the_closing(
    saved: bool,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    pretend_terminal: None,
) -> None:
    # An agenda without a reminder of its own closes with the app's, in the app's language.
    plain = tmp_path / "plain.toml"
    plain.write_text(
        TUESDAY.read_text(encoding="utf-8").replace("reminder =", "# reminder ="),
        encoding="utf-8",
    )
    agenda: Agenda = load_agenda(plain)
    monkeypatch.setattr(
        FacilitatorApp, "run", lambda app: Outcome(agenda, Status.RUNNING, saved=saved)
    )
    i18n.use("es")
    assert run(str(plain)) == EXIT_OK
    out = capsys.readouterr().out
    first, blank, closing = out.split("\n", 2)
    assert (first, blank) == (said, "")
    assert closing.startswith("El apoyo entre pares complementa el tratamiento profesional")
