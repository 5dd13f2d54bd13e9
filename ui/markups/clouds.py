"""'Molnmarkera ändringar' in a compare window whose new sheet is a case's document (issue 13, item 4).

Once the compare has found the changed regions, the action (button under the regions, Ctrl+Shift+M)
makes a red cloud markup around each change on the new sheet (``caseworker.markups.clouds``: regions
within ``MERGE_GAP`` joined, a margin around each, bound to the sheet's sha256), after asking with the
count. Clouds an earlier click made around the same boxes are not made again. Each cloud is one outbox
write (``services.sync.add_annotation``), so it works offline; they are ordinary markups, shown and
removed in the drawing window's markups (Ctrl+M). An open drawing window showing that document's markups
reads them again.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass

from caseworker.domain.models import Annotation, Document
from caseworker.markups import Markup
from caseworker.markups.clouds import Region, change_clouds, not_yet_made
from ui.dialogs import MessageBox, ask
from ui.drawings.compare_window import CompareWindow
from ui.drawings.host import DrawingsHost
from ui.markups.window import WindowMarkups
from ui.ops import run_op, user_message
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.services import Services
from ui.widgets import action_button, label_button, text_label

SHORTCUT = "Ctrl+Shift+M"


@dataclass(frozen=True)
class Outcome:
    made: int  # clouds sent through the outbox
    already: int  # clouds around the same changes that were there before
    asked: bool  # False: the user said no


class ChangeClouds(QtCore.QObject):
    """The clouds action of ``window`` (comparing ``old`` with the case's ``new`` document)."""

    made = QtCore.Signal(int)  # clouds sent through the outbox

    def __init__(
        self,
        window: CompareWindow,
        drawings: DrawingsHost,
        services: Services,
        old: Document,
        new: Document,
    ) -> None:
        super().__init__(window)
        self.window, self.drawings, self.services = window, drawings, services
        self.old, self.new = old, new
        # the text of each cloud names the older sheet, with its revision (two revisions share a title)
        self.old_title = (old.title or old.filename) + (f", rev {old.revision}" if old.revision else "")
        self.new_title = new.title or new.filename
        self.task: asyncio.Task[Outcome] | None = None
        self.outcome: Outcome | None = None
        self.error: str | None = None
        self.action = QtGui.QAction(window)
        self.action.setObjectName("compareClouds")
        self.action.setShortcut(QtGui.QKeySequence(SHORTCUT))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(self.make_clouds)
        window.addAction(self.action)  # the key works on both tabs
        self.button = action_button("compareCloudsButton")
        self.button.clicked.connect(self.action.trigger)
        self.notice = text_label("compareCloudsNotice", selectable=True)
        self.notice.hide()
        window.add_tool(self.button, self.notice)
        window.compared.connect(lambda _comparison: self._enable())
        window.failed.connect(lambda _text: self._enable())
        window.installEventFilter(self)
        self.retranslate()
        self._enable()

    def retranslate(self) -> None:
        text = self.tr("&Molnmarkera ändringar …")
        self.action.setText(text)
        label_button(self.button, text)
        tip = self.tr("Ett moln runt varje ändrat område, som markeringar på {title} ({shortcut})").format(
            title=self.new_title, shortcut=SHORTCUT
        )
        self.action.setToolTip(tip)
        self.button.setToolTip(tip)
        self._show_outcome()

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.window and event.type() == QtCore.QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    @property
    def busy(self) -> bool:
        return self.task is not None and not self.task.done()

    def _enable(self) -> None:
        on = bool(self.window.changed_regions()) and not self.busy and not self.window.busy
        self.action.setEnabled(on)
        self.button.setEnabled(on)

    # --- making them -------------------------------------------------------------------------------

    def _plan(self) -> Callable[[], list[Markup]] | None:
        """How to make the clouds around the compare's changes now (None: no changes to cloud)."""
        regions = self.window.changed_regions()
        sheet = self.window.new_viewer.document
        if sheet is None or not regions:
            return None
        return functools.partial(
            change_clouds,
            [Region(r.page, (r.x0, r.y0, r.x1, r.y1)) for r in regions],
            {r.page: sheet.page_size(r.page) for r in regions},
            document_sha256=self.new.sha256,
            author=self.services.user.display_name,
            text=self.tr("Ändrat sedan {title}").format(title=self.old_title),
        )

    def planned(self) -> list[Markup]:
        """The clouds around the compare's changes now (before leaving out those already made)."""
        plan = self._plan()
        return plan() if plan is not None else []

    def make_clouds(self) -> asyncio.Task[Outcome] | None:
        """Ask, then send a cloud around each change not clouded yet; the task (tests await it)."""
        plan = self._plan() if not self.busy and self.action.isEnabled() else None
        if plan is None:  # busy, or the compare is being made again (its regions are gone meanwhile)
            self._enable()
            return None
        self.error = None
        self.task = run_op(self.window, self._make(plan), on_success=self._done, on_failure=self._failed)
        self._enable()
        return self.task

    async def _make(self, plan: Callable[[], list[Markup]]) -> Outcome:
        planned = await asyncio.to_thread(plan)  # joining a thousand scattered changes takes ~0.1 s
        stored = await self.services.store.list_annotations(self.new.id)
        clouds = not_yet_made(planned, [Markup.from_annotation(a) for a in stored])
        already = len(planned) - len(clouds)
        if not clouds:
            return Outcome(0, already, True)
        if not await self._confirm(len(clouds)):
            return Outcome(0, already, False)
        made = 0
        for cloud in clouds:  # one outbox write each, in order; the store shows each at once
            await self.services.sync.add_annotation(self.new.id, cloud.to_input())
            made += 1
        return Outcome(made, already, True)

    async def _confirm(self, count: int) -> bool:
        box = MessageBox(
            self.window,
            QtWidgets.QMessageBox.Icon.Question,
            lambda: self.tr("Molnmarkera ändringar"),
            lambda: self.tr("Skapa {count} moln runt ändringarna?").format(count=count),
            lambda: self.tr(
                "Molnen blir markeringar på {title} och syns under Markeringar (Ctrl+M) när ritningen "
                "är öppen. Där kan de tas bort som andra markeringar."
            ).format(title=self.new_title),
        )
        box.setObjectName("compareCloudsDialog")
        create = box.add_button(lambda: self.tr("&Skapa moln"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.add_button(lambda: self.tr("&Avbryt"), QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(create)
        try:
            await ask(box)
            return box.clickedButton() is create
        finally:
            box.deleteLater()

    def _done(self, outcome: Outcome) -> None:
        self.outcome = outcome
        self._show_outcome()
        self._enable()
        if outcome.made:
            self._reload_open_markups()
            self.made.emit(outcome.made)

    def _failed(self, exc: BaseException) -> None:
        self.error = user_message(exc) or ""
        self._show_outcome()
        self._enable()

    def _show_outcome(self) -> None:
        outcome = self.outcome
        if self.error is not None:
            text = self.tr("Molnen kunde inte skapas: {reason}").format(reason=self.error)
        elif outcome is None or not outcome.asked:
            text = ""
        elif outcome.made:
            text = self.tr(
                "{count} moln skapade på {title}. De syns under Markeringar (Ctrl+M) i ritningen, där de kan "
                "tas bort som andra markeringar."
            ).format(count=outcome.made, title=self.new_title)
        else:
            text = self.tr("Det finns redan moln runt alla ändringarna ({count} st).").format(
                count=outcome.already
            )
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _reload_open_markups(self) -> None:
        """A drawing window showing the new document's markups reads them again (the new clouds with
        them); one with its markups hidden reads them when they are shown."""
        for window in self.drawings.windows:
            markups = window.markups
            if isinstance(markups, WindowMarkups) and markups.document.id == self.new.id and markups.shown:
                markups.load(markups.document, self._stored())

    async def _stored(self) -> list[Annotation]:
        return await self.services.store.list_annotations(self.new.id)
