"""Every piece of background work the UI starts is an :class:`Op`: a core coroutine whose result, or typed
failure, comes back to a widget on the main thread.

    Op(self, services.client.case(case_id)).success(self.show_case).failure(self.show_error).run()
    run_op(self, coro, on_success=..., on_failure=...)        # the same, in one call

* **Success** goes to ``.success``.
* **A known error** (one :mod:`ui.errors` has a text for) goes to ``.failure`` — or, without one, to a
  message box with that text, opened the way :mod:`ui.dialogs` prescribes (never a nested event loop).
* **Anything else is a bug**: logged with its traceback ("unexpected error in a UI operation"; the tests
  fail on it, see tests/ui/conftest.py) and shown as the friendly error dialog by the app's excepthook.
* **The parent goes, the operation goes**: when its widget (or QObject) is destroyed the operation is
  cancelled, so nothing reaches for a deleted widget afterwards (what it already saved stays saved).
* **A write the user made finishes**: an operation marked :meth:`Op.must_finish` (a change on its way
  into the outbox) is awaited by :func:`cancel_running`, not cancelled, so signing out or quitting the
  instant after a change keeps it.

Every running operation is in one registry: :func:`running` lists them, :func:`cancel_running` ends them
(the app does before it closes a store), and ``await idle()`` returns once there are none (tests).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

import shiboken6

from ui.dialogs import MessageBox
from ui.errors import user_message
from ui.qt import QtCore, QtWidgets

T = TypeVar("T")
log = logging.getLogger(__name__)

UNEXPECTED = "unexpected error in a UI operation"
"""The log message of a bug in an operation (the tests' log watcher looks for this logger and level)."""

Work = Coroutine[Any, Any, T] | Callable[[], Coroutine[Any, Any, T]]

_running: dict[asyncio.Task[Any], Op[Any]] = {}  # also keeps the tasks alive until they finish

__all__ = [
    "Op",
    "cancel_running",
    "idle",
    "is_idle",
    "report_unexpected",
    "run_op",
    "running",
    "show_error",
    "user_message",
]


class Op(Generic[T]):
    """One operation of the UI. Build it, say where its result goes, then :meth:`run` it (once)."""

    def __init__(self, parent: QtCore.QObject | None, work: Work[T], *, name: str = "") -> None:
        self.parent = parent
        self._work = work
        self.name = name or _name_of(work)
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self.task: asyncio.Task[T] | None = None
        self._gone: QtCore.QMetaObject.Connection | None = None
        self.finishes = False  # must_finish(): awaited, not cancelled, before a store closes

    def must_finish(self) -> Op[T]:
        """The work is a user's change on its way to the store: winding down waits for it."""
        self.finishes = True
        return self

    def success(self, handler: Callable[[T], None]) -> Op[T]:
        """Call ``handler(result)`` when the work has finished."""
        self._on_success = handler
        return self

    def failure(self, handler: Callable[[BaseException], None]) -> Op[T]:
        """Call ``handler(error)`` for a known error (one :func:`ui.errors.user_message` explains)."""
        self._on_failure = handler
        return self

    def run(self) -> asyncio.Task[T]:
        """Start the work on the event loop; the task is returned (await it, or cancel it)."""
        if self.task is not None:
            raise RuntimeError(f"the operation {self.name} was already started")
        coro = self._work() if callable(self._work) else self._work
        task: asyncio.Task[T] = _loop().create_task(coro, name=f"ui-op: {self.name}")
        self.task = task
        _running[task] = self
        if self.parent is not None:
            self._gone = self.parent.destroyed.connect(lambda *_: task.cancel())
        task.add_done_callback(self._done)
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _done(self, task: asyncio.Task[T]) -> None:
        _running.pop(task, None)
        parent = self.parent
        if self._gone is not None and parent is not None and shiboken6.isValid(parent):
            QtCore.QObject.disconnect(self._gone)
        self._gone = None
        if task.cancelled():
            return
        exc = task.exception()
        if exc is None:
            if self._on_success is not None:
                self._on_success(task.result())
            return
        text = user_message(exc)
        if text is None:
            report_unexpected(exc, self.name)
        elif self._on_failure is not None:
            self._on_failure(exc)
        else:
            log.info("operation %s failed: %s", self.name, type(exc).__name__)
            show_error(parent, text)


def run_op(
    parent: QtCore.QObject | None,
    coro: Work[T],
    *,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    must_finish: bool = False,
) -> asyncio.Task[T]:
    """``Op(parent, coro).success(on_success).failure(on_failure).run()`` in one call."""
    op = Op(parent, coro)
    if must_finish:
        op.must_finish()
    if on_success is not None:
        op.success(on_success)
    if on_failure is not None:
        op.failure(on_failure)
    return op.run()


def report_unexpected(exc: BaseException, name: str) -> None:
    """A bug in an operation: logged with its traceback, shown as the excepthook's friendly dialog. For
    code that catches an error to tidy up its screen and must still report it (the sign-in window)."""
    log.error("%s (%s)", UNEXPECTED, name, exc_info=exc)
    sys.excepthook(type(exc), exc, exc.__traceback__)


def show_error(parent: QtCore.QObject | None, text: str) -> MessageBox:
    """A known error nobody handled: a window-modal message box with its text (opened, not exec'd)."""
    window = parent.window() if isinstance(parent, QtWidgets.QWidget) and shiboken6.isValid(parent) else None
    box = MessageBox(window, QtWidgets.QMessageBox.Icon.Warning, "Caseworker", text)
    box.setObjectName("operationErrorDialog")
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


# --- the registry ----------------------------------------------------------------------------------------


def running() -> list[Op[Any]]:
    """The operations running now."""
    return list(_running.values())


def is_idle() -> bool:
    """No operation is running (the current task, if it is one, does not count)."""
    return not _others()


async def idle() -> None:
    """Return once no operation is running — including those started by the ones awaited meanwhile."""
    while others := _others():
        await asyncio.wait(others)


async def cancel_running(*, keep: set[asyncio.Task[Any] | None] | None = None, timeout: float = 10.0) -> None:
    """Cancel every running operation except the current task and ``keep``, and let them end (the app
    does this before it closes a store: no screen's reload may reach for a closed store). Operations
    that must finish (a user's change on its way to the store) are awaited first, up to ``timeout``;
    only one still running then is cancelled (logged: the outbox has what reached it)."""
    kept = set(keep or ())
    finishing = [t for t in _others() if t not in kept and _running[t].finishes]
    if finishing:
        _, late = await asyncio.wait(finishing, timeout=timeout)
        if late:
            log.warning("%d change(s) still on their way to the store were cancelled", len(late))
    pending = [t for t in _others() if t not in kept]
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=timeout)


def _others() -> set[asyncio.Task[Any]]:
    try:
        current = asyncio.current_task()
    except RuntimeError:  # no running loop
        current = None
    return {t for t in _running if t is not current and not t.done()}


def _loop() -> asyncio.AbstractEventLoop:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:  # built before the loop runs (a model made at start-up): the loop it will run on
        return asyncio.get_event_loop_policy().get_event_loop()


def _name_of(work: Work[Any]) -> str:
    return str(getattr(work, "__qualname__", "") or work)
