"""The sign-in window: demo accounts, the system-browser flow (link, cancel), remembered users offline."""

from __future__ import annotations

import json
import threading
import urllib.parse
from pathlib import Path

import httpx

from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.apphelpers import SameComputer, app_at_sign_in, app_signed_in, running_app
from ui.qt import Qt, QtWidgets
from ui.settings_store import USERS_FILE


class FakeBrowser:
    """Plays the system browser in its own thread: signs in on the platform's page, follows the redirect.

    ``opens`` is what ``open_browser`` answers (False: no browser started; the user copied the link).
    ``act`` False: nothing happens (the user never finishes), to test cancelling.
    """

    def __init__(self, username: str, *, opens: bool = True, act: bool = True) -> None:
        self.username = username
        self.opens = opens
        self.act = act
        self.urls: list[str] = []
        self.failure: BaseException | None = None

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        if self.act:
            threading.Thread(target=self._sign_in, args=(url,), daemon=True).start()
        return self.opens

    def _sign_in(self, url: str) -> None:
        try:
            params = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
            with httpx.Client(timeout=30) as c:
                r = c.post(url, data={**params, "username": self.username, "password": "demo"})
                assert r.status_code in (302, 303), r.status_code
                c.get(r.headers["location"])  # the app's loopback listener
        except BaseException as exc:
            self.failure = exc


def test_demo_account_click_signs_in_and_shows_the_queue(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with app_at_sign_in(qapp, qloop, tmp_path, sandbox.url) as (app, signin):
        app.wait(lambda: signin.accounts_group.isVisible(), what="the demo accounts")
        window = app.sign_in_by_clicking("anna", qtbot)

        assert "Anna Lindqvist" in window.windowTitle()
        assert "Anna Lindqvist" in window.user_label.text()
        assert not signin.isVisible()
        assert window.current_queue() == "mine"
        # the count and the rows agree once both have caught up with the sync (compared live: a count
        # taken while the first sync's pages still arrive is not the final one)
        count = window.navigation.count_of
        app.wait(lambda: window.queue_view.model.rowCount() == count("mine") > 0, what="the queue's rows")
        # the municipality is in the title too
        names = window.municipality_names()
        assert names and all(name in window.windowTitle() for name in names)


def test_browser_sign_in_shows_a_copyable_link_when_no_browser_opens(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with app_at_sign_in(qapp, qloop, tmp_path, sandbox.url) as (app, signin):
        browser = FakeBrowser("erik", opens=False)
        signin.open_browser = browser
        link_seen: list[str] = []
        signin.link_edit.textChanged.connect(lambda text: link_seen.append(text))
        qtbot.mouseClick(signin.sign_in_button, Qt.MouseButton.LeftButton)

        window = app.wait(lambda: app.controller.main_window, what="the main window")
        assert browser.failure is None
        assert browser.urls and link_seen and link_seen[0] == browser.urls[0]
        assert link_seen[0].startswith(sandbox.url)
        assert "code_challenge_method=S256" in link_seen[0]
        assert "Erik" in window.windowTitle()


def test_cancel_stops_waiting_for_the_browser(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    with app_at_sign_in(qapp, qloop, tmp_path, sandbox.url) as (app, signin):
        signin.open_browser = FakeBrowser("erik", act=False)
        qtbot.mouseClick(signin.sign_in_button, Qt.MouseButton.LeftButton)
        app.wait(lambda: signin.link_box.isVisible() and signin.cancel_button.isVisible(), what="waiting")
        assert not signin.sign_in_button.isEnabled()
        assert signin.link_edit.text().startswith(sandbox.url)

        qtbot.mouseClick(signin.cancel_button, Qt.MouseButton.LeftButton)
        app.wait(lambda: signin.sign_in_button.isEnabled(), what="the window to be usable again")
        assert signin.status.text() == "Inloggningen avbröts."
        assert app.controller.main_window is None
        assert not signin.link_box.isVisible()


def test_remembered_user_reopens_offline_with_the_last_data(
    qtbot, computer: SameComputer, tmp_path: Path
) -> None:
    with computer.signed_in(qtbot) as (app, window):
        online_count = window.navigation.count_of("mine")
        app.wait(lambda: window.indicator.online, what="online")
    computer.platform.stop()  # the platform is gone: the restart is offline

    remembered = json.loads((tmp_path / "config" / USERS_FILE).read_text(encoding="utf-8"))
    assert [set(u) for u in remembered] == [{"platform", "user_id", "display_name", "last_used"}]

    with computer.app() as app:
        assert app.controller.signin is None, "a remembered user goes straight into the app"
        window = app.main_window()
        assert "Anna Lindqvist" in window.windowTitle()
        app.wait(lambda: window.navigation.count_of("mine") == online_count, what="the last synced data")
        app.wait(lambda: window.queue_view.model.rowCount() == online_count, what="the queue's rows")
        app.wait(lambda: window.banner.isVisible(), what="the offline banner")
        assert window.banner.text().startswith("<b>Offline sedan")
        assert window.indicator.text().startswith("Offline")


def test_remembered_user_listed_on_the_sign_in_window_after_sign_out_of_another(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    keyring = MemoryKeyring()
    with app_signed_in(qtbot, qapp, qloop, tmp_path, sandbox.url, "anna", keyring=keyring) as (app, _window):
        app.controller.show_sign_in()  # e.g. "switch user": Anna is listed, one click reopens her
        signin = app.signin()
        assert signin.remembered_group.isVisible()
        assert signin.remembered_list.item(0).text() == "Anna Lindqvist"


def test_no_keystore_offers_the_session_store(
    qapp, qloop: LoopRunner, tmp_path: Path, sandbox: Sandbox
) -> None:
    from keyring.backends import fail

    from ui.dialogs import visible_message_boxes

    with running_app(qapp, qloop, tmp_path, platform=sandbox.url, keyring=fail.Keyring()) as app:
        app.start()
        app.signin().sign_in_demo("anna")
        box = app.wait(lambda: visible_message_boxes(), what="the no-keystore question")[0]
        assert box.objectName() == "noKeyringDialog"
        assert "nyckelring" in box.text()
        go_on = next(b for b in box.buttons() if b.text() == "Fortsätt utan att spara")
        go_on.click()
        window = app.wait(lambda: app.controller.main_window, what="the main window")
        assert "Anna" in window.windowTitle()
        # not remembered: without a keystore the store cannot be reopened next time
        assert not (tmp_path / "config" / USERS_FILE).exists()
        assert isinstance(window, QtWidgets.QMainWindow)


def test_a_revoked_session_returns_to_the_sign_in_window_and_keeps_the_outbox(
    qtbot, qapp, qloop: LoopRunner, tmp_path: Path, make_sandbox
) -> None:
    platform = make_sandbox(access_token_ttl=2)  # the access token expires at once: the next call refreshes
    with running_app(qapp, qloop, tmp_path, platform=platform.url) as app:
        app.start()
        window = app.sign_in_by_clicking("anna", qtbot)
        services = window.services
        store_dir = services.store.directory
        tokens = services.session.tokens
        assert tokens is not None
        httpx.post(
            platform.url + "/oauth/revoke",
            data={"token": tokens.refresh_token, "client_id": "caseworker-desktop"},
            timeout=30,
        ).raise_for_status()  # e.g. an administrator ended the session

        app.run(services.sync.sync_now())
        signin = app.wait(lambda: app.controller.signin, what="the sign-in window")
        app.wait(lambda: signin.isVisible() and signin.error.isVisible(), what="the explanation")
        assert "utloggad" in signin.error.text()
        assert "utkorgen finns kvar" in signin.error.text()
        assert app.controller.main_window is None
        assert store_dir.exists()
