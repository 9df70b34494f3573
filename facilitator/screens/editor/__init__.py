"""The agenda editor: a form for every part of an agenda, checked as you type."""

from .forms import markdown_language
from .help import EditorHelpScreen
from .screen import EditorScreen

__all__ = ["EditorHelpScreen", "EditorScreen", "markdown_language"]
