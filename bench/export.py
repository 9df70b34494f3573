"""Exporting the record: CSV of many stored meetings."""

from __future__ import annotations

import time

from bench.rows import Row, median_of
from bench.stored import filled_store


def bench_export(runs: int) -> list[Row]:
    from facilitator.records.export import export_rows, to_csv

    store, _ = filled_store(10_000)

    def export() -> float:
        started = time.perf_counter()
        to_csv(export_rows(store, steps=False))  # as `facilitator export` does for CSV
        return time.perf_counter() - started

    seconds = median_of(runs, export)
    return [
        Row(
            "export 10,000 stored meetings to CSV",
            f"{seconds * 1000:.0f} ms",
            "goal under 1 s",
            seconds < 1,
        )
    ]
