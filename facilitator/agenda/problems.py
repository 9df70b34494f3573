"""Problems with an agenda, each one printable line, and the words that name values in them."""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..words.i18n import _


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an agenda file, formatted as one line."""

    file: str
    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None and self.column is not None:
            place = _("line {line}, column {column}").format(line=self.line, column=self.column)
            where += f": {place}"
        elif self.line is not None:
            where += ": " + _("line {line}").format(line=self.line)
        if self.field:
            where += f": {self.field}"
        # One line per problem, whatever the file's name or the values in it contain.
        return one_line(f"{where}: {self.message}")


class AgendaError(Exception):
    """An agenda file could not be loaded; `problems` holds one line per problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def num(value: float) -> str:
    if isinstance(value, int):
        # tomllib integers have no size limit, and float() of a huge one overflows.
        digits = str(abs(value))
        if len(digits) > 20:
            if value < 0:
                return _("a {digits}-digit negative number").format(digits=len(digits))
            return _("a {digits}-digit number").format(digits=len(digits))
        return str(value)
    # Past 1e16 a float's integer digits are noise: 1e+308, not a 309-digit number.
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else f"{value:g}"


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: str) -> str:
    """`text` with line breaks and other unprintable characters escaped, for a terminal.

    Neither a value from the file nor the file's own name may break the
    one-line-per-problem format or send escape sequences to the terminal.
    """
    if text.isprintable():
        return text
    out = []
    for char in text:
        code = ord(char)
        if char.isprintable():
            out.append(char)
        elif char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


def quoted(text: str) -> str:
    """`text` as a one-line TOML basic string."""
    return '"' + one_line(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def describe(value: object) -> str:
    """Name a TOML value for a message: its type, and the value when short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
            return str(value)
        return num(value)
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        # Translators: a text value of an agenda file, shown with its quotes: text "5".
        return _("text {text}").format(text=quoted(shown))
    if isinstance(value, dict):
        return _("a table")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return _("a date/time {value}").format(value=value.isoformat())
    return type(value).__name__


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def field_path(loc: Sequence[str | int]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            # An unknown key can be any quoted TOML key; quote it back the same way.
            key = part if _BARE_KEY.fullmatch(part) else quoted(part)
            path += f".{key}" if path else key
    return path


def format_problems(problems: Sequence[Problem]) -> str:
    """One line per problem, for a terminal."""
    return "\n".join(str(p) for p in problems)


_BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""One character a terminal would act on (what `control_character` counts), or half of a
UTF-16 pair, which no text file can hold alone (a file name not in UTF-8 is read with them)."""


def escaped_controls(text: str) -> str:
    """`text` with each control character written as its code, as `one_line` writes it.

    The characters `control_character` counts (`\\x1b`, `\\r`, `\\x9b`, `\\u202e`) and
    lone surrogates; everything else, a no-break space or a zero-width joiner among them, is
    kept as it is: for data that must reach a terminal, such as an export's CSV.
    """
    return CONTROL_CHARACTERS.sub(lambda found: one_line(found.group()), text)


def control_character(text: str, *, multiline: bool) -> str | None:
    """The first control character in `text` a terminal would act on, as `U+001B`, or None.

    C0 and C1 controls and the bidirectional controls (which reorder what is shown) count;
    newline and tab are text in a multi-line field, and so is the carriage return of a
    Windows line end (`\\r\\n`).
    """
    for index, char in enumerate(text):
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F or code in _BIDI_CONTROLS:
            if multiline and (char in "\n\t" or text.startswith("\r\n", index)):
                continue
            return f"U+{code:04X}"
    return None


def only_invisible(text: str) -> bool:
    """True when `text` has characters but none that shows: spaces and zero-width ones only."""
    import unicodedata

    return bool(text) and all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)


class LocatedError(ValueError):
    """Problems found by a model validator, each with the field it belongs to.

    Locations are relative to the model that raised it; pydantic knows where that model is.
    """

    def __init__(self, loc: tuple[str | int, ...] | None = None, message: str = "") -> None:
        super().__init__()
        self.problems: list[tuple[tuple[str | int, ...], str]] = []
        if loc is not None:
            self.add(loc, message)

    def add(self, loc: tuple[str | int, ...], message: str) -> None:
        self.problems.append((loc, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise self

    def __str__(self) -> str:
        return "; ".join(f"{field_path(loc)}: {message}" for loc, message in self.problems)
