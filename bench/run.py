"""Benchmarks: prints a table of figures, each against its goal or a baseline measured in this run.

Run from the project's root: `python bench/run.py` (`--runs N` for more repetitions).
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import select
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project's own tests
from tests.support.screen import Screen  # noqa: E402 (a terminal's screen, as the tests read it)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the clocks moved by hand live with the tests
AGENDA = ROOT / "agendas" / "open-discussion.toml"
MARKER = b"Open Discussion Meeting"

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


PYCACHE = Path(tempfile.mkdtemp(prefix="facilitator-bench-pycache-"))


def first_frame(command: list[str], data_dir: Path) -> tuple[float, int]:
    """Seconds from launch until `MARKER` is on the terminal, and the process's peak RSS (KiB)."""
    primary, secondary = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", FACILITATOR_DATA_DIR=str(data_dir))
    # Compiled bytecode, as an installed package has; both apps get it from the warm-up run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=env,
        start_new_session=True,
    )
    os.close(secondary)
    seen = b""
    elapsed = float("nan")
    deadline = started + 30
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([primary], [], [], 0.05)
        if ready:
            try:
                seen += os.read(primary, 65536)
            except OSError:
                break
            if MARKER in seen:
                elapsed = time.perf_counter() - started
                break
    time.sleep(0.3)  # let it settle, so peak memory includes the first frames
    os.close(primary)
    process.send_signal(signal.SIGTERM)
    _, _, usage = os.wait4(process.pid, 0)
    return elapsed, usage.ru_maxrss


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def bench_startup(runs: int) -> list[tuple[str, str, str]]:
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
        (
            "launch to first frame of the meeting screen",
            f"{ours_time * 1000:.0f} ms (bare Textual app {base_time * 1000:.0f} ms)",
            f"{ours_time / base_time:.2f}x (goal at most 1.5x)",
        ),
        (
            "the same, the first time an agenda is opened (validated)",
            f"{cold_time * 1000:.0f} ms",
            f"{cold_time / base_time:.2f}x (for information)",
        ),
        (
            "peak memory (RSS)",
            f"{ours_rss:.0f} MiB (bare Textual app {base_rss:.0f} MiB)",
            f"{ours_rss / base_rss:.2f}x (goal at most 1.5x)",
        ),
    ]


def bench_big_agenda(runs: int) -> list[tuple[str, str, str]]:
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
        ("load and validate a 1,000-step agenda", f"{seconds * 1000:.1f} ms", "goal under 150 ms")
    ]


def bench_export_and_tally(runs: int) -> list[tuple[str, str, str]]:
    from facilitator.agenda import agenda_to_json, load_agenda
    from facilitator.meeting.clocks import monotonic_clock
    from facilitator.meeting.engine import Meeting
    from facilitator.records.export import export_rows, to_csv
    from facilitator.records.report import summarize
    from facilitator.store import recorder
    from facilitator.store.database import open_store
    from tests.support.clocks import ManualClock, ManualWall

    agenda = load_agenda(AGENDA)
    directory = Path(tempfile.mkdtemp()) / "data"
    store = open_store(directory, lambda: datetime.now(UTC)).store
    assert store is not None
    start = datetime(2020, 1, 7, 19, 0, tzinfo=timezone(timedelta(hours=-5)))

    # One real meeting gives the summary; 10,000 rows are written in bulk with it.
    clock = ManualClock()
    meeting = Meeting(agenda, clock=clock, wall=ManualWall(clock, start))
    for _ in range(12):
        meeting.tally(0)
    meeting.start()
    clock.advance(3600)
    meeting.end()
    summary = summarize(meeting).to_json()
    agenda_json = agenda_to_json(agenda)
    with store.transaction() as db:
        db.execute("BEGIN")
        for number in range(10_000):
            moment = (start + timedelta(days=number)).isoformat(timespec="milliseconds")
            db.execute(
                "INSERT INTO meetings (agenda, agenda_path, meeting, agenda_json, created_at,"
                " started_at, ended_at, summary_json) VALUES (?, '', ?, ?, ?, ?, ?, ?)",
                (
                    "open-discussion",
                    agenda.meeting.name,
                    agenda_json,
                    moment,
                    moment,
                    moment,
                    summary,
                ),
            )

    def export() -> float:
        started = time.perf_counter()
        to_csv(export_rows(store, steps=False))  # as `facilitator export` does for CSV
        return time.perf_counter() - started

    export_seconds = median_of(runs, export)

    recorded = recorder.start(agenda, AGENDA, store, monotonic_clock, lambda: start)
    live, log = recorded.meeting, recorded.log
    live.start()
    timings = []
    for index in range(300):
        started = time.perf_counter()
        live.tally(index % 3)  # returns once the change is committed (fsync'd)
        timings.append(time.perf_counter() - started)
    timings.sort()
    assert not log.pending  # every tally was saved
    return [
        (
            "export 10,000 stored meetings to CSV",
            f"{export_seconds * 1000:.0f} ms",
            "goal under 1 s",
        ),
        (
            "tally keypress to durable (300 tallies)",
            f"median {statistics.median(timings) * 1000:.2f} ms, "
            f"p95 {timings[int(len(timings) * 0.95)] * 1000:.2f} ms",
            "goal under 10 ms",
        ),
    ]


def bench_timer(_runs: int) -> list[tuple[str, str, str]]:
    from facilitator.agenda import parse_agenda
    from facilitator.meeting.engine import Meeting
    from tests.support.clocks import ManualClock

    agenda = parse_agenda(
        b'[meeting]\nname = "M"\n[[steps]]\ntitle = "S"\nminutes = 120\nkind = "sharing"\n'
        b"share_minutes = 120\n"
    )
    clock = ManualClock()
    meeting = Meeting(agenda, clock=clock)
    meeting.start()
    meeting.toggle_share()
    for _ in range(7200 * 4):  # two hours of quarter-second ticks, each reading the timer
        clock.advance(0.25)
        meeting.share_view()
    share = meeting.share_view()
    assert share is not None
    error = abs(share.remaining - 0.0)
    return [("countdown after a simulated 2-hour share", f"off by {error:.9f} s", "goal exact")]


def bench_blocked_loop(_runs: int) -> list[tuple[str, str, str]]:
    """The real app, headless, on the real clock: a share runs, then the event loop is blocked."""
    import asyncio

    from textual.content import Content

    from facilitator.agenda import load_agenda
    from facilitator.app import build_app
    from facilitator.meeting.clocks import monotonic_clock
    from facilitator.screens.meeting.screen import MeetingScreen
    from facilitator.widgets.share_timer import ShareTimer
    from facilitator.words.meeting import format_countdown

    agenda = load_agenda(AGENDA)
    sharing = next(i for i, step in enumerate(agenda.steps) if step.kind == "sharing")
    frames: list[tuple[float, float, float]] = []  # when, shown remaining, true remaining
    render = ShareTimer.render

    def recording(timer: ShareTimer) -> Content:
        view = timer.view
        if view is not None and view.share is not None:
            truth = timer.app.meeting.share_view()  # type: ignore[attr-defined]
            frames.append((monotonic_clock(), view.share.remaining, truth.remaining))
        return render(timer)

    async def run() -> tuple[float, float, str, str]:
        # A store of its own each time: a meeting left running would be offered for resume.
        app = build_app(agenda, AGENDA, data=Path(tempfile.mkdtemp()) / "data")
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.press("s", *["n"] * sharing, "space")
            await pilot.pause(1.0)
            assert isinstance(app.screen, MeetingScreen)
            time.sleep(2.5)  # the event loop is blocked: no tick, no frame
            unblocked = monotonic_clock()
            deadline = unblocked + 10
            while not any(when > unblocked for when, _, _ in frames):
                if monotonic_clock() > deadline:
                    raise SystemExit("no frame came after the event loop was blocked")
                await asyncio.sleep(0.005)
            when, shown, truth = next(f for f in frames if f[0] > unblocked)
            return (
                when - unblocked,
                abs(truth - shown),
                format_countdown(shown),
                (format_countdown(truth)),
            )

    ShareTimer.render = recording  # type: ignore[method-assign,assignment]
    try:
        results = []
        for _ in range(3):
            frames.clear()
            results.append(asyncio.run(run()))
    finally:
        ShareTimer.render = render  # type: ignore[method-assign]
    # The worst of three: each run blocks for 2.5 s of real time.
    latency, error, shown, truth = max(results, key=lambda r: (r[1], r[0]))
    return [
        (
            "first frame after the event loop is blocked 2.5 s (worst of 3)",
            f"{latency * 1000:.0f} ms later, shows {shown} (truth {truth}, "
            f"{error * 1000:.0f} ms behind)",
            "goal right within 100 ms",
        )
    ]


class RunningApp:
    """The real app in a pseudo-terminal, fed keys one at a time."""

    def __init__(self, agenda: Path, marker: bytes, *options: str) -> None:
        self.primary, secondary = pty.openpty()
        data = Path(tempfile.mkdtemp()) / "data"
        env = dict(os.environ, TERM="xterm-256color", FACILITATOR_DATA_DIR=str(data))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitator", str(agenda), *options],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=env,
            start_new_session=True,
        )
        os.close(secondary)
        seen = b""
        deadline = time.perf_counter() + 60
        while marker not in seen:
            if time.perf_counter() > deadline:
                raise SystemExit(f"{agenda.name}: no first frame within 60 s")
            seen += self.read(0.1)
        self.quiet()
        self.first_frames = seen

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.primary], [], [], timeout)
        return os.read(self.primary, 65536) if ready else b""

    def quiet(self, for_seconds: float = 0.05) -> None:
        """Wait until the terminal has had no output for a moment."""
        while self.read(for_seconds):
            pass

    def press(self, key: bytes) -> float:
        """Seconds from the key to the first output of the frame it brings."""
        started = time.perf_counter()
        os.write(self.primary, key)
        deadline = started + 30
        while not self.read(0.5):
            if time.perf_counter() > deadline:
                raise SystemExit("no frame within 30 s of a key")
        elapsed = time.perf_counter() - started
        self.quiet(0.02)
        return elapsed

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        line = next(line for line in status.splitlines() if line.startswith("VmRSS:"))
        return int(line.split()[1]) / 1024

    def close(self) -> None:
        os.close(self.primary)
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()


def bench_undo(runs: int) -> list[tuple[str, str, str]]:
    """Taking back a share's end in a long meeting, and resuming a log full of undos."""
    from facilitator.agenda import load_agenda
    from facilitator.meeting.engine import Meeting
    from facilitator.store.recorder import replay
    from tests.support.clocks import ManualClock, ManualWall

    agenda = load_agenda(AGENDA)
    sharing = next(i for i, step in enumerate(agenda.steps) if step.kind == "sharing")
    start = datetime(2020, 1, 7, 19, 0, tzinfo=timezone(timedelta(hours=-5)))
    clock = ManualClock()
    wall = ManualWall(clock, start)
    meeting = Meeting(agenda, clock=clock, wall=wall)
    meeting.start()
    meeting.goto(sharing)
    for index in range(5000):
        meeting.tally(index % len(agenda.attendance))
    meeting.toggle_share()
    clock.advance(60)

    def undo_an_end() -> float:
        meeting.end_share()
        started = time.perf_counter()
        meeting.undo()  # the whole meeting is rebuilt without the end
        return time.perf_counter() - started

    undo_seconds = median_of(runs, undo_an_end)
    for _ in range(500):  # a log with 500 more ends of share, each taken back
        meeting.end_share()
        meeting.undo()
    events = list(meeting.events)

    def resume() -> float:
        started = time.perf_counter()
        replay(agenda, events, clock, wall)
        return time.perf_counter() - started

    resume_seconds = median_of(runs, resume)
    return [
        (
            "undo a share's end after 5,000 changes",
            f"{undo_seconds * 1000:.1f} ms",
            "goal under 16 ms (a frame)",
        ),
        (
            f"resume a log of {len(events):,} events, 500 of them undos",
            f"{resume_seconds * 1000:.0f} ms",
            "goal under 100 ms",
        ),
    ]


def bench_keypresses(_runs: int) -> list[tuple[str, str, str]]:
    """Memory after thousands of tallies, and a key's frame in short and very long agendas."""
    app = RunningApp(AGENDA, MARKER)
    try:
        for _ in range(100):
            app.press(b"1")
        after_100 = app.rss_mib()
        for _ in range(4900):
            app.press(b"1")
        after_5000 = app.rss_mib()
    finally:
        app.close()
    rows = [
        (
            "memory (RSS) after 5,000 tally keys",
            f"{after_5000:.1f} MiB, after 100 {after_100:.1f} MiB: "
            f"+{after_5000 - after_100:.1f} MiB",
            "goal within 5 MiB",
        )
    ]
    folder = Path(tempfile.mkdtemp())
    medians = {}
    for count in (10, 1000, 30_000):
        # Inline tables: 30,000 steps fit in an agenda file's million bytes.
        steps = ",\n".join(f'{{title="Step {i}",minutes=1}}' for i in range(count))
        path = folder / f"steps-{count}.toml"
        path.write_text(f'steps = [\n{steps}\n]\n[meeting]\nname = "Long"\n', encoding="utf-8")
        app = RunningApp(path, b"Long")
        try:
            app.press(b"1")  # the first key warms the caches
            timings = sorted(app.press(b"1") for _ in range(60))
        finally:
            app.close()
        medians[count] = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95)]
        if count == 10:
            goal = "for comparison"
        elif count == 1000:
            goal = f"{medians[count] / medians[10]:.2f}x of 10 steps (goal within 1.5x)"
        else:
            goal = "goal under 100 ms"
        rows.append(
            (
                f"tally key to its frame, {count:,}-step agenda",
                f"median {medians[count] * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms",
                goal,
            )
        )
    return rows


SHARING_AGENDA = """\
[meeting]
name = "Room page bench"

[[steps]]
title = "Shares"
kind = "sharing"
minutes = 60
"""
ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\\\)")
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


def bench_room_page(_runs: int) -> list[tuple[str, str, str]]:
    """A key's frame with 100 viewers on the room page, and how soon they all see it."""
    agenda = Path(tempfile.mkdtemp()) / "sharing.toml"
    agenda.write_text(SHARING_AGENDA, encoding="utf-8")
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
        (
            "share key to its frame, no viewers on the room page",
            f"median {base * 1000:.1f} ms",
            "for comparison",
        ),
        (
            "share key to its frame, 100 viewers on the room page",
            f"median {loaded * 1000:.1f} ms",
            f"{loaded / base:.2f}x of no viewers (goal within 1.2x)",
        ),
        (
            "share key until all 100 viewers are sent it",
            f"median {statistics.median(reached) * 1000:.1f} ms, "
            f"worst {max(reached) * 1000:.1f} ms",
            "goal median within 250 ms",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="repetitions per figure (median)")
    runs = parser.parse_args().runs
    rows: list[tuple[str, str, str]] = []
    for bench in (
        bench_startup,
        bench_big_agenda,
        bench_export_and_tally,
        bench_undo,
        bench_timer,
        bench_blocked_loop,
        bench_keypresses,
        bench_room_page,
    ):
        rows += bench(runs)
    width = max(len(row[0]) for row in rows)
    value_width = max(len(row[1]) for row in rows)
    print(f"{'measure'.ljust(width)}  {'figure'.ljust(value_width)}  against")
    for name, value, goal in rows:
        print(f"{name.ljust(width)}  {value.ljust(value_width)}  {goal}")
    print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {runs} runs")


if __name__ == "__main__":
    main()
