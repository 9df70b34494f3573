"""The package's shape: folders by concern, no import circles, modules that say their job,
no shared privates."""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import textwrap
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


# ---------------------------------------------------------------------- Textual's internals

TEXTUAL_INTERNALS = "facilitator.textual_internals"
"""The one module that may use what Textual keeps private (and lists it for upgrades)."""


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _private_textual_module(name: str) -> bool:
    parts = name.split(".")
    return parts[0] == "textual" and any(_is_private(part) for part in parts[1:])


def textual_private_imports(module: str) -> list[str]:
    """What `module` imports of Textual's private modules and private names."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _private_textual_module(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] != "textual":
                continue
            if _private_textual_module(node.module):
                found.append(node.module)
            found += [f"{node.module}.{a.name}" for a in node.names if _is_private(a.name)]
    return found


def _defined_privates(tree: ast.AST) -> set[str]:
    """The private names a class (or module) defines: methods, class attributes, and the
    attributes its methods set on `self`."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return {name for name in names if _is_private(name)}


def _textual_privates(cls: type) -> set[str]:
    """The private names Textual's classes among `cls`'s bases define."""
    names: set[str] = set()
    for base in cls.__mro__:
        if base.__module__.split(".")[0] == "textual":
            names |= _class_privates(base)
    return names


@functools.cache
def _class_privates(cls: type) -> frozenset[str]:
    """The private names one of Textual's classes defines, read from its source."""
    try:
        source = textwrap.dedent(inspect.getsource(cls))
    except (OSError, TypeError):
        source = ""
    found = _defined_privates(ast.parse(source)) if source else set()
    return frozenset(found | {name for name in vars(cls) if _is_private(name)})


@functools.cache
def textual_privates() -> frozenset[str]:
    """Every private name Textual's own modules define."""
    import textual

    names: set[str] = set()
    for path in Path(textual.__file__).parent.rglob("*.py"):
        names |= _defined_privates(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


@functools.cache
def our_privates() -> frozenset[str]:
    """Every private name the package defines, but in `textual_internals`."""
    names: set[str] = set()
    for module, path in MODULES.items():
        if module != TEXTUAL_INTERNALS:
            names |= _defined_privates(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


def textual_privates_touched(module: str) -> list[str]:
    """The private names of Textual's classes that the classes of `module` define again
    (overriding them), read, or set."""
    text = MODULES[module].read_text(encoding="utf-8")
    if "textual" not in text:
        return []
    tree = ast.parse(text)
    found: list[str] = []
    for node in ast.walk(tree):
        # Anything's private name that Textual defines and we do not: Textual's.
        named = None
        if isinstance(node, ast.Attribute):
            named = node.attr
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("getattr", "setattr", "hasattr")
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            named = node.args[1].value
        textuals = named is not None and named in textual_privates()
        if textuals and _is_private(named or "") and named not in our_privates():
            found.append(f".{named}")
    loaded = importlib.import_module(module)
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        cls = getattr(loaded, node.name, None)
        if not isinstance(cls, type):
            continue  # a class defined in a function or under a platform's condition
        theirs = _textual_privates(cls)
        if not theirs:
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef) and inner.name in theirs:
                found.append(f"{node.name}.{inner.name}")
            elif isinstance(inner, ast.Attribute) and inner.attr in theirs:
                found.append(f"{node.name}: .{inner.attr}")
    return sorted(set(found))


def test_only_textual_internals_imports_what_textual_keeps_private() -> None:
    imported = {
        f"{module} imports {name}"
        for module in MODULES
        if module != TEXTUAL_INTERNALS
        for name in textual_private_imports(module)
    }
    assert imported == set()
    assert textual_private_imports(TEXTUAL_INTERNALS)  # the check finds what it looks for


def test_only_textual_internals_touches_the_private_names_of_textuals_classes() -> None:
    touched = {
        f"{module}: {name}"
        for module in MODULES
        if module != TEXTUAL_INTERNALS
        for name in textual_privates_touched(module)
    }
    assert touched == set()
    assert textual_privates_touched(TEXTUAL_INTERNALS)  # the check finds what it looks for
