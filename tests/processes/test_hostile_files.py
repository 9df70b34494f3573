"""Files that are not agendas, and names no terminal should see raw: refused or escaped at once.

A named pipe waits forever for a writer, so every test here runs the real command line in a
process with a time limit: a hang fails the test instead of stopping the suite.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.agenda import AgendaError, load_agenda
from facilitator.library.draft import Draft
from facilitator.system.paths import bundled_agendas_dir, user_agendas_dir

from ..data import TUESDAY

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
LIMIT = 20  # seconds; each of these commands answers in well under one


def facilitator(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The real command line, its output as bytes (to see every control byte it writes)."""
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=LIMIT,
    )
    assert b"Traceback" not in result.stdout + result.stderr
    return result


def fifo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


@needs_fifo
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "x.toml")
    result = facilitator("validate", str(pipe), cwd=tmp_path)
    assert result.returncode == 2
    message = f"{pipe}: is a named pipe (FIFO), not an agenda file (.toml)\n"
    assert result.stderr.decode() == message


@needs_fifo
def test_the_agendas_list_shows_a_pipe_as_a_problem_and_goes_on(tmp_path: Path) -> None:
    folder = user_agendas_dir()
    fifo(folder / "a-pipe.toml")
    (folder / "zz-good.toml").write_bytes(TUESDAY.read_bytes())
    result = facilitator("agendas", cwd=tmp_path)
    assert result.returncode == 0
    out = result.stdout.decode()
    assert re.search(r"^a-pipe +invalid ", out, flags=re.M)
    assert "(1 problem: facilitator validate" in out
    assert "Tuesday Night Open Discussion" in out  # the list went on after the pipe


@needs_fifo
def test_opening_a_pipe_to_run_or_edit_is_refused(tmp_path: Path) -> None:
    pipe = fifo(tmp_path / "x.toml")
    for read in (lambda: load_agenda(pipe), lambda: Draft.load(pipe)):
        with pytest.raises(AgendaError, match=r"is a named pipe \(FIFO\), not an agenda"):
            read()


@pytest.mark.parametrize(
    ("path", "what"),
    [("/dev/null", "is a device"), ("/dev/zero", "is a device")],
)
def test_a_device_is_no_agenda(tmp_path: Path, path: str, what: str) -> None:
    if not Path(path).exists():
        pytest.skip(f"no {path} here")
    result = facilitator("validate", path, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.decode() == f"{path}: {what}, not an agenda file (.toml)\n"


def test_file_names_reach_the_terminal_escaped(tmp_path: Path) -> None:
    folder = user_agendas_dir()
    folder.mkdir(parents=True)
    # An escape sequence that would retitle the window, a line break, a right-to-left mark.
    hostile = "x\x1b]0;owned\x07\nnext\u202e.toml"
    (folder / hostile).write_bytes(TUESDAY.read_bytes())
    (folder / "broken\x1b[2J.toml").write_bytes(b"[meeting]\nname = 5\n")
    result = facilitator("agendas", cwd=tmp_path)
    assert result.returncode == 0
    out = result.stdout.decode()
    for raw in (b"\x1b", b"\x07", "\u202e".encode()):
        assert raw not in result.stdout
    assert "x\\x1b]0;owned\\x07\\nnext\\u202e.toml" in out
    assert re.search(r"^broken\\x1b\[2J +invalid ", out, flags=re.M)
    # A header, the bundled agendas, these two, and one problem line: no name broke a line.
    assert len(out.splitlines()) == 1 + len(list(bundled_agendas_dir().glob("*.toml"))) + 3


def test_validate_names_a_hostile_file_escaped(tmp_path: Path) -> None:
    name = "bad\x1b[31m.toml"
    (tmp_path / name).write_bytes(b"[meeting]\nname = 5\n")
    result = facilitator("validate", name, cwd=tmp_path)
    assert result.returncode == 2
    assert b"\x1b" not in result.stderr
    assert result.stderr.decode().startswith("bad\\x1b[31m.toml: ")


@pytest.mark.parametrize(
    "args", [(), (str(TUESDAY),), ("edit", str(TUESDAY))], ids=["picker", "meeting", "edit"]
)
def test_without_a_terminal_the_app_says_so_and_stops(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    # stdin from /dev/null and stdout to a pipe: nothing to draw on, nothing to read keys from.
    result = facilitator(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "facilitator needs a terminal to run a meeting or edit an agenda; "
        "validate, export and agendas work without one\n"
    )
