"""The agenda schema: pydantic models that validate a TOML document (`messages` words it).

Imported only to check an agenda that has not been checked before (see `loading`):
pydantic and the models take longer to import than the rest of the start-up. Each model is
named for the part of the file it checks (`AgendaDocument`, `StepTable`...); what a meeting
runs on are the plain values in `values` (`Agenda`, `Step`...), built from these once checked.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from ..words.i18n import N_, _
from . import values as plain
from .codec import agenda_from_plain
from .messages import problems_from
from .problems import (
    AgendaError,
    LocatedError,
    control_character,
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
    QueueOrder,
    Sound,
    StepKind,
    default_reminder,
    sharing_without_chime,
)

_CONTROL = N_("contains the control character {character}; remove it")


def _one_line(text: str) -> str:
    found = control_character(text, multiline=False)
    if found is not None:
        raise ValueError(_(_CONTROL).format(character=found))
    return text


def _lines(text: str) -> str:
    found = control_character(text, multiline=True)
    if found is not None:
        raise ValueError(_(_CONTROL).format(character=found))
    return text


def _visible(text: str) -> str:
    if only_invisible(text):
        raise ValueError(_("must not be blank (only spaces or invisible characters)"))
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


class MeetingTable(_Model):
    """The `[meeting]` table."""

    name: Name = Field(
        min_length=1, pattern=NOT_BLANK, description=N_("The meeting's name, shown at the top.")
    )
    kind: MeetingKind = Field(default="group", description=N_('"group" (default) or "one-on-one".'))
    minutes: float | None = Field(
        default=None,
        gt=0,
        le=MAX_MINUTES,
        description=N_("Planned total length in minutes (optional)."),
    )
    start: str | None = Field(
        default=None,
        pattern=START_PATTERN,
        description=N_('Scheduled start, local time as "HH:MM", e.g. "19:00" (optional).'),
    )
    description: Lines = Field(default="", description=N_("A line about the meeting (optional)."))
    language: str | None = Field(
        default=None,
        pattern=LANGUAGE_PATTERN,
        description=N_(
            'The meeting\'s language, e.g. "es" or "es-MX": the app speaks it (optional).'
        ),
    )


class SharingTable(_Model):
    """The `[sharing]` table: defaults for every sharing step."""

    share_minutes: float = Field(
        default=3,
        gt=0,
        le=MAX_SHARE_MINUTES,
        description=N_("Length of one share; fractions allowed."),
    )
    warning_seconds: float = Field(
        default=30, ge=0, description=N_("Warn this many seconds before a share's time is up.")
    )
    sound: Sound = Field(
        default="tones",
        description=N_(
            '"tones" (default): a tone at the warning and two at time-up; '
            '"bell": the terminal bell at time-up; "off": silent.'
        ),
    )
    overtime_reminder_seconds: float | None = Field(
        default=None,
        ge=MIN_OVERTIME_REMINDER,
        le=MAX_OVERTIME_REMINDER,
        description=N_(
            "In overtime, one soft tone every this many seconds (optional: none if unset)."
        ),
    )
    flash: bool = Field(
        default=False,
        description=N_("Flash the room view at time-up (a little over once a second)."),
    )
    queue: QueueOrder = Field(
        default="first-come",
        description=N_(
            '"first-come" (default): who joined the share queue first shares first; '
            '"alternate": the room and online take turns, so online people are not left to '
            "the end."
        ),
    )
    first_share_first: bool = Field(
        default=False,
        description=N_(
            "In the share queue, someone who has not shared yet in this meeting goes before "
            "someone who has."
        ),
    )
    # The older spelling of `sound`: read, mapped by `_chime_as_sound`, never written.
    chime: bool | None = Field(
        default=None,
        exclude=True,
        description=N_('The older spelling of sound: false is "off", true is "tones".'),
    )

    @model_validator(mode="before")
    @classmethod
    def _chime_as_sound(cls, data: Any) -> Any:
        return sharing_without_chime(data) if isinstance(data, dict) else data

    @model_validator(mode="after")
    def _checks(self, info: ValidationInfo) -> SharingTable:
        error = LocatedError()
        # A one-on-one has no shares: its warning is checked against each step (below).
        one_on_one = bool(info.context and info.context.get("one_on_one"))
        if self.chime is not None:  # `_chime_as_sound` leaves chime only beside a sound
            error.add(
                ("chime",),
                _(
                    'use sound = "tones" | "bell" | "off" instead; '
                    "chime and sound cannot both be set"
                ),
            )
        if not one_on_one and self.warning_seconds >= self.share_minutes * 60:
            error.add(
                ("warning_seconds",),
                _("must be shorter than the share ({share} seconds) (got {value})").format(
                    share=num(self.share_minutes * 60), value=num(self.warning_seconds)
                ),
            )
        error.raise_if_any()
        return self


class AttendanceTable(_Model):
    """One `[[attendance]]` category, counted with keys 1-9 in agenda order."""

    id: str = Field(
        pattern=ID_PATTERN,
        description=N_("Unique lowercase identifier (letters, digits, _), used in exports."),
    )
    label: Name = Field(
        min_length=1, pattern=NOT_BLANK, description=N_("What the facilitator sees.")
    )

    @model_validator(mode="after")
    def _not_an_export_column(self) -> AttendanceTable:
        if self.id in RESERVED_IDS:
            raise LocatedError(
                ("id",),
                _('"{id}" is a column of the attendance export; choose another id').format(
                    id=self.id
                ),
            )
        return self


class StepTable(_Model):
    """One `[[steps]]` entry of the meeting format."""

    title: Name = Field(min_length=1, pattern=NOT_BLANK, description=N_("The step's title."))
    minutes: float = Field(gt=0, le=MAX_MINUTES, description=N_("Planned length in minutes."))
    kind: StepKind = Field(
        default="reading", description=N_('"reading" (default), "sharing", "break" or "closing".')
    )
    script: Lines = Field(default="", description=N_("Markdown the facilitator reads or follows."))
    share_minutes: float | None = Field(
        default=None,
        gt=0,
        le=MAX_SHARE_MINUTES,
        description=N_("Sharing steps only: overrides [sharing].share_minutes."),
    )
    warning_seconds: float | None = Field(
        default=None,
        ge=0,
        description=N_("Sharing steps only: overrides [sharing].warning_seconds."),
    )
    sound: Sound | None = Field(
        default=None, description=N_("Sharing steps only: overrides [sharing].sound.")
    )

    @model_validator(mode="after")
    def _share_keys_on_sharing_steps(self) -> StepTable:
        error = LocatedError()
        for key in ("share_minutes", "warning_seconds", "sound"):
            if getattr(self, key) is not None and self.kind != "sharing":
                error.add(
                    (key,),
                    _(
                        'only allowed on a step with kind = "sharing" (this step is "{kind}")'
                    ).format(kind=self.kind),
                )
        error.raise_if_any()
        return self


class ResourceTable(_Model):
    """One `[[closing.resources]]` entry: a helpline or local service."""

    name: Name = Field(min_length=1, pattern=NOT_BLANK, description=N_("Name of the service."))
    contact: Name = Field(
        min_length=1, pattern=NOT_BLANK, description=N_("How to reach it (number, text, address).")
    )
    note: Line = Field(default="", description=N_("Hours, region, cost (optional)."))


class ClosingTable(_Model):
    """The `[closing]` table, shown when the meeting ends."""

    reminder: Lines = Field(
        default=DEFAULT_REMINDER, min_length=1, description=N_("The closing reminder.")
    )
    resources: tuple[ResourceTable, ...] = Field(
        default=(), strict=False, description=N_("Helplines and local services.")
    )


def _default_attendance() -> tuple[AttendanceTable, ...]:
    return (AttendanceTable(id="attendees", label="Attendees"),)


class AgendaDocument(_Model):
    """A whole agenda file, as its TOML is checked (a meeting runs on `values.Agenda`)."""

    meeting: MeetingTable
    sharing: SharingTable = Field(default_factory=SharingTable)
    attendance: tuple[AttendanceTable, ...] = Field(
        default_factory=_default_attendance,
        min_length=1,
        max_length=MAX_CATEGORIES,
        strict=False,
        description=N_("Categories counted with keys 1-9."),
    )
    steps: tuple[StepTable, ...] = Field(min_length=1, strict=False, description=N_("The format."))
    closing: ClosingTable = Field(default_factory=ClosingTable)

    @model_validator(mode="after")
    def _cross_checks(self) -> AgendaDocument:
        # Collect every problem: one run of `validate` should show them all.
        error = LocatedError()
        seen: dict[str, int] = {}
        for index, category in enumerate(self.attendance):
            if category.id in seen:
                shown = category.id if len(category.id) <= 30 else category.id[:27] + "..."
                error.add(
                    ("attendance", index, "id"),
                    _(
                        "duplicate id {id} (already used by {field}); "
                        "each category needs its own id"
                    ).format(id=quoted(shown), field=f"attendance[{seen[category.id]}]"),
                )
            else:
                seen[category.id] = index
        for index, step in enumerate(self.steps):
            if step.kind != "sharing":
                continue
            warning = plain.warning_seconds(step, self.sharing)
            if self.meeting.kind == "one-on-one":
                # A one-on-one times the step as a whole: its warning is the step's, not a
                # share's (it has none).
                if warning >= step.minutes * 60:
                    key = "warning_seconds" if step.warning_seconds is not None else "minutes"
                    error.add(
                        ("steps", index, key),
                        _(
                            "the warning ({warning} s) must be shorter than the step ({step} s)"
                        ).format(warning=num(warning), step=num(step.minutes * 60)),
                    )
                continue
            share_seconds = plain.share_seconds(step, self.sharing)
            if warning >= share_seconds:
                key = "warning_seconds" if step.warning_seconds is not None else "share_minutes"
                error.add(
                    ("steps", index, key),
                    _(
                        "the warning ({warning} s) must be shorter than the share ({share} s)"
                    ).format(warning=num(warning), share=num(share_seconds)),
                )
        error.raise_if_any()
        return self


def validate(document: dict[str, Any], name: str) -> plain.Agenda:
    """Validate a parsed TOML document into an agenda.

    Raises:
        AgendaError: with one `Problem` per thing wrong.
    """
    try:
        meeting = document.get("meeting")
        kind = meeting.get("kind") if isinstance(meeting, dict) else None
        context = {"one_on_one": kind == "one-on-one"}
        model = AgendaDocument.model_validate(document, context=context)
    except ValidationError as error:
        raise AgendaError(problems_from(error, name, AgendaDocument)) from None
    plain_agenda = model.model_dump(mode="python")
    language = plain_agenda["meeting"]["language"]
    closing = document.get("closing")
    if language and not (isinstance(closing, dict) and "reminder" in closing):
        # The reminder nobody wrote is said in the meeting's own language.
        plain_agenda["closing"]["reminder"] = default_reminder(language)
    return agenda_from_plain(plain_agenda)
