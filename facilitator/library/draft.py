"""A working copy of an agenda for the editor, valid or not. No Textual here.

The draft holds the agenda as a TOML document (nested dicts and lists), so it can hold
whatever a facilitator is half-way through typing: a blank title, minutes of "abc", a
missing table. `problems()` checks it with the same rules and messages as
`facilitator validate`; only a valid draft can be saved.

A document is never changed in place: each change makes a new one, sharing what did not
change (a step edited in an agenda of 28,000 copies one step and the list of them). So a
`Check` can read the draft as it was in a worker thread while the facilitator goes on
typing, and knowing what was saved costs no copy.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from ..agenda import (
    MAX_CATEGORIES,
    Agenda,
    AgendaError,
    MeetingDetails,
    Problem,
    Step,
    agenda_document,
    decode_toml,
    default_reminder,
    document_to_toml,
    field_path,
    read_agenda_bytes,
    sharing_without_chime,
    validate_agenda,
)
from ..words import i18n
from ..words.i18n import _
from ..words.meeting import minutes_total_words
from .agendas import has_comments, is_bundled
from .saving import FileStamp, Saved, SavePlan, plan_save

Derived = TypeVar("Derived")

Loc = tuple[str | int, ...]
"""Where a value sits in the document: `("steps", 3, "minutes")` is `steps[3].minutes`."""

Section = Literal["steps", "attendance", "resources"]
"""A list of entries the editor adds to, removes from and reorders."""

SECTIONS: dict[Section, Loc] = {
    "steps": ("steps",),
    "attendance": ("attendance",),
    "resources": ("closing", "resources"),
}

# The model's own defaults, so the editor shows what a missing key means.
_DEFAULTS = Agenda(meeting=MeetingDetails(name="-"), steps=(Step(title="-", minutes=1),))


class DraftError(Exception):
    """A change the draft cannot make as asked; the message says why, for a person."""


@dataclass(frozen=True)
class MinutesTotal:
    """The steps' minutes against the meeting's planned minutes, in words."""

    steps: float
    planned: float | None

    @property
    def state(self) -> Literal["none", "match", "under", "over"]:
        if self.planned is None:
            return "none"
        if math.isclose(self.steps, self.planned, abs_tol=1e-9):
            return "match"
        return "under" if self.steps < self.planned else "over"

    @property
    def words(self) -> str:
        """`steps add up to 55 of 60 planned minutes · 5 unplanned`, and the like."""
        return minutes_total_words(self.steps, self.planned)


def field_name(loc: Sequence[str | int]) -> str:
    """`loc` as problems name it: `("steps", 3, "minutes")` → `steps[3].minutes`."""
    return field_path(loc)


def number_from_text(text: str) -> int | float | str | None:
    """What a number field's text means: None when empty, a number, or the text itself.

    Text that is not a number is kept, so validation names it as `validate` would.
    """
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return int(stripped)
    except ValueError:
        pass
    try:
        return float(stripped)
    except ValueError:
        return text


def with_defaults(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with absent keys that have defaults filled in, as `agenda_to_toml` writes.

    Only where the containing table is a table: anything broken is left as it is, so its
    problem reads the same as from `validate`. `document` is not changed: the tables that
    get a key are new ones, the rest is shared.
    """
    result = dict(document)
    defaults = agenda_document(_DEFAULTS)  # made afresh: the result may hold its tables
    meeting = result.get("meeting")
    if isinstance(meeting, dict) and "kind" not in meeting:
        result["meeting"] = {**meeting, "kind": defaults["meeting"]["kind"]}
    sharing = result.get("sharing")
    if isinstance(sharing, dict):
        # The older `chime` is shown, and saved, as the `sound` it means.
        result["sharing"] = sharing_without_chime(sharing)
    # The reminder nobody wrote is said in the meeting's own language, as `validate` says it.
    language = meeting.get("language") if isinstance(meeting, dict) else None
    if isinstance(language, str) and i18n.is_code(language):
        defaults["closing"] = {**defaults["closing"], "reminder": default_reminder(language)}
    for table in ("sharing", "closing"):
        if table not in result:
            result[table] = defaults[table]
        elif isinstance(result[table], dict):
            filled = dict(result[table])
            for key, value in defaults[table].items():
                if table == "sharing" and key == "sound" and "chime" in filled:
                    continue  # a chime that is not true or false: its own problem says so
                filled.setdefault(key, value)
            result[table] = filled
    closing = result["closing"]
    if isinstance(closing, dict) and "resources" not in closing:
        result["closing"] = {**closing, "resources": []}
    result.setdefault("attendance", defaults["attendance"])
    steps = result.get("steps")
    if isinstance(steps, list):
        result["steps"] = [
            {**step, "kind": "reading"} if isinstance(step, dict) and "kind" not in step else step
            for step in steps
        ]
    return result


def replaced(document: dict[str, Any], loc: Loc, value: Any) -> dict[str, Any]:
    """A new document: `document` with `value` at `loc` (None: without the key there).

    Missing tables on the way are made. Only the tables and lists on the way are copied,
    and only one level deep: the rest is shared with `document`, which is not changed.

    Raises:
        DraftError: something on the way is not a table (fix it as TOML text).
    """
    chain: list[Any] = [document]  # the containers from the document to the key's
    container: Any = document
    for depth, part in enumerate(loc[:-1]):
        if isinstance(part, int):
            if not isinstance(container, list) or not 0 <= part < len(container):
                raise DraftError(_missing(loc[: depth + 1]))
            child = container[part]
        else:
            if not isinstance(container, dict):
                raise DraftError(_("{field} is not a table").format(field=field_name(loc[:depth])))
            child = container.get(part, {})
        if not isinstance(child, dict | list):
            raise DraftError(_not_a_table(loc[: depth + 1]))
        chain.append(child)
        container = child
    key = loc[-1]
    if isinstance(key, int) or not isinstance(container, dict):
        raise DraftError(_not_a_table(loc[:-1]))
    changed: Any
    if value is None:
        changed = {k: v for k, v in container.items() if k != key}
    else:
        changed = {**container, key: value}
    for part, parent in zip(reversed(loc[:-1]), reversed(chain[:-1]), strict=True):
        copied: Any = list(parent) if isinstance(parent, list) else dict(parent)
        copied[part] = changed
        changed = copied
    result: dict[str, Any] = changed
    return result


@dataclass(frozen=True)
class Checked:
    """What a check of the draft found: its problems; when none, the valid agenda."""

    version: int
    """The draft's version that was checked (see `Draft.version`)."""
    problems: tuple[Problem, ...]
    agenda: Agenda | None


@dataclass(frozen=True)
class Check:
    """A check of the draft as it was when asked for; `run` it anywhere, a thread included.

    It reads only what it holds, and documents are never changed in place.
    """

    version: int
    name: str
    document: dict[str, Any]
    syntax_problem: Problem | None
    """The TOML text's syntax error, while it has one (the document is then not checked)."""

    def run(self) -> Checked:
        """Check the document with the rules and messages of `facilitator validate`."""
        if self.syntax_problem is not None:
            return Checked(self.version, (self.syntax_problem,), None)
        try:
            agenda = validate_agenda(self.document, self.name)
        except AgendaError as error:
            return Checked(self.version, tuple(error.problems), None)
        return Checked(self.version, (), agenda)


class Draft:
    """A working copy of an agenda that changes as it is edited; see the module docstring.

    Attributes:
        document: The agenda as a TOML document; may be invalid. Never changed in place:
            each change replaces it (see `replaced`).
        path: The file this draft was loaded from and saves to (None for a new agenda).
        name: How problems name the file.
        raw_text: The TOML text, while it has a syntax error; None while `document` holds it.
        had_comments: The file had comments, which saving drops.
        on_disk: What the file held when it was read or last written (None: no file yet);
            a save checks the file still holds it.
    """

    def __init__(
        self,
        document: dict[str, Any] | None = None,
        *,
        path: Path | None = None,
        name: str | None = None,
        raw_text: str | None = None,
        had_comments: bool = False,
    ) -> None:
        """A draft of `document`, which is read and never changed (the draft may share it)."""
        self.document: dict[str, Any] = with_defaults(document or {})
        self.path = path
        self.name = name if name is not None else (path.name if path else "new agenda")
        self.raw_text: str | None = None
        self._syntax_problem: Problem | None = None
        self.had_comments = had_comments
        self.saved_once = False
        self.on_disk: FileStamp | None = None
        self._saved_document = self.document
        self.version = 0
        """How many changes the draft has had: a check is of one version."""
        self._checked: Checked | None = None
        self._derived: dict[str, Any] = {}  # what is read from this version, by name
        if raw_text is not None:
            self.set_raw_text(raw_text)
        self._saved_raw = self.raw_text

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: Path, display_name: str | None = None) -> Draft:
        """A draft of the agenda file at `path`, valid or not.

        A file with a TOML syntax error opens with its text in `raw_text`, to be fixed.

        Raises:
            AgendaError: the file cannot be read or is not text (the `validate` message).
        """
        name = display_name if display_name is not None else path.name
        data = read_agenda_bytes(path, name)
        text = _text_of(data, name)
        comments = "#" in text and has_comments(text)  # most agendas have no #: no scan
        try:
            document = decode_toml(data, name)
        except AgendaError:
            if not text.strip():
                draft = cls({}, path=path, name=name)
            else:
                draft = cls(path=path, name=name, raw_text=text, had_comments=comments)
        else:
            draft = cls(document, path=path, name=name, had_comments=comments)
        draft.on_disk = FileStamp.of(data)
        return draft

    # ------------------------------------------------------------------ state

    @property
    def bundled(self) -> bool:
        """The draft comes from an agenda shipped with the app, which is never modified."""
        return self.path is not None and is_bundled(self.path)

    @property
    def dirty(self) -> bool:
        """There are changes that are not saved."""
        return self._derive("dirty", self._differs_from_saved)

    def _differs_from_saved(self) -> bool:
        if self.raw_text != self._saved_raw:
            return True
        return self.document is not self._saved_document and self.document != self._saved_document

    @property
    def warn_before_saving(self) -> bool:
        """Saving rewrites a file whose comments would be lost, and nobody was told yet."""
        return self.had_comments and not self.bundled and not self.saved_once

    def toml_text(self) -> str:
        """The draft as TOML text: the raw text while it has a syntax error."""
        if self.raw_text is not None:
            return self.raw_text
        return document_to_toml(self.document)

    def set_raw_text(self, text: str) -> None:
        """Replace the whole draft by TOML `text`; held as text while it does not parse."""
        try:
            document = decode_toml(text.encode("utf-8", "surrogatepass"), self.name)
        except AgendaError as error:
            self.raw_text = text
            self._syntax_problem = error.problems[0]
        else:
            self.raw_text = None
            self._syntax_problem = None
            self.document = with_defaults(document)
        self._changed()

    # ------------------------------------------------------------------ values

    def get(self, loc: Loc) -> Any:
        """The value at `loc`, or None when it is absent or the way there is not a table."""
        value: Any = self.document
        for part in loc:
            if isinstance(part, int):
                if not isinstance(value, list) or not 0 <= part < len(value):
                    return None
            elif not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    def set(self, loc: Loc, value: Any) -> None:
        """Set the value at `loc`; None removes the key. Missing tables are created.

        The value it has already (of the same type: 1 is not 1.0) is no change, nor is
        removing a key its table does not have.

        Raises:
            DraftError: something on the way is not a table (fix it as TOML text).
        """
        self._check_editable()
        if value is None:
            table = self.get(loc[:-1])
            if isinstance(table, dict) and isinstance(loc[-1], str) and loc[-1] not in table:
                return
        else:
            now = self.get(loc)
            if type(now) is type(value) and now == value:
                return
        self.document = replaced(self.document, loc, value)
        self._changed()

    # ------------------------------------------------------------------ lists

    def entries(self, section: Section) -> Sequence[Any]:
        """The entries of a list section (none when it is absent or not a list).

        The draft's own list, not a copy: it is never changed in place.
        """
        value = self.get(SECTIONS[section])
        return value if isinstance(value, list) else []

    def _list(self, section: Section) -> list[Any]:
        self._check_editable()
        loc = SECTIONS[section]
        value = self.get(loc)
        if value is None:
            return []
        if not isinstance(value, list):
            raise DraftError(
                _("{field} is not a list; fix it as TOML text").format(field=field_name(loc))
            )
        return value

    def _set_list(self, section: Section, entries: list[Any]) -> None:
        self.document = replaced(self.document, SECTIONS[section], entries)
        self._changed()

    def add(self, section: Section, after: int | None = None) -> int:
        """Add a new entry after entry `after` (at the end when None); returns its index.

        Raises:
            DraftError: the section is not a list, or (attendance) already has 9 entries.
        """
        entries = self._list(section)
        if section == "attendance" and len(entries) >= MAX_CATEGORIES:
            raise DraftError(
                _("at most {count} categories are allowed (keys 1-9)").format(count=MAX_CATEGORIES)
            )
        index = len(entries) if after is None else max(0, min(after + 1, len(entries)))
        new = self._new_entry(section, entries)
        self._set_list(section, [*entries[:index], new, *entries[index:]])
        return index

    def remove(self, section: Section, index: int) -> None:
        """Remove entry `index`."""
        entries = self._list(section)
        if not 0 <= index < len(entries):
            raise DraftError(_missing((*SECTIONS[section], index)))
        self._set_list(section, [*entries[:index], *entries[index + 1 :]])

    def move(self, section: Section, index: int, offset: int) -> int:
        """Move entry `index` by `offset` places (kept within the list); returns where it is."""
        entries = self._list(section)
        if not 0 <= index < len(entries):
            raise DraftError(_missing((*SECTIONS[section], index)))
        target = max(0, min(index + offset, len(entries) - 1))
        if target != index:
            moved = list(entries)
            moved.insert(target, moved.pop(index))
            self._set_list(section, moved)
        return target

    @staticmethod
    def _new_entry(section: Section, entries: list[Any]) -> dict[str, Any]:
        if section == "steps":
            return {"title": _("New step"), "minutes": 5, "kind": "reading"}
        if section == "attendance":
            used = {e.get("id") for e in entries if isinstance(e, dict)}
            number = len(entries) + 1
            while f"category_{number}" in used:
                number += 1
            label = _("Category {number}").format(number=number)
            return {"id": f"category_{number}", "label": label}
        # A resource needs a contact: left empty, its problem asks for one.
        return {"name": _("New resource"), "contact": ""}

    # ------------------------------------------------------------------ checking

    def check(self) -> Check:
        """The check of the draft as it is now, to run (in a worker) and hand to `checked`."""
        return Check(self.version, self.name, self.document, self._syntax_problem)

    def checked(self, result: Checked) -> None:
        """Keep what a check found, unless a later version's result is kept already."""
        latest = self._checked
        if latest is None or result.version >= latest.version:
            self._checked = self._named(result)

    @property
    def is_checked(self) -> bool:
        """The draft as it is now has been checked: `problems()` answers without checking."""
        return self._checked is not None and self._checked.version == self.version

    def last_problems(self) -> list[Problem] | None:
        """What the latest check found: of the draft as it is (`is_checked`) or as it was a
        moment ago; None before the first check."""
        return None if self._checked is None else list(self._checked.problems)

    def problems(self) -> list[Problem]:
        """What is wrong, with the same rules and messages as `facilitator validate`.

        Checks the draft now when it has changed since its last check (see `check`).
        """
        if not self.is_checked:
            self.checked(self.check().run())
        assert self._checked is not None
        return list(self._checked.problems)

    def problems_by_field(self) -> dict[str, list[str]]:
        """Problem messages by field (`steps[3].minutes`); "" for the file as a whole."""
        return messages_by_field(self.problems())

    def agenda(self) -> Agenda | None:
        """The agenda, when the draft is valid."""
        if self.raw_text is not None:
            return None
        self.problems()
        assert self._checked is not None
        return self._checked.agenda

    def asks_overtime_tones(self) -> bool:
        """Whether the editor asks how often overtime's soft tones sound: where a share can
        make a sound, or a value is set already; a group that meets in silence is not asked."""
        return self._derive("asks_overtime_tones", self._asks_overtime_tones)

    def _asks_overtime_tones(self) -> bool:
        if self.get(("sharing", "overtime_reminder_seconds")) is not None:
            return True
        sounds = {self.get(("sharing", "sound"))}
        sounds |= {step.get("sound") for step in self.entries("steps") if isinstance(step, dict)}
        return bool(sounds - {"off", None})

    def minutes_total(self) -> MinutesTotal:
        """The steps' minutes (those that are valid) against the planned minutes."""
        return self._derive("minutes_total", self._minutes_total)

    def _minutes_total(self) -> MinutesTotal:
        total = 0.0
        for step in self.entries("steps"):
            minutes = step.get("minutes") if isinstance(step, dict) else None
            if type(minutes) is float or type(minutes) is int:  # as `_finite`, quicker
                if 0 < minutes <= sys.float_info.max:  # what validation lets through only
                    total += minutes
            elif (number := _finite(minutes)) is not None and number > 0:
                total += number
        return MinutesTotal(total, _finite(self.get(("meeting", "minutes"))))

    # ------------------------------------------------------------------ saving

    def plan_save(self, *, overwrite: bool = False, as_copy: bool = False) -> SavePlan:
        """What saving now would write, and where; the draft is unchanged.

        A bundled agenda is never modified: the first save of one goes to the user's
        agendas under its file name, taking its place (the first of a new agenda, to a free
        name there), and later saves go there. The UI
        writes the plan in a worker thread (`SavePlan.write`: atomically, keeping the
        previous version as a `.bak` file), then calls `saved`. The write refuses a file
        that changed on disk since it was read or last written (`ChangedOnDisk`) and a
        read-only one (`ReadOnlyAgenda`), and a bundled agenda's first save over the user's
        own agenda of that name (`YoursExists`).

        Args:
            overwrite: Replace the file even if it changed on disk, or is the user's own.
            as_copy: Save beside the file under a free name (`NAME-copy.toml`) instead.

        Raises:
            AgendaError: the draft has problems.
        """
        agenda = self.agenda()
        if agenda is None:
            raise AgendaError(self.problems())
        return plan_save(
            self.path,
            agenda,
            self.document,  # never changed in place: what is saved stays as it was
            on_disk=None if overwrite else self.on_disk,
            dropped_comments=self.had_comments and not self.saved_once,
            overwrite=overwrite,
            as_copy=as_copy,
        )

    def saved(self, plan: SavePlan, backup: Path | None) -> Saved:
        """Record that `plan` was written: the draft now belongs to `plan.target`."""
        self.path = plan.target
        self.name = plan.target.name
        self.saved_once = True
        self.had_comments = False
        self.on_disk = plan.written
        # Changes typed while the file was being written are still unsaved.
        self._saved_document = plan.document
        self._saved_raw = None
        self._derived.pop("dirty", None)
        if self._checked is not None:
            self._checked = self._named(self._checked)  # problems name the file
        return plan.saved(backup)

    # ------------------------------------------------------------------ internals

    def _check_editable(self) -> None:
        if self.raw_text is not None:
            raise DraftError(_("the TOML text has a syntax error: fix it first"))

    def _changed(self) -> None:
        self.version += 1
        self._derived.clear()

    def _derive(self, name: str, compute: Callable[[], Derived]) -> Derived:
        """What `compute` reads from the draft, read once per version."""
        if name not in self._derived:
            self._derived[name] = compute()
        value: Derived = self._derived[name]
        return value

    def _named(self, result: Checked) -> Checked:
        """`result` with its problems naming the file as the draft now does."""
        if all(problem.file == self.name for problem in result.problems):
            return result
        problems = tuple(replace(problem, file=self.name) for problem in result.problems)
        return replace(result, problems=problems)


def messages_by_field(problems: Sequence[Problem]) -> dict[str, list[str]]:
    """Problem messages by field (`steps[3].minutes`); "" for the file as a whole."""
    found: dict[str, list[str]] = {}
    for problem in problems:
        found.setdefault(problem.field, []).append(problem.message)
    return found


def _missing(loc: Loc) -> str:
    # Translators: {field} is a place in the agenda as TOML names it, "steps[3]".
    return _("{field} does not exist").format(field=field_name(loc))


def _not_a_table(loc: Loc) -> str:
    return _("{field} is not a table; fix it as TOML text").format(field=field_name(loc))


def _finite(value: Any) -> float | None:
    """`value` as a float when it is a finite number (not a bool, not a huge integer)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _text_of(data: bytes, name: str) -> str:
    """The file's text; raises the `validate` problem for a file that is not UTF-8 text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        if b"\x00" in data:
            raise UnicodeDecodeError("utf-8", data, 0, 1, "binary")
        return data.decode("utf-8")
    except UnicodeDecodeError:
        decode_toml(data, name)  # raises the message `validate` prints
        raise
