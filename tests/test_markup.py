"""No widget reads text as markup: the code holds to `facilitator.widgets.plain`'s one way.

Agenda text and file names reach widgets from many places; rather than trust each one, every
widget that takes text is made with `markup=False`, and nothing parses markup at all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "facilitator"
MODULES = sorted(PACKAGE.rglob("*.py"))

# Widgets and calls that read a string as markup unless told `markup=False`.
NEEDS_MARKUP_FALSE = {"Label", "Static", "OptionList", "notify", "SelectionList", "Markdown"}
# Calls that parse markup. Nor is text escaped for markup (`rich.markup`, `textual.markup`):
# escaping misses cases (`\\[x]`, `[Study]`).
PARSES_MARKUP = {"from_markup", "highlight", "render_markup"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _offences(path: Path) -> list[str]:
    """What in the module at `path` reads text as markup, one line each."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("rich.markup", "textual.markup"):
            found.append(f"{path.name}:{node.lineno} imports {node.module}")
            continue
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        where = f"{path.name}:{node.lineno} {name}"
        if name in NEEDS_MARKUP_FALSE:
            markup = [k.value for k in node.keywords if k.arg == "markup"]
            if not (
                len(markup) == 1
                and isinstance(markup[0], ast.Constant)
                and markup[0].value is False
            ):
                found.append(f"{where} without markup=False")
        if name in PARSES_MARKUP:
            found.append(f"{where} parses markup")
        if name in ("Hit", "DiscoveryHit"):
            display = node.args[1] if name == "Hit" else node.args[0]
            plain = isinstance(display, ast.Call) and _name(display.func) in (
                "Content",
                "highlighted",
            )
            if not plain:
                found.append(f"{where}: the palette reads a string as markup")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_widget_reads_text_as_markup(path: Path) -> None:
    assert _offences(path) == []


def test_the_check_finds_what_it_looks_for(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text(
        "from rich.markup import escape\n"
        "Label(title)\n"
        "Static(title, markup=True)\n"
        "self.notify(f'{name}')\n"
        "Content.from_markup(text)\n"
        "Hit(1, name, run)\n"
        "Label(title, markup=False)\n"
        "Hit(1, highlighted(m, name), run)\n",
        encoding="utf-8",
    )
    assert len(_offences(module)) == 6
