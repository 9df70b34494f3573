"""The values a meeting runs on: an agenda's tables as plain frozen dataclasses.

`schema` validates a document into these; the fields, defaults and docs of each key live
there, and a test holds the two to the same keys and defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ..words.i18n import CODE_PATTERN, N_, in_language

# The reminder of an agenda without one, in the agenda's own language (see `schema`).
DEFAULT_REMINDER = N_(
    "Peer support supplements professional treatment; it is not a replacement for it. "
    "If you are struggling, please speak with a doctor, counsellor or other healthcare "
    "professional. In an emergency, call your local emergency number."
)


def default_reminder(language: str | None) -> str:
    """The reminder of an agenda without one, in `language` (English where it has none)."""
    return in_language(language).gettext(DEFAULT_REMINDER)


MAX_MINUTES = 1440
MAX_SHARE_MINUTES = 120
MIN_OVERTIME_REMINDER = 5
MAX_OVERTIME_REMINDER = 3600
MAX_CATEGORIES = 9
MAX_FILE_BYTES = 1_000_000

MeetingKind = Literal["group", "one-on-one"]
StepKind = Literal["reading", "sharing", "break", "closing"]
Sound = Literal["tones", "bell", "off"]
"""What a share's warning and time-up sound like: tones, the terminal bell, or nothing."""
QueueOrder = Literal["first-come", "alternate"]
"""How the share queue orders those waiting (`[sharing] queue`)."""

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
NOT_BLANK = r"\S"
START_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
"""A time of day as `HH:MM`, 00:00 to 23:59."""
LANGUAGE_PATTERN = CODE_PATTERN
"""A BCP 47 language tag: `es`, `es-MX`, `pt-BR`."""
# The export's fixed columns; an attendance id may not take one of their names.
RESERVED_IDS = frozenset({"started_at", "ended_at", "agenda", "meeting", "shares"})


@dataclass(frozen=True, slots=True)
class MeetingDetails:
    """The `[meeting]` table: what the meeting is called, its kind, length, start, language."""

    name: str
    kind: MeetingKind = "group"
    minutes: float | None = None
    start: str | None = None
    """The scheduled start, local time as `HH:MM`."""
    description: str = ""
    language: str | None = None
    """The language the meeting is held in (a BCP 47 tag): the app speaks it."""


@dataclass(frozen=True, slots=True)
class Sharing:
    """The `[sharing]` table: defaults for every sharing step."""

    share_minutes: float = 3.0
    warning_seconds: float = 30.0
    sound: Sound = "tones"
    overtime_reminder_seconds: float | None = None
    flash: bool = False
    queue: QueueOrder = "first-come"
    """The order of the share queue: who came first, or the lanes in turn ("alternate")."""
    first_share_first: bool = False
    """In the share queue, a device that has not shared yet in this meeting goes first."""


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
    sound: Sound | None = None


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

    meeting: MeetingDetails
    steps: tuple[Step, ...]
    sharing: Sharing = field(default_factory=Sharing)
    attendance: tuple[AttendanceCategory, ...] = field(default_factory=_default_attendance)
    closing: Closing = field(default_factory=Closing)

    @property
    def planned_minutes(self) -> float:
        """The sum of the steps' planned minutes."""
        return sum(step.minutes for step in self.steps)

    @property
    def length_minutes(self) -> float:
        """How long the meeting is planned to be: `[meeting] minutes`, else its steps' sum."""
        return self.meeting.minutes or self.planned_minutes

    def share_seconds(self, index: int) -> float:
        """Share length in seconds for step `index` (its override, else [sharing])."""
        return share_seconds(self.steps[index], self.sharing)

    def warning_seconds(self, index: int) -> float:
        """Warning lead in seconds for step `index` (its override, else [sharing])."""
        return warning_seconds(self.steps[index], self.sharing)

    def sound(self, index: int) -> Sound:
        """What step `index`'s shares sound like (its override, else [sharing])."""
        sound = self.steps[index].sound
        return sound if sound is not None else self.sharing.sound


class StepTimes(Protocol):
    @property
    def share_minutes(self) -> float | None: ...
    @property
    def warning_seconds(self) -> float | None: ...


class SharingTimes(Protocol):
    @property
    def share_minutes(self) -> float: ...
    @property
    def warning_seconds(self) -> float: ...


# One rule for the agenda a meeting runs on and for the schema's check of a new one.
def share_seconds(step: StepTimes, sharing: SharingTimes) -> float:
    """Share length in seconds for `step`: its override, else `sharing`'s."""
    minutes = step.share_minutes
    return (minutes if minutes is not None else sharing.share_minutes) * 60


def warning_seconds(step: StepTimes, sharing: SharingTimes) -> float:
    """Warning lead in seconds for `step`: its override, else `sharing`'s."""
    seconds = step.warning_seconds
    return seconds if seconds is not None else sharing.warning_seconds


def sharing_without_chime(table: dict[str, Any]) -> dict[str, Any]:
    """A `[sharing]` table with the older `chime` key written as the `sound` it means.

    `chime = false` is `sound = "off"` and `chime = true` is `sound = "tones"`. Left as it
    is when `chime` is not true or false, or `sound` is set too: the schema says why.
    """
    chime = table.get("chime")
    if not isinstance(chime, bool) or "sound" in table:
        return table
    modern: dict[str, Any] = {}
    for key, value in table.items():  # in chime's place: the table's keys keep their order
        if key == "chime":
            modern["sound"] = "tones" if chime else "off"
        else:
            modern[key] = value
    return modern
