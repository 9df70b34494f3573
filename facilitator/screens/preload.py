"""What must work when the process can open no file: the keys' help, the palette, the crash report.

Python opens a file to import a module the first time it is used, and the app imports its
dialogs, Textual's command palette its own pieces, and the crash report rich's traceback and
pygments' lexer, only when they are first needed. While the room page is served a flood on
the room's network could, in the worst case, use up the files the process may open. The
server keeps well below that limit (`room.limits`); this is the second guard: `preload` runs
before the room page listens, so that `?`, `ctrl+p` and a crash report need no file then.
"""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

from ..words.i18n import _


def crash_report() -> RenderableType:
    """The report of the exception being handled, without local variables, and what to do.

    Textual's own shows every frame's local variables: a count, an agenda's text, a path.
    """
    from rich.console import Group
    from rich.traceback import Traceback

    stopped = _(
        "facilitator stopped on an error. Every change was saved as it was made: "
        "run facilitator again to resume the meeting."
    )
    return Group(Traceback(show_locals=False, width=None), "\n" + stopped)


def preload() -> None:
    """Import now what `?`, the command palette and a crash report import when first used."""
    import textual.scrollbar
    import textual.system_commands  # noqa: F401 (the palette's own commands)

    from . import dialogs  # noqa: F401 (`?`, the palette's Keys, the resources, questions)

    try:
        raise RuntimeError("a crash report, drawn once")
    except RuntimeError:
        report = crash_report()
    # Drawn, not only made: drawing loads the lexer that colours the code, and rich's tables.
    Console(file=io.StringIO(), width=100, color_system="truecolor").print(report)
