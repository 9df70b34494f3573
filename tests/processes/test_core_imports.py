"""The core works without Textual: every module but the UI's imports with Textual blocked.

The modules are found, not listed, so a module added to the core is held to this at once.
"""

from __future__ import annotations

import pkgutil
import textwrap
from pathlib import Path

import pytest

import facilitator

from ..data import AGENDAS, TUESDAY
from ..hints import RunPython

BUNDLED = sorted(AGENDAS.glob("*.toml"))

# The UI: the App, what it uses of Textual's internals, its terminal driver, and everything
# under its screens and widgets.
UI = (
    "facilitator.app",
    "facilitator.textual_internals",
    "facilitator.system.terminal_driver",
    "facilitator.screens",
    "facilitator.widgets",
)


def is_ui(name: str) -> bool:
    return any(name == ui or name.startswith(ui + ".") for ui in UI)


def all_modules() -> list[str]:
    found = pkgutil.walk_packages(facilitator.__path__, prefix="facilitator.")
    return sorted({"facilitator", *(module.name for module in found)})


CORE = [name for name in all_modules() if not is_ui(name)]


def test_the_core_is_found() -> None:
    # Without this, a broken discovery would leave the test below nothing to check.
    assert {
        "facilitator.agenda",
        "facilitator.meeting.engine",
        "facilitator.store.database",
    } <= set(CORE)
    assert "facilitator.app" not in CORE
    assert not [name for name in CORE if name.startswith("facilitator.screens")]


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_without_textual(
    module: str, tmp_path: Path, block_textual: str, run_python: RunPython
) -> None:
    code = block_textual + textwrap.dedent(
        f"""
        import importlib
        importlib.import_module({module!r})
        assert "textual" not in sys.modules
        print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))
        """
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "[]"


def test_core_and_validate_work_with_textual_blocked(
    tmp_path: Path, block_textual: str, run_python: RunPython
) -> None:
    assert BUNDLED
    code = block_textual + textwrap.dedent(
        f"""
        import facilitator.agenda
        import facilitator.meeting.engine
        import facilitator.system.paths
        from facilitator.__main__ import main

        agenda = facilitator.agenda.load_agenda({str(BUNDLED[0])!r})
        assert agenda.steps, "a bundled agenda has steps"
        assert facilitator.system.paths.resolve_agenda({BUNDLED[0].stem!r}) is not None
        assert main(["validate", *{list(map(str, BUNDLED))!r}]) == 0
        assert main(["validate", "missing.toml"]) == 2
        assert "textual" not in sys.modules
        print("core works without textual")
        """
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "core works without textual"
    assert [line.split(": ok (")[0] for line in lines[:-1]] == list(map(str, BUNDLED))
    assert result.stderr == "missing.toml: no such file\n"


def test_blocker_really_blocks_the_app(
    tmp_path: Path, block_textual: str, run_python: RunPython
) -> None:
    # Without this, a broken blocker would make the tests above pass for the wrong reason.
    result = run_python(block_textual + "import facilitator.app\n", tmp_path)
    assert result.returncode != 0
    assert "textual is blocked in this test" in result.stderr


def test_the_draft_works_without_textual(
    tmp_path: Path, block_textual: str, run_python: RunPython
) -> None:
    code = block_textual + textwrap.dedent(
        f"""
        from pathlib import Path
        from facilitator.library.draft import Draft
        draft = Draft.load(Path({str(TUESDAY)!r}))
        draft.set(("meeting", "name"), "Elsewhere")
        assert draft.agenda() is not None
        assert "textual" not in sys.modules
        print("draft works without textual")
        """
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "draft works without textual"
