"""The one way tests wait: on a condition, with a generous timeout that fails loudly.

    await until(lambda: view.model.rowCount() > 0, what="the first rows")     # on a running loop
    qloop.run(until(task.done, what="the download"))                           # UI tests (qasync)
    wait_until(lambda: record_state(engine, key) == "done", what="the record") # plain threads

The machines that run the suite are shared and often busy, so a wait never assumes how long work takes:
it polls the condition until it holds and raises ``AssertionError`` naming what it waited for when the
timeout passes. The timeout only stops a test that would otherwise hang; it is no timing assertion.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from caseworker.waiting import poll_until, poll_until_blocking

T = TypeVar("T")

PATIENCE = 120.0  # seconds: long enough for a 2-core machine with both cores busy with other work
PATIENCE_MS = int(PATIENCE * 1000)  # for pytest-qt's waits (qtbot.waitUntil, waitExposed, waitSignal)
STEP = 0.02


class TimedOut(AssertionError):
    """A wait ran out of time: the condition it names never held."""


def _timed_out(what: str, timeout: float) -> TimedOut:
    return TimedOut(f"timed out after {timeout:g} s waiting for {what}")


async def until(
    condition: Callable[[], T], timeout: float = PATIENCE, what: str = "the condition", step: float = STEP
) -> T:
    """Let the running loop work (Qt events and asyncio alike) until ``condition()`` is truthy; return it."""
    return await poll_until(condition, timeout=timeout, what=what, step=step, timed_out=_timed_out)


async def finished(awaitable: Awaitable[T], timeout: float = PATIENCE, what: str = "the task") -> T:
    """The result of ``awaitable`` (a task the code under test started), failing loudly after ``timeout``."""
    try:
        return await asyncio.wait_for(awaitable, timeout)
    except TimeoutError:
        raise _timed_out(what, timeout) from None


def wait_until(
    condition: Callable[[], T], timeout: float = PATIENCE, what: str = "the condition", step: float = STEP
) -> T:
    """``until`` for code without an event loop (a plain thread polling a server or a database)."""
    return poll_until_blocking(condition, timeout=timeout, what=what, step=step, timed_out=_timed_out)
