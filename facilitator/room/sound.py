"""The tones a room hears: made here, written once, played by the system's own player.

Pure Python (no Textual). The tones are synthesised with the standard library: a soft tone
at a share's warning, a clear double tone at time-up and, when the agenda asks, a soft tone
now and then in overtime. Each is a WAV file in the cache folder, named by its content, so
it is written once and a changed tone is a new file.

They are played by `FACILITATOR_PLAYER` when it is set, else by `winsound` on Windows,
`afplay` on macOS, or the first of `pw-play`, `paplay` and `aplay` on Linux. `Speaker`
plays them in a thread of its own, never on the app's event loop; a player that fails or
hangs is stopped, and from then on the app uses the terminal bell. A player runs in a
process group of its own, so stopping it (at its time limit, or as the app closes) stops
every process it started too.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import functools
import hashlib
import io
import math
import os
import queue
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import wave
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..meeting.states import Cue
from ..words.i18n import _
from ..words.reasons import reason_of

CUES: tuple[Cue, ...] = ("warning", "time", "overtime")

RATE = 22050
"""Samples a second: plenty for tones under 2 kHz, and small files."""
FULL_SCALE = 32767
PLAYER_SECONDS = 5.0
"""A player still running after this long is stopped: the longest tone lasts under one."""
LINUX_PLAYERS = ("pw-play", "paplay", "aplay")
PLAYER_VARIABLE = "FACILITATOR_PLAYER"


@dataclass(frozen=True)
class Tone:
    """One tone: its pitch, length and loudness (its peak, as a part of full scale)."""

    hertz: float
    seconds: float
    level: float


@dataclass(frozen=True)
class Rest:
    """Silence between two tones."""

    seconds: float


TONES: dict[Cue, tuple[Tone | Rest, ...]] = {
    # Soft and single: the sharer has a little time left.
    "warning": (Tone(659.25, 0.35, 0.5),),
    # Clear and double, a fifth higher: time is up.
    "time": (Tone(987.77, 0.22, 0.85), Rest(0.1), Tone(987.77, 0.32, 0.85)),
    # Softer still and lower: still over time.
    "overtime": (Tone(523.25, 0.25, 0.4),),
}
"""What each cue sounds like (E5, B5 twice, C5)."""

EDGE_SECONDS = 0.02
"""Silence before and after a cue, so no player cuts its first or last moment."""
FADE_SECONDS = 0.012
"""Each tone fades in and out over this long: a tone that starts or stops at full height
clicks."""
_OVERTONES = ((1, 1.0), (2, 0.18), (3, 0.06))
"""A sine with a little of its second and third harmonics: clearer on a laptop's small
speakers than a pure sine, and never harsh."""


def _tone_samples(tone: Tone) -> list[float]:
    count = round(tone.seconds * RATE)
    fade = max(1, round(FADE_SECONDS * RATE))
    samples = []
    for n in range(count):
        t = n / RATE
        wave_height = sum(
            weight * math.sin(2 * math.pi * tone.hertz * partial * t)
            for partial, weight in _OVERTONES
        )
        # A raised-cosine fade at both ends, and a gentle decay between, like a struck bell.
        edge = min(n, count - 1 - n)
        envelope = 0.5 - 0.5 * math.cos(math.pi * edge / fade) if edge < fade else 1.0
        envelope *= math.exp(-1.5 * t / tone.seconds)
        samples.append(envelope * wave_height)
    peak = max(abs(value) for value in samples)
    return [tone.level * value / peak for value in samples]


@functools.cache
def wav_bytes(cue: Cue) -> bytes:
    """The cue as a WAV file: 16-bit mono, silent at both ends, its peak under full scale.

    Made once per run: the speaker looks for its files before each tone, and the room page
    serves the same bytes.
    """
    edge = [0.0] * round(EDGE_SECONDS * RATE)
    samples = list(edge)
    for part in TONES[cue]:
        if isinstance(part, Rest):
            samples += [0.0] * round(part.seconds * RATE)
        else:
            samples += _tone_samples(part)
    samples += edge
    pcm = array.array("h", (round(value * FULL_SCALE) for value in samples))
    if sys.byteorder == "big":
        pcm.byteswap()  # WAV is little-endian
    out = io.BytesIO()
    with wave.open(out, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(pcm.tobytes())
    return out.getvalue()


def sound_files(folder: Path) -> dict[Cue, Path]:
    """Each cue's WAV file in `folder`, written there first if it is not there yet.

    Raises:
        OSError: the folder cannot be made or written.
    """
    from ..system.files import atomic_write, private_dir

    private_dir(folder)
    files: dict[Cue, Path] = {}
    for cue in CUES:
        data = wav_bytes(cue)
        path = folder / f"{cue}-{hashlib.sha256(data).hexdigest()[:12]}.wav"
        if not path.is_file() or path.stat().st_size != len(data):
            atomic_write(path, data, overwrite=True)
        files[cue] = path
    return files


# ---------------------------------------------------------------------- players


@dataclass(frozen=True)
class Player:
    """A way to play a WAV file: a command its path is appended to, or Windows' own."""

    name: str
    """What the facilitator is told: `pw-play`, `winsound`, or the command given."""
    command: tuple[str, ...] = ()
    """The command and its arguments, before the file's path; empty for `winsound`."""


def find_player(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> Player | None:
    """The player to use on this system: `FACILITATOR_PLAYER` when set, else the system's."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    given = environ.get(PLAYER_VARIABLE, "").strip()
    if given:
        # Split as the shell of the system would: Windows paths keep their backslashes.
        command = tuple(shlex.split(given, posix=platform != "win32"))
        return Player(given, command)
    if platform == "win32":
        return Player("winsound")
    names = ("afplay",) if platform == "darwin" else LINUX_PLAYERS
    for name in names:
        found = which(name)
        if found:
            return Player(name, (found,))
    return None


def play_file(
    player: Player,
    path: Path,
    seconds: float = PLAYER_SECONDS,
    playing: Callable[[subprocess.Popen[bytes] | None], None] | None = None,
) -> str | None:
    """Play `path` with `player` and wait for it; why it did not play, or None.

    The player runs in a process group of its own (a session on Linux and macOS, a new
    process group on Windows): when it is still running after `seconds`, it is stopped
    with every process it started, so a player that hands the sound to a child of its own
    leaves nothing playing. `playing` is told the player's process when it starts and None
    when it is done, so whoever closes the app can stop it first (`stop_player`).
    """
    if not player.command:
        return _play_windows(path)
    try:
        process = subprocess.Popen(
            [*player.command, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **_own_group(),
        )
    except OSError as error:
        return _("{player} could not be run: {error}").format(
            player=player.name, error=reason_of(error)
        )
    if playing is not None:
        playing(process)
    try:
        code = process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        stop_player(process)
        return _("{player} was still playing after {seconds} seconds").format(
            player=player.name, seconds=f"{seconds:g}"
        )
    except BaseException:  # interrupted (ctrl+c during a sound check): nothing left playing
        stop_player(process)
        raise
    finally:
        if playing is not None:
            playing(None)
    if code != 0:
        return _("{player} failed (exit {code})").format(player=player.name, code=code)
    return None


def _own_group() -> dict[str, Any]:
    """How `Popen` starts a player in a process group of its own, to be stopped whole."""
    if sys.platform == "win32":
        return {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200)}
    return {"start_new_session": True}  # setsid(): its own session and process group


def stop_player(process: subprocess.Popen[bytes]) -> None:
    """Stop a player started by `play_file`, with every process it started, and reap it.

    On Linux and macOS its whole process group is killed; on Windows its tree, with
    `taskkill /T /F`. Where that cannot be done, the player alone is killed.
    """
    if process.returncode is None:  # not reaped yet: the group's number is still the player's
        if sys.platform == "win32":
            _stop_tree(process.pid)
        else:
            with contextlib.suppress(OSError):  # gone already, or not ours to stop
                os.killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=PLAYER_SECONDS)


def _stop_tree(pid: int) -> None:
    """Windows: stop process `pid` and every process it started (`taskkill /T /F`)."""
    system = os.environ.get("SYSTEMROOT", r"C:\Windows")
    taskkill = os.path.join(system, "System32", "taskkill.exe")
    if not os.path.isfile(taskkill):
        taskkill = "taskkill"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(
            [taskkill, "/T", "/F", "/PID", str(pid)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=PLAYER_SECONDS,
            check=False,
        )


def _play_windows(path: Path) -> str | None:
    if sys.platform != "win32":
        return _("winsound is only on Windows")
    import winsound

    try:
        winsound.PlaySound(str(path), winsound.SND_FILENAME | winsound.SND_NODEFAULT)
    except RuntimeError as error:
        return _("winsound could not play it: {error}").format(error=error)
    return None


def fallback_words(problem: str | None) -> str:
    """The one line that says the terminal bell stands in for the tones, and why."""
    if problem is None:
        return _("no sound player found: using the terminal bell")
    return _("the sound player did not work ({problem}): using the terminal bell").format(
        problem=problem
    )


# ---------------------------------------------------------------------- the speaker


class Speaker:
    """Plays cues one after another in a thread of its own, so the app never waits for one.

    When there is no player, or the player fails once, every later cue is the terminal
    bell instead (`ring`), and `gave_up` is told why, once: a player that fails is not
    tried again on every tone. A sound check (`check`) tries the player again.

    `ring` and `gave_up` are called from the speaker's thread: the app passes them on to
    its own loop.

    Args:
        files: where the cues' WAV files are (made on first use; `sound_files`).
        player: the player (None: there is none).
        ring: sounds the terminal bell (and shows it) for a cue the player cannot play.
        gave_up: told once, in one line, that the bell stands in for the tones.
        played: told, after each cue the player played, which player played it.
    """

    def __init__(
        self,
        files: Callable[[], Mapping[Cue, Path]],
        player: Player | None,
        ring: Callable[[Cue], None],
        gave_up: Callable[[str], None],
        played: Callable[[Cue, Player], None] | None = None,
        seconds: float = PLAYER_SECONDS,
    ) -> None:
        self._files = files
        self.player = player
        self._ring = ring
        self._gave_up = gave_up
        self._played = played
        self._seconds = seconds
        self.failed = player is None
        self._told = False
        self._cues: queue.Queue[Cue | None] = queue.Queue(maxsize=2)
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._player: subprocess.Popen[bytes] | None = None  # the one playing now
        self._closing = False

    def play(self, cue: Cue) -> None:
        """Play `cue` soon (or ring the bell, without a working player); never waits."""
        if self.failed:
            self._fall_back(cue, None)
            return
        self._start()
        # Two cues waiting already: a third at once would only blur them.
        with contextlib.suppress(queue.Full):
            self._cues.put_nowait(cue)

    def check(self) -> None:
        """The sound check: play the time-up tones now, with the player even if it failed."""
        if self.player is not None:
            self.failed = False
            self._told = False
        self.play("time")

    def close(self, wait: float = 1.0) -> None:
        """Stop the speaker's thread once the cues waiting are played, waiting at most
        `wait` seconds for them; a player still going then is stopped, with every process
        it started (the app is closing: nothing may play on after it)."""
        if self._thread is not None:
            with contextlib.suppress(queue.Full):
                self._cues.put(None, timeout=wait)
            self._thread.join(wait)
            if self._thread.is_alive():
                self._closing = True  # what the stopped player says is no news now
                with self._lock:
                    playing = self._player
                if playing is not None:
                    stop_player(playing)
                self._thread.join(wait)
            self._thread = None

    def _playing(self, process: subprocess.Popen[bytes] | None) -> None:
        with self._lock:
            self._player = process

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while (cue := self._cues.get()) is not None:
            if self.failed or self.player is None:
                self._fall_back(cue, None)
                continue
            try:
                problem = play_file(self.player, self._files()[cue], self._seconds, self._playing)
            except OSError as error:  # the cache folder could not be written
                problem = _("the tones could not be written: {error}").format(
                    error=reason_of(error)
                )
            if self._closing:
                return
            if problem is None:
                if self._played is not None:
                    self._played(cue, self.player)
                continue
            self.failed = True
            self._fall_back(cue, problem)

    def _fall_back(self, cue: Cue, problem: str | None) -> None:
        self._ring(cue)
        if not self._told:
            self._told = True
            self._gave_up(fallback_words(problem if self.player is not None else None))


def speaker_on_loop(
    loop: asyncio.AbstractEventLoop,
    ring: Callable[[], None],
    gave_up: Callable[[str], None],
    folder: Path,
) -> Speaker:
    """A `Speaker` with the system's player and its tones in `folder`, whose news (`ring`,
    `gave_up`) is handed to `loop`'s thread rather than told from the speaker's own."""

    def on_loop(then: Callable[..., object], *args: object) -> None:
        # A tone that failed as the app closed has no loop left to tell.
        with contextlib.suppress(RuntimeError):  # the event loop is closed
            loop.call_soon_threadsafe(then, *args)

    return Speaker(
        functools.partial(sound_files, folder),
        find_player(),
        lambda cue: on_loop(ring),
        lambda why: on_loop(gave_up, why),
    )
