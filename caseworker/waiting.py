"""Polling a condition until it holds, with a deadline that fails loudly.

For the places that must wait on something they cannot subscribe to -- the packaged app's self-test, the
tests (``tests.helpers.waiting`` wraps these with the tests' patience) -- never for the app's own logic,
which waits on events. The caller says what a timeout raises (``timed_out(what, timeout)``), so a
self-test failure and a test failure each read as theirs.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

TimedOut = Callable[[str, float], Exception]  # (what was waited for, the timeout) -> the error to raise


class _Deadline:
    def __init__(self, timeout: float, what: str, clock: Callable[[], float], timed_out: TimedOut) -> None:
        self.timeout, self.what, self.clock, self.timed_out = timeout, what, clock, timed_out
        self.at = clock() + timeout

    def check(self) -> None:
        if self.clock() > self.at:
            raise self.timed_out(self.what, self.timeout)


async def poll_until(
    condition: Callable[[], T], *, timeout: float, what: str, step: float, timed_out: TimedOut
) -> T:
    """Let the running loop work until ``condition()`` is truthy; return that value."""
    deadline = _Deadline(timeout, what, asyncio.get_running_loop().time, timed_out)
    while not (value := condition()):
        deadline.check()
        await asyncio.sleep(step)
    return value


def poll_until_blocking(
    condition: Callable[[], T], *, timeout: float, what: str, step: float, timed_out: TimedOut
) -> T:
    """:func:`poll_until` for code without an event loop (a thread polling a server or a database)."""
    deadline = _Deadline(timeout, what, time.monotonic, timed_out)
    while not (value := condition()):
        deadline.check()
        time.sleep(step)
    return value
