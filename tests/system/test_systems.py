"""What differs between Linux, macOS and Windows: which signals end the app and how they are
caught, and which clock keeps counting while the laptop sleeps."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from facilitator.meeting.clocks import monotonic_clock, sleep_counting_clock
from facilitator.system import signals

Caught = dict[int, Any]
SIGBREAK = 21  # Windows's number for it


class FakeLoop:
    """An event loop as far as signals go: one like Linux's, one like Windows's, or none."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.handlers: dict[int, Callable[..., object]] = {}
        self.soon: list[tuple[Any, ...]] = []
        self.closed = False

    def __getattr__(self, name: str) -> Any:
        if name == "add_signal_handler" and self.kind != "no method":
            return self._add
        raise AttributeError(name)

    def _add(self, signum: int, callback: Callable[..., object], *args: object) -> None:
        if self.kind == "windows":
            raise NotImplementedError
        self.handlers[signum] = callback

    def call_soon_threadsafe(self, callback: Callable[..., object], *args: object) -> None:
        if self.closed:
            raise RuntimeError("Event loop is closed")
        self.soon.append((callback, *args))


@pytest.fixture
def caught(monkeypatch: pytest.MonkeyPatch) -> Caught:
    """What `signal.signal` was given, by signal (nothing is really set)."""
    given: Caught = {}

    def record(signum: int, handler: Any) -> Any:
        given[signum] = handler
        return signal.SIG_DFL

    monkeypatch.setattr(signal, "signal", record)
    return given


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The signal module as Windows has it: no SIGHUP, a SIGBREAK."""
    monkeypatch.delattr(signal, "SIGHUP", raising=False)
    monkeypatch.setattr(signal, "SIGBREAK", SIGBREAK, raising=False)


def handler(signum: int) -> None:
    raise AssertionError("called on the loop, never from the signal handler itself")


def test_on_linux_and_macos_the_loop_takes_the_handlers(caught: Caught) -> None:
    loop = FakeLoop("unix")
    assert signals.install(loop, handler) == [signal.SIGTERM, signal.SIGHUP]  # type: ignore[arg-type]
    assert set(loop.handlers) == {signal.SIGTERM, signal.SIGHUP}
    assert caught == {}
    assert signals.hung_up(signal.SIGHUP) and not signals.hung_up(signal.SIGTERM)


@pytest.mark.parametrize("kind", ["windows", "no method"])
def test_on_windows_signal_signal_hands_the_signal_to_the_loop(
    windows: None, caught: Caught, kind: str
) -> None:
    loop = FakeLoop(kind)
    assert signals.install(loop, handler) == [signal.SIGTERM, SIGBREAK]  # type: ignore[arg-type]
    assert set(caught) == {signal.SIGTERM, SIGBREAK}
    caught[SIGBREAK](SIGBREAK, None)
    assert loop.soon == [(handler, SIGBREAK)]  # run by the loop, not inside the handler
    assert signals.hung_up(SIGBREAK)  # the console window closed
    assert not signals.hung_up(signal.SIGTERM)


def test_a_signal_after_the_loop_closed_does_what_it_always_does(
    windows: None, caught: Caught, monkeypatch: pytest.MonkeyPatch
) -> None:
    raised: list[int] = []
    monkeypatch.setattr(signal, "raise_signal", raised.append)
    loop = FakeLoop("windows")
    signals.install(loop, handler)  # type: ignore[arg-type]
    on_term = caught[signal.SIGTERM]
    loop.closed = True
    on_term(signal.SIGTERM, None)
    assert caught[signal.SIGTERM] == signal.SIG_DFL
    assert raised == [signal.SIGTERM]


def test_where_no_signal_can_be_caught_none_is(
    windows: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(signum: int, handler: Any) -> Any:
        raise ValueError("signal only works in main thread of the main interpreter")

    monkeypatch.setattr(signal, "signal", refuse)
    assert signals.install(FakeLoop("windows"), handler) == []  # type: ignore[arg-type]


# ---------------------------------------------------------------------- clocks


def test_linux_counts_sleep_with_boottime() -> None:
    if not hasattr(time, "CLOCK_BOOTTIME"):
        pytest.skip("a system without CLOCK_BOOTTIME")
    assert sleep_counting_clock("linux") == time.CLOCK_BOOTTIME


def test_macos_counts_sleep_with_monotonic_raw(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(time, "CLOCK_BOOTTIME", raising=False)
    monkeypatch.setattr(time, "CLOCK_MONOTONIC_RAW", 4, raising=False)
    read: list[int] = []

    def clock_gettime(clock: int) -> float:
        read.append(clock)
        return 12.5

    monkeypatch.setattr(time, "clock_gettime", clock_gettime)
    monkeypatch.setattr(sys, "platform", "darwin")
    assert sleep_counting_clock() == 4
    assert monotonic_clock() == 12.5
    assert read == [4]
    # Even where CLOCK_BOOTTIME exists, macOS's monotonic clock is not Linux's.
    monkeypatch.setattr(time, "CLOCK_BOOTTIME", 7, raising=False)
    assert sleep_counting_clock() == 4


@pytest.mark.parametrize("platform", ["win32", "darwin", "freebsd14"])
def test_elsewhere_time_monotonic_is_read(monkeypatch: pytest.MonkeyPatch, platform: str) -> None:
    # Windows's counts sleep; a macOS without CLOCK_MONOTONIC_RAW (before 10.12) has nothing
    # better.
    monkeypatch.delattr(time, "CLOCK_BOOTTIME", raising=False)
    if platform == "darwin":
        monkeypatch.delattr(time, "CLOCK_MONOTONIC_RAW", raising=False)
    monkeypatch.setattr(time, "monotonic", lambda: 42.0)
    monkeypatch.setattr(sys, "platform", platform)
    assert sleep_counting_clock() is None
    assert monotonic_clock() == 42.0
