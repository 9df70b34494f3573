"""The real app and a sound player that starts a child of its own, in a pseudo-terminal:
leaving the app while the player still plays leaves nothing of it running."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ..hints import StartTerminal
from ..support.players import PlayerFamily

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def test_leaving_the_app_stops_a_player_still_playing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    start_terminal: StartTerminal,
    player_family: PlayerFamily,
) -> None:
    monkeypatch.setenv("FACILITATOR_PLAYER", player_family.command)
    terminal = start_terminal(tmp_path / "data")
    terminal.wait_for(b"Tuesday Night")
    terminal.press("t")  # the sound check: the player starts, and its child
    player_family.child()
    terminal.press("q")  # the meeting has not started: the app leaves at once
    assert terminal.wait_exit(timeout=20) == 0
    player_family.wait_gone()  # gone with the app, not when the sleeps end
