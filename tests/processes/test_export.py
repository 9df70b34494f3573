"""`facilitator export` in a process of its own: Textual blocked, an ASCII locale, a closed pipe.

The meetings it exports are the `four` fixture's (tests/conftest.py); what they must give is in
tests/golden/, as for tests/records/test_export.py. Then what it must never write over (a named
pipe, a device, anything in the data folder), a database it must leave as it is (damaged,
missing, on a read-only folder) and a standard output that fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO

import pytest

from facilitator.store.database import DB_NAME, Store
from facilitator.store.locks import LOCKS

from ..data import GOLDEN
from ..support import meetings


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
        import facilitator.records.export, facilitator.system.files
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


# ---------------------------------------------------------------------- what export may write


def export_process(
    data: Path,
    cwd: Path,
    *args: str,
    stdout: int | IO[bytes] = subprocess.PIPE,
    close_stdout: bool = False,
) -> subprocess.CompletedProcess[bytes]:
    """`python -m facilitator export ARGS` on the data directory `data`; never a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "export", *args],
        cwd=cwd,
        env={**os.environ, "FACILITATOR_DATA_DIR": str(data)},
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=60,  # a named pipe opened for writing would wait here for a reader
        preexec_fn=(lambda: os.close(1)) if close_stdout else None,
    )
    assert b"Traceback" not in (result.stdout or b"") + result.stderr, result.stderr.decode()
    return result


def refused(result: subprocess.CompletedProcess[bytes]) -> str:
    """The one line of a run that exited 2 and wrote nothing to standard output."""
    assert (result.returncode, result.stdout) == (2, b""), result.stderr.decode()
    assert result.stderr.endswith(b"\n") and result.stderr.count(b"\n") == 1, result.stderr
    return result.stderr.decode().rstrip("\n")


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def listing(folder: Path) -> list[tuple[str, int, int]]:
    """What `ls -l` says of `folder`: every name, with its mode and size."""
    return [
        (str(p.relative_to(folder)), p.lstat().st_mode, p.lstat().st_size)
        for p in sorted(folder.rglob("*"))
    ]


NOT_A_FILE = "not a regular file; give a file name, such as meetings.csv"


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_named_pipe_is_refused(
    four: Store, data_dir: Path, tmp_path: Path, force: list[str]
) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    pipe = tmp_path / "records.csv"
    os.mkfifo(pipe)
    line = refused(export_process(data_dir, tmp_path, "-o", "records.csv", *force))
    assert line == f"-o records.csv: is a named pipe, {NOT_A_FILE}"
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_devices_are_refused_and_stay_devices(four: Store, data_dir: Path, tmp_path: Path) -> None:
    # A device of our own first, where the system allows making one: if it were replaced,
    # the test stops before /dev/null is tried.
    if hasattr(os, "mknod") and os.geteuid() == 0:
        own = tmp_path / "null"
        os.mknod(own, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        line = refused(export_process(data_dir, tmp_path, "-o", str(own), "--force"))
        assert line == f"-o {own}: is a device, {NOT_A_FILE}"
        assert stat.S_ISCHR(own.lstat().st_mode)
    if not Path(os.devnull).is_char_device():
        pytest.skip(f"{os.devnull} is not a character device here")
    line = refused(export_process(data_dir, tmp_path, "-o", os.devnull, "--force"))
    assert line == f"-o {os.devnull}: is a device, {NOT_A_FILE}"
    assert stat.S_ISCHR(os.lstat(os.devnull).st_mode)


def test_socket_is_refused(four: Store, data_dir: Path, tmp_path: Path) -> None:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets on this system")
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "s"))
        line = refused(export_process(data_dir, tmp_path, "-o", "s", "--force"))
    assert line == f"-o s: is a socket, {NOT_A_FILE}"
    assert stat.S_ISSOCK((tmp_path / "s").lstat().st_mode)


def test_folder_is_refused_even_with_force(four: Store, data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    line = refused(export_process(data_dir, tmp_path, "-o", "records", "--force"))
    assert line == "-o records: is a folder; give a file name, such as meetings.csv"
    assert list((tmp_path / "records").iterdir()) == []


def own_file_line(shown: str, data_dir: Path) -> str:
    return (
        f"-o {shown}: is in facilitator's data folder {data_dir}, which holds only its own "
        "files, or is one of them; give a file elsewhere, such as ~/meetings.csv"
    )


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_the_live_database_and_its_companions_are_refused(
    four: Store, data_dir: Path, tmp_path: Path, force: list[str]
) -> None:
    # `four` keeps the database open, as a running meeting does: the -wal and -shm are there.
    before = files_in(data_dir)
    assert set(before) >= {DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"}
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
        target = str(data_dir / name)
        line = refused(export_process(data_dir, tmp_path, "-o", target, *force))
        assert line == own_file_line(target, data_dir)
    assert files_in(data_dir) == before
    assert four.meetings()  # still the database it was


def test_the_database_by_another_way_is_refused(
    four: Store, data_dir: Path, tmp_path: Path
) -> None:
    before = files_in(data_dir)
    (tmp_path / "link.csv").symlink_to(data_dir / DB_NAME)
    (tmp_path / "folder").symlink_to(data_dir)
    (tmp_path / "else").mkdir()
    ways = [
        "link.csv",  # a symbolic link to the database
        "folder/meetings.db",  # through a linked folder
        f"else/../data/{DB_NAME}",  # through ..
        f"{data_dir}/./{DB_NAME}-wal",
    ]
    if hasattr(os, "link"):
        os.link(data_dir / DB_NAME, tmp_path / "hard.csv")  # the same file by another name
        ways.append("hard.csv")
    for way in ways:
        line = refused(export_process(data_dir, tmp_path, "-o", way, "--force"))
        assert line == own_file_line(way, data_dir)
    assert files_in(data_dir) == before
    assert (tmp_path / "link.csv").is_symlink()


def every_file_in(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, by its path there, with its bytes."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_nothing_in_the_data_folder_takes_an_export(
    four: Store, data_dir: Path, tmp_path: Path, force: list[str]
) -> None:
    (data_dir / "settings.json").write_text('{"theme": "nord"}\n')
    (data_dir / "agendas").mkdir()
    (data_dir / "agendas" / "tuesday.toml").write_bytes(b'[meeting]\nname = "T"\n')
    assert four.hold is not None  # a lock in locks/, as a running meeting holds
    before = every_file_in(data_dir)
    targets = [
        "settings.json",  # the app's files, a new file beside them, in its folders
        "meetings.db.csv",
        "agendas/tuesday.toml",
        "agendas/records.csv",
        "locks/x.csv",
        "cache/new.csv",
        "new-folder/../records.csv",
    ]
    for target in targets:
        line = refused(export_process(data_dir, tmp_path, "-o", str(data_dir / target), *force))
        assert line == own_file_line(str(data_dir / target), data_dir)
    for target in ("records.csv", "locks/../x.csv"):  # run from inside the data folder
        line = refused(export_process(data_dir, data_dir, "-o", target, *force))
        assert line == own_file_line(target, data_dir)
    assert every_file_in(data_dir) == before


def test_a_hard_link_to_a_file_in_the_data_folder_is_refused(
    four: Store, data_dir: Path, tmp_path: Path
) -> None:
    if not hasattr(os, "link"):
        pytest.skip("no hard links on this system")
    (data_dir / "settings.json").write_text('{"theme": "nord"}\n')
    os.link(data_dir / "settings.json", tmp_path / "settings.csv")
    line = refused(export_process(data_dir, tmp_path, "-o", "settings.csv", "--force"))
    assert line == own_file_line("settings.csv", data_dir)
    assert (data_dir / "settings.json").read_text() == '{"theme": "nord"}\n'
    # A file with other links, none of them in the data folder, is a file like any other.
    (tmp_path / "mine.csv").write_text("old\n")
    os.link(tmp_path / "mine.csv", tmp_path / "also-mine.csv")
    kept = export_process(data_dir, tmp_path, "-o", "mine.csv", "--force")
    assert (kept.returncode, kept.stderr) == (0, b"")
    assert (tmp_path / "mine.csv").read_bytes() == (GOLDEN / "export.csv").read_bytes()


def test_the_data_folder_by_another_name_is_refused(
    four: Store, data_dir: Path, tmp_path: Path
) -> None:
    # A bind mount shows the data folder at another path, which no link resolves: only the
    # file system's own numbers tell them apart. Made in a mount namespace of its own.
    unshare = shutil.which("unshare")
    if unshare is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("a bind mount needs root and unshare")
    (data_dir / "settings.json").write_text('{"theme": "nord"}\n')
    (tmp_path / "elsewhere").mkdir()
    before = every_file_in(data_dir)
    script = textwrap.dedent(
        f"""
        import subprocess, sys
        mounted = subprocess.run(["mount", "--bind", {str(data_dir)!r}, "elsewhere"])
        if mounted.returncode:
            sys.exit(77)
        from facilitator.__main__ import main
        sys.exit(main(["export", "-o", "elsewhere/settings.json", "--force"]))
        """
    )
    result = subprocess.run(
        [unshare, "--mount", "--propagation", "private", sys.executable, "-c", script],
        cwd=tmp_path,
        env={**os.environ, "FACILITATOR_DATA_DIR": str(data_dir)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    if result.returncode == 77 or b"unshare failed" in result.stderr:
        pytest.skip(f"no bind mount here: {result.stderr.decode().strip()}")
    assert refused(result) == own_file_line("elsewhere/settings.json", data_dir)
    assert every_file_in(data_dir) == before


def test_the_cache_is_refused(four: Store, data_dir: Path, tmp_path: Path) -> None:
    cached = data_dir / "cache" / "checked-agendas" / "0123abcd"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b'{"checked": true}')
    for target, force in ((cached, ["--force"]), (cached.parent / "new.csv", [])):
        line = refused(export_process(data_dir, tmp_path, "-o", str(target), *force))
        assert line == own_file_line(str(target), data_dir)
    assert cached.read_bytes() == b'{"checked": true}'
    assert [p.name for p in cached.parent.iterdir()] == ["0123abcd"]


def damage(database: Path) -> None:
    """Scribble over the database's pages after the first, as a failing disk does."""
    data = bytearray(database.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):
        data[start + 8 : start + 200] = bytes(range(192))
    database.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", ["not a database", "damaged pages"])
def test_a_damaged_database_is_left_alone_and_nothing_is_written(
    four: Store, data_dir: Path, tmp_path: Path, kind: str
) -> None:
    four.close()  # the meetings are all in meetings.db now, as after a clean exit
    database = data_dir / DB_NAME
    if kind == "not a database":
        database.write_bytes(b"a group's notes, not a database\n" * 300)
    else:
        damage(database)
    before, before_listing = files_in(data_dir), listing(data_dir)
    (tmp_path / "records.csv").write_bytes(b"last night's good records")
    for args in (["-o", "records.csv", "--force"], ["--format", "json"]):
        result = export_process(data_dir, tmp_path, *args)
        assert result.returncode != 0
        line = refused(result)
        reason = "file is not a database" if kind == "not a database" else "malformed"
        assert line.startswith(f"{database}: cannot be read as facilitator's meetings: ")
        assert reason in line
        assert line.endswith(
            "; nothing was exported and the file is left as it is (restore it from a backup, "
            "or start facilitator, which sets it aside and begins afresh)"
        )
    assert listing(data_dir) == before_listing  # no -wal or -shm made beside it
    assert files_in(data_dir) == before  # not moved aside, not repaired
    assert (tmp_path / "records.csv").read_bytes() == b"last night's good records"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "records.csv"]


def test_a_missing_database_is_not_created(data_dir: Path, tmp_path: Path) -> None:
    for args in ([], ["-o", "records.csv"]):
        line = refused(export_process(data_dir, tmp_path, *args))
        assert line == (
            f"{data_dir / DB_NAME}: no such file: no meeting has been kept in this data "
            "directory; nothing was exported (FACILITATOR_DATA_DIR chooses another data "
            "directory)"
        )
    assert not data_dir.exists()
    assert list(tmp_path.iterdir()) == []


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` and its files as a read-only disk has them: nothing made, nothing changed.

    A mode is enough for a user; root ignores modes, and only the immutable attribute
    (chattr +i) stops it.
    """
    paths = [folder, *folder.iterdir()]
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        modes = [(path, path.stat().st_mode) for path in paths]
        for path in paths:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            for path, mode in modes:
                path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None:
        pytest.skip("chattr is not installed: nothing makes a folder read-only to root here")
    done: list[Path] = []
    try:
        for path in paths:
            made = subprocess.run([chattr, "+i", str(path)], capture_output=True, timeout=30)
            if made.returncode != 0:
                pytest.skip(f"chattr +i is not allowed here: {made.stderr.decode().strip()}")
            done.append(path)
        yield
    finally:
        for path in done:
            subprocess.run([chattr, "-i", str(path)], check=True, timeout=30)


def copy_of_open_database(four: Store, tmp_path: Path, *names: str) -> Path:
    """The data directory as a crash leaves it: the latest meetings still in the -wal."""
    assert (four.path.parent / f"{DB_NAME}-wal").stat().st_size > 0
    copy = tmp_path / "copy"
    copy.mkdir(mode=0o700)
    for name in names:
        shutil.copy2(four.path.parent / name, copy / name)
    return copy


@pytest.mark.parametrize("left", ["closed cleanly", "after a crash"])
def test_a_read_only_data_folder_is_exported(
    four: Store, data_dir: Path, tmp_path: Path, left: str
) -> None:
    if left == "closed cleanly":
        four.close()
        folder = data_dir
        # The database alone, beside the (empty) folder of the running apps' locks.
        assert sorted(p.name for p in folder.iterdir()) == [LOCKS, DB_NAME]
        assert not any((folder / LOCKS).iterdir())
    else:
        folder = copy_of_open_database(four, tmp_path, DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm")
    before = files_in(folder)
    out = tmp_path / "out"
    out.mkdir()
    with read_only(folder):
        result = export_process(folder, out, "--format", "json")
        written = export_process(folder, out, "-o", "records.csv")
    assert (result.returncode, result.stderr) == (0, b""), result.stderr.decode()
    assert result.stdout == (GOLDEN / "export.json").read_bytes()
    assert (written.returncode, written.stderr) == (0, b"")
    assert (out / "records.csv").read_bytes() == (GOLDEN / "export.csv").read_bytes()
    assert files_in(folder) == before


@pytest.mark.parametrize("writable", [True, False], ids=["a folder", "a read-only folder"])
def test_changes_in_a_wal_without_its_shm_are_exported(
    four: Store, tmp_path: Path, writable: bool
) -> None:
    # The -wal holds the meetings, and SQLite would make a -shm beside it to read them (a
    # backup of a crashed laptop, copied without it): they are read from a copy elsewhere.
    folder = copy_of_open_database(four, tmp_path, DB_NAME, f"{DB_NAME}-wal")
    before, before_listing = files_in(folder), listing(folder)
    out = tmp_path / "out"
    out.mkdir()
    with read_only(folder) if not writable else nullcontext():
        written = export_process(folder, out, "-o", "records.csv")
    assert (written.returncode, written.stderr) == (0, b"")
    assert (out / "records.csv").read_bytes() == (GOLDEN / "export.csv").read_bytes()
    assert listing(folder) == before_listing
    assert files_in(folder) == before


def test_a_database_closed_cleanly_is_exported_and_nothing_made_beside_it(
    four: Store, data_dir: Path, tmp_path: Path
) -> None:
    four.close()
    before, before_listing = files_in(data_dir), listing(data_dir)
    assert sorted(before) == [DB_NAME]
    for args in ([], ["--format", "json"]):
        result = export_process(data_dir, tmp_path, *args)
        assert (result.returncode, result.stderr) == (0, b"")
        golden = "export.json" if args else "export.csv"
        assert result.stdout == (GOLDEN / golden).read_bytes()
        assert listing(data_dir) == before_listing
        assert files_in(data_dir) == before


KILLED_APP = """
import os, signal, sys
from datetime import datetime
from pathlib import Path
from facilitator.store.database import open_store
from tests.support import meetings

store = open_store(Path(sys.argv[1]), datetime.now).store
meetings.tuesday(store)
meetings.declined(store)
meetings.saturday(store)
meetings.mercredi(store)
os.kill(os.getpid(), signal.SIGKILL)  # the laptop died: the meetings are in the -wal
"""


def test_a_killed_apps_latest_changes_are_exported(data_dir: Path, tmp_path: Path) -> None:
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("no SIGKILL on this system")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_APP, str(data_dir)],
        cwd=Path(__file__).resolve().parents[2],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()
    assert (data_dir / f"{DB_NAME}-wal").stat().st_size > 0
    before, before_listing = files_in(data_dir), listing(data_dir)
    result = export_process(data_dir, tmp_path, "--format", "json")
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == (GOLDEN / "export.json").read_bytes()
    assert listing(data_dir) == before_listing
    # The meetings' files as they were; SQLite's shared memory of the -wal is the readers'.
    for name in (DB_NAME, f"{DB_NAME}-wal"):
        assert (data_dir / name).read_bytes() == before[name]


def test_a_running_apps_database_is_exported_as_it_stands(
    four: Store, data_dir: Path, tmp_path: Path
) -> None:
    # `four` is open, as in the window running a meeting; its lock is held.
    assert four.hold is not None
    before, before_listing = files_in(data_dir), listing(data_dir)
    result = export_process(data_dir, tmp_path)
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout == (GOLDEN / "export.csv").read_bytes()
    assert listing(data_dir) == before_listing
    for name in (DB_NAME, f"{DB_NAME}-wal"):
        assert (data_dir / name).read_bytes() == before[name]
    meetings.tuesday(four)  # and the window goes on recording
    assert len(four.meetings()) == 5


def test_a_full_standard_output_is_one_line(four: Store, data_dir: Path, tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        result = export_process(data_dir, tmp_path, stdout=full)
    assert result.returncode == 2
    assert result.stderr == (
        b"standard output: cannot be written: No space left on device; "
        b"write to a file instead with -o FILE\n"
    )


def test_a_closed_standard_output_is_one_line(four: Store, data_dir: Path, tmp_path: Path) -> None:
    if os.name != "posix":
        pytest.skip("closing a child's standard output needs POSIX")
    result = export_process(data_dir, tmp_path, stdout=subprocess.DEVNULL, close_stdout=True)
    assert result.returncode == 2
    assert result.stderr == (
        b"standard output: cannot be written: it is closed; write to a file instead with -o FILE\n"
    )
