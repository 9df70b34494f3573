"""The real app on a disk that really fills up (a tmpfs of its own), ended by a signal.

A disk that fills after the meeting's screen opened loses nothing: the reserve made then
takes the changes, and the export has them. A disk with no room at all (but for the
database, made before) keeps the meeting's changes in memory; ended by SIGTERM or a closed
terminal, the app prints every change it could not save and the meeting's counts, to be
written down.
"""

from __future__ import annotations

import csv
import io
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

from facilitator.meeting.clocks import wall_clock
from facilitator.store.database import Store, open_store

from ..data import TUESDAY
from ..hints import StartTerminal
from ..support.disks import SmallDisk
from ..support.terminal import ANSI

NOT_SAVED_YET = b"Not saved yet (No space left on device)"


def export_csv(data_dir: Path) -> list[dict[str, str]]:
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", "export"],
        env=dict(os.environ, FACILITATOR_DATA_DIR=str(data_dir)),
        capture_output=True,
        check=True,
    )
    return list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8"))))


def test_a_disk_that_fills_after_the_start_loses_nothing_to_a_sigterm(
    small_disk: SmallDisk, start_terminal: StartTerminal
) -> None:
    disk = small_disk(1024)
    data_dir = disk / "data"
    terminal = start_terminal(data_dir)
    terminal.start_meeting()
    small_disk.fill(disk)
    mark = len(terminal.seen)
    terminal.press("1111122333")
    terminal.wait_for_tallies({"attendees": 5, "newcomers": 2, "online": 3}, since=mark)
    terminal.process.send_signal(signal.SIGTERM)
    assert terminal.wait_exit(timeout=15) == 0
    said = terminal.plain(mark)
    assert NOT_SAVED_YET not in said
    assert b"The meeting is saved: run facilitator again to resume it." in said
    ((row,),) = [export_csv(data_dir)]
    assert (row["attendees"], row["newcomers"], row["online"]) == ("5", "2", "3")


def full_before_the_start(small_disk: SmallDisk, disk: Path) -> Store:
    """The meetings database made, left open (as another window would), and then not a byte
    left on the disk: the app opens the database, but has no room for a reserve or a change.
    """
    store = open_store(disk / "data", wall_clock).store
    assert store is not None
    small_disk.fill(disk)
    return store


def test_no_room_at_all_prints_every_unsaved_change_on_sigterm(
    small_disk: SmallDisk, start_terminal: StartTerminal
) -> None:
    disk = small_disk(512)
    data_dir = disk / "data"
    other = full_before_the_start(small_disk, disk)
    terminal = start_terminal(data_dir)
    terminal.wait_for(b"Tuesday Night")
    terminal.press("s")
    terminal.wait_for(b"elapsed")
    mark = len(terminal.seen)
    terminal.press("1121")
    terminal.wait_for_tallies({"attendees": 3, "newcomers": 1, "online": 0}, since=mark)
    terminal.wait_for(NOT_SAVED_YET)
    terminal.process.send_signal(signal.SIGTERM)
    assert terminal.wait_exit(timeout=15) == 0
    said = terminal.plain(mark).decode("utf-8").replace("\r\n", "\n")
    block = said[said.index("The meeting could not be saved.") :]
    lines = [line.split("  ", 2)[-1] for line in block.splitlines()[3:8]]
    assert lines == [
        "the meeting started",
        "Attendees +1",
        "Attendees +1",
        "Newcomers +1",
        "Attendees +1",
    ], block
    assert "The meeting's counts now: Attendees 3 · Newcomers 1 · Online 0 · 0 shares" in block, (
        block
    )
    assert "Traceback" not in said
    other.close()


def test_no_room_at_all_prints_every_unsaved_change_on_standard_error_when_hung_up(
    small_disk: SmallDisk, tmp_path: Path
) -> None:
    # Textual draws on standard error: sent to a file, the screen and what follows it are there.
    disk = small_disk(512)
    data_dir = disk / "data"
    other = full_before_the_start(small_disk, disk)
    primary, secondary = pty.openpty()
    errors = tmp_path / "stderr.txt"
    env = dict(os.environ, TERM="xterm-256color", FACILITATOR_DATA_DIR=str(data_dir))
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", str(TUESDAY)],
            stdin=secondary,
            stdout=secondary,
            stderr=stderr,
            env=env,
            start_new_session=True,
        )
    os.close(secondary)

    def until(marker: bytes) -> None:
        deadline = time.monotonic() + 30
        while marker not in ANSI.sub(b"", errors.read_bytes()):
            assert time.monotonic() < deadline, f"never shown: {marker!r}"
            time.sleep(0.05)

    try:
        until(b"Tuesday Night")
        os.write(primary, b"s3")
        until(NOT_SAVED_YET)
        mark = len(errors.read_bytes())
        process.send_signal(signal.SIGHUP)
        assert process.wait(timeout=15) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(primary)
        other.close()
    written = ANSI.sub(b"", errors.read_bytes()[mark:]).decode("utf-8")
    assert "The meeting could not be saved." in written
    assert "  Online +1" in written
    assert "The meeting's counts now: Attendees 0 · Newcomers 0 · Online 1" in written
