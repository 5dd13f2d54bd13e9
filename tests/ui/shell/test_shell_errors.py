"""The excepthook: an unexpected error is logged (scrubbed) and explained in Swedish — never a traceback."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.qt import LoopRunner
from tests.helpers.waiting import until
from ui.app.excepthook import ErrorReporter
from ui.dialogs import visible_message_boxes
from ui.logs import close_logging, setup_logging
from ui.ops import run_op
from ui.qt import Qt, QtWidgets

SECRET_TOKEN = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0.dG9rZW4"
PERSONNUMMER = "19811218-9876"


@pytest.fixture
def reporter(qapp: QtWidgets.QApplication, tmp_path: Path) -> Iterator[ErrorReporter]:
    log_file = setup_logging(tmp_path / "logs")
    reporter = ErrorReporter(log_file).install()
    try:
        yield reporter
    finally:
        reporter.uninstall()
        if reporter.dialog is not None:
            reporter.dialog.close()
        close_logging()


def all_text(box: QtWidgets.QMessageBox) -> str:
    return "\n".join((box.windowTitle(), box.text(), box.informativeText(), box.detailedText()))


def broken_operation() -> None:
    raise ValueError(f"bad row for {PERSONNUMMER} sent with Authorization: Bearer {SECRET_TOKEN}")


async def failing() -> None:
    await asyncio.sleep(0)
    broken_operation()


@pytest.mark.unexpected_op_error
def test_an_unexpected_error_shows_a_friendly_dialog_without_traceback(
    qloop: LoopRunner, reporter: ErrorReporter
) -> None:
    run_op(None, failing())  # a UI operation whose failure is a bug, not a known core error
    box = qloop.run(until(visible_message_boxes, what="the error dialog"))[0]

    text = all_text(box)
    assert box.windowTitle() == "Något gick fel"
    assert "Dina ändringar finns kvar i utkorgen".lower() in text.lower()
    assert "starta om" in text  # what to do
    assert str(reporter.log_file) in box.informativeText()
    assert box.detailedText() == ""  # no "Show details…" with a traceback
    for technical in ("Traceback", 'File "', "ValueError", PERSONNUMMER, SECRET_TOKEN):
        assert technical not in text

    logged = reporter.log_file.read_text(encoding="utf-8") if reporter.log_file else ""
    assert "ValueError" in logged and "broken_operation" in logged  # the traceback is in the log ...
    assert PERSONNUMMER not in logged and SECRET_TOKEN not in logged  # ... scrubbed
    assert "[personnummer]" in logged and "Bearer [token]" in logged


def test_one_dialog_at_a_time(qloop: LoopRunner, reporter: ErrorReporter) -> None:
    for _ in range(3):
        try:
            broken_operation()
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    qloop.run(until(visible_message_boxes, what="the error dialog"))
    assert len(visible_message_boxes()) == 1
    assert reporter.suppressed == 2


def test_errors_in_other_threads_are_reported_on_the_ui_thread(
    qloop: LoopRunner, reporter: ErrorReporter
) -> None:
    reported: list[BaseException] = []
    reporter.reported.connect(reported.append)
    thread = threading.Thread(target=broken_operation, name="worker")
    thread.start()
    thread.join()
    box = qloop.run(until(visible_message_boxes, what="the error dialog"))[0]
    assert isinstance(reported[0], ValueError)
    assert "Traceback" not in all_text(box)


def test_the_dialog_closes_with_escape(qtbot, qloop: LoopRunner, reporter: ErrorReporter) -> None:
    try:
        broken_operation()
    except ValueError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    box = qloop.run(until(visible_message_boxes, what="the error dialog"))[0]
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.isVisible()


def test_uninstall_restores_the_previous_hook(qapp: QtWidgets.QApplication) -> None:
    before = sys.excepthook
    reporter = ErrorReporter().install()
    assert sys.excepthook == reporter.hook
    reporter.uninstall()
    assert sys.excepthook is before
