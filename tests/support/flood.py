"""Hostile clients of the room page, and a room page served in a process of its own.

`Flood` runs the attacks the room's Wi-Fi allows, from a thread of its own with its own event
loop, so the server under attack (in the test's loop, in another process or in the app) and
the attackers never wait on each other: slow requests dripped a line at a time, storms of
connections, viewers that never read, garbage. Each attacker comes from an address of its
own on this machine (127.0.0.2, 127.0.0.3, ...: all of 127/8 is loopback on Linux).

`HostedRoom` is a `RoomServer` in a child process, under a limit on open files of its own,
that says on request how many connections and viewers it holds, its memory, and whether it
ever failed to open a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Coroutine, Iterator
from typing import Any

SLOW_REQUEST = b"GET /aaaa HTTP/1.1\r\nHost: x\r\n"
"""How each slow request starts; a header line follows every few seconds, and never the end."""

GARBAGE = [
    b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(32)) + b"\r\n\r\n",  # TLS
    b"HELLO\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET / HTTP/9.9\r\n\r\n",
    b"G\x00T / HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"b" * 10000 + b"\r\n\r\n",
    b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: y\r\n" % n for n in range(300)) + b"\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\nabc",
    b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
    b"PUT /x HTTP/1.1\r\nHost: x\r\n\r\n",
    b"DELETE /state.json HTTP/1.1\r\nHost: x\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
    b"BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /%ZZ%00/../state.json HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /\xc3\xa9/state.json HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
]
"""Requests no browser sends: each is answered without a word about the server, or cut."""


def sources(count: int, first: int = 0) -> list[str]:
    """`count` addresses of this machine to connect from: 127.0.0.2, 127.0.0.3, ... (`first`
    skips as many, for a second set of attackers)."""
    return [f"127.0.{n // 250}.{n % 250 + 2}" for n in range(first, first + count)]


def raise_file_limit(wanted: int) -> None:
    """Let this process open `wanted` files (a flood is many sockets), if the system allows."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted <= hard or hard == resource.RLIM_INFINITY:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


class Flood:
    """Attackers of the server at `host`:`port`, run in a thread until `close`.

    `stats` counts what happened to them: connections made, refused, cut by the server.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.stats: Counter[str] = Counter()
        self.answers: list[bytes] = []
        self.held: list[socket.socket] = []
        self.running = True
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def _run(self, attack: Coroutine[Any, Any, None]) -> None:
        asyncio.run_coroutine_threadsafe(attack, self.loop)

    async def _connect(self, source: str, receive_buffer: int = 0) -> socket.socket:
        connection = socket.socket()
        try:
            if receive_buffer:
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
            connection.bind((source, 0))
            connection.setblocking(False)
            await self.loop.sock_connect(connection, (self.host, self.port))
        except BaseException:
            connection.close()
            raise
        self.stats["connected"] += 1
        return connection

    # ------------------------------------------------------------------ the attacks

    def drip(self, count: int, addresses: list[str], every: float = 5.0) -> None:
        """`count` slow requests, spread over `addresses`, each sending one more header line
        `every` seconds and never the end; each one cut is made again."""
        for number in range(count):
            self._run(self._drip(addresses[number % len(addresses)], every))

    async def _drip(self, source: str, every: float) -> None:
        while self.running:
            try:
                connection = await self._connect(source)
            except OSError:
                self.stats["refused"] += 1
                await asyncio.sleep(0.2)
                continue
            try:
                await self.loop.sock_sendall(connection, SLOW_REQUEST)
                while self.running:
                    # The attack itself waits: one line, now and then (its first at random).
                    await asyncio.sleep(random.uniform(0, every))
                    await self.loop.sock_sendall(connection, b"X-Slow: yes\r\n")
                    if _cut(connection):
                        break
                self.stats["cut"] += 1
            except OSError:
                self.stats["cut"] += 1
            finally:
                connection.close()

    def storm(self, workers: int, addresses: list[str]) -> None:
        """Connections opened and closed as fast as `workers` clients can, some sending half
        a request first."""
        for number in range(workers):
            self._run(self._storm(addresses[number % len(addresses)]))

    async def _storm(self, source: str) -> None:
        while self.running:
            try:
                connection = await self._connect(source)
            except OSError:
                self.stats["refused"] += 1
                await asyncio.sleep(0.05)
                continue
            with contextlib.suppress(OSError):
                if random.random() < 0.5:
                    connection.send(b"GET /")
            connection.close()
            await asyncio.sleep(0)

    def silent_viewers(self, path: str, count: int, addresses: list[str]) -> None:
        """`count` streams (`path`, the token's `events`) whose readers never read a byte."""
        for number in range(count):
            self._run(self._silent(path, addresses[number % len(addresses)]))

    async def _silent(self, path: str, source: str) -> None:
        try:
            connection = await self._connect(source, receive_buffer=4096)
            await self.loop.sock_sendall(connection, request(path))
        except OSError:
            self.stats["refused"] += 1
            return
        self.held.append(connection)  # kept open, never read, until the flood ends

    def garbage(self, workers: int, addresses: list[str]) -> None:
        """Requests from `GARBAGE`, again and again; every answer is kept in `answers`."""
        for number in range(workers):
            self._run(self._garbage(addresses[number % len(addresses)]))

    async def _garbage(self, source: str) -> None:
        while self.running:
            try:
                connection = await self._connect(source)
            except OSError:
                self.stats["refused"] += 1
                await asyncio.sleep(0.05)
                continue
            try:
                await self.loop.sock_sendall(connection, random.choice(GARBAGE))
                answer = await asyncio.wait_for(_read_all(self.loop, connection), 10)
                if len(self.answers) < 1000:
                    self.answers.append(answer)
            except (OSError, TimeoutError):
                self.stats["cut"] += 1
            finally:
                connection.close()

    def close(self) -> None:
        """Stop every attacker and close every connection."""
        self.running = False

        async def finish() -> None:
            attackers = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
            for task in attackers:
                task.cancel()
            await asyncio.gather(*attackers, return_exceptions=True)
            for connection in self.held:
                connection.close()

        with contextlib.suppress(TimeoutError):
            asyncio.run_coroutine_threadsafe(finish(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        if not self.loop.is_running():
            self.loop.close()


def request(path: str, method: str = "GET") -> bytes:
    return f"{method} {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode()


def _cut(connection: socket.socket) -> bool:
    """Whether the server has closed or cut `connection` (read without waiting)."""
    try:
        return connection.recv(65536) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


async def _read_all(loop: asyncio.AbstractEventLoop, connection: socket.socket) -> bytes:
    answer = b""
    try:
        while chunk := await loop.sock_recv(connection, 65536):
            answer += chunk
    except ConnectionResetError:
        pass
    return answer


# ---------------------------------------------------------------------- a served room


HOST_CODE = """
import asyncio, json, os, resource, sys
files = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))
from facilitator.room.server import RoomServer
reminder = "x" * int(sys.argv[2])
state = {"status": "ended", "closing": {"reminder": reminder, "resources": []}}
failures = []

def on_error(loop, context):
    failures.append(str(context.get("message")))

def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0

async def main():
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(on_error)
    server = RoomServer(lambda: state, port=0, heartbeat=float(sys.argv[3]))
    print(await server.start(), flush=True)
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    opened = 0
    async def probe():
        nonlocal opened
        while True:
            try:
                os.close(os.open(os.devnull, os.O_RDONLY))
                opened += 1
            except OSError as error:
                failures.append(str(error))
            server.publish()
            await asyncio.sleep(0.2)
    task = asyncio.create_task(probe())
    while (line := await reader.readline()).strip() != b"quit":
        print(json.dumps({
            "viewers": server.viewers, "connections": server.connections,
            "rss": rss(), "files": len(os.listdir("/proc/self/fd")),
            "failures": failures[:5], "opened": opened,
        }), flush=True)
    task.cancel()
    await server.stop()

asyncio.run(main())
"""


class HostedRoom:
    """A `RoomServer` in a child process allowed `files` open files, serving a state whose
    closing reminder is `reminder` characters long."""

    def __init__(self, files: int = 1024, reminder: int = 0, heartbeat: float = 5.0) -> None:
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOST_CODE, str(files), str(reminder), str(heartbeat)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
        )
        assert self.process.stdout is not None
        self.address = self.process.stdout.readline().strip()
        assert self.address.startswith("http://"), self.address
        self.port = int(self.address.split("/")[2].rsplit(":", 1)[1])

    def stats(self) -> dict[str, Any]:
        """What the server holds now: viewers, connections, rss (MB), files, failures."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("stats\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        with contextlib.suppress(OSError):
            self.process.stdin.write("quit\n")
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def hosted_room(**options: Any) -> Iterator[HostedRoom]:
    room = HostedRoom(**options)
    try:
        yield room
    finally:
        room.close()
