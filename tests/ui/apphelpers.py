"""Run the whole app (AppController) inside a test: real windows, real services, a live sandbox.

    with running_app(qapp, qloop, tmp_path, platform=sandbox.url) as app:
        app.start()
        app.sign_in_by_clicking("anna", qtbot)
        window = app.main_window()

Each app keeps all its data under its own folder; the keyring is an in-memory one (pass the same
``keyring`` to two apps to play a restart on the same computer). Waiting is by condition, never by time.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from keyring.backend import KeyringBackend

from caseworker.paths import AppPaths
from tests.helpers import memory_keyring
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import PATIENCE, until
from ui.app.controller import AppController
from ui.app.options import AppOptions
from ui.qt import Qt, QtCore, QtWidgets
from ui.shell.main_window import MainWindow
from ui.signin.window import SignInWindow


def settle(qloop: LoopRunner) -> None:
    """Cancel what the closed windows left running (reloads, counts) and let it end on a running loop."""
    for _ in range(3):
        pending = [t for t in asyncio.all_tasks(qloop.loop) if not t.done()]
        if not pending:
            return
        for task in pending:
            task.cancel()
        qloop.run(asyncio.gather(*pending, return_exceptions=True))


class AppUnderTest:
    def __init__(self, qloop: LoopRunner, controller: AppController) -> None:
        self.qloop = qloop
        self.controller = controller

    @property
    def paths(self) -> AppPaths:
        return self.controller.paths

    def start(self) -> None:
        self.qloop.run(self.controller.start(), timeout=PATIENCE)

    def wait(
        self, condition: Callable[[], Any], timeout: float = PATIENCE, what: str = "the condition"
    ) -> Any:
        return self.qloop.run(until(condition, timeout, what), timeout=timeout + 5)

    def run(self, coro: Any, timeout: float = PATIENCE) -> Any:
        return self.qloop.run(coro, timeout)

    def signin(self) -> SignInWindow:
        window = self.controller.signin
        assert window is not None and window.isVisible(), "the sign-in window is not shown"
        return window

    def main_window(self) -> MainWindow:
        window = self.controller.main_window
        assert window is not None, "the main window is not shown"
        return window

    def sign_in_by_clicking(self, username: str, qtbot: Any) -> MainWindow:
        """Click the demo account in the sign-in window's list; wait for the main window and a sync."""
        signin = self.signin()
        item = self.wait(lambda: signin.account_item(username), what=f"the demo account {username}")
        accounts = signin.accounts_list
        accounts.scrollToItem(item)
        rect = accounts.visualItemRect(item)
        qtbot.mouseClick(accounts.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        window = self.wait(lambda: self.controller.main_window, what="the main window")
        self.wait_synced()
        return window

    def wait_synced(self) -> None:
        """Until the first sync has finished and the navigation counts show its data."""
        window = self.main_window()
        self.wait(lambda: window.indicator.last_sync is not None, what="the first sync")

        def counted_after_the_sync() -> bool:  # the sync's end restarts the count timer: wait it out
            task = window._count_task
            idle = not window._count_timer.isActive() and (task is None or task.done())
            return idle and (window.navigation.count_of("all") or 0) > 0

        self.wait(counted_after_the_sync, what="the queue counts after the sync")

    def shutdown(self) -> None:
        if not self.controller.finished:
            self.qloop.run(self.controller.shutdown(), timeout=PATIENCE)


@contextlib.contextmanager
def running_app(
    qapp: QtWidgets.QApplication,
    qloop: LoopRunner,
    data_dir: Path,
    *,
    keyring: KeyringBackend | None = None,
    **options: Any,
) -> Iterator[AppUnderTest]:
    options.setdefault("single_instance", False)
    with memory_keyring.install(keyring):
        controller = AppController(qapp, AppOptions(data_dir=data_dir, **options))
        app = AppUnderTest(qloop, controller)
        try:
            yield app
        finally:
            app.shutdown()
            settle(qloop)
            controller.translations.apply("sv")
            controller.dispose()
            QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
            controller.deleteLater()
            QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
            gc.collect()  # now, not in the middle of a later test's event processing


@contextlib.contextmanager
def app_at_sign_in(
    qapp: QtWidgets.QApplication, qloop: LoopRunner, data_dir: Path, platform_url: str, **options: Any
) -> Iterator[tuple[AppUnderTest, SignInWindow]]:
    """The app started on ``data_dir`` with no one remembered: (the app, its sign-in window)."""
    with running_app(qapp, qloop, data_dir, platform=platform_url, **options) as app:
        app.start()
        yield app, app.signin()


@contextlib.contextmanager
def app_signed_in(
    qtbot: Any,
    qapp: QtWidgets.QApplication,
    qloop: LoopRunner,
    data_dir: Path,
    platform_url: str,
    username: str = "anna",
    **options: Any,
) -> Iterator[tuple[AppUnderTest, MainWindow]]:
    """The app started on ``data_dir`` (``options`` as for running_app) and ``username`` signed in by
    clicking the demo account: (the app, its main window)."""
    with running_app(qapp, qloop, data_dir, platform=platform_url, **options) as app:
        app.start()
        yield app, app.sign_in_by_clicking(username, qtbot)


class SameComputer:
    """One caseworker's computer across restarts: the same data folder, keyring and platform address.

    computer = SameComputer(qapp, qloop, tmp_path, platform.url)   # or the ``computer`` fixture
    with computer.signed_in(qtbot) as (app, window): ...   # the first start, signed in as anna
    platform.stop()
    with computer.app() as app: ...                         # the restart, offline
    """

    def __init__(
        self, qapp: QtWidgets.QApplication, qloop: LoopRunner, data_dir: Path, platform_url: str
    ) -> None:
        self.qapp, self.qloop, self.data_dir, self.platform_url = qapp, qloop, data_dir, platform_url
        self.keyring = MemoryKeyring()
        self.platform: Sandbox | None = (
            None  # the ``computer`` fixture's own platform (stop it to go offline)
        )

    @contextlib.contextmanager
    def app(self, *, start: bool = True) -> Iterator[AppUnderTest]:
        with running_app(
            self.qapp, self.qloop, self.data_dir, platform=self.platform_url, keyring=self.keyring
        ) as app:
            if start:
                app.start()
            yield app

    @contextlib.contextmanager
    def signed_in(self, qtbot: Any, username: str = "anna") -> Iterator[tuple[AppUnderTest, MainWindow]]:
        with app_signed_in(
            qtbot, self.qapp, self.qloop, self.data_dir, self.platform_url, username, keyring=self.keyring
        ) as signed_in:
            yield signed_in
