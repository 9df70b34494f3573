"""Exporting the record: CSV and JSON of many stored meetings, their time and their memory."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from bench.rows import Row
from bench.stored import filled_store
from bench.terminal import ROOT

MEMORY_GOAL = 100_000_000
"""Bytes an export of 100,000 meetings may take at its peak, CSV or JSON."""


def bench_export(runs: int) -> list[Row]:
    from facilitator.records.export import each_row, write_csv, write_json
    from facilitator.system.files import atomic_file

    store, data = filled_store(10_000)
    out = Path(tempfile.mkdtemp())

    def export(fmt: str) -> float:
        # What `facilitator export -o FILE` does once the database is open.
        started = time.perf_counter()
        with atomic_file(out / f"meetings.{fmt}", overwrite=True) as handle:
            if fmt == "json":
                write_json(each_row(store, steps=True), handle)
            else:
                write_csv(each_row(store, steps=False), handle)
        return time.perf_counter() - started

    alone = _alternated(runs, export)
    store.close()  # as after the app has quit, when the command is run
    command = _alternated(runs, lambda fmt: _run_export(data, out / f"meetings.{fmt}", fmt)[1])
    shutil.rmtree(out)
    shutil.rmtree(data.parent)
    csv_seconds = alone["csv"]
    ratio = command["json"] / command["csv"]
    return [
        Row(
            "export 10,000 stored meetings to CSV",
            f"{csv_seconds * 1000:.0f} ms",
            "goal under 1 s",
            csv_seconds < 1,
        ),
        Row(
            "JSON export of 10,000 meetings, against CSV",
            f"{command['json'] * 1000:.0f} ms (CSV {command['csv'] * 1000:.0f} ms), "
            "the command from start to end",
            f"{ratio:.2f}x (goal at most 1.5x)",
            ratio <= 1.5,
        ),
        Row(
            "the same, the writing alone (database open)",
            f"{alone['json'] * 1000:.0f} ms (CSV {alone['csv'] * 1000:.0f} ms)",
            f"{alone['json'] / alone['csv']:.2f}x (for information)",
        ),
        _peak_memory(),
    ]


def _alternated(runs: int, measure: Callable[[str], float]) -> dict[str, float]:
    """The median seconds of `measure` for CSV and for JSON, measured in turn."""
    measure("csv")  # warm the caches once, for both
    measure("json")
    seconds: dict[str, list[float]] = {"csv": [], "json": []}
    for _ in range(runs):  # alternated, so a busy moment weighs on both alike
        for fmt, taken in seconds.items():
            taken.append(measure(fmt))
    return {fmt: statistics.median(taken) for fmt, taken in seconds.items()}


def _peak_memory() -> Row:
    """The real `facilitator export` on 100,000 meetings: its peak memory, CSV and JSON.

    The store is closed first, as after the app has quit: the export then reads a copy of
    the whole database (800 MB here), the case that once held it all in memory.
    """
    folder = Path(tempfile.mkdtemp())
    try:
        store, data = filled_store(100_000, folder / "data")
        store.close()
        peaks, seconds = {}, {}
        for fmt in ("csv", "json"):
            peaks[fmt], seconds[fmt] = _run_export(data, folder / f"meetings.{fmt}", fmt)
    finally:
        shutil.rmtree(folder)
    met = all(peak < MEMORY_GOAL for peak in peaks.values())
    return Row(
        "export of 100,000 meetings: peak memory",
        f"CSV {peaks['csv'] / 1e6:.0f} MB, JSON {peaks['json'] / 1e6:.0f} MB "
        f"(in {seconds['csv']:.1f} s and {seconds['json']:.1f} s)",
        "goal under 100 MB, CSV and JSON",
        met,
    )


# The command runs under a small Python of its own that reports the command's peak. Measured
# straight from this process, the peak would be this process's own: a child starts as a
# copy of its parent, and the kernel keeps that copy's peak as the child's own.
MEASURED = textwrap.dedent(
    """
    import resource, subprocess, sys, time
    started = time.perf_counter()
    done = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(done.returncode, peak * (1 if sys.platform == "darwin" else 1024), seconds)
    """
)


def _run_export(data: Path, target: Path, fmt: str) -> tuple[int, float]:
    """Bytes at the peak (RSS) and seconds of `facilitator export --format FMT -o TARGET`
    (replacing TARGET)."""
    export = ["export", "--format", fmt, "-o", str(target), "--force"]  # run after run
    command = [sys.executable, "-m", "facilitator", *export]
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *command],
        cwd=ROOT,  # this checkout's facilitator
        env=dict(os.environ, FACILITATOR_DATA_DIR=str(data)),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    code, peak, seconds = done.stdout.split()
    if done.returncode or code != "0" or not target.exists():
        raise SystemExit(f"facilitator export --format {fmt} failed: {done.stderr.strip()}")
    return int(peak), float(seconds)
