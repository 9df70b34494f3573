"""The agenda editor's screen: tabs of forms for an agenda, checked as you type, and saving.

The screen is thin: a `Draft` holds the agenda (valid or not), checks it with the rules and
messages of `facilitator validate`, and saves it. The screen copies values between the
draft and the form fields and shows each problem at its field.

Checking an agenda of 28,000 steps takes a second or two: the screen checks in a worker
thread, and shows what the latest check found until the next one is done.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    Input,
    Select,
    Switch,
    TabbedContent,
    TabPane,
    TextArea,
)
from textual.worker import Worker, WorkerState

from ...agenda import AgendaError, Problem
from ...library.draft import (
    SECTIONS,
    Check,
    Checked,
    Draft,
    DraftError,
    Section,
    field_name,
    messages_by_field,
)
from ...library.fields import (
    FIRST_FIELD,
    FIRST_FOCUS,
    STEP_SHARING,
    TABS,
    FieldSpec,
    display,
    entries_to_fix,
    locate,
    where,
)
from ...library.notices import (
    CANCEL,
    NOTHING_WRITTEN,
    comments_question,
    leave_question,
    not_reloaded_notice,
    not_saved_notice,
    refused_notice,
    reloaded_notice,
    save_question,
    saved_notice,
)
from ...library.saving import SavePlan
from ...widgets.footer import KeyFooter
from ...widgets.script import Script
from ...words.i18n import _
from ..dialogs import ChoiceScreen, ConfirmScreen
from ..keys import declared_bindings
from ..messages import LeaveAsked
from .entries import EntryList, delete_question, entry_prompt
from .form_field import INVALID, FormField
from .forms import editor_tabs, markdown_language
from .help import EditorHelpScreen, editor_bindings
from .views import DraftStatus, EditorStatus, ProblemsPanel

CHECK_GROUP = "editor-check"
"""The workers that check the draft: one at a time, the next once the draft has changed."""
CHECK_AFTER = 0.05
"""Seconds from a change's frame to its check: the frame reaches the terminal first (a check
of a long agenda in a thread slows it down), and fast typing is checked once."""
SLOW_CHECK = 0.3
"""Seconds a check may take before the status line says it is checking."""


class EditorScreen(Screen[Path | None]):
    """Edit an agenda; dismissed with the path it was last saved to (None if never)."""

    CSS_PATH = "editor.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    BINDINGS = editor_bindings()
    ASKS_BEFORE_LEAVING: ClassVar[bool] = True  # ctrl+q, from anywhere, leaves as `q` does

    def __init__(self, path: Path | None, draft: Draft) -> None:
        super().__init__()
        self.path = path
        self.draft = draft
        self.saved_path: Path | None = None
        self._current: dict[Section, int | None] = dict.fromkeys(SECTIONS)
        self._saving: SavePlan | None = None
        self._script_language = markdown_language()
        self._checker: Worker[Checked] | None = None
        self._check_due: Timer | None = None
        self._loaded: dict[str, Any] | None = None  # the document the forms were filled from
        self._slow_check: Timer | None = None
        self._check_is_slow = False
        self._to_fix = entries_to_fix(())  # the entries with a problem, marked in lists
        self._save_when_checked = False
        # Opening at the first problem, once the first check has found it (and nothing
        # was done meanwhile): "focus" its tab's first field too, or only "show" it.
        self._first_problem: Literal["focus", "show"] | None = None
        self._first_version = 0

    def compose(self) -> ComposeResult:
        yield EditorStatus(id="editor-status")
        with TabbedContent(id="editor-tabs"):
            yield from editor_tabs(self._script_language)
        yield ProblemsPanel(id="editor-problems")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._show_draft("focus")
        self.call_after_refresh(self._focus_tab, self._active_tab())

    def _show_draft(self, first_problem: Literal["focus", "show"]) -> None:
        """Fill the forms from the draft; open the TOML text, or (once the draft is checked)
        the first problem, focusing its tab's first field too or not (`first_problem`)."""
        self._load_all()
        if self.draft.raw_text is not None:
            self._load_toml_text()
            self.query_one(TabbedContent).active = "edit-toml"
        else:
            self._first_problem = first_problem
            self._first_version = self.draft.version
        self._refresh_checks()
        self._open_at_first_problem()  # now, when the draft was checked before

    # ------------------------------------------------------------------ loading the forms

    def _loc(self, spec: FieldSpec) -> tuple[str | int, ...] | None:
        return spec.loc(self._current[spec.section] if spec.section is not None else None)

    def _fields(self) -> list[tuple[FormField, FieldSpec]]:
        """The form fields that edit values of the draft (not the TOML text), with their specs."""
        return [(field, field.spec) for field in self.query(FormField) if field.spec is not None]

    def _load_fields(self, section: Section | None) -> None:
        with self.prevent(Input.Changed, Select.Changed, Switch.Changed, TextArea.Changed):
            for field, spec in self._fields():
                if spec.section == section:
                    loc = self._loc(spec)
                    value = self.draft.get(loc) if loc is not None else None
                    default = self.draft.get(spec.default) if spec.default else None
                    field.show_value(value, default)

    def _load_all(self) -> None:
        self._loaded = self.draft.document
        self._load_fields(None)
        self._show_overtime_field()
        for section in SECTIONS:
            self._fill_list(section, self._current[section] or 0)

    def _entry_list(self, section: Section) -> EntryList:
        return self.query_one(f"#edit-{section}-list", EntryList)

    def _fill_list(self, section: Section, index: int | None) -> None:
        """List the section's entries (each worded when its line is drawn); highlight one."""
        self._entry_list(section).show(
            len(self.draft.entries(section)), partial(self._prompt, section)
        )
        self._select_entry(section, index)

    def _select_entry(self, section: Section, index: int | None) -> None:
        count = len(self.draft.entries(section))
        if count == 0:
            index = None
        elif index is not None:
            index = max(0, min(index, count - 1))
        self._current[section] = index
        entry_list = self._entry_list(section)
        with self.prevent(EntryList.Highlighted):
            entry_list.highlighted = index
        self.query_one(f"#edit-{section}-form").display = index is not None
        self.query_one(f"#edit-{section}-empty").display = index is None
        self._load_fields(section)
        if section == "steps":
            self._show_sharing_fields()
            self._update_preview()

    def _prompt(self, section: Section, index: int) -> Content:
        entries = self.draft.entries(section)
        if index >= len(entries):
            return Content("")  # the TOML text has just made the list shorter
        return entry_prompt(section, index, entries[index], index in self._to_fix[section])

    def _show_sharing_fields(self) -> None:
        index = self._current["steps"]
        step = self.draft.entries("steps")[index] if index is not None else None
        shown = isinstance(step, dict) and (
            step.get("kind") == "sharing"
            or step.get("share_minutes") is not None
            or step.get("warning_seconds") is not None
            or step.get("sound") is not None
        )
        self.query_one("#edit-step-sharing").display = shown
        for key, default_key in (
            ("edit-step-share-minutes", "share_minutes"),
            ("edit-step-warning-seconds", "warning_seconds"),
        ):
            default = self.draft.get(("sharing", default_key))
            placeholder = _("default: {value}").format(value=display(default))
            self.query_one(f"#{key}", Input).placeholder = placeholder

    def _show_overtime_field(self) -> None:
        field = self.query_one("#field-edit-sharing-overtime-reminder")
        field.display = self.draft.asks_overtime_tones()

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
        self._edited(event.input, event.value)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == INVALID:
            return
        if event.value != event.select.value:
            return  # stale: e.g. the first option, posted when the Select was mounted
        self._edited(event.select, event.value)

    @on(Switch.Changed)
    def _switch_changed(self, event: Switch.Changed) -> None:
        if event.value != event.switch.value:
            return
        self._edited(event.switch, event.value)

    @on(TextArea.Changed)
    def _text_area_changed(self, event: TextArea.Changed) -> None:
        area = event.text_area
        if area.id == "edit-toml-text":
            self.draft.set_raw_text(area.text)
            self._refresh_checks()
        else:
            self._edited(area, area.text)

    def _edited(self, control: Widget, raw: Any) -> None:
        """Put what `control` now holds into the draft, where its form field says."""
        field = FormField.of(control)
        spec = field.spec if field is not None else None
        loc = self._loc(spec) if spec is not None else None
        if spec is None or loc is None:
            return
        try:
            self.draft.set(loc, spec.value(raw))
        except DraftError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if spec.section is not None:
            self._entry_list(spec.section).redraw()  # its line may say the new value
        if spec.id in STEP_SHARING:
            self._show_sharing_fields()
        if spec.id in ("edit-sharing-sound", "edit-step-sound"):
            self._show_overtime_field()
        if spec.id == "edit-step-script":
            self._update_preview()
        self._refresh_checks()

    @on(EntryList.Highlighted)
    def _entry_highlighted(self, event: EntryList.Highlighted) -> None:
        section = event.entry_list.section
        if self._current[section] != event.index:
            self._first_problem = None  # the facilitator chose where to go
            self._select_entry(section, event.index)
            self._refresh_checks()

    @on(EntryList.Add)
    def _add_entry(self, event: EntryList.Add) -> None:
        section = event.entry_list.section
        try:
            index = self.draft.add(section, self._current[section])
        except DraftError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._fill_list(section, index)
        self._refresh_checks()
        # What is typed next is the new entry's: its first field, once its form shows.
        self.call_after_refresh(self.query_one(f"#{FIRST_FIELD[section]}").focus)

    @on(EntryList.Delete)
    def _delete_entry(self, event: EntryList.Delete) -> None:
        section = event.entry_list.section
        index = self._current[section]
        if index is None:
            return
        question = delete_question(section, index, self.draft.entries(section)[index])

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.draft.remove(section, index)
            except DraftError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self._fill_list(section, index)
            self._refresh_checks()
            self._entry_list(section).focus()

        self.app.push_screen(ConfirmScreen(question, _("Saving makes it final.")), answer)

    @on(EntryList.Move)
    def _move_entry(self, event: EntryList.Move) -> None:
        section = event.entry_list.section
        index = self._current[section]
        if index is None:
            return
        try:
            moved = self.draft.move(section, index, event.offset)
        except DraftError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        self._fill_list(section, moved)
        self._refresh_checks()

    # ------------------------------------------------------------------ tabs

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "edit-toml":
            self._load_toml_text()
        elif self.draft.raw_text is None and self.draft.document is not self._loaded:
            # The TOML text may have changed the whole agenda.
            self._load_all()
        self._refresh_checks()
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        if self.draft.raw_text is not None and tab != "toml":
            self.notify(_("Fix the TOML syntax error first."), severity="warning", markup=False)
            return
        self._first_problem = None  # the facilitator chose where to go
        tabs.active = f"edit-{tab}"
        self.call_after_refresh(self._focus_tab, tab)

    def _active_tab(self) -> str:
        return self.query_one(TabbedContent).active.removeprefix("edit-")

    def _focus_tab(self, tab: str) -> None:
        first = FIRST_FOCUS.get(tab)
        if first:
            self.query_one(f"#{first}").focus()

    def _reveal(self, problem: Problem, focus: bool = True) -> None:
        """Show the tab, entry and field of `problem`."""
        tab, section, index = locate(problem.field)
        tabs = self.query_one(TabbedContent)
        tabs.active = f"edit-{tab}"
        if section is not None and index is not None:
            self._select_entry(section, index)
        if not focus:
            return
        for field, spec in self._fields():
            loc = self._loc(spec)
            if loc is not None and field_name(loc) == problem.field:
                self.call_after_refresh(field.control.focus)
                return
        self.call_after_refresh(self._focus_tab, tab)

    # ------------------------------------------------------------------ checks

    def _refresh_checks(self) -> None:
        """Check the draft (in a worker) if it changed since its last check; show what the
        latest check found meanwhile."""
        self._check()
        self._show_checks()

    @property
    def checking(self) -> bool:
        """A check of the draft is due or running: what it finds is not shown yet."""
        return self._check_due is not None or self._checker is not None

    def _check(self) -> None:
        """Check the draft as it is a moment (`CHECK_AFTER`) after the screen shows the
        change (a change meanwhile puts it off again), unless it is checked or a check is
        running: when that one is done, the draft is checked again if it changed meanwhile."""
        if self.draft.is_checked or self._checker is not None:
            return
        if self._check_due is not None:
            self._check_due.stop()
        self._check_due = self.set_timer(CHECK_AFTER, self._start_check, pause=True)
        self.call_after_refresh(self._check_due.resume)

    def _start_check(self) -> None:
        self._check_due = None
        if self.draft.is_checked or self._checker is not None:
            return
        self._checker = self._run_check(self.draft.check())
        if self._slow_check is not None:
            self._slow_check.stop()
        self._slow_check = self.set_timer(SLOW_CHECK, self._checking_slowly)

    @work(thread=True, group=CHECK_GROUP)
    def _run_check(self, check: Check) -> Checked:
        return check.run()

    def _checking_slowly(self) -> None:
        if not self.draft.is_checked:
            self._check_is_slow = True
            self._show_status()

    @on(Worker.StateChanged)
    def _check_finished(self, event: Worker.StateChanged) -> None:
        checker = self._checker
        if checker is None or event.worker is not checker or not checker.is_finished:
            return
        self._checker = None
        if event.state is not WorkerState.SUCCESS or checker.result is None:
            return  # cancelled: the editor is closing (an error has stopped the app)
        self.draft.checked(checker.result)
        if self.draft.is_checked:
            self._check_is_slow = False
            if self._slow_check is not None:
                self._slow_check.stop()
        self._open_at_first_problem()
        self._refresh_checks()
        if self._save_when_checked and self.draft.is_checked:
            self._save_when_checked = False
            self.action_save()

    def _open_at_first_problem(self) -> None:
        """Show the first problem of the draft as it was opened, once it is checked."""
        how = self._first_problem
        if how is None or self.draft.version != self._first_version:
            return
        if not self.draft.is_checked:
            return
        self._first_problem = None
        problems = self.draft.problems()
        if problems:
            self._reveal(problems[0], focus=False)
            if how == "focus":
                self.call_after_refresh(self._focus_tab, self._active_tab())

    def _show_checks(self) -> None:
        """Show each problem the latest check found at its field, the rest in the problems
        panel; mark the entries that have one; and the status."""
        draft = self.draft
        problems = draft.last_problems() or []
        by_field = messages_by_field(problems)
        active = self._active_tab()
        shown: set[str] = set()
        for field in self.query(FormField):
            spec = field.spec
            if spec is None:  # the TOML text: problems of the file as a whole
                messages = [where(p) for p in problems if not p.field]
                if active == "toml" and messages:
                    shown.add("")
                field.show_problems(messages)
                continue
            loc = self._loc(spec)
            name = field_name(loc) if loc is not None else None
            messages = by_field.get(name, []) if name is not None else []
            field.show_problems(messages)
            if messages and spec.tab == active and self._displayed(field):
                shown.add(name or "")
        panel = self.query_one(ProblemsPanel)
        panel.problems = tuple(where(p) for p in problems if p.field not in shown)
        to_fix = entries_to_fix(problems)
        if to_fix != self._to_fix:
            self._to_fix = to_fix
            for section in SECTIONS:
                self._entry_list(section).redraw()
        syntax_error = draft.raw_text is not None
        tabs = self.query_one(TabbedContent)
        for tab, _title, _key in TABS:
            if tab != "toml":
                tabs.get_tab(f"edit-{tab}").disabled = syntax_error
        self._show_status()

    def _displayed(self, widget: Widget) -> bool:
        node: Any = widget
        while node is not None and not isinstance(node, TabPane):
            if not node.display:
                return False
            node = node.parent
        return True

    def _show_status(self) -> None:
        draft = self.draft
        checking = draft.last_problems() is None or (self._check_is_slow and not draft.is_checked)
        view = DraftStatus.of(draft, saving=self._saving is not None, checking=checking)
        self.query_one(EditorStatus).view = view

    # ------------------------------------------------------------------ saving

    def action_save(self) -> None:
        draft = self.draft
        if self._saving is not None:
            return
        if not draft.is_checked:
            # Once what was typed last is checked: meanwhile the keys go on working.
            self._save_when_checked = True
            self._check()
            return
        problems = draft.problems()
        if problems:
            notice = refused_notice(problems)
            self.notify(notice, title=_("Not saved"), severity="error", timeout=8, markup=False)
            self._reveal(problems[0])
            return
        if draft.warn_before_saving:
            self.app.push_screen(ConfirmScreen(*comments_question(draft)), self._confirmed_save)
            return
        self._start_save()

    def _confirmed_save(self, yes: bool | None) -> None:
        if yes:
            self._start_save()

    def _start_save(self, *, overwrite: bool = False, as_copy: bool = False) -> None:
        plan = self.draft.plan_save(overwrite=overwrite, as_copy=as_copy)
        self._saving = plan
        self._show_status()
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
            self.notify(saved_notice(saved), title=_("Saved"), timeout=8, markup=False)
        elif ask := save_question(worker.error, self.draft.saved_once):
            dialog = ChoiceScreen(
                ask.question, ask.detail, ask.choices, title=ask.title, cancel=_(CANCEL)
            )
            self.app.push_screen(dialog, self._answered)
        else:
            notice = not_saved_notice(worker.error, plan.target)
            self.notify(notice, title=_("Not saved"), severity="error", timeout=10, markup=False)
        self._refresh_checks()

    def _answered(self, answer: str | None) -> None:
        """What to do with a file changed on disk, or read-only (`notices.save_question`)."""
        if answer in ("overwrite", "copy"):
            self._start_save(overwrite=answer == "overwrite", as_copy=answer == "copy")
        elif answer == "reload":
            self._reload()
        else:
            self.notify(_(NOTHING_WRITTEN), severity="warning", markup=False)

    def _reload(self) -> None:
        """Replace the draft by the file as it is now; the unsaved changes are dropped."""
        assert self.draft.path is not None
        try:
            draft = Draft.load(self.draft.path, self.draft.name)
        except AgendaError as error:
            self.notify(not_reloaded_notice(error), severity="error", timeout=10, markup=False)
            return
        self.draft = draft
        self._current = dict.fromkeys(SECTIONS)
        self._checker = None  # a check of the dropped draft is not this one's
        self._save_when_checked = False
        self._show_draft("show")
        self._load_toml_text()
        self.notify(reloaded_notice(draft), title=_("Reloaded"), timeout=8, markup=False)

    # ------------------------------------------------------------------ leaving, help

    @on(LeaveAsked)
    def action_leave(self) -> None:
        if self._saving is not None:
            self.notify(_("Saving… a moment."), severity="warning", markup=False)
            return
        if not self.draft.dirty:
            self._close()
            return
        self.app.push_screen(ConfirmScreen(*leave_question(self.draft)), self._confirmed_leave)

    def _confirmed_leave(self, yes: bool | None) -> None:
        if yes:
            self._close()

    def _close(self) -> None:
        while self.app.screen is not self and self in self.app.screen_stack:
            self.app.pop_screen()  # a question of the editor's (ctrl+q came over it): unanswered
        if len(self.app.screen_stack) > 1:
            self.dismiss(self.saved_path)
        else:
            self.app.exit()

    def action_help(self) -> None:
        self.app.push_screen(EditorHelpScreen(declared_bindings(type(self), EntryList)))

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
