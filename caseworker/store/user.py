"""A signed-in user's store, opened the way the app opens it: its own folder per (platform, user), its own
data key from the keystore, the cache unchecked at open (the app checks it beside the open store,
``check_cache_file``; the outbox is always checked).

The one module of the store that knows about the keystore (``caseworker.auth.secrets``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from caseworker.auth.secrets import SERVICE, SecretStore, data_key_account
from caseworker.paths import AppPaths
from caseworker.store.aio import AsyncStore
from caseworker.store.lockout import SetAside, open_or_start_afresh


async def open_for_user(
    paths: AppPaths,
    secrets: SecretStore,
    identity: str,
    user_id: str,
    *,
    create: bool = True,
    on_set_aside: Callable[[SetAside], None] | None = None,
) -> AsyncStore | None:
    """The store of ``user_id`` on the platform ``identity`` (its URL, or the demo's fixed name); None
    when ``create`` is False and the keystore has no data key for them (nothing to reopen).

    With ``create`` (after a sign-in) a local copy the key cannot open never locks the user out: it is
    set aside and the store starts afresh (``on_set_aside`` is told what was set aside). Without it (a
    remembered user, perhaps offline) such a copy raises ``WrongDataKey``: the user signs in instead."""
    account = data_key_account(identity, user_id)
    directory = paths.store_dir(identity, user_id)
    if create:
        key = await asyncio.to_thread(secrets.get_or_create_data_key, SERVICE, account)
        store, aside = await open_or_start_afresh(directory, key, user_id=user_id, check_integrity=False)
        if aside is not None and on_set_aside is not None:
            on_set_aside(aside)
        return store
    found = await asyncio.to_thread(secrets.get_data_key, SERVICE, account)
    if found is None:
        return None
    return await AsyncStore.open(directory, found, user_id=user_id, check_integrity=False)
