"""UI fixtures: pytest-qt's one QApplication, plus a qasync loop on it (pytest-qt has no qasync support),
and an offline-capable world for the outbox and conflict tests."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import qasync

from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.apphelpers import SameComputer
from tests.ui.outbox.world import Offline
from tests.ui.services_factory import running_services
from ui import ops
from ui.qt import QtCore, QtWidgets

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


@pytest.fixture
def world(qloop: LoopRunner, make_sandbox: Callable[..., Sandbox], tmp_path: Path) -> Iterator[Offline]:
    sandbox = make_sandbox()
    with FaultyProxy(sandbox.url) as proxy, running_services(qloop, proxy.url, "anna", tmp_path / "a") as s:
        yield Offline(sandbox, proxy, s)


@pytest.fixture
def computer(
    qapp: QtWidgets.QApplication, qloop: LoopRunner, tmp_path: Path, make_sandbox: Callable[..., Sandbox]
) -> SameComputer:
    """One caseworker's computer across app restarts, against a platform of the test's own
    (``computer.platform``: stop it and the next start is offline)."""
    platform = make_sandbox()
    computer = SameComputer(qapp, qloop, tmp_path, platform.url)
    computer.platform = platform
    return computer


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Close the shared loop (and its thread pool) once, at the end."""
    if _loop is not None and not _loop.is_closed():
        _loop.close()
