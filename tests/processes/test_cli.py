"""The command line: `facilitator validate FILE...`, `facilitator AGENDA`, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from facilitator import __version__
from facilitator.__main__ import EXIT_BAD_INPUT, EXIT_OK, main, validate
from facilitator.agenda import AgendaError, load_agenda
from facilitator.room.sound import wav_bytes
from facilitator.room.state import RoomPageOptions
from facilitator.system.paths import bundled_agendas_dir, resolve_agenda

from ..data import AGENDAS
from ..support.players import FakePlayer, fake_player

BUNDLED = sorted(AGENDAS.glob("*.toml"))
GOOD = '[meeting]\nname = "Tuesday"\n\n[[steps]]\ntitle = "Welcome"\nminutes = 5\n'
BAD = '[meeting]\nname = 5\n\n[[steps]]\ntitle = "Welcome"\nminutes = -5\n'
BAD_LINES = [
    "bad.toml: meeting.name: must be text in quotes (got 5)",
    "bad.toml: steps[0].minutes: must be greater than 0 (got -5)",
]


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory holding good.toml and bad.toml."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "good.toml").write_text(GOOD, encoding="utf-8")
    (work / "bad.toml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(work)
    return work


class FakeApp:
    """Stands in for the app `build_app` makes: records what the CLI would have shown."""

    started: list[tuple[Any, Any]] = []
    options_seen: list[dict[str, Any]] = []

    def __init__(self, agenda: Any, path: Any, **options: Any) -> None:
        self.agenda = agenda
        self.path = path
        self.options = options
        self.store = None
        self.return_code: int | None = None

    def run(self) -> None:
        FakeApp.started.append((self.agenda, self.path))
        FakeApp.options_seen.append(self.options)


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch, pretend_terminal: None) -> list[tuple[Any, Any]]:
    """Replace the Textual app, so a test can tell whether the UI would have started."""
    module = types.ModuleType("facilitator.app")
    module.build_app = FakeApp  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "facilitator.app", module)
    FakeApp.started = []
    FakeApp.options_seen = []
    return FakeApp.started


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def run_process(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        cwd=cwd,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


# --------------------------------------------------------------------------- validate


def test_validate_all_valid_prints_ok_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "validate", *map(str, BUNDLED))
    assert code == EXIT_OK
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == len(BUNDLED) > 0
    for line, path in zip(lines, BUNDLED, strict=True):
        agenda = load_agenda(path)
        assert line == f"{path}: ok ({agenda.meeting.name}, {len(agenda.steps)} steps)"


def test_validate_bad_file_prints_problems_and_exits_2(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "validate", "bad.toml")
    assert code == EXIT_BAD_INPUT == 2
    assert out == ""
    assert err.splitlines() == BAD_LINES


def test_validate_mixed_files_exit_2_and_still_report_the_good_one(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "validate", "good.toml", "bad.toml", "missing.toml")
    assert code == EXIT_BAD_INPUT
    assert out.splitlines() == ["good.toml: ok (Tuesday, 1 step)"]
    assert err.splitlines() == [*BAD_LINES, "missing.toml: no such file"]


def test_validate_prints_each_problem_as_load_agenda_reports_it(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "typo.toml").write_text(GOOD + "minuts = 5\n", encoding="utf-8")
    with pytest.raises(AgendaError) as caught:
        load_agenda(folder / "typo.toml", "typo.toml")
    code, _, err = run_cli(capsys, "validate", "typo.toml")
    assert code == EXIT_BAD_INPUT
    assert err == str(caught.value) + "\n"
    assert 'steps[0].minuts: unknown key; did you mean "minutes"?' in err


def test_validate_folder_and_syntax_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "syntax.toml").write_text('[meeting]\nname = "x\n', encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(folder), "syntax.toml")
    assert code == EXIT_BAD_INPUT
    first, second = err.splitlines()
    assert first == f"{folder}: is a folder, not an agenda file (.toml)"
    assert second.startswith("syntax.toml: line 2, column 10: TOML syntax error: ")


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "FILE" in err and "Traceback" not in err


# --------------------------------------------------------------------------- version, help


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"facilitator {__version__}"


def test_help_mentions_validate(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "facilitator validate FILE..." in out
    assert "FACILITATOR_DATA_DIR" in out


# --------------------------------------------------------------------------- running an agenda


def test_unknown_agenda_name_exits_2_with_one_line(
    folder: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "nonexistent-agenda")
    assert code == EXIT_BAD_INPUT
    assert out == ""
    assert err.splitlines() == [
        "nonexistent-agenda: no such file or agenda name (give a .toml file, a name such as "
        "open-discussion, or a meeting's name as facilitator agendas lists it)"
    ]
    assert fake_app == []


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("open-discusion", "open-discussion"),
        ("open-discussion.tom", "open-discussion"),
        ("open discusion meeting", "Open Discussion Meeting"),
    ],
)
def test_a_mistyped_agenda_name_gets_a_did_you_mean(
    folder: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str], typed: str, meant: str
) -> None:
    code, out, err = run_cli(capsys, typed)
    assert (code, out, fake_app) == (EXIT_BAD_INPUT, "", [])
    assert err.splitlines() == [f'{typed}: no such file or agenda name; did you mean "{meant}"?']


def test_bad_agenda_exits_2_with_validate_messages_and_no_ui(
    folder: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "bad.toml")
    assert code == EXIT_BAD_INPUT
    assert fake_app == []
    _, _, validate_err = run_cli(capsys, "validate", "bad.toml")
    assert err == validate_err
    assert err.splitlines() == BAD_LINES


def test_agenda_name_too_long_for_the_file_system(
    folder: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    name = "a" * 5000
    code, _, err = run_cli(capsys, name)
    assert code == EXIT_BAD_INPUT
    assert fake_app == []
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{name}: cannot be opened: ")


def test_good_agenda_file_starts_the_app_with_it(
    folder: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "good.toml")
    assert (code, err) == (EXIT_OK, "")
    [(agenda, path)] = fake_app
    assert agenda.meeting.name == "Tuesday"
    assert path == Path("good.toml")


def test_bare_name_starts_the_bundled_agenda(
    folder: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(capsys, "open-discussion")
    assert (code, err) == (EXIT_OK, "")
    [(agenda, path)] = fake_app
    assert path == bundled_agendas_dir() / "open-discussion.toml"
    assert agenda == load_agenda(path)


# --------------------------------------------------------------------------- resolve_agenda


def test_bundled_dir_holds_the_agendas() -> None:
    assert sorted(bundled_agendas_dir().glob("*.toml")) == BUNDLED


@pytest.mark.parametrize("name", ["open-discussion", "open-discussion.toml"])
def test_bare_name_resolves_to_bundled_file(folder: Path, name: str) -> None:
    assert resolve_agenda(name) == bundled_agendas_dir() / "open-discussion.toml"


def test_existing_file_wins_over_a_name(folder: Path) -> None:
    (folder / "open-discussion.toml").write_text(GOOD, encoding="utf-8")
    assert resolve_agenda("open-discussion.toml") == Path("open-discussion.toml")


def test_unknown_name_resolves_to_nothing(folder: Path) -> None:
    assert resolve_agenda("nonexistent-agenda") is None


def test_user_agenda_wins_over_bundled_one(
    folder: Path, data_dir: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    mine = data_dir / "agendas" / "open-discussion.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text(GOOD, encoding="utf-8")
    assert resolve_agenda("open-discussion") == mine

    code, _, _ = run_cli(capsys, "open-discussion")
    assert code == EXIT_OK
    [(agenda, path)] = fake_app
    assert (path, agenda.meeting.name) == (mine, "Tuesday")


@pytest.mark.parametrize(
    "name",
    ["Peer Check-In", "peer check-in", "  PEER CHECK-IN ", "peer-check-in", "peer-check-in.toml"],
)
def test_an_agenda_opens_by_its_meeting_name_or_its_file_name(
    folder: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, _, err = run_cli(capsys, name)
    assert (code, err) == (EXIT_OK, "")
    [(agenda, path)] = fake_app
    assert path == bundled_agendas_dir() / "peer-check-in.toml"
    assert agenda.meeting.name == "Peer Check-In"


def test_every_name_agendas_lists_opens_its_agenda(
    folder: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(capsys, "agendas")[0] == EXIT_OK
    names = {load_agenda(path).meeting.name: path for path in BUNDLED}
    for name, path in names.items():
        assert run_cli(capsys, name)[:2] == (EXIT_OK, "")
        assert fake_app.pop()[1] == bundled_agendas_dir() / path.name


def test_your_agenda_of_a_meeting_name_wins_over_a_bundled_one(
    folder: Path, data_dir: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    mine = data_dir / "agendas" / "my-check-in.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text(GOOD.replace("Tuesday", "Peer Check-In"), encoding="utf-8")
    assert run_cli(capsys, "peer check-in")[0] == EXIT_OK
    assert fake_app == [(load_agenda(mine), mine)]


def test_a_meeting_name_two_agendas_share_is_refused_naming_their_files(
    folder: Path, data_dir: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    agendas = data_dir / "agendas"
    agendas.mkdir(parents=True)
    for stem in ("tuesday-b", "tuesday\x1b[31m"):
        (agendas / f"{stem}.toml").write_text(GOOD, encoding="utf-8")
    code, out, err = run_cli(capsys, "TUESDAY")
    assert (code, out, fake_app) == (EXIT_BAD_INPUT, "", [])
    assert err.splitlines() == [
        "TUESDAY: 2 agendas have this meeting name (tuesday\\x1b[31m.toml, tuesday-b.toml); "
        "give a file name"
    ]
    assert "\x1b" not in err


def test_a_meeting_name_is_told_apart_from_a_file_name(
    folder: Path, data_dir: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    # A file name is looked for first: "Tuesday" opens tuesday.toml, not another "Tuesday".
    agendas = data_dir / "agendas"
    agendas.mkdir(parents=True)
    (agendas / "Tuesday.toml").write_text(GOOD.replace("Tuesday", "Wednesday"), encoding="utf-8")
    (agendas / "other.toml").write_text(GOOD, encoding="utf-8")
    assert run_cli(capsys, "Tuesday")[0] == EXIT_OK
    assert fake_app == [(load_agenda(agendas / "Tuesday.toml"), agendas / "Tuesday.toml")]


def test_bad_user_agenda_is_reported_by_its_full_path(
    folder: Path, data_dir: Path, fake_app: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    mine = data_dir / "agendas" / "tuesday.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text(BAD, encoding="utf-8")
    code, _, err = run_cli(capsys, "tuesday")
    assert code == EXIT_BAD_INPUT
    assert fake_app == []
    assert err.splitlines() == [line.replace("bad.toml", str(mine)) for line in BAD_LINES]


# --------------------------------------------------------------------------- real processes


def test_process_validate_bundled_agendas(folder: Path) -> None:
    result = run_process("validate", *map(str, BUNDLED), cwd=folder)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert [line.split(": ok (")[0] for line in result.stdout.splitlines()] == list(
        map(str, BUNDLED)
    )


def test_process_validate_mixed(folder: Path) -> None:
    result = run_process("validate", "good.toml", "bad.toml", cwd=folder)
    assert result.returncode == 2
    assert result.stdout.splitlines() == ["good.toml: ok (Tuesday, 1 step)"]
    assert result.stderr.splitlines() == BAD_LINES


def test_process_bad_agenda_does_not_start_the_ui(folder: Path) -> None:
    result = run_process("bad.toml", cwd=folder)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == BAD_LINES


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file names must be UTF-8")
def test_process_file_name_that_is_not_utf8(folder: Path) -> None:
    name = os.fsdecode(b"caf\xe9.toml")
    (folder / name).write_text(GOOD, encoding="utf-8")
    result = run_process("validate", name, cwd=folder, PYTHONIOENCODING="utf-8")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "caf\\udce9.toml: ok (Tuesday, 1 step)\n"


def test_process_accented_output_on_an_ascii_terminal(folder: Path) -> None:
    (folder / "cafe.toml").write_text(GOOD.replace("Tuesday", "Café"), encoding="utf-8")
    result = run_process("validate", "cafe.toml", cwd=folder, PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "cafe.toml: ok (Caf\\xe9, 1 step)\n"


# --------------------------------------------------------------------------- new, agendas, edit


def test_new_creates_an_agenda_of_ones_own_from_a_template(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run_cli(capsys, "new", "Holiday Meeting", "--from", "peer-check-in")
    assert code == EXIT_OK, err
    path = Path(out.strip())
    assert path == data_dir / "agendas" / "holiday-meeting.toml"
    agenda = load_agenda(path)
    template = load_agenda(bundled_agendas_dir() / "peer-check-in.toml")
    assert agenda.meeting.name == "Holiday Meeting"
    assert agenda.steps == template.steps
    assert agenda.meeting.kind == "one-on-one"


def test_new_keeps_the_templates_guiding_comments(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    code, out, err = run_cli(capsys, "new", "Holiday Meeting")
    assert code == EXIT_OK, err
    written = Path(out.strip()).read_text(encoding="utf-8")
    template = (bundled_agendas_dir() / "open-discussion.toml").read_text(encoding="utf-8")
    assert written == template.replace(
        'name = "Open Discussion Meeting"', 'name = "Holiday Meeting"', 1
    )


def test_new_refuses_to_replace_an_agenda_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    assert run_cli(capsys, "new", "Holiday Meeting")[0] == EXIT_OK
    path = data_dir / "agendas" / "holiday-meeting.toml"
    before = path.read_bytes()
    code, out, err = run_cli(capsys, "new", "Holiday meeting!")
    assert code == EXIT_BAD_INPUT
    assert "already exists" in err and err.count("\n") == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("args", [["new", "!!!"], ["new", "X", "--from", "no-such-agenda"]])
def test_new_with_a_bad_name_or_template_exits_2(
    capsys: pytest.CaptureFixture[str], data_dir: Path, args: list[str]
) -> None:
    code, out, err = run_cli(capsys, *args)
    assert code == EXIT_BAD_INPUT
    assert out == "" and err.count("\n") == 1
    assert not (data_dir / "agendas").exists() or not any((data_dir / "agendas").iterdir())


def test_agendas_lists_bundled_and_own_with_their_problems(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    run_cli(capsys, "new", "Holiday Meeting")
    (data_dir / "agendas" / "broken.toml").write_text("[meeting]\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "agendas")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "KIND", "MINUTES", "STEPS", "WHERE"]
    open_discussion = next(line for line in lines if line.startswith("Open Discussion Meeting"))
    assert open_discussion.split()[3:6] == ["group", "60", "8"]
    assert "bundled" in open_discussion
    holiday = next(line for line in lines if line.startswith("Holiday Meeting"))
    assert "yours" in holiday and str(data_dir / "agendas" / "holiday-meeting.toml") in holiday
    assert any(line.startswith("broken") and "invalid" in line for line in lines)
    assert any("facilitator validate" in line and "broken.toml" in line for line in lines)


def test_agendas_lists_your_agenda_in_place_of_the_bundled_one_of_its_file_name(
    capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    mine = data_dir / "agendas" / "peer-check-in.toml"
    mine.parent.mkdir(parents=True)
    mine.write_text(GOOD, encoding="utf-8")
    _, out, _ = run_cli(capsys, "agendas")
    rows = [line for line in out.splitlines() if "peer-check-in.toml" in line]
    assert len(rows) == 1
    assert rows[0].startswith("Tuesday") and f"yours  {mine}" in rows[0]
    assert len(out.splitlines()) == 1 + len(BUNDLED)


def test_edit_opens_the_editor_even_on_an_agenda_with_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fake_app: list[tuple[Any, Any]]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[meeting]\nname = "X"\n', encoding="utf-8")
    code, out, err = run_cli(capsys, "edit", str(bad))
    assert code == EXIT_OK, err
    assert fake_app == [(None, bad)]
    assert FakeApp.options_seen[0]["edit"] == bad


def test_edit_of_a_missing_agenda_exits_2(
    capsys: pytest.CaptureFixture[str], fake_app: list[tuple[Any, Any]]
) -> None:
    code, out, err = run_cli(capsys, "edit", "no-such-agenda")
    assert code == EXIT_BAD_INPUT
    assert fake_app == []
    assert "no such file or agenda name" in err


# --------------------------------------------------------------------------- the room page


def test_share_lan_and_port_reach_the_app(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given: dict[str, Any] = {}

    def run(agenda: str | None, edit: bool = False, room_page: Any = None) -> int:
        given.update(agenda=agenda, room_page=room_page)
        return EXIT_OK

    monkeypatch.setattr("facilitator.__main__.run", run)
    assert main(["good.toml", "--share", "--lan", "--port", "9000"]) == EXIT_OK
    assert given["agenda"] == "good.toml"
    assert given["room_page"] == RoomPageOptions(start=True, everyone=True, port=9000)
    assert main(["good.toml"]) == EXIT_OK
    assert given["room_page"] == RoomPageOptions(start=False, everyone=False, port=8765)


@pytest.mark.parametrize("port", ["http", "-1", "65536", "80.5", ""])
def test_a_port_that_is_no_port_exits_2_saying_what_is_allowed(
    port: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["open-discussion", "--port", port])
    assert exited.value.code == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "--port" in err and "a number from 1 to 65535" in err
    assert "Traceback" not in err


def test_help_names_the_room_page_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--share" in out and "--lan" in out and "--port N" in out


# --------------------------------------------------------------------------- sound-check


def test_sound_check_plays_the_time_up_tones_and_says_with_what(
    recording_player: FakePlayer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sound-check"]) == EXIT_OK
    assert capsys.readouterr().out == f"Played the time-up tones with {recording_player.command}.\n"
    (played,) = recording_player.played()
    assert played.name.startswith("time-") and played.read_bytes() == wav_bytes("time")


def test_sound_check_says_why_a_player_failed_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    failing = fake_player(tmp_path / "failing", exit_code=4)
    monkeypatch.setenv("FACILITATOR_PLAYER", failing.command)
    assert main(["sound-check"]) == 1
    assert capsys.readouterr().err == f"Sound check failed: {failing.command} failed (exit 4)\n"


def test_sound_check_with_no_player_anywhere_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("FACILITATOR_PLAYER")
    monkeypatch.setenv("PATH", str(tmp_path))  # no pw-play, paplay or aplay on it
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["sound-check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("No sound player found (pw-play, paplay or aplay on Linux")
    assert err.count("\n") == 1 and "FACILITATOR_PLAYER" in err


def test_sound_check_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sound-check", "--help"])
    assert exited.value.code == 0
    assert "FACILITATOR_PLAYER" in capsys.readouterr().out


def test_validate_warns_when_the_steps_overfill_the_meeting(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    overfull = GOOD.replace('name = "Tuesday"', 'name = "Tuesday"\nminutes = 4')
    (folder / "overfull.toml").write_text(overfull, encoding="utf-8")
    assert validate(["overfull.toml", "good.toml"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "overfull.toml: ok (Tuesday, 1 step)",
        "good.toml: ok (Tuesday, 1 step)",
    ]
    assert err.splitlines() == [
        "warning: overfull.toml: meeting.minutes: the steps add up to 5 minutes, more than "
        "the meeting's 4; the meeting is planned as 4 minutes"
    ]


def test_validate_warns_of_a_closing_step_before_the_end(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = "".join(
        f'\n[[steps]]\ntitle = "{title}"\nkind = "{kind}"\nminutes = 2\n'
        for title, kind in [
            ("Welcome", "reading"),
            ("Close", "closing"),
            ("Shares", "sharing"),
            ("Again", "closing"),
            ("Tea", "break"),
            ("Last words", "closing"),
        ]
    )
    (folder / "early.toml").write_text('[meeting]\nname = "Early"\n' + steps, encoding="utf-8")
    assert validate(["early.toml"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out.splitlines() == ["early.toml: ok (Early, 6 steps)"]
    assert err.splitlines() == [
        'warning: early.toml: steps[1].kind: a "closing" step with 4 steps after it; '
        "the close is usually last (move it, or give it another kind)",
        'warning: early.toml: steps[3].kind: a "closing" step with 2 steps after it; '
        "the close is usually last (move it, or give it another kind)",
    ]
