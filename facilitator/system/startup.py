"""Start-up without the garbage collector's passes.

Starting the app imports Textual and builds the meeting screen: a few hundred thousand
objects, nearly all of which live as long as the app. While they are made, the cyclic
collector walks the growing heap again and again, and finds next to nothing: on a laptop
that was about a sixth of the time to the first frame. So the command holds it from its
start. Once the first frame is on the screen, what exists then is frozen out of the
collector's passes (it lives for the whole visit) and the collector runs as usual, so a
meeting of hours keeps its memory flat. Textual pauses it the same way while it scrolls
(`App.PAUSE_GC_ON_SCROLL`).
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Pause the collector until `release`, unless something else already paused it."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release(*, freeze: bool = False) -> None:
    """Let the collector run again if `hold` paused it; `freeze`: first move every object
    alive now out of its passes (for what lives as long as the app). Does nothing when
    nothing is held, so an app started by a test leaves the test process's collector be.
    """
    global _held
    if not _held:
        return
    _held = False
    if freeze and hasattr(gc, "freeze"):  # CPython's; other Pythons simply skip it
        gc.freeze()
    gc.enable()
