"""Writing to the terminal that started a command: escaped, and calm when it has gone away."""

from __future__ import annotations

import os
import sys

from . import EXIT_BROKEN_PIPE, EXIT_OK


def tolerant_output() -> None:
    """Escape, rather than crash on, text the terminal's encoding cannot show.

    A file name that is not valid UTF-8, or an accented meeting name under an ASCII
    locale, would otherwise end `validate` with a UnicodeEncodeError traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        if getattr(stream, "errors", None) == "strict" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def print_to_terminal(text: str) -> None:
    """Print, unless the terminal has gone away meanwhile."""
    try:
        print(text, flush=True)
    except OSError:
        # Nobody is left to read it; keep Python's exit flush quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def write_stdout(data: bytes) -> int:
    """Write bytes as they are (UTF-8 whatever the locale); a closed pipe is not a crash."""
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        else:
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        # e.g. `facilitator export | head`: the reader has what it wanted.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return EXIT_OK
