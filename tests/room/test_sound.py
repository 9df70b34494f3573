"""The tones: WAV files that parse back, written once; the players; the speaker's fallback."""

from __future__ import annotations

import array
import io
import os
import shutil
import subprocess
import sys
import threading
import time
import types
import wave
from pathlib import Path
from typing import Any

import pytest

from facilitator.meeting.states import Cue
from facilitator.room.sound import (
    CUES,
    EDGE_SECONDS,
    FULL_SCALE,
    RATE,
    TONES,
    Player,
    Rest,
    Speaker,
    fallback_words,
    find_player,
    play_file,
    sound_files,
    stop_player,
    wav_bytes,
)

from ..support.players import PlayerFamily, fake_player

LENGTHS = {"warning": 0.39, "time": 0.68, "overtime": 0.29}  # seconds, silent edges included


def samples_of(data: bytes) -> tuple[wave._wave_params, array.array[int]]:
    with wave.open(io.BytesIO(data)) as wav:
        params = wav.getparams()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    return params, samples


@pytest.mark.parametrize("cue", CUES)
def test_each_tone_is_a_clean_wav(cue: Cue) -> None:
    params, samples = samples_of(wav_bytes(cue))
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, RATE)
    assert params.nframes / RATE == pytest.approx(LENGTHS[cue], abs=0.005)
    peak = max(abs(sample) for sample in samples)
    assert 0.3 * FULL_SCALE < peak < FULL_SCALE  # heard, and never clipped
    # Silent at both ends, and rising from silence gently: no click as it starts or stops.
    edge = round(EDGE_SECONDS * RATE)
    assert not any(samples[:edge]) and not any(samples[-edge:])
    start = samples[edge : edge + round(0.002 * RATE)]
    assert max(abs(sample) for sample in start) < 0.2 * peak


def test_time_up_is_two_tones_and_the_others_one() -> None:
    expected: dict[Cue, int] = {"warning": 1, "time": 2, "overtime": 1}
    for cue, tones in expected.items():
        parts = [part for part in TONES[cue] if not isinstance(part, Rest)]
        assert len(parts) == tones
    _, samples = samples_of(wav_bytes("time"))
    edge = round(EDGE_SECONDS * RATE)
    inner = samples[edge:-edge]
    # The rest between the two tones: a tenth of a second of silence, in the middle.
    silent = [abs(sample) < 2 for sample in inner]
    longest = run = 0
    for quiet in silent:
        run = run + 1 if quiet else 0
        longest = max(longest, run)
    assert longest == pytest.approx(0.1 * RATE, abs=0.01 * RATE)


def test_the_warning_is_softer_than_time_up() -> None:
    def peak(cue: Cue) -> int:
        return max(abs(sample) for sample in samples_of(wav_bytes(cue))[1])

    assert peak("overtime") < peak("warning") < peak("time")


def test_the_files_are_written_once_and_named_by_their_content(tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "sounds"
    files = sound_files(folder)
    assert set(files) == set(CUES)
    for cue, path in files.items():
        assert path.parent == folder and path.name.startswith(f"{cue}-")
        assert path.read_bytes() == wav_bytes(cue)
    written = {path: path.stat().st_mtime_ns for path in files.values()}
    assert sound_files(folder) == files
    assert {path: path.stat().st_mtime_ns for path in files.values()} == written
    files["time"].write_bytes(b"RIFF")  # cut short, by a full disk say: written again
    sound_files(folder)
    assert files["time"].read_bytes() == wav_bytes("time")


def test_the_player_given_in_the_environment_comes_first() -> None:
    found = find_player({"FACILITATOR_PLAYER": "mpv --really-quiet"}, "linux", lambda _: "/x")
    assert found == Player("mpv --really-quiet", ("mpv", "--really-quiet"))
    # On Windows a path keeps its backslashes.
    windows = find_player({"FACILITATOR_PLAYER": r"C:\Tools\play.exe /q"}, "win32")
    assert windows is not None and windows.command == (r"C:\Tools\play.exe", "/q")


def test_each_system_has_its_player() -> None:
    assert find_player({}, "win32") == Player("winsound")
    assert find_player({}, "darwin", lambda name: f"/usr/bin/{name}") == Player(
        "afplay", ("/usr/bin/afplay",)
    )
    assert find_player({}, "darwin", lambda name: None) is None
    on_path = {"paplay", "aplay"}

    def which(name: str) -> str | None:
        return f"/usr/bin/{name}" if name in on_path else None

    assert find_player({}, "linux", which) == Player("paplay", ("/usr/bin/paplay",))
    on_path.add("pw-play")
    assert find_player({}, "linux", which) == Player("pw-play", ("/usr/bin/pw-play",))
    on_path.clear()
    assert find_player({"FACILITATOR_PLAYER": "  "}, "linux", which) is None


def test_a_player_plays_the_file_given_last(tmp_path: Path) -> None:
    recorder = fake_player(tmp_path)
    player = find_player({"FACILITATOR_PLAYER": recorder.command})
    assert player is not None
    wav = sound_files(tmp_path / "sounds")["time"]
    assert play_file(player, wav) is None
    assert recorder.played() == [wav]


def test_a_player_that_fails_or_hangs_says_why(tmp_path: Path) -> None:
    wav = sound_files(tmp_path / "sounds")["warning"]
    failing = fake_player(tmp_path / "failing", exit_code=3)
    player = Player("failing", tuple(failing.command.split()))
    assert play_file(player, wav) == "failing failed (exit 3)"
    hanging = fake_player(tmp_path / "hanging", hang=True)
    started = time.monotonic()
    problem = play_file(Player("hanging", tuple(hanging.command.split())), wav, seconds=0.5)
    assert problem == "hanging was still playing after 0.5 seconds"
    assert time.monotonic() - started < 5  # stopped, not waited for
    missing = Player("nothing", (str(tmp_path / "no-such-player"),))
    assert play_file(missing, wav) == "nothing could not be run: No such file or directory"


def test_a_player_that_starts_a_child_is_stopped_with_it_at_the_limit(
    tmp_path: Path, player_family: PlayerFamily
) -> None:
    wav = sound_files(tmp_path / "sounds")["time"]
    player = Player("sh", player_family.arguments)
    said: list[str | None] = []
    playing = threading.Thread(target=lambda: said.append(play_file(player, wav, seconds=2)))
    playing.start()
    player_family.child()  # it handed the sound to a child of its own
    player_family.wait_gone()  # at the limit the player went, and its child with it
    playing.join(10)
    assert said == ["sh was still playing after 2 seconds"]


def test_a_player_that_ends_by_itself_is_heard_as_before(tmp_path: Path) -> None:
    if shutil.which("sh") is None:
        pytest.skip("no sh here")
    wav = sound_files(tmp_path / "sounds")["time"]
    told: list[object] = []
    player = Player("sh", ("sh", "-c", 'test -s "$1" && exit 0; exit 4', "sh"))
    assert play_file(player, wav, playing=told.append) is None
    assert told[-1] is None and isinstance(told[0], subprocess.Popen)  # told when it is done
    assert play_file(player, tmp_path / "missing.wav") == "sh failed (exit 4)"


def test_closing_the_speaker_stops_a_player_still_playing(
    tmp_path: Path, player_family: PlayerFamily
) -> None:
    heard = Heard()
    speaker = speaker_for(tmp_path, Player("sh", player_family.arguments), heard, seconds=60)
    speaker.play("time")
    player_family.child()
    started = time.monotonic()
    speaker.close(wait=0.2)  # the app closes while the tone still plays
    player_family.wait_gone()
    assert time.monotonic() - started < 10  # not the player's own time limit
    assert heard.rung == [] and heard.told == []  # and no word of it on a closing screen


def sleeper() -> subprocess.Popen[bytes]:
    """A process that plays nothing for a minute, in a group of its own as a player is."""
    return subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"],
        start_new_session=sys.platform != "win32",
    )


def test_where_the_group_cannot_be_stopped_the_player_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not hasattr(os, "killpg"):
        pytest.skip("no process groups on this system")
    tried: list[int] = []

    def refuse(group: int, signum: int) -> None:
        tried.append(group)
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "killpg", refuse)
    process = sleeper()
    stop_player(process)
    assert tried == [process.pid]
    assert process.returncode is not None  # killed, and reaped


@pytest.mark.parametrize("taskkill", ["works", "fails", "missing"])
def test_on_windows_the_players_tree_is_stopped_with_taskkill(
    monkeypatch: pytest.MonkeyPatch, taskkill: str
) -> None:
    process = sleeper()
    ran: list[list[str]] = []
    run = subprocess.run

    def fake_run(command: list[str], **options: Any) -> subprocess.CompletedProcess[bytes]:
        ran.append(command)
        if taskkill == "missing":
            raise FileNotFoundError(2, "No such file or directory")
        if taskkill == "works":
            process.kill()  # as taskkill /T /F does, with every process it started
        return run([sys.executable, "-c", f"raise SystemExit({128 if taskkill == 'fails' else 0})"])

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(subprocess, "run", fake_run)
    monkeypatch.setenv("SYSTEMROOT", "C:\\Windows")
    stop_player(process)
    (command,) = ran
    assert command[0].endswith("taskkill.exe") or command[0] == "taskkill"
    assert command[1:] == ["/T", "/F", "/PID", str(process.pid)]
    assert process.returncode is not None  # stopped either way: the player alone at worst


@pytest.mark.parametrize(
    ("platform", "options"),
    [
        ("win32", {"creationflags": 0x200}),  # CREATE_NEW_PROCESS_GROUP
        ("linux", {"start_new_session": True}),
        ("darwin", {"start_new_session": True}),
    ],
)
def test_each_system_starts_a_player_in_a_group_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str, options: dict[str, Any]
) -> None:
    given: list[dict[str, Any]] = []

    def popen(command: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        given.append(kwargs)
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(subprocess, "Popen", popen)
    assert play_file(Player("p", ("p",)), tmp_path / "x.wav") == (
        "p could not be run: No such file or directory"
    )
    (kwargs,) = given
    assert {key: kwargs[key] for key in options} == options
    assert set(kwargs) - set(options) == {"stdin", "stdout", "stderr"}


def test_winsound_is_only_tried_on_windows(tmp_path: Path) -> None:
    # This machine is not Windows: the one player with no command says so, and no more.
    assert play_file(Player("winsound"), tmp_path / "x.wav") == "winsound is only on Windows"


class Heard:
    """What a speaker did, from its thread."""

    def __init__(self) -> None:
        self.rung: list[Cue] = []
        self.told: list[str] = []
        self.changed = threading.Event()

    def ring(self, cue: Cue) -> None:
        self.rung.append(cue)
        self.changed.set()

    def tell(self, words: str) -> None:
        self.told.append(words)

    def wait(self, rung: int) -> None:
        deadline = time.monotonic() + 10
        while len(self.rung) < rung:
            assert time.monotonic() < deadline, f"{rung} bells expected, heard {self.rung}"
            self.changed.wait(0.05)
            self.changed.clear()


def speaker_for(
    tmp_path: Path, player: Player | None, heard: Heard, seconds: float = 5.0
) -> Speaker:
    folder = tmp_path / "sounds"
    return Speaker(lambda: sound_files(folder), player, heard.ring, heard.tell, seconds=seconds)


def test_the_speaker_plays_each_cue_in_its_own_thread(tmp_path: Path) -> None:
    recorder = fake_player(tmp_path / "player")
    heard = Heard()
    speaker = speaker_for(tmp_path, find_player({"FACILITATOR_PLAYER": recorder.command}), heard)
    speaker.play("warning")
    speaker.play("time")
    played = recorder.wait_for(2)
    speaker.close()
    assert recorder.cues(played) == ["warning", "time"]
    assert heard.rung == [] and heard.told == []


def test_with_no_player_the_bell_rings_and_it_is_said_once(tmp_path: Path) -> None:
    heard = Heard()
    speaker = speaker_for(tmp_path, None, heard)
    for cue in ("warning", "time", "overtime"):
        speaker.play(cue)
    assert heard.rung == ["warning", "time", "overtime"]
    assert heard.told == ["no sound player found: using the terminal bell"]
    assert heard.told[0] == fallback_words(None)


def test_a_player_that_fails_is_not_tried_again_on_every_tone(tmp_path: Path) -> None:
    failing = fake_player(tmp_path / "player", exit_code=1)
    heard = Heard()
    speaker = speaker_for(tmp_path, find_player({"FACILITATOR_PLAYER": failing.command}), heard)
    speaker.play("warning")
    heard.wait(1)
    speaker.play("time")
    speaker.play("overtime")
    heard.wait(3)
    speaker.close()
    assert len(failing.played()) == 1  # tried once
    assert heard.rung == ["warning", "time", "overtime"]
    assert len(heard.told) == 1
    assert heard.told[0].startswith("the sound player did not work (")
    assert heard.told[0].endswith("failed (exit 1)): using the terminal bell")
    # The sound check tries it again, and says so again if it fails again.
    speaker.check()
    heard.wait(4)
    speaker.close()
    assert len(failing.played()) == 2 and len(heard.told) == 2


def test_a_player_that_hangs_never_holds_the_caller(tmp_path: Path) -> None:
    hanging = fake_player(tmp_path / "player", hang=True)
    heard = Heard()
    player = find_player({"FACILITATOR_PLAYER": hanging.command})
    speaker = speaker_for(tmp_path, player, heard, seconds=0.5)
    started = time.monotonic()
    for _ in range(5):
        speaker.play("time")
    assert time.monotonic() - started < 0.1  # queued, never waited for
    heard.wait(1)  # stopped after half a second: the bell instead, for good
    speaker.close()
    assert heard.told == [fallback_words(f"{hanging.command} was still playing after 0.5 seconds")]
    assert len(hanging.played()) == 1  # the cues waiting behind it rang the bell instead


def test_on_windows_winsound_plays_the_file_and_its_errors_are_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    played: list[tuple[str, int]] = []
    fails: list[bool] = [False]

    def play_sound(sound: str, flags: int) -> None:
        if fails[0]:
            raise RuntimeError("Failed to play sound")
        played.append((sound, flags))

    fake = types.SimpleNamespace(SND_FILENAME=0x20000, SND_NODEFAULT=0x2, PlaySound=play_sound)
    monkeypatch.setitem(sys.modules, "winsound", fake)
    monkeypatch.setattr(sys, "platform", "win32")
    player = find_player({})
    assert player == Player("winsound")
    wav = tmp_path / "time.wav"
    assert play_file(player, wav) is None
    assert played == [(str(wav), 0x20002)]  # the file, and no system sound instead
    fails[0] = True
    assert play_file(player, wav) == "winsound could not play it: Failed to play sound"
