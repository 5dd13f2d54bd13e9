"""The sign-in window.

* "Logga in" signs in through the system browser (authorization code + PKCE, loopback redirect):
  progress, "Avbryt", and the sign-in link to copy when no browser opens.
* A sandbox platform (the embedded demo, a training server) lists its demo accounts: choosing one
  completes the same PKCE flow without a browser.
* Users who signed in on this computer before are listed: choosing one reopens their session from the
  encrypted store — offline too.

The window does the sign-in itself and hands the tokens to its :class:`SignInHost` (the app), which opens
the user's store and the main window; errors of either step are shown here, in plain Swedish.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

import httpx

from caseworker.auth import flow
from caseworker.auth.flow import Tokens
from caseworker.domain.models import Role, SandboxAccount
from ui.demo_accounts import demo_accounts
from ui.dialogs import Text, current_text
from ui.ops import report_unexpected, run_op, user_message
from ui.qt import Qt, QtCore, QtGui, QtWidgets
from ui.settings_store import RememberedUser
from ui.theme import app_icon, disabled_text, icon, on_theme_change
from ui.widgets import Retranslated

log = logging.getLogger(__name__)

AccountRole = Qt.ItemDataRole.UserRole + 1


class SignInHost(Protocol):
    async def signed_in(self, platform_url: str, tokens: Tokens) -> None:
        """Open the app for these tokens (raises a typed error the window shows)."""

    async def reopen(self, user: RememberedUser) -> bool:
        """Reopen a remembered user's session from the store; False if they must sign in again."""


def open_in_browser(url: str) -> bool:
    """The system browser (QDesktopServices); False when none could be started."""
    return bool(QtGui.QDesktopServices.openUrl(QtCore.QUrl(url)))


class SignInWindow(Retranslated, QtWidgets.QWidget):
    """Top-level sign-in window; :meth:`set_platform` first, then the user chooses how to sign in."""

    closedByUser = QtCore.Signal()

    def __init__(self, http: httpx.AsyncClient, host: SignInHost, parent: QtWidgets.QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("signInWindow")
        self.setWindowIcon(app_icon())
        self._http = http
        self._host = host
        self.open_browser: Callable[[str], bool] = open_in_browser  # tests play the browser here
        self.platform_url = ""
        self.demo = False
        self._task: asyncio.Task[Any] | None = None
        self._accounts_task: asyncio.Task[Any] | None = None
        self._closing_programmatically = False
        self._status: Text = ""  # what the progress line says (a function: it follows a language switch)
        self._browser_opened = True  # False: the hint says the browser could not be opened
        self._build()
        self.retranslate()
        self.resize(520, 640)

    # --- building ----------------------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 20)
        outer.setSpacing(12)

        head = QtWidgets.QHBoxLayout()
        logo = QtWidgets.QLabel()
        logo.setPixmap(app_icon().pixmap(48, 48))
        logo.setAccessibleName("Caseworker")
        head.addWidget(logo)
        titles = QtWidgets.QVBoxLayout()
        self.title = QtWidgets.QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.subtitle = QtWidgets.QLabel()
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        outer.addLayout(head)

        form = QtWidgets.QFormLayout()
        self.platform_label = QtWidgets.QLabel()
        self.platform_edit = QtWidgets.QLineEdit()
        self.platform_edit.setObjectName("platformUrl")
        self.platform_edit.setPlaceholderText("https://")
        self.platform_edit.setClearButtonEnabled(True)
        self.platform_label.setBuddy(self.platform_edit)
        self.platform_edit.editingFinished.connect(self._platform_edited)
        form.addRow(self.platform_label, self.platform_edit)
        outer.addLayout(form)

        self.sign_in_button = QtWidgets.QPushButton()
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setMinimumHeight(36)
        self._style_sign_in_button()
        on_theme_change(self._style_sign_in_button)
        self.sign_in_button.clicked.connect(self.start_browser_sign_in)
        outer.addWidget(self.sign_in_button)

        # progress, cancel and messages
        self.progress_box = QtWidgets.QWidget()
        progress = QtWidgets.QVBoxLayout(self.progress_box)
        progress.setContentsMargins(0, 0, 0, 0)
        row = QtWidgets.QHBoxLayout()
        self.progress = QtWidgets.QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.cancel_button = QtWidgets.QPushButton()
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("signInStatus")
        self.status.setWordWrap(True)
        progress.addWidget(self.status)
        progress.addLayout(row)
        outer.addWidget(self.progress_box)
        self.progress_box.hide()

        self.link_box = QtWidgets.QWidget()
        link = QtWidgets.QVBoxLayout(self.link_box)
        link.setContentsMargins(0, 0, 0, 0)
        self.link_hint = QtWidgets.QLabel()
        self.link_hint.setWordWrap(True)
        link_row = QtWidgets.QHBoxLayout()
        self.link_edit = QtWidgets.QLineEdit()
        self.link_edit.setObjectName("signInLink")
        self.link_edit.setReadOnly(True)
        self.copy_button = QtWidgets.QPushButton()
        self.copy_button.setObjectName("copyLinkButton")
        self.copy_button.setIcon(icon("copy"))
        self.copy_button.clicked.connect(self.copy_link)
        link_row.addWidget(self.link_edit, 1)
        link_row.addWidget(self.copy_button)
        link.addWidget(self.link_hint)
        link.addLayout(link_row)
        outer.addWidget(self.link_box)
        self.link_box.hide()

        self.error = QtWidgets.QLabel()
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        outer.addWidget(self.error)

        self.remembered_group = QtWidgets.QGroupBox()
        remembered = QtWidgets.QVBoxLayout(self.remembered_group)
        self.remembered_list = QtWidgets.QListWidget()
        self.remembered_list.setObjectName("rememberedUsers")
        self.remembered_list.itemClicked.connect(self._remembered_chosen)
        self.remembered_list.itemActivated.connect(self._remembered_chosen)
        self.remembered_list.setMaximumHeight(110)
        remembered.addWidget(self.remembered_list)
        outer.addWidget(self.remembered_group)
        self.remembered_group.hide()

        self.accounts_group = QtWidgets.QGroupBox()
        accounts = QtWidgets.QVBoxLayout(self.accounts_group)
        self.accounts_hint = QtWidgets.QLabel()
        self.accounts_hint.setWordWrap(True)
        self.accounts_list = QtWidgets.QListWidget()
        self.accounts_list.setObjectName("demoAccounts")
        self.accounts_list.setIconSize(QtCore.QSize(20, 20))
        self.accounts_list.setSpacing(2)
        self.accounts_list.itemClicked.connect(self._account_chosen)
        self.accounts_list.itemActivated.connect(self._account_chosen)
        accounts.addWidget(self.accounts_hint)
        accounts.addWidget(self.accounts_list, 1)
        outer.addWidget(self.accounts_group, 1)
        self.accounts_group.hide()

        outer.addStretch(0)
        self.setTabOrder(self.platform_edit, self.sign_in_button)

    def _style_sign_in_button(self) -> None:
        text = QtWidgets.QApplication.palette().color(QtGui.QPalette.ColorRole.HighlightedText).name()
        self.sign_in_button.setIcon(icon("browser", text))  # the button's text colour, in both schemes
        # Disabled: a dim but legible text (palette(mid) vanished on the dark scheme's button colour).
        self.sign_in_button.setStyleSheet(
            "QPushButton#signInButton { background: palette(highlight); color: palette(highlighted-text);"
            " border: 1px solid palette(highlight); border-radius: 4px; font-weight: 600; }"
            f" QPushButton#signInButton:disabled {{ background: palette(button); color: {disabled_text()};"
            " border: 1px solid palette(mid); }"
            " QPushButton#signInButton:focus { border: 2px solid palette(text); }"
        )

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Logga in – Caseworker"))
        self.title.setText("Caseworker")
        self.subtitle.setText(self.tr("Logga in med din kommuns inloggning för att se dina ärenden."))
        self.platform_label.setText(self.tr("&Plattform:"))
        self.platform_edit.setAccessibleName(self.tr("Plattformens adress"))
        self.sign_in_button.setText(self.tr("&Logga in"))
        self.sign_in_button.setAccessibleName(self.tr("Logga in i webbläsaren"))
        self.sign_in_button.setToolTip(self.tr("Öppnar din webbläsare för inloggning hos kommunen"))
        self.cancel_button.setText(self.tr("Avbryt"))
        self.cancel_button.setAccessibleName(self.tr("Avbryt inloggningen"))
        self.progress.setAccessibleName(self.tr("Pågår"))
        self._render_link_hint()
        self.link_edit.setAccessibleName(self.tr("Länk till inloggningen"))
        self.copy_button.setText(self.tr("&Kopiera länk"))
        self.copy_button.setAccessibleName(self.tr("Kopiera länken till urklipp"))
        self.remembered_group.setTitle(self.tr("Tidigare inloggade på den här datorn"))
        self.remembered_list.setAccessibleName(self.tr("Tidigare inloggade användare"))
        self.accounts_group.setTitle(self.tr("Demokonton"))
        self.accounts_hint.setText(
            self.tr("Sandlådeplattformen har påhittade konton för övning. Välj ett för att logga in.")
        )
        self.accounts_list.setAccessibleName(self.tr("Demokonton"))
        self._refresh_account_texts()
        if self.demo:  # read-only, so no typed address to keep
            self.platform_edit.setText(self._demo_text(self.platform_url))
            self.platform_edit.setCursorPosition(0)
        for row in range(self.remembered_list.count()):
            self.remembered_list.item(row).setToolTip(self._remembered_tip())
        self.status.setText(current_text(self._status))

    def _render_link_hint(self) -> None:
        self.link_hint.setText(
            self.tr("Öppnades ingen webbläsare? Kopiera länken och öppna den i din webbläsare:")
            if self._browser_opened
            else self.tr("Webbläsaren kunde inte öppnas. Kopiera länken och öppna den i din webbläsare:")
        )

    # --- state ---------------------------------------------------------------------------------------------

    def set_platform(self, url: str, *, demo: bool = False) -> None:
        """The platform to sign in to (editable unless it is the embedded demo platform)."""
        self.platform_url = url
        self.demo = demo
        self.platform_edit.setText(self._demo_text(url) if demo else url)
        self.platform_edit.setCursorPosition(0)  # the start of a long address, not its end
        self.platform_edit.setReadOnly(demo)
        self.load_accounts()

    def _demo_text(self, url: str) -> str:
        return self.tr("Inbyggd demoplattform ({url})").format(url=url)

    def _remembered_tip(self) -> str:
        return self.tr("Öppna utan att logga in igen (fungerar även offline)")

    def set_remembered(self, users: list[RememberedUser]) -> None:
        self.remembered_list.clear()
        for user in users:
            item = QtWidgets.QListWidgetItem(icon("person"), user.display_name)
            item.setData(AccountRole, user)
            item.setToolTip(self._remembered_tip())
            self.remembered_list.addItem(item)
        self.remembered_group.setVisible(bool(users))

    def set_busy(self, message: Text, *, cancellable: bool = True) -> None:
        """Show progress with ``message`` (a function translating it follows a language switch)."""
        self.set_status(message)
        self.progress_box.show()
        self.cancel_button.setVisible(cancellable)
        self.error.hide()
        self._set_inputs_enabled(False)

    def set_idle(self) -> None:
        self.progress_box.hide()
        self._set_inputs_enabled(True)

    def set_status(self, message: Text) -> None:
        self._status = message
        self.status.setText(current_text(message))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setStyleSheet("color: palette(bright-text);")
        self.error.show()
        self.error.setFocus()

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (self.sign_in_button, self.accounts_list, self.remembered_list):
            widget.setEnabled(enabled)
        self.platform_edit.setEnabled(enabled)

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    # --- demo accounts ----------------------------------------------------------------------------------

    def load_accounts(self) -> None:
        if self._accounts_task is not None:
            self._accounts_task.cancel()
        url = self.platform_url
        if not url:
            self.accounts_group.hide()
            return
        self._accounts_task = run_op(self, self._load_accounts(url))

    async def _load_accounts(self, url: str) -> None:
        accounts = await demo_accounts(self._http, url)
        if url != self.platform_url:
            return
        self.accounts_list.clear()
        for account in accounts:
            item = QtWidgets.QListWidgetItem(icon("person"), "")
            item.setData(AccountRole, account)
            self.accounts_list.addItem(item)
        self._refresh_account_texts()
        self.accounts_group.setVisible(bool(accounts))
        if accounts and self.demo:
            self.accounts_list.setFocus()

    def _refresh_account_texts(self) -> None:
        for row in range(self.accounts_list.count()):
            item = self.accounts_list.item(row)
            account = item.data(AccountRole)
            if isinstance(account, SandboxAccount):
                roles = ", ".join(self.role_name(r) for r in account.roles)
                item.setText(f"{account.display_name} – {roles}")
                item.setToolTip(self.tr("Användarnamn: {user}").format(user=account.username))

    def role_name(self, role: Role) -> str:
        return {
            Role.CASEWORKER: self.tr("handläggare"),
            Role.INSPECTOR: self.tr("byggnadsinspektör"),
            Role.TEAM_LEAD: self.tr("gruppledare"),
        }.get(role, str(role))

    def account_item(self, username: str) -> QtWidgets.QListWidgetItem | None:
        for row in range(self.accounts_list.count()):
            item = self.accounts_list.item(row)
            account = item.data(AccountRole)
            if isinstance(account, SandboxAccount) and account.username == username:
                return item
        return None

    # --- actions -----------------------------------------------------------------------------------------

    def _run(self, work: Coroutine[Any, Any, None], busy: Text) -> None:
        if self.busy:
            work.close()
            return
        self.set_busy(busy)
        self._task = run_op(self, self._guarded(work))

    async def _guarded(self, work: Coroutine[Any, Any, None]) -> None:
        try:
            await work
        except asyncio.CancelledError:
            self.set_status(lambda: self.tr("Inloggningen avbröts."))
            self.set_idle()
            raise
        except Exception as exc:  # noqa: BLE001 - a bug is reported (report_unexpected), a known error shown
            message = user_message(exc)
            if message is None:
                report_unexpected(exc, "sign in")
                message = self.tr("Inloggningen misslyckades. Försök igen.")
            self.show_error(message)
        finally:
            self.set_idle()
            self.link_box.hide()

    @QtCore.Slot()
    def start_browser_sign_in(self) -> None:
        url = self._typed_platform()
        if not url:
            self.show_error(self.tr("Skriv plattformens adress, till exempel https://etjanst.kommun.se."))
            self.platform_edit.setFocus()
            return
        self._run(self._browser_sign_in(url), lambda: self.tr("Väntar på inloggningen i webbläsaren …"))

    async def _browser_sign_in(self, url: str) -> None:
        def opened(link: str) -> bool:
            ok = self.open_browser(link)
            self.show_link(link, opened=ok)
            return ok

        tokens = await flow.browser_sign_in(self._http, url, opened)
        self.link_box.hide()
        self.set_status(lambda: self.tr("Inloggad. Hämtar din profil …"))
        self.cancel_button.hide()
        await self._host.signed_in(url, tokens)

    def show_link(self, link: str, *, opened: bool) -> None:
        self.link_edit.setText(link)
        self.link_edit.setCursorPosition(0)
        self._browser_opened = opened
        self._render_link_hint()
        self.link_box.show()

    @QtCore.Slot()
    def copy_link(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.link_edit.text())
        self.set_status(lambda: self.tr("Länken är kopierad. Klistra in den i webbläsarens adressfält."))

    @QtCore.Slot(QtWidgets.QListWidgetItem)
    def _account_chosen(self, item: QtWidgets.QListWidgetItem) -> None:
        account = item.data(AccountRole)
        if isinstance(account, SandboxAccount):
            self.sign_in_demo(account.username, account.display_name)

    def sign_in_demo(self, username: str, display_name: str | None = None) -> None:
        url = self.platform_url
        name = display_name or username
        self._run(
            self._demo_sign_in(url, username), lambda: self.tr("Loggar in som {name} …").format(name=name)
        )

    async def _demo_sign_in(self, url: str, username: str) -> None:
        tokens = await flow.demo_sign_in(self._http, url, username)
        self.set_status(lambda: self.tr("Inloggad. Hämtar din profil …"))
        self.cancel_button.hide()
        await self._host.signed_in(url, tokens)

    @QtCore.Slot(QtWidgets.QListWidgetItem)
    def _remembered_chosen(self, item: QtWidgets.QListWidgetItem) -> None:
        user = item.data(AccountRole)
        if isinstance(user, RememberedUser):
            name = user.display_name
            self._run(self._reopen(user), lambda: self.tr("Öppnar {name} …").format(name=name))

    async def _reopen(self, user: RememberedUser) -> None:
        if not await self._host.reopen(user):
            self.show_error(self.tr("{name} behöver logga in igen.").format(name=user.display_name))

    @QtCore.Slot()
    def cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def _typed_platform(self) -> str:
        if self.demo:
            return self.platform_url
        text = self.platform_edit.text().strip()
        if text and "://" not in text:
            text = "https://" + text
        return text.rstrip("/")

    @QtCore.Slot()
    def _platform_edited(self) -> None:
        if self.demo:
            return
        url = self._typed_platform()
        if url and url != self.platform_url:
            self.platform_url = url
            self.load_accounts()

    # --- closing -------------------------------------------------------------------------------------------

    def close_programmatically(self) -> None:
        self._closing_programmatically = True
        self.close()
        self._closing_programmatically = False

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self.cancel()
        if self._accounts_task is not None:
            self._accounts_task.cancel()
        if not self._closing_programmatically:
            self.closedByUser.emit()
        super().closeEvent(event)
