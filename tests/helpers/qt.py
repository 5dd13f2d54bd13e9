"""Running coroutines on the qasync loop from a UI test (the ``qloop`` fixture hands out a ``LoopRunner``)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import qasync

from tests.helpers.waiting import PATIENCE

T = TypeVar("T")


class LoopRunner:
    """Runs coroutines on the qasync loop, so Qt events and asyncio work interleave as in the app."""

    def __init__(self, loop: qasync.QEventLoop) -> None:
        self.loop = loop

    def run(self, coro: Awaitable[T], timeout: float = PATIENCE) -> T:
        # Not loop.run_until_complete: after stopping, qasync's version processes pending Qt events once
        # more with no running loop, and a background task that steps then (a widget's reload calling
        # asyncio.to_thread or sleep) dies with "no running event loop".
        future = asyncio.ensure_future(asyncio.wait_for(coro, timeout), loop=self.loop)
        future.add_done_callback(lambda _f: self.loop.stop())
        self.loop.run_forever()
        # Between runs Qt events are still processed (qtbot clicks, grabs, teardown), and qasync steps
        # asyncio tasks from them: keep the loop asyncio's running loop, as it is for the app's life.
        asyncio.events._set_running_loop(self.loop)
        if not future.done():
            raise RuntimeError("the event loop stopped before the coroutine finished")
        return future.result()
