"""The e-archive window on real widgets against a live sandbox over real HTTP: a search by a former
designation finds the record, says the designation was a former one, and opens the right scan in the
viewer; offline, the same search runs over the records fetched before and the window says so; the case
screen's "Arkiv" searches the case's property."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caseworker.archive import MatchedBy
from caseworker.domain.models import DocumentKind
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.screenshots import shots_dir
from tests.ui.archive.conftest import renamed_case_with_drawings
from tests.ui.drawings.conftest import WAIT_MS
from tests.ui.services_factory import reloads_over
from ui.archive import ArchiveHost, ArchiveWindow
from ui.archive.host import CaseArchiveButton
from ui.archive.model import COL_MATCHED, HitRole
from ui.case import CaseView
from ui.drawings.compare_window import CompareWindow
from ui.qt import Qt
from ui.services import Services


def renamed_record(sandbox: Sandbox) -> dict[str, Any]:
    """An archive record filed under a designation its property no longer has."""
    with sandbox.client("anna") as c:
        found = c.get("/api/v1/archive/records", params={"limit": 200}).raise_for_status()
    records = found.json()["items"]
    return next(
        r for r in records if r["property_designation"] != r["current_designation"] and r["documents"]
    )


def row_of(window: ArchiveWindow, record_id: str) -> int:
    return next(i for i, (hit, _doc) in enumerate(window.model.rows) if hit.record.id == record_id)


def search(qtbot: Any, qloop: LoopRunner, host: ArchiveHost, designation: str) -> ArchiveWindow:
    qloop.run(host.search(designation))
    window = host.window
    assert window is not None and window.error is None, window and window.error
    window.resize(1100, 720)
    return window


def test_a_former_designation_finds_the_record_and_opens_the_right_scan(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, host: ArchiveHost, tmp_path: Path
) -> None:
    record = renamed_record(sandbox)
    window = search(qtbot, qloop, host, record["property_designation"])
    row = row_of(window, record["id"])
    hit = window.model.index(row, 0).data(HitRole)
    assert hit.matched is MatchedBy.FORMER
    assert window.model.index(row, COL_MATCHED).data() == "tidigare beteckning"
    assert record["property_designation"] in window.model.index(row, 3).data()
    assert not window.offline_badge.isVisible()
    # thumbnails come from the drawing engine, off the UI thread
    qtbot.waitUntil(lambda: not window.thumbnails.busy, timeout=WAIT_MS)
    assert window.model.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    window.show()
    window.grab().save(str(shots_dir(tmp_path) / "archive.png"))

    window.table.selectRow(row)
    with qtbot.waitSignal(host.drawings.windowOpened, timeout=WAIT_MS) as opened:
        qtbot.mouseClick(window.open_button, Qt.MouseButton.LeftButton)
    viewer = opened.args[0].viewer
    qtbot.waitUntil(lambda: viewer.error is not None or viewer.document is not None, timeout=WAIT_MS)
    assert viewer.error is None, viewer.error
    opened_doc = window.document_at(row)
    assert opened_doc.id in {d["id"] for d in record["documents"]}
    assert viewer.document.sha256 == opened_doc.sha256
    assert not opened.args[0].markups_action.isEnabled(), "an archived sheet is no case's: no markups"


def test_offline_the_search_covers_what_was_fetched_and_says_so(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, host: ArchiveHost, proxy: FaultyProxy
) -> None:
    record = renamed_record(sandbox)
    online = search(qtbot, qloop, host, record["current_designation"])
    assert record["id"] in {hit.record.id for hit, _doc in online.model.rows}
    qtbot.waitUntil(lambda: not online.thumbnails.busy, timeout=WAIT_MS)

    proxy.cut()
    window = search(qtbot, qloop, host, record["property_designation"])
    assert window.result is not None and window.result.offline
    window.show()
    assert window.offline_badge.isVisible()
    assert "Ingen kontakt med plattformen" in window.status.text()
    row = row_of(window, record["id"])
    assert window.model.index(row, COL_MATCHED).data() == "tidigare beteckning"
    # the scan fetched while online has its thumbnail offline too
    sha = window.document_at(row).sha256
    qtbot.waitUntil(lambda: not window.thumbnails.busy, timeout=WAIT_MS)
    assert sha in window.model.thumbnails


def test_arkiv_in_a_case_searches_the_cases_property_and_compares_with_its_drawing(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: ArchiveHost
) -> None:
    case = renamed_case_with_drawings(sandbox)
    view = CaseView(anna)
    qtbot.addWidget(view)
    button = CaseArchiveButton(view, host).button
    assert not button.isEnabled(), "no case shown yet"
    qloop.run(view.show_case(case["id"]))
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    window = host.window
    assert window is not None
    assert window.property_edit.text() == case["property"]["designation"]
    assert window._task is not None
    qloop.run(window._task)
    assert window.error is None and window.model.rows, "the property's archived drawings"
    # the archived sheet against the case's new drawing: side by side and overlaid
    assert window.case_drawings and all(d.kind is DocumentKind.DRAWING for d in window.case_drawings)
    window.table.selectRow(0)
    assert window.compare_case_button.isEnabled()
    [first, *_] = window.compare_case_menu.actions()
    first.trigger()
    compare = window.findChild(CompareWindow)
    assert compare is not None
    qtbot.waitUntil(lambda: compare.comparison is not None or compare.error is not None, timeout=WAIT_MS)
    assert compare.error is None, compare.error
    assert compare.old_viewer.document.sha256 == window.document_at(0).sha256
    assert compare.new_viewer.document.sha256 == window.case_drawings[0].sha256
    compare.close()
    qtbot.waitUntil(lambda: reloads_over(view), timeout=WAIT_MS)
