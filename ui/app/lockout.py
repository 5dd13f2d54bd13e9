"""What the user is told on a computer without a keystore, where the data key lives only for a session.

Two moments (QUALITY.md Security: "a machine without a keystore never locks a user out"):

* quitting while changes wait in the outbox: after the app ends they cannot be read any more, so the
  user is warned first and may wait for the sync to send them (:func:`may_quit`);
* signing in again: the old local copy cannot be opened with the new key, so it was set aside and the
  cases are downloaded again (caseworker.store.lockout); the user is told, with how many unsent changes
  could not be kept (:func:`tell_set_aside`).
"""

from __future__ import annotations

import functools
import logging

from caseworker.api.errors import PlatformError
from caseworker.store import StoreError
from caseworker.store.lockout import SetAside
from caseworker.store.outbox import BLOCKING_STATES
from ui.dialogs import ask, message_box
from ui.qt import QtCore, QtWidgets
from ui.services import Services

log = logging.getLogger(__name__)


async def unsent(services: Services) -> int:
    """Changes in the outbox the platform has not accepted yet (waiting, in conflict or refused)."""
    counts = await services.store.outbox_counts()
    return sum(counts.get(s, 0) for s in BLOCKING_STATES)


def _count(n: int, one: str, many: str) -> str:
    """``one`` (already translated) for a single change, else ``many`` with ``{n}`` filled in."""
    return one if n == 1 else many.format(n=n)


def _will_be_lost(n: int) -> str:
    one = QtCore.QCoreApplication.translate(
        "SessionKey", "1 ändring har inte skickats och går förlorad om du avslutar nu."
    )
    many = QtCore.QCoreApplication.translate(
        "SessionKey", "{n} ändringar har inte skickats och går förlorade om du avslutar nu."
    )
    return _count(n, one, many)


def _why(tried: bool) -> str:
    why = QtCore.QCoreApplication.translate(
        "SessionKey",
        "Datorn har ingen säker nyckelring, så Caseworker kan inte läsa den lokala kopian när appen har "
        "avslutats. Vänta tills ändringarna har skickats, eller avsluta ändå.",
    )
    if not tried:
        return why
    failed = QtCore.QCoreApplication.translate("SessionKey", "Det gick inte att skicka alla ändringar nu.")
    return f"{failed} {why}"


async def may_quit(parent: QtWidgets.QWidget | None, services: Services) -> bool:
    """With a session-only key: True when nothing would be lost by quitting now, or the user chose to
    quit anyway; False when they chose to keep working. "Vänta och skicka först" runs a sync and asks
    again if something is still left."""
    tried = False
    while (waiting := await unsent(services)) > 0:
        box = message_box(
            parent,
            QtWidgets.QMessageBox.Icon.Warning,
            lambda: QtCore.QCoreApplication.translate("SessionKey", "Ändringar har inte skickats"),
            functools.partial(_will_be_lost, waiting),
            functools.partial(_why, tried),
        )
        box.setObjectName("unsentOnQuitDialog")
        wait = box.add_button(
            lambda: QtCore.QCoreApplication.translate("SessionKey", "&Vänta och skicka först"),
            QtWidgets.QMessageBox.ButtonRole.AcceptRole,
        )
        quit_anyway = box.add_button(
            lambda: QtCore.QCoreApplication.translate("SessionKey", "&Avsluta ändå"),
            QtWidgets.QMessageBox.ButtonRole.DestructiveRole,
        )
        box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(wait)
        await ask(box)
        clicked = box.clickedButton()
        if clicked is quit_anyway:
            log.warning("quitting with %d unsent changes that a session-only key cannot keep", waiting)
            return True
        if clicked is not wait:
            return False
        tried = True
        try:
            await services.sync.sync_now()
        except (PlatformError, StoreError) as exc:  # offline: asked again, with that said
            log.info("the sync before quitting did not complete: %s", type(exc).__name__)
    return True


async def tell_set_aside(parent: QtWidgets.QWidget | None, aside: SetAside) -> None:
    """Say plainly that the old local copy could not be opened, was set aside, and what could not be kept."""
    n = aside.unsent

    def lost() -> str:
        if n is None:
            return QtCore.QCoreApplication.translate(
                "SessionKey", "Det gick inte att se om den hade ändringar som inte hade skickats."
            )
        if n == 0:
            return QtCore.QCoreApplication.translate(
                "SessionKey", "Den hade inga ändringar som inte hade skickats, så inget gick förlorat."
            )
        one = QtCore.QCoreApplication.translate(
            "SessionKey", "1 ändring som inte hade skickats kunde inte behållas."
        )
        many = QtCore.QCoreApplication.translate(
            "SessionKey", "{n} ändringar som inte hade skickats kunde inte behållas."
        )
        return _count(n, one, many)

    box = message_box(
        parent,
        QtWidgets.QMessageBox.Icon.Information,
        lambda: QtCore.QCoreApplication.translate("SessionKey", "Den gamla lokala kopian kunde inte öppnas"),
        lambda: QtCore.QCoreApplication.translate(
            "SessionKey",
            "Den lokala kopian av dina ärenden på den här datorn var låst med en nyckel som inte finns "
            "längre (den sparades bara för förra sessionen). Den har lagts åt sidan och ärendena hämtas "
            "på nytt från plattformen.",
        ),
        lost,
    )
    box.setObjectName("setAsideDialog")
    box.addButton(QtWidgets.QMessageBox.StandardButton.Ok)
    await ask(box)
