"""2,000 tallies typed into the real app in a real terminal: all counted, memory steady.

The benchmark measures the same in-process (`bench/run.py`); this is the whole app as a
facilitator runs it, terminal and database included.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ..hints import CountsAfter, ExpectedEvents, StartTerminal, StoredEvents

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")

TALLIES = 2000
BATCH = 100
GROWTH_LIMIT_KIB = 10 * 1024


def resident_kib(pid: int) -> int:
    """The process's resident memory, as `ps` tells it on Linux and macOS."""
    shown = subprocess.run(
        ["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, check=True
    )
    return int(shown.stdout.strip())


def test_two_thousand_tallies_are_all_counted_and_memory_stays(
    tmp_path: Path,
    start_terminal: StartTerminal,
    counts_after: CountsAfter,
    expected_events: ExpectedEvents,
    stored_events: StoredEvents,
) -> None:
    data_dir = tmp_path / "data"
    terminal = start_terminal(data_dir)
    terminal.start_meeting()
    keys = "".join("123"[index % 3] for index in range(TALLIES))
    # The first keys load what a tally needs; memory is measured from there.
    warm, rest = keys[:BATCH], keys[BATCH:]
    mark = len(terminal.seen)
    terminal.press(warm)
    terminal.wait_for_tallies(counts_after(warm)[-1], since=mark)
    before = resident_kib(terminal.process.pid)

    typed = warm
    for start in range(0, len(rest), BATCH):
        batch = rest[start : start + BATCH]
        typed += batch
        mark = len(terminal.seen)
        terminal.press(batch)
        terminal.wait_for_tallies(counts_after(typed)[-1], since=mark, timeout=60)
    grown = resident_kib(terminal.process.pid) - before

    assert counts_after(keys)[-1] == {"attendees": 667, "newcomers": 667, "online": 666}
    assert grown < GROWTH_LIMIT_KIB, f"memory grew {grown} KiB over {len(rest)} tallies"
    terminal.close()
    events, integrity, _ = stored_events(data_dir)
    assert integrity == "ok"
    assert events == expected_events(keys)
