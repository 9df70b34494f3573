"""What a running share costs a laptop's battery: processor time and bytes to the terminal,
against a bare Textual app showing a clock that changes once a second, measured side by
side in the same minute.
"""

from __future__ import annotations

import os
import selectors
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from bench.rows import Row
from bench.terminal import RunningApp, sharing_agenda

CLOCK_APP = textwrap.dedent(
    """
    import time

    from textual.app import App
    from textual.widgets import Label

    class Clock(App):
        def compose(self):
            yield Label("Bare clock")
            yield Label(time.strftime("%H:%M:%S"), id="time")

        def on_mount(self):
            self.set_interval(1, self.tick)

        def tick(self):
            self.query_one("#time", Label).update(time.strftime("%H:%M:%S"))

    Clock().run()
    """
)
SECONDS = 30.0
"""How long the apps run side by side."""


def run_seconds(app: RunningApp) -> float:
    """Processor seconds the app has run so far, in all its threads (a battery pays for each:
    the loop, and Textual's threads reading keys and writing frames), to the nanosecond where
    Linux tells."""
    try:
        tasks = list(Path(f"/proc/{app.process.pid}/task").iterdir())
    except OSError:
        return app.cpu_seconds()
    total = 0
    for task in tasks:
        try:
            total += int((task / "schedstat").read_text(encoding="ascii").split()[0])
        except FileNotFoundError:
            continue  # a thread that has just ended
    return total / 1e9


def side_by_side(apps: dict[str, RunningApp], seconds: float) -> dict[str, tuple[float, int]]:
    """Each app's share of a core and bytes a second to its terminal, over the same
    `seconds`."""
    written = dict.fromkeys(apps, 0)
    before = {name: run_seconds(app) for name, app in apps.items()}
    started = time.perf_counter()
    with selectors.DefaultSelector() as chosen:
        for name, app in apps.items():
            chosen.register(app.primary, selectors.EVENT_READ, name)
        while (left := started + seconds - time.perf_counter()) > 0:
            for key, _ in chosen.select(left):
                written[key.data] += len(os.read(key.fd, 65536))
    elapsed = time.perf_counter() - started
    return {
        name: ((run_seconds(app) - before[name]) / elapsed, round(written[name] / elapsed))
        for name, app in apps.items()
    }


def bench_battery(_runs: int) -> list[Row]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as clock_file:
        clock_file.write(CLOCK_APP)
    agenda = sharing_agenda("Battery bench")
    apps: dict[str, RunningApp] = {}
    try:
        apps["clock"] = RunningApp(
            Path(clock_file.name), b"Bare clock", command=[sys.executable, clock_file.name]
        )
        apps["share"] = RunningApp(agenda, b"Battery bench")
        apps["room"] = RunningApp(agenda, b"Battery bench", size=(200, 56))
        for name in ("share", "room"):
            apps[name].press(b"s")  # the meeting starts
            apps[name].press(b" ")  # a share runs
        apps["room"].press(b"b")  # the room view
        time.sleep(1.5)  # past the frames the keys brought
        for app in apps.values():
            app.quiet(0.01)
        figures = side_by_side(apps, SECONDS)
    finally:
        for app in apps.values():
            app.close()
    clock_cpu, clock_bytes = figures["clock"]
    rows = []
    for name, measure, most_bytes in (
        ("share", "share running", 1000),
        ("room", "room view at 200x56", 8000),
    ):
        cpu, written = figures[name]
        ratio = cpu / clock_cpu
        rows += [
            Row(
                f"{measure}: CPU against a bare Textual clock",
                f"{cpu:.2%} of a core (clock {clock_cpu:.2%})",
                f"{ratio:.2f}x (goal at most 1.5x)",
                ratio <= 1.5,
            ),
            Row(
                f"{measure}: bytes a second to the terminal",
                f"{written:,} (clock {clock_bytes:,})",
                f"goal at most {most_bytes:,}",
                written <= most_bytes,
            ),
        ]
    return rows
