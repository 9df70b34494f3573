"""A known agenda starts the app without the schema or the Markdown parser, in a fresh process.

The schema (pydantic) is the slowest thing to import at start-up; an agenda whose exact bytes
were validated before is read from the data directory instead (tests/agenda/test_checked.py holds
that shortcut to what full validation gives).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ..data import AGENDAS


def test_a_known_agenda_starts_without_the_validator_or_the_markdown_parser(tmp_path: Path) -> None:
    # What the command line does before the first frame, in a fresh interpreter.
    code = textwrap.dedent(
        f"""
        import sys
        from facilitator.cli.running import load as _load
        _load({str(AGENDAS / "open-discussion.toml")!r})
        first = "pydantic" in sys.modules
        gone = ("pydantic", "facilitator", "markdown_it")
        for name in [n for n in sys.modules if n.split(".")[0] in gone]:
            del sys.modules[name]
        from facilitator.cli.running import load as _load
        _, agenda = _load({str(AGENDAS / "open-discussion.toml")!r})
        from facilitator.agenda.markdown import blocks
        validated = "pydantic" in sys.modules
        assert blocks(agenda.steps[0].script)  # kept with the checked agenda: no parser
        print(first, validated, "markdown_it" in sys.modules)
        """
    )
    env = dict(os.environ, FACILITATOR_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False"]
