"""The agenda editor: a form for every part of an agenda, checked as you type.

Its fields and what it says about saving live beside the draft, in `library/`: no Textual.
"""

from __future__ import annotations

from .forms import markdown_language
from .help import EditorHelpScreen
from .screen import EditorScreen

__all__ = ["EditorHelpScreen", "EditorScreen", "markdown_language"]
