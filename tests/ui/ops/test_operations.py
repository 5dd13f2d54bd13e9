"""The UI's one way to run background work (ui.ops.Op): results and failures come back to the widget, the
work ends with its widget, tests can wait until the UI is idle, a bug is logged (and fails the test)."""

from __future__ import annotations

import asyncio
import logging
import sys
from types import TracebackType

import pytest

from caseworker.api.errors import Offline
from caseworker.store import StoreCorrupted
from tests.helpers.qt import LoopRunner
from tests.helpers.waiting import finished, until
from ui import ops
from ui.dialogs import visible_message_boxes
from ui.errors import user_message
from ui.qt import QtWidgets


async def value(v: int) -> int:
    await asyncio.sleep(0)
    return v


async def fail(exc: BaseException) -> None:
    await asyncio.sleep(0)
    raise exc


async def forever() -> None:
    await asyncio.Event().wait()


def test_success_and_a_known_failure_reach_their_handlers(qloop: LoopRunner) -> None:
    got: list[object] = []
    ops.Op(None, value(7)).success(got.append).run()
    ops.Op(None, fail(Offline("GET /cases: ConnectError"))).failure(got.append).run()
    qloop.run(until(lambda: len(got) == 2, what="both operations"))
    assert got[0] == 7
    assert isinstance(got[1], Offline)
    assert user_message(got[1]) == Offline.user_message  # the Swedish source language here


def test_a_known_failure_without_a_handler_is_shown_without_a_nested_event_loop(
    qapp: QtWidgets.QApplication, qloop: LoopRunner
) -> None:
    widget = QtWidgets.QWidget()
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # the box closed here is the last window: Qt would end the loop
    try:
        task = ops.run_op(widget, fail(StoreCorrupted("database disk image is malformed")))
        qloop.run(until(task.done, what="the operation"))
        boxes = [b for b in visible_message_boxes() if b.objectName() == "operationErrorDialog"]
        assert len(boxes) == 1, "opened (window-modal, open()) and left for the user to close"
        assert "skadad" in boxes[0].text() and "utkorgen finns kvar" in boxes[0].text()
        boxes[0].close()
    finally:
        widget.deleteLater()
        qapp.setQuitOnLastWindowClosed(quits)


def test_the_operation_ends_when_its_widget_goes(qloop: LoopRunner) -> None:
    widget = QtWidgets.QWidget()
    reached: list[object] = []
    task = ops.Op(widget, forever()).success(reached.append).failure(reached.append).run()
    assert task in {op.task for op in ops.running()}
    widget.deleteLater()
    qloop.run(until(task.done, what="the cancellation"))
    assert task.cancelled() and reached == []
    assert not ops.running()


def test_idle_waits_for_every_operation_including_those_started_meanwhile(qloop: LoopRunner) -> None:
    done: list[str] = []

    async def first() -> None:
        await asyncio.sleep(0.01)
        ops.Op(None, second()).run()  # started by a running operation
        done.append("first")

    async def second() -> None:
        await asyncio.sleep(0.01)
        done.append("second")

    ops.Op(None, first()).run()
    assert not ops.is_idle()
    qloop.run(finished(ops.idle(), what="the UI to be idle"))
    assert done == ["first", "second"] and ops.is_idle()


def test_cancel_running_spares_the_caller_and_what_it_keeps(qloop: LoopRunner) -> None:
    kept = ops.Op(None, forever(), name="kept").run()
    other = ops.Op(None, forever(), name="other").run()

    async def wind_down() -> None:
        await ops.cancel_running(keep={kept})

    closing = ops.Op(None, wind_down(), name="closing").run()
    qloop.run(until(closing.done, what="the wind-down"))
    assert other.cancelled() and not kept.done() and not closing.cancelled()
    kept.cancel()
    qloop.run(until(kept.done, what="the kept operation to end"))


@pytest.mark.unexpected_op_error
def test_a_bug_is_logged_and_goes_to_the_excepthook_not_to_the_failure_handler(
    qloop: LoopRunner, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    hooked: list[BaseException] = []

    def hook(t: type[BaseException], e: BaseException, tb: TracebackType | None) -> None:
        hooked.append(e)

    monkeypatch.setattr(sys, "excepthook", hook)
    handled: list[BaseException] = []
    with caplog.at_level(logging.ERROR, logger=ops.__name__):
        task = ops.Op(None, fail(KeyError("row")), name="a buggy reload").failure(handled.append).run()
        qloop.run(until(task.done, what="the operation"))
    assert handled == [] and len(hooked) == 1 and isinstance(hooked[0], KeyError)
    record = next(r for r in caplog.records if r.name == ops.__name__)
    assert record.levelno == logging.ERROR and ops.UNEXPECTED in record.getMessage()
    assert "a buggy reload" in record.getMessage() and record.exc_info is not None


def test_winding_down_waits_for_a_change_on_its_way_and_cancels_the_rest(qloop: LoopRunner) -> None:
    arrived: list[str] = []
    gate = asyncio.Event()

    async def write() -> str:
        await gate.wait()  # the outbox write is still running when the user signs out
        arrived.append("change")
        return "stored"

    change = ops.Op(None, write(), name="a markup write").must_finish().run()
    reload = ops.Op(None, forever(), name="a reload").run()

    async def wind_down() -> None:
        asyncio.get_running_loop().call_soon(gate.set)
        await ops.cancel_running()

    closing = ops.Op(None, wind_down(), name="closing").run()
    qloop.run(until(closing.done, what="the wind-down"))
    assert arrived == ["change"] and change.result() == "stored"
    assert reload.cancelled()
