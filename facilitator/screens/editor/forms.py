"""The editor's tabs: the form fields and entry lists each one is made of."""

from __future__ import annotations

import importlib.util

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Select, Static, Switch, TabPane

from ...library.draft import Section
from ...library.fields import FIELDS
from ...widgets.fields import ControlPictures, PlainTextArea
from ...widgets.script import Script
from ...words.i18n import _, pgettext
from .entries import EntryList
from .form_field import FormField


def markdown_language() -> str | None:
    """ "markdown" when tree-sitter and its Markdown grammar are installed (textual[syntax])."""
    found = importlib.util.find_spec("tree_sitter") and importlib.util.find_spec(
        "tree_sitter_markdown"
    )
    return "markdown" if found else None


def _input(key: str, label: str, placeholder: str = "") -> FormField:
    control = Input(
        id=key,
        placeholder=placeholder,
        compact=True,
        validate_on=[],
        highlighter=ControlPictures(),
    )
    return FormField(label, control, FIELDS[key])


def _select(key: str, label: str) -> FormField:
    spec = FIELDS[key]
    options = [(Content(spec.choice_words(choice)), choice) for choice in spec.choices]
    control: Select[str] = Select(options, allow_blank=False, compact=True, id=key)
    return FormField(label, control, spec)


def _text_area(key: str, label: str, language: str | None = None) -> FormField:
    control = PlainTextArea(id=key, language=language, soft_wrap=True, tab_behavior="focus")
    return FormField(label, control, FIELDS[key], stacked=True)


def _entry_pane(section: Section) -> ComposeResult:
    with Vertical(classes="entry-pane"):
        yield EntryList(section, id=f"edit-{section}-list")
        yield Label(_("a add · d delete · K/J move"), classes="entry-keys", markup=False)


def _empty(section: Section, text: str) -> Label:
    return Label(
        text,
        classes="entries-empty",
        id=f"edit-{section}-empty",
        markup=False,
    )


def editor_tabs(script_language: str | None) -> ComposeResult:
    """The panes of the editor's tabs, in order: Meeting, Steps, Attendance, Closing, TOML.

    Args:
        script_language: How to highlight a step's script (None: as plain text).
    """
    with TabPane(_("Meeting"), id="edit-meeting"), VerticalScroll(classes="editor-form"):
        yield Label(_("Meeting"), classes="form-heading", markup=False)
        yield _input("edit-meeting-name", _("Name"))
        yield _select("edit-meeting-kind", _("Kind"))
        yield _input("edit-meeting-minutes", _("Minutes"), _("planned length (optional)"))
        start = pgettext("the meeting's scheduled time of day", "Start")
        yield _input("edit-meeting-start", start, _('time of day, "19:00" (optional)'))
        yield _input("edit-meeting-description", _("Description"), _("optional"))
        yield _input(
            "edit-meeting-language",
            _("Language"),
            _('the app speaks it: "es", "es-MX" (optional)'),
        )
        yield Label(_("Sharing defaults"), classes="form-heading", markup=False)
        yield _input("edit-sharing-share-minutes", _("Share (min)"))
        yield _input("edit-sharing-warning-seconds", _("Warning (s)"))
        yield _select("edit-sharing-sound", _("Sound"))
        yield _input(
            "edit-sharing-overtime-reminder",
            _("Overtime"),
            _("seconds between soft tones (optional)"),
        )
        yield FormField(
            _("Flash"),
            Switch(id="edit-sharing-flash"),
            FIELDS["edit-sharing-flash"],
            after=Label(_("the room view, at time-up"), markup=False),
        )
        yield _select("edit-sharing-queue", _("Queue"))
        yield FormField(
            _("First share"),
            Switch(id="edit-sharing-first-share-first"),
            FIELDS["edit-sharing-first-share-first"],
            after=Label(_("who has not shared yet goes first in the queue"), markup=False),
        )
    with TabPane(_("Steps"), id="edit-steps"), Horizontal(classes="entries"):
        yield from _entry_pane("steps")
        with Vertical(classes="entry-form", id="edit-steps-form"):
            yield _input("edit-step-title", _("Title"))
            yield _input("edit-step-minutes", _("Minutes"))
            yield _select("edit-step-kind", _("Kind"))
            with Vertical(id="edit-step-sharing"):
                yield _input("edit-step-share-minutes", _("Share (min)"))
                yield _input("edit-step-warning-seconds", _("Warning (s)"))
                yield _select("edit-step-sound", _("Sound"))
            with Horizontal(id="edit-script-row"):
                yield _text_area("edit-step-script", _("Script (Markdown)"), script_language)
                with VerticalScroll(id="edit-preview-pane"):
                    yield Label(_("Preview"), classes="field-label", markup=False)
                    yield Script(id="edit-preview")
        yield _empty("steps", _("No steps: press a to add one."))
    with TabPane(_("Attendance"), id="edit-attendance"), Horizontal(classes="entries"):
        yield from _entry_pane("attendance")
        with Vertical(classes="entry-form", id="edit-attendance-form"):
            yield _input("edit-category-label", _("Label"))
            yield _input("edit-category-id", _("Id"), _("lowercase, e.g. newcomers"))
            yield Static(
                _("Counted with keys 1-9 in this order. Counts only, never names."),
                classes="form-hint",
                markup=False,
            )
        yield _empty("attendance", _("No categories: press a to add one."))
    with TabPane(_("Closing"), id="edit-closing"), Vertical():
        yield _text_area("edit-closing-reminder", _("Closing reminder"))
        with Horizontal(classes="entries"):
            yield from _entry_pane("resources")
            with Vertical(classes="entry-form", id="edit-resources-form"):
                yield _input("edit-resource-name", _("Name"))
                yield _input("edit-resource-contact", _("Contact"))
                yield _input("edit-resource-note", _("Note"), _("hours, region (optional)"))
            yield _empty("resources", _("No resources: press a to add one."))
    with TabPane(_("TOML"), id="edit-toml"):
        yield FormField(
            _("The whole agenda as TOML text: fix here what the forms cannot"),
            PlainTextArea(id="edit-toml-text", language=None, soft_wrap=False),
            None,
            stacked=True,
        )
