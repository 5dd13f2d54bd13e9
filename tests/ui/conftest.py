"""UI fixtures: pytest-qt's one QApplication, plus a qasync loop on it (pytest-qt has no qasync support)."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Iterator
from typing import TypeVar

import pytest
import qasync

from tests.helpers.waiting import PATIENCE
from ui import ops
from ui.qt import QtCore, QtWidgets

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


_loop: qasync.QEventLoop | None = None


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As in the app (ui.qt.MainThreadGarbageCollector): no automatic collection, which could start on a
    worker thread and delete Qt objects there; each test's garbage is collected after it, on this thread."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture
def qloop(qapp: QtWidgets.QApplication) -> Iterator[LoopRunner]:
    """The qasync loop, one for the whole session (like the one QApplication).

    A loop per test left closed loops behind whose Qt timer objects the garbage collector later deleted
    on a worker thread ("QObject::~QObject: Timers cannot be stopped from another thread"), and the
    next test crashed in a timer event. Each test still starts with no tasks of an earlier test.
    """
    global _loop
    if _loop is None or _loop.is_closed():
        _loop = qasync.QEventLoop(qapp, already_running=False)
    loop = _loop
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)  # see LoopRunner.run
    runner = LoopRunner(loop)
    try:
        yield runner
    finally:
        # pytest-qt has closed the test's widgets with deleteLater, which Qt carries out only in a running
        # event loop: delete them now, while this loop is asyncio's, so their operations are cancelled
        # here. Left alive, a later test's language switch made them start work with no loop at all.
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            runner.run(asyncio.gather(*pending, return_exceptions=True))
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)
        # Collect the test's garbage here, on the GUI thread: Qt objects that only Python held must not
        # be deleted by a collection that happens to run on a worker thread later.
        gc.collect()


class _Recorded(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _unexpected_op_errors_fail_the_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """A bug in a UI operation (``ui.ops`` logs "unexpected error in a UI operation") fails the test that
    caused it, also when it happens while the test's widgets wind down (this fixture is torn down after
    them), as qutebrowser's logfail does. A test that provokes one on purpose says so with
    ``@pytest.mark.unexpected_op_error``."""
    recorded = _Recorded()
    logger = logging.getLogger(ops.__name__)
    logger.addHandler(recorded)
    try:
        yield
    finally:
        logger.removeHandler(recorded)
    if recorded.records and request.node.get_closest_marker("unexpected_op_error") is None:
        lines = "\n".join(f"  {r.getMessage()}: {r.exc_info[1]!r}" if r.exc_info else f"  {r.getMessage()}"
                          for r in recorded.records)  # fmt: skip
        pytest.fail(f"a UI operation failed unexpectedly (a bug):\n{lines}", pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Close the shared loop (and its thread pool) once, at the end."""
    if _loop is not None and not _loop.is_closed():
        _loop.close()
