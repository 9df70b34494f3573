"""The history of a long record, in the real app in a pseudo-terminal: how soon every meeting
is reachable, and the memory it takes."""

from __future__ import annotations

import math
import os
import shutil
import signal
import statistics
import sys
import time
from pathlib import Path

from bench.rows import Row
from bench.stored import START, filled_store
from bench.terminal import AGENDA, RunningApp
from tests.support.screen import Screen

SIZE = (100, 32)  # the terminal's columns and rows
PATIENCE = 120.0  # seconds to wait for the oldest meeting before giving up on it
PICKER = b"Choose an agenda"  # the app opened without an agenda shows the picker
CTRL_END = b"\x1b[1;5F"  # what a terminal sends for ctrl+end: the last row
OLDEST = f"{START:%a %Y-%m-%d %H:%M}"  # the first meeting `filled_store` writes


class HistoryRun:
    """The app on a filled store, at the picker, its screen read as a terminal shows it."""

    def __init__(self, data: Path) -> None:
        command = [sys.executable, "-m", "facilitator"]
        self.app = RunningApp(AGENDA, PICKER, size=SIZE, data=data, command=command)
        self.screen = Screen(rows=SIZE[1], columns=SIZE[0])
        self.screen.feed(self.app.first_frames)

    def until(self, text: str, deadline: float) -> bool:
        """Wait until `text` is on the screen (False: it was not by `deadline`)."""
        while text not in self.screen.text():
            if time.perf_counter() > deadline:
                return False
            self.screen.feed(self.app.read(0.02))
        return True

    def all_rows(self, count: int) -> float:
        """Seconds from opening the history until every meeting is listed and the end of the
        table shows the oldest (infinite if not within `PATIENCE`)."""
        started = time.perf_counter()
        deadline = started + PATIENCE
        os.write(self.app.primary, b"h")
        if not self.until(f"Past meetings · {count}", deadline):  # the table knows every row
            return math.inf
        os.write(self.app.primary, CTRL_END)
        if not self.until(OLDEST, deadline):
            return math.inf
        return time.perf_counter() - started

    def peak_mb(self) -> float:
        """The process's peak memory (RSS) so far, in MB."""
        status = Path(f"/proc/{self.app.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) * 1024 / 1e6

    def close(self) -> float:
        """Quit, and give the process's peak memory (RSS) over its whole life, in MB."""
        os.close(self.app.primary)
        self.app.process.send_signal(signal.SIGTERM)
        _, _, usage = os.wait4(self.app.process.pid, 0)
        return usage.ru_maxrss * 1024 / 1e6


def shown_in(seconds: float) -> str:
    return f"in {seconds:.1f} s" if seconds < math.inf else f"not within {PATIENCE:.0f} s"


def bench_history(runs: int) -> list[Row]:
    store, data = filled_store(10_000)
    store.close()  # the app opens it, as it would the next evening
    timings = []
    try:
        for _ in range(runs):
            run = HistoryRun(data)
            try:
                timings.append(run.all_rows(10_000))
            finally:
                run.close()
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)
    seconds = statistics.median(timings)
    figure = f"{seconds * 1000:.0f} ms" if seconds < math.inf else shown_in(seconds)

    store, data = filled_store(100_000)
    store.close()
    try:
        run = HistoryRun(data)
        try:
            before = run.peak_mb()
            shown = run.all_rows(100_000)
        finally:
            peak = run.close()
    finally:
        shutil.rmtree(data.parent, ignore_errors=True)  # most of a gigabyte
    return [
        Row(
            "history of 10,000 meetings: all rows shown",
            figure,
            "goal under 1 s",
            seconds < 1,
        ),
        Row(
            "history of 100,000 meetings: peak memory",
            f"{peak:.0f} MB (at the picker {before:.0f} MB; all rows shown {shown_in(shown)})",
            "goal under 150 MB",
            peak < 150 and shown < math.inf,
        ),
    ]
