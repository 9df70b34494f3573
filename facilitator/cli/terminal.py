"""Writing to the terminal that started a command: escaped, and calm when it has gone away."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from typing import IO, TextIO

from ..words.i18n import _
from ..words.reasons import reason_of
from . import EXIT_BAD_INPUT, EXIT_BROKEN_PIPE, EXIT_OK


def tolerant_output() -> None:
    """Escape, rather than crash on, text the terminal's encoding cannot show.

    A file name that is not valid UTF-8, or an accented meeting name under an ASCII
    locale, would otherwise end `validate` with a UnicodeEncodeError traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def print_to_terminal(text: str, output: TextIO | None = None) -> None:
    """Print to `output` (standard output unless given), unless it has gone away meanwhile."""
    output = sys.stdout if output is None else output
    if output is None:  # started with it closed
        return
    try:
        print(text, file=output, flush=True)
    except (OSError, ValueError):
        # Nobody is left to read it; keep Python's exit flush quiet too.
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, output.fileno())


_SPOOL_BYTES = 1 << 20
"""What `write_stdout` keeps in memory before the rest waits in a temporary file."""


def write_stdout(write: Callable[[IO[bytes]], object]) -> int:
    """Write what `write` writes to standard output, as bytes (UTF-8 whatever the locale),
    once it is all written; a closed pipe is not a crash.

    Meanwhile it waits in a temporary file (in memory up to a megabyte): if `write` fails
    (a damaged meeting), nothing reaches standard output. What `write` raises but an
    OSError goes on up. A standard output that fails (a full disk, `> /dev/full`, a closed
    one), or a temporary file that cannot be written, is one line on standard error and
    exit 2, never a traceback.
    """
    import shutil
    import tempfile

    try:
        with tempfile.SpooledTemporaryFile(_SPOOL_BYTES) as waiting:
            write(waiting)
            waiting.seek(0)
            stdout = sys.stdout
            if stdout is None:  # started with standard output closed
                raise OSError(errno.EBADF, _("it is closed"))
            stdout.flush()
            buffer = getattr(stdout, "buffer", None)
            if buffer is None:  # a stream of text only (an IDE's console)
                stdout.write(waiting.read().decode("utf-8"))
                stdout.flush()
            else:
                shutil.copyfileobj(waiting, buffer)
                buffer.flush()
    except BrokenPipeError:
        # e.g. `facilitator export | head`: the reader has what it wanted.
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as error:
        reason = (reason_of(error).splitlines() or [type(error).__name__])[0]
        print(
            _(
                "standard output: cannot be written: {reason}; write to a file instead with -o FILE"
            ).format(reason=reason),
            file=sys.stderr,
        )
        _quiet_stdout()
        return EXIT_BAD_INPUT
    return EXIT_OK


def _quiet_stdout() -> None:
    """Send what is left for standard output nowhere, so Python's exit flush is quiet too."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass  # no standard output at all: nothing will be flushed
