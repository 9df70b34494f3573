"""The agenda format's reference table, generated from the models' field descriptions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from .schema import (
    AgendaDocument,
    AttendanceTable,
    ClosingTable,
    MeetingTable,
    ResourceTable,
    SharingTable,
    StepTable,
)
from .values import DEFAULT_REMINDER

TABLES: tuple[tuple[str, type[BaseModel]], ...] = (
    ("[meeting]", MeetingTable),
    ("[sharing]", SharingTable),
    ("[[attendance]]", AttendanceTable),
    ("[[steps]]", StepTable),
    ("[closing]", ClosingTable),
    ("[[closing.resources]]", ResourceTable),
)


EXTRA_RULES: dict[tuple[type[BaseModel], str], str] = {
    (MeetingTable, "kind"): '"group" or "one-on-one"',
    (MeetingTable, "start"): '"HH:MM", "00:00" to "23:59"',
    (MeetingTable, "language"): 'a language code: "es", "es-MX", "en-US"',
    (SharingTable, "warning_seconds"): "shorter than the share",
    (SharingTable, "sound"): '"tones", "bell" or "off"',
    (SharingTable, "queue"): '"first-come" or "alternate"',
    (SharingTable, "chime"): "true or false; not with sound",
    (AttendanceTable, "id"): (
        "a-z, 0-9 and _, starting with a letter; unique; not an export column "
        "(started_at, ended_at, agenda, meeting, shares)"
    ),
    (StepTable, "kind"): '"reading", "sharing", "break" or "closing"',
    (StepTable, "share_minutes"): 'only on kind = "sharing"',
    (StepTable, "warning_seconds"): 'only on kind = "sharing"; shorter than the share',
    (StepTable, "sound"): 'only on kind = "sharing"; "tones", "bell" or "off"',
}


def _rules(model: type[BaseModel], key: str, field: FieldInfo) -> str:
    rules: list[str] = []
    for item in field.metadata:
        for name, word in (("gt", ">"), ("ge", ">="), ("le", "<="), ("lt", "<")):
            value = getattr(item, name, None)
            if value is not None:
                rules.append(f"{word} {value}")
        if getattr(item, "min_length", None) == 1 and field.annotation is str:
            rules.append("not blank")
    if (model, key) in EXTRA_RULES:
        rules.append(EXTRA_RULES[(model, key)])
    return "; ".join(rules)


def _default(field: FieldInfo) -> str:
    if field.is_required():
        return "required"
    if field.default is PydanticUndefined or field.default_factory is not None:
        return "see below"
    value: Any = field.default
    if value is None or value == () or value == "":
        return "optional"
    if value == DEFAULT_REMINDER:
        return "a reminder to seek professional help"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, str):
        return f'`"{value}"`'
    return f"`{value}`"


def reference_markdown() -> str:
    """A Markdown table of every agenda key: where, default, rules, meaning."""
    lines = [
        "| Table | Key | Default | Rules | Meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    for table, model in TABLES:
        for key, field in model.model_fields.items():
            if model is ClosingTable and key == "resources":
                continue  # its own table below
            lines.append(
                f"| `{table}` | `{key}` | {_default(field)} | {_rules(model, key, field)} | "
                f"{field.description or ''} |"
            )
    top = AgendaDocument.model_fields
    lines.append(
        f"| `[[attendance]]` | (the list) | one category, `attendees` | 1 to 9 entries, ids "
        f"unique | {top['attendance'].description} |"
    )
    lines.append("| `[[steps]]` | (the list) | required | at least one | The steps, in order. |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference_markdown())
