"""What a real meeting leaves behind: no escape sequence for an export to print, no path that
names a person in the data folder.

The app runs in a pseudo-terminal from an agenda whose file name or place is hostile, and the
meeting is ended there; then `facilitator export` runs as a process of its own, and every file
of the data folder is read byte for byte.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ..data import TUESDAY
from ..hints import StartTerminal, Terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

# The window's title, the clipboard (OSC 52) and a link (OSC 8), in one file name.
SEQUENCES = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x1b]8;;x\x1b\\"
ESCAPED = "\\x1b]0;PWNED\\x07\\x1b]52;c;cHduZWQ=\\x07\\x1b]8;;x\\x1b\\"


def hold_and_end(
    start_terminal: StartTerminal,
    data: Path,
    agenda: Path,
    counted: Callable[[], None] | None = None,
) -> Terminal:
    """Run a meeting of `agenda` in the real app: start it, count one (then call `counted`),
    end it, leave."""
    terminal = start_terminal(data, [str(agenda)])
    terminal.start_meeting()
    terminal.press("1")
    terminal.wait_for_tallies({"attendees": 1, "newcomers": 0, "online": 0})
    if counted is not None:
        counted()
    terminal.press("e")
    terminal.wait_for(b"Please confirm")
    terminal.press("y")
    terminal.wait_for(b"Thank you for facilitating")
    terminal.press("q")
    assert terminal.wait_exit(timeout=20) == 0
    return terminal


def export(data: Path, *args: str) -> bytes:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "export", *args],
        env={**os.environ, "FACILITATOR_DATA_DIR": str(data)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (0, b"")
    return result.stdout


def controls(printed: bytes) -> list[str]:
    """The characters of `printed` a terminal would act on (but the line ends)."""
    text = printed.decode("utf-8")
    return [
        char
        for char in text
        if (ord(char) < 0x20 and char != "\n")
        or 0x7F <= ord(char) <= 0x9F
        or 0x202A <= ord(char) <= 0x202E
        or 0x2066 <= ord(char) <= 0x2069
    ]


def test_an_escape_sequence_in_an_agenda_name_is_never_printed_by_the_export(
    tmp_path: Path, start_terminal: StartTerminal
) -> None:
    data = tmp_path / "data"
    agenda = tmp_path / f"evil{SEQUENCES}.toml"
    agenda.write_bytes(TUESDAY.read_bytes())
    terminal = hold_and_end(start_terminal, data, agenda)
    assert b"PWNED\x07" not in terminal.seen  # nor did the meeting's screen print it

    printed = export(data)
    assert controls(printed) == []
    assert f",evil{ESCAPED},Tuesday Night Open Discussion,".encode() in printed
    printed = export(data, "--format", "json")
    assert controls(printed) == []
    (meeting,) = json.loads(printed)
    assert meeting["agenda"] == f"evil{SEQUENCES}"  # the data itself, exactly


def grep(folder: Path, needles: list[str]) -> list[str]:
    """Which of `needles` each file in `folder` holds, as `file: needle`."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.relative_to(folder)}: {n}" for n in needles if n.encode() in data]
    return found


@pytest.mark.parametrize(
    "where",
    ["media/alicesmith/STICK/tuesday.toml", "home/alicesmith/Documents/tuesday.toml"],
    ids=["usb stick", "another user's home"],
)
def test_an_agenda_from_elsewhere_leaves_no_user_name_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, start_terminal: StartTerminal, where: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home" / "bob"))
    (tmp_path / "home" / "bob").mkdir(parents=True)
    agenda = tmp_path / where
    agenda.parent.mkdir(parents=True)
    agenda.write_bytes(TUESDAY.read_bytes())
    data = tmp_path / "data"
    needles = ["alicesmith", "/media/", str(tmp_path)]
    seen: list[str] = []

    def look_while_it_runs() -> None:
        names = {path.name for path in data.rglob("*")}
        assert {"meetings.db-wal", "meetings.db-shm", "checked-agendas"} <= names, names
        seen.extend(grep(data, needles))

    hold_and_end(start_terminal, data, agenda, look_while_it_runs)
    assert seen == []
    assert grep(data, needles) == []
    assert b",tuesday,Tuesday Night Open Discussion,0,1,0,0\n" in export(data)
