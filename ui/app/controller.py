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
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sys
from collections.abc import Coroutine
from typing import Any

import shiboken6

from caseworker.api.errors import PlatformError
from caseworker.api.transport import make_http_client
from caseworker.auth.flow import Tokens
from caseworker.auth.secrets import KeyringSecretStore, NoSecureBackend, SecretStore, SessionSecretStore
from caseworker.paths import AppPaths
from caseworker.store import StoreError, check_cache_file, request_check_at_open
from caseworker.store.lockout import SetAside
from caseworker.store.outbox import BLOCKING_STATES
from ui.app import lockout
from ui.app.demo import DEMO_PLATFORM, DemoPlatform, demo_platform_home, start_demo_platform
from ui.app.dialogs import ask, message_box
from ui.app.excepthook import ErrorReporter
from ui.app.options import AppOptions
from ui.app.settings import AppSettings, RememberedUser, RememberedUsers
from ui.app.wiring import Platform, close_services, services_after_sign_in, services_from_store, wipe_store
from ui.archive import attach_archive
from ui.case.documents import remove_viewer_copies
from ui.case.labels import QT_TRANSLATE_NOOP
from ui.drawings import DrawingsHost
from ui.i18n import SOURCE_LANGUAGE, Translations
from ui.ops import user_message
from ui.qt import QtCore, QtWidgets
from ui.services import Services
from ui.settings.dialog import SettingsDialog
from ui.shell.main_window import MainWindow
from ui.signin.window import SignInWindow

log = logging.getLogger(__name__)

REVOKE_TIMEOUT = 10.0
STORE_CHECK_RETRIES = 3  # the background check of the cache, when the file was busy
STORE_CHECK_RETRY_S = 60.0


class SecretStoreDeclined(Exception):
    """The user chose not to continue without a secure keystore."""

    user_message = QT_TRANSLATE_NOOP(
        "AppController",
        "Caseworker kan inte spara din inloggning säkert på den här datorn. "
        "Välj ”Fortsätt utan att spara” för att ändå arbeta under den här sessionen.",
    )


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
        self._secrets = secrets
        self.http = make_http_client()
        self.demo: DemoPlatform | None = None
        self.platform: Platform | None = None
        self.services: Services | None = None
        self.main_window: MainWindow | None = None
        self.signin: SignInWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self._sync_task: asyncio.Task[Any] | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._retired: list[QtCore.QObject] = []
        self._finished = asyncio.Event()
        self._shutdown_task: asyncio.Task[None] | None = None
        self._repairing: asyncio.Task[Any] | None = None  # a store repair between two sessions
        self._quit_question: asyncio.Task[None] | None = None  # unsent changes: quit anyway?
        self._run_task: asyncio.Task[Any] | None = None
        self.exit_code = 0
        self.drawings = DrawingsHost(parent=self)  # the drawing viewer's windows and render engine
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
            self._shutdown_task = asyncio.ensure_future(self.shutdown())
        return self._shutdown_task

    def quit_by_user(self) -> asyncio.Task[None]:
        """The user closed the window or chose Avsluta. With a session-only key the outbox cannot be read
        after the app ends: first warn about unsent changes (and offer to wait for the sync)."""
        if self._shutdown_task is not None:
            return self._shutdown_task
        if self._quit_question is None or self._quit_question.done():
            self._quit_question = self._spawn(self._quit_unless_the_user_stays())
        return self._quit_question

    async def _quit_unless_the_user_stays(self) -> None:
        services, secrets = self.services, self._secrets
        session_only = secrets is not None and not secrets.persistent
        if services is not None and session_only and not await lockout.may_quit(self._window(), services):
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
                    await self._delete(window)  # no screen timer may reach for the store from now on
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
        if self._secrets is not None:
            return self._secrets
        try:
            self._secrets = KeyringSecretStore()
        except NoSecureBackend as exc:
            log.warning("no secure keystore: %s", exc)
            box = message_box(
                self._window(),
                QtWidgets.QMessageBox.Icon.Warning,
                self.tr("Ingen säker nyckelring"),
                self.tr(
                    "Den här datorn har ingen säker nyckelring där Caseworker kan spara sin "
                    "krypteringsnyckel."
                ),
                self.tr(
                    "Du kan ändå arbeta nu: nyckeln finns då bara i minnet tills du stänger appen. Nästa "
                    "gång loggar du in igen; den gamla lokala kopian läggs då åt sidan och ärendena hämtas "
                    "på nytt. Ändringar som inte har skickats när du avslutar går förlorade – Caseworker "
                    "varnar innan du avslutar och kan vänta tills de är skickade."
                ),
            )
            box.setObjectName("noKeyringDialog")
            go_on = box.addButton(
                self.tr("Fortsätt utan att spara"), QtWidgets.QMessageBox.ButtonRole.AcceptRole
            )
            box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
            await ask(box)
            if box.clickedButton() is not go_on:
                raise SecretStoreDeclined("the user declined the session-only secret store") from exc
            self._secrets = SessionSecretStore()
        return self._secrets

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
            self._spawn(lockout.tell_set_aside(self.main_window, aside))

    async def reopen(self, user: RememberedUser) -> bool:
        platform = self.platform
        if platform is None or platform.identity != user.platform:
            platform = Platform(user.platform, user.platform)
        try:
            secrets = await self.secret_store()
            services = await services_from_store(self.http, self.paths, secrets, platform, user.user_id)
        except (StoreError, OSError, PlatformError) as exc:
            log.warning("could not reopen a remembered user's store: %s", exc)
            return False
        except Exception as exc:  # a keystore error: sign in instead
            if user_message(exc) is None:
                log.warning("could not reopen a remembered user", exc_info=True)
            return False
        if services is None:
            self.users.forget(user.platform, user.user_id)
            return False
        self.platform = platform
        self._enter(services, secrets)
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
        window.signOutRequested.connect(lambda: self._spawn(self.sign_out()))
        window.quitRequested.connect(self.quit_by_user)
        services.bridge.signedOut.connect(self._signed_out_by_platform)
        self.main_window = window
        window.show()
        window.raise_()
        window.activateWindow()
        if self.signin is not None:
            self.signin.close_programmatically()
        self._sync_task = self._spawn(self._start_sync(services))
        self._spawn(self._release_documents(services))
        if services.store.open_result.recovered_from_corruption:
            window.statusBar().showMessage(
                self.tr(
                    "Den lokala lagringen var skadad och har lagats. Ärendena hämtas på nytt från "
                    "plattformen; utkorgen är kvar."
                ),
                30_000,
            )
        else:
            self._spawn(self._check_store(services))
        self.mainWindowShown.emit(window)

    async def _start_sync(self, services: Services) -> None:
        try:
            keep_done = dt.timedelta(days=self.settings.retention_days)  # the user's setting
            await services.sync.start(interval=self.options.sync_interval, keep_done=keep_done)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            if user_message(exc) is None:
                raise
            log.info("first sync did not complete: %s", exc)

    async def _check_store(self, services: Services) -> None:
        """Check the cache file beside the open store (the store opens unchecked, for a fast start).

        Damage is repaired by reopening: the cache is quarantined and synced again; the outbox (its own
        file, always checked at open) is kept. The user chooses now or at the next start.
        """
        directory = services.store.directory
        healthy = await asyncio.to_thread(check_cache_file, directory)
        for _ in range(STORE_CHECK_RETRIES):
            if healthy is not None or services is not self.services:
                break
            await asyncio.sleep(STORE_CHECK_RETRY_S)  # the file was busy (a long first sync): later
            healthy = await asyncio.to_thread(check_cache_file, directory)
        if healthy is not False or services is not self.services:
            return
        log.warning("the local cache is damaged; it is repaired when the store is opened next")
        request_check_at_open(directory)
        box = message_box(
            self._window(),
            QtWidgets.QMessageBox.Icon.Warning,
            lambda: self.tr("Den lokala lagringen är skadad"),
            lambda: self.tr("Den lokala kopian av ärendena går inte att lita på och behöver lagas."),
            lambda: self.tr(
                "Caseworker lagar den genom att öppna den på nytt: ärendena hämtas igen från plattformen. "
                "Ändringar som väntar i utkorgen finns kvar och skickas som vanligt."
            ),
        )
        box.setObjectName("repairStoreDialog")
        now = box.add_button(lambda: self.tr("&Laga nu"), QtWidgets.QMessageBox.ButtonRole.AcceptRole)
        box.add_button(lambda: self.tr("Vid &nästa start"), QtWidgets.QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(now)
        await ask(box)
        if box.clickedButton() is now and services is self.services:
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

    async def _release_documents(self, services: Services) -> None:
        """At start: documents kept offline that were not opened for the chosen number of days, then the
        least recently used beyond the size limit (the sync engine, on the store's thread; a document
        released is downloaded again when it is opened)."""
        now = dt.datetime.now(dt.UTC)
        try:
            released = await services.sync.release_documents(
                unused_since=now - dt.timedelta(days=self.settings.document_retention_days),
                max_bytes=self.settings.document_limit_bytes,
            )
        except StoreError:
            log.warning("could not release documents kept offline", exc_info=True)
            return
        if released.removed:
            log.info(
                "released %d documents kept offline (%d bytes; %d bytes kept)",
                released.removed,
                released.freed_bytes,
                released.remaining_bytes,
            )

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
        dialog.signOutRequested.connect(lambda wipe: self._spawn(self.sign_out(wipe=wipe)))
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
            secrets = await self.secret_store()
            await asyncio.to_thread(wipe_store, self.paths, secrets, platform.identity, services.user.id)
            log.info("local data of the signed-out user removed")
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
            try:
                problem = await asyncio.wait_for(services.session.sign_out(), REVOKE_TIMEOUT)
                if problem is not None:
                    log.info("the platform could not revoke the session now; it expires there by itself")
            except (TimeoutError, PlatformError):
                log.info("signed out locally; revoking on the platform did not complete")
        if window is not None:
            await self._delete(window)  # its screens are quiet now: no reload will touch the closed store
        await close_services(services)
        services.bridge.deleteLater()

    async def _wind_down(self, services: Services, *, keep_viewer_copies: bool = False) -> None:
        """Before the store closes: stop syncing, then cancel what the screens still have running
        (reloads, counts, downloads) and let it end, so nothing reaches for a closed store."""
        services.bridge.detach()
        if self._sync_task is not None:
            self._sync_task.cancel()
        try:
            await asyncio.wait_for(services.sync.stop(), 15)
        except Exception:
            log.warning("stopping the sync engine failed", exc_info=True)
        keep = {asyncio.current_task(), self._shutdown_task, self._run_task}
        pending = [t for t in asyncio.all_tasks() if t not in keep and not t.done() and _is_app_task(t)]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=10)
        if not keep_viewer_copies:  # the plain copies of documents opened in other programs
            await asyncio.to_thread(remove_viewer_copies, services.paths)

    @staticmethod
    async def _delete(obj: QtCore.QObject, timeout: float = 2.0) -> None:
        """deleteLater, and wait (briefly) until Qt has done it, so none of its timers fires again."""
        obj.deleteLater()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while shiboken6.isValid(obj) and loop.time() < deadline:
            await asyncio.sleep(0.01)

    @QtCore.Slot(str)
    def _signed_out_by_platform(self, reason: str) -> None:
        self._spawn(self._after_platform_sign_out(reason))

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

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("an app operation failed", exc_info=exc)
            sys.excepthook(type(exc), exc, exc.__traceback__)


def _is_app_task(task: asyncio.Task[Any]) -> bool:
    """A task running the app's own code (a screen's reload, a core call), not the host's (tests)."""
    frame = getattr(task.get_coro(), "cr_frame", None)
    module = frame.f_globals.get("__name__", "") if frame is not None else ""
    return str(module).split(".")[0] in ("ui", "caseworker")
