"""What we use of Textual's internals, and the guards we keep against its bugs.

Every private name or private module of Textual that facilitator uses is used here, and only
here (a test holds the rest of the package to it), each behind a small name of ours with a
line saying what it relies on. Each guard says what goes wrong inside Textual, where, and
since which release, and carries the text of the report to file upstream: once Textual fixes
it, the guard and its canary test (which fails then, saying so) are dropped. `install` puts
every guard in place; the app calls it as it is made, before any timer of its own or of
Textual's starts.

To check again when Textual is upgraded (written against Textual 8.2):

- `Timer.__init__` and `Timer._run`: the timer guard, and whether the bug it guards against
  is fixed (`tests/processes/test_timer_race.py`).
- `App._fatal_error`, `App._exit_renderables`, `App._close_messages_no_wait`: the crash report
  without local variables (`ReportingApp`).
- `textual._compositor.ChopsUpdate.render_segments`: a partial refresh writes only its cells;
  `Compositor.render_partial_update` and what it reads (`_dirty_regions`, `_regions_to_spans`,
  `cuts`, `visible_widgets`): only the widgets seen in those cells draw them
  (`_write_only_what_changed`; `tests/widgets/test_partial_refresh.py`).
- `App._driver`: the driver a stuck app's watchdog leaves the screen through (`app_driver`).
- `App._handle_exception`, `MessagePump._closing`, `_closed`, `DOMNode._pruning`: a callback
  the loop calls for a widget still there, its error the app's (`run_later`).
- `DOMNode._bindings` (the node's own copy of its bindings): keys known only at run time,
  bound to one screen (`bind_keys`).
- `App._on_notify`, `App._notifications`, `App._unnotify`: a notice that comes again replaces
  the one shown, and a few are shown at most (`NoticingApp`).
- `ToastRack.show` and what it reads (`_toast_id`, `Toast._notification`, `ToastHolder` in
  `textual.widgets._toast`): the toast guard, and whether the bug it guards against is fixed
  (`tests/ui/test_notices.py`).
- `textual._styles_cache.StylesCache.get_inner_outer`: the styles cache guard, and whether
  the bug it guards against is fixed (`tests/ui/test_notices.py`).
- `CommandPalette._start_no_matches_countdown` and what it reads (`_stop_no_matches_countdown`,
  `_NO_MATCHES`, `_NO_MATCHES_COUNTDOWN`, `_no_matches_timer`, `_list_visible`): "No matches
  found" in the app's language (`Palette`; `tests/ui/test_spanish.py`).
- `textual.widgets._footer.FooterKey`: the footer's keys (`FooterKey`).
- `textual._xterm_parser.XTermParser`, `LinuxDriver._file`, `LinuxDriver._debug`,
  `LinuxDriver._writer_thread` and `WriterThread._queue`: the driver that notices a terminal
  gone (`xterm_parser`, `driver_output`, `set_driver_output`, `wait_for_queued_frames`).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any, TypeVar

from rich.align import Align
from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import RenderableType
from rich.text import Text
from textual._compositor import ChopsUpdate, Compositor
from textual._styles_cache import StylesCache
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.color import Color
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.geometry import Region
from textual.message_pump import MessagePump
from textual.notifications import Notification, Notifications, Notify
from textual.strip import Strip
from textual.style import Style
from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast, ToastHolder, ToastRack
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.driver import Driver

__all__ = [
    "LONGEST_TIMER",
    "MOST_NOTICES",
    "SHORTEST_TIMER",
    "TEXTUAL_INNER_OUTER",
    "TEXTUAL_TOAST_SHOW",
    "FooterKey",
    "NoticingApp",
    "Palette",
    "ReportingApp",
    "app_driver",
    "driver_output",
    "install",
    "set_driver_output",
    "timer_delay",
    "wait_for_queued_frames",
    "xterm_parser",
]

ReturnType = TypeVar("ReturnType")

SHORTEST_TIMER = 0.001
"""The shortest delay a timer waits, in seconds: a negative, zero or NaN delay waits this."""
LONGEST_TIMER = 7 * 24 * 3600.0
"""The longest delay a timer waits: an infinite one waits a week (Windows' own sleep cannot
take an infinite wait)."""


def timer_delay(seconds: float) -> float:
    """A delay any Textual timer can wait: negative, zero or NaN delays wait the shortest
    time (`SHORTEST_TIMER`), an infinite one the longest (`LONGEST_TIMER`)."""
    if math.isnan(seconds) or seconds < SHORTEST_TIMER:
        return SHORTEST_TIMER
    return min(seconds, LONGEST_TIMER)


_installed = False


def install() -> None:
    """Put every guard in place, once for the whole process (again does nothing)."""
    global _installed
    if _installed:
        return
    _installed = True
    _guard_timers()
    _guard_toasts()
    _guard_styles_cache()
    _write_only_what_changed()


# The report to file upstream (github.com/Textualize/textual/issues):
#
# Title: A timer with a negative delay spins forever inside Timer._run (100% CPU, app frozen)
#
# Textual 8.2.8, textual/timer.py, Timer._run. With `_interval < 0` and `skip=True` (the
# default), `next_timer = start + (count + 1) * _interval` is always before `now`, so the
# skip branch sets `count = int((now - start) / _interval + 1)`, a negative number that falls
# further at every pass, and `continue`s: `count <= _repeat` (0 for set_timer) stays true and
# the loop never awaits. The event loop never runs again; signal handlers installed with
# loop.add_signal_handler never run either, so only SIGKILL ends the app. A zero delay raises
# ZeroDivisionError in the same line instead, and a one-shot timer whose delay is shorter
# than the gap between the two clock reads before the loop (a thread switch) skips its only
# tick and never fires.
#
# How it happens without calling set_timer yourself: ToastRack.show checks
# `notification.has_expired`, then Toast.__init__ reads `notification.time_left` again, from
# the wall clock (time.time). When the clock moves between the two reads (a loaded CPU, a
# notification that waited in the queue, a laptop waking from sleep, an NTP step),
# `time_left` is negative and Toast._on_mount calls `set_timer` with it.
#
# Minimal reproduction:
#
#     from textual.app import App
#
#     class Spin(App[None]):
#         def on_mount(self) -> None:
#             self.set_timer(-0.0003, self.exit)
#
#     Spin().run()  # never returns; py-spy shows Timer._run with count below -5,000,000
#
# Expected: a negative delay fires at once, as asyncio's call_later does. A fix in Timer._run:
# clamp `_interval` to a small positive value, and never skip the only tick of a one-shot
# timer (`repeat == 0`).
def _guard_timers() -> None:
    """No timer in the process starts with a delay Textual cannot wait (see the report above).

    Every timer is made through `Timer.__init__`, `set_timer`, `set_interval`, the
    animator, toasts and widgets alike, so the delay is made safe there. A one-shot timer
    never skips its only tick: one that starts late fires at once instead of never.
    """
    from textual.timer import Timer

    made = Timer.__init__

    def safe_init(self: Timer, target: Any, interval: float, *args: Any, **options: Any) -> None:
        if options.get("repeat") == 0:
            options["skip"] = False
        made(self, target, timer_delay(interval), *args, **options)

    Timer.__init__ = safe_init  # type: ignore[method-assign, assignment]


# The report to file upstream (github.com/Textualize/textual/issues):
#
# Title: ToastRack.show leaves an empty ToastHolder behind for each toast it removes
#
# Textual 8.2.8, textual/widgets/_toast.py, ToastRack.show. Each toast is mounted inside a
# ToastHolder (`ToastHolder(Toast(notification), id=...)`), and Toast._expire removes the
# holder. But when `show` finds a toast whose notification is gone from the collection, it
# calls `toast.remove()`, which leaves its holder mounted, empty, for the life of the screen.
# That happens to every toast whose notification was cleared (`App.clear_notifications`),
# and to every toast whose notification expired on the wall clock before its own timer fired
# (`Notifications._reap` runs at every new notice: a busy loop, a laptop waking from sleep).
# An app that shows a notice per key grows with every notice, and each frame lays out
# every holder left.
#
# Minimal reproduction:
#
#     import asyncio
#     from textual.app import App
#     from textual.widgets._toast import ToastHolder
#
#     class Leak(App):
#         def on_ready(self):
#             self.run_worker(self.leak())
#
#         async def leak(self):
#             for n in range(100):
#                 self.notify(f"notice {n}")
#                 await asyncio.sleep(0.01)
#                 self.clear_notifications()
#                 await asyncio.sleep(0.01)
#             self.exit(len(self.screen.query(ToastHolder)))
#
#     print(Leak().run(headless=True))  # 100: every holder is still there, with no toast in it
#
# Expected: 0. A fix in ToastRack.show: remove the stale toast's ToastHolder (its parent), as
# Toast._expire does.
TEXTUAL_TOAST_SHOW = ToastRack.show
"""Textual's own `ToastRack.show`, as it is before `install` (its canary test calls it)."""


def _guard_toasts() -> None:
    """A toast that goes goes with its holder (see the report above)."""
    ToastRack.show = _show_toasts  # type: ignore[method-assign, assignment]


def _show_toasts(rack: ToastRack, notifications: Notifications) -> None:
    """`ToastRack.show` as Textual 8.2.8 has it, but that a stale toast's holder goes too."""
    rack.display = bool(notifications)  # reaps the notices that have expired
    for toast in rack.query(Toast):
        if toast._notification not in notifications:
            holder = toast.parent
            (holder if isinstance(holder, ToastHolder) else toast).remove()
    new_toasts: list[Notification] = []
    for notification in notifications:
        try:
            rack.get_child_by_id(rack._toast_id(notification))
        except NoMatches:
            if not notification.has_expired:
                new_toasts.append(notification)
    if new_toasts:
        rack.mount_all(
            ToastHolder(Toast(notice), id=rack._toast_id(notice)) for notice in new_toasts
        )
        rack.call_later(rack.scroll_end, animate=False, force=True)


# The report to file upstream (github.com/Textualize/textual/issues):
#
# Title: A partial refresh writes each line from the widget's left edge, not the region's
#
# Textual 8.2.8, textual/_compositor.py, ChopsUpdate.render_segments. `Widget.refresh(region)`
# marks a few cells dirty, and the compositor renders only the lines they are on, but it writes
# each chop (a widget's stretch of a line) from the chop's start to the end of the dirty
# span: `strip.crop(0, min(end, x2) - x)` after `move_to(x, y)`. A clock drawn in large block
# digits that refreshes only its last digit sends the whole line up to that digit, every
# second (7 to 8 KB a second at 200x56 instead of 4 or 5).
#
# Expected: the strip cropped at the span's start as well, `strip.crop(max(x1 - x, 0), ...)`
# after `move_to(max(x, x1), y)`.
#
# And in the same update, `Compositor._render_chops` asks every widget on a dirty line for
# that line, though only the dirty cells are written: the border of a box around a clock
# is drawn again every second, and thrown away. Expected: only the widgets seen in the dirty
# cells are asked.
def _write_only_what_changed() -> None:
    """A partial refresh writes only the dirty cells of each line (see the report above).

    The start of a span is where a widget said its cells changed: at a character's edge in
    what it draws, so a wide character is never cut.
    """

    def render_segments(self: ChopsUpdate, console: Any) -> str:
        color_system = console._color_system or ColorSystem.TRUECOLOR
        sequences: list[str] = []
        append = sequences.append
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            line = self.chops[y]
            for end, (x, strip) in zip(self.chop_ends[y], line.items(), strict=False):
                if strip is None or x >= x2 or end <= x1:
                    continue
                start = max(x, x1)
                append(f"\x1b[{y + 1};{start + 1}H")  # the cursor to the span (rich's move_to)
                if start == x and end <= x2:
                    append(strip.render(console))
                else:
                    append(_cells_rendered(strip, start - x, min(end, x2) - x, color_system))
            if y != last_y:
                append("\n")
        return "".join(sequences)

    ChopsUpdate.render_segments = render_segments  # type: ignore[method-assign]
    Compositor.render_partial_update = _render_partial_update  # type: ignore[method-assign]


def _cells_rendered(strip: Strip, start: int, end: int, color_system: ColorSystem) -> str:
    """The cells from `start` to `end` of `strip` as the terminal is sent them: what
    `strip.crop(start, end).render(console)` writes, without making a strip to write."""
    written: list[str] = []
    position = 0
    for segment in strip:
        text, style, _ = segment
        after = position + cell_len(text)
        if after > start:
            if position >= end:
                break
            if after > end:
                segment = segment.split_cells(end - position)[0]
            if position < start:
                segment = segment.split_cells(start - position)[1]
            text = segment.text
            written.append(text if style is None else Strip.render_style(style, text, color_system))
        position = after
    return "".join(written)


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """`Compositor.render_partial_update`, asking only the widgets seen in the dirty cells.

    Textual asks every widget on a dirty line for it, and then writes only the dirty cells:
    a container behind a label whose seconds turn is drawn again only to be thrown away.
    """
    update_regions = self._dirty_regions.copy()
    self._dirty_regions.clear()
    if not update_regions:
        return None
    height = len(self.cuts)
    spans = [span for span in self._regions_to_spans(update_regions) if 0 <= span[0] < height]
    return ChopsUpdate(_render_spans(self, spans), spans, [cuts[1:] for cuts in self.cuts])


def _render_spans(
    self: Compositor, spans: list[tuple[int, int, int]]
) -> list[dict[int, Strip | None]]:
    """The chops of each line that a dirty span crosses, each drawn by the front-most widget
    there; every other chop is left empty (None), as nothing writes it."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    dirty: dict[int, list[tuple[int, int]]] = {}
    for y, x1, x2 in spans:
        dirty.setdefault(y, []).append((x1, x2))
    for widget, (region, clip) in self.visible_widgets.items():
        shown = region.intersection(clip)
        if not shown:
            continue
        left, right = shown.column_span
        wanted: dict[int, list[int]] = {}  # line: the chops this widget is seen in
        for y, line_spans in dirty.items():
            if not shown.y <= y < shown.bottom:
                continue
            line = chops[y]
            line_cuts = cuts[y]
            seen = [
                cut
                for cut, end in zip(line_cuts, line_cuts[1:], strict=False)
                if left <= cut < right
                and line[cut] is None
                and any(x1 < end and cut < x2 for x1, x2 in line_spans)
            ]
            if seen:
                wanted[y] = seen
        if not wanted:
            continue
        top, bottom = min(wanted), max(wanted) + 1
        strips = widget.render_lines(
            Region(left - region.x, top - region.y, right - left, bottom - top)
        )
        for y, strip in zip(range(top, bottom), strips, strict=False):
            needed = wanted.get(y)
            if needed is None:
                continue
            final_cuts = [cut for cut in cuts[y] if right >= cut >= left]
            pieces = strip.divide([cut - left for cut in final_cuts[1:]])
            line = chops[y]
            for cut, piece in zip(final_cuts, pieces, strict=False):
                if cut in needed:
                    line[cut] = piece
    return chops


# ---------------------------------------------------------------------- the app


class ReportingApp(App[ReturnType]):
    """Textual's `App`, whose crash shows `crash_report()` instead of Textual's traceback.

    Relies on `App._fatal_error` being what Textual calls on an uncaught exception, and on
    `_exit_renderables` and `_close_messages_no_wait` doing what it does with them.
    """

    def crash_report(self) -> RenderableType:
        """What the terminal shows after an uncaught exception: here its traceback, without
        the local variables Textual's own shows (an app says more by overriding this)."""
        from rich.traceback import Traceback

        return Traceback(show_locals=False)

    def _fatal_error(self) -> None:
        self.bell()
        self._exit_renderables.append(self.crash_report())  # Textual's shows local variables
        self._close_messages_no_wait()


def bind_keys(node: DOMNode, keys: Iterable[str], action: str) -> None:
    """Bind `keys` to `action` on `node` alone, as its `BINDINGS` would (shown nowhere):
    for keys known only once the app runs, such as the language's answer to a question.

    A binding runs its action in the app's own loop as the key is taken, so the keys typed
    right after it go to whatever the action left on screen (the meeting resumed, not the
    new one beneath the question). A key handler on the screen would run in the screen's
    loop, after the app has already taken those keys. Relies on `DOMNode._bindings` being
    each node's own copy of its class's bindings (Textual 8).
    """
    for key in keys:
        node._bindings.bind(key, action, show=False)


def run_later(
    node: MessagePump, delay: float, callback: Callable[[], object]
) -> asyncio.TimerHandle:
    """Call `callback` once, `delay` seconds from now, straight from the event loop, unless
    `node` is gone or going by then.

    What a one-shot `node.set_timer` does for a clock that looks again every second, without
    what each of its calls costs: a task of its own, a message to the node's queue and the
    signature of a new partial read again. Relies on `MessagePump._closing`, `_closed` and
    `DOMNode._pruning` (a screen being taken down loses its widgets before it closes), and on
    `App._handle_exception`: an error in `callback` is the app's, as in a timer's.
    """
    app = node.app

    def run() -> None:
        if node._closing or node._closed or getattr(node, "_pruning", False):
            return
        if not node.is_attached:
            return
        try:
            callback()
        except Exception as error:
            app._handle_exception(error)

    return asyncio.get_running_loop().call_later(max(0.0, delay), run)


def app_driver(app: App[Any]) -> Driver | None:
    """The driver `app` draws through, if it runs (relies on `App._driver`)."""
    return app._driver


# The report to file upstream (github.com/Textualize/textual/issues):
#
# Title: StylesCache.get_inner_outer's lru_cache keeps 1,024 removed widgets' rendered lines
#
# Textual 8.2.8, textual/_styles_cache.py. `get_inner_outer` is decorated with
# `@lru_cache(1024)` but is an instance method (its first parameter is named `cls`, but it is
# not a classmethod), so each entry's key holds the StylesCache it was called on, and that
# holds its widget's rendered lines (`_cache`, every Strip of the widget). Every widget that
# has been drawn stays that way after it is removed, until 1,024 newer calls push it out: an
# app that mounts and removes widgets (toasts, a footer recomposed, rows of a list) keeps
# megabytes of lines nobody will see again. The method reads nothing of `self`.
#
# Minimal reproduction:
#
#     import asyncio, gc
#     from textual.app import App
#     from textual.widgets import Label
#     from textual._styles_cache import StylesCache
#
#     class Churn(App):
#         def on_ready(self):
#             self.run_worker(self.churn())
#
#         async def churn(self):
#             for n in range(300):
#                 label = Label(f"label {n}")
#                 await self.mount(label)
#                 await asyncio.sleep(0.05)  # drawn
#                 await label.remove()
#             gc.collect()
#             self.exit(sum(isinstance(o, StylesCache) for o in gc.get_objects()))
#
#     print(Churn().run(headless=True))  # 304: the caches of 300 labels long removed
#
# Expected: about as many as there are widgets. A fix: a module-level cache of the two colors
# (or `@staticmethod` under the `lru_cache`), so no instance is held.
TEXTUAL_INNER_OUTER = StylesCache.get_inner_outer
"""Textual's own `StylesCache.get_inner_outer`, as it is before `install` (its canary test
calls it)."""


def _guard_styles_cache() -> None:
    """A removed widget's rendered lines are not kept (see the report above)."""
    StylesCache.get_inner_outer = _inner_outer  # type: ignore[method-assign, assignment]


def _inner_outer(
    _styles: StylesCache, base_background: Color, background: Color
) -> tuple[Style, Style]:
    """`StylesCache.get_inner_outer` as Textual 8.2.8 has it, cached by the colors alone."""
    return _inner_outer_of(base_background, background)


@lru_cache(1024)
def _inner_outer_of(base_background: Color, background: Color) -> tuple[Style, Style]:
    return (Style(background=base_background + background), Style(background=base_background))


# ---------------------------------------------------------------------- notices

MOST_NOTICES = 4
"""The most notices shown at once: as many as a 24-row terminal has room for beside the
meeting."""
_SEVERITIES = ("information", "warning", "error")


def withdrawn(shown: list[Notification], new: Notification) -> list[Notification]:
    """The notices `new` takes the place of, among those `shown` (oldest first).

    The same notice again (its words, title and severity) replaces the one shown: it is
    not shown twice. Then, beyond `MOST_NOTICES`, the oldest of the least severe go first,
    so a warning or an error outlasts a stream of passing notices.
    """
    same = (new.message, new.title, new.severity)
    going: list[Notification] = []
    staying: list[Notification] = []
    for old in shown:
        (going if (old.message, old.title, old.severity) == same else staying).append(old)
    while len(staying) >= MOST_NOTICES:
        least = min(staying, key=lambda old: _SEVERITIES.index(old.severity))
        staying.remove(least)
        going.append(least)
    return going


class NoticingApp(ReportingApp[ReturnType]):
    """Textual's `App` (reporting a crash as `ReportingApp` does), whose notices do not pile
    up: a notice raised again replaces the one shown, and a few are shown at once
    (`withdrawn`).

    Textual keeps every notice, and its toast, until it expires, so a key pressed again and
    again would stack its notice again and again. Relies on `App._on_notify` being where a
    notice is added, on `App._notifications` holding the notices shown, oldest first, and on
    `App._unnotify` taking one away (its toast goes at the next `ToastRack.show`).
    """

    def _on_notify(self, event: Notify) -> None:
        for old in withdrawn(list(self._notifications), event.notification):
            self._unnotify(old, refresh=False)
        super()._on_notify(event)


# ---------------------------------------------------------------------- the palette


class Palette(CommandPalette):
    """Textual's command palette, which says that nothing matched in words of ours.

    Textual 8 writes "No matches found" as fixed English in this one private method, so
    this is that method with `no_matches()` in its place (`tests/ui/test_spanish.py` fails
    should Textual change it). Relies on `_start_no_matches_countdown` and the private names
    it reads.
    """

    def __init__(self, no_matches: Callable[[], str], **options: Any) -> None:
        super().__init__(**options)
        self._no_matches_words = no_matches

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            # Nothing typed is discovery, whose empty list needs no words.
            if search_value:
                words = Align.center(Text(self._no_matches_words(), style="not bold"))
                option = Option(words, disabled=True, id=self._NO_MATCHES)
                self.query_one(CommandList).add_option(option)
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


# ---------------------------------------------------------------------- the terminal driver


def xterm_parser(driver: Driver) -> XTermParser:
    """The parser Textual's Linux driver reads keys with (a private module of Textual's,
    `textual._xterm_parser`, made as `LinuxDriver.run_input_thread` makes it)."""
    return XTermParser(driver._debug)


def driver_output(driver: Driver | None) -> IO[str] | None:
    """The file a driver writes the screen to (relies on `_file`, which Textual's Linux and
    Windows drivers both keep)."""
    output: IO[str] | None = getattr(driver, "_file", None)
    return output


def set_driver_output(driver: Driver, output: object) -> None:
    """Have a driver write the screen to `output` (relies on Textual's Linux driver handing
    `_file` to its writer thread when the app starts, which only writes, flushes and asks
    its fileno)."""
    driver._file = output  # type: ignore[attr-defined]


def wait_for_queued_frames(driver: Driver, wait: float) -> None:
    """Wait, for up to `wait` seconds, until the frames queued for the terminal are written
    (relies on Textual's Linux driver's `_writer_thread` and its `_queue`)."""
    writer = getattr(driver, "_writer_thread", None)
    if writer is None:
        return
    queued = writer._queue
    deadline = time.monotonic() + wait
    while not queued.empty() and time.monotonic() < deadline:
        time.sleep(0.01)
