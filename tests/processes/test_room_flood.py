"""The real app serving the room page while a flood fills it, at a desktop's file limit.

With `--share` under `ulimit -n 1,024`, slow requests, storms of connections, garbage and
viewers that never read hammer the page's port; the meeting keeps counting, `?` and the
command palette open, a viewer with the token is answered, and SIGTERM saves every change.
The app loads what `?`, the palette and a crash report need before the page listens: with
no file left to open afterwards, they still work.
"""

from __future__ import annotations

import json
import re
import signal
import socket
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from ..data import TUESDAY
from ..hints import ExpectedEvents, RunPython, StartTerminal, StoredEvents, Terminal
from ..support.flood import Flood, raise_file_limit, sources
from ..support.screen import Screen

ADDRESS = re.compile(rb"http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]{20,})/")
CTRL_P = "\x10"
ESCAPE = "\x1b"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Shown:
    """What the app's terminal shows now: a dialog that closed is gone from it."""

    def __init__(self, terminal: Terminal) -> None:
        self.terminal = terminal
        self.screen = Screen()
        self.fed = 0

    def until(self, shows: Callable[[str], bool], timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self.screen.feed(self.terminal.seen[self.fed :])
            self.fed = len(self.terminal.seen)
            if shows(self.screen.text()):
                return
            assert time.monotonic() < deadline, self.screen.text()
            self.terminal.drain(0.02)


@pytest.fixture(scope="module", autouse=True)
def many_sockets() -> None:
    """The flood's own sockets: more than a desktop's 1,024."""
    raise_file_limit(8192)


def test_the_meeting_keys_help_and_palette_work_under_a_flood_at_1024_files(
    tmp_path: Path,
    start_terminal: StartTerminal,
    expected_events: ExpectedEvents,
    stored_events: StoredEvents,
) -> None:
    data_dir = tmp_path / "data"
    args = [str(TUESDAY), "--share", "--port", str(free_port())]
    terminal = start_terminal(data_dir, args, files=1024)
    terminal.start_meeting()
    found = ADDRESS.search(terminal.plain())
    assert found is not None, terminal.plain()[-800:]
    port, token = int(found.group(1)), found.group(2).decode()
    flood = Flood("127.0.0.1", port)
    try:
        flood.drip(1100, sources(100), every=5)
        flood.storm(2, sources(10, first=100))
        flood.garbage(2, sources(2, first=110))
        flood.silent_viewers(f"/{token}/events", 40, sources(5, first=120))
        while flood.stats["connected"] < 1500:  # full, and churning
            terminal.drain(0.05)
        mark = len(terminal.seen)
        terminal.press("12")
        terminal.wait_for_tallies({"attendees": 1, "newcomers": 1, "online": 0}, since=mark)
        screen = Shown(terminal)
        terminal.press("?")
        screen.until(lambda text: "command palette: jump to a step" in text)
        terminal.press(ESCAPE)
        screen.until(lambda text: "Escape closes" not in text)
        terminal.press(CTRL_P)
        screen.until(lambda text: "Search for commands…" in text)
        terminal.press("keys")
        screen.until(lambda text: "Every key of this screen" in text)
        terminal.press(ESCAPE)
        screen.until(lambda text: "Every key of this screen" not in text)
        mark = len(terminal.seen)
        terminal.press("3")
        terminal.wait_for_tallies({"attendees": 1, "newcomers": 1, "online": 1}, since=mark)
        address = f"http://127.0.0.1:{port}/{token}/state.json"
        started = time.monotonic()
        with urllib.request.urlopen(address, timeout=10) as answer:
            state = json.loads(answer.read())
        assert state["status"] == "running" and time.monotonic() - started < 3
        terminal.process.send_signal(signal.SIGTERM)
        assert terminal.wait_exit(timeout=15) == 0
    finally:
        flood.close()
    assert b"Traceback" not in terminal.seen and b"Too many open files" not in terminal.seen
    events, integrity, _ = stored_events(data_dir)
    assert integrity == "ok" and events == expected_events("123")


PRELOADED = """
import asyncio, errno, io, sys
from pathlib import Path

from rich.console import Console

from facilitator.agenda import load_agenda
from facilitator.app import build_app
from facilitator.room.state import RoomPageOptions
from facilitator.screens.preload import crash_report


class NoFileLeft:
    # As Python imports with no file left to open: whatever is not loaded yet fails.
    def find_spec(self, name, path=None, target=None):
        raise OSError(errno.EMFILE, "Too many open files", name)


async def main():
    agenda = Path(sys.argv[1])
    app = build_app(load_agenda(agenda), agenda, room_page=RoomPageOptions(start=True, port=0))
    async with app.run_test(size=(100, 32)) as pilot:
        while app.room_page.server is None:
            await pilot.pause()
        sys.meta_path.insert(0, NoFileLeft())
        shown = []
        for keys in (["1"], ["question_mark"], ["escape", "ctrl+p"], list("keys"), ["enter"]):
            await pilot.press(*keys)
            await pilot.pause(0.2)
            shown.append(type(app.screen).__name__)
        try:
            raise RuntimeError("a crash")
        except RuntimeError:
            report = io.StringIO()
            Console(file=report, width=100).print(crash_report())
        shown.append("report" if "run facilitator again" in report.getvalue() else "none")
        print(" ".join(shown))


asyncio.run(main())
"""


def test_help_palette_and_crash_report_need_no_file_once_the_page_is_served(
    tmp_path: Path, run_python: RunPython
) -> None:
    result = run_python(PRELOADED.replace("sys.argv[1]", repr(str(TUESDAY))), tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == [
        "MeetingScreen",
        "HelpScreen",
        "Palette",
        "Palette",
        "HelpScreen",  # the palette's Keys, on the meeting screen
        "report",
    ]
