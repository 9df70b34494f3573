"""The project's promises about itself: README, CI, lint, types."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

from facilitator.agenda.reference import reference_markdown

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


def test_ruff_format() -> None:
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_core() -> None:
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_checks_the_package_the_benchmarks_the_scripts_and_the_tests() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert set(config["files"]) == {"facilitator", "bench", "scripts", "tests"}
    # Only the tests relax one check, and only that one (see pyproject.toml).
    assert [o["module"] for o in config.get("overrides", [])] == [["tests.*"]]


def test_pre_commit_runs_what_the_suite_checks() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    hooks = re.findall(r"^\s+entry: (.+)$", config, flags=re.M)
    assert hooks == ["ruff check --fix", "ruff format", "mypy"]


def test_the_wheel_and_the_sdist_carry_the_license_and_what_the_tests_need(
    tmp_path: Path,
) -> None:
    result = subprocess.run(
        [_tool("hatchling"), "build", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("*.whl")
    (sdist,) = tmp_path.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in in_wheel)
    assert {f"facilitator/agendas/{p.name}" for p in (ROOT / "agendas").glob("*.toml")} <= in_wheel
    assert "facilitator/room/page.html" in in_wheel  # the room page is read from the package
    # Every language's compiled catalogue, which the app reads from the package.
    catalogues = (ROOT / "facilitator" / "locale").glob("*/LC_MESSAGES/facilitator.mo")
    compiled = {f"facilitator/{p.relative_to(ROOT / 'facilitator')}" for p in catalogues}
    assert "facilitator/locale/es/LC_MESSAGES/facilitator.mo" in compiled
    assert compiled <= in_wheel
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    needed = {"LICENSE", ".ci/run", "bench/run.py", "scripts/screenshots.py", "README.md"}
    needed |= {"scripts/catalogues.py", "scripts/twelve_hour.py"}
    needed |= {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*.py")}
    needed |= {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*.svg")}
    assert needed - in_sdist == set()
