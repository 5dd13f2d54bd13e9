"""A signed-in user's store, opened the way the app opens it: its own folder per (platform, user), its own
data key from the keystore, the cache unchecked at open (the app checks it beside the open store,
``check_cache_file``; the outbox is always checked).

The one module of the store that knows about the keystore (``caseworker.auth.secrets``).
"""

from __future__ import annotations

import asyncio

from caseworker.auth.secrets import SERVICE, SecretStore, data_key_account
from caseworker.paths import AppPaths
from caseworker.store.aio import AsyncStore


async def open_for_user(
    paths: AppPaths, secrets: SecretStore, identity: str, user_id: str, *, create: bool = True
) -> AsyncStore | None:
    """The store of ``user_id`` on the platform ``identity`` (its URL, or the demo's fixed name); None
    when ``create`` is False and the keystore has no data key for them (nothing to reopen)."""
    account = data_key_account(identity, user_id)
    if create:
        key = await asyncio.to_thread(secrets.get_or_create_data_key, SERVICE, account)
    else:
        found = await asyncio.to_thread(secrets.get_data_key, SERVICE, account)
        if found is None:
            return None
        key = found
    directory = paths.store_dir(identity, user_id)
    return await AsyncStore.open(directory, key, user_id=user_id, check_integrity=False)
