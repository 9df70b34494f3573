"""The project's promises about itself: README, CI, lint, types."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.reference import reference_markdown

ROOT = Path(__file__).resolve().parent.parent  # the project
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _code_blocks() -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", README, flags=re.S)]


def test_readme_starts_with_install_and_test_commands() -> None:
    install, tests = _code_blocks()[:2]
    assert "pip install ." in install and "facilitator agendas/" in install
    agenda = install.split("facilitator ")[-1]
    assert (ROOT / agenda).is_file()
    assert "pytest" in tests
    # CI runs exactly the README's test command.
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_agenda_reference_is_current() -> None:
    assert reference_markdown() in README


def test_readme_screenshots_exist() -> None:
    for name in re.findall(r"\]\((screenshots/[^)]+)\)", README):
        assert (ROOT / name).is_file(), name


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed")
    return found


def test_ruff() -> None:
    result = subprocess.run(
        [_tool("ruff"), "check", "facilitator", "tests", "scripts", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_core() -> None:
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
