"""The share queue under load: a key's frame while the room joins, and how soon a join shows."""

from __future__ import annotations

import asyncio
import os
import re
import selectors
import socket
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.room_page import ROOM_ADDRESS
from bench.rows import Row
from bench.terminal import RunningApp
from tests.support.screen import Screen

SIZE = (100, 32)
"""The terminal's (columns, rows): the share panel, the queue's line and the address fit."""
SHARE = re.compile(r"left of \S+\s+(running|paused)")
"""The share panel's first line ends with the share's state, which the space key flips."""
VIEWERS, JOINS_A_SECOND, FLOOD_SECONDS = 200, 50, 10.0
WAITS_SECONDS = 1.0
"""How long a flood's phone waits in the queue before it leaves: about 50 wait at once."""
GAP_SECONDS = 0.1
"""Between a key's frame and the next key, as a facilitator types at most."""
JOINS = 20
"""Joins timed to the screen, each round."""


def queue_agenda() -> Path:
    """An agenda of one hour-long sharing step whose shares run long: none ends in the bench."""
    path = Path(tempfile.mkdtemp()) / "sharing.toml"
    path.write_text(
        '[meeting]\nname = "Share queue bench"\n\n[[steps]]\ntitle = "Shares"\n'
        'kind = "sharing"\nminutes = 60\nshare_minutes = 30\n',
        encoding="utf-8",
    )
    return path


def post_join(port: int, token: str) -> bytes:
    """A phone's join, as the page sends it; no cookie, so each is a new phone."""
    body = b'{"lane": "room"}'
    return (
        f"POST /{token}/queue HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def delete_ticket(port: int, token: str, answer: bytes) -> bytes | None:
    """The phone's leaving, with the cookie and ticket of its join's `answer` (None: refused)."""
    cookie = re.search(rb"Set-Cookie: (device=[^;]+)", answer)
    ticket = re.search(rb'"ticket": "([A-Z0-9]+)"', answer)
    if not answer.startswith(b"HTTP/1.1 201") or cookie is None or ticket is None:
        return None
    return (
        f"DELETE /{token}/queue/{ticket[1].decode()} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        f"Origin: http://127.0.0.1:{port}\r\nCookie: {cookie[1].decode()}\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode()


def _hold(port: int, token: str, count: int, started: Any) -> None:
    """Hold `count` streams of the room page, reading (and dropping) all they are sent.

    A process of its own, as phones are: their reading must not slow the bench's reading of
    the terminal.
    """
    from tests.support.flood import sources

    phones = sources((count + 3) // 4)  # the page holds a few streams per address
    with selectors.DefaultSelector() as chosen:
        for n in range(count):
            viewer = socket.create_connection(
                ("127.0.0.1", port), source_address=(phones[n // 4], 0)
            )
            viewer.sendall(f"GET /{token}/events HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            chosen.register(viewer, selectors.EVENT_READ)
        started.set()
        while True:
            for key, _ in chosen.select():
                if not os.read(key.fd, 65536):
                    return  # the app has gone


def _flood(port: int, token: str, started: Any, results: Any) -> None:
    """Join the queue `JOINS_A_SECOND` times a second for `FLOOD_SECONDS`, each a new phone
    that leaves `WAITS_SECONDS` later; send back how many of each answer came."""
    from collections import Counter

    from tests.support.flood import sources

    addresses = sources(50, first=100)  # none of the viewers'
    answers: Counter[str] = Counter()

    async def ask(source: str, request: bytes) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        writer.write(request)
        answer = await reader.read()  # the server closes the connection after a write
        writer.close()
        return answer

    async def phone(source: str) -> None:
        answer = await ask(source, post_join(port, token))
        answers[f"join {answer[9:12].decode()}"] += 1
        leave = delete_ticket(port, token, answer)
        if leave is not None:
            await asyncio.sleep(WAITS_SECONDS)
            answer = await ask(source, leave)
            answers[f"leave {answer[9:12].decode()}"] += 1

    async def main() -> None:
        loop = asyncio.get_running_loop()
        phones = []
        started.set()
        begun = loop.time()
        for n in range(int(JOINS_A_SECOND * FLOOD_SECONDS)):
            await asyncio.sleep(max(0.0, begun + n / JOINS_A_SECOND - loop.time()))
            phones.append(asyncio.create_task(phone(addresses[n % len(addresses)])))
        for done in await asyncio.gather(*phones, return_exceptions=True):
            if isinstance(done, BaseException):
                answers[type(done).__name__] += 1

    asyncio.run(main())
    results.send(dict(answers))


class Room:
    """The room in processes of their own: `count` viewers, and joins while `flood` runs."""

    def __init__(self, port: int, token: str, count: int) -> None:
        import multiprocessing

        self.port, self.token = port, token
        started = multiprocessing.Event()
        self.viewers = multiprocessing.Process(
            target=_hold, args=(port, token, count, started), daemon=True
        )
        self.viewers.start()
        if not started.wait(30):
            raise SystemExit("the room page's viewers could not connect")
        self.flooding: Any = None

    def flood(self) -> None:
        """Start `JOINS_A_SECOND` joins a second for `FLOOD_SECONDS`."""
        import multiprocessing

        started = multiprocessing.Event()
        self.results, theirs = multiprocessing.Pipe(duplex=False)
        self.flooding = multiprocessing.Process(
            target=_flood, args=(self.port, self.token, started, theirs), daemon=True
        )
        self.flooding.start()
        if not started.wait(30):
            raise SystemExit("the joins could not start")

    def flood_answers(self) -> dict[str, int] | None:
        """What the flood's requests were answered, once it is over (None: still going)."""
        if not self.results.poll():
            return None
        answers: dict[str, int] = self.results.recv()
        self.flooding.join()
        return answers

    def close(self) -> None:
        for process in (self.viewers, self.flooding):
            if process is not None and process.is_alive():
                process.terminate()
                process.join()


class Terminal:
    """The app's terminal as it shows now, read until it shows what is waited for."""

    def __init__(self, app: RunningApp) -> None:
        self.app = app
        self.screen = Screen(rows=SIZE[1], columns=SIZE[0])
        self.screen.feed(app.first_frames)

    def until(self, shows: re.Pattern[str], timeout: float = 30) -> re.Match[str]:
        deadline = time.perf_counter() + timeout
        while (found := shows.search(self.screen.text())) is None:
            if time.perf_counter() > deadline:
                raise SystemExit(f"the screen did not show {shows.pattern!r} within {timeout} s")
            self.screen.feed(self.app.read(0.5))
        return found

    def address(self) -> re.Match[str]:
        """The room page's address on the screen, once the meeting has started."""
        try:
            return self.until(ROOM_ADDRESS_TEXT, timeout=5)
        except SystemExit:
            # The meeting's first frame sometimes leaves its body unpainted until the whole
            # screen is drawn again: the help screen, opened and closed, draws it.
            os.write(self.app.primary, b"?")
            time.sleep(0.5)
            os.write(self.app.primary, b"\x1b")
            return self.until(ROOM_ADDRESS_TEXT)

    def state(self) -> str:
        return self.until(SHARE)[1]

    def press_share(self) -> float:
        """Seconds from the space key to the share's new state on the screen."""
        before = self.state()
        after = re.compile(SHARE.pattern.replace("running|paused", _other(before)))
        pressed = time.perf_counter()
        os.write(self.app.primary, b" ")
        self.until(after)
        return time.perf_counter() - pressed

    def waiting(self) -> int:
        return int(self.until(WAITING)[1])


WAITING = re.compile(r"(\d+) waiting")


def _other(state: str) -> str:
    return "paused" if state == "running" else "running"


def join_to_screen(terminal: Terminal, port: int, token: str) -> float:
    """Seconds from a join written to the share panel showing one more waiting; it then leaves."""
    waiting = terminal.waiting()
    shows = re.compile(rf"(?<!\d){waiting + 1} waiting")
    phone = socket.create_connection(("127.0.0.1", port))
    phone.sendall(post_join(port, token))
    written = time.perf_counter()
    terminal.until(shows)
    elapsed = time.perf_counter() - written
    answer = b""
    while chunk := phone.recv(65536):
        answer += chunk
    phone.close()
    leave = delete_ticket(port, token, answer)
    if leave is None:
        raise SystemExit(f"a join was refused: {answer[:12]!r}")
    with socket.create_connection(("127.0.0.1", port)) as phone:
        phone.sendall(leave)
        while phone.recv(65536):
            pass
    terminal.until(re.compile(rf"(?<!\d){waiting} waiting"))
    return elapsed


def bench_share_queue(runs: int) -> list[Row]:
    """A key's frame while 200 viewers watch and 50 phones a second join, and a join's way to
    the facilitator's screen."""
    app = RunningApp(queue_agenda(), b"Share queue bench", "--share", "--port", "0", size=SIZE)
    terminal = Terminal(app)
    alone: list[float] = []
    flooded: list[float] = []
    shown: list[float] = []
    answers: dict[str, int] = {}
    try:
        os.write(app.primary, b"s")  # the meeting starts: its address is then on the screen
        found = terminal.address()
        port, token = int(found[1]), found[2]
        os.write(app.primary, b" ")  # a share runs; each space now pauses or resumes it
        terminal.until(re.compile(SHARE.pattern.replace("running|paused", "running")))
        app.quiet()
        # Rounds without and with the room, in turn: what else the machine does hits both.
        for _ in range(max(runs, 1)):
            started = time.perf_counter()
            while time.perf_counter() - started < FLOOD_SECONDS:
                alone.append(terminal.press_share())
                time.sleep(GAP_SECONDS)
            room = Room(port, token, VIEWERS)
            try:
                time.sleep(0.5)  # every stream has had its first event
                for _ in range(JOINS):
                    shown.append(join_to_screen(terminal, port, token))
                    time.sleep(GAP_SECONDS)
                room.flood()
                while (flood := room.flood_answers()) is None:
                    flooded.append(terminal.press_share())
                    time.sleep(GAP_SECONDS)
                for answer, count in flood.items():
                    answers[answer] = answers.get(answer, 0) + count
            finally:
                room.close()
    finally:
        app.close()
    base, loaded = statistics.median(alone), statistics.median(flooded)
    joined = sum(count for answer, count in answers.items() if answer.startswith("join"))
    refused = {
        answer: count for answer, count in answers.items() if answer[-3:] not in ("201", "204")
    }
    return [
        Row(
            "share key to its frame, nobody on the room page",
            f"median {base * 1000:.1f} ms, p95 {_p95(alone) * 1000:.1f} ms",
            "for comparison",
        ),
        Row(
            f"the same, {VIEWERS} viewers, {JOINS_A_SECOND} joins a second for "
            f"{FLOOD_SECONDS:.0f} s",
            f"median {loaded * 1000:.1f} ms, p95 {_p95(flooded) * 1000:.1f} ms "
            f"({joined} joins, refused {refused or 'none'})",
            f"{loaded / base:.2f}x of nobody (goal within 1.2x)",
            loaded / base <= 1.2 and not refused,
        ),
        Row(
            f"a join to the facilitator's screen, {VIEWERS} viewers",
            f"median {statistics.median(shown) * 1000:.1f} ms, worst {max(shown) * 1000:.1f} ms",
            "goal median within 250 ms",
            statistics.median(shown) <= 0.250,
        ),
    ]


ROOM_ADDRESS_TEXT = re.compile(ROOM_ADDRESS.pattern.decode())


def _p95(timings: list[float]) -> float:
    return sorted(timings)[int(len(timings) * 0.95)]
