"""The editor's fields and tabs: where each value lives in the draft, where a problem shows.

No Textual here, like the draft: it can be read and tested without a screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from ..agenda import Problem, QueueOrder, Sound
from ..words.i18n import N_, _
from .draft import SECTIONS, Loc, Section, field_name, number_from_text

FieldKind = Literal["text", "optional", "number", "choice", "bool"]
Tab = Literal["meeting", "steps", "attendance", "closing", "toml"]

TABS: tuple[tuple[Tab, str, str], ...] = (
    ("meeting", N_("Meeting"), "f2"),
    ("steps", N_("Steps"), "f3"),
    ("attendance", N_("Attendance"), "f4"),
    ("closing", N_("Closing"), "f5"),
    ("toml", N_("TOML"), "f6"),
)
"""Each tab, its title (in English: `_` says it), and the key that shows it."""

FIRST_FOCUS: dict[str, str] = {
    "meeting": "edit-meeting-name",
    "steps": "edit-steps-list",
    "attendance": "edit-attendance-list",
    "closing": "edit-closing-reminder",
    "toml": "edit-toml-text",
}
"""The widget each tab focuses when it is shown."""

FIRST_FIELD: dict[Section, str] = {
    "steps": "edit-step-title",
    "attendance": "edit-category-label",
    "resources": "edit-resource-name",
}
"""The field an entry's form begins with: where an entry just added is typed in."""


@dataclass(frozen=True)
class FieldSpec:
    """Where a form field's value lives in the draft, and what kind of value it is."""

    id: str
    """The id of the widget that edits the value."""
    keys: tuple[str, ...]
    kind: FieldKind
    section: Section | None = None
    """The field edits the current entry of this list section."""
    choices: tuple[str, ...] = ()
    """A choice's values; "" is none, which stands for the value at `default`."""
    default: tuple[str, ...] | None = None
    """Where the value that choosing none stands for lives in the draft."""

    @property
    def tab(self) -> Tab:
        """The tab that shows the field."""
        if self.section is not None:
            return tab_of(self.section)
        return "meeting" if self.keys[0] in ("meeting", "sharing") else "closing"

    def loc(self, entry: int | None) -> Loc | None:
        """Where the value is, with `entry` the current entry of the field's section.

        None when the field edits an entry and there is none.
        """
        if self.section is None:
            return self.keys
        if entry is None:
            return None
        return (*SECTIONS[self.section], entry, *self.keys)

    def value(self, raw: Any) -> Any:
        """What the control's `raw` value means in the draft (None removes the key)."""
        if self.kind == "number":
            return number_from_text(raw)
        if self.kind in ("optional", "choice") and raw == "":
            return None
        return raw

    def choice_words(self, choice: str, default: Any = None) -> str:
        """How a choice reads in its list: `bell: the terminal bell at time-up`.

        Args:
            choice: One of `choices`.
            default: What choosing none ("") stands for, as the draft holds it.
        """
        if choice == "":
            return _("default: {value}").format(value=display(default))
        words = CHOICE_WORDS.get(self.keys[-1], {}).get(choice)
        # The choice is the TOML value as written (`bell`); what it does is said.
        return f"{choice}: {_(words)}" if words else choice


SOUNDS: tuple[str, ...] = get_args(Sound)
QUEUE_ORDERS: tuple[str, ...] = get_args(QueueOrder)

CHOICE_WORDS: dict[str, dict[str, str]] = {
    "sound": {
        "tones": N_("a tone at the warning, two at time-up"),
        "bell": N_("the terminal bell at time-up"),
        "off": N_("silent"),
    },
    "queue": {
        "first-come": N_("who joined first shares first"),
        "alternate": N_("the room and online take turns"),
    },
}
"""What each choice of a key does, in the words its list shows."""

FIELDS: dict[str, FieldSpec] = {
    spec.id: spec
    for spec in (
        FieldSpec("edit-meeting-name", ("meeting", "name"), "text"),
        FieldSpec(
            "edit-meeting-kind", ("meeting", "kind"), "choice", choices=("group", "one-on-one")
        ),
        FieldSpec("edit-meeting-minutes", ("meeting", "minutes"), "number"),
        FieldSpec("edit-meeting-start", ("meeting", "start"), "optional"),
        FieldSpec("edit-meeting-description", ("meeting", "description"), "optional"),
        FieldSpec("edit-meeting-language", ("meeting", "language"), "optional"),
        FieldSpec("edit-sharing-share-minutes", ("sharing", "share_minutes"), "number"),
        FieldSpec("edit-sharing-warning-seconds", ("sharing", "warning_seconds"), "number"),
        FieldSpec("edit-sharing-sound", ("sharing", "sound"), "choice", choices=SOUNDS),
        FieldSpec(
            "edit-sharing-overtime-reminder", ("sharing", "overtime_reminder_seconds"), "number"
        ),
        FieldSpec("edit-sharing-flash", ("sharing", "flash"), "bool"),
        FieldSpec("edit-sharing-queue", ("sharing", "queue"), "choice", choices=QUEUE_ORDERS),
        FieldSpec("edit-sharing-first-share-first", ("sharing", "first_share_first"), "bool"),
        FieldSpec("edit-step-title", ("title",), "text", "steps"),
        FieldSpec("edit-step-minutes", ("minutes",), "number", "steps"),
        FieldSpec(
            "edit-step-kind",
            ("kind",),
            "choice",
            "steps",
            ("reading", "sharing", "break", "closing"),
        ),
        FieldSpec("edit-step-share-minutes", ("share_minutes",), "number", "steps"),
        FieldSpec("edit-step-warning-seconds", ("warning_seconds",), "number", "steps"),
        FieldSpec(
            "edit-step-sound",
            ("sound",),
            "choice",
            "steps",
            ("", *SOUNDS),
            default=("sharing", "sound"),
        ),
        FieldSpec("edit-step-script", ("script",), "optional", "steps"),
        FieldSpec("edit-category-id", ("id",), "text", "attendance"),
        FieldSpec("edit-category-label", ("label",), "text", "attendance"),
        FieldSpec("edit-closing-reminder", ("closing", "reminder"), "text"),
        FieldSpec("edit-resource-name", ("name",), "text", "resources"),
        FieldSpec("edit-resource-contact", ("contact",), "text", "resources"),
        FieldSpec("edit-resource-note", ("note",), "optional", "resources"),
    )
}
"""Every form field, by the id of the widget that edits it."""

STEP_SHARING = frozenset(
    {"edit-step-kind", "edit-step-share-minutes", "edit-step-warning-seconds", "edit-step-sound"}
)
"""The fields that decide whether a step's sharing fields are shown."""

_SECTION_OF: dict[str, Section] = {field_name(loc): section for section, loc in SECTIONS.items()}
_SECTION_FIELD = re.compile(
    r"^(" + "|".join(re.escape(name) for name in _SECTION_OF) + r")\[(\d+)\]"
)
_TAB_OF_TABLE: dict[str, Tab] = {
    "meeting": "meeting",
    "sharing": "meeting",
    "steps": "steps",
    "attendance": "attendance",
    "closing": "closing",
}


def tab_of(section: Section) -> Tab:
    """The tab that shows a list section."""
    return "closing" if section == "resources" else section


def locate(field: str) -> tuple[Tab, Section | None, int | None]:
    """Which tab shows `field` (a problem's field path), and which list entry."""
    match = _SECTION_FIELD.match(field)
    if match:
        section = _SECTION_OF[match.group(1)]
        return tab_of(section), section, int(match.group(2))
    table = re.split(r"[.\[]", field, maxsplit=1)[0]
    return _TAB_OF_TABLE.get(table, "toml"), None, None


def entries_to_fix(problems: Iterable[Problem]) -> dict[Section, frozenset[int]]:
    """The entries of each list section that a problem is in (`steps[3].minutes`: step 3)."""
    found: dict[Section, set[int]] = {section: set() for section in SECTIONS}
    for problem in problems:
        match = _SECTION_FIELD.match(problem.field)
        if match:
            found[_SECTION_OF[match.group(1)]].add(int(match.group(2)))
    return {section: frozenset(indexes) for section, indexes in found.items()}


def where(problem: Problem) -> str:
    """A problem without the file name: what the problems panel lists."""
    place = []
    if problem.line is not None and problem.column is not None:
        place.append(
            _("line {line}, column {column}").format(line=problem.line, column=problem.column)
        )
    elif problem.line is not None:
        place.append(_("line {line}").format(line=problem.line))
    if problem.field:
        place.append(problem.field)
    return ": ".join([*place, problem.message])


def display(value: Any) -> str:
    """A value as a form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
