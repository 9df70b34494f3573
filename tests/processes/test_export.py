"""`facilitator export` in a process of its own: Textual blocked, an ASCII locale, a closed pipe.

The meetings it exports are the `four` fixture's (tests/conftest.py); what they must give is in
tests/golden/, as for tests/core/test_export.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from facilitator.store import Store

from ..data import GOLDEN


def python(code: str, cwd: Path, data: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, "FACILITATOR_DATA_DIR": str(data)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )


def test_export_imports_no_textual(
    four: Store, data_dir: Path, tmp_path: Path, block_textual: str
) -> None:
    code = (
        textwrap.dedent(
            """
        import sys
        import facilitator.export, facilitator.files
        assert not [n for n in sys.modules if n.split(".")[0] == "textual"], "imported textual"
        """
        )
        + block_textual
        + textwrap.dedent(
            """
        from facilitator.__main__ import main
        code = main(["export", "--format", "json", "-o", "out.json"])
        assert code == 0, code
        assert "textual" not in sys.modules
        try:
            import facilitator.app
        except ImportError:
            print("blocked")
        """
        )
    )
    result = python(code, tmp_path, data_dir)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == b"blocked\n"  # the blocker worked, so the export ran without it
    assert (tmp_path / "out.json").read_bytes() == (GOLDEN / "export.json").read_bytes()


def test_real_process(four: Store, data_dir: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "facilitator", "export"]
    env = {**os.environ, "FACILITATOR_DATA_DIR": str(data_dir), "PYTHONIOENCODING": "ascii"}

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        result = subprocess.run(
            [*command, *args],
            cwd=tmp_path,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
        )
        assert b"Traceback" not in result.stdout + result.stderr
        return result

    # UTF-8 on standard output even under an ASCII locale.
    good = run("--format", "json")
    assert (good.returncode, good.stderr) == (0, b"")
    assert good.stdout == (GOLDEN / "export.json").read_bytes()

    bad = run("--since", "2024-13-01")
    assert (bad.returncode, bad.stdout) == (2, b"")
    assert bad.stderr == b"--since 2024-13-01: not a date; give YYYY-MM-DD, e.g. 2026-03-05\n"

    (tmp_path / "taken.csv").write_bytes(b"keep")
    taken = run("-o", "taken.csv")
    assert taken.returncode == 2
    assert taken.stderr == b"-o taken.csv: already exists; add --force to replace it\n"
    assert (tmp_path / "taken.csv").read_bytes() == b"keep"


def test_closed_pipe_is_not_a_crash(four: Store, data_dir: Path, tmp_path: Path) -> None:
    # `facilitator export | head -1`, with many meetings: the reader leaves early.
    code = textwrap.dedent(
        """
        import os, sys
        read, write = os.pipe()
        os.close(read)
        os.dup2(write, 1)
        from facilitator.__main__ import main
        code = main(["export"])
        sys.stderr.write(f"exit {code}\\n")
        sys.exit(code)
        """
    )
    result = python(code, tmp_path, data_dir)
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    assert result.stderr.endswith(b"exit 141\n")
    assert result.returncode == 141
