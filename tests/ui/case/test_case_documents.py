"""Documents in the case view against a live sandbox: opened in the OS viewer (only that is faked), saved
where the user chooses, and the status line in the UI language.

Opening a document downloads it into the encrypted blob store; the one plain copy the viewer needs is in
a private folder of the session under the cache folder, and nowhere else in the app's folders. The app
removes that folder when it shuts down, and what a crash left when it starts again.
"""

from __future__ import annotations

import hashlib
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from caseworker.domain.models import Document
from tests.helpers.plaintext import files_under
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.screenshots import buttons_fit, save, shots_dir
from tests.helpers.waiting import PATIENCE_MS, until
from tests.ui.apphelpers import running_app
from tests.ui.services_factory import find_case, running_services
from ui import i18n
from ui.case import CaseView
from ui.case.documents import (
    DocumentsPanel,
    DocumentUnavailable,
    document_file,
    viewer_filename,
)
from ui.local_files import viewer_root
from ui.qt import QtCore, QtGui, QtWidgets
from ui.services import Services


@pytest.fixture
def anna(qloop: LoopRunner, sandbox: Sandbox, tmp_path: Path) -> Iterator[Services]:
    with running_services(qloop, sandbox.url, "anna", tmp_path / "anna") as services:
        yield services


@pytest.fixture
def translations(qapp: QtWidgets.QApplication) -> Iterator[i18n.Translations]:
    """Swedish to begin with; a test switches back itself once its widgets have followed."""
    translations = i18n.Translations(qapp)
    translations.apply("sv")
    yield translations
    if translations.language != "sv":
        translations.apply("sv")


@pytest.fixture
def os_viewer(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The OS viewer (QDesktopServices.openUrl) replaced: it only records what it was asked to open."""
    opened: list[Path] = []

    def open_url(url: QtCore.QUrl) -> bool:
        opened.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", staticmethod(open_url))
    return opened


def a_case_with_documents(sandbox: Sandbox) -> tuple[dict[str, Any], dict[str, Any], bytes]:
    """A case, its smallest document, and that document's bytes as the platform serves them."""
    with sandbox.client("anna") as c:
        case = find_case(c, lambda k: k["status"] != "closed")
        documents = c.get(f"/api/v1/cases/{case['id']}/documents").raise_for_status().json()
        # other tests on the shared sandbox may have sent tiny decision PDFs: take a seeded document
        doc = min((d for d in documents if d["size"] > 256), key=lambda d: d["size"])
        content = c.get(f"/api/v1/documents/{doc['id']}/content").raise_for_status().content
    assert hashlib.sha256(content).hexdigest() == doc["sha256"]
    return case, doc, content


def files_holding(root: Path, content: bytes) -> list[Path]:
    """Every file under ``root`` that holds ``content`` whole, or a 64-byte piece from its middle."""
    middle = len(content) // 2
    piece = content[middle : middle + 64]
    assert len(piece) == 64, "the test needs a document of more than 128 bytes"
    return [path for path, data in files_under(root) if data == content or piece in data]


def offline_mark(panel: DocumentsPanel) -> str:
    item = panel.tree.currentItem()
    return item.text(3) if item is not None else ""


def selected(panel: DocumentsPanel) -> Document:
    doc = panel.selected()
    assert doc is not None
    return doc


def test_an_opened_document_is_stored_encrypted_and_its_one_plain_copy_goes_at_shutdown_and_next_start(
    qtbot: Any, qapp: QtWidgets.QApplication, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox,
    os_viewer: list[Path],
) -> None:  # fmt: skip
    case, doc, content = a_case_with_documents(sandbox)
    root = tmp_path / "app"
    with running_app(qapp, qloop, root, platform=sandbox.url) as app:
        app.start()
        window = app.sign_in_by_clicking("anna", qtbot)
        services = window.services
        view = window.case_view
        window.open_case(case["id"])
        app.wait(lambda: view.documents.tree.topLevelItemCount() > 0, what="the documents")
        view.documents.select(doc["id"])
        assert view.documents.selected() is not None
        assert not app.run(services.store.has_blob(doc["sha256"])), "not downloaded before it is opened"
        qtbot.mouseClick(view.documents.open_button, QtCore.Qt.MouseButton.LeftButton)
        app.wait(lambda: os_viewer, what="the OS viewer to be asked")

        [copy] = os_viewer
        assert copy.name == doc["filename"]
        assert copy.read_bytes() == content
        private = viewer_root(app.paths)
        assert private.parent == app.paths.cache and copy.is_relative_to(private)
        if sys.platform != "win32":  # owner-only, every folder from the private one down
            for folder in (private, *[p for p in copy.parents if p.is_relative_to(private) and p != private]):
                assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
            assert stat.S_IMODE(copy.stat().st_mode) & 0o077 == 0
        # the bytes went into the blob store, encrypted: the only plain copy in the app's folders is the
        # viewer's (nothing in the store, its downloads folder, the cache or the logs)
        assert app.run(services.store.has_blob(doc["sha256"]))
        assert files_holding(root, content) == [copy]
        assert view.documents.status.text() == ""
        app.wait(lambda: "Finns offline" in offline_mark(view.documents), what="offline mark")

        app.shutdown()
        assert not copy.exists()
        assert not private.exists()
        assert files_holding(root, content) == []

    # a crash leaves the viewer's copies behind: the next start removes them before anything else
    leftover = viewer_root(app.paths) / "session-crashed" / "doc" / doc["filename"]
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(content)
    with running_app(qapp, qloop, root, platform=sandbox.url) as again:
        assert not viewer_root(again.paths).exists()
        assert files_holding(root, content) == []


def test_save_as_writes_where_the_user_chose_and_the_status_line_follows_a_live_switch(
    qtbot: Any, qloop: LoopRunner, sandbox: Sandbox, anna: Services, tmp_path: Path,
    translations: i18n.Translations, os_viewer: list[Path],
) -> None:  # fmt: skip
    case, doc, content = a_case_with_documents(sandbox)
    view = CaseView(anna)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    qloop.run(view.show_case(case["id"]))
    panel = view.documents
    shots = shots_dir(tmp_path)
    panel.select(doc["id"])
    chosen = tmp_path / "chosen" / "kopia.pdf"
    chosen.parent.mkdir()

    qloop.run(panel.save_to(selected(panel), chosen))
    assert chosen.read_bytes() == content
    assert [p.name for p in chosen.parent.iterdir()] == ["kopia.pdf"], "no part file left"
    assert panel.status.text() == f"Sparad: {chosen}"
    assert not viewer_root(anna.paths).exists(), "saving writes no copy for the viewer"
    assert os_viewer == []
    qloop.run(until(lambda: "✓ Finns offline" in offline_mark(panel)))
    save(view.documents_box, shots, "documents_sv")
    assert buttons_fit(view.documents_box) == []

    translations.apply("en")
    qtbot.waitUntil(lambda: panel.open_button.text() == "O&pen", timeout=PATIENCE_MS)
    assert panel.status.text() == f"Saved: {chosen}"
    qloop.run(until(lambda: "✓ Available offline" in offline_mark(panel)))
    save(view.documents_box, shots, "documents_en")
    assert buttons_fit(view.documents_box) == []

    # a failure is kept as what happened, and said in the language of the moment
    nowhere = tmp_path / "no such folder" / "kopia.pdf"
    task = panel.save_to(selected(panel), nowhere)
    qloop.run(until(task.done))
    assert panel.status.text().startswith("The copy could not be saved: "), panel.status.text()
    translations.apply("sv")
    qtbot.waitUntil(lambda: panel.open_button.text() == "Ö&ppna", timeout=PATIENCE_MS)
    assert panel.status.text().startswith("Kopian kunde inte sparas: "), panel.status.text()
    assert not nowhere.parent.exists()
    qloop.run(until(lambda: "✓ Finns offline" in offline_mark(panel)))


@pytest.mark.parametrize(
    ("filename", "media_type", "expected"),
    [
        ("Situationsplan.pdf", "application/pdf", "Situationsplan.pdf"),
        ("skanning.TIF", "image/tiff", "skanning.TIF"),
        ("ritning.exe", "application/pdf", "ritning.exe.pdf"),  # the platform says PDF: a PDF viewer opens it
        ("..\\..\\Startup\\run.js", "image/png", "run.js.png"),
        ("CON.pdf", "application/pdf", "_CON.pdf"),
        ("a" * 300 + ".pdf", "application/pdf", "a" * 120 + ".pdf"),
    ],
)
def test_the_viewer_copy_is_named_for_a_document_viewer(
    filename: str, media_type: str, expected: str
) -> None:
    assert viewer_filename(filename, media_type) == expected


@pytest.mark.parametrize(
    ("filename", "media_type"),
    [("faktura.exe", "application/octet-stream"), ("bild.hta", "text/html"), ("genväg.lnk", "")],
)
def test_a_program_or_script_from_the_applicant_is_never_opened(
    qloop: LoopRunner, sandbox: Sandbox, anna: Services, os_viewer: list[Path], filename: str, media_type: str
) -> None:
    _case, listed, _content = a_case_with_documents(sandbox)
    doc = Document.model_validate({**listed, "filename": filename, "media_type": media_type})
    with pytest.raises(DocumentUnavailable) as refused:
        qloop.run(document_file(anna, doc))
    assert "säkerhetsskäl" in refused.value.user_message
    assert not qloop.run(anna.store.has_blob(doc.sha256)), "refused before anything was fetched"
    assert os_viewer == [] and not viewer_root(anna.paths).exists()
