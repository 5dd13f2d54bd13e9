"""A computer without a keystore never locks a user out (QUALITY.md Security).

The whole flow through the real sign-in window and app controller, with no keyring at all: the user works
with the session-only key ("Fortsätt utan att spara"), is warned when quitting would lose unsent changes
(and may wait for the sync), and on the next start signs in again and gets in -- the old local copy,
which the new key cannot open, is set aside, and the app says how many unsent changes could not be kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from keyring.backends import fail

from caseworker.store import CaseQuery, QueueKind
from caseworker.store.store import QUARANTINE_DIR
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.ui.apphelpers import AppUnderTest, running_app
from tests.ui.services_factory import notes_on_platform
from ui.dialogs import visible_message_boxes
from ui.qt import QtWidgets
from ui.shell.main_window import MainWindow


def dialog(app: AppUnderTest, name: str, *, besides: object = None) -> QtWidgets.QMessageBox:
    """The message box ``name`` once it shows (a new one, not ``besides``)."""

    def shown() -> QtWidgets.QMessageBox | None:
        found = [b for b in visible_message_boxes() if b.objectName() == name and b is not besides]
        return found[0] if found else None

    return app.wait(shown, what=f"the dialog {name}")


def click(box: QtWidgets.QMessageBox, text: str) -> None:
    buttons = {b.text().replace("&", ""): b for b in box.buttons()}
    assert text in buttons, list(buttons)
    buttons[text].click()


def sign_in_without_a_keystore(app: AppUnderTest, qtbot: Any) -> MainWindow:
    app.start()
    app.signin().sign_in_demo("anna")
    click(dialog(app, "noKeyringDialog"), "Fortsätt utan att spara")
    window = app.wait(lambda: app.controller.main_window, what="the main window")
    app.wait_synced()
    return window


def write_notes_offline(app: AppUnderTest, window: MainWindow, proxy: FaultyProxy, n: int) -> list[str]:
    proxy.cut()
    services = window.services
    case_ids = app.run(services.store.ids(CaseQuery(queue=QueueKind.MINE)))[:n]
    for case_id in case_ids:
        app.run(services.sync.add_note(case_id, "Skrivet utan nät"))
    return case_ids


def test_a_returning_user_on_a_computer_without_a_keystore_is_never_locked_out(
    qtbot: Any, qapp: QtWidgets.QApplication, qloop: LoopRunner, tmp_path: Path, make_sandbox: Any
) -> None:
    platform: Sandbox = make_sandbox()
    with FaultyProxy(platform.url) as proxy:
        # --- the first day: session-only key, two notes written offline, then the user quits ---------
        with running_app(qapp, qloop, tmp_path, platform=proxy.url, keyring=fail.Keyring()) as app:
            window = sign_in_without_a_keystore(app, qtbot)
            store_dir = window.services.store.directory
            write_notes_offline(app, window, proxy, 2)

            window.close()  # the user quits: warned first
            warning = dialog(app, "unsentOnQuitDialog")
            assert warning.text() == "2 ändringar har inte skickats och går förlorade om du avslutar nu."
            click(warning, "Avbryt")  # keep working
            app.wait(lambda: not warning.isVisible(), what="the warning to close")
            assert not app.controller.finished and window.isVisible()

            window.close()
            warning = dialog(app, "unsentOnQuitDialog", besides=warning)
            click(warning, "Vänta och skicka först")  # still offline: asked again, and told so
            again = dialog(app, "unsentOnQuitDialog", besides=warning)
            assert again.informativeText().startswith("Det gick inte att skicka alla ändringar nu.")
            click(again, "Avsluta ändå")
            app.wait(lambda: app.controller.finished, what="the app to quit")

        # --- the next day: the same user signs in again and gets in, told what could not be kept -----
        proxy.restore()
        with running_app(qapp, qloop, tmp_path, platform=proxy.url, keyring=fail.Keyring()) as app:
            window = sign_in_without_a_keystore(app, qtbot)
            told = dialog(app, "setAsideDialog")
            assert "lagts åt sidan" in told.text()
            assert told.informativeText() == "2 ändringar som inte hade skickats kunde inte behållas."
            told.button(QtWidgets.QMessageBox.StandardButton.Ok).click()
            assert window.navigation.count_of("mine"), "the cases were downloaded again"
            assert sum(app.run(window.services.store.outbox_counts()).values()) == 0
            assert any((store_dir / QUARANTINE_DIR).iterdir()), "the old copy was set aside, not deleted"

            # waiting for the sync sends what waits, then the app quits by itself
            (case_id,) = write_notes_offline(app, window, proxy, 1)
            window.close()
            warning = dialog(app, "unsentOnQuitDialog")
            assert warning.text() == "1 ändring har inte skickats och går förlorad om du avslutar nu."
            proxy.restore()
            click(warning, "Vänta och skicka först")
            app.wait(lambda: app.controller.finished, what="the app to send and quit")
        with platform.client("anna") as c:
            assert notes_on_platform(c, case_id, "Skrivet utan nät") == 1
