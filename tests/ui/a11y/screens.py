"""Every screen and dialog of the app, built the way a user meets it, for the accessibility audit.

A screen is a name and a factory: ``build(ctx)`` returns the window, shown, in the state to audit (a
queue loaded, a case open, a conflict selected). To add a new screen (a drawing viewer, a decision
dialog, …) register its factory here::

    @screen("drawing viewer")
    def drawing_viewer(ctx: Ctx) -> QtWidgets.QWidget:
        window = DrawingViewer(ctx.services, ...)
        return ctx.show(window)

and the audit runs every check on it in Swedish and English, light and dark. A screen that belongs to
the main window (a page of its stack) selects that page on ``ctx.main_window()`` and returns the window
(``keep=True``: it is shared, not closed).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from caseworker.domain.models import CasePatch, CaseStatus
from caseworker.markups import Markup
from caseworker.store import Conflict, OutboxItem, OutboxState, QueueKind
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import PATIENCE, until
from tests.ui.apphelpers import settle
from tests.ui.services_factory import find_case
from ui.qt import QtCore, QtWidgets
from ui.services import Services
from ui.settings_store import AppSettings


@dataclass
class Ctx:
    """What the factories share: the user's services (through a proxy that can go offline), the
    platform, settings, and one main window."""

    qtbot: Any
    qloop: LoopRunner
    services: Services
    sandbox: Sandbox
    proxy: FaultyProxy
    config_dir: Path
    language: str
    case_id: str = ""
    conflict_case_id: str = ""
    _main: Any = None
    opened: list[QtWidgets.QWidget] = field(default_factory=list)

    @property
    def settings(self) -> AppSettings:
        return AppSettings(self.config_dir)

    def show(self, window: QtWidgets.QWidget) -> QtWidgets.QWidget:
        window.show()
        self.opened.append(window)
        return window

    def wait(self, condition: Callable[[], Any], timeout: float = PATIENCE) -> None:
        self.qloop.run(until(condition, timeout))

    def close_opened(self) -> None:
        """Close and delete the screen's windows (deleted now: a later language switch must not reach
        them once the services are closed)."""
        for window in reversed(self.opened):
            window.close()
            window.deleteLater()
        self.opened.clear()
        QtWidgets.QApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)

    def close_all(self) -> None:
        """Close every window and let what they started end while the services still run."""
        if self._main is not None:
            self._main.allow_close = True
            self.opened.append(self._main)
            self._main = None
        self.close_opened()
        settle(self.qloop)

    def main_window(self) -> Any:
        from ui.shell.main_window import MainWindow

        if self._main is None:
            self._main = MainWindow(self.services, self.settings)
            self._main.show()
        return self._main


@dataclass(frozen=True)
class Screen:
    name: str
    build: Callable[[Ctx], QtWidgets.QWidget]
    keep: bool = False  # shared (the main window): not closed after the audit


SCREENS: list[Screen] = []


def screen(name: str, *, keep: bool = False) -> Callable[[Callable[[Ctx], QtWidgets.QWidget]], Any]:
    def register(build: Callable[[Ctx], QtWidgets.QWidget]) -> Callable[[Ctx], QtWidgets.QWidget]:
        SCREENS.append(Screen(name, build, keep))
        return build

    return register


# --- the state the screens show -------------------------------------------------------------------------


def prepare(ctx: Ctx) -> None:
    """A conflict, a waiting note and the user offline: every badge, band and colour has something to show."""
    with ctx.sandbox.client("anna") as c:
        conflicted = find_case(c, lambda k: k["status"] == "received")
        shown = find_case(
            c,
            lambda k: (
                k["status"] == "under_review"
                and any(p["personal_number"] for p in k["parties"])
                and k["id"] != conflicted["id"]
            ),
        )
    ctx.case_id, ctx.conflict_case_id = shown["id"], conflicted["id"]
    sync = ctx.services.sync
    ctx.proxy.cut()
    ctx.qloop.run(sync.patch_case(conflicted["id"], CasePatch(status=CaseStatus.UNDER_REVIEW)))
    with ctx.sandbox.client("erik") as c:  # a colleague changes the same case meanwhile
        etag = c.get(f"/api/v1/cases/{conflicted['id']}").raise_for_status().headers["etag"]
        c.patch(
            f"/api/v1/cases/{conflicted['id']}",
            json={"status": "complete"},
            headers={"If-Match": etag, "Idempotency-Key": f"audit-{conflicted['id']}"},
        ).raise_for_status()
    ctx.proxy.restore()
    ctx.qloop.run(sync.sync_now())
    ctx.proxy.cut()
    ctx.qloop.run(sync.add_note(shown["id"], "Platsbesök bokat till torsdag kl. 10."))
    ctx.qloop.run(sync.sync_now())  # fails: offline


def text_conflict() -> OutboxItem:
    now = dt.datetime(2026, 11, 24, 13, 5, tzinfo=dt.UTC)
    base = {"page": 0, "kind": "callout", "geometry": {"x": 10, "y": 20}, "text": "Kontrollera takfoten."}
    theirs = {**base, "text": "Kontrollera takfoten mot detaljplanen (max 7,5 m)."}
    ours = {**base, "text": "Kontrollera takfoten – 8,1 m enligt sektion A-A."}
    return OutboxItem(
        seq=1, id="item-1", created_at=now, updated_at=now, kind="update_annotation", method="PUT",
        path="/api/v1/annotations/a1", case_id="c1", ordering_key="c1", payload=ours,
        idempotency_key="k", if_match='"a1-v1"', state=OutboxState.CONFLICT, attempts=1, last_error=None,
        conflict=Conflict(base=base, theirs=theirs, ours=ours, their_etag='"a1-v2"'),
    )  # fmt: skip


# --- the screens ----------------------------------------------------------------------------------------


class _NoHost:
    async def signed_in(self, platform_url: str, tokens: Any) -> None:
        await asyncio.sleep(0)

    async def reopen(self, user: Any) -> bool:
        return False


@screen("sign-in")
def sign_in(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.signin.window import SignInWindow

    window = SignInWindow(ctx.services.http, _NoHost())
    ctx.show(window)
    window.set_platform(ctx.sandbox.url, demo=True)
    ctx.wait(lambda: window.account_item("anna") is not None)
    return window


def _queue(kind: QueueKind) -> Callable[[Ctx], QtWidgets.QWidget]:
    def build(ctx: Ctx) -> QtWidgets.QWidget:
        window = ctx.main_window()
        window.navigation.select(kind.value)
        view = window.queue_view
        ctx.wait(lambda: view.model.is_loaded and view.queue() is kind and view.count_label.text() != "")
        return window

    return build


for _kind in (QueueKind.MINE, QueueKind.UNASSIGNED, QueueKind.TEAM, QueueKind.ALL, QueueKind.BOOKMARKED):
    screen(f"main window: {_kind.value}", keep=True)(_queue(_kind))


@screen("main window: case", keep=True)
def case(ctx: Ctx) -> QtWidgets.QWidget:
    window = ctx.main_window()
    window.open_case(ctx.case_id)
    view = window.case_view
    ctx.wait(lambda: view.snapshot is not None and view.case_id == ctx.case_id and view.parties.rows)
    return window


@screen("main window: decided case", keep=True)
def decided_case(ctx: Ctx) -> QtWidgets.QWidget:
    with ctx.sandbox.client("anna") as c:
        decided = find_case(c, lambda k: k["status"] == "decided")
    window = ctx.main_window()
    window.open_case(decided["id"])
    view = window.case_view
    ctx.wait(lambda: view.case_id == decided["id"] and view.appeal_box.isVisibleTo(view))
    return window


@screen("main window: outbox", keep=True)
def outbox(ctx: Ctx) -> QtWidgets.QWidget:
    window = ctx.main_window()
    window.navigation.select("outbox")
    view = window.outbox_view
    ctx.qloop.run(view.refresh())
    conflict = next(r for r in view.model.rows if r.item.state is OutboxState.CONFLICT)
    view.select_item(conflict.item.id)
    return window


@screen("conflict dialog")
def conflict_dialog(ctx: Ctx) -> QtWidgets.QWidget:
    view = ctx.main_window().outbox_view
    ctx.qloop.run(view.refresh())
    view.select_item(next(r.item.id for r in view.model.rows if r.item.state is OutboxState.CONFLICT))
    dialog = view.conflict_dialog()
    assert dialog is not None
    return ctx.show(dialog)


@screen("conflict dialog: editing")
def conflict_editing(ctx: Ctx) -> QtWidgets.QWidget:
    dialog = conflict_dialog(ctx)
    dialog.start_editing()  # type: ignore[attr-defined]
    return dialog


@screen("conflict dialog: a text")
def conflict_text(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.outbox.conflict import ConflictDialog

    dialog = ConflictDialog(text_conflict(), registration_number="BYGG 2026-000123")
    ctx.show(dialog)
    dialog.start_editing()
    return dialog


@screen("discard confirmation")
def discard(ctx: Ctx) -> QtWidgets.QWidget:
    view = ctx.main_window().outbox_view
    ctx.qloop.run(view.refresh())
    return ctx.show(view.discard_confirmation(view.model.rows[0]))


@screen("settings")
def settings(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.settings.dialog import SettingsDialog

    return ctx.show(SettingsDialog(ctx.settings, ctx.services, language=ctx.language))


@screen("settings: delete local data?")
def wipe(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(ctx.settings, ctx.services, language=ctx.language)
    ctx.opened.append(dialog)
    return ctx.show(dialog.wipe_confirmation(2))


@screen("extend the time limit")
def extend(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.case.dialogs import ExtendDeadlineDialog

    return ctx.show(ExtendDeadlineDialog("BYGG 2026-000123"))


@screen("request completion")
def completion(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.case.dialogs import CompletionRequestDialog

    return ctx.show(CompletionRequestDialog("BYGG 2026-000123", "Älvdala Hamnen 1:1"))


@screen("request completion: reply after the deadline")
def completion_late(ctx: Ctx) -> QtWidgets.QWidget:
    from caseworker.domain.models import DeadlineFacts
    from ui.case.dialogs import CompletionLetter, CompletionRequestDialog

    today = dt.date.today()
    facts = DeadlineFacts(received_on=today - dt.timedelta(weeks=8))
    letter = CompletionLetter("BYGG 2026-000123", "Älvdala Hamnen 1:1", deadline=facts, today=today)
    return ctx.show(CompletionRequestDialog("BYGG 2026-000123", "Älvdala Hamnen 1:1", letter=letter))


@screen("make available offline: progress")
def offline_progress(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.case.dialogs import OfflineProgressDialog

    dialog = OfflineProgressDialog()
    dialog.set_bytes(12_300_000, 45_600_000)
    return ctx.show(dialog)


@screen("about")
def about(ctx: Ctx) -> QtWidgets.QWidget:
    window = ctx.main_window()
    window.show_about()
    box = window.findChild(QtWidgets.QMessageBox, "aboutDialog")
    assert box is not None
    ctx.opened.append(box)
    return box


@screen("an operation's error")
def operation_error(ctx: Ctx) -> QtWidgets.QWidget:
    from caseworker.store import StoreCorrupted
    from ui import ops

    box = ops.show_error(ctx.main_window(), ops.user_message(StoreCorrupted("malformed")) or "")
    ctx.opened.append(box)
    return box


@screen("decision editor")
def decision_editor(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.decisions.editor import DecisionEditor

    editor = DecisionEditor(ctx.services, ctx.case_id)
    ctx.show(editor)
    ctx.qloop.run(editor.load_task)
    ctx.wait(lambda: editor.rendered is not None and not editor.preview_timer.isActive())
    return editor


@screen("third-party licences")
def licences(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.support import LicencesDialog

    return ctx.show(LicencesDialog(None))


def _platform_case(ctx: Ctx) -> Any:
    from caseworker.domain.models import Case

    with ctx.sandbox.client("anna") as c:
        return Case.model_validate(c.get(f"/api/v1/cases/{ctx.case_id}").raise_for_status().json())


@screen("decision notices")
def decision_notices(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.decisions.notify import NoticesDialog

    today = dt.date.today()
    case = _platform_case(ctx)
    dialog = NoticesDialog(case, today - dt.timedelta(days=3), published=True, today=today)
    return ctx.show(dialog)


@screen("PoIT notice")
def poit_notice(ctx: Ctx) -> QtWidgets.QWidget:
    from caseworker.decisions.poit import poit_notice as notice_text
    from caseworker.domain.models import CaseType, DecisionOutcome
    from ui.decisions.notify import PoitNoticeDialog

    case = _platform_case(ctx).model_copy(update={"case_type": CaseType.NEW_BUILDING_HOUSE})
    municipality = ctx.services.municipalities[case.municipality_id]
    text = notice_text(case, municipality, DecisionOutcome.GRANTED, dt.date.today())
    return ctx.show(PoitNoticeDialog(case.registration_number, text))


# --- the team lead's workload tools (ui/workload) ------------------------------------------------------


def _team(ctx: Ctx) -> tuple[list[Any], list[Any]]:
    """Anna's team as the workload tools see it: her and two colleagues, one absent, and the open cases
    the store holds of them (the audit's user is no lead: the screens are built directly)."""
    from caseworker.workload import Member, load_open_cases

    user = ctx.services.user
    places = frozenset(user.municipalities)
    members = [
        Member(user.id, user.display_name, places),
        Member("user-erik", "Erik Sandberg", places),
        Member("user-lina", "Lina Forsberg", places, absent=True, absent_until=dt.date(2026, 12, 24)),
    ]
    cases = ctx.qloop.run(load_open_cases(ctx.services.store, roster=members))
    return members, cases


@screen("workload board")
def workload_board(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.workload.board import WorkloadBoard

    board = WorkloadBoard(ctx.services)
    board.resize(1100, 700)
    ctx.show(board)
    ctx.qloop.run(board.wait_shown())
    if board.model.rows:
        ctx.qloop.run(board.show_member(board.model.rows[0].member_id))
        ctx.qloop.run(board.member_queue.model.wait_loaded())
    return board


@screen("workload: reassign cases")
def reassign_dialog(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.workload.dialogs import ReassignDialog

    members, _ = _team(ctx)
    case = ctx.qloop.run(ctx.services.store.get_case_summary(ctx.case_id))
    dialog = ReassignDialog([case], members, {}, to_id="user-erik")
    dialog.reason.setText("Semester")
    return ctx.show(dialog)


@screen("workload: absence cover")
def cover_dialog(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.workload.dialogs import CoverDialog, TeamCases

    members, cases = _team(ctx)
    team = TeamCases(cases, members, {}, dt.date.today())
    return ctx.show(CoverDialog(team, absent_id=ctx.services.user.id))


@screen("workload: balancing proposal")
def proposal_dialog(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.workload.dialogs import ProposalDialog, TeamCases

    members, cases = _team(ctx)
    return ctx.show(ProposalDialog(TeamCases(cases, members, {}, dt.date.today())))


@screen("workload: moves report")
def move_report(ctx: Ctx) -> QtWidgets.QWidget:
    from ui.workload.dialogs import MoveReport, PlannedMove

    report = MoveReport([PlannedMove(ctx.case_id, "BYGG 2026-000123", "user-erik", "Erik Sandberg")])
    report.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, False)
    report.show_items({})
    return ctx.show(report)


def _drawing_window(ctx: Ctx, data: bytes, name: str) -> Any:
    """A drawing window of its own engine (closed with the window), the file opened and settled."""
    from caseworker.drawings import RenderEngine
    from ui.drawings import DrawingWindow

    path = ctx.config_dir.parent / "drawings" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    engine = RenderEngine()
    window = DrawingWindow(engine, name)
    window.closed.connect(engine.close)
    window.resize(1100, 760)
    ctx.show(window)
    window.viewer.open(path)
    viewer, canvas = window.viewer, window.viewer.canvas
    ctx.wait(lambda: viewer.error is not None or (viewer.document is not None and canvas.is_sharp()), 120)
    return window


@screen("drawing viewer")
def drawing_viewer(ctx: Ctx) -> QtWidgets.QWidget:
    import io

    from pypdf import PdfReader, PdfWriter

    from caseworker.sandbox.assets import drawing_pdf

    writer = PdfWriter()  # two revisions as two pages: the thumbnails show
    for revision in (1, 2):
        writer.append(PdfReader(io.BytesIO(drawing_pdf("plan", revision))))
    out = io.BytesIO()
    writer.write(out)
    window = _drawing_window(ctx, out.getvalue(), "plan.pdf")
    ctx.wait(lambda: window.viewer.thumbnails.rendered == 2 and window.viewer.scale_label.text() != "", 120)
    return window


@screen("drawing viewer: a file it cannot show")
def drawing_viewer_message(ctx: Ctx) -> QtWidgets.QWidget:
    return _drawing_window(ctx, b"", "empty.pdf")


@screen("e-archive")
def archive(ctx: Ctx) -> QtWidgets.QWidget:
    from caseworker.drawings import RenderEngine
    from ui.archive import ArchiveWindow

    engine: list[RenderEngine] = []

    def make_engine() -> RenderEngine:
        if not engine:
            engine.append(RenderEngine())
        return engine[0]

    window = ArchiveWindow(ctx.services, make_engine)
    window.destroyed.connect(lambda *_: [e.close() for e in engine])
    ctx.show(window)
    ctx.qloop.run(window.search_for_property("Älvdala"))  # offline here: over the records fetched before
    return window


@screen("compare drawings")
def compare_drawings(ctx: Ctx) -> QtWidgets.QWidget:
    from caseworker.drawings import RenderEngine
    from caseworker.sandbox.assets import drawing_pdf
    from ui.drawings.compare_window import CompareWindow

    engine = RenderEngine()
    window = CompareWindow(engine, "Plan, revision A", "Plan, revision B")
    window.destroyed.connect(lambda *_: engine.close())
    ctx.show(window)
    window.open(drawing_pdf("plan", 1), drawing_pdf("plan", 2))
    ctx.wait(lambda: window.comparison is not None or window.error is not None)
    window.tabs.setCurrentIndex(1)
    return window


@screen("drawing viewer: a password-protected file")
def drawing_viewer_password(ctx: Ctx) -> QtWidgets.QWidget:
    from tests.caseworker.drawings.badfiles import encrypted_pdf

    window = _drawing_window(ctx, encrypted_pdf(), "locked.pdf")
    assert window.viewer.password_row.isVisible()
    return window


def _neutral_markups() -> list[Markup]:
    """A markup of every kind and a scale, as a reviewer's list and totals show them; the users' own words
    are data, kept language-neutral."""
    from dataclasses import replace

    from caseworker.markups import calibration_markup
    from tests.caseworker.markups.samples import every_kind

    sample = [*every_kind(), calibration_markup("scale", 0, (0.0, 0.0), (100.0, 0.0), ratio=100)]
    return [
        replace(m, text="A-40.2" if m.text else "", replies=tuple(replace(r, text="OK") for r in m.replies))
        for m in sample
    ]


@screen("markups: tools, drawing and list")
def markups(ctx: Ctx) -> QtWidgets.QWidget:
    from caseworker.drawings import RenderEngine
    from ui.markups.workspace import MarkupWorkspace

    engine = RenderEngine(time_limit=60)
    workspace = MarkupWorkspace(engine, ctx.services.sync, ctx.services.user.display_name)
    workspace.destroyed.connect(lambda *_: engine.close())
    workspace.resize(1200, 800)
    ctx.show(workspace)
    workspace.layer.set_markups(_neutral_markups())
    return workspace


@screen("drawing window: a case's drawing with its markups shown")
def drawing_window_markups(ctx: Ctx) -> QtWidgets.QWidget:
    from caseworker.domain.models import Document, DocumentKind
    from caseworker.drawings import RenderEngine
    from ui.drawings import DrawingWindow
    from ui.markups import offer_markups

    with ctx.sandbox.client("anna") as c:  # a drawing of one of the user's cases, as the platform lists it
        listed = next(
            d
            for case in c.get("/api/v1/cases", params={"queue": "mine", "limit": 200}).json()["items"]
            for d in c.get(f"/api/v1/cases/{case['id']}/documents").json()
            if d["kind"] == DocumentKind.DRAWING.value and d["media_type"] == "application/pdf"
        )
        data = c.get(f"/api/v1/documents/{listed['id']}/content").raise_for_status().content
    document = Document.model_validate(listed)
    engine = RenderEngine(time_limit=60)
    window = DrawingWindow(engine, document.title)
    window.closed.connect(engine.close)
    markups = offer_markups(window, ctx.services, document)  # as the drawings host does for a case's drawing
    window.resize(1400, 860)
    ctx.show(window)
    window.viewer.open(data, sha256=document.sha256)
    viewer, canvas = window.viewer, window.viewer.canvas
    ctx.wait(lambda: viewer.error is not None or (viewer.document is not None and canvas.is_sharp()), 120)
    read: list[bool] = []
    markups.loaded.connect(lambda: read.append(True))
    window.markups_action.trigger()
    ctx.wait(lambda: read, 60)
    markups.layer.set_markups(_neutral_markups())
    return window


@screen("compare drawings: clouds around the changes of a case's drawing")
def compare_drawings_clouds(ctx: Ctx) -> QtWidgets.QWidget:
    import hashlib

    from caseworker.domain.models import Document, DocumentKind
    from caseworker.drawings import RenderEngine
    from caseworker.sandbox.assets import drawing_pdf
    from ui.drawings import DrawingsHost
    from ui.drawings.compare_window import CompareWindow
    from ui.markups import offer_clouds

    old_pdf, new_pdf = drawing_pdf("plan", 1), drawing_pdf("plan", 2)

    def sheet(revision: int, data: bytes) -> Document:  # revisions of a case's plan (the new one clouded)
        return Document(
            id=f"plan-{revision}", case_id=ctx.case_id or "case", title="Plan", filename="plan.pdf",
            kind=DocumentKind.DRAWING, revision=revision, media_type="application/pdf", size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), pages=1, created_at=dt.datetime.now(dt.UTC),
        )  # fmt: skip

    engine = RenderEngine()
    window = CompareWindow(engine, "Plan, revision A", "Plan, revision B")
    window.destroyed.connect(lambda *_: engine.close())
    offer_clouds(window, DrawingsHost(engine, window), ctx.services, sheet(1, old_pdf), sheet(2, new_pdf))
    ctx.show(window)
    window.open(old_pdf, new_pdf)
    ctx.wait(lambda: window.comparison is not None or window.error is not None)
    window.tabs.setCurrentIndex(1)
    return window


@screen("drawing window: an XFDF import refused, with its message")
def markup_import_refused(ctx: Ctx) -> QtWidgets.QWidget:
    window = drawing_window_markups(ctx)
    exchange = window.findChild(QtWidgets.QToolButton, "markupExchange")
    assert exchange is not None and exchange.isVisible()
    ctx.config_dir.mkdir(parents=True, exist_ok=True)
    broken = ctx.config_dir / "trasig.xfdf"
    broken.write_bytes(b"<xfdf><annots><square")
    exchange.start(exchange.import_xfdf(broken))  # type: ignore[attr-defined]

    def box() -> QtWidgets.QMessageBox | None:
        found = window.findChild(QtWidgets.QMessageBox, "markupExchangeError")
        return found if found is not None and found.isVisible() else None

    ctx.wait(box)
    shown = box()
    assert shown is not None
    ctx.opened.append(shown)
    return shown
