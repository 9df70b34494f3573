"""Build the wheel and the sdist, and check that they carry what users and the tests need.

The wheel: the licence, the bundled agendas, the room page and every compiled catalogue,
which the app reads from the package. The sdist: everything the tests need, so they pass
from an unpacked sdist too. One line per thing missing, and exit status 1. Run:
python scripts/check_package.py
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def built(into: Path) -> tuple[set[str], set[str]]:
    """The names in the wheel and in the sdist (without its top folder) built into `into`."""
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-d", str(into)], cwd=ROOT, check=True
    )
    (wheel,) = into.glob("*.whl")
    (sdist,) = into.glob("*.tar.gz")
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    with tarfile.open(sdist) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    return in_wheel, in_sdist


def missing(in_wheel: set[str], in_sdist: set[str]) -> list[str]:
    """What the wheel and the sdist lack, one line each."""
    problems = []
    if not any(name.endswith(".dist-info/licenses/LICENSE") for name in in_wheel):
        problems.append("wheel: no LICENSE in its .dist-info/licenses/")
    wanted = {f"facilitator/agendas/{path.name}" for path in (ROOT / "agendas").glob("*.toml")}
    wanted.add("facilitator/room/page.html")  # the room page is read from the package
    wanted.add("facilitator/room/cohost.html")  # and the co-host's
    wanted.add("facilitator/room/words.js")  # with the words both write
    catalogues = (ROOT / "facilitator" / "locale").glob("*/LC_MESSAGES/facilitator.mo")
    wanted |= {str(path.relative_to(ROOT)) for path in catalogues}
    wanted.add("facilitator/locale/es/LC_MESSAGES/facilitator.mo")
    problems += [f"wheel: no {name}" for name in sorted(wanted - in_wheel)]
    needed = {"LICENSE", ".ci/run", "README.md", "pyproject.toml"}
    needed |= {str(path.relative_to(ROOT)) for path in (ROOT / "bench").glob("*.py")}
    needed |= {str(path.relative_to(ROOT)) for path in (ROOT / "scripts").glob("*.py")}
    needed |= {str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("*.py")}
    needed |= {str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("*.svg")}
    problems += [f"sdist: no {name}" for name in sorted(needed - in_sdist)]
    return problems


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        problems = missing(*built(Path(folder)))
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("the wheel and the sdist carry what they need")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
