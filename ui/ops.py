"""Run a core coroutine from a widget and route its result or its typed failure back to the UI.

    run_op(self, services.client.case(case_id), on_success=self.show_case, on_failure=self.show_error)

A failure that is a known core error (it has a ``user_message``) goes to ``on_failure`` — or, without
one, to a message box with that Swedish text. Anything else is a bug: it is logged with its traceback
and shown as a friendly error (never a traceback) by the app's excepthook.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import shiboken6

from ui.core_texts import in_ui_language
from ui.qt import QtCore, QtWidgets

T = TypeVar("T")
log = logging.getLogger(__name__)
_running: set[asyncio.Task[Any]] = set()  # keep tasks alive until they finish


def user_message(exc: BaseException) -> str | None:
    """The text an error carries for the user (Swedish source), in the UI language when translated."""
    message = getattr(exc, "user_message", None)
    if not isinstance(message, str) or not message:
        return None
    return in_ui_language(message) or message


def run_op(
    parent: QtWidgets.QWidget | None,
    coro: Coroutine[Any, Any, T],
    *,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
) -> asyncio.Task[T]:
    task: asyncio.Task[T] = asyncio.ensure_future(coro)
    _running.add(task)
    # A screen closed while its operation runs: the operation ends with it, so nothing reaches for a
    # deleted widget afterwards (what it already saved, e.g. an outbox entry, stays saved).
    gone = parent.destroyed.connect(lambda *_: task.cancel()) if parent is not None else None

    def done(t: asyncio.Task[T]) -> None:
        _running.discard(t)
        if gone is not None and parent is not None and shiboken6.isValid(parent):
            QtCore.QObject.disconnect(gone)
        if t.cancelled():
            return
        exc = t.exception()
        if exc is None:
            if on_success is not None:
                on_success(t.result())
            return
        if on_failure is not None and user_message(exc) is not None:
            on_failure(exc)
        elif user_message(exc) is not None:
            QtWidgets.QMessageBox.warning(parent, "Caseworker", user_message(exc) or "")
        else:
            log.error("unexpected error in a UI operation", exc_info=exc)
            sys.excepthook(type(exc), exc, exc.__traceback__)

    task.add_done_callback(done)
    return task
