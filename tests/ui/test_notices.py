"""Notices do not pile up: the same notice again replaces the one shown, a few are shown at
once, and a toast that goes leaves nothing behind (`facilitator.textual_internals`)."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.notifications import Notification
from textual.widget import Widget
from textual.widgets import Label
from textual.widgets._toast import Toast, ToastHolder, ToastRack

from facilitator.textual_internals import (
    MOST_NOTICES,
    TEXTUAL_INNER_OUTER,
    TEXTUAL_TOAST_SHOW,
    install,
    withdrawn,
)

from ..hints import MakeApp, Press, Settle, Size
from ..support.clocks import ManualClock


def toasts(app: App[Any]) -> list[str]:
    """The words of the toasts on the screen, oldest first."""
    return [str(toast.render()) for toast in app.screen.query(Toast)]


def holders(app: App[Any]) -> int:
    """How many toast holders the screen has, empty or not."""
    return len(app.screen.query(ToastHolder))


async def test_a_refused_key_pressed_again_leaves_one_notice(
    clock: ManualClock, make_app: MakeApp, press: Press, terminal_size: Size
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        await press(pilot, "s", "enter")
        assert toasts(app) == ["No share is under way."]
        await press(pilot, "enter", "enter", "enter")
        assert toasts(app) == ["No share is under way."]
        assert holders(app) == 1


async def test_the_notice_raised_again_comes_last(
    clock: ManualClock, make_app: MakeApp, settle: Settle, terminal_size: Size
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        for words in ("one", "two", "one"):
            app.notify(words, markup=False)
            await settle(pilot)
        assert toasts(app) == ["two", "one"]
        assert holders(app) == 2


async def test_a_stream_of_notices_shows_a_few_and_keeps_no_more(
    clock: ManualClock, make_app: MakeApp, settle: Settle, terminal_size: Size
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        app.notify("The database was replaced.", severity="error", timeout=600, markup=False)
        for number in range(200):
            app.notify(f"Undone: end of share {number}", markup=False)
            await settle(pilot)
        shown = toasts(app)
        assert len(shown) == MOST_NOTICES
        # The error outlasts the passing notices; the newest of them are shown.
        assert shown[0] == "The database was replaced."
        assert shown[-1] == "Undone: end of share 199"
        assert holders(app) == MOST_NOTICES


async def test_notices_cleared_leave_no_holder_behind(
    clock: ManualClock, make_app: MakeApp, settle: Settle, terminal_size: Size
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        for number in range(20):
            app.notify(f"notice {number}", markup=False)
            await settle(pilot)
            app.clear_notifications()
            await settle(pilot)
        assert toasts(app) == []
        assert holders(app) == 0


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Label("bare")


async def test_textual_still_leaves_the_holder_of_a_cleared_toast(
    monkeypatch: pytest.MonkeyPatch, settle: Settle
) -> None:
    # The canary: when this fails, Textual removes a stale toast's holder itself, and the
    # toast guard in `textual_internals` can go.
    install()
    monkeypatch.setattr(ToastRack, "show", TEXTUAL_TOAST_SHOW)
    app = Bare()
    async with app.run_test(notifications=True) as pilot:
        app.notify("notice")
        await settle(pilot)
        assert toasts(app) == ["notice"]
        app.clear_notifications()
        await settle(pilot)
        assert toasts(app) == []
        assert holders(app) == 1  # left behind, empty


def drawn(widget: Widget) -> None:
    """Draw `widget`'s lines, as a frame does."""
    width, height = widget.size
    assert width and height, "laid out"
    widget.render_lines(Region(0, 0, width, height))


def held_by_a_cache(styles: StylesCache) -> bool:
    """Whether a cache holds `styles` (a widget's styles cache, with its rendered lines): a
    cache's key is a tuple, a widget holds it as an attribute."""
    gc.collect()
    return any(isinstance(holder, tuple) for holder in gc.get_referrers(styles))


async def test_a_notice_gone_leaves_its_lines_in_no_cache(
    clock: ManualClock, make_app: MakeApp, settle: Settle, terminal_size: Size
) -> None:
    app = make_app(clock)
    async with app.run_test(size=terminal_size, notifications=True) as pilot:
        app.notify("notice", markup=False)
        await settle(pilot)
        await pilot.pause()
        toast = app.screen.query_one(Toast)
        drawn(toast)
        styles = toast._styles_cache
        app.clear_notifications()
        await settle(pilot)
        assert not held_by_a_cache(styles)


async def test_textual_still_keeps_the_lines_of_a_widget_in_its_cache(
    monkeypatch: pytest.MonkeyPatch, settle: Settle
) -> None:
    # The canary: when this fails, Textual's cache no longer holds a widget's styles cache,
    # and the styles cache guard in `textual_internals` can go.
    install()
    monkeypatch.setattr(StylesCache, "get_inner_outer", TEXTUAL_INNER_OUTER)
    app = Bare()
    async with app.run_test() as pilot:
        label = Label("label")
        await app.screen.mount(label)
        await pilot.pause()
        drawn(label)
        assert held_by_a_cache(label._styles_cache)


def notice(message: str, severity: Any = "information", title: str = "") -> Notification:
    return Notification(message, title, severity)


def test_the_least_severe_and_oldest_notices_go_first() -> None:
    error, warning = notice("e", "error"), notice("w", "warning")
    passing = [notice(f"i{n}") for n in range(3)]
    shown = [passing[0], error, passing[1], warning, passing[2]]
    assert withdrawn(shown, notice("new")) == [passing[0], passing[1]]
    assert withdrawn([error, warning, notice("w2", "warning")], notice("new")) == []
    older_error = notice("e0", "error")
    assert withdrawn([older_error, error, warning, passing[0]], notice("new")) == [passing[0]]
    assert withdrawn([older_error, error, warning, notice("w3", "warning")], notice("x")) == [
        warning
    ]


def test_only_the_same_words_title_and_severity_are_the_same_notice() -> None:
    shown = [notice("a"), notice("a", "warning"), notice("a", title="t")]
    assert withdrawn(shown, notice("a")) == [shown[0]]
    assert withdrawn(shown, notice("a", "warning")) == [shown[1]]
    assert withdrawn(shown, notice("b")) == []
