"""The editor: opening a long agenda, and changing its list of steps."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.rows import Row
from bench.terminal import RunningApp
from tests.support.screen import Screen

STEPS = 28_000
SIZE = (100, 32)
F3 = b"\x1bOR"  # the Steps tab
FIRST_SCREEN = "no changes"  # the editor's status line, on its first screen
FIRST_STEP = "1 Step 0 · 1 min"
GOAL = 3.0


def long_agenda(count: int) -> Path:
    """An agenda of `count` one-minute steps, as inline tables (as the keypresses bench's)."""
    steps = ",\n".join(f'{{title="Step {i}",minutes=1}}' for i in range(count))
    path = Path(tempfile.mkdtemp()) / f"steps-{count}.toml"
    path.write_text(f'steps = [\n{steps}\n]\n[meeting]\nname = "Long"\n', encoding="utf-8")
    return path


class Editor(RunningApp):
    """`facilitator edit AGENDA` in a pseudo-terminal, its screen read as the terminal shows it."""

    def __init__(self, agenda: Path) -> None:
        self.screen = Screen(rows=SIZE[1], columns=SIZE[0])
        command = [sys.executable, "-m", "facilitator", "edit", str(agenda)]
        # No marker: the clock starts at launch, and `shows` waits for what is on screen.
        super().__init__(agenda, b"", size=SIZE, command=command)

    def read(self, timeout: float) -> bytes:
        output = super().read(timeout)
        self.screen.feed(output)
        return output

    def shows(self, text: str, within: float = 60) -> float:
        """Wait until `text` is on the screen; when it came (`time.perf_counter`)."""
        deadline = time.perf_counter() + within
        while text not in self.screen.text():
            if time.perf_counter() > deadline:
                raise SystemExit(f"the editor did not show {text!r} within {within:.0f} s")
            self.read(0.01)
        return time.perf_counter()

    def idle(self) -> None:
        """Wait until the app has used no processor time for a moment (its check is done)."""
        used = self.cpu_seconds()
        while True:
            time.sleep(0.2)
            now = self.cpu_seconds()
            if now - used < 0.02:
                self.quiet()
                return
            used = now


def open_long_agenda(agenda: Path) -> tuple[float, float]:
    """Seconds from launch to the editor's first screen, and from f3 to the first step."""
    started = time.perf_counter()
    editor = Editor(agenda)
    try:
        first = editor.shows(FIRST_SCREEN)
        pressed = time.perf_counter()
        os.write(editor.primary, F3)
        return first - started, editor.shows(FIRST_STEP) - pressed
    finally:
        editor.close()


def bench_editor(runs: int) -> list[Row]:
    agenda, short = long_agenda(STEPS), long_agenda(10)
    open_long_agenda(agenda)  # compiles the bytecode once, as an installed app has it
    opened, baseline = [], []
    for _ in range(runs):  # alternated, so a busy moment weighs on both alike
        opened.append(open_long_agenda(agenda))
        baseline.append(sum(open_long_agenda(short)))
    total = statistics.median(first + steps for first, steps in opened)
    first = statistics.median(first for first, _ in opened)
    steps = statistics.median(steps for _, steps in opened)
    rows = [
        Row(
            f"editor opens a {STEPS:,}-step agenda",
            f"{total:.2f} s (first screen {first:.2f} s, then f3 to its first step "
            f"{steps:.2f} s; 10 steps: {statistics.median(baseline):.2f} s)",
            f"goal under {GOAL:.0f} s",
            total < GOAL,
        )
    ]
    # Adding, moving and deleting a step in the long agenda: each key's frame, the app idle
    # before it (the check of the change before has ended).
    editor = Editor(agenda)
    try:
        editor.shows(FIRST_SCREEN)
        os.write(editor.primary, F3)
        editor.shows(FIRST_STEP)
        timings: dict[str, list[float]] = {"added": [], "moved": [], "deleted": []}
        for _ in range(runs):
            editor.idle()
            timings["added"].append(editor.press(b"a"))
            editor.idle()
            timings["moved"].append(editor.press(b"J"))
            editor.press(b"d")  # the question
            editor.idle()
            timings["deleted"].append(editor.press(b"y"))
    finally:
        editor.close()
    figures = [f"{what} {statistics.median(t) * 1000:.0f} ms" for what, t in timings.items()]
    rows.append(
        Row(
            f"editor, {STEPS:,} steps: a step added, moved, deleted, key to its frame",
            ", ".join(figures),
            "for information",
        )
    )
    return rows
