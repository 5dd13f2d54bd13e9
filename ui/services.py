"""What every screen is given: the signed-in user's core services (one of each for the app's life)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx

from caseworker.api.client import PlatformClient
from caseworker.auth.session import TokenSession
from caseworker.domain.models import Municipality, User
from caseworker.paths import AppPaths
from caseworker.store import AsyncStore
from caseworker.sync.engine import SyncEngine
from ui.bridge import SyncBridge


@dataclass
class Services:
    platform_url: str
    paths: AppPaths
    http: httpx.AsyncClient
    session: TokenSession
    client: PlatformClient
    store: AsyncStore
    sync: SyncEngine
    bridge: SyncBridge  # the sync engine's events as Qt signals
    user: User
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    demo: bool = False
    background: set[asyncio.Task[None]] = field(default_factory=set)  # ended before the store closes
