"""Start-up: launch to the meeting screen's first frame, and memory, against bare Textual."""

from __future__ import annotations

import statistics
import sys
import tempfile
import textwrap
from pathlib import Path

from bench.rows import Row
from bench.terminal import AGENDA, first_frame

BARE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("Open Discussion Meeting")

    Bare().run()
    """
)


def bench_startup(runs: int) -> list[Row]:
    data = Path(tempfile.mkdtemp()) / "data"
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as bare:
        bare.write(BARE_APP)
    ours = [sys.executable, "-m", "facilitator", str(AGENDA)]
    baseline = [sys.executable, bare.name]
    first_frame(ours, data)  # warm the caches once, for both
    first_frame(baseline, data)
    ours_runs, base_runs = [], []
    for _ in range(runs):  # alternated, so a busy moment weighs on both alike
        ours_runs.append(first_frame(ours, data))
        base_runs.append(first_frame(baseline, data))
    # A new data directory each time: the agenda is validated, as on its first opening.
    cold = [first_frame(ours, Path(tempfile.mkdtemp()) / "data")[0] for _ in range(runs)]
    cold_time = statistics.median(cold)
    ours_time = statistics.median(t for t, _ in ours_runs)
    base_time = statistics.median(t for t, _ in base_runs)
    ours_rss = statistics.median(r for _, r in ours_runs) / 1024
    base_rss = statistics.median(r for _, r in base_runs) / 1024
    return [
        Row(
            "launch to first frame of the meeting screen",
            f"{ours_time * 1000:.0f} ms (bare Textual app {base_time * 1000:.0f} ms)",
            f"{ours_time / base_time:.2f}x (goal at most 1.5x)",
            ours_time / base_time <= 1.5,
        ),
        Row(
            "the same, the first time an agenda is opened (validated)",
            f"{cold_time * 1000:.0f} ms",
            f"{cold_time / base_time:.2f}x (for information)",
        ),
        Row(
            "peak memory (RSS)",
            f"{ours_rss:.0f} MiB (bare Textual app {base_rss:.0f} MiB)",
            f"{ours_rss / base_rss:.2f}x (goal at most 1.5x)",
            ours_rss / base_rss <= 1.5,
        ),
    ]
