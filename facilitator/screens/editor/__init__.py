"""The agenda editor: a form for every part of an agenda, checked as you type.

The screen and its widgets load when first asked for, so the pure modules of this package
(`fields`, `notices`) import without Textual.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .forms import markdown_language
    from .help import EditorHelpScreen
    from .screen import EditorScreen

__all__ = ["EditorHelpScreen", "EditorScreen", "markdown_language"]

_WHERE = {"EditorHelpScreen": ".help", "EditorScreen": ".screen", "markdown_language": ".forms"}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_WHERE[name], __name__), name)
