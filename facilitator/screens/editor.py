"""The agenda editor: a form for every part of an agenda, checked as you type.

The screen is thin: a `Draft` holds the agenda (valid or not), checks it with the rules and
messages of `facilitator validate`, and saves it. The screen copies values between the
draft and the widgets and shows each problem at its field.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import (
    Footer,
    Input,
    Label,
    OptionList,
    Select,
    Static,
    Switch,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from ..agenda import Problem
from ..draft import SECTIONS, Draft, DraftError, SavePlan, Section, field_name, number_from_text
from ..widgets.entry_list import EntryList
from ..widgets.form_field import FormField
from ..widgets.script import Script
from .dialogs import ConfirmScreen, KeysScreen

FieldKind = Literal["text", "optional", "number", "choice", "bool"]
Tab = Literal["meeting", "steps", "attendance", "closing", "toml"]

TABS: tuple[tuple[Tab, str, str], ...] = (
    ("meeting", "Meeting", "f2"),
    ("steps", "Steps", "f3"),
    ("attendance", "Attendance", "f4"),
    ("closing", "Closing", "f5"),
    ("toml", "TOML", "f6"),
)

_INVALID = "\0invalid"  # the Select option that shows a value the file had but may not


@dataclass(frozen=True)
class FieldSpec:
    """Where a form field's value lives in the draft, and what kind of value it is."""

    keys: tuple[str, ...]
    kind: FieldKind
    section: Section | None = None
    """The field edits the current entry of this list section."""
    choices: tuple[str, ...] = ()

    @property
    def tab(self) -> Tab:
        if self.section == "resources":
            return "closing"
        if self.section is not None:
            return self.section
        return "meeting" if self.keys[0] in ("meeting", "sharing") else "closing"


FIELDS: dict[str, FieldSpec] = {
    "edit-meeting-name": FieldSpec(("meeting", "name"), "text"),
    "edit-meeting-kind": FieldSpec(("meeting", "kind"), "choice", choices=("group", "one-on-one")),
    "edit-meeting-minutes": FieldSpec(("meeting", "minutes"), "number"),
    "edit-meeting-description": FieldSpec(("meeting", "description"), "optional"),
    "edit-sharing-share-minutes": FieldSpec(("sharing", "share_minutes"), "number"),
    "edit-sharing-warning-seconds": FieldSpec(("sharing", "warning_seconds"), "number"),
    "edit-sharing-chime": FieldSpec(("sharing", "chime"), "bool"),
    "edit-step-title": FieldSpec(("title",), "text", "steps"),
    "edit-step-minutes": FieldSpec(("minutes",), "number", "steps"),
    "edit-step-kind": FieldSpec(
        ("kind",), "choice", "steps", ("reading", "sharing", "break", "closing")
    ),
    "edit-step-share-minutes": FieldSpec(("share_minutes",), "number", "steps"),
    "edit-step-warning-seconds": FieldSpec(("warning_seconds",), "number", "steps"),
    "edit-step-script": FieldSpec(("script",), "optional", "steps"),
    "edit-category-id": FieldSpec(("id",), "text", "attendance"),
    "edit-category-label": FieldSpec(("label",), "text", "attendance"),
    "edit-closing-reminder": FieldSpec(("closing", "reminder"), "text"),
    "edit-resource-name": FieldSpec(("name",), "text", "resources"),
    "edit-resource-contact": FieldSpec(("contact",), "text", "resources"),
    "edit-resource-note": FieldSpec(("note",), "optional", "resources"),
}

ENTRY_WORDS: dict[Section, str] = {
    "steps": "step",
    "attendance": "category",
    "resources": "resource",
}

EDITOR_KEYS: tuple[tuple[str, str], ...] = (
    ("ctrl+s", "save (a bundled agenda is saved as a copy among yours)"),
    ("escape", "leave the editor (asks first when there are unsaved changes)"),
    ("f2-f6", "Meeting, Steps, Attendance, Closing and TOML tabs"),
    ("tab", "next field (shift+tab: previous)"),
    ("a", "in a list: add an entry after the highlighted one"),
    ("d", "in a list: delete the highlighted entry (asks first)"),
    ("K / J", "in a list: move the highlighted entry up / down (or ctrl+up / ctrl+down)"),
    ("ctrl+r", "show the step's script as it will look, instead of the text; again to go back"),
    ("?", "this help (f1 while typing)"),
    ("q", "leave, when not typing in a field"),
)

_SECTION_FIELD = re.compile(r"^(steps|attendance|closing\.resources)\[(\d+)\]")


def markdown_language() -> str | None:
    """ "markdown" when tree-sitter and its Markdown grammar are installed (textual[syntax])."""
    found = importlib.util.find_spec("tree_sitter") and importlib.util.find_spec(
        "tree_sitter_markdown"
    )
    return "markdown" if found else None


def _display(value: Any) -> str:
    """A value as a form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _locate(field: str) -> tuple[Tab, Section | None, int | None]:
    """Which tab shows `field` (a problem's field path), and which list entry."""
    match = _SECTION_FIELD.match(field)
    if match:
        section: Section = "resources" if match.group(1) == "closing.resources" else match.group(1)  # type: ignore[assignment]
        tab: Tab = "closing" if section == "resources" else section
        return tab, section, int(match.group(2))
    top = re.split(r"[.\[]", field, maxsplit=1)[0]
    if top in ("meeting", "sharing"):
        return "meeting", None, None
    if top in ("steps", "attendance"):
        return top, None, None  # type: ignore[return-value]
    if top == "closing":
        return "closing", None, None
    return "toml", None, None


def _where(problem: Problem) -> str:
    """A problem without the file name: what the problems panel lists."""
    place = []
    if problem.line is not None:
        place.append(f"line {problem.line}")
        if problem.column is not None:
            place[-1] += f", column {problem.column}"
    if problem.field:
        place.append(problem.field)
    return ": ".join([*place, problem.message])


class EditorHelpScreen(KeysScreen):
    """Every key of the editor."""

    HEADING = "Editor keys"
    KEYS = EDITOR_KEYS
    DIALOG_ID = "editor-help"
    BINDINGS = [Binding("escape,question_mark,q,f1", "close", "Close")]


def _tab_bindings() -> list[Binding]:
    bindings = []
    for number, (tab, title, key) in enumerate(TABS):
        bindings.append(
            Binding(
                key,
                f"tab('{tab}')",
                "Tabs" if number == 0 else title,
                key_display="f2-f6" if number == 0 else None,
                show=number == 0,
                priority=True,  # also while typing in a script (where f6 would select a line)
            )
        )
    return bindings


class EditorScreen(Screen[Path | None]):
    """Edit an agenda; dismissed with the path it was last saved to (None if never)."""

    CSS_PATH = "editor.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "leave", "Leave"),
        Binding("q", "leave", "Leave", show=False),
        Binding("ctrl+r", "toggle_preview", "Preview"),
        *_tab_bindings(),
        Binding("question_mark,f1", "help", "Help", key_display="?"),
    ]

    def __init__(self, path: Path | None, draft: Draft) -> None:
        super().__init__()
        self.path = path
        self.draft = draft
        self.saved_path: Path | None = None
        self._current: dict[Section, int | None] = dict.fromkeys(SECTIONS)
        self._saving: SavePlan | None = None
        self._script_language = markdown_language()

    # ------------------------------------------------------------------ layout

    def _input(self, key: str, label: str, placeholder: str = "") -> FormField:
        control = Input(id=key, placeholder=placeholder, compact=True, validate_on=[])
        return FormField(label, control, id=f"field-{key}")

    def _select(self, key: str, label: str) -> FormField:
        options = [(Content(choice), choice) for choice in FIELDS[key].choices]
        control: Select[str] = Select(options, allow_blank=False, compact=True, id=key)
        return FormField(label, control, id=f"field-{key}")

    def _text_area(self, key: str, label: str, language: str | None = None) -> FormField:
        control = TextArea(id=key, language=language, soft_wrap=True, tab_behavior="focus")
        return FormField(label, control, stacked=True, id=f"field-{key}")

    def _entry_pane(self, section: Section) -> ComposeResult:
        with Vertical(classes="entry-pane"):
            yield EntryList(section, id=f"edit-{section}-list")
            yield Label("a add · d delete · K/J move", classes="entry-keys")

    def compose(self) -> ComposeResult:
        yield Static("", id="editor-status")
        with TabbedContent(id="editor-tabs"):
            with TabPane("Meeting", id="edit-meeting"), VerticalScroll(classes="editor-form"):
                yield Label("Meeting", classes="form-heading")
                yield self._input("edit-meeting-name", "Name")
                yield self._select("edit-meeting-kind", "Kind")
                yield self._input("edit-meeting-minutes", "Minutes", "planned length (optional)")
                yield self._input("edit-meeting-description", "Description", "optional")
                yield Label("Sharing defaults", classes="form-heading")
                yield self._input("edit-sharing-share-minutes", "Share (min)")
                yield self._input("edit-sharing-warning-seconds", "Warning (s)")
                yield FormField(
                    "Chime",
                    Switch(id="edit-sharing-chime"),
                    after=Label("", id="edit-chime-word"),
                    id="field-edit-sharing-chime",
                )
            with TabPane("Steps", id="edit-steps"), Horizontal(classes="entries"):
                yield from self._entry_pane("steps")
                with Vertical(classes="entry-form", id="edit-steps-form"):
                    yield self._input("edit-step-title", "Title")
                    yield self._input("edit-step-minutes", "Minutes")
                    yield self._select("edit-step-kind", "Kind")
                    with Vertical(id="edit-step-sharing"):
                        yield self._input("edit-step-share-minutes", "Share (min)")
                        yield self._input("edit-step-warning-seconds", "Warning (s)")
                    with Horizontal(id="edit-script-row"):
                        yield self._text_area(
                            "edit-step-script", "Script (Markdown)", self._script_language
                        )
                        with VerticalScroll(id="edit-preview-pane"):
                            yield Label("Preview", classes="field-label")
                            yield Script(id="edit-preview")
                yield Label(
                    "No steps: press a to add one.", classes="entries-empty", id="edit-steps-empty"
                )
            with TabPane("Attendance", id="edit-attendance"), Horizontal(classes="entries"):
                yield from self._entry_pane("attendance")
                with Vertical(classes="entry-form", id="edit-attendance-form"):
                    yield self._input("edit-category-label", "Label")
                    yield self._input("edit-category-id", "Id", "lowercase, e.g. newcomers")
                    yield Static(
                        "Counted with keys 1-9 in this order. Counts only, never names.",
                        classes="form-hint",
                    )
                yield Label(
                    "No categories: press a to add one.",
                    classes="entries-empty",
                    id="edit-attendance-empty",
                )
            with TabPane("Closing", id="edit-closing"), Vertical():
                yield self._text_area("edit-closing-reminder", "Closing reminder")
                with Horizontal(classes="entries"):
                    yield from self._entry_pane("resources")
                    with Vertical(classes="entry-form", id="edit-resources-form"):
                        yield self._input("edit-resource-name", "Name")
                        yield self._input("edit-resource-contact", "Contact")
                        yield self._input("edit-resource-note", "Note", "hours, region (optional)")
                    yield Label(
                        "No resources: press a to add one.",
                        classes="entries-empty",
                        id="edit-resources-empty",
                    )
            with TabPane("TOML", id="edit-toml"):
                yield FormField(
                    "The whole agenda as TOML text: fix here what the forms cannot",
                    TextArea(id="edit-toml-text", language=None, soft_wrap=False),
                    stacked=True,
                    id="field-edit-toml-text",
                )
        yield Static("", id="editor-problems")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._load_all()
        tabs = self.query_one(TabbedContent)
        problems = self.draft.problems()
        if self.draft.raw_text is not None:
            self._load_toml_text()
            tabs.active = "edit-toml"
        elif problems:
            self._reveal(problems[0], focus=False)
        self._refresh_checks()
        self.call_after_refresh(self._focus_tab, self._active_tab())

    # ------------------------------------------------------------------ loading the forms

    def _loc(self, spec: FieldSpec) -> tuple[str | int, ...] | None:
        if spec.section is None:
            return spec.keys
        index = self._current[spec.section]
        if index is None:
            return None
        return (*SECTIONS[spec.section], index, *spec.keys)

    def _load_fields(self, section: Section | None) -> None:
        with self.prevent(Input.Changed, Select.Changed, Switch.Changed, TextArea.Changed):
            for key, spec in FIELDS.items():
                if spec.section != section:
                    continue
                loc = self._loc(spec)
                value = self.draft.get(loc) if loc is not None else None
                self._show_value(key, spec, value)

    def _show_value(self, key: str, spec: FieldSpec, value: Any) -> None:
        control = self.query_one(f"#{key}")
        if isinstance(control, Input):
            text = _display(value)
            if control.value != text:
                control.value = text
        elif isinstance(control, Select):
            options = [(Content(choice), choice) for choice in spec.choices]
            if value is None:
                value = spec.choices[0]
            elif value not in spec.choices:
                # Keep showing what the file says; the problem line says why it is wrong.
                options.append((Content(f"{_display(value)} (not valid)"), _INVALID))
                value = _INVALID
            control.set_options(options)
            control.value = value
        elif isinstance(control, Switch):
            control.value = value is True
            self._show_chime_word()
        elif isinstance(control, TextArea):
            text = _display(value)
            if control.text != text:
                control.load_text(text)

    def _load_all(self) -> None:
        self._load_fields(None)
        for section in SECTIONS:
            self._fill_list(section, self._current[section] or 0)

    def _fill_list(self, section: Section, index: int | None) -> None:
        entry_list = self.query_one(f"#edit-{section}-list", EntryList)
        with self.prevent(OptionList.OptionHighlighted):
            entry_list.clear_options()
            entry_list.add_options(
                Option(self._prompt(section, i)) for i in range(len(self.draft.entries(section)))
            )
        self._select_entry(section, index)

    def _select_entry(self, section: Section, index: int | None) -> None:
        count = len(self.draft.entries(section))
        if count == 0:
            index = None
        elif index is not None:
            index = max(0, min(index, count - 1))
        self._current[section] = index
        entry_list = self.query_one(f"#edit-{section}-list", EntryList)
        with self.prevent(OptionList.OptionHighlighted):
            entry_list.highlighted = index
        self.query_one(f"#edit-{section}-form").display = index is not None
        self.query_one(f"#edit-{section}-empty").display = index is None
        self._load_fields(section)
        if section == "steps":
            self._show_sharing_fields()
            self._update_preview()

    def _prompt(self, section: Section, index: int) -> Content:
        entry = self.draft.entries(section)[index]
        if not isinstance(entry, dict):
            text = f"{index + 1} (not a table)"
        elif section == "steps":
            minutes = entry.get("minutes")
            text = f"{index + 1} {_display(entry.get('title'))} · {_display(minutes)} min"
        elif section == "attendance":
            text = f"{index + 1} {_display(entry.get('label'))}"
        else:
            text = _display(entry.get("name")) or "(no name)"
        base = field_name((*SECTIONS[section], index))
        broken = any(
            p.field == base or p.field.startswith((base + ".", base + "["))
            for p in self.draft.problems()
        )
        if broken:
            return Content.assemble(text, (" · to fix", "bold $text-error"))
        return Content(text)

    def _show_sharing_fields(self) -> None:
        index = self._current["steps"]
        step = self.draft.entries("steps")[index] if index is not None else None
        shown = isinstance(step, dict) and (
            step.get("kind") == "sharing"
            or step.get("share_minutes") is not None
            or step.get("warning_seconds") is not None
        )
        self.query_one("#edit-step-sharing").display = shown
        for key, default_key in (
            ("edit-step-share-minutes", "share_minutes"),
            ("edit-step-warning-seconds", "warning_seconds"),
        ):
            default = self.draft.get(("sharing", default_key))
            self.query_one(f"#{key}", Input).placeholder = f"default: {_display(default)}"

    def _update_preview(self) -> None:
        index = self._current["steps"]
        step = self.draft.entries("steps")[index] if index is not None else None
        script = step.get("script") if isinstance(step, dict) else None
        self.query_one("#edit-preview", Script).show(script if isinstance(script, str) else "")

    def _load_toml_text(self) -> None:
        area = self.query_one("#edit-toml-text", TextArea)
        text = self.draft.toml_text()
        if area.text != text:
            with self.prevent(TextArea.Changed):
                area.load_text(text)

    # ------------------------------------------------------------------ edits

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        if event.value != event.input.value:
            return  # stale: the form has been filled with another value since
        self._edited(event.input.id, event.value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == _INVALID:
            return
        if event.value != event.select.value:
            return  # stale: e.g. the first option, posted when the Select was mounted
        self._edited(event.select.id, event.value)

    @on(Switch.Changed)
    def _switch_changed(self, event: Switch.Changed) -> None:
        if event.value != event.switch.value:
            return
        self._edited(event.switch.id, event.value)
        self._show_chime_word()

    def _show_chime_word(self) -> None:
        on = self.query_one("#edit-sharing-chime", Switch).value
        words = "on: one bell at time-up" if on else "off: no bell"
        self.query_one("#edit-chime-word", Label).update(words)

    @on(TextArea.Changed)
    def _text_area_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if area.id == "edit-toml-text":
            self.draft.set_raw_text(area.text)
            self._refresh_checks()
        else:
            self._edited(area.id, area.text)

    def _edited(self, key: str | None, raw: Any) -> None:
        spec = FIELDS.get(key or "")
        if spec is None or key is None:
            return
        loc = self._loc(spec)
        if loc is None:
            return
        value: Any = raw
        if spec.kind == "number":
            value = number_from_text(raw)
        elif spec.kind == "optional" and raw == "":
            value = None
        try:
            self.draft.set(loc, value)
        except DraftError as error:
            self.notify(str(error), severity="error")
            return
        if key in ("edit-step-kind", "edit-step-share-minutes", "edit-step-warning-seconds"):
            self._show_sharing_fields()
        if key == "edit-step-script":
            self._update_preview()
        self._refresh_checks()

    @on(OptionList.OptionHighlighted, ".entry-list")
    def _entry_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry_list = event.option_list
        assert isinstance(entry_list, EntryList)
        section: Section = entry_list.section  # type: ignore[assignment]
        if self._current[section] != event.option_index:
            self._select_entry(section, event.option_index)
            self._refresh_checks()

    @on(EntryList.Add)
    def _add_entry(self, event: EntryList.Add) -> None:
        section: Section = event.entry_list.section  # type: ignore[assignment]
        try:
            index = self.draft.add(section, self._current[section])
        except DraftError as error:
            self.notify(str(error), severity="error")
            return
        self._fill_list(section, index)
        self._refresh_checks()

    @on(EntryList.Delete)
    def _delete_entry(self, event: EntryList.Delete) -> None:
        section: Section = event.entry_list.section  # type: ignore[assignment]
        index = self._current[section]
        if index is None:
            return
        entry = self.draft.entries(section)[index]
        name_key = {"steps": "title", "attendance": "label", "resources": "name"}[section]
        name = entry.get(name_key) if isinstance(entry, dict) else None
        word = ENTRY_WORDS[section]
        question = f"Delete {word} {index + 1}"
        question += f' "{name}"?' if isinstance(name, str) and name else "?"

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.draft.remove(section, index)
            except DraftError as error:
                self.notify(str(error), severity="error")
                return
            self._fill_list(section, index)
            self._refresh_checks()
            self.query_one(f"#edit-{section}-list").focus()

        self.app.push_screen(ConfirmScreen(question, "Saving makes it final."), answer)

    @on(EntryList.Move)
    def _move_entry(self, event: EntryList.Move) -> None:
        section: Section = event.entry_list.section  # type: ignore[assignment]
        index = self._current[section]
        if index is None:
            return
        try:
            moved = self.draft.move(section, index, event.offset)
        except DraftError as error:
            self.notify(str(error), severity="error")
            return
        self._fill_list(section, moved)
        self._refresh_checks()

    # ------------------------------------------------------------------ tabs

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "edit-toml":
            self._load_toml_text()
        elif self.draft.raw_text is None:
            # The TOML text may have changed the whole agenda.
            self._load_all()
        self._refresh_checks()
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        if self.draft.raw_text is not None and tab != "toml":
            self.notify("Fix the TOML syntax error first.", severity="warning")
            return
        tabs.active = f"edit-{tab}"
        self.call_after_refresh(self._focus_tab, tab)

    def _active_tab(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("edit-")

    def _focus_tab(self, tab: str) -> None:
        first = {
            "meeting": "#edit-meeting-name",
            "steps": "#edit-steps-list",
            "attendance": "#edit-attendance-list",
            "closing": "#edit-closing-reminder",
            "toml": "#edit-toml-text",
        }.get(tab)
        if first:
            self.query_one(first).focus()

    def _reveal(self, problem: Problem, focus: bool = True) -> None:
        """Show the tab, entry and field of `problem`."""
        tab, section, index = _locate(problem.field)
        tabs = self.query_one(TabbedContent)
        tabs.active = f"edit-{tab}"
        if section is not None and index is not None:
            self._select_entry(section, index)
        if not focus:
            return
        for field in self.query(FormField):
            spec = FIELDS.get((field.id or "")[len("field-") :])
            loc = self._loc(spec) if spec else None
            if loc is not None and field_name(loc) == problem.field:
                self.call_after_refresh(field.control.focus)
                return
        self.call_after_refresh(self._focus_tab, tab)

    # ------------------------------------------------------------------ checks

    def _refresh_checks(self) -> None:
        """Show every problem at its field, the rest in the problems line, and the status."""
        draft = self.draft
        problems = draft.problems()
        by_field = draft.problems_by_field()
        tabs = self.query_one(TabbedContent)
        active = self._active_tab()
        shown: set[str] = set()
        for field in self.query(FormField):
            key = (field.id or "")[len("field-") :]
            if key == "edit-toml-text":
                messages = [_where(p) for p in problems if not p.field]
                if active == "toml" and messages:
                    shown.add("")
                field.show_problems(messages)
                continue
            spec = FIELDS[key]
            loc = self._loc(spec)
            name = field_name(loc) if loc is not None else None
            messages = by_field.get(name, []) if name is not None else []
            field.show_problems(messages)
            if messages and spec.tab == active and self._displayed(field):
                shown.add(name or "")
        elsewhere = [p for p in problems if p.field not in shown]
        panel = self.query_one("#editor-problems", Static)
        if elsewhere:
            lines = [_where(p) for p in elsewhere[:3]]
            if len(elsewhere) > 3:
                lines.append(f"… and {len(elsewhere) - 3} more")
            panel.update(Content("\n".join(lines)))
        panel.display = bool(elsewhere)
        for section in SECTIONS:
            entry_list = self.query_one(f"#edit-{section}-list", EntryList)
            for index in range(min(entry_list.option_count, len(draft.entries(section)))):
                entry_list.replace_option_prompt_at_index(index, self._prompt(section, index))
        syntax_error = draft.raw_text is not None
        for tab, _title, _key in TABS:
            if tab != "toml":
                tabs.get_tab(f"edit-{tab}").disabled = syntax_error
        self._show_status(problems)

    def _displayed(self, widget: Widget) -> bool:
        node: Any = widget
        while node is not None and not isinstance(node, TabPane):
            if not node.display:
                return False
            node = node.parent
        return True

    def _show_status(self, problems: list[Problem]) -> None:
        draft = self.draft
        name = draft.get(("meeting", "name"))
        name = name if isinstance(name, str) and name.strip() else "(no name yet)"
        if draft.path is None:
            where = "new agenda, not saved yet"
        elif draft.bundled:
            where = f"{draft.path.name} (bundled: saving makes a copy)"
        else:
            where = draft.path.name
        if self._saving is not None:
            state: tuple[str, str] = ("SAVING", "bold $text-accent")
        elif draft.dirty:
            state = ("UNSAVED CHANGES", "bold $text-warning")
        elif draft.saved_once:
            state = ("saved", "$text-success")
        else:
            state = ("no changes", "$text-muted")
        top = Content.assemble((name, "bold"), " · ", state, " · ", where)
        total = draft.minutes_total()
        minutes_style = "" if total.state in ("match", "none") else "$text-warning"
        if problems:
            check = (_plural(len(problems), "problem") + " to fix", "bold $text-error")
        else:
            check = ("valid", "$text-success")
        bottom = Content.assemble(check, " · ", (total.words, minutes_style))
        self.query_one("#editor-status", Static).update(Content("\n").join([top, bottom]))

    # ------------------------------------------------------------------ saving

    def action_save(self) -> None:
        draft = self.draft
        if self._saving is not None:
            return
        problems = draft.problems()
        if problems:
            self.notify(
                f"Not saved: {_plural(len(problems), 'problem')} to fix first. "
                f"{_where(problems[0])}",
                title="Not saved",
                severity="error",
                timeout=8,
            )
            self._reveal(problems[0])
            return
        if draft.warn_before_saving:
            path = draft.path.name if draft.path else "the file"
            self.app.push_screen(
                ConfirmScreen(
                    "Save without the file's comments?",
                    f"{path} has comments (# ...). Saving rewrites the file from the form, "
                    "without them; the previous version is kept as a .bak file beside it.",
                ),
                self._confirmed_save,
            )
            return
        self._start_save()

    def _confirmed_save(self, yes: bool | None) -> None:
        if yes:
            self._start_save()

    def _start_save(self) -> None:
        plan = self.draft.plan_save()
        self._saving = plan
        self._show_status(self.draft.problems())
        # Writing and fsyncing can wait on the disk: not on the UI's thread.
        self.run_worker(plan.write, name="save", group="save", thread=True, exit_on_error=False)

    @on(Worker.StateChanged)
    def _save_finished(self, event: Worker.StateChanged) -> None:
        worker: Worker[Any] = event.worker
        plan = self._saving
        if worker.name != "save" or plan is None or not worker.is_finished:
            return
        self._saving = None
        if event.state is WorkerState.SUCCESS:
            saved = self.draft.saved(plan, worker.result)
            self.saved_path = saved.path
            self.path = saved.path
            if saved.copied_from is not None:
                message = f"Saved a copy as {saved.path}. The bundled agenda is unchanged."
            elif saved.backup is not None:
                message = f"Saved {saved.path}. The previous version is {saved.backup}."
            else:
                message = f"Saved {saved.path}."
            if saved.dropped_comments:
                message += " The comments of the original are not in it."
            self.notify(message, title="Saved", timeout=8)
        else:
            error = worker.error
            reason = (error.strerror or str(error)) if isinstance(error, OSError) else str(error)
            self.notify(
                f"Not saved: {reason}. {plan.target} is as it was.",
                title="Not saved",
                severity="error",
                timeout=10,
            )
        self._refresh_checks()

    # ------------------------------------------------------------------ leaving, help

    def action_leave(self) -> None:
        if self._saving is not None:
            self.notify("Saving… a moment.", severity="warning")
            return
        if not self.draft.dirty:
            self._close()
            return
        self.app.push_screen(
            ConfirmScreen(
                "Leave without saving?",
                f"Your changes to {self.draft.name} are not saved. "
                "y leaves without them; n stays in the editor (ctrl+s saves).",
            ),
            self._confirmed_leave,
        )

    def _confirmed_leave(self, yes: bool | None) -> None:
        if yes:
            self._close()

    def _close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss(self.saved_path)
        else:
            self.app.exit()

    def action_help(self) -> None:
        self.app.push_screen(EditorHelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The preview key only where there is a script to preview."""
        if action == "toggle_preview":
            focused = self.focused
            form = self.query_one("#edit-steps-form")
            return self._active_tab() == "steps" and (
                focused is None or form in focused.ancestors_with_self
            )
        return True

    def action_toggle_preview(self) -> None:
        self.toggle_class("-preview")
