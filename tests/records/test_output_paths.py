"""Where an export may go (`files.output_problem`, `files.atomic_write`): a new file, or with
`--force` an existing regular file; never a pipe, a device, a socket, nor anything in the
data folder, however it is named.

The same refusals through the real command, `python -m facilitator export`, are in
tests/processes/test_export.py.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import IO

import pytest

from facilitator.__main__ import EXIT_BAD_INPUT, main
from facilitator.store.database import DB_NAME, Store
from facilitator.system.files import (
    SpecialFileError,
    atomic_write,
    file_kind,
    file_kind_words,
    is_ours,
    output_problem,
)


def fifo(path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    os.mkfifo(path)
    return path


def test_kinds_of_path(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"x")
    (tmp_path / "link").symlink_to(tmp_path / "file")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    fifo(tmp_path / "pipe")
    (tmp_path / "pipe-link").symlink_to(tmp_path / "pipe")
    assert file_kind(tmp_path / "file") == "file"
    assert file_kind(tmp_path / "link") == "file"  # a link is what it points to
    assert file_kind(tmp_path) == "folder"
    assert file_kind(tmp_path / "pipe") == "pipe"
    assert file_kind(tmp_path / "pipe-link") == "pipe"
    assert file_kind(tmp_path / "nowhere") is None
    assert file_kind(tmp_path / "dangling") is None
    if Path(os.devnull).is_char_device():
        assert file_kind(Path(os.devnull)) == "device"
    assert [file_kind_words(k) for k in ("pipe", "device", "socket", "other", None)] == [
        "a named pipe",
        "a device",
        "a socket",
        "a special file",
        "a special file",
    ]


@pytest.mark.parametrize("replace", [False, True])
def test_special_files_are_never_a_place_for_an_export(tmp_path: Path, replace: bool) -> None:
    fifo(tmp_path / "pipe")
    (tmp_path / "pipe-link").symlink_to(tmp_path / "pipe")
    specials = [tmp_path / "pipe", tmp_path / "pipe-link"]
    if Path(os.devnull).is_char_device():
        specials.append(Path(os.devnull))
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(tmp_path / "sock"))
        specials.append(tmp_path / "sock")
        for path in specials:
            assert output_problem(path, replace=replace) == "special", path
    assert output_problem(tmp_path, replace=replace) == "folder"
    # A regular file, even through a link, takes one with --force.
    (tmp_path / "old.csv").write_bytes(b"old")
    (tmp_path / "link.csv").symlink_to(tmp_path / "old.csv")
    for path in (tmp_path / "old.csv", tmp_path / "link.csv"):
        assert output_problem(path, replace=replace) == (None if replace else "exists")


def test_the_apps_own_files_are_found_however_they_are_named(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "cache").mkdir(parents=True)
    database = data / DB_NAME
    database.write_bytes(b"meetings")
    ours = [database, data / f"{DB_NAME}-wal"]  # the -wal need not exist yet
    folders = [data / "cache"]
    (tmp_path / "link").symlink_to(database)
    (tmp_path / "data-link").symlink_to(data)
    (tmp_path / "cache-link").symlink_to(data / "cache")
    os.link(database, tmp_path / "hard")
    (tmp_path / "other").mkdir()
    for path in (
        database,
        data / f"{DB_NAME}-wal",
        tmp_path / "link",
        tmp_path / "hard",
        tmp_path / "data-link" / DB_NAME,
        tmp_path / "other" / ".." / "data" / DB_NAME,
        data / "cache" / "new.csv",
        data / "cache" / "deeper" / "new.csv",
        tmp_path / "cache-link" / "x",
    ):
        assert is_ours(path, ours, folders), path
        assert output_problem(path, replace=True, ours=ours, our_folders=folders) == "ours"
    for path in (
        data / "meetings.db.csv",
        data / "cache.csv",
        data / "agendas.csv",
        tmp_path / "data2" / DB_NAME,
        tmp_path / "other" / DB_NAME,
    ):
        assert not is_ours(path, ours, folders), path


def test_everything_in_our_folders_is_ours_however_it_is_named(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "locks").mkdir(parents=True)
    (data / "settings.json").write_bytes(b"{}")
    (tmp_path / "data-link").symlink_to(data)
    (tmp_path / "outside").mkdir()
    os.link(data / "settings.json", tmp_path / "outside" / "hard.csv")
    for path in (
        data,
        data / "settings.json",
        data / "locks" / "x.csv",
        data / "not-yet" / "deeper" / "x.csv",
        tmp_path / "data-link" / "x.csv",
        tmp_path / "outside" / ".." / "data" / "x.csv",
        tmp_path / "outside" / "hard.csv",
    ):
        assert is_ours(path, (), [data]), path
        assert output_problem(path, replace=True, our_folders=[data]) in ("ours", "folder")
    (tmp_path / "outside" / "mine.csv").write_bytes(b"mine")
    os.link(tmp_path / "outside" / "mine.csv", tmp_path / "outside" / "also-mine.csv")
    for path in (
        tmp_path / "data.csv",
        tmp_path / "data2" / "x.csv",
        tmp_path / "outside" / "mine.csv",  # linked, but not into the data folder
        tmp_path / "outside" / "new.csv",
    ):
        assert not is_ours(path, (), [data]), path


def test_where_case_is_ignored_a_name_in_other_letters_is_ours(tmp_path: Path) -> None:
    data = tmp_path / "Data"
    data.mkdir()
    if not (tmp_path / "DATA").exists():
        pytest.skip("this file system tells case apart (macOS and Windows do not)")
    for path in (tmp_path / "DATA" / "x.csv", tmp_path / "data" / "Settings.JSON"):
        assert is_ours(path, (), [data]), path


def test_ours_comes_before_exists(tmp_path: Path) -> None:
    # Without --force the message must not suggest --force for the database.
    database = tmp_path / DB_NAME
    database.write_bytes(b"meetings")
    assert output_problem(database, replace=False, ours=[database]) == "ours"


@pytest.mark.parametrize("overwrite", [False, True])
def test_atomic_write_never_puts_a_file_in_a_pipes_place(tmp_path: Path, overwrite: bool) -> None:
    pipe = fifo(tmp_path / "pipe")
    with pytest.raises(SpecialFileError, match="is a named pipe, not a regular file"):
        atomic_write(pipe, b"data", overwrite=overwrite)
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_a_pipe_that_appears_while_exporting_is_not_replaced(
    four: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import facilitator.records.export

    target = tmp_path / "records.csv"
    real_write_csv = facilitator.records.export.write_csv

    def write_csv_meanwhile(
        rows: Iterable[facilitator.records.export.ExportRow], out: IO[bytes]
    ) -> int:
        fifo(target)  # after the early check, before the end of the writing
        return real_write_csv(rows, out)

    monkeypatch.setattr(facilitator.records.export, "write_csv", write_csv_meanwhile)
    code = main(["export", "-o", str(target), "--force"])
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == (
        f"-o {target}: is a named pipe, not a regular file; give a file name, such as "
        "meetings.csv\n"
    )
    assert stat.S_ISFIFO(target.lstat().st_mode)


def test_refusals_name_the_path_escaped(
    four: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file name may hold an escape sequence; the line shows it, never sends it.
    name = "records\x1b[2J.csv"
    fifo(tmp_path / name)
    code = main(["export", "-o", str(tmp_path / name), "--force"])
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "\x1b" not in err
    assert err == (
        f"-o {tmp_path}/records\\x1b[2J.csv: is a named pipe, not a regular file; "
        "give a file name, such as meetings.csv\n"
    )
    code = main(["export", "-o", str(data_dir / DB_NAME)])
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert err == (
        f"-o {data_dir / DB_NAME}: is in facilitator's data folder {data_dir}, which holds "
        "only its own files, or is one of them; give a file elsewhere, such as ~/meetings.csv\n"
    )
    hostile = data_dir / "records\x1b]0;x\x07.csv"
    code = main(["export", "-o", str(hostile)])
    out, err = capsys.readouterr()
    assert (code, out) == (EXIT_BAD_INPUT, "")
    assert "\x1b" not in err and "\x07" not in err and err.count("\n") == 1
