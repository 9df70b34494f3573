"""The secret in a room page's address: made anew, and checked when a meeting's kept one is
read back. No Textual here, and no server: the app keeps a token before it serves it."""

from __future__ import annotations

import re
import secrets

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
"""A token as `new_token` makes it: 16 random bytes, URL-safe base64."""


def new_token() -> str:
    """A new secret for a room page's address."""
    return secrets.token_urlsafe(16)


def kept_token(token: str | None) -> str | None:
    """A meeting's token as it was kept, if it is one `new_token` could have made (a damaged
    or edited record gives a new address, never a path or a terminal's escape)."""
    return token if token is not None and TOKEN.fullmatch(token) else None
