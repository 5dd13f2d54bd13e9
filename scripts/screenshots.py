"""Regenerate the README's screenshots (docs/screenshots/*.png), offscreen, from the real app.

    python scripts/screenshots.py                          # the README's, in Swedish
    python scripts/screenshots.py --lang en --out /tmp/en  # the same screens in English (to look at)
    python scripts/screenshots.py --only drawing-viewer     # just that one (the others stay as they are)

Starts the app in demo mode (the embedded sandbox platform, its data in a scratch folder), signs in as
the demo caseworker Anna Lindqvist through the sign-in window, and renders: the sign-in window, the
main window with "Mina ärenden", a case, the decision editor and page 1 of its letter (pdftoppm), a
decided case's appeal dates, the e-archive and a revision compare (``scripts/screenshots_drawings.py``),
the case's drawing in the drawing viewer, the outbox while offline, the settings, and the main window in
the dark colour scheme. Nothing is faked: going offline stops the embedded platform.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import qasync  # noqa: E402

from caseworker.auth.secrets import SessionSecretStore  # noqa: E402
from caseworker.domain.models import DocumentKind  # noqa: E402
from caseworker.store import CaseQuery, QueueKind  # noqa: E402
from scripts.screenshots_drawings import shoot_drawings  # noqa: E402
from ui.app.controller import AppController  # noqa: E402
from ui.app.options import AppOptions  # noqa: E402
from ui.app.startup import make_application  # noqa: E402
from ui.qt import Qt, QtWidgets  # noqa: E402
from ui.shell.main_window import MainWindow  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SIZE = (1600, 900)
ONLY: set[str] = set()  # --only: the screenshots to write (empty: all)


async def until(condition: Callable[[], Any], timeout: float = 120, what: str = "") -> Any:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (value := condition()):
        if loop.time() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)
    return value


async def settle(seconds: float = 0.6) -> None:
    """Let pending reloads and repaints finish before a grab."""
    await asyncio.sleep(seconds)
    QtWidgets.QApplication.processEvents()


def save(widget: QtWidgets.QWidget, name: str, out: Path = OUT) -> Path:
    path = out / f"{name}.png"
    if ONLY and name not in ONLY:
        return path
    image = widget.grab().toImage()
    if image.isNull() or not image.save(str(path)):
        raise RuntimeError(f"could not render {name}")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


async def pick_case(window: MainWindow) -> str:
    """An open case of Anna's with a running deadline, documents and history: a representative one."""
    store = window.services.store
    ids = await store.ids(CaseQuery(queue=QueueKind.MINE))
    for case_id in ids:
        summary = await store.get_case_summary(case_id)
        if summary is None or str(summary.status) in ("decided", "closed"):
            continue
        if await store.list_documents(case_id):
            return case_id
    return ids[0]


async def shoot(app: QtWidgets.QApplication, data_dir: Path, out: Path = OUT, lang: str = "sv") -> None:
    options = AppOptions(demo=True, data_dir=data_dir, single_instance=False, lang=lang)
    controller = AppController(app, options, secrets=SessionSecretStore())
    try:
        await controller.start()
        signin = await until(lambda: controller.signin, what="the sign-in window")
        await until(lambda: signin.account_item("anna"), what="the demo accounts")
        signin.resize(520, 660)
        anna = signin.account_item("anna")
        signin.accounts_list.setCurrentItem(anna)
        await settle()
        save(signin, "signin", out)

        signin.sign_in_demo("anna", "Anna Lindqvist")
        window: MainWindow = await until(lambda: controller.main_window, what="the main window")
        window.resize(*SIZE)
        await until(lambda: window.indicator.last_sync is not None, what="the first sync")
        await until(lambda: (window.navigation.count_of("mine") or 0) > 0, what="the counts")
        await until(lambda: window.queue_view.model.rowCount() > 0, what="the queue")
        table = window.queue_view.findChild(QtWidgets.QTableView)
        if table is not None:
            table.selectRow(2)
        await settle()
        save(window, "main", out)

        case_id = await pick_case(window)
        window.open_case(case_id)
        await until(lambda: window.case_view.snapshot is not None, what="the case")
        await settle(1.5)  # the refresh from the platform
        save(window, "case", out)
        await shoot_decision(window, case_id, out)
        await shoot_drawings(controller, window, out, until, settle, save)  # archive.png, compare.png

        # the case's drawing in the viewer at 100 % (the sheet sharp, its size and stated scale below)
        documents = window.case_view.documents.documents
        drawing = next((d for d in documents if d.kind is DocumentKind.DRAWING), None)
        if drawing is not None:
            viewer_window = controller.drawings.open_document(window.services, drawing)
            viewer_window.resize(1400, 860)
            viewer = viewer_window.viewer
            await until(lambda: viewer.document is not None and viewer.canvas.is_sharp(), what="the drawing")
            viewer.canvas.set_view(1.0, (640.0, 400.0))
            await until(
                lambda: viewer.canvas.is_sharp() and viewer.canvas.pending == 0 and viewer.scale_label.text(),
                what="the zoomed drawing",
            )
            await settle()
            save(viewer_window, "drawing-viewer", out)
            viewer_window.close()

        # offline: the embedded platform stops; a note is written anyway and waits in the outbox
        services = window.services
        demo = controller.demo
        assert demo is not None
        await demo.stop()
        await services.sync.sync_now()
        await until(lambda: window.banner.isVisible(), what="the offline state")
        await services.sync.add_note(case_id, "Ringde sökanden: reviderad situationsplan kommer på fredag.")
        await services.sync.add_note(case_id, "Kontrollera avståndet till tomtgränsen mot grannfastigheten.")
        window.navigation.select("outbox")
        await until(lambda: window.outbox_view.model.rowCount() >= 2, what="the outbox")
        window.outbox_view.table.selectRow(0)
        await settle()
        save(window, "outbox", out)

        dialog = controller.open_settings()
        await until(lambda: dialog.cache_bytes is not None, what="the size")
        await settle()
        save(dialog, "settings", out)
        dialog.reject()

        window.navigation.select("mine")
        apply_theme(app, Qt.ColorScheme.Dark)
        await settle(1.0)
        save(window, "main-dark", out)
        apply_theme(app, None)
    finally:
        await controller.shutdown()
        controller.dispose()


async def shoot_decision(window: MainWindow, case_id: str, out: Path) -> None:
    """The decision editor on the case (completed as a caseworker would), a decided case's appeal and
    finality box, and page 1 of the rendered letter (the PDF turned into PNG by pdftoppm)."""
    editor = window.case_view.open_decision_editor()
    assert editor is not None
    editor.resize(*SIZE)
    await editor.load_task
    editor.reasons.setPlainText(
        "Åtgärden stämmer med detaljplanen och bedöms inte medföra betydande olägenhet för grannarna, "
        "som har fått tillfälle att yttra sig utan att invända."
    )
    editor.delegation_ref.setText("delegationsordningen, punkt 3.4")
    await until(lambda: not editor.missing and not editor.preview_timer.isActive(), what="the preview")
    if editor._rendering is not None:
        await editor._rendering
    await settle(1.0)
    save(editor, "decision-editor", out)
    pdf = await editor.final_pdf()
    editor.close()
    with tempfile.TemporaryDirectory() as scratch:
        letter = Path(scratch) / "beslut.pdf"
        letter.write_bytes(pdf)
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm is None:
            raise RuntimeError("pdftoppm (poppler-utils) is needed for the letter's picture")
        subprocess.run(  # noqa: S603 - our own PDF and folder, the tool found on PATH
            [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(letter),
             str(out / "decision-letter")],
            check=True,
        )  # fmt: skip
        print(f"wrote {out / 'decision-letter.png'}")

    view = window.case_view
    for decided in (await decided_cases(window))[:12]:
        window.open_case(decided)
        await until(functools.partial(_showing, view, decided), what="a decided case")
        await settle(1.5)  # its history (the decision's outcome) from the platform
        if view.appeal.poit_button.isVisibleTo(view):  # a granted permit: every part of the box shows
            break
    view.left_scroll.ensureWidgetVisible(view.appeal_box)
    await settle()
    save(window, "decided-case", out)
    window.open_case(case_id)
    await until(lambda: view.case_id == case_id, what="the case again")


def _showing(view: Any, case_id: str) -> bool:
    return view.snapshot is not None and view.case_id == case_id


async def decided_cases(window: MainWindow) -> list[str]:
    """Anna's decided cases (the demo data has notified some of their parties, not all)."""
    store = window.services.store
    found = []
    for case_id in await store.ids(CaseQuery(queue=QueueKind.MINE)):
        summary = await store.get_case_summary(case_id)
        if summary is not None and str(summary.status) == "decided":
            found.append(case_id)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch data folder (and print it)")
    parser.add_argument("--lang", default="sv", help="UI language: sv (the README's), en or pseudo")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs")
    parser.add_argument("--only", action="append", default=[], help="write only this screenshot (repeatable)")
    args = parser.parse_args(argv)
    ONLY.update(args.only)
    args.out.mkdir(parents=True, exist_ok=True)
    data_dir = Path(tempfile.mkdtemp(prefix="caseworker-shots-"))
    app = make_application(AppOptions(theme="light"))
    app.setStyleSheet("")
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    try:
        with loop:
            loop.run_until_complete(shoot(app, data_dir, args.out, args.lang))
    finally:
        if args.keep:
            print(f"data kept in {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
