"""The agenda schema: pydantic models that validate a TOML document, and their messages.

Imported only to check an agenda that has not been checked before (see `loading`):
pydantic and the models take longer to import than the rest of the start-up. What the
meeting runs on are the plain values in `values`, built from these once validated.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from . import values as plain
from .codec import agenda_from_plain
from .problems import (
    AgendaError,
    LocatedError,
    Problem,
    control_character,
    describe,
    field_path,
    num,
    only_invisible,
    quoted,
)
from .values import (
    DEFAULT_REMINDER,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    MAX_CATEGORIES,
    MAX_MINUTES,
    MAX_OVERTIME_REMINDER,
    MAX_SHARE_MINUTES,
    MIN_OVERTIME_REMINDER,
    NOT_BLANK,
    RESERVED_IDS,
    START_PATTERN,
    MeetingKind,
    Sound,
    StepKind,
    sharing_without_chime,
)


def _one_line(text: str) -> str:
    found = control_character(text, multiline=False)
    if found is not None:
        raise ValueError(f"contains the control character {found}; remove it")
    return text


def _lines(text: str) -> str:
    found = control_character(text, multiline=True)
    if found is not None:
        raise ValueError(f"contains the control character {found}; remove it")
    return text


def _visible(text: str) -> str:
    if only_invisible(text):
        raise ValueError("must not be blank (only spaces or invisible characters)")
    return text


# Text shown on screen or printed: no control character a terminal would act on.
Line = Annotated[str, AfterValidator(_one_line)]
"""One line of text: no control characters at all."""
Lines = Annotated[str, AfterValidator(_lines)]
"""Text of several lines: newlines and tabs, but no other control characters."""
Name = Annotated[str, AfterValidator(_one_line), AfterValidator(_visible)]
"""A name people read: one line, with something visible in it."""


class _Model(BaseModel):
    # Strict: a TOML string "5" is not a number; frozen: an agenda is a value.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Meeting(_Model):
    """The `[meeting]` table."""

    name: Name = Field(
        min_length=1, pattern=NOT_BLANK, description="The meeting's name, shown at the top."
    )
    kind: MeetingKind = Field(default="group", description='"group" (default) or "one-on-one".')
    minutes: float | None = Field(
        default=None,
        gt=0,
        le=MAX_MINUTES,
        description="Planned total length in minutes (optional).",
    )
    start: str | None = Field(
        default=None,
        pattern=START_PATTERN,
        description='Scheduled start, local time as "HH:MM", e.g. "19:00" (optional).',
    )
    description: Lines = Field(default="", description="A line about the meeting (optional).")
    language: str | None = Field(
        default=None,
        pattern=LANGUAGE_PATTERN,
        description='The meeting\'s language, e.g. "es" or "es-MX": the app speaks it (optional).',
    )


class Sharing(_Model):
    """The `[sharing]` table: defaults for every sharing step."""

    share_minutes: float = Field(
        default=3, gt=0, le=MAX_SHARE_MINUTES, description="Length of one share; fractions allowed."
    )
    warning_seconds: float = Field(
        default=30, ge=0, description="Warn this many seconds before a share's time is up."
    )
    sound: Sound = Field(
        default="tones",
        description=(
            '"tones" (default): a tone at the warning and two at time-up; '
            '"bell": the terminal bell at time-up; "off": silent.'
        ),
    )
    overtime_reminder_seconds: float | None = Field(
        default=None,
        ge=MIN_OVERTIME_REMINDER,
        le=MAX_OVERTIME_REMINDER,
        description="In overtime, one soft tone every this many seconds (optional: none if unset).",
    )
    flash: bool = Field(
        default=False,
        description="Flash the room view at time-up (a little over once a second).",
    )
    # The older spelling of `sound`: read, mapped by `_chime_as_sound`, never written.
    chime: bool | None = Field(
        default=None,
        exclude=True,
        description='The older spelling of sound: false is "off", true is "tones".',
    )

    @model_validator(mode="before")
    @classmethod
    def _chime_as_sound(cls, data: Any) -> Any:
        return sharing_without_chime(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _checks(self) -> Sharing:
        error = LocatedError()
        if self.chime is not None:  # `_chime_as_sound` leaves chime only beside a sound
            error.add(
                ("chime",),
                'use sound = "tones" | "bell" | "off" instead; chime and sound cannot both be set',
            )
        if self.warning_seconds >= self.share_minutes * 60:
            error.add(
                ("warning_seconds",),
                f"must be shorter than the share "
                f"({num(self.share_minutes * 60)} seconds) (got {num(self.warning_seconds)})",
            )
        error.raise_if_any()
        return self


class AttendanceCategory(_Model):
    """One `[[attendance]]` category, counted with keys 1-9 in agenda order."""

    id: str = Field(
        pattern=ID_PATTERN,
        description="Unique lowercase identifier (letters, digits, _), used in exports.",
    )
    label: Name = Field(min_length=1, pattern=NOT_BLANK, description="What the facilitator sees.")

    @model_validator(mode="after")
    def _not_an_export_column(self) -> AttendanceCategory:
        if self.id in RESERVED_IDS:
            raise LocatedError(
                ("id",),
                f'"{self.id}" is a column of the attendance export; choose another id',
            )
        return self


class Step(_Model):
    """One `[[steps]]` entry of the meeting format."""

    title: Name = Field(min_length=1, pattern=NOT_BLANK, description="The step's title.")
    minutes: float = Field(gt=0, le=MAX_MINUTES, description="Planned length in minutes.")
    kind: StepKind = Field(
        default="reading", description='"reading" (default), "sharing", "break" or "closing".'
    )
    script: Lines = Field(default="", description="Markdown the facilitator reads or follows.")
    share_minutes: float | None = Field(
        default=None,
        gt=0,
        le=MAX_SHARE_MINUTES,
        description="Sharing steps only: overrides [sharing].share_minutes.",
    )
    warning_seconds: float | None = Field(
        default=None, ge=0, description="Sharing steps only: overrides [sharing].warning_seconds."
    )
    sound: Sound | None = Field(
        default=None, description="Sharing steps only: overrides [sharing].sound."
    )

    @model_validator(mode="after")
    def _share_keys_on_sharing_steps(self) -> Step:
        error = LocatedError()
        for key in ("share_minutes", "warning_seconds", "sound"):
            if getattr(self, key) is not None and self.kind != "sharing":
                error.add(
                    (key,),
                    f'only allowed on a step with kind = "sharing" (this step is "{self.kind}")',
                )
        error.raise_if_any()
        return self


class Resource(_Model):
    """One `[[closing.resources]]` entry: a helpline or local service."""

    name: Name = Field(min_length=1, pattern=NOT_BLANK, description="Name of the service.")
    contact: Name = Field(
        min_length=1, pattern=NOT_BLANK, description="How to reach it (number, text, address)."
    )
    note: Line = Field(default="", description="Hours, region, cost (optional).")


class Closing(_Model):
    """The `[closing]` table, shown when the meeting ends."""

    reminder: Lines = Field(
        default=DEFAULT_REMINDER, min_length=1, description="The closing reminder."
    )
    resources: tuple[Resource, ...] = Field(
        default=(), strict=False, description="Helplines and local services."
    )


def _default_attendance() -> tuple[AttendanceCategory, ...]:
    return (AttendanceCategory(id="attendees", label="Attendees"),)


class Agenda(_Model):
    """A whole agenda template."""

    meeting: Meeting
    sharing: Sharing = Field(default_factory=Sharing)
    attendance: tuple[AttendanceCategory, ...] = Field(
        default_factory=_default_attendance,
        min_length=1,
        max_length=MAX_CATEGORIES,
        strict=False,
        description="Categories counted with keys 1-9.",
    )
    steps: tuple[Step, ...] = Field(min_length=1, strict=False, description="The format.")
    closing: Closing = Field(default_factory=Closing)

    @model_validator(mode="after")
    def _cross_checks(self) -> Agenda:
        # Collect every problem: one run of `validate` should show them all.
        error = LocatedError()
        seen: dict[str, int] = {}
        for index, category in enumerate(self.attendance):
            if category.id in seen:
                shown = category.id if len(category.id) <= 30 else category.id[:27] + "..."
                error.add(
                    ("attendance", index, "id"),
                    f"duplicate id {quoted(shown)} (already used by "
                    f"attendance[{seen[category.id]}]); each category needs its own id",
                )
            else:
                seen[category.id] = index
        for index, step in enumerate(self.steps):
            if step.kind != "sharing":
                continue
            share_seconds = plain.share_seconds(step, self.sharing)
            warning = plain.warning_seconds(step, self.sharing)
            if warning >= share_seconds:
                key = "warning_seconds" if step.warning_seconds is not None else "share_minutes"
                error.add(
                    ("steps", index, key),
                    f"the warning ({num(warning)} s) must be shorter than the share "
                    f"({num(share_seconds)} s)",
                )
        error.raise_if_any()
        return self


def validate(document: dict[str, Any], name: str) -> plain.Agenda:
    """Validate a parsed TOML document into an agenda.

    Raises:
        AgendaError: with one `Problem` per thing wrong.
    """
    try:
        model = Agenda.model_validate(document)
    except ValidationError as error:
        raise AgendaError(_problems_from(error, document, name)) from None
    plain_agenda = model.model_dump(mode="python")
    language = plain_agenda["meeting"]["language"]
    closing = document.get("closing")
    if language and not (isinstance(closing, dict) and "reminder" in closing):
        # The reminder nobody wrote is said in the meeting's own language.
        from ..i18n import in_language

        plain_agenda["closing"]["reminder"] = in_language(language).gettext(DEFAULT_REMINDER)
    return agenda_from_plain(plain_agenda)


# --------------------------------------------------------------------------- messages


_TABLE_HINTS: dict[tuple[str, ...], str] = {
    ("meeting",): "a [meeting] table",
    ("sharing",): "a [sharing] table",
    ("closing",): "a [closing] table",
    ("steps",): "a list of [[steps]] tables",
    ("attendance",): "a list of [[attendance]] tables",
    ("closing", "resources"): "a list of [[closing.resources]] tables",
}

_ENTRY_HINTS: dict[tuple[str, ...], str] = {
    ("steps",): "a [[steps]] table",
    ("attendance",): "an [[attendance]] table",
    ("closing", "resources"): "a [[closing.resources]] table",
}


def _model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the keys at `loc` (None when not a model)."""
    model: type[BaseModel] = Agenda
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        annotation = field.annotation
        candidates = getattr(annotation, "__args__", ()) or (annotation,)
        found = next(
            (c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None
        )
        if found is None:
            return None
        model = found
    return model


def keys_of(model: type[BaseModel]) -> list[str]:
    """The keys a table of `model` has, sorted; not the older spellings it still reads."""
    return sorted(key for key, field in model.model_fields.items() if not field.exclude)


def _allowed_values(annotation: Any) -> list[str]:
    args = getattr(annotation, "__args__", ())
    return [a for a in args if isinstance(a, str)]


def _problems_from(error: ValidationError, document: dict[str, Any], name: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    items = error.errors(include_url=False)
    failing_entries = {tuple(i["loc"][:1]) for i in items if len(i["loc"]) > 1}
    for item in items:
        loc = tuple(item["loc"])
        if item["type"] == "too_short" and loc in failing_entries:
            continue  # entries that failed are not counted; their own errors say why
        ctx = item.get("ctx") or {}
        cause = ctx.get("error")
        found: list[tuple[tuple[str | int, ...], str]]
        if isinstance(cause, LocatedError):
            found = [(loc + relative, message) for relative, message in cause.problems]
        elif isinstance(cause, ValueError):
            found = [(loc, str(cause))]
        else:
            found = [(loc, _message_for(item, loc, document))]
        for where, message in found:
            field = field_path(where)
            line = f"{field}\0{message}"
            if line in seen:
                continue
            seen.add(line)
            problems.append(Problem(name, message, field=field))
    return problems


def _message_for(item: Any, loc: tuple[str | int, ...], document: dict[str, Any]) -> str:
    kind: str = item["type"]
    ctx = item.get("ctx") or {}
    value = item.get("input")
    got = f" (got {describe(value)})"
    if kind == "missing":
        expected = _expected(loc)
        return f"missing required key; expected {expected[:1].lower()}{expected[1:]}"
    if kind == "extra_forbidden":
        parent = loc[:-1]
        key = str(loc[-1])
        model = _model_at(parent)
        allowed = keys_of(model) if model else []
        if parent and key in Agenda.model_fields:
            # TOML puts every key after a [table] header inside that table.
            return (
                f'unknown key; "{key}" belongs at the top level: move it above the first '
                f"[table] header (allowed here: {', '.join(allowed)})"
            )
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        if close:
            return f'unknown key; did you mean "{close[0]}"? (allowed: {", ".join(allowed)})'
        return f"unknown key (allowed: {', '.join(allowed)})"
    if kind == "literal_error":
        model = _model_at(loc[:-1])
        field = model.model_fields.get(str(loc[-1])) if model else None
        options = _allowed_values(field.annotation) if field else []
        if not options:
            options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = ""
        if isinstance(value, str):
            close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
            if close:
                hint = f'; did you mean "{close[0]}"?'
        listed = ", ".join(f'"{o}"' for o in options)
        return f"must be one of {listed}{got}{hint}"
    if kind == "greater_than":
        return f"must be greater than {num(ctx['gt'])}{got}"
    if kind == "greater_than_equal":
        return f"must be {num(ctx['ge'])} or more{got}"
    if kind == "less_than_equal":
        return f"must be at most {num(ctx['le'])}{got}"
    if kind == "finite_number":
        return f"must be a finite number{got}"
    if kind in {"float_type", "int_type", "float_parsing", "int_parsing"}:
        if isinstance(value, int) and not isinstance(value, bool):
            return f"is far too large a number{got}"
        return f"must be a number{got}"
    if kind == "string_type":
        return f"must be text in quotes{got}"
    if kind == "bool_type":
        return f"must be true or false{got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NOT_BLANK:
        return "must not be blank (only spaces)"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == START_PATTERN:
        return f'must be a time of day as "HH:MM", e.g. "19:00"{got}'
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == LANGUAGE_PATTERN:
        return f'must be a language code such as "es" or "es-MX"{got}'
    if kind == "string_pattern_mismatch":
        return (
            "must be a lowercase identifier: letters a-z, digits and _, starting with a "
            f"letter{got}"
        )
    if kind in {"model_type", "model_attributes_type", "dataclass_type", "dict_type"}:
        return f"must be {_expected(loc)}{got}"
    if kind in {"tuple_type", "list_type"}:
        return f"must be {_expected(loc)}{got}"
    if kind == "too_short":
        if loc == ("steps",):
            return "needs at least one step: add a [[steps]] table"
        return f"needs at least {ctx.get('min_length', 1)} entry"
    if kind == "too_long":
        if loc == ("attendance",):
            return (
                f"at most {MAX_CATEGORIES} categories are allowed (keys 1-9)"
                f" (got {ctx.get('actual_length')})"
            )
        return f"at most {ctx.get('max_length')} entries are allowed"
    return str(item.get("msg", "is not valid"))


def _expected(loc: tuple[str | int, ...]) -> str:
    key = tuple(p for p in loc if isinstance(p, str))
    if loc and isinstance(loc[-1], int):
        return _ENTRY_HINTS.get(key, "a table")
    if key in _TABLE_HINTS:
        return _TABLE_HINTS[key]
    if key and key[-1] in {"steps", "attendance", "resources"}:
        return _TABLE_HINTS.get(key, "a list of tables")
    model = _model_at(loc[:-1])
    field = model.model_fields.get(str(loc[-1])) if model and loc else None
    if field is not None and field.description:
        return field.description.rstrip(".")
    return "a value"
