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
from caseworker.store import Conflict, OutboxItem, OutboxState, QueueKind
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import until
from tests.ui.apphelpers import settle
from tests.ui.conftest import LoopRunner
from tests.ui.services_factory import find_case
from ui.app.settings import AppSettings
from ui.qt import QtCore, QtWidgets
from ui.services import Services


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

    def wait(self, condition: Callable[[], Any], timeout: float = 60) -> None:
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


@screen("markups: tools, drawing and list")
def markups(ctx: Ctx) -> QtWidgets.QWidget:
    from dataclasses import replace

    from caseworker.drawings import RenderEngine
    from caseworker.markups import calibration_markup
    from tests.caseworker.markups.samples import every_kind
    from ui.markups.workspace import MarkupWorkspace

    engine = RenderEngine(time_limit=60)
    workspace = MarkupWorkspace(engine, ctx.services.sync, ctx.services.user.display_name)
    workspace.destroyed.connect(lambda *_: engine.close())
    workspace.resize(1200, 800)
    ctx.show(workspace)
    sample = [*every_kind(), calibration_markup("scale", 0, (0.0, 0.0), (100.0, 0.0), ratio=100)]
    # the list and its totals as a reviewer sees them; the users' own words are data, kept language-neutral
    neutral = [
        replace(m, text="A-40.2" if m.text else "", replies=tuple(replace(r, text="OK") for r in m.replies))
        for m in sample
    ]
    workspace.layer.set_markups(neutral)
    return workspace
