"""`caseworker --self-test`: the frozen bundle checks itself, headless, and exits 0 or 1.

``packaging/build.py`` runs it on the bundle it has just built (``QT_QPA_PLATFORM=offscreen``), before it
packs the installer; the Windows workflow runs it on the Windows bundle. Each step exercises what a
missing file in the bundle would break:

1. ``resources``: icons, the compiled translations, the API contract, the sandbox's page templates;
2. ``qt``: every Qt module and plugin the app uses (platform, image formats, SVG icon engine, the
   Fusion style, print support by printing a page to PDF);
3. ``pdf``: a letter made with reportlab, read with pypdf and rendered with PDFium (:func:`render_pdf_page`);
4. ``tiff``: a Group 4 TIFF written and decoded with Pillow (libtiff);
5. ``sandbox``, ``sign-in``, ``store``, ``case``: the real app (:class:`~ui.app.controller.AppController`)
   starts the embedded sandbox, signs in as the demo account ``anna``, syncs into its encrypted store,
   opens a case in the main window, and shuts down cleanly.

Everything happens in a throw-away data folder (or ``--data-dir``), with a session-only key store (a
build machine has no keystore). It prints ``self-test: <step> ok (…)`` per step, and on failure one line
``self-test FAILED at <step>: <what>`` and exits 1. The lines also go to the log (a Windows bundle has
no console). Nothing personal is printed: no names, no case numbers.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import qasync

from caseworker.paths import AppPaths
from caseworker.waiting import poll_until
from ui.app.options import AppOptions
from ui.logs import close_logging, setup_logging
from ui.qt import MainThreadGarbageCollector, QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from ui.app.controller import AppController

log = logging.getLogger(__name__)

TIMEOUT_S = 300.0  # the first sandbox start seeds its demo data: seconds here, longer on a cold runner
DEMO_USER = "anna"
IMAGE_FORMATS = ("png", "jpeg", "gif", "ico", "svg")  # what icons, logos and pasted images use
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtNetwork", "QtPrintSupport")


class SelfTestFailed(Exception):
    """A step found something missing or broken; the message says what."""


# --- the checks that need no app -----------------------------------------------------------------------


def check_resources() -> str:
    from ui.i18n import LANGUAGES, SOURCE_LANGUAGE, ensure_built
    from ui.theme import ICONS_DIR

    if not (ICONS_DIR / "app.svg").is_file():
        raise SelfTestFailed(f"no icons in {ICONS_DIR}")
    for lang in LANGUAGES:
        if lang != SOURCE_LANGUAGE and ensure_built(lang) is None:
            raise SelfTestFailed(f"no {lang} translations")
    contract = resources.files("caseworker.api").joinpath("openapi.yaml")
    if not contract.is_file():
        raise SelfTestFailed("caseworker/api/openapi.yaml is missing")
    if not resources.files("caseworker.sandbox").joinpath("templates", "page.html").is_file():
        raise SelfTestFailed("the sandbox's page templates are missing")
    return "icons, translations, contract, sandbox templates"


def check_qt(app: QtWidgets.QApplication, work: Path) -> str:
    import importlib

    for name in QT_MODULES:
        importlib.import_module(f"PySide6.{name}")
    from PySide6 import QtPrintSupport

    from ui.theme import app_icon

    platform = app.platformName()
    if not platform:
        raise SelfTestFailed("no Qt platform plugin")
    formats = {bytes(f.data()).decode() for f in QtGui.QImageReader.supportedImageFormats()}
    missing = [f for f in IMAGE_FORMATS if f not in formats]
    if missing:
        raise SelfTestFailed(f"Qt image format plugins missing: {', '.join(missing)}")
    if app_icon().pixmap(32, 32).isNull():
        raise SelfTestFailed("the SVG icon engine cannot draw the app icon")
    styles = QtWidgets.QStyleFactory.keys()  # a list of names (not a dict)
    if "fusion" not in [name.lower() for name in styles]:
        raise SelfTestFailed("the Fusion style is missing")
    target = work / "printed.pdf"
    printer = QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    painter = QtGui.QPainter()
    if not painter.begin(printer):
        raise SelfTestFailed("print support cannot open a PDF printer")
    painter.drawText(100, 100, "Caseworker")
    painter.end()
    if not target.is_file() or target.stat().st_size == 0:
        raise SelfTestFailed("print support wrote no PDF")
    return f"platform {platform}, {len(formats)} image formats, print to PDF"


def make_test_pdf(target: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(target), pagesize=A4)
    canvas.setFont("Helvetica", 14)
    canvas.drawString(72, 760, "Caseworker self-test: beslut")
    canvas.rect(72, 400, 300, 200, fill=1)
    canvas.showPage()
    canvas.save()


def render_pdf_page(path: Path, width: int) -> tuple[int, int, bool]:
    """Render a PDF's first page ``width`` pixels wide: (width, height, whether anything was drawn).

    The one place the self-test touches PDFium. It uses pypdfium2 directly; once the drawings engine
    (``caseworker.drawings``, pypdfium2 in worker processes) is merged, this should call its headless
    render instead, so the self-test covers exactly the code the viewer runs.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil()
        page.close()
    finally:
        document.close()
    grey = image.convert("L")
    return image.width, image.height, grey.getextrema()[0] < 128


def check_pdf(work: Path) -> str:
    import pypdf

    source = work / "letter.pdf"
    make_test_pdf(source)
    if len(pypdf.PdfReader(source).pages) != 1:
        raise SelfTestFailed("pypdf did not read the PDF reportlab wrote")
    try:
        import pypdfium2  # noqa: F401
    except ImportError:
        return "reportlab wrote and pypdf read a letter (no PDFium in this build)"
    w, h, drawn = render_pdf_page(source, 800)
    if not drawn or h <= w:
        raise SelfTestFailed(f"PDFium rendered a {w}×{h} page without its content")
    return f"reportlab → pypdf → PDFium {w}×{h}"


def check_tiff(work: Path) -> str:
    from PIL import Image, ImageDraw, features

    if not features.check("libtiff"):
        raise SelfTestFailed("Pillow has no libtiff (Group 4 scans cannot be read)")
    scan = Image.new("1", (2400, 1700), 1)
    ImageDraw.Draw(scan).rectangle((200, 200, 2200, 1500), outline=0, width=8)
    path = work / "scan.tif"
    scan.save(path, compression="group4", dpi=(300, 300))
    with Image.open(path) as image:
        if image.info.get("compression") != "group4":
            raise SelfTestFailed("the TIFF was not written as Group 4")
        image.load()
        preview = image.convert("L").reduce(8)
    if preview.getextrema()[0] >= 128:
        raise SelfTestFailed("the decoded TIFF lost its lines")
    return f"Group 4 {scan.width}×{scan.height} → {preview.width}×{preview.height}"


# --- the app: sandbox, sign-in, store, a case -------------------------------------------------------------


async def wait_until(condition: Callable[[], Any], what: str, timeout: float, poll: float = 0.05) -> Any:
    """The condition's first true value; :class:`SelfTestFailed` naming ``what`` after ``timeout``."""
    return await poll_until(condition, timeout=timeout, what=what, step=poll, timed_out=_not_in_time)


def _not_in_time(what: str, timeout: float) -> SelfTestFailed:
    return SelfTestFailed(f"{what}: not within {timeout:.0f} s")


class SelfTest:
    def __init__(self, app: QtWidgets.QApplication, paths: AppPaths, work: Path, out: TextIO | None) -> None:
        self.app = app
        self.paths = paths
        self.work = work
        self.out = out
        self.step = "start"
        self.failure: str | None = None  # the one line that says what failed
        self.unhandled: list[str] = []

    def say(self, text: str) -> None:
        log.info("%s", text)
        if self.out is not None:
            print(text, file=self.out, flush=True)

    async def run_step(self, name: str, action: Callable[[], Awaitable[str] | str]) -> None:
        self.step = name
        started = time.perf_counter()
        result = action()
        detail = await result if not isinstance(result, str) else result
        if self.unhandled:
            raise SelfTestFailed(f"unhandled error: {self.unhandled[0]}")
        self.say(f"self-test: {name} ok ({detail}; {time.perf_counter() - started:.2f} s)")

    def fail(self, exc: BaseException) -> None:
        if self.failure is not None:
            return
        log.error("self-test failed at %s", self.step, exc_info=exc)
        reason = str(exc).splitlines()[0] if str(exc) else ""
        kind = "" if isinstance(exc, SelfTestFailed) else f"{type(exc).__name__}: "
        self.failure = f"self-test FAILED at {self.step}: {kind}{reason}".rstrip(": ")

    async def run(self) -> int:
        """All steps; the app's steps run beside the app's own ``run``, which this task awaits (the
        controller's shutdown cancels every other task of the app's modules, so it must be this one)."""
        from caseworker.auth.secrets import SessionSecretStore
        from ui.app.controller import AppController

        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        timer = loop.call_later(TIMEOUT_S, lambda: self.fail(TimeoutError(f"no result in {TIMEOUT_S:.0f} s")))
        try:
            try:
                await self.run_step("resources", check_resources)
                await self.run_step("qt", lambda: check_qt(self.app, self.work))
                await self.run_step("pdf", lambda: asyncio.to_thread(check_pdf, self.work))
                await self.run_step("tiff", lambda: asyncio.to_thread(check_tiff, self.work))
            except Exception as exc:  # noqa: BLE001  # reported as the one FAILED line, logged in full
                self.fail(exc)
            if self.failure is None:
                # the sandbox beside the self-test's data folder, never the user's own demo platform
                options = AppOptions(
                    demo=True, user=DEMO_USER, single_instance=False, data_dir=self.paths.data.parent
                )
                secrets = SessionSecretStore()  # a build machine has no keystore; nothing is kept
                controller = AppController(self.app, options, paths=self.paths, secrets=secrets)
                # the harness driving the app from outside (like a test), not an operation of the UI
                steps = asyncio.ensure_future(self._app_steps(controller))
                code = await controller.run()
                if not steps.done():
                    steps.cancel()
                    self.fail(SelfTestFailed("the app stopped before the self-test ended"))
                elif code != 0:
                    self.fail(SelfTestFailed(f"the app exited with {code}"))
                elif self.unhandled:  # e.g. during the shutdown
                    self.fail(SelfTestFailed(f"unhandled error: {self.unhandled[0]}"))
        finally:
            timer.cancel()
        if self.failure is not None:
            self.say(self.failure)
            return 1
        self.say(f"self-test: all ok ({time.perf_counter() - started:.1f} s)")
        return 0

    async def _app_steps(self, controller: AppController) -> None:
        """Sandbox, sign-in, store, a case; then asks the app to quit (also when a step failed)."""
        from caseworker.store import CaseQuery, QueueKind

        def signed_in() -> bool:
            signin = controller.signin
            if self.failure is not None:
                raise SelfTestFailed("stopped")
            if signin is not None and signin.error.isVisible():
                raise SelfTestFailed(signin.error.text())
            return controller.main_window is not None and controller.services is not None

        async def sandbox() -> str:
            await wait_until(lambda: controller.demo is not None or signed_in(), "the sandbox", TIMEOUT_S)
            return "embedded on loopback"

        async def sign_in() -> str:
            await wait_until(signed_in, f"signed in as {DEMO_USER}", TIMEOUT_S)
            return "demo account"

        async def store() -> str:
            services = controller.services
            assert services is not None
            while services.sync.last_synced is None:  # the first complete sync
                if self.failure is not None:
                    raise SelfTestFailed("stopped")
                await asyncio.sleep(0.1)
            cases = await services.store.count(CaseQuery(queue=QueueKind.MINE))
            if cases == 0:
                raise SelfTestFailed("the demo account's queue is empty after a sync")
            return f"synced, {cases} cases in the queue"

        async def open_case() -> str:
            window = controller.main_window
            assert window is not None
            case_id = await wait_until(lambda: window.queue_view.model.id_at(0), "a queue row", TIMEOUT_S)
            window.open_case(case_id)
            view = window.case_view

            def shown() -> bool:
                if view.error.isVisible():
                    raise SelfTestFailed(view.error.text())
                return view.snapshot is not None and view.case_id == case_id and view.isVisible()

            await wait_until(shown, "the case view", TIMEOUT_S)
            return "the first case of the queue shown"

        try:
            await self.run_step("sandbox", sandbox)
            await self.run_step("sign-in", sign_in)
            await self.run_step("store", store)
            await self.run_step("case", open_case)
        except Exception as exc:  # noqa: BLE001  # reported as the one FAILED line, logged in full
            self.fail(exc)
        finally:
            self.step = "shutdown"
            controller.request_quit()


def run(options: AppOptions, out: TextIO | None = None) -> int:
    """The whole self-test in this process (its own QApplication and event loop); the exit code."""
    from ui.app.startup import make_application

    out = out if out is not None else sys.stdout  # None in a Windows bundle without a console
    with tempfile.TemporaryDirectory(prefix="caseworker-selftest-") as tmp:
        work = Path(tmp)
        paths = AppPaths.under(options.data_dir or work / "data").ensure()
        setup_logging(paths.logs)
        app = make_application(options)
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        collector = MainThreadGarbageCollector(app)
        check = SelfTest(app, paths, work, out)
        previous_hook = sys.excepthook

        def unhandled(kind: type[BaseException], value: BaseException, tb: Any) -> None:
            log.error("unhandled error during the self-test", exc_info=(kind, value, tb))
            check.unhandled.append(f"{kind.__name__}: {value}")

        sys.excepthook = unhandled
        try:
            with loop:
                code = loop.run_until_complete(check.run())
        finally:
            sys.excepthook = previous_hook
            asyncio.set_event_loop(None)
            collector.stop()
            close_logging()
        QtCore.QCoreApplication.processEvents()
    return code
