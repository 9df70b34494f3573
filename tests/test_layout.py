"""The package's shape: folders by concern, no import circles, modules that say their job,
no shared privates."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "facilitator"
TOP_LEVEL_AT_MOST = 12
"""The package's top holds its entry, the App and little else: the rest lives in folders."""


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The absolute name an ImportFrom refers to, from inside `module`."""
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> dict[str, str]:
    """The project's modules that `module` imports (anywhere, TYPE_CHECKING included), and
    the private names it takes from each ('' when none)."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "facilitator":
                    found.setdefault(alias.name, "")
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node, path.name == "__init__.py")
            if target.split(".")[0] != "facilitator":
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in MODULES:
                    found.setdefault(submodule, "")
                else:
                    # `_` is gettext's name for a translation, not a private one.
                    shared = alias.name in ("__version__", "_")
                    private = alias.name.startswith("_") and not shared
                    if private:
                        found[target] = alias.name
                    else:
                        found.setdefault(target, "")
    found.pop(module, None)
    return {name: private for name, private in found.items() if name in MODULES}


def test_the_modules_were_found() -> None:
    assert {"facilitator.app", "facilitator.meeting.engine", "facilitator.agenda"} <= set(MODULES)


def test_no_module_imports_another_in_a_circle() -> None:
    graph = {module: set(imports_of(module)) for module in MODULES}
    # A package's __init__ hands on names from its own modules; importing it is importing them.
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if module.startswith(target + "."):
                continue  # a module of a package, importing a sibling through the package
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module)
    assert cycles == []


def test_no_module_takes_another_modules_private_names() -> None:
    borrowed = {
        f"{module} takes {private} from {target}"
        for module in MODULES
        for target, private in imports_of(module).items()
        if private
    }
    assert borrowed == set()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_says_its_job(module: str) -> None:
    # A module holds one concern, whatever its size: no line count is asked of it.
    text = MODULES[module].read_text(encoding="utf-8")
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring, f"{module} has no docstring saying what it is for"
    assert docstring.splitlines()[0].strip(), f"{module}'s docstring starts with a blank line"


def test_the_top_of_the_package_holds_few_modules() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= TOP_LEVEL_AT_MOST, top


def test_each_folder_says_its_job_in_one_line() -> None:
    folders = [path.parent for path in PACKAGE.rglob("__init__.py")]
    vague = [
        str(folder.relative_to(PACKAGE.parent))
        for folder in folders
        if len(
            (
                ast.get_docstring(ast.parse((folder / "__init__.py").read_text())) or "\n\n"
            ).splitlines()[0]
        )
        < 20
    ]
    assert vague == []


def classes_of(module: str) -> set[str]:
    """The names of the classes `module` defines at its top (under an `if` or a `try` too);
    a class nested in another, as a widget's messages are, goes by its owner's name."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    body: list[ast.stmt] = list(tree.body)
    while body:
        node = body.pop()
        if isinstance(node, ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.If | ast.Try):
            body += [*node.body, *node.orelse, *getattr(node, "finalbody", [])]
            body += [each for handler in getattr(node, "handlers", []) for each in handler.body]
    return found


def test_each_class_name_is_defined_once_in_the_package() -> None:
    # One name per thing: an engine, a value and a file's shape are three names.
    homes: dict[str, list[str]] = {}
    for module in MODULES:
        for name in classes_of(module):
            homes.setdefault(name, []).append(module)
    twice = {name: sorted(modules) for name, modules in homes.items() if len(modules) > 1}
    assert twice == {}


def raises_not_implemented(module: str) -> list[int]:
    """The lines where `module` raises NotImplementedError: a stub for another class's method."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    lines: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.exc is not None:
            raised = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if isinstance(raised, ast.Name) and raised.id == "NotImplementedError":
                lines.append(node.lineno)
    return lines


def test_no_module_stubs_a_method_with_not_implemented_error() -> None:
    # A part that needs another's method is given the part, or the method is abstract.
    stubs = {module: lines for module in MODULES if (lines := raises_not_implemented(module))}
    assert stubs == {}
