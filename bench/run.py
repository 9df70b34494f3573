"""Benchmarks: prints a table of figures, each against its goal or a baseline measured in the
same run. A figure that misses its goal is marked MISSED, and the run then exits 1.

Run from the project's root: `python bench/run.py` (`--runs N` for more repetitions,
`--only NAME` for one benchmark; `--list` names them).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # bench, and tests.support

from bench.battery import bench_battery  # noqa: E402
from bench.editor import bench_editor  # noqa: E402
from bench.export import bench_export  # noqa: E402
from bench.history import bench_history  # noqa: E402
from bench.loading import bench_big_agenda  # noqa: E402
from bench.long_meeting import bench_long_meeting  # noqa: E402
from bench.meeting import (  # noqa: E402
    bench_blocked_loop,
    bench_keypresses,
    bench_tally,
    bench_timer,
    bench_undo,
)
from bench.notices import bench_notices  # noqa: E402
from bench.room_page import bench_room_page  # noqa: E402
from bench.rows import Row  # noqa: E402
from bench.share_queue import bench_share_queue  # noqa: E402
from bench.startup import bench_startup  # noqa: E402

BENCHES: dict[str, Callable[[int], list[Row]]] = {
    "startup": bench_startup,
    "big-agenda": bench_big_agenda,
    "export": bench_export,
    "history": bench_history,
    "tally": bench_tally,
    "undo": bench_undo,
    "timer": bench_timer,
    "blocked-loop": bench_blocked_loop,
    "keypresses": bench_keypresses,
    "long-meeting": bench_long_meeting,
    "notices": bench_notices,
    "room-page": bench_room_page,
    "share-queue": bench_share_queue,
    "battery": bench_battery,
    "editor": bench_editor,
}


def table(rows: list[Row]) -> str:
    """The rows as aligned columns, a missed goal marked at the end of its line."""
    width = max(len(row.measure) for row in rows)
    figure_width = max(len(row.figure) for row in rows)
    lines = [f"{'measure'.ljust(width)}  {'figure'.ljust(figure_width)}  against"]
    for row in rows:
        line = f"{row.measure.ljust(width)}  {row.figure.ljust(figure_width)}  {row.against}"
        lines.append(f"{line}  {row.verdict}".rstrip())
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="repetitions per figure (median)")
    parser.add_argument(
        "--only", action="append", choices=sorted(BENCHES), help="run only this benchmark"
    )
    parser.add_argument("--list", action="store_true", help="name the benchmarks and stop")
    arguments = parser.parse_args()
    if arguments.list:
        print("\n".join(BENCHES))
        return 0
    rows: list[Row] = []
    for name in arguments.only or BENCHES:
        print(f"running {name}...", file=sys.stderr, flush=True)
        try:
            rows += BENCHES[name](arguments.runs)
        except SystemExit as stopped:  # the others still run, and this one shows as missed
            rows.append(Row(f"{name}: did not finish", str(stopped), "goal: finish", False))
    print(table(rows))
    python = sys.version.split()[0]
    print(f"\n{os.cpu_count()} cores, Python {python}, median of {arguments.runs} runs")
    missed = [row.measure for row in rows if row.met is False]
    if missed:
        print(f"MISSED: {len(missed)} of {len(rows)} goals", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
