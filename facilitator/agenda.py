"""Agenda templates: the values a meeting runs on, TOML loading and readable error messages.

The rules an agenda must follow are pydantic models in `schema`, imported only when an
agenda needs checking. This module must not import Textual: the command line validates
agendas without a UI.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

from . import __version__

DEFAULT_REMINDER = (
    "Peer support supplements professional treatment; it is not a replacement for it. "
    "If you are struggling, please speak with a doctor, counsellor or other healthcare "
    "professional. In an emergency, call your local emergency number."
)

MAX_MINUTES = 1440
MAX_SHARE_MINUTES = 120
MAX_CATEGORIES = 9
MAX_FILE_BYTES = 1_000_000

MeetingKind = Literal["group", "one-on-one"]
StepKind = Literal["reading", "sharing", "break", "closing"]

_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
_NOT_BLANK = r"\S"
# The export's fixed columns; an attendance id may not take one of their names.
RESERVED_IDS = frozenset({"started_at", "ended_at", "agenda", "meeting", "shares"})


# The values a meeting runs on. `schema` validates a document into these; the fields,
# defaults and docs of each key live there, and a test holds the two to the same keys and
# defaults.


@dataclass(frozen=True, slots=True)
class Meeting:
    """The `[meeting]` table."""

    name: str
    kind: MeetingKind = "group"
    minutes: float | None = None
    description: str = ""


@dataclass(frozen=True, slots=True)
class Sharing:
    """The `[sharing]` table: defaults for every sharing step."""

    share_minutes: float = 3.0
    warning_seconds: float = 30.0
    chime: bool = True


@dataclass(frozen=True, slots=True)
class AttendanceCategory:
    """One `[[attendance]]` category, counted with keys 1-9 in agenda order."""

    id: str
    label: str


@dataclass(frozen=True, slots=True)
class Step:
    """One `[[steps]]` entry of the meeting format."""

    title: str
    minutes: float
    kind: StepKind = "reading"
    script: str = ""
    share_minutes: float | None = None
    warning_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class Resource:
    """One `[[closing.resources]]` entry: a helpline or local service."""

    name: str
    contact: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Closing:
    """The `[closing]` table, shown when the meeting ends."""

    reminder: str = DEFAULT_REMINDER
    resources: tuple[Resource, ...] = ()


def _default_attendance() -> tuple[AttendanceCategory, ...]:
    return (AttendanceCategory(id="attendees", label="Attendees"),)


@dataclass(frozen=True, slots=True)
class Agenda:
    """A whole agenda template, as validated (see `load_agenda`)."""

    meeting: Meeting
    steps: tuple[Step, ...]
    sharing: Sharing = field(default_factory=Sharing)
    attendance: tuple[AttendanceCategory, ...] = field(default_factory=_default_attendance)
    closing: Closing = field(default_factory=Closing)

    @property
    def planned_minutes(self) -> float:
        """The sum of the steps' planned minutes."""
        return sum(step.minutes for step in self.steps)

    def share_seconds(self, index: int) -> float:
        """Share length in seconds for step `index` (its override, else [sharing])."""
        return share_seconds(self.steps[index], self.sharing)

    def warning_seconds(self, index: int) -> float:
        """Warning lead in seconds for step `index` (its override, else [sharing])."""
        return warning_seconds(self.steps[index], self.sharing)


class _StepTimes(Protocol):
    @property
    def share_minutes(self) -> float | None: ...
    @property
    def warning_seconds(self) -> float | None: ...


class _SharingTimes(Protocol):
    @property
    def share_minutes(self) -> float: ...
    @property
    def warning_seconds(self) -> float: ...


# One rule for the agenda a meeting runs on and for the schema's check of a new one.
def share_seconds(step: _StepTimes, sharing: _SharingTimes) -> float:
    """Share length in seconds for `step`: its override, else `sharing`'s."""
    minutes = step.share_minutes
    return (minutes if minutes is not None else sharing.share_minutes) * 60


def warning_seconds(step: _StepTimes, sharing: _SharingTimes) -> float:
    """Warning lead in seconds for `step`: its override, else `sharing`'s."""
    seconds = step.warning_seconds
    return seconds if seconds is not None else sharing.warning_seconds


def agenda_to_plain(agenda: Agenda) -> dict[str, Any]:
    """The agenda as plain dicts, lists and values, every key included (see `agenda_from_plain`)."""
    return {
        "meeting": asdict(agenda.meeting),
        "sharing": asdict(agenda.sharing),
        "attendance": [asdict(category) for category in agenda.attendance],
        "steps": [asdict(step) for step in agenda.steps],
        "closing": {
            "reminder": agenda.closing.reminder,
            "resources": [asdict(resource) for resource in agenda.closing.resources],
        },
    }


def agenda_from_plain(data: dict[str, Any]) -> Agenda:
    """An agenda from what `agenda_to_plain` gave, without checking it again.

    Only for what was validated before (by `schema.validate`); anything else goes through
    `validate_agenda`.

    Raises:
        KeyError, TypeError: `data` does not have the agenda's shape.
    """
    closing = data["closing"]
    return Agenda(
        meeting=Meeting(**data["meeting"]),
        sharing=Sharing(**data["sharing"]),
        attendance=tuple(AttendanceCategory(**item) for item in data["attendance"]),
        steps=tuple(Step(**item) for item in data["steps"]),
        closing=Closing(
            reminder=closing["reminder"],
            resources=tuple(Resource(**item) for item in closing["resources"]),
        ),
    )


def agenda_to_json(agenda: Agenda) -> str:
    """The agenda as compact JSON, every key included (the store keeps one per meeting)."""
    return json.dumps(agenda_to_plain(agenda), separators=(",", ":"), ensure_ascii=False)


def agenda_from_json(text: str, name: str = "<stored agenda>") -> Agenda:
    """Read back what `agenda_to_json` wrote.

    Not validated again: only validated agendas are written (the store keeps the one each
    meeting ran on), and reading thousands of meetings back must not wait for the validator.

    Raises:
        AgendaError: the text is not JSON of the shape `agenda_to_json` writes.
    """
    try:
        return agenda_from_plain(json.loads(text))
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        reason = f"{type(error).__name__}: {error}"
        raise AgendaError([Problem(name, f"is not an agenda as stored ({reason})")]) from None


class _LocatedError(ValueError):
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
        return "; ".join(f"{_field_path(loc)}: {message}" for loc, message in self.problems)


# --------------------------------------------------------------------------- loading


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
        if self.line is not None:
            where += f": line {self.line}"
            if self.column is not None:
                where += f", column {self.column}"
        if self.field:
            where += f": {self.field}"
        # One line per problem, whatever the file's name or the values in it contain.
        return one_line(f"{where}: {self.message}")


class AgendaError(Exception):
    """An agenda file could not be loaded; `problems` holds one line per problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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
    try:
        with path.open("rb") as handle:
            # Capped: a wrong argument such as /dev/zero or a huge log must not eat memory.
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise AgendaError([Problem(name, "no such file")]) from None
    except IsADirectoryError:
        raise AgendaError([Problem(name, "is a folder, not an agenda file (.toml)")]) from None
    except PermissionError:
        raise AgendaError([Problem(name, "cannot be read: permission denied")]) from None
    except OSError as error:
        raise AgendaError([Problem(name, f"cannot be read: {error.strerror or error}")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise AgendaError(
            [Problem(name, f"is too large for an agenda (more than {MAX_FILE_BYTES:,} bytes)")]
        )
    return parse_agenda(data, name, checked=checked)


def parse_agenda(data: bytes, name: str = "<agenda>", *, checked: Path | None = None) -> Agenda:
    """Parse and validate agenda bytes; see `load_agenda`.

    With `checked`, bytes validated before (by this version of the rules) are read back from
    that folder instead of validated again: the validator is most of the app's start-up
    time, and a group opens the same agenda every week. Any change to the file, or to the
    rules, misses and validates in full. The folder is only ever a shortcut: when it cannot
    be read or written, the agenda is validated as usual.
    """
    key = _checked_key(data) if checked is not None else None
    if checked is not None and key is not None:
        known = _read_checked(checked / key)
        if known is not None:
            return known
    document = _decode_toml(data, name)
    agenda = validate_agenda(document, name)
    if checked is not None and key is not None:
        _remember_checked(checked, key, agenda)
    return agenda


def validate_agenda(document: dict[str, Any], name: str = "<agenda>") -> Agenda:
    """Validate an already-parsed TOML document.

    Raises:
        AgendaError: with one `Problem` per thing wrong.
    """
    from .schema import validate  # pydantic: only when something needs checking

    return validate(document, name)


_CHECKED_KEEP = 64  # agendas remembered; each is a few kilobytes


@cache
def _rules_digest() -> bytes | None:
    """What the rules are: the source of the modules that check and read an agenda."""
    digest = hashlib.sha256(__version__.encode())
    try:
        for module in ("agenda.py", "schema.py", "markdown.py"):
            digest.update(Path(__file__).with_name(module).read_bytes())
    except OSError:
        return None  # no sources to compare (a frozen app): always validate
    return digest.digest()


def _checked_key(data: bytes) -> str | None:
    rules = _rules_digest()
    if rules is None:
        return None
    return hashlib.sha256(rules + data).hexdigest() + ".json"


def _read_checked(path: Path) -> Agenda | None:
    from . import markdown

    try:
        known = json.loads(path.read_bytes())
        agenda = agenda_from_plain(known["agenda"])
        scripts = [(str(text), markdown.from_plain(parsed)) for text, parsed in known["scripts"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # not there, or not what was written: validate
    for text, parsed in scripts:
        markdown.remember(text, parsed)  # the meeting screen need not load the parser
    return agenda


def _checked_json(agenda: Agenda) -> str:
    """The agenda, and its scripts' blocks (see `markdown`), as a checked copy keeps them."""
    from . import markdown

    scripts = dict.fromkeys(step.script for step in agenda.steps if step.script.strip())
    known = {
        "agenda": agenda_to_plain(agenda),
        "scripts": [[text, markdown.to_plain(markdown.blocks(text))] for text in scripts],
    }
    return json.dumps(known, separators=(",", ":"), ensure_ascii=False)


def _remember_checked(folder: Path, key: str, agenda: Agenda) -> None:
    from .files import atomic_write

    try:
        # Every folder made here is the user's alone, like the data directory it is in.
        missing = []
        for level in (folder, *folder.parents):
            if level.is_dir():
                break
            missing.append(level)
        for level in reversed(missing):
            level.mkdir(mode=0o700, exist_ok=True)
        atomic_write(folder / key, _checked_json(agenda).encode(), overwrite=True)
        remembered = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for stale in remembered[:-_CHECKED_KEEP]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a shortcut only: the next start validates again


def _decode_toml(data: bytes, name: str) -> dict[str, Any]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise AgendaError(
            [Problem(name, "is saved as UTF-16 text; save the file with UTF-8 encoding")]
        )
    if b"\x00" in data:
        raise AgendaError([Problem(name, "is a binary file, not a TOML agenda (UTF-8 text)")])
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
                    f"not UTF-8 text (byte 0x{bad}); save the file with UTF-8 encoding",
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
                    "the file is empty; an agenda needs a [meeting] table with a name "
                    "and at least one [[steps]] entry",
                )
            ]
        )
    import tomllib  # here, not at the top: a checked agenda is never parsed again

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message, where_line, where_column = _split_toml_error(str(error), text)
        raise AgendaError(
            [Problem(name, f"TOML syntax error: {message}", line=where_line, column=where_column)]
        ) from None
    except RecursionError:
        raise AgendaError([Problem(name, _TOO_DEEP)]) from None
    except ValueError:
        # tomllib reads a whole number with int(), which refuses one of over 4,300 digits.
        raise AgendaError([Problem(name, _TOO_LONG)]) from None
    problem = _beyond_limits(document)
    if problem is not None:
        raise AgendaError([Problem(name, problem)])
    return document


_TOO_DEEP = "is nested too deeply to read (too many [ or { inside each other)"
_TOO_LONG = "has a number too long to read (thousands of digits)"
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
    match = _POSITION.search(error)
    if match:
        return error[: match.start()], int(match.group(1)), int(match.group(2))
    end = _END_OF_DOCUMENT.search(error)
    if end:
        # Still name a line and column, as for every other syntax error.
        line = text.count("\n") + 1
        column = len(text.rsplit("\n", 1)[-1]) + 1
        return error[: end.start()] + " at the end of the file", line, column
    return error, None, None


# --------------------------------------------------------------------------- messages


def _num(value: float) -> str:
    if isinstance(value, int):
        # tomllib integers have no size limit, and float() of a huge one overflows.
        digits = str(abs(value))
        if len(digits) > 20:
            return f"a {len(digits)}-digit {'negative ' if value < 0 else ''}number"
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


def _quoted(text: str) -> str:
    """`text` as a one-line TOML basic string."""
    return '"' + one_line(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def _describe(value: Any) -> str:
    """Name a TOML value for a message: its type, and the value when short."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
            return str(value)
        return _num(value)
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"text {_quoted(shown)}"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return f"a date/time {value.isoformat()}"
    return type(value).__name__


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _field_path(loc: Sequence[str | int]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            # An unknown key can be any quoted TOML key; quote it back the same way.
            key = part if _BARE_KEY.fullmatch(part) else _quoted(part)
            path += f".{key}" if path else key
    return path


def format_problems(problems: Sequence[Problem]) -> str:
    """One line per problem, for a terminal."""
    return "\n".join(str(p) for p in problems)


# --------------------------------------------------------------------------- writing


def _plain(value: Any) -> Any:
    """What TOML holds: no None or empty optional text, whole floats as ints, lists."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if item not in (None, "")}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def agenda_to_toml(agenda: Agenda) -> str:
    """The agenda as TOML text that `parse_agenda` reads back to an equal agenda.

    Every key is written, defaults included, so the file says what the meeting will do.
    """
    import tomli_w  # only needed when saving

    document = _plain(agenda_to_plain(agenda))
    return tomli_w.dumps(document, multiline_strings=True)
