"""A damaged local cache found after a fast (unchecked) start: the user is told, "Laga nu" reopens the
store (the cache is quarantined and synced again), and what waits in the outbox is kept."""

from __future__ import annotations

import os
from pathlib import Path

from caseworker.store import NewWrite, OutboxState
from caseworker.store.store import CACHE_FILE, CHECK_AT_OPEN_FILE, QUARANTINE_DIR
from tests.ui.apphelpers import SameComputer
from ui.dialogs import visible_message_boxes
from ui.qt import QtWidgets


def _damage_interior(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.seek(size // 2 - size // 2 % 4096)
        f.write(os.urandom(4096 * 3))


def _repair_box() -> QtWidgets.QMessageBox | None:
    boxes = [b for b in visible_message_boxes() if b.objectName() == "repairStoreDialog"]
    return boxes[0] if boxes else None


def test_a_damaged_cache_is_reported_and_repaired_keeping_the_outbox(qtbot, computer: SameComputer) -> None:
    with computer.signed_in(qtbot) as (app, window):
        app.wait_synced()
        assert _repair_box() is None, "a healthy store starts without a word"
        services = app.controller.services
        assert services is not None
        case_id = window.queue_view.model.id_at(0)
        computer.platform.stop()  # offline from here: the note stays in the outbox
        note = app.run(
            services.store.enqueue(
                NewWrite(
                    kind="add_note",
                    method="POST",
                    path=f"/api/v1/cases/{case_id}/notes",
                    payload={"text": "Platsbesök bokat"},
                    case_id=case_id,
                )
            )
        )
        directory = services.store.directory
    _damage_interior(directory / CACHE_FILE)

    with computer.app() as app:
        first = app.main_window()  # the window opens at once; the check runs beside it
        box = app.wait(_repair_box, what="the repair question")
        assert "skadad" in box.windowTitle()
        assert (directory / CHECK_AT_OPEN_FILE).exists(), "a later start repairs even if the user waits"
        laga = next(b for b in box.buttons() if b.text().replace("&", "") == "Laga nu")
        laga.click()

        window = app.wait(
            lambda: app.controller.main_window not in (None, first) and app.controller.main_window,
            what="the reopened main window",
        )
        services = app.controller.services
        assert services is not None and services.store.open_result.recovered_from_corruption
        assert "har lagats" in window.statusBar().currentMessage()
        assert (directory / QUARANTINE_DIR / CACHE_FILE).exists() or any(
            p.name == CACHE_FILE for p in (directory / QUARANTINE_DIR).rglob("*")
        )
        assert not (directory / CHECK_AT_OPEN_FILE).exists()
        kept = app.run(services.store.get_outbox_item(note.id))
        assert kept.state is OutboxState.PENDING and kept.payload == {"text": "Platsbesök bokat"}
        assert _repair_box() is None, "the repaired store is not questioned again"


def test_quitting_during_a_repair_opens_no_new_session_and_the_next_start_repairs(
    qtbot, computer: SameComputer
) -> None:
    with computer.signed_in(qtbot) as (app, _window):
        app.wait_synced()
        services = app.controller.services
        assert services is not None
        directory = services.store.directory
    computer.platform.stop()
    _damage_interior(directory / CACHE_FILE)

    with computer.app() as app:
        box = app.wait(_repair_box, what="the repair question")
        next(b for b in box.buttons() if b.text().replace("&", "") == "Laga nu").click()
        app.wait(lambda: app.controller.services is None, what="the repair to close the session")
        app.shutdown()  # the user quits while the repair is between two sessions
        assert app.controller.finished
        assert app.controller.main_window is None and app.controller.services is None
        assert (directory / CHECK_AT_OPEN_FILE).exists(), "the next start repairs"

    with computer.app() as app:
        app.main_window()
        services = app.controller.services
        assert services is not None and services.store.open_result.recovered_from_corruption
