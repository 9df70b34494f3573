"""Loading an agenda: reading and validating a long one."""

from __future__ import annotations

import time

from bench.rows import Row, median_of


def bench_big_agenda(runs: int) -> list[Row]:
    from facilitator.agenda import parse_agenda

    def step(i: int) -> str:
        kind = "sharing" if i % 5 else "reading"
        script = f"Read this, step {i}.\n\n- a point\n- another"
        return f'[[steps]]\ntitle = "Step {i}"\nminutes = 1.5\nkind = "{kind}"\n' + (
            f'script = """{script}"""\n'
        )

    steps = "".join(step(i) for i in range(1000))
    data = ('[meeting]\nname = "Long"\n' + steps).encode()

    def load() -> float:
        started = time.perf_counter()
        parse_agenda(data, "long.toml")
        return time.perf_counter() - started

    seconds = median_of(runs, load)
    return [
        Row(
            "load and validate a 1,000-step agenda",
            f"{seconds * 1000:.1f} ms",
            "goal under 150 ms",
            seconds < 0.150,
        )
    ]
