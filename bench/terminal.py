"""The real app in a pseudo-terminal: launched, fed keys, timed to its frames."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AGENDA = ROOT / "agendas" / "open-discussion.toml"
MARKER = b"Open Discussion Meeting"
PYCACHE = Path(tempfile.mkdtemp(prefix="facilitator-bench-pycache-"))


def app_environment(data_dir: Path) -> dict[str, str]:
    """The environment an installed app runs in, with its data in `data_dir`."""
    env = dict(os.environ, TERM="xterm-256color", FACILITATOR_DATA_DIR=str(data_dir))
    # Compiled bytecode, as an installed package has; every app gets it from a warm-up run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return env


def set_size(descriptor: int, columns: int, rows: int) -> None:
    """Give the terminal behind `descriptor` a size, as a window would."""
    fcntl.ioctl(descriptor, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def first_frame(command: list[str], data_dir: Path) -> tuple[float, int]:
    """Seconds from launch until `MARKER` is on the terminal, and the process's peak RSS (KiB)."""
    primary, secondary = pty.openpty()
    env = app_environment(data_dir)
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


class RunningApp:
    """The real app in a pseudo-terminal, fed keys one at a time.

    `command` runs instead of the app (a baseline), `size` is the terminal's (columns, rows),
    `data` the data directory (a new one by default).
    """

    def __init__(
        self,
        agenda: Path,
        marker: bytes,
        *options: str,
        size: tuple[int, int] = (80, 24),
        data: Path | None = None,
        command: list[str] | None = None,
    ) -> None:
        self.primary, secondary = pty.openpty()
        set_size(secondary, *size)
        data = data or Path(tempfile.mkdtemp()) / "data"
        self.process = subprocess.Popen(
            command or [sys.executable, "-m", "facilitator", str(agenda), *options],
            stdin=secondary,
            stdout=secondary,
            stderr=secondary,
            env=app_environment(data),
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

    def cpu_seconds(self) -> float:
        """The processor time the app has used so far, user and system."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        os.close(self.primary)
        self.process.send_signal(signal.SIGTERM)
        self.process.wait()


def sharing_agenda(name: str, minutes: int = 60) -> Path:
    """An agenda file of one sharing step, its meeting called `name`."""
    path = Path(tempfile.mkdtemp()) / "sharing.toml"
    path.write_text(
        f'[meeting]\nname = "{name}"\n\n[[steps]]\ntitle = "Shares"\nkind = "sharing"\n'
        f"minutes = {minutes}\n",
        encoding="utf-8",
    )
    return path
