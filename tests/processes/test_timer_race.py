"""No timer ever spins: a notice that expires as it is shown, and timers of any delay.

Textual 8.2.8 loops forever, without returning to the event loop, on a timer whose delay
is negative (`facilitator.textual_internals` has the whole story). Each case runs in an
interpreter of its own (`tests.support.timer_routes`), so that a spin fails the test at its
time limit instead of freezing the test run.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.textual_internals import LONGEST_TIMER, SHORTEST_TIMER, timer_delay

ROOT = Path(__file__).resolve().parents[2]
ANSWERS_WITHIN = 60.0
"""Seconds a guarded app has to get through a route: far more than it needs."""
SPINS_FOR = 8.0
"""Seconds after which a bare Textual app that has not answered is taken to spin."""


def run_route(route: str, app: str, data: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.support.timer_routes", route, app, str(data)],
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_bare_textual_app_still_spins_on_the_toast_race(tmp_path: Path) -> None:
    # The canary: when this fails, Textual has fixed the spin, and its guard can go.
    with pytest.raises(subprocess.TimeoutExpired):
        run_route("toast", "bare", tmp_path, timeout=SPINS_FOR)


@pytest.mark.parametrize("app", ["guarded", "facilitator"])
def test_notices_that_expire_as_they_are_shown_never_freeze_the_app(
    app: str, tmp_path: Path
) -> None:
    done = run_route("toast", app, tmp_path, timeout=ANSWERS_WITHIN)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "answered"


@pytest.mark.parametrize("route", ["interval", "zero", "nan", "forever"])
def test_timers_of_any_delay_fire_as_they_should_and_never_spin(route: str, tmp_path: Path) -> None:
    done = run_route(route, "guarded", tmp_path, timeout=ANSWERS_WITHIN)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[-1] == "answered"


@pytest.mark.parametrize(
    ("asked", "waited"),
    [
        (-0.000266, SHORTEST_TIMER),
        (-5.0, SHORTEST_TIMER),
        (0.0, SHORTEST_TIMER),
        (math.nan, SHORTEST_TIMER),
        (-math.inf, SHORTEST_TIMER),
        (math.inf, LONGEST_TIMER),
        (1e12, LONGEST_TIMER),
        (0.2, 0.2),
        (5.0, 5.0),
    ],
)
def test_a_timer_waits_a_delay_it_can_wait(asked: float, waited: float) -> None:
    assert timer_delay(asked) == waited
