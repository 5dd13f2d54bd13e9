"""Tokens at rest: sealed in the user's offline store (``put_secret``), never in a file or the keystore."""

from __future__ import annotations

import datetime as dt
import json
import logging

from caseworker.auth.flow import Tokens
from caseworker.store import AsyncStore

log = logging.getLogger(__name__)

SECRET_NAME = "session.tokens"  # noqa: S105  # a name, not a secret


def dump_tokens(tokens: Tokens) -> str:
    return json.dumps(
        {
            "access_token": tokens.access_token,
            "refresh_token": tokens.refresh_token,
            "expires_at": tokens.expires_at.isoformat(),
            "issued_at": tokens.issued_at.isoformat() if tokens.issued_at else None,
        }
    )


def load_tokens(text: str | None) -> Tokens | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        issued = data.get("issued_at")
        return Tokens(
            access_token=str(data["access_token"]),
            refresh_token=str(data["refresh_token"]),
            expires_at=dt.datetime.fromisoformat(data["expires_at"]),
            issued_at=dt.datetime.fromisoformat(issued) if issued else None,
        )
    except (ValueError, KeyError, TypeError):
        log.warning("the stored session could not be read; the user signs in again")
        return None


async def save(store: AsyncStore, tokens: Tokens | None) -> None:
    """``TokenSession``'s ``on_tokens_changed`` hook: keep the new tokens, or forget them (None)."""
    if tokens is None:
        await store.delete_secret(SECRET_NAME)
    else:
        await store.put_secret(SECRET_NAME, dump_tokens(tokens))


async def restore(store: AsyncStore) -> Tokens | None:
    return load_tokens(await store.get_secret(SECRET_NAME))
