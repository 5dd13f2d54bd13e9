"""What the user can do with the selected cases of a queue: open, bookmark, make available offline, copy
the registration numbers; the context menu and the keyboard shortcuts that offer it. A part of
:class:`ui.queue.view.QueueView` (a mixin: the methods use the view's table, model and services)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import shiboken6

from caseworker.store import StoreError
from ui import labels
from ui.ops import run_op, show_error
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.queue.model import QueueModel

if TYPE_CHECKING:
    from ui.queue.table import QueueTable
    from ui.services import Services

log = logging.getLogger(__name__)

MAX_OFFLINE_BATCH = 200  # "make available offline" for at most this many cases at once


class QueueActions:
    """The queue's actions on the selection (see the module doc)."""

    # the view's (QueueView), used here
    model: QueueModel
    table: QueueTable
    _services: Services
    context_menu: QtWidgets.QMenu | None
    menu_hooks: list[Callable[[QtWidgets.QMenu, list[int]], None]]

    def _build_actions(self) -> None:
        """The context menu's actions; Ctrl+D and Ctrl+C work on the table itself."""
        self.open_action = QtGui.QAction(self)
        self.bookmark_action = QtGui.QAction(self)
        self.bookmark_action.setShortcut(QtGui.QKeySequence("Ctrl+D"))
        self.offline_action = QtGui.QAction(self)
        self.copy_action = QtGui.QAction(self)
        self.copy_action.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Copy))
        self.select_all_action = QtGui.QAction(self)
        for action in (self.bookmark_action, self.copy_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.table.addAction(action)
        self.open_action.triggered.connect(self._open_current)
        self.bookmark_action.triggered.connect(self._toggle_bookmarks)
        self.offline_action.triggered.connect(self._make_offline)
        self.copy_action.triggered.connect(self._copy_registration_numbers)

    def _selected_records_loaded(self) -> list[Any]:
        return [r for r in (self.model.record(row) for row in self.selected_rows()) if r is not None]

    def _update_bookmark_text(self) -> None:
        records = self._selected_records_loaded()
        remove = bool(records) and all(r.bookmarked for r in records)
        self.bookmark_action.setText(labels.tr("Ta bort bokmärke") if remove else labels.tr("Bokmärk"))
        self.bookmark_action.setData(not remove)

    def _show_menu(self, global_pos: QtCore.QPoint, row: int) -> None:
        if row >= 0 and row not in set(self.selected_rows()):
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, QueueModel.COL_REGISTRATION),
                QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QtCore.QItemSelectionModel.SelectionFlag.Rows,
            )
        rows = self.selected_rows()
        if not rows:
            return
        self._update_bookmark_text()
        many = len(rows) > 1
        self.open_action.setEnabled(True)
        self.offline_action.setEnabled(len(rows) <= MAX_OFFLINE_BATCH)
        self.offline_action.setToolTip(
            "" if len(rows) <= MAX_OFFLINE_BATCH
            else labels.tr("Markera högst {n} ärenden åt gången").format(n=MAX_OFFLINE_BATCH)
        )  # fmt: skip
        self.copy_action.setText(labels.tr("Kopiera diarienummer") + (f" ({len(rows)})" if many else ""))
        if self.context_menu is not None:
            self.context_menu.deleteLater()
        menu = QtWidgets.QMenu(self)
        menu.setObjectName("queueContextMenu")
        menu.setAccessibleName(labels.tr("Ärendemeny"))
        menu.setToolTipsVisible(True)
        menu.addAction(self.open_action)
        menu.setDefaultAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.bookmark_action)
        menu.addAction(self.offline_action)
        menu.addSeparator()
        menu.addAction(self.copy_action)
        for hook in self.menu_hooks:  # e.g. the team lead's "Fördela om …" (ui.workload)
            hook(menu, rows)
        self.context_menu = menu
        menu.popup(global_pos)

    def _toggle_bookmarks(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        self._update_bookmark_text()
        on = bool(self.bookmark_action.data())
        self._track(self._set_bookmarks(rows, on))

    async def _set_bookmarks(self, rows: list[int], on: bool) -> None:
        ids = await self.model.ids_for_rows(rows)

        def write(store: Any) -> None:
            with store.transaction():
                for case_id in ids:
                    store.set_bookmark(case_id, on)

        try:
            await self._services.store.run(write)
        except StoreError:
            log.warning("bookmark failed", exc_info=True)
            show_error(self, labels.tr("Bokmärket kunde inte sparas i den lokala lagringen."))
            return
        n = len(ids)
        if on:
            message = labels.tr("Bokmärkt") if n == 1 else labels.tr("{n} ärenden bokmärkta").format(n=n)
        else:
            message = (labels.tr("Bokmärket borttaget") if n == 1
                       else labels.tr("Bokmärket borttaget från {n} ärenden").format(n=n))  # fmt: skip
        self.statusMessage.emit(message)
        task = self.reload()
        if task is not None:
            await asyncio.shield(task)

    def _copy_registration_numbers(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return

        async def copy() -> None:
            records = await self.model.records_for_rows(rows)
            text = "\n".join(r.registration_number for r in records)
            QtWidgets.QApplication.clipboard().setText(text)
            self.statusMessage.emit(
                labels.tr("Kopierade {n} diarienummer").format(n=len(records))
                if len(records) != 1
                else labels.tr("Kopierade {reg}").format(reg=text)
            )

        self._track(copy())

    def _make_offline(self) -> asyncio.Task[Any] | None:
        """Download the selected cases with their documents; the task, or None when nothing started."""
        rows = self.selected_rows()
        if not rows or len(rows) > MAX_OFFLINE_BATCH:
            return None
        return self._track(self._download(rows))

    async def _download(self, rows: list[int]) -> None:
        records = await self.model.records_for_rows(rows)
        if not records:
            return
        dialog = QtWidgets.QProgressDialog(self)
        dialog.setObjectName("offlineProgress")
        dialog.setWindowTitle(labels.tr("Gör tillgänglig offline"))
        dialog.setCancelButtonText(labels.tr("Avbryt"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setRange(0, 0)
        sync = self._services.sync
        total = len(records)

        def label(i: int, reg: str) -> str:
            return labels.tr("Hämtar {reg} med handlingar ({i} av {n}) …").format(reg=reg, i=i + 1, n=total)

        async def download_all() -> int:
            for i, record in enumerate(records):
                dialog.setLabelText(label(i, record.registration_number))

                def progress(done: int, of: int) -> None:
                    if of > 0:  # bytes: may exceed a C int, so per mille
                        dialog.setRange(0, 1000)
                        dialog.setValue(min(1000, done * 1000 // of))

                await sync.make_available_offline(record.id, progress)
            return total

        def done(n: int) -> None:
            self.statusMessage.emit(
                labels.tr("{reg} finns nu offline").format(reg=records[0].registration_number)
                if n == 1
                else labels.tr("{n} ärenden finns nu offline").format(n=n)
            )

        task = run_op(self, download_all(), on_success=done)
        dialog.canceled.connect(task.cancel)
        dialog.setValue(0)
        try:
            await asyncio.wait([task])
        finally:
            # The view (and the dialog, its child) may be gone: closed while the download ran.
            if shiboken6.isValid(dialog):
                dialog.canceled.disconnect(task.cancel)
                dialog.close()
                dialog.deleteLater()
        if task.cancelled():
            self.statusMessage.emit(labels.tr("Hämtningen avbröts"))
        self.reload()
