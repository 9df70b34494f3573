"""Agenda templates: the values a meeting runs on, read from TOML with readable problems.

No Textual here: the command line validates agendas without a UI. The package by job:
`values` (what a meeting runs on), `problems` (one line per thing wrong), `loading` (file,
TOML, validation), `schema` (the pydantic rules, imported only to check), `messages` (what
the rules found, in words), `checked` (agendas remembered as checked), `codec` (plain and
JSON), `writing` (TOML out), `reference` (the README's table of keys).
"""

from .codec import agenda_from_json, agenda_from_plain, agenda_to_json, agenda_to_plain
from .loading import decode_toml, load_agenda, parse_agenda, read_agenda_bytes, validate_agenda
from .problems import AgendaError, Problem, field_path, format_problems, one_line
from .values import (
    DEFAULT_REMINDER,
    MAX_CATEGORIES,
    MAX_FILE_BYTES,
    MAX_MINUTES,
    MAX_SHARE_MINUTES,
    RESERVED_IDS,
    Agenda,
    AttendanceCategory,
    Closing,
    MeetingDetails,
    MeetingKind,
    QueueOrder,
    Resource,
    Sharing,
    Sound,
    Step,
    StepKind,
    default_reminder,
    share_seconds,
    sharing_without_chime,
    warning_seconds,
)
from .writing import agenda_document, agenda_to_toml, document_to_toml

__all__ = [
    "DEFAULT_REMINDER",
    "MAX_CATEGORIES",
    "MAX_FILE_BYTES",
    "MAX_MINUTES",
    "MAX_SHARE_MINUTES",
    "RESERVED_IDS",
    "Agenda",
    "AgendaError",
    "AttendanceCategory",
    "Closing",
    "MeetingDetails",
    "MeetingKind",
    "Problem",
    "QueueOrder",
    "Resource",
    "Sharing",
    "Sound",
    "Step",
    "StepKind",
    "agenda_document",
    "agenda_from_json",
    "agenda_from_plain",
    "agenda_to_json",
    "agenda_to_plain",
    "agenda_to_toml",
    "decode_toml",
    "default_reminder",
    "document_to_toml",
    "field_path",
    "format_problems",
    "load_agenda",
    "one_line",
    "parse_agenda",
    "read_agenda_bytes",
    "share_seconds",
    "sharing_without_chime",
    "validate_agenda",
    "warning_seconds",
]
