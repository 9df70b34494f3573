"""Notices: the app's memory after 1,000 of them, against before."""

from __future__ import annotations

import os
import re
import time

from bench.rows import Row
from bench.terminal import RunningApp, sharing_agenda
from tests.support.screen import Screen

NAME = "Notices bench"
SIZE = (100, 32)
ROUND = (b" ", b"\r", b"u", b"\r", b"\r")
"""A share started and ended, its end taken back ("Undone: end of share N", a notice of
its own each time) and ended again, then an end with no share under way ("No share is
under way.", the same notice each time): two notices."""
NOTICES_PER_ROUND = 2
NOTICES = 1000
WARM_ROUNDS = 20
"""Rounds played before memory is first read: what the first notices load is loaded."""
SHARES = re.compile(r"(\d+) shares? done")  # the share panel: "1 share done", "2 shares done"


def bench_notices(_runs: int) -> list[Row]:
    """The real app in a pseudo-terminal shows 1,000 notices, as fast as it draws them; its
    memory (RSS) then, against before them."""
    app = RunningApp(sharing_agenda(NAME), NAME.encode(), size=SIZE)
    screen = Screen(rows=SIZE[1], columns=SIZE[0])
    screen.feed(app.first_frames)
    played = 0

    def play(rounds: int) -> None:
        nonlocal played
        for _ in range(rounds):
            for key in ROUND:
                os.write(app.primary, key)
            played += 1
            deadline = time.perf_counter() + 60
            # The round is drawn when its share is counted (the round's last notice is
            # raised before its end is drawn).
            while (found := SHARES.search(screen.text())) is None or int(found[1]) != played:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"round {played} was not drawn within 60 s")
                screen.feed(app.read(0.05))

    try:
        os.write(app.primary, b"s")
        play(WARM_ROUNDS)
        before = app.rss_mib()
        play(NOTICES // NOTICES_PER_ROUND)
        after = app.rss_mib()
    finally:
        app.close()
    grown = after - before
    return [
        Row(
            "memory after 1,000 notices",
            f"{after:.1f} MiB, before them {before:.1f} MiB: +{grown:.1f} MiB",
            "goal under 10 MiB more",
            grown < 10,
        )
    ]
