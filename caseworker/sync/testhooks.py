"""A test-only hook: kill the process at a chosen step of a push (the kill-9 matrix of QUALITY.md).

Set ``CASEWORKER_TEST_CRASH_AT`` to one of the points below and the sync engine SIGKILLs its own process
when the pusher reaches that point (``CASEWORKER_TEST_CRASH_SKIP=n`` lets the first ``n`` passes go by,
so a harness can crash at the 2nd, 3rd, ... write)::

    before_send     the item is marked in flight (durably), the request has not left
    after_send      the request went out and the platform answered (response headers arrived), but
                    the client has not read the answer: the platform has the write, we do not know it
    after_response  the 2xx answer is read and parsed, the acknowledgement is not stored yet

Unset (always, outside tests) it costs one attribute check per push. Nothing else reads these variables.
"""

from __future__ import annotations

import logging
import os
import signal
from typing import Final

log = logging.getLogger(__name__)

CRASH_ENV: Final = "CASEWORKER_TEST_CRASH_AT"
SKIP_ENV: Final = "CASEWORKER_TEST_CRASH_SKIP"
POINTS: Final = frozenset({"before_send", "after_send", "after_response"})


class CrashHook:
    def __init__(self, point: str | None = None, skip: int = 0) -> None:
        if point is not None and point not in POINTS:
            raise ValueError(f"{CRASH_ENV} must be one of {sorted(POINTS)}, not {point!r}")
        self.point = point
        self.skip = skip

    @classmethod
    def from_environment(cls) -> CrashHook:
        point = os.environ.get(CRASH_ENV) or None
        skip = int(os.environ.get(SKIP_ENV) or 0)
        if point is not None:
            log.warning("test hook armed: this process kills itself at push step %s (after %d)", point, skip)
        return cls(point, skip)

    @property
    def armed(self) -> bool:
        return self.point is not None

    def reached(self, point: str) -> None:
        if point != self.point:
            return
        if self.skip > 0:
            self.skip -= 1
            return
        kill = getattr(signal, "SIGKILL", None)
        if kill is None:  # Windows: no SIGKILL; an immediate exit skips every cleanup just the same
            os._exit(137)
        os.kill(os.getpid(), kill)
