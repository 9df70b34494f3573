"""Reading an agenda file: bytes, UTF-8 TOML, validation, with one problem per line.

The rules themselves are pydantic models in `schema`, imported only when an agenda needs
checking: pydantic takes longer to import than the rest of the start-up.
"""

from __future__ import annotations

import math
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..words.i18n import N_, _
from ..words.reasons import reason_of
from .problems import AgendaError, Problem
from .values import MAX_FILE_BYTES, Agenda


def load_agenda(
    path: str | Path, display_name: str | None = None, *, checked: Path | None = None
) -> Agenda:
    """Read, parse and validate an agenda file.

    Args:
        path: The TOML file.
        display_name: How to name the file in messages (defaults to the path as given).
        checked: A folder that remembers agendas already validated (see `parse_agenda`).

    Raises:
        AgendaError: with one `Problem` per thing wrong.
    """
    path = Path(path)
    name = display_name if display_name is not None else str(path)
    return parse_agenda(read_agenda_bytes(path, name), name, checked=checked)


def read_agenda_bytes(path: Path, name: str) -> bytes:
    """The bytes of the agenda file at `path`, named `name` in problems.

    Only a regular file is read: a named pipe would wait forever for a writer, and a device
    or a socket is no agenda. It is checked before opening, and opened without blocking, so a
    pipe put there in between cannot hang the app either.

    Raises:
        AgendaError: the file cannot be read, is not a regular file, or is too large to be
            an agenda.
    """
    try:
        _refuse_if_not_a_file(os.stat(path).st_mode, name)
        # O_NONBLOCK: opening a FIFO for reading waits for a writer otherwise (not on Windows,
        # which has no such files among agendas).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            _refuse_if_not_a_file(os.fstat(handle.fileno()).st_mode, name)
            # Capped: a wrong argument such as a huge log must not eat memory.
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise AgendaError([Problem(name, _("no such file"))]) from None
    except IsADirectoryError:
        raise AgendaError([Problem(name, _(_NOT_A_FILE[stat.S_IFDIR]))]) from None
    except PermissionError:
        raise AgendaError([Problem(name, _("cannot be read: permission denied"))]) from None
    except OSError as error:
        problem = _("cannot be read: {reason}").format(reason=reason_of(error))
        raise AgendaError([Problem(name, problem)]) from None
    if len(data) > MAX_FILE_BYTES:
        problem = _("is too large for an agenda (more than {bytes} bytes)").format(
            bytes=f"{MAX_FILE_BYTES:,}"
        )
        raise AgendaError([Problem(name, problem)])
    return data


_NOT_A_FILE = {
    stat.S_IFDIR: N_("is a folder, not an agenda file (.toml)"),
    stat.S_IFIFO: N_("is a named pipe (FIFO), not an agenda file (.toml)"),
    stat.S_IFSOCK: N_("is a socket, not an agenda file (.toml)"),
    stat.S_IFCHR: N_("is a device, not an agenda file (.toml)"),
    stat.S_IFBLK: N_("is a device, not an agenda file (.toml)"),
}


def _refuse_if_not_a_file(mode: int, name: str) -> None:
    if stat.S_ISREG(mode):
        return
    what = _NOT_A_FILE.get(
        stat.S_IFMT(mode), N_("is not a regular file, not an agenda file (.toml)")
    )
    raise AgendaError([Problem(name, _(what))])


def parse_agenda(data: bytes, name: str = "<agenda>", *, checked: Path | None = None) -> Agenda:
    """Parse and validate agenda bytes; see `load_agenda`.

    With `checked`, bytes validated before (by this version of the rules) are read back from
    that folder instead of validated again: the validator is most of the app's start-up
    time, and a group opens the same agenda every week. Any change to the file, or to the
    rules, misses and validates in full. The folder is only ever a shortcut: when it cannot
    be read or written, the agenda is validated as usual.
    """
    if checked is None:
        return validate_agenda(decode_toml(data, name), name)
    from . import checked as cache  # hashlib, json and the scripts' blocks: only when asked

    key = cache.key_of(data)
    if key is not None:
        known = cache.recall(checked / key)
        if known is not None:
            return known
    agenda = validate_agenda(decode_toml(data, name), name)
    if key is not None:
        cache.remember(checked, key, agenda)
    return agenda


def validate_agenda(document: dict[str, Any], name: str = "<agenda>") -> Agenda:
    """Validate an already-parsed TOML document.

    Raises:
        AgendaError: with one `Problem` per thing wrong.
    """
    from .schema import validate  # pydantic: only when something needs checking

    return validate(document, name)


def decode_toml(data: bytes, name: str) -> dict[str, Any]:
    """The TOML document in agenda bytes, not yet validated.

    Raises:
        AgendaError: the bytes are not UTF-8 TOML text the app can hold (one problem).
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AgendaError(
            [Problem(name, _("is saved as UTF-16 text; save the file with UTF-8 encoding"))]
        )
    if b"\x00" in data:
        binary = _("is a binary file, not a TOML agenda (UTF-8 text)")
        raise AgendaError([Problem(name, binary)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        # Count characters, not bytes: everything before the first bad byte is valid UTF-8.
        column = len(data[line_start : error.start].decode("utf-8")) + 1
        bad = data[error.start : error.start + 1].hex()
        raise AgendaError(
            [
                Problem(
                    name,
                    _("not UTF-8 text (byte 0x{byte}); save the file with UTF-8 encoding").format(
                        byte=bad
                    ),
                    line=line,
                    column=column,
                )
            ]
        ) from None
    if not text.strip():
        raise AgendaError(
            [
                Problem(
                    name,
                    _(
                        "the file is empty; an agenda needs a [meeting] table with a name "
                        "and at least one [[steps]] entry"
                    ),
                )
            ]
        )
    import tomllib  # here, not at the top: a checked agenda is never parsed again

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message, where_line, where_column = _split_toml_error(str(error), text)
        # Translators: {message} says what is wrong, e.g. "Invalid value".
        syntax = _("TOML syntax error: {message}").format(message=message)
        raise AgendaError([Problem(name, syntax, line=where_line, column=where_column)]) from None
    except RecursionError:
        raise AgendaError([Problem(name, _(_TOO_DEEP))]) from None
    except ValueError:
        # tomllib reads a whole number with int(), which refuses one of over 4,300 digits.
        raise AgendaError([Problem(name, _(_TOO_LONG))]) from None
    problem = _beyond_limits(document)
    if problem is not None:
        raise AgendaError([Problem(name, _(problem))])
    return document


_TOO_DEEP = N_("is nested too deeply to read (too many [ or { inside each other)")
_TOO_LONG = N_("has a number too long to read (thousands of digits)")
# Agendas nest three deep; copying or writing out one nested hundreds deep overflows the stack.
_MAX_DEPTH = 100
# 0x, 0o and 0b numbers of any length get through tomllib, and then no message can print one.
_MAX_NUMBER_BITS = int(4_000 * math.log2(10))


def _beyond_limits(document: dict[str, Any]) -> str | None:
    """What is wrong with a document tomllib read but the rest of the app cannot hold."""
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > _MAX_DEPTH:
                return _TOO_DEEP
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items)
        elif isinstance(value, int) and value.bit_length() > _MAX_NUMBER_BITS:
            return _TOO_LONG
    return None


_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_END_OF_DOCUMENT = re.compile(r"\s*\(at end of document\)$")


def _split_toml_error(error: str, text: str) -> tuple[str, int | None, int | None]:
    """What tomllib says is wrong, in the app's language, and its line and column."""
    from .toml_words import toml_words  # only for a file that is not TOML

    match = _POSITION.search(error)
    if match:
        return toml_words(error[: match.start()]), int(match.group(1)), int(match.group(2))
    end = _END_OF_DOCUMENT.search(error)
    if end:
        # Still name a line and column, as for every other syntax error.
        line = text.count("\n") + 1
        column = len(text.rsplit("\n", 1)[-1]) + 1
        # Translators: {message} says what is wrong, e.g. "Unclosed array".
        wrong = toml_words(error[: end.start()])
        return _("{message} at the end of the file").format(message=wrong), line, column
    return toml_words(error), None, None
