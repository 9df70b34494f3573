"""The signals that end the app cleanly, on every system: a kill, a closed terminal or console.

SIGTERM (a kill) and SIGHUP (a closed terminal, Linux and macOS) end the app as `q` would,
every change being saved already; SIGBREAK is what a Windows console sends on Ctrl+Break and,
through the C runtime, when its window closes. Windows's event loops cannot take signal
handlers (`add_signal_handler` raises NotImplementedError), so there the handler is set with
`signal.signal` and hands the signal to the loop. No Textual here.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from types import FrameType

STOPPING = ("SIGTERM", "SIGHUP", "SIGBREAK")
"""The signals that end the app, by name: each system has some of them."""
HANGING_UP = ("SIGHUP", "SIGBREAK")
"""Those that mean the terminal or console is gone: nobody is left to read the screen."""


def install(loop: asyncio.AbstractEventLoop, handler: Callable[[int], None]) -> list[int]:
    """Call `handler(signum)` on `loop` when a signal of `STOPPING` arrives.

    Returns:
        The signals that will reach `handler` (none where none can be caught).
    """
    installed = []
    for name in STOPPING:
        signum = getattr(signal, name, None)
        if signum is None:
            continue  # no such signal on this system
        try:
            loop.add_signal_handler(signum, handler, signum)
        except (NotImplementedError, AttributeError):
            if not _set_handler(loop, handler, signum):
                continue
        except (ValueError, RuntimeError, OSError):
            continue  # not the main thread, or a signal this process may not catch
        installed.append(int(signum))
    return installed


def _set_handler(
    loop: asyncio.AbstractEventLoop, handler: Callable[[int], None], signum: int
) -> bool:
    """`signal.signal` for a loop without signal handlers; False where it cannot be set."""

    def on_signal(number: int, _frame: FrameType | None) -> None:
        # Python runs this between two bytecodes of the main thread: pass it to the loop.
        try:
            loop.call_soon_threadsafe(handler, number)
        except RuntimeError:  # the loop has closed: the signal does what it always does
            signal.signal(number, signal.SIG_DFL)
            signal.raise_signal(number)

    try:
        signal.signal(signum, on_signal)
    except (ValueError, OSError):
        return False
    return True


def hung_up(signum: int) -> bool:
    """True when `signum` says the terminal or console has gone."""
    return any(signum == getattr(signal, name, None) for name in HANGING_UP)
