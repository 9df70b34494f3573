"""SIGTERM and SIGHUP end the real app cleanly, in a real pseudo-terminal."""

from __future__ import annotations

import os
import select
import signal
import time
from pathlib import Path

import pytest

from ..data import ALT_SCREEN_OFF
from ..hints import StartInPty


def _read_until(fd: int, marker: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_ends_the_app_and_restores_the_terminal(
    signum: signal.Signals, data_dir: Path, start_in_pty: StartInPty
) -> None:
    process, primary = start_in_pty(data_dir)
    try:
        shown = _read_until(primary, b"Tuesday Night", timeout=30)
        assert b"Tuesday Night" in shown, shown[-500:]
        os.write(primary, b"s")  # a running meeting
        _read_until(primary, b"elapsed", timeout=10)
        process.send_signal(signum)
        rest = _read_until(primary, ALT_SCREEN_OFF, timeout=15)
        assert process.wait(timeout=15) == 0
        assert ALT_SCREEN_OFF in rest
        rest += _read_until(primary, b"\x00", timeout=0.5)
        assert b"Traceback" not in rest
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(primary)


def test_closed_terminal_ends_the_app_without_a_traceback(
    data_dir: Path, start_in_pty: StartInPty
) -> None:
    process, primary = start_in_pty(data_dir)
    try:
        assert b"Tuesday Night" in _read_until(primary, b"Tuesday Night", timeout=30)
        os.write(primary, b"s")
        _read_until(primary, b"elapsed", timeout=10)
    finally:
        os.close(primary)  # the terminal window goes away
    process.send_signal(signal.SIGHUP)
    # A traceback would end the process with status 1.
    assert process.wait(timeout=15) == 0
