"""What the viewer says: why a drawing cannot be shown (Swedish, by the engine's reason), the paper size."""

from __future__ import annotations

import logging

from caseworker.drawings.errors import DrawingError, Reason
from ui.errors import user_message
from ui.labels import QT_TRANSLATE_NOOP
from ui.qt import QtCore

log = logging.getLogger(__name__)

CONTEXT = "DrawingViewer"


ASK_PASSWORD = QT_TRANSLATE_NOOP(
    "DrawingViewer",
    "Ritningen är skyddad med lösenord. Har du lösenordet, skriv det nedan. Annars kan den inte "
    "visas: be avsändaren om en version utan lösenord.",
)
WRONG_PASSWORD = QT_TRANSLATE_NOOP("DrawingViewer", "Lösenordet stämmer inte. Försök igen.")
UNSUPPORTED_ENCRYPTION = QT_TRANSLATE_NOOP(
    "DrawingViewer",
    "Ritningen är krypterad på ett sätt som visaren inte kan öppna. Be avsändaren om en version utan "
    "lösenord.",
)
NOT_STARTED = QT_TRANSLATE_NOOP(
    "DrawingViewer", "Ritningen kunde inte visas: ritningsmotorn gick inte att starta. Försök igen."
)


def error_message(exc: BaseException) -> str:
    """The Swedish sentence for a failed open or render: the viewer's own for a password, otherwise the
    error table's (:mod:`ui.errors`)."""
    if isinstance(exc, DrawingError) and exc.reason is Reason.ENCRYPTED:
        if "password is wrong" in exc.message:
            return tr(WRONG_PASSWORD)
        return tr(ASK_PASSWORD if asks_for_password(exc) else UNSUPPORTED_ENCRYPTION)
    message = user_message(exc)
    if message is not None:
        return message
    log.warning("the drawing could not be shown: %s", type(exc).__name__)
    return tr(NOT_STARTED)


def asks_for_password(exc: BaseException) -> bool:
    """A drawing a password opens (not one encrypted in a way the engine cannot open at all)."""
    return (
        isinstance(exc, DrawingError) and exc.reason is Reason.ENCRYPTED and "cannot open" not in exc.message
    )


def tr(text: str) -> str:
    return QtCore.QCoreApplication.translate(CONTEXT, text)


MM_PER_POINT = 25.4 / 72
# ISO 216 A sizes in millimetres (short side, long side)
A_SIZES = {"A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420), "A4": (210, 297)}


def paper_size(size_pt: tuple[float, float]) -> str:
    """ "A1 liggande, 841 × 594 mm", or just the millimetres for another size."""
    w, h = (round(v * MM_PER_POINT) for v in size_pt)
    short, long = sorted((w, h))
    mm = f"{w} × {h} mm"
    for name, (a, b) in A_SIZES.items():
        if abs(short - a) <= a * 0.02 and abs(long - b) <= b * 0.02:
            orientation = (
                QtCore.QCoreApplication.translate("DrawingViewer", "liggande")
                if w > h
                else QtCore.QCoreApplication.translate("DrawingViewer", "stående")
            )
            return f"{name} {orientation}, {mm}"
    return mm
