"""The chosen theme is remembered in the data directory's settings.json, never trusted blindly."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from facilitator.app import FacilitatorApp

from ..hints import MakeApp, Notices, Press, Size
from ..support.clocks import ManualClock

DEFAULT = "textual-dark"


async def start(app: FacilitatorApp, size: Size) -> str:
    """The theme the app shows once it has started."""
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        return app.theme


async def test_the_chosen_theme_is_remembered_at_the_next_start(
    data_dir: Path, make_app: MakeApp, press: Press, terminal_size: Size, clock: ManualClock
) -> None:
    settings = data_dir / "settings.json"
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert not settings.exists()  # starting writes nothing
        app.search_themes()
        await pilot.pause()
        await press(pilot, *"nord", "enter")
        assert app.theme == "nord"
        await app.workers.wait_for_complete()
    assert json.loads(settings.read_text(encoding="utf-8")) == {"theme": "nord"}
    assert stat.S_IMODE(settings.stat().st_mode) == 0o600
    assert [p.name for p in data_dir.iterdir() if p.name.startswith(".")] == []  # no temp file

    assert await start(make_app(clock, agenda_path=None), terminal_size) == "nord"
    assert json.loads(settings.read_text(encoding="utf-8")) == {"theme": "nord"}


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"theme": "no-such-theme"}', b'["nord"]', b'{"theme": 5}', b"\xff\xfe", b""],
)
async def test_a_damaged_settings_file_is_ignored_and_left_as_it_is(
    data_dir: Path, make_app: MakeApp, terminal_size: Size, clock: ManualClock, content: bytes
) -> None:
    settings = data_dir / "settings.json"
    data_dir.mkdir(parents=True, exist_ok=True)
    settings.write_bytes(content)
    assert await start(make_app(clock, agenda_path=None), terminal_size) == DEFAULT
    assert settings.read_bytes() == content


async def test_a_damaged_settings_file_is_replaced_once_a_theme_is_chosen(
    data_dir: Path, make_app: MakeApp, terminal_size: Size, clock: ManualClock
) -> None:
    settings = data_dir / "settings.json"
    data_dir.mkdir(parents=True, exist_ok=True)
    settings.write_bytes(b"{not json")
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        app.theme = "gruvbox"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert json.loads(settings.read_text(encoding="utf-8")) == {"theme": "gruvbox"}


async def test_a_settings_file_that_is_a_link_is_neither_followed_nor_written_through(
    tmp_path: Path,
    data_dir: Path,
    make_app: MakeApp,
    notices: Notices,
    terminal_size: Size,
    clock: ManualClock,
) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text('{"theme": "nord"}', encoding="utf-8")
    settings = data_dir / "settings.json"
    data_dir.mkdir(parents=True, exist_ok=True)
    settings.symlink_to(elsewhere)
    app = make_app(clock, agenda_path=None)
    async with app.run_test(size=terminal_size) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT
        app.theme = "gruvbox"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = notices(app)
    assert settings.is_symlink() and os.readlink(settings) == str(elsewhere)
    assert elsewhere.read_text(encoding="utf-8") == '{"theme": "nord"}'
    assert any(
        n.startswith("The theme is not remembered for next time: ") and "symbolic link" in n
        for n in said
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
async def test_a_settings_file_that_is_a_named_pipe_is_never_waited_on(
    data_dir: Path, make_app: MakeApp, terminal_size: Size, clock: ManualClock
) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    os.mkfifo(data_dir / "settings.json")
    assert await start(make_app(clock, agenda_path=None), terminal_size) == DEFAULT
    assert stat.S_ISFIFO(os.lstat(data_dir / "settings.json").st_mode)
