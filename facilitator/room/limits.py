"""How much of the machine the room page may take: its connections, their time, their bytes.

Pure Python, read by the server when it starts (`gate` applies them). The room's Wi-Fi is
anyone's, so every number here is a bound on what a stranger can make the app hold. The
numbers are chosen for what a real page needs: a browser sends a request's line and headers
in one go, reads what it is sent, and opens a handful of connections at most.
"""

from __future__ import annotations

from dataclasses import dataclass

CONNECTIONS = 512
"""Connections open at once, at most: the viewers (200) and room to spare."""
FALLBACK_CONNECTIONS = 256
"""The cap where the system has no limit on open files to read (Windows)."""
FEWEST_CONNECTIONS = 16
"""The cap however low the file limit: a page and a few viewers still fit."""
BACKLOG = 64
"""Connections the system holds until the app takes them; also how many it takes at a time."""
FILES_KEPT = 128
"""Descriptors left to the app itself: the database, the terminal, a player, an import."""
FILES_ACCEPTED = 4 * BACKLOG
"""Descriptors of connections taken from the system but not yet let in or put out.

asyncio takes up to `BACKLOG` connections each time the listener wakes, and the gate sees
each one a turn or two of the loop later (and a connection put out closes a turn after);
under a flood a few such batches are in flight at once.
"""
FILES_WANTED = 4096
"""The soft limit on open files the server raises the process's to, if the hard one allows."""

PIECE = 16 * 1024
"""Bytes written to a connection at a time: the next piece waits until it has taken this one."""
SEND_BUFFER = 64 * 1024
"""The system's buffer for what a connection is sent (else it grows to megabytes each): a
reader that stops is seen to stop within a piece or two, and holds little of the system's
memory meanwhile. A phone on the room's Wi-Fi needs far less to keep up."""


@dataclass(frozen=True)
class Limits:
    """What one connection, and one address, may hold, and for how long."""

    connections: int | None = None
    """Connections open at once (None: from the process's limit on open files)."""
    per_address: int = 32
    """Connections open at once from one address: a few browsers on one laptop."""
    streams_per_address: int = 8
    """Streams (`events`) open at once from one address; more are told to wait (503)."""
    headers_seconds: float = 5.0
    """From connecting to a request's line and headers, complete."""
    idle_seconds: float = 5.0
    """From an answer to the next request's line and headers, complete (keep-alive)."""
    stall_seconds: float = 5.0
    """How long what is sent may sit in the connection's buffer with none of it taken."""
    requests: int = 100
    """Requests answered on one connection; the last one's answer closes it."""
    head_bytes: int = 16 * 1024
    """Bytes of a request's line and headers together (a browser sends one or two KiB)."""
    line_bytes: int = 1024
    """Bytes of a request's line (the page's addresses are a few dozen)."""
    field_bytes: int = 8190
    """Bytes of one header (a cookie for this machine's name may be long)."""
    sweep_seconds: float = 1.0
    """How often open connections are looked over, while there are any."""


def file_limit() -> int | None:
    """The process's limit on open files, first raised toward `FILES_WANTED` if allowed.

    Servers raise their soft limit to what the hard limit allows: a desktop's soft limit is
    often 1,024 (256 on macOS) below a far higher hard one. None where there is no limit to
    read (Windows has no `resource` module) or it is unlimited.
    """
    try:
        import resource
    except ImportError:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    unlimited = resource.RLIM_INFINITY
    wanted = FILES_WANTED if hard == unlimited else min(hard, FILES_WANTED)
    if soft != unlimited and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        except (ValueError, OSError):
            pass  # not allowed here: the limit stays as it was
        else:
            soft = wanted
    return None if soft == unlimited else soft


def connection_cap(files: int | None) -> int:
    """Connections open at once under a limit of `files` open files (None: no limit known).

    Well below the limit: what the app opens itself and the connections on their way in
    keep their descriptors, so a flood never leaves the app unable to open a file.
    """
    if files is None:
        return FALLBACK_CONNECTIONS
    return max(FEWEST_CONNECTIONS, min(CONNECTIONS, files - FILES_KEPT - FILES_ACCEPTED))
