"""The room page under load: a key's frame, and how soon a hundred phones are sent it."""

from __future__ import annotations

import json
import os
import re
import selectors
import socket
import statistics
import time
from typing import Any

from bench.rows import Row
from bench.terminal import RunningApp, sharing_agenda
from tests.support.screen import Screen

ROOM_ADDRESS = re.compile(rb"http://127\.0\.0\.1:(\d+)/([A-Za-z0-9_-]{22,})/")


def _watch(port: int, token: str, count: int, started: Any, reports: Any) -> None:
    """Hold `count` streams of the room page open, as phones in a room would; each time all
    of them have been sent a new share state, report it and when the last one came.

    A process of its own: reading a hundred streams must not slow the bench's own reading
    of the terminal.
    """
    from tests.support.flood import sources

    # Each phone has an address of its own; the page holds a few streams per address.
    phones = sources((count + 3) // 4)
    viewers = []
    for n in range(count):
        viewer = socket.create_connection(("127.0.0.1", port), source_address=(phones[n // 4], 0))
        viewer.sendall(f"GET /{token}/events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
        viewers.append(viewer)
    buffers = {viewer.fileno(): b"" for viewer in viewers}
    last: dict[int, tuple[str, float]] = {}
    reported = None
    with selectors.DefaultSelector() as chosen:
        for viewer in viewers:
            chosen.register(viewer, selectors.EVENT_READ)
        started.set()
        while True:
            for key, _ in chosen.select():
                data = os.read(key.fd, 65536)
                arrived = time.perf_counter()  # one clock for every process on this machine
                if not data:
                    return  # the app has gone
                *events, buffers[key.fd] = (buffers[key.fd] + data).split(b"\n\n")
                for event in events:
                    start = event.find(b"data: ")
                    if start >= 0:
                        share = json.loads(event[start + 6 :])["share"]
                        last[key.fd] = (share and share["state"], arrived)
            states = {state for state, _ in last.values()}
            if len(last) == count and len(states) == 1 and states != {reported}:
                reported = states.pop()
                reports.send((reported, max(when for _, when in last.values())))


class Viewers:
    """A hundred viewers of the room page, in a process of their own."""

    def __init__(self, port: int, token: str, count: int) -> None:
        import multiprocessing

        started = multiprocessing.Event()
        self.reports, theirs = multiprocessing.Pipe(duplex=False)
        self.process = multiprocessing.Process(
            target=_watch, args=(port, token, count, started, theirs), daemon=True
        )
        self.process.start()
        if not started.wait(30):
            raise SystemExit("the room page's viewers could not connect")

    def all_see(self, state: str, since: float, timeout: float = 10) -> float:
        """Seconds from `since` until every viewer has been sent `state`."""
        while self.reports.poll(timeout):
            shown, when = self.reports.recv()
            if shown == state and when >= since:
                return float(when - since)
        raise SystemExit(f"the room page's viewers were not all sent {state!r} within {timeout} s")

    def close(self) -> None:
        self.process.terminate()
        self.process.join()


ROUNDS, PRESSES = 4, 40


def bench_room_page(_runs: int) -> list[Row]:
    """A key's frame with 100 viewers on the room page, and how soon they all see it."""
    agenda = sharing_agenda("Room page bench")
    app = RunningApp(agenda, b"Room page bench", "--share", "--port", "0")
    try:
        # The meeting starts first: the address is then read off the screen as a terminal
        # shows it (Textual rewrites only the stretches of a line that change).
        screen = Screen(rows=24, columns=80)
        screen.feed(app.first_frames)
        os.write(app.primary, b"s")
        deadline = time.perf_counter() + 10
        while (found := ROOM_ADDRESS.search(screen.text().encode())) is None:
            if time.perf_counter() > deadline:
                raise SystemExit("the room page's address is not on the screen")
            screen.feed(app.read(0.1))
        app.quiet()
        port, token = int(found[1]), found[2].decode()
        app.press(b" ")  # a share runs; each space now pauses or resumes it
        state = "running"
        alone: list[float] = []
        watched: list[float] = []
        reached: list[float] = []
        # Rounds without and with viewers, in turn: what else the machine does hits both.
        for _ in range(ROUNDS):
            for _ in range(PRESSES):
                state = "paused" if state == "running" else "running"
                alone.append(app.press(b" "))
            viewers = Viewers(port, token, 100)
            try:
                viewers.all_see(state, 0)  # every stream has had its first event
                for _ in range(PRESSES):
                    state = "paused" if state == "running" else "running"
                    pressed = time.perf_counter()
                    watched.append(app.press(b" "))
                    reached.append(viewers.all_see(state, pressed))
            finally:
                viewers.close()
    finally:
        app.close()
    base, loaded = statistics.median(alone), statistics.median(watched)
    return [
        Row(
            "share key to its frame, no viewers on the room page",
            f"median {base * 1000:.1f} ms",
            "for comparison",
        ),
        Row(
            "share key to its frame, 100 viewers on the room page",
            f"median {loaded * 1000:.1f} ms",
            f"{loaded / base:.2f}x of no viewers (goal within 1.2x)",
            loaded / base <= 1.2,
        ),
        Row(
            "share key until all 100 viewers are sent it",
            f"median {statistics.median(reached) * 1000:.1f} ms, "
            f"worst {max(reached) * 1000:.1f} ms",
            "goal median within 250 ms",
            statistics.median(reached) <= 0.250,
        ),
    ]
