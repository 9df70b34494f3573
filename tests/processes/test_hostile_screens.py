"""Hostile agendas in the real app, in a pseudo-terminal: nothing hangs, nothing raw escapes.

What the terminal receives is read byte for byte: an escape sequence from an agenda must
never be among it, however the agenda reaches the screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from facilitator.system.paths import user_agendas_dir

from ..data import TUESDAY
from ..hints import StartTerminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

# Escape sequences an agenda could hide, each with a payload Textual itself never writes.
PAYLOADS = {
    "window title": "\x1b]0;pwned\x07",
    "clipboard": "\x1b]52;c;cHduZWQ=\x07",
    "hyperlink": "\x1b]8;;https://pwned.example/\x1b\\",
    "screen clear": "\x1b[2J\x1b[3J",
    "cursor report": "\x1b[6n",
}


def _toml_string(text: str) -> str:
    """`text` as a TOML basic string: control characters as `\\u` escapes."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 else c for c in escaped) + '"'


def hostile_agenda(folder: Path) -> Path:
    """An agenda with an escape sequence in every text it has."""
    (payload_0, payload_1, payload_2, payload_3, payload_4) = (
        _toml_string(f"Part {i} {payload} end") for i, payload in enumerate(PAYLOADS.values())
    )
    path = folder / "hostile.toml"
    path.write_text(
        f"""
[meeting]
name = {payload_0}
description = {payload_1}

[[attendance]]
id = "attendees"
label = {payload_2}

[[steps]]
title = {payload_3}
minutes = 5
script = {payload_4}

[closing]
reminder = {payload_0}

[[closing.resources]]
name = {payload_1}
contact = {payload_2}
note = {payload_3}
""",
        encoding="utf-8",
    )
    return path


def assert_nothing_raw(seen: bytes) -> None:
    for what, payload in PAYLOADS.items():
        assert payload.encode() not in seen, f"the {what} sequence reached the terminal"


def test_the_editor_draws_escape_sequences_as_signs(
    tmp_path: Path, start_terminal: StartTerminal
) -> None:
    path = hostile_agenda(tmp_path)
    terminal = start_terminal(tmp_path / "data", ["edit", str(path)])
    terminal.wait_for(b"contains the control character U+001B")
    # Every tab, every field in it focused in turn, and the step's preview.
    for tab in ("\x1bOQ", "\x1b[13~", "\x1b[14~", "\x1b[15~", "\x1b[17~", "\x1bOR"):
        terminal.press(tab)
        for _ in range(8):
            terminal.press("\t")
            terminal.drain(0.15)
        terminal.press("\x12")  # ctrl+r: the preview, where there is one
        terminal.drain(0.3)
    assert_nothing_raw(terminal.seen)
    assert "\u241b".encode() in terminal.seen  # ESC drawn as its sign, to be found and removed


def test_a_pipe_in_the_agendas_folder_is_listed_as_a_problem(
    tmp_path: Path, start_terminal: StartTerminal
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    folder = user_agendas_dir()
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "a-pipe.toml")
    (folder / "zz-good.toml").write_bytes(TUESDAY.read_bytes())
    terminal = start_terminal(tmp_path / "data", [])  # no agenda: the picker
    terminal.wait_for(b"a-pipe")
    terminal.wait_for(b"Tuesday Night")
    terminal.press("q")
    assert terminal.wait_exit(timeout=10) == 0
