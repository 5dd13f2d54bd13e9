"""Sign-in throttling: failed passwords per account and per client address (OWASP Authentication Cheat
Sheet: lock out by time, never for good).

``failures_per_account`` failures within ``window`` lock the account for ``lockout`` seconds; every
further lock doubles that, up to ``lockout_max``. The same for a client address with its own (higher)
limit, so one machine cannot try a password against every account either. While locked, even the right
password is refused (429 with Retry-After) — otherwise guessing would simply go on. A successful sign-in
clears the account's count, never the address's (an attacker who knows one password must not reset the
throttle of the address guessing others). State is kept in memory: one sandbox process.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from caseworker.sandbox.config import SandboxSettings

_PRUNE_AT = 10_000  # entries; forgotten when they have no recent failure and no running lock


@dataclass
class _Count:
    failures: deque[float] = field(default_factory=deque)
    locks: int = 0
    locked_until: float = 0.0


class SignInThrottle:
    def __init__(self, settings: SandboxSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = float(settings.signin_window_seconds)
        self.lockout = float(settings.signin_lockout_seconds)
        self.lockout_max = float(settings.signin_lockout_max_seconds)
        self.limits = {
            "account": settings.signin_failures_per_account,
            "address": settings.signin_failures_per_address,
        }
        self.clock = clock
        self._counts: dict[tuple[str, str], _Count] = {}
        self._lock = threading.Lock()  # sign-in runs in the server's worker threads

    def retry_after(self, account: str, address: str) -> int:
        """Whole seconds until this account may try from this address again; 0 if it may now."""
        now = self.clock()
        with self._lock:
            waits = [c.locked_until - now for c in (self._get(k) for k in self._keys(account, address)) if c]
        return max([0, *(math.ceil(w) for w in waits if w > 0)])

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            if len(self._counts) >= _PRUNE_AT:
                self._prune(now)
            for key in self._keys(account, address):
                count = self._counts.setdefault(key, _Count())
                count.failures.append(now)
                while count.failures and count.failures[0] <= now - self.window:
                    count.failures.popleft()
                if len(count.failures) >= self.limits[key[0]]:
                    count.locks += 1
                    count.locked_until = now + min(self.lockout * 2 ** (count.locks - 1), self.lockout_max)
                    count.failures.clear()

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._counts.pop(("account", account.casefold()), None)

    @staticmethod
    def _keys(account: str, address: str) -> list[tuple[str, str]]:
        return [("account", account.casefold()), ("address", address)]

    def _get(self, key: tuple[str, str]) -> _Count | None:
        return self._counts.get(key)

    def _prune(self, now: float) -> None:
        for key, count in list(self._counts.items()):
            recent = count.failures and count.failures[-1] > now - self.window
            if not recent and count.locked_until <= now:
                del self._counts[key]
