"""Where the user's data key is kept: the OS keystore, or — where there is none and the user agrees —
memory only, for this session (asked once per run)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from caseworker.auth.secrets import KeyringSecretStore, NoSecureBackend, SecretStore, SessionSecretStore
from ui.dialogs import ask, message_box
from ui.errors import QT_TRANSLATE_NOOP
from ui.qt import QtCore, QtWidgets

log = logging.getLogger(__name__)


class SecretStoreDeclined(Exception):
    """The user chose not to continue without a secure keystore."""

    user_message = QT_TRANSLATE_NOOP(
        "AppController",
        "Caseworker kan inte spara din inloggning säkert på den här datorn. "
        "Välj ”Fortsätt utan att spara” för att ändå arbeta under den här sessionen.",
    )


class Keystore:
    """The secret store of this run; ``secrets`` given (tests) is used as it is."""

    def __init__(self, secrets: SecretStore | None, window: Callable[[], QtWidgets.QWidget | None]) -> None:
        self.secrets = secrets
        self._window = window

    @property
    def session_only(self) -> bool:
        """The key lives in memory only: the outbox cannot be read after the app ends."""
        return self.secrets is not None and not self.secrets.persistent

    async def secret_store(self) -> SecretStore:
        """The OS keystore; without one, the session-only store if the user agrees (asked once)."""
        if self.secrets is not None:
            return self.secrets
        try:
            self.secrets = KeyringSecretStore()
        except NoSecureBackend as exc:
            log.warning("no secure keystore: %s", exc)
            if not await self._ask_for_session_only():
                raise SecretStoreDeclined("the user declined the session-only secret store") from exc
            self.secrets = SessionSecretStore()
        return self.secrets

    async def _ask_for_session_only(self) -> bool:
        box = message_box(
            self._window(),
            QtWidgets.QMessageBox.Icon.Warning,
            QtCore.QCoreApplication.translate("AppController", "Ingen säker nyckelring"),
            QtCore.QCoreApplication.translate(
                "AppController",
                "Den här datorn har ingen säker nyckelring där Caseworker kan spara sin krypteringsnyckel.",
            ),
            QtCore.QCoreApplication.translate(
                "AppController",
                "Du kan ändå arbeta nu: nyckeln finns då bara i minnet tills du stänger appen. Nästa "
                "gång loggar du in igen; den gamla lokala kopian läggs då åt sidan och ärendena hämtas "
                "på nytt. Ändringar som inte har skickats när du avslutar går förlorade – Caseworker "
                "varnar innan du avslutar och kan vänta tills de är skickade.",
            ),
        )
        box.setObjectName("noKeyringDialog")
        go_on = box.addButton(
            QtCore.QCoreApplication.translate("AppController", "Fortsätt utan att spara"),
            QtWidgets.QMessageBox.ButtonRole.AcceptRole,
        )
        box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        await ask(box)
        return box.clickedButton() is go_on
