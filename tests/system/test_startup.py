"""The collector held while the app starts: paused from the command's start, running again
(with what lives on frozen out of its passes) once the first frame is drawn, and running
for every command that starts no app."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.__main__ import EXIT_OK, main
from facilitator.system import startup

GOOD = '[meeting]\nname = "Tuesday"\n\n[[steps]]\ntitle = "Welcome"\nminutes = 5\n'


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What `gc.freeze` was asked to do (it is not done: the test process lives on), with
    the collector left as it was found whatever the test does."""
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    was_enabled = gc.isenabled()
    yield calls
    startup.release()
    if was_enabled:
        gc.enable()


def test_hold_pauses_the_collector_and_release_lets_it_run_again(frozen: list[str]) -> None:
    startup.hold()
    assert not gc.isenabled()
    startup.release()
    assert gc.isenabled()
    assert frozen == []  # only the app's first frame freezes what exists


def test_release_after_the_first_frame_freezes_what_lives_on(frozen: list[str]) -> None:
    startup.hold()
    startup.release(freeze=True)
    assert gc.isenabled()
    assert frozen == ["freeze"]
    startup.release(freeze=True)  # a second release finds nothing held
    assert frozen == ["freeze"]


def test_release_without_hold_leaves_the_collector_as_it_is(frozen: list[str]) -> None:
    gc.disable()  # paused by someone else (Textual pauses it while it scrolls)
    startup.release(freeze=True)
    assert not gc.isenabled()
    assert frozen == []


def test_hold_leaves_a_collector_paused_by_someone_else_to_them(frozen: list[str]) -> None:
    gc.disable()
    startup.hold()
    startup.release()
    assert not gc.isenabled()  # theirs to enable, not ours


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["validate", "good.toml"], "facilitator.__main__.validate"),
        (["export", "--format", "csv"], "facilitator.cli.export.export"),
        (["agendas"], "facilitator.cli.agendas.agendas"),
        (["sound-check"], "facilitator.cli.sound_check.sound_check"),
    ],
)
def test_a_command_that_starts_no_app_runs_with_the_collector(
    argv: list[str],
    command: str,
    frozen: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "good.toml").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    seen: list[bool] = []

    def command_runs(*args: Any) -> int:
        seen.append(gc.isenabled())
        return EXIT_OK

    monkeypatch.setattr(command, command_runs)
    assert main(argv) == EXIT_OK
    assert seen == [True]
    assert gc.isenabled()
    assert frozen == []


def test_the_app_starts_with_the_collector_held_and_it_runs_after(
    frozen: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def run(agenda: str | None, edit: bool = False, room_page: Any = None) -> int:
        seen.append(gc.isenabled())
        return EXIT_OK

    monkeypatch.setattr("facilitator.__main__.run", run)
    assert main(["open-discussion"]) == EXIT_OK
    assert seen == [False]  # held while the app starts
    assert gc.isenabled()  # and running again however the app ended


def test_a_command_that_fails_still_lets_the_collector_run(frozen: list[str]) -> None:
    with pytest.raises(SystemExit):
        main(["open-discussion", "--port", "http"])
    assert gc.isenabled()
