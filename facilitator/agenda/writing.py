"""Agendas written as TOML: the document a file holds, and its text."""

from __future__ import annotations

from typing import Any

from .codec import agenda_to_plain
from .values import Agenda


def toml_values(value: Any) -> Any:
    """What TOML holds: no None or empty optional text, whole floats as ints, lists."""
    if isinstance(value, dict):
        return {key: toml_values(item) for key, item in value.items() if item not in (None, "")}
    if isinstance(value, list | tuple):
        return [toml_values(item) for item in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def agenda_document(agenda: Agenda) -> dict[str, Any]:
    """A valid agenda as the TOML document it is saved as (every key, defaults included)."""
    document: dict[str, Any] = toml_values(agenda_to_plain(agenda))
    return document


def document_to_toml(document: dict[str, Any]) -> str:
    """A TOML document as text, long texts as multi-line strings."""
    import tomli_w  # only needed when saving

    return tomli_w.dumps(document, multiline_strings=True)


def agenda_to_toml(agenda: Agenda) -> str:
    """The agenda as TOML text that `parse_agenda` reads back to an equal agenda.

    Every key is written, defaults included, so the file says what the meeting will do.
    """
    return document_to_toml(agenda_document(agenda))
