"""UI fixtures: pytest-qt's one QApplication, plus a qasync loop on it (pytest-qt has no qasync support)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
import qasync

from ui.qt import QtWidgets

T = TypeVar("T")


class LoopRunner:
    """Runs coroutines on the qasync loop, so Qt events and asyncio work interleave as in the app."""

    def __init__(self, loop: qasync.QEventLoop) -> None:
        self.loop = loop

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return self.loop.run_until_complete(asyncio.wait_for(coro, timeout))


@pytest.fixture
def qloop(qapp: QtWidgets.QApplication) -> Iterator[LoopRunner]:
    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    try:
        yield LoopRunner(loop)
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()
        asyncio.set_event_loop(None)
