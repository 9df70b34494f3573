"""The project's promises about itself: README, CI, lint, types."""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

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


STEPS = {
    "lint": ".venv/bin/ruff check facilitator tests scripts bench",
    "format": ".venv/bin/ruff format --check .",
    "types": ".venv/bin/mypy",
    "layers": ".venv/bin/lint-imports",
    "package": ".venv/bin/python scripts/check_package.py",
}
"""The checks CI runs beside the tests, each a step of its own that fails the run."""


def test_ci_runs_each_check_as_a_step_of_its_own() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    steps = dict(re.findall(r'^step "([^"]+)" (.+)$', ci, flags=re.M))
    assert {name: steps.get(name) for name in STEPS} == STEPS


def test_a_failed_step_fails_ci_after_every_step_has_run(tmp_path: Path) -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # The steps and their verdict, with each step's command replaced: one that fails.
    script = tmp_path / "run"
    body = ci[ci.index("failed=()") :]
    body = re.sub(r'^step "lint" .+$', 'step "lint" false', body, flags=re.M)
    body = re.sub(r'^step "([^"]+)" (?!false).+$', r'step "\1" true', body, flags=re.M)
    script.write_text("set -uo pipefail\n" + body, encoding="utf-8")
    result = subprocess.run(["bash", str(script)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "=== failed: lint" in result.stdout
    assert "=== package" in result.stdout  # run although lint had failed


def test_mypy_checks_the_package_the_benchmarks_the_scripts_and_the_tests() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    assert set(config["files"]) == {"facilitator", "bench", "scripts", "tests"}
    # Only the tests relax one check, and only that one (see pyproject.toml).
    assert [o["module"] for o in config.get("overrides", [])] == [["tests.*"]]


def test_pre_commit_runs_the_checks_ci_runs() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    hooks = re.findall(r"^\s+entry: (.+)$", config, flags=re.M)
    assert hooks == [
        "ruff check --fix",
        "ruff format",
        "mypy",
        "lint-imports",
        "python scripts/check_package.py",
    ]
