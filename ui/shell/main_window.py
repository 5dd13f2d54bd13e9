"""The main window: navigation on the left, the work area (queue, case, outbox) in the middle, the sync
state in the status bar, and a menu bar in which every command has its keyboard shortcut.

    Arkiv   Inställningar … (Ctrl+,)   Logga ut   Avsluta (Ctrl+Q)
    Visa    Mina ärenden … Utkorg (Ctrl+1 … Ctrl+6)   Sök (Ctrl+F)   Tillbaka till listan (Alt+Vänster)
    Synk    Synka nu (F5)
    Hjälp   Öppna loggmappen   Om Caseworker

The window does not own the app's lifetime: closing it asks the app to shut down (``quitRequested``),
which stops syncing and closes the store before the window really goes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
from typing import Any

from caseworker.api.transport import app_version
from caseworker.store import CaseQuery, QueueKind
from caseworker.store.outbox import PROBLEM_STATES, unsent_count
from ui import support
from ui.announce import announce
from ui.case.view import CaseView
from ui.ops import run_op
from ui.outbox.indicator import SyncIndicator
from ui.outbox.view import OutboxView
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.queue.view import QueueView
from ui.services import Services
from ui.settings_store import AppSettings
from ui.shell.banner import OfflineBanner
from ui.shell.navigation import ENTRIES, OUTBOX, WORKLOAD, NavigationSidebar, nav_label
from ui.shell.workload import install as install_workload
from ui.theme import app_icon, icon
from ui.widgets import Retranslated, side_by_side

log = logging.getLogger(__name__)

WINDOW_KEY = "mainWindow"
QUEUE_HEADER_KEY = "queueView/header"  # the queue table's column widths and order
PAGE_QUEUE, PAGE_CASE, PAGE_OUTBOX, PAGE_WORKLOAD = 0, 1, 2, 3
COUNT_DELAY_MS = 250  # counts are re-read at most this often while a sync streams changes


class MainWindow(Retranslated, QtWidgets.QMainWindow):
    settingsRequested = QtCore.Signal()
    signOutRequested = QtCore.Signal()
    quitRequested = QtCore.Signal()

    def __init__(
        self, services: Services, settings: AppSettings, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.setObjectName("mainWindow")
        self.setWindowIcon(app_icon())
        self.allow_close = False  # set by the app once it has shut down cleanly
        self._count_task: asyncio.Task[Any] | None = None
        self._list_page = PAGE_QUEUE
        self._count_timer = QtCore.QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.refresh_counts)

        self._build()
        self._build_actions()
        self.workload = install_workload(self)  # the team lead's board and case moves (ui/workload)
        self._connect_bridge()
        self.retranslate()
        self.resize(1280, 800)
        self.restore_state()
        self.navigation.select(QueueKind.MINE.value)
        self.refresh_counts()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        services = self.services
        self.navigation = NavigationSidebar()
        self.navigation.entryChosen.connect(self.show_entry)
        self.navigation.set_visible_entry(QueueKind.TEAM.value, bool(services.user.team_id))

        self.queue_view = QueueView(services, self)
        self.queue_view.caseActivated.connect(self.open_case)
        self.queue_view.statusMessage.connect(self.show_status)
        self.case_view = CaseView(services, self)
        self.case_view.closed.connect(self.back_to_list)
        self.case_view.openOutbox.connect(self.show_outbox)
        self.outbox_view = OutboxView(services, self)
        self.outbox_view.openCase.connect(self.open_case)

        self.stack = QtWidgets.QStackedWidget()
        self.stack.setObjectName("workArea")
        for page in (self.queue_view, self.case_view, self.outbox_view):
            self.stack.addWidget(page)

        self.banner = OfflineBanner()
        self.banner.retryRequested.connect(self.indicator_reconnect)
        work = QtWidgets.QWidget()
        work_layout = QtWidgets.QVBoxLayout(work)
        work_layout.setContentsMargins(0, 0, 0, 0)
        work_layout.setSpacing(0)
        work_layout.addWidget(self.banner)
        work_layout.addWidget(self.stack, 1)

        self.splitter = side_by_side(
            Qt.Orientation.Horizontal, self.navigation, work, stretch=(0, 1), name="mainSplitter"
        )
        self.splitter.setSizes([210, 1070])
        self.setCentralWidget(self.splitter)

        self.user_label = QtWidgets.QLabel()
        self.user_label.setObjectName("signedInUser")
        self.user_label.setContentsMargins(6, 0, 6, 0)
        self.indicator = SyncIndicator(services, self)
        self.indicator.outboxRequested.connect(lambda: self.navigation.select(OUTBOX))
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.indicator)
        self.statusBar().setSizeGripEnabled(True)
        # Whatever the status bar says (a confirmation, "Avslutar …") is said to a screen reader too.
        self.statusBar().messageChanged.connect(lambda text: announce(self.statusBar(), text))

    def _action(
        self, menu: QtWidgets.QMenu, name: str, shortcut: str | QtGui.QKeySequence.StandardKey | None = None,
        icon_name: str | None = None,
    ) -> QtGui.QAction:  # fmt: skip
        action = QtGui.QAction(self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if icon_name:
            action.setIcon(icon(icon_name))
        menu.addAction(action)
        self.addAction(action)  # shortcuts work with the menu bar hidden too
        return action

    def _build_actions(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.view_menu = bar.addMenu("")
        self.sync_menu = bar.addMenu("")
        self.help_menu = bar.addMenu("")

        self.settings_action = self._action(self.file_menu, "actionSettings", "Ctrl+,", "settings")
        self.settings_action.setMenuRole(QtGui.QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.settingsRequested)
        self.file_menu.addSeparator()
        self.sign_out_action = self._action(self.file_menu, "actionSignOut", None, "signout")
        self.sign_out_action.triggered.connect(self.signOutRequested)
        self.quit_action = self._action(self.file_menu, "actionQuit", "Ctrl+Q", "quit")
        self.quit_action.setMenuRole(QtGui.QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.quitRequested)

        self.queue_actions: dict[str, QtGui.QAction] = {}
        group = QtGui.QActionGroup(self)
        for entry in ENTRIES:
            action = self._action(self.view_menu, f"actionShow_{entry.key}", entry.shortcut, entry.icon)
            action.setCheckable(True)
            group.addAction(action)
            action.triggered.connect(lambda _checked=False, key=entry.key: self.navigation.select(key))
            self.queue_actions[entry.key] = action
        self.queue_actions[QueueKind.TEAM.value].setVisible(bool(self.services.user.team_id))
        self.view_menu.addSeparator()
        self.search_action = self._action(self.view_menu, "actionSearch", "Ctrl+F", "search")
        self.search_action.triggered.connect(self.focus_search)
        self.back_action = self._action(self.view_menu, "actionBack", "Alt+Left")
        self.back_action.triggered.connect(self.back_to_list)

        self.sync_action = self._action(self.sync_menu, "actionSyncNow", "F5", "sync")
        self.sync_action.triggered.connect(self.sync_now)

        self.logs_action = self._action(self.help_menu, "actionOpenLogs", None, "info")
        self.logs_action.triggered.connect(self.open_log_folder)
        self.about_action = self._action(self.help_menu, "actionAbout")
        self.about_action.setMenuRole(QtGui.QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        self.support = support.install(self)  # Kopiera diagnostik, Licenser för tredje part (ui/support.py)

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&Arkiv"))
        self.view_menu.setTitle(self.tr("&Visa"))
        self.sync_menu.setTitle(self.tr("&Synk"))
        self.help_menu.setTitle(self.tr("&Hjälp"))
        self.settings_action.setText(self.tr("&Inställningar …"))
        self.sign_out_action.setText(self.tr("&Logga ut"))
        self.quit_action.setText(self.tr("&Avsluta"))
        for key, action in self.queue_actions.items():
            action.setText(nav_label(key))
        self.search_action.setText(self.tr("&Sök i listan"))
        self.back_action.setText(self.tr("&Tillbaka till listan"))
        self.sync_action.setText(self.tr("Synka &nu"))
        self.logs_action.setText(self.tr("Öppna &loggmappen"))
        self.about_action.setText(self.tr("&Om Caseworker"))
        self.stack.setAccessibleName(self.tr("Arbetsyta"))
        self.user_label.setToolTip(self.tr("Inloggad användare"))
        self.update_title()

    def _connect_bridge(self) -> None:
        bridge = self.services.bridge
        bridge.connectionChanged.connect(self.on_connection)
        bridge.reconnecting.connect(self.banner.on_reconnecting)
        bridge.casesChanged.connect(lambda *_: self._count_timer.start())
        bridge.outboxChanged.connect(lambda *_: self._count_timer.start())
        bridge.finished.connect(lambda *_: self._count_timer.start())

    # --- title and identity --------------------------------------------------------------------

    def municipality_names(self) -> list[str]:
        known = self.services.municipalities
        return [known[m].name if m in known else m for m in self.services.user.municipalities]

    def update_title(self) -> None:
        user = self.services.user
        places = ", ".join(self.municipality_names())
        parts = [user.display_name, places] if places else [user.display_name]
        if self.services.demo:
            parts.append(self.tr("demo"))
        self.setWindowTitle(" – ".join([*parts, "Caseworker"]))
        self.user_label.setText(f"{user.display_name} · {places}" if places else user.display_name)
        self.user_label.setAccessibleName(self.tr("Inloggad som {name}").format(name=user.display_name))

    # --- navigation --------------------------------------------------------------------------------

    @QtCore.Slot(str)
    def show_entry(self, key: str) -> None:
        action = self.queue_actions.get(key)
        if action is not None:
            action.setChecked(True)
        if key == OUTBOX:
            self._list_page = PAGE_OUTBOX
            self.stack.setCurrentIndex(PAGE_OUTBOX)
            self.outbox_view.refresh()
            return
        if key == WORKLOAD:
            self._list_page = PAGE_WORKLOAD
            self.stack.setCurrentIndex(PAGE_WORKLOAD)
            return
        self._list_page = PAGE_QUEUE
        self.queue_view.set_queue(QueueKind(key))
        self.stack.setCurrentIndex(PAGE_QUEUE)

    def current_queue(self) -> str | None:
        return self.navigation.current_key()

    @QtCore.Slot(str)
    def open_case(self, case_id: str) -> None:
        self.case_view.show_case(case_id)
        self.stack.setCurrentIndex(PAGE_CASE)
        self.case_view.setFocus()

    @QtCore.Slot()
    def back_to_list(self) -> None:
        """Back to the queue or the outbox, with the focus on the row the user left from."""
        self.stack.setCurrentIndex(self._list_page)
        if self._list_page == PAGE_OUTBOX:
            self.outbox_view.focus_rows()
        else:
            self.queue_view.focus_rows()

    @QtCore.Slot()
    def show_outbox(self) -> None:
        """The outbox, with the keyboard focus on its list (the button that asked for it is gone)."""
        self.navigation.select(OUTBOX)
        self.outbox_view.focus_rows()

    @QtCore.Slot(str)
    def show_status(self, message: str) -> None:
        """A short confirmation in the status bar (and so to a screen reader)."""
        self.statusBar().showMessage(message, 8000)

    @QtCore.Slot()
    def focus_search(self) -> None:
        """Ctrl+F: the queue's search field (from the case or outbox page, back to the queue first)."""
        if self.stack.currentIndex() != PAGE_QUEUE:
            if self.navigation.current_key() == OUTBOX:
                self.navigation.select(QueueKind.MINE.value)
            self.stack.setCurrentIndex(PAGE_QUEUE)
            self._list_page = PAGE_QUEUE
        focus = getattr(self.queue_view, "focus_search", None)
        if callable(focus):
            focus()
            return
        search = self.queue_view.findChild(QtWidgets.QLineEdit)
        if search is not None:
            search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            search.selectAll()

    # --- sync state ----------------------------------------------------------------------------

    @QtCore.Slot()
    def sync_now(self) -> None:
        self.indicator.sync_now()

    @QtCore.Slot()
    def indicator_reconnect(self) -> None:
        self.indicator.reconnect()

    @QtCore.Slot(bool, object)
    def on_connection(self, online: bool, since: dt.datetime | None) -> None:
        if online:
            self.banner.set_online()
        else:
            self.banner.set_offline(since)

    @QtCore.Slot()
    def refresh_counts(self) -> None:
        if self._count_task is not None and not self._count_task.done():
            self._count_timer.start()  # one read at a time; try again shortly
            return
        self._count_task = run_op(self, self._refresh_counts())

    async def _refresh_counts(self) -> None:
        store, user = self.services.store, self.services.user
        queries = {
            kind.value: CaseQuery(queue=kind, team_id=user.team_id)
            for kind in QueueKind
            if kind is not QueueKind.TEAM or user.team_id
        }
        try:
            counts = await store.run(lambda s: {key: s.count(q) for key, q in queries.items()})
            outbox = await store.outbox_counts()
        except Exception:  # the store may be closing (sign-out); counts are decoration
            log.debug("could not count the queues", exc_info=True)
            return
        for key, n in counts.items():
            self.navigation.set_count(key, n)
        waiting = unsent_count(outbox)
        problems = sum(outbox.get(s, 0) for s in PROBLEM_STATES)
        self.navigation.set_count(OUTBOX, waiting + problems, problem=problems)
        self.navigation.viewport().update()

    # --- help ----------------------------------------------------------------------------------

    @QtCore.Slot()
    def open_log_folder(self) -> None:
        QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(self.services.paths.logs)))

    @QtCore.Slot()
    def show_about(self) -> None:
        box = QtWidgets.QMessageBox(self)
        box.setObjectName("aboutDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIconPixmap(app_icon().pixmap(64, 64))
        box.setWindowTitle(self.tr("Om Caseworker"))
        box.setText(f"<b>Caseworker {app_version()}</b>")
        # A URL and a path must not break mid-word: each line stays whole (the box grows to fit).
        lines = self.tr("Plattform: {url}\nLokal data: {folder}").format(
            url=self.services.platform_url, folder=self.services.paths.data
        )
        whole = '<p style="white-space:pre; margin:0">{}</p>'
        box.setInformativeText("".join(whole.format(html.escape(line)) for line in lines.split("\n")))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        label = box.findChild(QtWidgets.QLabel, "qt_msgbox_informativelabel")
        if label is not None:
            label.setMinimumWidth(label.sizeHint().width())
            box.adjustSize()

    # --- window state and closing -----------------------------------------------------------

    def restore_state(self) -> None:
        geometry, state = self.settings.window_state(WINDOW_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value(f"{WINDOW_KEY}/splitter")
        if isinstance(splitter, QtCore.QByteArray):
            self.splitter.restoreState(splitter)
        header = self.settings.value(QUEUE_HEADER_KEY)
        if isinstance(header, QtCore.QByteArray):
            self.queue_view.restore_header_state(header)

    def save_state(self) -> None:
        self.settings.save_window_state(WINDOW_KEY, self.saveGeometry(), self.saveState())
        self.settings.set_value(f"{WINDOW_KEY}/splitter", self.splitter.saveState())
        self.settings.set_value(QUEUE_HEADER_KEY, self.queue_view.header_state())
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self.allow_close:
            event.accept()
            return
        event.ignore()  # the app shuts down first (sync stopped, store closed), then closes us
        self.quitRequested.emit()
