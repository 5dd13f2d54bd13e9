"""Building and closing one signed-in user's :class:`~ui.services.Services`.

Two ways in:

* :func:`services_after_sign_in` — fresh tokens from a sign-in: ask the platform who we are, open (or
  create) the user's encrypted store, seal the tokens in it, cache the user and the municipalities.
* :func:`services_from_store` — a remembered user: everything from the store, no network at all, so the
  app opens offline with the last synced data. The session refreshes its tokens when it first can.

Stores and data keys are keyed by the platform's *identity*: its URL, or a fixed name for the embedded
demo platform (whose port changes on every start).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from caseworker.api.client import PlatformClient
from caseworker.api.errors import PlatformError
from caseworker.auth.flow import Tokens
from caseworker.auth.secrets import SERVICE, SecretStore, data_key_account
from caseworker.auth.session import TokenSession
from caseworker.domain.models import Municipality, User
from caseworker.paths import AppPaths
from caseworker.store import AsyncStore, OfflineStore
from caseworker.store.lockout import SetAside
from caseworker.store.user import open_for_user
from caseworker.sync.engine import SyncEngine
from caseworker.sync.events import SyncFinished
from ui.app import tokens as token_store
from ui.bridge import SyncBridge
from ui.identity import keep_logos
from ui.ops import Op
from ui.services import Services

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Platform:
    url: str  # where to connect now
    identity: str  # whose stores and keys: the URL, or the demo platform's fixed name
    demo: bool = False


class _TokenSink:
    """``on_tokens_changed`` before the store is open (we learn the user id only after /me)."""

    def __init__(self) -> None:
        self.store: AsyncStore | None = None
        self.latest: Tokens | None = None

    async def __call__(self, tokens: Tokens | None) -> None:
        self.latest = tokens
        if self.store is not None:
            await token_store.save(self.store, tokens)


async def services_after_sign_in(
    http: httpx.AsyncClient,
    paths: AppPaths,
    secrets: SecretStore,
    platform: Platform,
    tokens: Tokens,
    *,
    on_set_aside: Callable[[SetAside], None] | None = None,
) -> Services:
    sink = _TokenSink()
    session = TokenSession(http, platform.url, tokens, on_tokens_changed=sink)
    client = PlatformClient(platform.url, http, session)
    user = await client.me()
    store = await open_for_user(paths, secrets, platform.identity, user.id, on_set_aside=on_set_aside)
    assert store is not None
    try:
        sink.store = store
        current = session.tokens or sink.latest
        if current is not None:
            await token_store.save(store, current)
        await store.set_user(user)
        try:
            municipalities = await client.municipalities()
            await store.upsert_municipalities(municipalities)
        except PlatformError as exc:
            log.warning("municipality profiles not fetched now (%s); using the cached ones", exc)
            municipalities = await store.list_municipalities()
        return build_services(http, paths, platform, session, client, store, user, municipalities)
    except BaseException:
        await store.close()
        raise


async def services_from_store(
    http: httpx.AsyncClient, paths: AppPaths, secrets: SecretStore, platform: Platform, user_id: str
) -> Services | None:
    """A remembered user's services from the store alone (offline); None if they must sign in again."""
    if not paths.store_dir(platform.identity, user_id).exists():
        return None
    store = await open_for_user(paths, secrets, platform.identity, user_id, create=False)
    if store is None:
        return None
    try:
        tokens = await token_store.restore(store)
        user = await store.get_user()
        if tokens is None or user is None:
            await store.close()
            return None

        async def persist(new: Tokens | None) -> None:
            await token_store.save(store, new)

        session = TokenSession(http, platform.url, tokens, on_tokens_changed=persist)
        client = PlatformClient(platform.url, http, session)
        municipalities = await store.list_municipalities()
        return build_services(http, paths, platform, session, client, store, user, municipalities)
    except BaseException:
        await store.close()
        raise


def build_services(
    http: httpx.AsyncClient,
    paths: AppPaths,
    platform: Platform,
    session: TokenSession,
    client: PlatformClient,
    store: AsyncStore,
    user: User,
    municipalities: list[Municipality],
) -> Services:
    engine = SyncEngine(store, client, user_id=user.id)
    bridge = SyncBridge()
    bridge.attach(engine.subscribe)
    services = Services(
        platform_url=platform.url,
        paths=paths,
        http=http,
        session=session,
        client=client,
        store=store,
        sync=engine,
        bridge=bridge,
        user=user,
        municipalities={m.id: m for m in municipalities},
        demo=platform.demo,
    )
    bridge.finished.connect(lambda finished: _keep_assets(services, finished))
    return services


def _keep_assets(services: Services, finished: SyncFinished) -> None:
    """After a sync that reached the platform: what screens need offline (the municipalities' logos)
    into the local store. One round at a time; ended by :func:`stop_background` before the store closes."""
    if finished.error is not None or services.background:
        return
    op = Op(services.bridge, keep_logos(services), name="keep the offline assets")
    task = op.failure(lambda exc: log.warning("keeping the offline assets failed: %s", exc)).run()
    services.background.add(task)
    task.add_done_callback(services.background.discard)


async def stop_background(services: Services) -> None:
    """End the services' background work (it uses the store, which is about to close)."""
    tasks = list(services.background)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def close_services(services: Services, *, stop_timeout: float = 15.0) -> None:
    """Stop syncing (an in-flight write finishes or is safely resent later), then close the store."""
    services.bridge.detach()
    await stop_background(services)
    try:
        await asyncio.wait_for(services.sync.stop(), stop_timeout)
    except TimeoutError:
        log.warning("the sync engine did not stop within %.0f s; closing the store anyway", stop_timeout)
    except Exception:  # a failing stop must not keep the store open
        log.exception("stopping the sync engine failed")
    await services.store.close()


def wipe_store(paths: AppPaths, secrets: SecretStore, identity: str, user_id: str) -> None:
    """Remove a (closed) user's whole local store and its data key (sign out and wipe)."""
    import shutil

    directory = paths.store_dir(identity, user_id)
    if directory.exists():
        OfflineStore.wipe(directory, keep_outbox=False)
        shutil.rmtree(directory, ignore_errors=True)
    secrets.delete(SERVICE, data_key_account(identity, user_id))
