"""What a write kind works with: the draft it prepares before the store transaction, and what the engine
lends it to prepare and to send a write."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel

from caseworker.store import AsyncStore

if TYPE_CHECKING:
    from caseworker.api.client import PlatformClient


@dataclass(frozen=True)
class Draft:
    """A write about to be queued: what ``prepare`` found out before the store transaction."""

    payload: Any
    case_id: str | None
    ordering_key: str | None = None
    cached: BaseModel | None = None  # the target as it was cached (the base if it is gone meanwhile)


class WriteEnv(Protocol):
    """What a kind may use before it is queued (never waits long on the network)."""

    @property
    def store(self) -> AsyncStore: ...

    async def ensure_case_etag(self, case_id: str) -> None: ...


@dataclass(frozen=True)
class SendEnv:
    """What a kind uses to send itself."""

    client: PlatformClient
    store: AsyncStore
