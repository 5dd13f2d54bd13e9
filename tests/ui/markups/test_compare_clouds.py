"""'Molnmarkera ändringar' from the e-archive's compare of an archived sheet with the case's drawing: once
the changed regions are found, the action asks with the count, then sends one cloud markup per change
through the outbox (offline here) for the case's document; a second click makes none again; the open
drawing window showing that document's markups shows the new clouds. Two archived sheets (no case's
document) get no such action. Real widgets, a real render engine, the sandbox over a proxy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caseworker.domain.models import Document, DocumentKind
from caseworker.markups import Kind
from caseworker.store import OutboxState
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.screenshots import buttons_fit, save, shots_dir
from tests.ui.archive.conftest import anna, app_stays, engine, host, proxy, renamed_case_with_drawings
from tests.ui.drawings.conftest import WAIT_MS, open_sharp, wait_sharp
from tests.ui.services_factory import find_case
from ui.archive import ArchiveHost, ArchiveWindow
from ui.archive.host import CaseArchiveButton
from ui.case import CaseView
from ui.dialogs import visible_message_boxes
from ui.drawings import DrawingWindow
from ui.drawings.compare_window import CompareWindow
from ui.markups.clouds import ChangeClouds
from ui.markups.window import WindowMarkups
from ui.qt import Qt, QtGui, QtWidgets
from ui.services import Services

__all__ = ["anna", "app_stays", "engine", "host", "proxy"]  # fixtures, used by name


def archive_for_a_case(qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: ArchiveHost
                       ) -> tuple[ArchiveWindow, CaseView]:  # fmt: skip
    """The archive opened from a case with drawings (its "Arkiv"), the property's records found."""
    case = renamed_case_with_drawings(sandbox)
    view = CaseView(anna)
    qtbot.addWidget(view)
    button = CaseArchiveButton(view, host).button
    qloop.run(view.show_case(case["id"]))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = host.window
    assert window is not None and window._task is not None
    qloop.run(window._task)
    assert window.error is None and len(window.model.rows) >= 2, "the property's archived drawings"
    assert window.case_drawings
    return window, view


def compared(qtbot: Any, compare: CompareWindow) -> CompareWindow:
    """``compare`` once its regions are found."""
    qtbot.waitUntil(lambda: compare.comparison is not None or compare.error is not None, timeout=WAIT_MS)
    assert compare.error is None, compare.error
    return compare


def with_markups_shown(qtbot: Any, host: ArchiveHost, anna: Services, document: Document
                       ) -> tuple[DrawingWindow, WindowMarkups, set[str]]:  # fmt: skip
    """``document`` open in a drawing window with its markups shown (Markeringar); the ids shown then."""
    drawing = host.drawings.open_document(anna, document)
    drawing.resize(1300, 850)
    open_sharp(qtbot, drawing.viewer)
    markups = drawing.markups
    assert isinstance(markups, WindowMarkups)
    with qtbot.waitSignal(markups.loaded, timeout=WAIT_MS):
        drawing.markups_action.trigger()
    return drawing, markups, set(markups.layer.markups)


def answer(qtbot: Any, name: str, role: QtWidgets.QMessageBox.ButtonRole) -> str:
    """Press the ``role`` button of the message box ``name`` once it shows; its text."""
    qtbot.waitUntil(lambda: any(b.objectName() == name for b in visible_message_boxes()), timeout=WAIT_MS)
    (box,) = [b for b in visible_message_boxes() if b.objectName() == name]
    text = box.text()
    (button,) = [b for b in box.buttons() if box.buttonRole(b) == role]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    return text


def cloud_writes(qloop: LoopRunner, anna: Services, document_id: str) -> list[Any]:
    items = qloop.run(anna.store.list_outbox([OutboxState.PENDING]))
    return [i for i in items if i.kind == "add_annotation" and f"/documents/{document_id}/" in i.path]


def test_clouds_around_the_changes_of_an_archived_sheet_go_onto_the_cases_drawing(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: ArchiveHost, proxy: FaultyProxy,
    tmp_path: Path,
) -> None:  # fmt: skip
    window, _view = archive_for_a_case(qtbot, qloop, sandbox, anna, host)
    case_drawing: Document = window.case_drawings[0]
    # the case's drawing open with its markups shown: the clouds appear there when made
    drawing, markups, before = with_markups_shown(qtbot, host, anna, case_drawing)

    window.table.selectRow(0)
    [first, *_] = window.compare_case_menu.actions()
    first.trigger()  # "Jämför med ärendets ritning": the archived sheet against the case's drawing
    compare = compared(qtbot, window.findChildren(CompareWindow)[-1])
    clouds = compare.clouds
    assert isinstance(clouds, ChangeClouds)
    assert clouds.action.shortcut() == QtGui.QKeySequence("Ctrl+Shift+M")
    regions = compare.changed_regions()
    assert regions, "an archived scan and the case's drawing differ"
    assert clouds.action.isEnabled() and clouds.button.isEnabled()
    planned = clouds.planned()
    assert 0 < len(planned) <= len(regions)  # nearby changes joined into one cloud
    for region in regions:  # every change is inside a cloud
        assert any(
            c.bbox()[0] <= region.x0 and c.bbox()[1] <= region.y0 and region.x1 <= c.bbox()[2]
            and region.y1 <= c.bbox()[3]
            for c in planned
        )  # fmt: skip
    compare.resize(1400, 850)
    compare.tabs.setCurrentIndex(1)
    assert not buttons_fit(compare)
    save(compare, shots_dir(tmp_path), "compare-clouds")

    proxy.cut()  # offline: the clouds wait in the outbox
    existing = len(cloud_writes(qloop, anna, case_drawing.id))
    compare.regions.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(compare.regions, Qt.Key.Key_M, ctrl_shift)  # the action's key
    asked = answer(qtbot, "compareCloudsDialog", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    assert asked == f"Skapa {len(planned)} moln runt ändringarna?"
    assert clouds.task is not None
    outcome = qloop.run(clouds.task)
    assert outcome.made == len(planned) and outcome.already == 0
    writes = cloud_writes(qloop, anna, case_drawing.id)
    assert len(writes) == existing + len(planned)  # one outbox write per cloud
    for item in writes[existing:]:
        assert item.payload["kind"] == "cloud" and item.payload["document_sha256"] == case_drawing.sha256
        assert item.payload["text"].startswith(f"Ändrat sedan {compare.old_title}")
    assert clouds.notice.isVisible() and "Ctrl+M" in clouds.notice.text()
    assert f"{len(planned)} moln skapade" in clouds.notice.text()

    # the drawing window showing the document's markups reads them again: the clouds are there
    def shown_clouds() -> list[Any]:
        return [m for m in markups.layer.markups.values() if m.id not in before and m.kind == Kind.CLOUD]

    qtbot.waitUntil(lambda: len(shown_clouds()) == len(planned), timeout=WAIT_MS)
    assert sorted(m.bbox() for m in shown_clouds()) == sorted(c.bbox() for c in planned)
    assert markups.list.model.rowCount() == len(markups.layer.markups)
    save(drawing, shots_dir(tmp_path), "drawing-with-change-clouds")

    # a second click finds them all made: nothing asked, nothing sent
    clouds.action.trigger()
    assert clouds.task is not None
    again = qloop.run(clouds.task)
    assert again.made == 0 and again.already == len(planned)
    assert len(cloud_writes(qloop, anna, case_drawing.id)) == existing + len(planned)
    assert "redan" in clouds.notice.text()
    assert not [b for b in visible_message_boxes() if b.objectName() == "compareCloudsDialog"]

    proxy.restore()
    compare.close()
    drawing.close()


def revisions_of_a_drawing(sandbox: Sandbox) -> tuple[Document, Document]:
    """Two revisions of one drawing in one of anna's cases, the older first (as the platform lists them)."""
    with sandbox.client("anna") as c:
        found: list[tuple[Document, Document]] = []

        def two_revisions(k: dict[str, Any]) -> bool:
            listed = c.get(f"/api/v1/cases/{k['id']}/documents").raise_for_status().json()
            drawings = [Document.model_validate(d) for d in listed if d["kind"] == DocumentKind.DRAWING.value]
            found[:] = [
                (old, new)
                for new in drawings
                for old in drawings
                if old.drawing_type == new.drawing_type and 0 < old.revision < new.revision
            ]
            return bool(found)

        find_case(c, two_revisions)
    return found[0]


def test_two_revisions_of_a_cases_drawing_get_a_cloud_around_each_change_each_removable(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: ArchiveHost, proxy: FaultyProxy,
    tmp_path: Path,
) -> None:  # fmt: skip
    from ui.drawings.compare_window import open_compare

    old, new = revisions_of_a_drawing(sandbox)
    drawing, markups, before = with_markups_shown(qtbot, host, anna, new)
    compare = compared(qtbot, open_compare(host.drawings, anna, old, new))
    clouds = compare.clouds
    assert isinstance(clouds, ChangeClouds) and clouds.action.isEnabled()
    regions = compare.changed_regions()
    planned = clouds.planned()
    assert len(regions) >= 2 and 0 < len(planned) <= len(regions)
    compare.resize(1400, 850)
    compare.tabs.setCurrentIndex(1)
    save(compare, shots_dir(tmp_path), "compare-revisions-clouds")
    proxy.cut()  # offline: the clouds and their removal stay in the outbox and the store
    clouds.button.click()
    answer(qtbot, "compareCloudsDialog", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    assert clouds.task is not None
    assert qloop.run(clouds.task).made == len(planned)
    qtbot.waitUntil(
        lambda: len([m for m in markups.layer.markups if m not in before]) == len(planned), timeout=WAIT_MS
    )
    made = [m for i, m in markups.layer.markups.items() if i not in before]
    assert {m.text for m in made} == {f"Ändrat sedan {old.title}, rev {old.revision}"}  # which revision
    assert {m.document_sha256 for m in made} == {new.sha256}
    drawing.viewer.canvas.fit_page()
    wait_sharp(qtbot, drawing.viewer)
    save(drawing, shots_dir(tmp_path), "drawing-with-revision-clouds")

    # the clouds are ordinary markups: one removed in the drawing window (Delete) is gone from the store,
    # and a new click makes that one again, only that one
    removed = made[0]
    markups.layer.select(removed.id)
    drawing.viewer.canvas.setFocus()
    qtbot.keyClick(drawing.viewer.canvas, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: not markups.editor.pending, timeout=WAIT_MS)
    stored = qloop.run(anna.store.list_annotations(new.id))
    assert removed.id not in {a.id for a in stored} and removed.id not in markups.layer.markups
    clouds.action.trigger()
    answer(qtbot, "compareCloudsDialog", QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    assert clouds.task is not None
    again = qloop.run(clouds.task)
    assert (again.made, again.already) == (1, len(planned) - 1)
    proxy.restore()
    compare.close()
    drawing.close()


def test_saying_no_sends_nothing(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: ArchiveHost, proxy: FaultyProxy
) -> None:
    window, _view = archive_for_a_case(qtbot, qloop, sandbox, anna, host)
    window.table.selectRow(1)
    [first, *_] = window.compare_case_menu.actions()
    first.trigger()
    compare = compared(qtbot, window.findChildren(CompareWindow)[-1])
    clouds = compare.clouds
    assert isinstance(clouds, ChangeClouds) and clouds.action.isEnabled()
    proxy.cut()
    document_id = window.case_drawings[0].id
    existing = len(cloud_writes(qloop, anna, document_id))
    qtbot.mouseClick(clouds.button, Qt.MouseButton.LeftButton)
    answer(qtbot, "compareCloudsDialog", QtWidgets.QMessageBox.ButtonRole.RejectRole)
    assert clouds.task is not None
    outcome = qloop.run(clouds.task)
    assert outcome.made == 0 and not outcome.asked
    assert len(cloud_writes(qloop, anna, document_id)) == existing
    assert not clouds.notice.isVisible()
    proxy.restore()
    compare.close()


def test_two_archived_sheets_offer_no_clouds(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: ArchiveHost
) -> None:
    window, _view = archive_for_a_case(qtbot, qloop, sandbox, anna, host)
    old, new = window.document_at(0), window.document_at(1)
    assert old.case_id is None and new.case_id is None
    host.compare_documents(old, new)
    compare = compared(qtbot, window.findChildren(CompareWindow)[-1])
    assert compare.clouds is None
    assert not [a for a in compare.actions() if a.objectName() == "compareClouds"]
    assert compare.findChild(QtWidgets.QPushButton, "compareCloudsButton") is None
    compare.close()
