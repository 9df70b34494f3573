"""The room page's address outlives the real app: killed, then resumed, it is served again.

The projector, the Zoom share and the phones keep the address they were given; after a
SIGKILL the next run serves the same meeting at the same address, so they reconnect alone.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from ..data import TUESDAY
from ..hints import StartTerminal

ADDRESS = re.compile(rb"http://127\.0\.0\.1:\d+/[A-Za-z0-9_-]{22}/")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def state_at(address: str, timeout: float = 20.0) -> Any:
    """The state served at `address` once it answers (a refused or 404 address is tried
    again until `timeout`)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(address + "state.json", timeout=5) as answer:
                return json.loads(answer.read())
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_a_killed_meeting_is_served_again_at_its_address(
    tmp_path: Path, start_terminal: StartTerminal
) -> None:
    data_dir = tmp_path / "data"
    args = [str(TUESDAY), "--share", "--port", str(free_port())]
    terminal = start_terminal(data_dir, args)
    terminal.start_meeting()
    found = ADDRESS.search(terminal.plain())
    assert found is not None, terminal.plain()[-800:]
    address = found.group(0).decode()
    terminal.press("n")
    assert state_at(address)["step"]["number"] in (1, 2)
    while state_at(address)["step"]["number"] != 2:
        terminal.drain(0.05)
    terminal.process.send_signal(signal.SIGKILL)
    assert terminal.process.wait(timeout=10) == -signal.SIGKILL

    again = start_terminal(data_dir, args)
    again.wait_for(b"Resume Tuesday Night Open Discussion?")
    again.press("y")
    again.wait_for(b"elapsed")
    state = state_at(address)
    assert (state["status"], state["step"]["number"]) == ("running", 2)
    again.process.send_signal(signal.SIGTERM)
    assert again.wait_exit(timeout=15) == 0
