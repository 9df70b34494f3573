"""The core (agenda, engine, paths) and `facilitator validate` work without Textual."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

BUNDLED = sorted((Path(__file__).resolve().parent.parent / "agendas").glob("*.toml"))

BLOCK_TEXTUAL = """
import sys

class BlockTextual:
    def find_spec(self, name, path=None, target=None):
        if name == "textual" or name.startswith("textual."):
            raise ImportError(f"textual is blocked in this test: {name}")
        return None

sys.meta_path.insert(0, BlockTextual())
for name in [n for n in sys.modules if n == "textual" or n.startswith("textual.")]:
    del sys.modules[name]
try:
    import textual  # noqa: F401
except ImportError:
    pass
else:
    raise SystemExit("the blocker did not block textual")
"""


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_core_and_validate_work_with_textual_blocked(tmp_path: Path) -> None:
    assert BUNDLED
    code = BLOCK_TEXTUAL + textwrap.dedent(
        f"""
        import facilitator.agenda
        import facilitator.engine
        import facilitator.paths
        from facilitator.__main__ import main

        agenda = facilitator.agenda.load_agenda({str(BUNDLED[0])!r})
        assert agenda.steps, "a bundled agenda has steps"
        assert facilitator.paths.resolve_agenda({BUNDLED[0].stem!r}) is not None
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


def test_blocker_really_blocks_the_app(tmp_path: Path) -> None:
    # Without this, a broken blocker would make the test above pass for the wrong reason.
    result = run_python(BLOCK_TEXTUAL + "import facilitator.app\n", tmp_path)
    assert result.returncode != 0
    assert "textual is blocked in this test" in result.stderr


def test_importing_the_core_does_not_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys, facilitator.agenda, facilitator.engine, facilitator.paths; "
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )
    result = run_python(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
