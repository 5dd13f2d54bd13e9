"""The markups list beside a case's drawing: the reviewers' layers ("Granskare": a reviewer unticked is
neither drawn nor hit on the drawing, nor listed, and comes back ticked), the author filter, sorting by
date and page as times and numbers, columns as wide as their contents at the dock's first width, and the
markup tool bar fitting a 1400 px window with every tool's key. Real widgets on a real drawing window; the
last test makes the README's pictures of a review by two reviewers (written through the sandbox)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.models import AnnotationStatus, Document, DocumentKind
from caseworker.drawings import RenderEngine
from caseworker.markups import Kind, Markup
from caseworker.sandbox.assets import plan_point
from tests.caseworker.markups.samples import every_kind
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox, writing
from tests.helpers.screenshots import shots_dir
from tests.ui.drawings.conftest import WAIT_MS, app_stays, engine, wait_sharp
from tests.ui.markups.test_markup_tools import choose_scale
from tests.ui.services_factory import running_services
from ui.drawings import DrawingWindow
from ui.markups import offer_markups
from ui.markups.layer import MarkupItem
from ui.markups.listing import COLUMNS
from ui.markups.tools import TOOLS
from ui.markups.window import WindowMarkups
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services

__all__ = ["app_stays", "engine"]  # fixtures, used by name

PLAN = "Planritning, plan 1"
KARIN = "Karin Björk"  # the inspector; the signed-in user is Anna Lindqvist
Button = Qt.MouseButton
Type = QtCore.QEvent.Type


def a_plan(sandbox: Sandbox) -> tuple[Document, bytes]:
    """A floor plan among anna's cases' drawings, as the platform lists it, and its bytes."""
    with sandbox.client("anna") as c:
        listed = next(
            d
            for case in c.get("/api/v1/cases", params={"queue": "mine", "limit": 200}).json()["items"]
            for d in c.get(f"/api/v1/cases/{case['id']}/documents").json()
            if d["kind"] == DocumentKind.DRAWING.value and d["title"] == PLAN
        )
        data = c.get(f"/api/v1/documents/{listed['id']}/content").raise_for_status().content
    return Document.model_validate(listed), data


def shown_with_markups(
    qtbot: Any, engine: RenderEngine, services: Services, document: Document, data: bytes
) -> tuple[DrawingWindow, WindowMarkups]:
    """A drawing window of a case's document at 1400 x 900, its markups shown (Markeringar on)."""
    window = DrawingWindow(engine, document.title)
    qtbot.addWidget(window)
    markups = offer_markups(window, services, document)
    window.resize(1400, 900)
    window.show()
    window.viewer.open(data, sha256=document.sha256)
    qtbot.waitUntil(
        lambda: window.viewer.error is not None or window.viewer.document is not None, timeout=WAIT_MS
    )
    wait_sharp(qtbot, window.viewer)
    with qtbot.waitSignal(markups.loaded, timeout=WAIT_MS):
        window.markups_action.trigger()
    return window, markups


@pytest.fixture
def review(
    qtbot: Any, engine: RenderEngine, anna: Services, sandbox: Sandbox
) -> Iterator[tuple[DrawingWindow, WindowMarkups]]:
    document, data = a_plan(sandbox)
    window, markups = shown_with_markups(qtbot, engine, anna, document, data)
    yield window, markups
    window.close()


def two_reviewers(own: str) -> list[Markup]:
    """Karin's markup of every kind and three of the signed-in user's own, clear of each other."""
    karin = every_kind()
    when = karin[0].created
    assert when is not None
    mine = [
        Markup(id="own-cloud", page=0, kind=Kind.CLOUD, rect=(1000, 600, 1150, 700), author=own,
               created=when + dt.timedelta(hours=5), text="Egen"),
        Markup(id="own-rect", page=0, kind=Kind.RECTANGLE, rect=(1000, 720, 1150, 800), author=own,
               created=when - dt.timedelta(days=400)),
        Markup(id="own-later-page", page=9, kind=Kind.ELLIPSE, rect=(10, 10, 50, 50), author=own,
               created=when + dt.timedelta(minutes=30)),
    ]  # fmt: skip
    return [*karin, *mine]


def drawn_authors(markups: WindowMarkups) -> set[str]:
    scene = markups.window.viewer.canvas.scene()
    return {item.markup.author for item in scene.items() if isinstance(item, MarkupItem)}


def listed(markups: WindowMarkups, column: str = "text") -> list[Any]:
    proxy = markups.list.proxy
    return [proxy.index(r, COLUMNS.index(column)).data() for r in range(proxy.rowCount())]


def listed_ids(markups: WindowMarkups) -> list[str]:
    proxy = markups.list.proxy
    return [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]


def test_a_reviewers_layer_hidden_is_neither_drawn_nor_hit_nor_listed_and_comes_back(
    qtbot: Any,
    review: tuple[DrawingWindow, WindowMarkups],
    anna: Services,
    engine: RenderEngine,
    sandbox: Sandbox,
) -> None:
    _, markups = review
    own = anna.user.display_name
    markups.layer.set_markups(two_reviewers(own))
    listing, layer = markups.list, markups.layer
    cloud = layer.markups["m0-cloud"]
    assert cloud.author == KARIN

    # the control: reachable with Tab, named for a screen reader, the user's own layer first
    assert listing.layers_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert listing.layers_button.accessibleName() and listing.layers_button.menu() is listing.layers_menu
    assert list(listing.layer_actions) == [own, KARIN]
    assert "(du)" in listing.layer_actions[own].text()
    assert all(a.isCheckable() and a.isChecked() for a in listing.layers_menu.actions())
    assert drawn_authors(markups) == {own, KARIN}
    assert layer.hit(layer.canvas.page_to_scene(cloud.polygon()[0])) == cloud
    layer.select(cloud.id)

    # by keyboard: Space on the button opens the menu, Down to Karin, Enter unticks her
    listing.layers_button.setFocus()
    qtbot.keyClick(listing.layers_button, Qt.Key.Key_Space)
    menu = listing.layers_menu
    qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
    for _ in range(2):
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    assert menu.activeAction() is listing.layer_actions[KARIN]
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=WAIT_MS)
    assert not listing.layer_actions[KARIN].isChecked()

    assert drawn_authors(markups) == {own}
    assert not any(m.author == KARIN for m in map(layer.markups.get, layer.items) if m)
    assert layer.hit(layer.canvas.page_to_scene(cloud.polygon()[0])) is None
    assert layer.selected() is None, "a hidden markup stays selected (Delete would remove it unseen)"
    assert set(listed_ids(markups)) == {"own-cloud", "own-rect", "own-later-page"}
    assert "1" in listing.layers_button.text()  # says that a reviewer is hidden
    assert len(layer.markups) == len(two_reviewers(own)), "hiding is a view: nothing is removed"

    # the user's own tools still hit their own markups, not the hidden ones beneath
    mine = layer.markups["own-cloud"]
    assert layer.hit(layer.canvas.page_to_scene(mine.polygon()[0])) == mine

    document, data = a_plan(sandbox)  # the same drawing in another window keeps its own layers
    other_window, other = shown_with_markups(qtbot, engine, anna, document, data)
    other.layer.set_markups(two_reviewers(own))
    assert drawn_authors(other) == {own, KARIN}, "a reviewer hidden in one window is hidden in every one"
    other_window.close()

    listing.layer_actions[KARIN].trigger()  # and back

    assert drawn_authors(markups) == {own, KARIN}
    assert layer.hit(layer.canvas.page_to_scene(cloud.polygon()[0])) == cloud
    assert len(listed_ids(markups)) == len(two_reviewers(own))
    assert "1" not in listing.layers_button.text()


def test_the_author_filter_and_sorting_by_date_and_page(
    qtbot: Any, review: tuple[DrawingWindow, WindowMarkups], anna: Services
) -> None:
    _, markups = review
    own = anna.user.display_name
    markups.layer.set_markups(two_reviewers(own))
    listing = markups.list
    combo = listing.author_filter
    assert combo.accessibleName()
    assert [combo.itemData(i) for i in range(combo.count())] == ["", own, KARIN]

    combo.setCurrentIndex(combo.findData(own))
    assert set(listed(markups, "author")) == {own} and len(listed(markups)) == 3
    combo.setCurrentIndex(combo.findData(KARIN))
    assert set(listed(markups, "author")) == {KARIN} and len(listed(markups)) == len(every_kind())
    combo.setCurrentIndex(0)
    assert len(listed(markups)) == len(two_reviewers(own))

    header = listing.table.horizontalHeader()

    def click_header(column: str) -> None:
        section = COLUMNS.index(column)
        at = QtCore.QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, 5)
        qtbot.mouseClick(header.viewport(), Button.LeftButton, pos=at)

    # by date: a year ago, Karin's morning, half an hour later (page 10), the afternoon -- not as text
    click_header("date")
    if header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
        click_header("date")
    ids = listed_ids(markups)
    assert ids[0] == "own-rect" and ids[-1] == "own-cloud"
    assert ids.index("own-later-page") > max(ids.index(m.id) for m in every_kind())
    click_header("date")  # descending
    assert listed_ids(markups)[0] == "own-cloud" and listed_ids(markups)[-1] == "own-rect"

    # by page: 10 after 1 (numbers, not text: "10" < "9")
    click_header("page")
    if header.sortIndicatorOrder() != Qt.SortOrder.AscendingOrder:
        click_header("page")
    assert listed(markups, "page")[-1] == 10 and listed(markups, "page")[0] == 1
    click_header("page")
    assert listed(markups, "page")[0] == 10


def test_every_column_is_whole_at_the_docks_first_width_and_at_its_least(
    qtbot: Any, review: tuple[DrawingWindow, WindowMarkups], anna: Services
) -> None:
    window, markups = review
    markups.layer.set_markups(two_reviewers(anna.user.display_name))
    table = markups.list.table
    header = table.horizontalHeader()

    def whole() -> list[str]:
        cut = []
        for i, column in enumerate(COLUMNS):
            if header.isSectionHidden(i) or column == "text":
                continue
            title = str(markups.list.model.headerData(i, Qt.Orientation.Horizontal))
            needed = max(header.fontMetrics().horizontalAdvance(title), table.sizeHintForColumn(i))
            if header.sectionSize(i) < needed:
                cut.append(f"{column}: {header.sectionSize(i)} < {needed}")
        return cut

    qtbot.waitUntil(lambda: not whole(), timeout=WAIT_MS)
    assert markups.dock.width() >= 360
    author = COLUMNS.index("author")
    assert header.sectionSize(author) >= header.fontMetrics().horizontalAdvance("Författare")
    assert not header.isSectionHidden(COLUMNS.index("value")), "Karin measured: the value column shows"
    assert header.sectionSize(COLUMNS.index("text")) >= header.sectionSize(COLUMNS.index("page"))

    window.resizeDocks([markups.dock], [360], Qt.Orientation.Horizontal)  # the least: scrolls sideways
    qtbot.waitUntil(lambda: markups.dock.width() <= 400, timeout=WAIT_MS)
    assert not whole()
    for combo in (markups.list.status_filter, markups.list.kind_filter, markups.list.author_filter):
        assert combo.width() >= combo.fontMetrics().horizontalAdvance(combo.itemText(0)), combo.itemText(0)


def test_the_tool_bar_fits_beside_the_list_and_every_tool_keeps_its_key_and_name(
    qtbot: Any, review: tuple[DrawingWindow, WindowMarkups]
) -> None:
    window, markups = review
    tools = markups.tools
    rows = (tools.tool_row, tools.property_row)

    def overflowing() -> list[str]:
        out = []
        for row in rows:
            extension = row.findChild(QtWidgets.QToolButton, "qt_toolbar_ext_button")
            if extension is not None and extension.isVisible():
                out.append(row.objectName())
        return out

    for kind, key in TOOLS:
        tools.actions_by_kind[kind].trigger()  # each tool shows its own fields
        assert markups.editor.tool == kind
        # the rows fit the drawing's side of a 1280 px window with the list at its least (360 px)
        assert max(row.sizeHint().width() for row in rows) <= 1280 - 360 - 40, kind
        qtbot.waitUntil(lambda: not overflowing(), timeout=WAIT_MS)  # nor overflow here, at 1400 px
        action = tools.actions_by_kind[kind]
        assert action.shortcut() == QtGui.QKeySequence(key) and action.text(), kind
        assert key in action.toolTip() and action in window.actions() and action in tools.actions()
        button = tools.tool_row.widgetForAction(action)
        assert isinstance(button, QtWidgets.QToolButton) and button.isVisible()
        assert not button.icon().isNull()
    assert tools.undo_action.shortcut() == QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Undo)
    assert tools.redo_action.shortcut() == QtGui.QKeySequence("Ctrl+Y")
    assert {tools.undo_action, tools.redo_action} <= set(window.actions())

    # a property shows with the tool that uses it; colour, width and the scale always
    fields = {"stamp": tools.stamp, "text": tools.text, "length": tools.length}
    for kind, shown in ((Kind.STAMP, "stamp"), (Kind.CALLOUT, "text"), (Kind.TEXT, "text"),
                        (Kind.CALIBRATION, "length")):  # fmt: skip
        tools.actions_by_kind[kind].trigger()  # the row is laid out again: wait for it
        qtbot.waitUntil(
            lambda s=shown: [n for n, f in fields.items() if f.isVisible()] == [s], timeout=WAIT_MS
        )
    assert all(w.isVisible() for w in (tools.colour, tools.width_box, tools.scale))
    for widget in (tools.colour, tools.width_box, tools.length, tools.scale, tools.stamp, tools.text):
        assert widget.accessibleName(), widget.objectName()

    # code adding a tool of its own uses it as a tool bar: the button lands on the tool row
    extra = QtGui.QAction("Exportera", tools)
    tools.addSeparator()
    tools.addAction(extra)
    assert isinstance(tools.widgetForAction(extra), QtWidgets.QToolButton) and extra in tools.actions()
    assert tools.widgetForAction(extra) is tools.tool_row.widgetForAction(extra)


# --- the README's pictures ------------------------------------------------------------------------------


def karins_review(sandbox: Sandbox, document_id: str) -> None:
    """The inspector's markups on the plan, written as her on the platform: two clouds, a callout, a stamp;
    one resolved, one accepted."""

    def shape(points: list[tuple[float, float]]) -> list[list[float]]:
        return [list(plan_point(x, y)) for x, y in points]

    def rect(x0: float, y0: float, x1: float, y1: float) -> list[float]:
        return [*plan_point(x0, y0), *plan_point(x1, y1)]

    marks: list[tuple[dict[str, Any], str | None]] = [
        ({"kind": "cloud", "geometry": {"points": shape([(-0.5, 1.2), (0.9, 1.2), (0.9, 3.2), (-0.5, 3.2)])},
          "text": "Sovrum 2: fönstret räcker inte som utrymningsväg.", "color": "#d32f2f"}, None),
        ({"kind": "callout", "geometry": {"anchor": [*plan_point(6.3, 7.0)], "rect": rect(13, 10, 18, 11.2)},
          "text": "Badrum: vändzon 1,5 m saknas.", "color": "#d32f2f"}, None),
        ({"kind": "cloud", "geometry": {"points": shape([(7.3, 7.3), (11.6, 7.3), (11.6, 8.0), (7.3, 8.0)])},
          "text": "Kök: bänkens längd ok.", "color": "#2e7d32"}, "completed"),
        ({"kind": "stamp", "geometry": {"rect": rect(14.6, 2.0, 19.2, 3.4)}, "text": "Granskad",
          "color": "#1565c0"}, "accepted"),
    ]  # fmt: skip
    with sandbox.client("karin") as karin:
        for body, status in marks:
            r = karin.post(
                f"/api/v1/documents/{document_id}/annotations",
                json={"page": 0, "width": 2.0, **body},
                headers=writing(),
            )
            assert r.status_code == 201, r.text
            if status:
                one = f"/api/v1/annotations/{r.json()['id']}/status"
                s = karin.put(
                    one, json={"status": status}, headers=writing(**{"If-Match": r.headers["etag"]})
                )
                assert s.status_code == 200, s.text


def at(markups: WindowMarkups, x: float, y: float) -> QtCore.QPointF:
    """Where a point of the plan (metres) is in the canvas's viewport."""
    canvas = markups.window.viewer.canvas
    return QtCore.QPointF(canvas.mapFromScene(canvas.page_to_scene(plan_point(x, y))))


def mouse(markups: WindowMarkups, kind: QtCore.QEvent.Type, point: QtCore.QPointF, buttons: Button) -> None:
    viewport = markups.window.viewer.canvas.viewport()
    button = Button.NoButton if kind == Type.MouseMove else Button.LeftButton
    event = QtGui.QMouseEvent(
        kind, point, viewport.mapToGlobal(point), button, buttons, Qt.KeyboardModifier.NoModifier
    )
    QtWidgets.QApplication.sendEvent(viewport, event)


def drag(markups: WindowMarkups, start: QtCore.QPointF, end: QtCore.QPointF) -> None:
    mouse(markups, Type.MouseButtonPress, start, Button.LeftButton)
    mouse(markups, Type.MouseMove, (start + end) / 2, Button.LeftButton)
    mouse(markups, Type.MouseMove, end, Button.LeftButton)
    mouse(markups, Type.MouseButtonRelease, end, Button.NoButton)


def click(markups: WindowMarkups, point: QtCore.QPointF) -> None:
    mouse(markups, Type.MouseButtonPress, point, Button.LeftButton)
    mouse(markups, Type.MouseButtonRelease, point, Button.NoButton)


def with_menu(
    window: QtWidgets.QWidget, button: QtWidgets.QPushButton, menu: QtWidgets.QMenu
) -> QtGui.QImage:
    """The window's picture with ``menu`` drawn open under ``button`` (a popup is a window of its own, and
    the offscreen screen may move it: it is drawn where it opens on a real one)."""
    picture = window.grab().toImage()
    menu.popup(button.mapToGlobal(QtCore.QPoint(0, button.height())))
    QtWidgets.QApplication.processEvents()
    where = button.mapTo(window, QtCore.QPoint(0, button.height()))
    where.setX(min(where.x(), picture.width() - menu.width() - 4))
    painter = QtGui.QPainter(picture)
    painter.drawPixmap(where, menu.grab())
    painter.end()
    menu.hide()
    return picture


def test_the_readme_pictures_of_a_review_by_two_reviewers(
    qtbot: Any,
    qloop: LoopRunner,
    engine: RenderEngine,
    make_sandbox: Callable[..., Sandbox],
    tmp_path: Path,
) -> None:
    sandbox = make_sandbox()  # its own platform: the pictures never show other tests' markups
    document, data = a_plan(sandbox)
    karins_review(sandbox, document.id)
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as anna:
        qloop.run(anna.sync.sync_now())
        assert len(qloop.run(anna.store.list_annotations(document.id))) == 4
        window, markups = shown_with_markups(qtbot, engine, anna, document, data)
        assert {m.author for m in markups.layer.markups.values()} == {KARIN}
        tools, listing = markups.tools, markups.list

        # Anna: the drawing's scale, a distance along the kitchen wall, the area of bedroom 1, a callout
        choose_scale(tools.scale, 100)
        tools.actions_by_kind[Kind.DISTANCE].trigger()
        drag(markups, at(markups, 7.26, 5.2), at(markups, 11.7, 5.2))
        tools.actions_by_kind[Kind.AREA].trigger()
        for corner in ((0.3, 4.26), (3.84, 4.26), (3.84, 8.1), (0.3, 8.1)):
            click(markups, at(markups, *corner))
        qtbot.keyClick(markups.window.viewer.canvas, Qt.Key.Key_Return)
        tools.actions_by_kind[Kind.CALLOUT].trigger()
        tools.text.setText("Ange bröstningshöjden.")
        drag(markups, at(markups, 0.15, 6.2), at(markups, -6.9, 6.3))
        tools.actions_by_kind[None].trigger()
        qtbot.waitUntil(
            lambda: not markups.editor.pending and len(markups.layer.markups) == 8, timeout=WAIT_MS
        )

        # her answer to Karin's callout and the status of the window cloud, from the list
        def row_of(text: str) -> QtCore.QModelIndex:
            proxy = listing.proxy
            rows = [proxy.index(r, COLUMNS.index("text")) for r in range(proxy.rowCount())]
            return next(i for i in rows if str(i.data()).startswith(text))

        listing.table.clicked.emit(row_of("Badrum"))
        listing.reply_text.setText("Sökanden har fått begäran om komplettering.")
        qtbot.mouseClick(listing.reply_button, Button.LeftButton)
        listing.table.clicked.emit(row_of("Sovrum 2"))
        listing.status_box.setCurrentIndex(list(AnnotationStatus).index(AnnotationStatus.REJECTED))
        listing.status_box.activated.emit(listing.status_box.currentIndex())
        qtbot.waitUntil(lambda: not markups.editor.pending, timeout=WAIT_MS)
        assert any(m.replies for m in markups.layer.markups.values())
        listing.table.clicked.emit(row_of("Badrum"))  # the row with the answer, selected
        listing.table.selectRow(row_of("Badrum").row())
        centre = plan_point(6.4, 4.6)  # the plan and the markups around it, as a reviewer looks at them
        window.viewer.canvas.set_view(0.64, centre)
        wait_sharp(qtbot, window.viewer)
        assert re.fullmatch(r"Summa: 1\d,\d\d m², 4,\d\d m", listing.totals.text())  # near 14 m² and 4.5 m

        shots = shots_dir(tmp_path)  # the README's with CASEWORKER_SCREENSHOTS=docs/screenshots
        assert window.grab().save(str(shots / "markups.png"))

        # Karin's layer hidden, the reviewers' menu open: only Anna's markups on the drawing and in the list
        listing.layer_actions[KARIN].trigger()
        qtbot.waitUntil(lambda: drawn_authors(markups) == {anna.user.display_name}, timeout=WAIT_MS)
        picture = with_menu(window, listing.layers_button, listing.layers_menu)
        assert picture.save(str(shots / "markups-layers.png"))
        listing.layer_actions[KARIN].trigger()

        assert qloop.run(anna.sync.sync_now()).pushed >= 6
        window.close()
