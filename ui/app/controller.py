"""The app's life: which window is up, who is signed in, and a clean way out.

    start ──► remembered user? ──yes──► main window (offline or online; sync starts in the background)
                    │ no
                    ▼
              sign-in window ──tokens──► open the user's store ──► main window
    main window ──sign out──► sign-in window          (the outbox stays for the next sign-in)
    anything ──quit──► stop sync ► close store ► close http ► stop the demo platform ► loop ends

One :class:`AppController` per process (tests make several, one per data folder). It owns the app's
single HTTP client, the embedded demo platform, the secret store choice and the current
:class:`~ui.services.Services`; windows only ask it to act (signals), so closing a window never kills
the event loop in the middle of a write.

The controller only wires; the steps live beside it: :mod:`ui.app.session` (open and close a user's
session), :mod:`ui.app.maintenance` (first sync, store check, document release), :mod:`ui.app.keystore`
(where the data key is kept). Everything it starts is a :class:`ui.ops.Op`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any, TypeVar

import shiboken6

from caseworker.api.transport import make_http_client
from caseworker.auth.flow import Tokens
from caseworker.auth.secrets import SecretStore
from caseworker.paths import AppPaths
from caseworker.store.lockout import SetAside
from caseworker.store.outbox import BLOCKING_STATES
from ui.app import lockout, maintenance, session
from ui.app.demo import DEMO_PLATFORM, DemoPlatform, demo_platform_home, start_demo_platform
from ui.app.excepthook import ErrorReporter
from ui.app.keystore import Keystore, SecretStoreDeclined
from ui.app.options import AppOptions
from ui.app.wiring import Platform, close_services, services_after_sign_in
from ui.archive import attach_archive
from ui.drawings import DrawingsHost
from ui.i18n import SOURCE_LANGUAGE, Translations
from ui.local_files import remove_viewer_copies
from ui.markups import offer_clouds, offer_markups
from ui.ops import Op
from ui.qt import QtCore, QtWidgets
from ui.services import Services
from ui.settings.dialog import SettingsDialog
from ui.settings_store import AppSettings, RememberedUser, RememberedUsers
from ui.shell.main_window import MainWindow
from ui.signin.window import SignInWindow

log = logging.getLogger(__name__)
T = TypeVar("T")

__all__ = ["AppController", "SecretStoreDeclined"]


class AppController(QtCore.QObject):
    """Runs the app: ``await controller.run()`` returns the exit code after a clean shutdown."""

    mainWindowShown = QtCore.Signal(object)  # MainWindow
    signInShown = QtCore.Signal(object)  # SignInWindow
    signedOut = QtCore.Signal()

    def __init__(
        self,
        app: QtWidgets.QApplication,
        options: AppOptions,
        *,
        paths: AppPaths | None = None,
        secrets: SecretStore | None = None,
        reporter: ErrorReporter | None = None,
        translations: Translations | None = None,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.app = app
        app.setQuitOnLastWindowClosed(False)  # windows come and go; the app ends after a clean shutdown
        self.options = options
        self.paths = (paths or AppPaths.resolve(options.data_dir)).ensure()
        remove_viewer_copies(self.paths)  # plain copies of documents a crashed run left for the viewer
        self.settings = AppSettings(self.paths.config)
        self.users = RememberedUsers(self.paths.config)
        self.translations = translations or Translations(app)
        self.reporter = reporter
        self.keystore = Keystore(secrets, self._window)
        self.http = make_http_client()
        self.demo: DemoPlatform | None = None
        self.platform: Platform | None = None
        self.services: Services | None = None
        self.main_window: MainWindow | None = None
        self.signin: SignInWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._sync_task: asyncio.Task[Any] | None = None
        self._retired: list[QtCore.QObject] = []
        self._finished = asyncio.Event()
        self._shutdown_task: asyncio.Task[None] | None = None
        self._repairing: asyncio.Task[Any] | None = None  # a store repair between two sessions
        self._quit_question: asyncio.Task[None] | None = None  # unsent changes: quit anyway?
        self._run_task: asyncio.Task[Any] | None = None
        self.exit_code = 0
        # the drawing viewer's windows and render engine; a case's drawing opens with its markups, and a
        # compare with a case's drawing can cloud its changes
        self.drawings = DrawingsHost(parent=self, markups=offer_markups, clouds=offer_clouds)
        self.language = self.translations.apply(options.lang or self.settings.language or SOURCE_LANGUAGE)

    # --- running -----------------------------------------------------------------------------------

    async def run(self) -> int:
        self._run_task = asyncio.current_task()
        await self.start()
        await self._finished.wait()
        return self.exit_code

    async def start(self) -> None:
        """Reopen the last user straight into the app if possible; the sign-in window otherwise."""
        if self.options.open_file is not None:  # a local drawing needs no sign-in
            self.drawings.open_file(self.options.open_file)
        if self.options.demo:
            signin = self.show_sign_in()
            signin.set_busy(
                self.tr("Startar demoplattformen … (första gången skapas demodata, det tar några sekunder)"),
                cancellable=False,
            )
            try:
                home = demo_platform_home(self.options.data_dir)
                self.demo = await start_demo_platform(home, client_data=self.paths.data)
            except Exception as exc:
                log.exception("the embedded demo platform did not start")
                signin.set_idle()
                signin.show_error(self.tr("Demoplattformen kunde inte starta: {error}").format(error=exc))
                return
            signin.set_idle()
            self.platform = Platform(self.demo.url, DEMO_PLATFORM, demo=True)
        else:
            url = self.options.platform or self.settings.platform_url or self._last_platform()
            self.platform = Platform(url, url) if url else None

        if self.platform is not None:
            if self.options.demo and self.options.user:  # an explicit demo account wins
                signin = self.show_sign_in()
                signin.sign_in_demo(self.options.user)
                return
            for user in self.users.for_platform(self.platform.identity)[:1]:
                if await self.reopen(user):
                    return
        self.show_sign_in()

    def _last_platform(self) -> str:
        for user in self.users.load():
            if user.platform != DEMO_PLATFORM:
                return user.platform
        return ""

    def request_quit(self) -> asyncio.Task[None]:
        if self._shutdown_task is None:
            self._shutdown_task = self._spawn(self.shutdown(), "shut down")
        return self._shutdown_task

    def quit_by_user(self) -> asyncio.Task[None]:
        """The user closed the window or chose Avsluta. With a session-only key the outbox cannot be read
        after the app ends: first warn about unsent changes (and offer to wait for the sync)."""
        if self._shutdown_task is not None:
            return self._shutdown_task
        if self._quit_question is None or self._quit_question.done():
            self._quit_question = self._spawn(self._quit_unless_the_user_stays(), "quit?")
        return self._quit_question

    async def _quit_unless_the_user_stays(self) -> None:
        services = self.services
        if (
            services is not None
            and self.keystore.session_only
            and not await lockout.may_quit(self._window(), services)
        ):
            return  # the user keeps working
        self.request_quit()

    async def shutdown(self) -> None:
        """Stop syncing, close the store, the HTTP client and the demo platform; then end ``run``."""
        if self._shutdown_task is None:  # called directly: known as the shutdown (seen by a repair)
            self._shutdown_task = asyncio.current_task()
        window = self.main_window
        if window is not None:
            window.save_state()
            window.statusBar().showMessage(self.tr("Avslutar … (sparar och stänger den lokala kopian)"))
        dialog = self.settings_dialog
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.reject()
        try:
            repairing = self._repairing
            if repairing is not None and not repairing.done():
                # between two sessions: let it close the old one (it opens no new one when quitting)
                await asyncio.wait({repairing}, timeout=30)
            if self.services is not None:
                services, self.services = self.services, None
                await self._wind_down(services)
                if window is not None:
                    window.allow_close = True
                    window.close()
                    await session.delete(window)  # no screen timer may reach for the store from now on
                    self.main_window = window = None
                await close_services(services)
                self._retired.append(services.bridge)
        finally:
            await self.drawings.close()  # its worker processes end with the app
            await self.http.aclose()
            if self.demo is not None:
                await self.demo.stop()
                self.demo = None
            if window is not None:  # only if there were no services to wind down
                window.allow_close = True
                window.close()
            if self.signin is not None:
                self.signin.close_programmatically()
            self.settings.sync()
            self._finished.set()

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    # --- the secret store -----------------------------------------------------------------------

    async def secret_store(self) -> SecretStore:
        """The OS keystore; without one, the session-only store if the user agrees (asked once)."""
        return await self.keystore.secret_store()

    # --- SignInHost ---------------------------------------------------------------------------------

    async def signed_in(self, platform_url: str, tokens: Tokens) -> None:
        platform = self.platform
        if platform is None or (not platform.demo and platform.url != platform_url):
            platform = Platform(platform_url, platform_url)
            self.platform = platform
            self.settings.platform_url = platform_url
        secrets = await self.secret_store()
        set_aside: list[SetAside] = []  # an old local copy the key could not open
        services = await services_after_sign_in(
            self.http, self.paths, secrets, platform, tokens, on_set_aside=set_aside.append
        )
        self._enter(services, secrets)
        for aside in set_aside:
            self._spawn(lockout.tell_set_aside(self.main_window, aside), "set aside")

    async def reopen(self, user: RememberedUser) -> bool:
        platform = self.platform
        if platform is None or platform.identity != user.platform:
            platform = Platform(user.platform, user.platform)
        try:
            services = await session.reopen(self.http, self.paths, self.keystore, platform, user)
        except session.CouldNotReopen:
            return False
        if services is None:
            self.users.forget(user.platform, user.user_id)
            return False
        self.platform = platform
        assert self.keystore.secrets is not None
        self._enter(services, self.keystore.secrets)
        return True

    # --- windows -----------------------------------------------------------------------------------

    def show_sign_in(self, error: str | None = None) -> SignInWindow:
        if self.signin is None:
            self.signin = SignInWindow(self.http, self)
            self.signin.closedByUser.connect(self._sign_in_closed)
        signin = self.signin
        if self.platform is not None:
            if signin.platform_url != self.platform.url:
                signin.set_platform(self.platform.url, demo=self.platform.demo)
            signin.set_remembered(self.users.for_platform(self.platform.identity))
        else:
            signin.set_platform(self.settings.platform_url)
        if error:
            signin.show_error(error)
        signin.show()
        signin.raise_()
        signin.activateWindow()
        self.signInShown.emit(signin)
        return signin

    @QtCore.Slot()
    def _sign_in_closed(self) -> None:
        if self.main_window is None:
            self.request_quit()

    def _enter(self, services: Services, secrets: SecretStore) -> None:
        """Show the main window for ``services`` and start syncing."""
        self.services = services
        if secrets.persistent:
            platform = self.platform
            assert platform is not None
            self.users.remember(platform.identity, services.user.id, services.user.display_name)
        window = MainWindow(services, self.settings)
        self.drawings.attach(window.case_view, services)
        attach_archive(window, services, self.drawings)
        self.drawings.accept_drops(window)  # a drawing file dropped on the window opens in the viewer
        window.settingsRequested.connect(self.open_settings)
        window.signOutRequested.connect(lambda: self._spawn(self.sign_out(), "sign out"))
        window.quitRequested.connect(self.quit_by_user)
        services.bridge.signedOut.connect(self._signed_out_by_platform)
        self.main_window = window
        window.show()
        window.raise_()
        window.activateWindow()
        if self.signin is not None:
            self.signin.close_programmatically()
        interval = self.options.sync_interval
        self._sync_task = self._spawn(maintenance.start_sync(services, self.settings, interval), "sync")
        self._spawn(maintenance.release_documents(services, self.settings), "release documents")
        if services.store.open_result.recovered_from_corruption:
            window.statusBar().showMessage(
                self.tr(
                    "Den lokala lagringen var skadad och har lagats. Ärendena hämtas på nytt från "
                    "plattformen; utkorgen är kvar."
                ),
                30_000,
            )
        else:
            self._spawn(self._check_store(services), "check the store")
        self.mainWindowShown.emit(window)

    async def _check_store(self, services: Services) -> None:
        """The background check of the cache file; a repair now if the user asks for it."""
        if await maintenance.store_needs_repair(services, lambda: services is self.services, self._window):
            await self._repair(services)

    async def _repair(self, services: Services) -> None:
        """Close the session and open the same user's store again (it checks and quarantines now)."""
        platform = self.platform
        assert platform is not None
        user = RememberedUser(platform.identity, services.user.id, services.user.display_name)
        self._repairing = asyncio.current_task()
        try:
            # documents open in other programs stay open: the user is still working
            await self._end_session(services, keep_viewer_copies=True)
            if self._shutdown_task is not None:
                return  # quitting meanwhile: the next start repairs (it was asked to)
            if not await self.reopen(user):
                self.show_sign_in(
                    self.tr("Den lokala lagringen kunde inte öppnas igen. Logga in för att fortsätta.")
                )
        finally:
            self._repairing = None

    def bring_to_front(self) -> None:
        window: QtWidgets.QWidget | None = self.main_window or self.signin
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()

    def _window(self) -> QtWidgets.QWidget | None:
        return self.main_window or self.signin

    # --- settings and language --------------------------------------------------------------------

    @QtCore.Slot()
    def open_settings(self) -> SettingsDialog:
        current = self.settings_dialog
        if current is not None and shiboken6.isValid(current) and current.isVisible():
            current.raise_()
            return current
        dialog = SettingsDialog(
            self.settings,
            self.services,
            language=self.language,
            demo=bool(self.platform and self.platform.demo),
            parent=self.main_window,
        )
        dialog.languageChosen.connect(self.set_language)
        dialog.signOutRequested.connect(lambda wipe: self._spawn(self.sign_out(wipe=wipe), "sign out"))
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    @QtCore.Slot(str)
    def set_language(self, lang: str) -> None:
        """Switch the UI language now (widgets retranslate on QEvent.LanguageChange) and remember it."""
        self.language = self.translations.apply(lang)
        if lang in ("sv", "en"):
            self.settings.language = lang
            self.settings.sync()

    # --- signing out -------------------------------------------------------------------------------

    async def sign_out(self, *, wipe: bool = False) -> None:
        """End the session (revoked on the platform when reachable). The outbox stays unless ``wipe``."""
        services, platform = self.services, self.platform
        if services is None or platform is None:
            return
        await self._end_session(services, revoke=True)
        self.users.forget(platform.identity, services.user.id)
        if wipe:
            await session.wipe(self.paths, self.keystore, platform, services.user.id)
        self.signedOut.emit()
        self.show_sign_in()

    async def _end_session(
        self, services: Services, *, revoke: bool = False, keep_viewer_copies: bool = False
    ) -> None:
        """Close the main window and the store of ``services`` (revoking the session first if asked)."""
        self.services = None
        self.drawings.close_windows()  # they show the user's documents
        window = self.main_window
        self.main_window = None
        if window is not None:
            window.save_state()
            window.allow_close = True
            window.close()
        await self._wind_down(services, keep_viewer_copies=keep_viewer_copies)
        if revoke:
            await session.revoke(services)
        if window is not None:
            await session.delete(window)  # its screens are quiet now: no reload will touch the closed store
        await close_services(services)
        services.bridge.deleteLater()

    async def _wind_down(self, services: Services, *, keep_viewer_copies: bool = False) -> None:
        """Before the store closes: sync stopped, the screens' operations ended (not this one, not the
        shutdown, not ``run``)."""
        if self._sync_task is not None:
            self._sync_task.cancel()
        keep = {self._shutdown_task, self._run_task}
        await session.wind_down(services, keep=keep, keep_viewer_copies=keep_viewer_copies)

    @QtCore.Slot(str)
    def _signed_out_by_platform(self, reason: str) -> None:
        self._spawn(self._after_platform_sign_out(reason), "signed out by the platform")

    async def _after_platform_sign_out(self, reason: str) -> None:
        await self.sign_out()
        if self.signin is not None:
            note = self.tr("Dina ändringar i utkorgen finns kvar och skickas när du har loggat in igen.")
            self.signin.show_error(f"{reason} {note}".strip())

    async def outbox_waiting(self) -> int:
        if self.services is None:
            return 0
        counts = await self.services.store.outbox_counts()
        return sum(counts.get(s, 0) for s in BLOCKING_STATES)

    def dispose(self) -> None:
        """After the loop has ended: delete the closed windows (at Qt's next safe point)."""
        for obj in (self.main_window, self.signin, self.settings_dialog, *self._retired):
            if obj is not None and shiboken6.isValid(obj):
                obj.deleteLater()
        self.main_window = self.signin = self.settings_dialog = None
        self._retired.clear()

    # --- helpers -----------------------------------------------------------------------------------

    def _spawn(self, coro: Coroutine[Any, Any, T], name: str) -> asyncio.Task[T]:
        """The app's own operations: a known error shows its text, anything else the excepthook's dialog."""
        task: asyncio.Task[T] = Op(self, coro, name=name).run()
        return task
