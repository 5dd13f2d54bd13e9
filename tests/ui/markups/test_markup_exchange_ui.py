"""Export, import and print from the markup tools, on real widgets, a real render engine and the sandbox:
the drawing saved with its markups through the "Exportera/Importera" menu and its file dialog (read back
with pypdf: the annotations of every kind, with appearances) and the markups report beside it; XFDF
exported from one window and imported into another, as one undo step whose markups reach the outbox; a
hostile or another revision's XFDF refused with a message and nothing changed; and a print to a PDF file
with the markups in it where they are on the sheet, and without them when they are switched off."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pytest
from PIL import Image
from pypdf import PdfReader

from caseworker.drawings import RenderEngine
from caseworker.markups import Kind, Markup, Status
from caseworker.markups.xfdf import MAX_XFDF_BYTES, read_xfdf, write_xfdf
from tests.caseworker.markups.samples import every_kind
from tests.helpers.sandbox import Sandbox, writing
from tests.helpers.screenshots import shots_dir
from tests.ui.conftest import LoopRunner
from tests.ui.drawings.conftest import WAIT_MS, app_stays
from tests.ui.markups.test_markup_tools import downloaded_drawing, engine, opened_workspace, outbox
from tests.ui.markups.test_markups_in_viewer import host, opened_with_markups
from ui.dialogs import visible_message_boxes
from ui.drawings import DrawingsHost
from ui.drawings.viewer import DrawingViewer
from ui.markups.exchange import MarkupExchange, documents_folder
from ui.markups.workspace import MarkupSession, MarkupWorkspace
from ui.qt import Qt, QtCore, QtGui, QtPrintSupport, QtWidgets
from ui.services import Services

__all__ = ["app_stays", "engine", "host"]  # fixtures, used by name

OpenWorkspace = Callable[[], MarkupWorkspace]


@pytest.fixture
def open_workspace(
    qtbot: Any, qloop: LoopRunner, engine: RenderEngine, anna: Services, sandbox: Sandbox, tmp_path: Path
) -> Iterator[OpenWorkspace]:
    """Opens a markup window on the same drawing of one of Anna's cases (as many as a test asks for)."""
    document, path = downloaded_drawing(qloop, anna, sandbox, tmp_path)
    opened: list[MarkupWorkspace] = []

    def make() -> MarkupWorkspace:
        w = opened_workspace(qtbot, engine, anna, document, path)
        opened.append(w)
        return w

    yield make
    for w in opened:
        w.viewer.close_document()


def exchange_of(w: MarkupWorkspace) -> MarkupExchange:
    found = w.findChild(MarkupExchange, "markupExchange")
    assert found is not None and found.isVisible(), "the Exportera/Importera button is among the tools"
    return found


def settled(qtbot: Any, w: MarkupWorkspace) -> None:
    qtbot.waitUntil(lambda: not w.editor.pending and not exchange_of(w).jobs, timeout=WAIT_MS)


def with_sample_markups(qtbot: Any, w: MarkupWorkspace) -> list[Markup]:
    """Every kind of markup added through the editor, bound to the drawing shown. No calibration: one
    synced to the platform would become the sheet's scale in other tests sharing the sandbox."""
    before = set(w.layer.markups)
    for m in every_kind(0):
        if m.kind == Kind.CALIBRATION:
            continue
        w.editor.add(replace(m, document_sha256=w.editor.document_sha256))
    settled(qtbot, w)
    return [m for m in w.layer.markups.values() if m.id not in before]


def answer_file_dialog(qtbot: Any, w: MarkupWorkspace, path: Path) -> tuple[str, str]:
    """Wait for the exchange's file dialog and choose ``path`` in it; the folder and name it offered."""

    def shown() -> QtWidgets.QFileDialog | None:
        found = w.window().findChild(QtWidgets.QFileDialog, "markupExchangeFile")
        return found if found is not None and found.isVisible() else None

    qtbot.waitUntil(lambda: shown() is not None, timeout=WAIT_MS)
    dialog = shown()
    assert dialog is not None
    assert dialog.windowModality() == QtCore.Qt.WindowModality.WindowModal, "no nested event loop"
    offered = dialog.directory().absolutePath()
    name = dialog.findChild(QtWidgets.QLineEdit, "fileNameEdit")  # Qt's own dialog (never the system's here)
    assert name is not None
    offered_name = name.text()
    name.setText(str(path))  # typed over the name offered
    dialog.accept()
    return offered, offered_name


def run_action(
    qtbot: Any, w: MarkupWorkspace, action: QtGui.QAction, path: Path
) -> tuple[tuple[str, str], str]:
    """Trigger ``action``, answer its file dialog with ``path``; the folder and name it offered and the
    result text."""
    exchange = exchange_of(w)
    with qtbot.waitSignal(exchange.finished, timeout=WAIT_MS) as result:
        action.trigger()
        offered = answer_file_dialog(qtbot, w, path)
    settled(qtbot, w)
    return offered, str(result.args[0])


def shape_of(m: Markup) -> tuple[Any, ...]:
    rounded = lambda pts: tuple((round(x, 2), round(y, 2)) for x, y in pts)  # noqa: E731
    return (m.kind, m.page, m.rect and rounded([m.rect[:2], m.rect[2:]]), rounded(m.points), m.text, m.status,
            m.color, tuple(rounded(s) for s in m.strokes))  # fmt: skip


def test_the_drawing_saved_with_its_markups_and_the_report_through_the_menu(
    qtbot: Any, qloop: LoopRunner, open_workspace: OpenWorkspace, tmp_path: Path
) -> None:
    w = open_workspace()
    added = with_sample_markups(qtbot, w)
    exchange = exchange_of(w)
    assert [a.text() for a in exchange.menu().actions() if a.text()] == [
        "Spara ritning med markeringar (PDF) …",
        "Skriv ut med markeringar …\tCtrl+P",
        "Exportera XFDF …",
        "Importera XFDF …",
        "Sammanställning av markeringar (PDF) …",
    ]
    assert exchange.save_pdf_action.shortcut().toString() == "Ctrl+Shift+E"
    w.activateWindow()
    w.viewer.canvas.setFocus()
    qtbot.keyClick(
        w.viewer.canvas, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(
        lambda: w.findChild(QtWidgets.QFileDialog, "markupExchangeFile") is not None, timeout=WAIT_MS
    )
    asked = w.findChild(QtWidgets.QFileDialog, "markupExchangeFile")
    assert asked is not None and asked.windowTitle() == "Spara ritning med markeringar"
    asked.reject()  # cancelled: nothing written, nothing said
    qtbot.waitUntil(lambda: not exchange.jobs, timeout=WAIT_MS)
    assert w.viewer.notice.text() == ""
    menu = exchange.menu()
    assert menu is not None
    menu.popup(exchange.mapToGlobal(QtCore.QPoint(0, exchange.height())))
    qtbot.waitUntil(menu.isVisible, timeout=WAIT_MS)
    w.grab().save(str(shots_dir(tmp_path) / "markup-exchange.png"))
    menu.grab().save(str(shots_dir(tmp_path) / "markup-exchange-menu.png"))
    menu.close()

    target = tmp_path / "med markeringar.pdf"
    (folder, name), said = run_action(qtbot, w, exchange.save_pdf_action, target)
    assert Path(folder) == documents_folder() and Path(folder) != Path.cwd(), "offered in Documents"
    assert name == f"{exchange.title()} med markeringar.pdf"
    shown, _others = exchange.markups_of_this_revision(shown_only=True)
    assert said.startswith(f"Ritningen sparades med markeringar som {target.name} ({len(shown)} st.).")
    assert w.viewer.notice.text() == said
    annots = [a.get_object() for a in PdfReader(target).pages[0].get("/Annots", [])]
    subtypes = {str(a["/Subtype"]) for a in annots}
    assert {"/Square", "/Circle", "/Polygon", "/Line", "/PolyLine", "/Ink", "/FreeText", "/Highlight",
            "/Stamp"} <= subtypes  # fmt: skip
    ours = {m.id for m in added}
    mine = [a for a in annots if str(a.get("/NM", "")) in ours]
    assert len(mine) == len(added) and all("/AP" in a for a in mine), "every markup, with its appearance"

    report = tmp_path / "sammanställning.pdf"
    (_folder, name), said = run_action(qtbot, w, exchange.report_action, report)
    assert name == f"{exchange.title()} sammanställning av markeringar.pdf"
    assert (
        said == f"Sammanställningen av markeringarna sparades som {report.name} ({len(w.layer.markups)} st.)."
    )
    text = "\n".join(p.extract_text() for p in PdfReader(report).pages)
    assert "Markeringar:" in text and "Överstrykning" in text and "Anna Lindqvist" in text


def test_xfdf_exported_from_one_window_imports_into_another_as_one_undo_step_through_the_outbox(
    qtbot: Any,
    qloop: LoopRunner,
    sandbox: Sandbox,
    anna: Services,
    open_workspace: OpenWorkspace,
    tmp_path: Path,
) -> None:
    first = open_workspace()
    platform_before = {a.id for a in qloop.run(anna.client.annotations(first.editor.document_id or ""))}
    added = with_sample_markups(qtbot, first)
    exchange = exchange_of(first)
    xfdf = tmp_path / "markeringar.xfdf"
    (_folder, name), said = run_action(qtbot, first, exchange.export_xfdf_action, xfdf)
    assert name == f"{exchange.title()} markeringar.xfdf"
    assert said == f"Markeringarna exporterades till {xfdf.name} ({len(first.layer.markups)} st.)."

    second = open_workspace()  # another window on the same revision (it holds the first's markups too)
    before = dict(second.layer.markups)
    queued, replies = outbox(qloop, anna, "add_annotation"), outbox(qloop, anna, "reply_to_annotation")
    _offered, said = run_action(qtbot, second, exchange_of(second).import_xfdf_action, xfdf)
    this_revision = [m for m in before.values() if m.document_sha256 in (None, second.editor.document_sha256)]
    assert said.startswith(f"Markeringar importerades från {xfdf.name} ({len(this_revision)} st.).")
    imported = [m for m in second.layer.markups.values() if m.id not in before]
    assert sorted(map(shape_of, imported), key=repr) == sorted(map(shape_of, this_revision), key=repr)
    assert {shape_of(m) for m in added} <= {shape_of(m) for m in imported}
    assert all(
        m.id.startswith("local-") and m.document_sha256 == second.editor.document_sha256 for m in imported
    )
    assert outbox(qloop, anna, "add_annotation") == queued + len(imported), "each one an outbox write"
    sha = second.editor.document_sha256
    threads = sum(len(m.replies) for m in read_xfdf(xfdf.read_bytes()) if m.document_sha256 in (None, sha))
    assert threads >= 2 and outbox(qloop, anna, "reply_to_annotation") == replies + threads, "replies too"
    cloud = next(m for m in imported if m.kind == Kind.CLOUD and m.replies)
    assert [(r.author, r.text) for r in cloud.replies] == [
        ("Anna Lindqvist", "Åtgärdat i rev B."),
        ("Karin Björk", "Ok."),
    ]

    stack = second.editor.undo_stack
    assert stack.undoText() == f"Importera markeringar ({len(imported)} st.)"
    stack.undo()  # one step takes the whole import back
    settled(qtbot, second)
    assert set(second.layer.markups) == set(before)
    stack.redo()
    settled(qtbot, second)
    assert len(second.layer.markups) == len(before) + len(imported)

    qloop.run(anna.sync.sync_now())  # on the platform: the imported thread, the others' replies signed
    on_platform = qloop.run(anna.client.annotations(second.editor.document_id or ""))
    texts = [[r.text for r in a.replies] for a in on_platform if a.kind == Kind.CLOUD and a.replies]
    assert ["Åtgärdat i rev B.", "Karin Björk: Ok."] in texts
    # the sandbox is shared: the samples leave it again (other tests and the README's picture see the sheet)
    with sandbox.client("anna") as http:
        for a in on_platform:
            if a.id not in platform_before:
                http.delete(f"/api/v1/annotations/{a.id}", headers=writing(**{"If-Match": a.etag or "*"}))
    assert {
        a.id for a in qloop.run(anna.client.annotations(second.editor.document_id or ""))
    } == platform_before


def refused(qtbot: Any, w: MarkupWorkspace, path: Path) -> str:
    """Import ``path``; the text of the message box that refuses it (closed again)."""
    exchange = exchange_of(w)
    with qtbot.waitSignal(exchange.finished, timeout=WAIT_MS) as result:
        exchange.start(exchange.import_xfdf(path))
    settled(qtbot, w)
    boxes = [b for b in visible_message_boxes() if b.objectName() == "markupExchangeError"]
    assert len(boxes) == 1, "a refusal is said in a message box"
    text = boxes[0].text()
    assert text == result.args[0] and "Traceback" not in text
    boxes[0].close()
    return text


def test_a_hostile_or_another_revisions_xfdf_is_refused_with_a_message_and_changes_nothing(
    qtbot: Any, qloop: LoopRunner, anna: Services, open_workspace: OpenWorkspace, tmp_path: Path
) -> None:
    w = open_workspace()
    before, depth = dict(w.layer.markups), w.editor.undo_stack.count()
    queued = outbox(qloop, anna, "add_annotation")

    laughs = tmp_path / "skadlig.xfdf"
    laughs.write_text(
        '<?xml version="1.0"?><!DOCTYPE xfdf [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        '<xfdf xmlns="http://ns.adobe.com/xfdf/"><annots><square page="0" rect="1,1,9,9" name="x">'
        "<contents>&b;</contents></square></annots></xfdf>",
        encoding="utf-8",
    )
    text = refused(qtbot, w, laughs)
    assert text.startswith("Filen skadlig.xfdf importerades inte") and text.endswith("Inget har ändrats.")

    huge = tmp_path / "enorm.xfdf"
    with huge.open("wb") as f:
        f.truncate(MAX_XFDF_BYTES + 1)  # sparse: nothing of it is read
    assert refused(qtbot, w, huge).startswith("Filen enorm.xfdf importerades inte")

    broken = tmp_path / "trasig.xfdf"
    broken.write_bytes(b"<xfdf><annots><square")
    assert "trasig.xfdf importerades inte" in refused(qtbot, w, broken)

    other = tmp_path / "annan-version.xfdf"
    other.write_bytes(
        write_xfdf([replace(m, document_sha256="0" * 64, status=Status.ACCEPTED) for m in every_kind(0)[:3]])
    )
    text = refused(qtbot, w, other)
    assert text == (
        "Markeringar gjorda på en annan version av ritningen importerades inte (3 st.; de flyttas aldrig). "
        "Inget har ändrats."
    )
    assert dict(w.layer.markups) == before and w.editor.undo_stack.count() == depth
    assert outbox(qloop, anna, "add_annotation") == queued


def red_pixels(picture: Image.Image) -> list[tuple[int, int]]:
    rgb = picture.convert("RGB")
    width, height = rgb.size
    data = rgb.load()
    assert data is not None
    return [
        (x, y)
        for y in range(0, height, 2)
        for x in range(0, width, 2)
        if (p := data[x, y])[0] > 170 and p[1] < 110 and p[2] < 110  # type: ignore[index]
    ]


def red_rectangle(session: MarkupSession) -> tuple[float, float, float, float]:
    """A thick red rectangle alone on the shown sheet (the others of the page set aside), drawn through the
    editor; its box in page points."""
    canvas = session.viewer.canvas
    session.layer.set_markups([m for m in session.layer.markups.values() if m.page != canvas.page])
    width, height = canvas.unturned_page_size()
    box = (0.6 * width, 0.2 * height, 0.8 * width, 0.4 * height)  # right of centre, low on the sheet
    session.editor.add(
        Markup(
            id="draft-print",
            page=canvas.page,
            kind=Kind.RECTANGLE,
            rect=box,
            color="#ff0000",
            width=8.0,
            document_sha256=session.editor.document_sha256,
        )
    )
    return box


def printed(qloop: LoopRunner, viewer: DrawingViewer, path: Path) -> tuple[Image.Image, QtCore.QRectF, float]:
    """Print the sheet to the PDF file ``path`` (A3 landscape); the page rendered by PDFium at 50 dpi, the
    printable area in points and the factor the sheet was printed at."""
    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QtGui.QPageSize(QtGui.QPageSize.PageSizeId.A3))
    printer.setPageOrientation(QtGui.QPageLayout.Orientation.Landscape)
    printer.setPageMargins(QtCore.QMarginsF(5, 5, 5, 5), QtGui.QPageLayout.Unit.Millimeter)
    done = qloop.run(viewer.print_to(printer, whole=True))
    assert done is not None, viewer.notice.text()
    paper = printer.pageRect(QtPrintSupport.QPrinter.Unit.Point)
    page = pypdfium2.PdfDocument(path.read_bytes())[0]
    return page.render(scale=50 / 72).to_pil(), paper, done.factor


def test_printing_with_the_markups_shown_puts_them_on_paper_where_they_are(
    qtbot: Any, qloop: LoopRunner, open_workspace: OpenWorkspace, tmp_path: Path
) -> None:
    w = open_workspace()
    box = red_rectangle(w.session)
    settled(qtbot, w)
    height = w.viewer.canvas.unturned_page_size()[1]

    picture, paper, factor = printed(qloop, w.viewer, tmp_path / "med.pdf")
    red = red_pixels(picture)
    assert len(red) > 100, "the rectangle is on paper"
    # where it is on the sheet: the sheet starts at the printable area's corner, y downwards on paper
    dots = 50 / 72
    expected_x = (paper.left() + (box[0] + box[2]) / 2 * factor) * dots
    expected_y = (paper.top() + (height - (box[1] + box[3]) / 2) * factor) * dots
    mean_x = sum(x for x, _ in red) / len(red)
    mean_y = sum(y for _, y in red) / len(red)
    assert (
        abs(mean_x - expected_x) < 0.03 * picture.width and abs(mean_y - expected_y) < 0.03 * picture.height
    )
    with pikepdf.open(tmp_path / "med.pdf") as pdf:
        assert not pdf.pages[0].get("/Annots"), "printed as a picture: paper has no annotations to hide"

    # "Spara bild" saves the view as shown: with the markups (the sheet fitted, so the rectangle is in view)
    w.viewer.canvas.fit_page()
    qtbot.waitUntil(lambda: w.viewer.canvas.visible_pixels(w.viewer.canvas.render_scale()) is not None)
    assert qloop.run(w.viewer.save_view(tmp_path / "med.png")), w.viewer.notice.text()
    assert len(red_pixels(Image.open(tmp_path / "med.png"))) > 100

    w.layer.set_shown(False)  # the markups switched off: the drawing as it is
    picture, _paper, _factor = printed(qloop, w.viewer, tmp_path / "utan.pdf")
    assert len(red_pixels(picture)) < 10
    assert qloop.run(w.viewer.save_view(tmp_path / "utan.png"))
    assert len(red_pixels(Image.open(tmp_path / "utan.png"))) < 10


def test_a_case_drawing_windows_print_has_the_markups_while_they_are_shown_and_its_report_the_case(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, host: DrawingsHost, tmp_path: Path
) -> None:
    window, markups = opened_with_markups(qtbot, qloop, sandbox, anna, host)
    red_rectangle(markups)
    qtbot.waitUntil(lambda: not markups.editor.pending, timeout=WAIT_MS)
    assert window.viewer.print_with is not None, "the viewer's print (Ctrl+P) asks the markups"
    picture, _paper, _factor = printed(qloop, window.viewer, tmp_path / "med.pdf")
    assert len(red_pixels(picture)) > 100
    # the report of a case's drawing names the case
    case = qloop.run(anna.store.get_case_summary(markups.document.case_id or ""))
    assert case is not None
    qloop.run(markups.exchange.save_report(tmp_path / "rapport.pdf"))
    text = "\n".join(p.extract_text() for p in PdfReader(tmp_path / "rapport.pdf").pages)
    assert f"Ärende: {case.registration_number}, {case.property_designation}" in text

    window.markups_action.trigger()  # Markeringar off: Ctrl+P prints the drawing as it is
    assert not markups.shown
    picture, _paper, _factor = printed(qloop, window.viewer, tmp_path / "utan.pdf")
    assert len(red_pixels(picture)) < 10
