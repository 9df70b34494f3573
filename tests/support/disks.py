"""Disks that really fill up: a tmpfs of a few hundred kilobytes for one test."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest


class SmallDisk:
    """A file system of its own for a test, of a few hundred kilobytes: a tmpfs, mounted in
    the test's folder (as root) and unmounted after, so that a disk can really fill up."""

    def __init__(self, tmp_path: Path) -> None:
        self._root = tmp_path
        self._mounted: list[Path] = []

    def __call__(self, kilobytes: int, name: str = "disk") -> Path:
        where = self._root / name
        where.mkdir()
        if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
            pytest.skip("mounting a tmpfs needs root (CI runs as root)")
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={kilobytes}k,mode=0700", "tmpfs", str(where)],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.skip(f"no tmpfs can be mounted here: {done.stderr.strip()}")
        self._mounted.append(where)
        return where

    def fill(self, disk: Path) -> Path:
        """Take every byte left on `disk` with one file (returned: delete it to free them)."""
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 16, 4096, 1):
                with contextlib.suppress(OSError):
                    while True:
                        os.write(fd, b"\xff" * size)
        finally:
            os.close(fd)
        return filler

    def unmount_all(self) -> None:
        for where in self._mounted:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
