"""What the viewer says: why a drawing cannot be shown (Swedish, by the engine's reason), the paper size."""

from __future__ import annotations

import logging

from caseworker.drawings.errors import DrawingError, Reason
from ui.labels import QT_TRANSLATE_NOOP
from ui.qt import QtCore

log = logging.getLogger(__name__)

CONTEXT = "DrawingViewer"


REASONS = {
    Reason.EMPTY: QT_TRANSLATE_NOOP(
        "DrawingViewer", "Filen är tom (0 byte), så det finns ingen ritning att visa."
    ),
    Reason.ENCRYPTED: QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Ritningen är skyddad med lösenord och kan inte visas. Be avsändaren om en version utan lösenord.",
    ),
    Reason.DAMAGED: QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Filen är skadad eller ofullständig och kan inte visas. Be avsändaren skicka den igen.",
    ),
    Reason.NOT_A_DRAWING: QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Filen är ingen ritning som visaren kan öppna (PDF, TIFF eller bild). Öppna den med Öppna i stället.",
    ),
    Reason.TOO_LARGE: QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Ritningen är för stor för att visas: den skulle kräva mer minne än visaren får använda.",
    ),
    Reason.TIMED_OUT: QT_TRANSLATE_NOOP(
        "DrawingViewer",
        "Det tog för lång tid att rita upp sidan, så visningen avbröts. Filen kan vara skadad eller mycket "
        "komplex.",
    ),
    Reason.NO_SUCH_PAGE: QT_TRANSLATE_NOOP("DrawingViewer", "Sidan finns inte i ritningen."),
}
NOT_STARTED = QT_TRANSLATE_NOOP(
    "DrawingViewer", "Ritningen kunde inte visas: ritningsmotorn gick inte att starta. Försök igen."
)


def error_message(exc: BaseException) -> str:
    """The Swedish sentence for a failed open or render (a user message of a core error is kept)."""
    if isinstance(exc, DrawingError):
        return tr(REASONS.get(exc.reason, REASONS[Reason.DAMAGED]))
    message = getattr(exc, "user_message", None)
    if isinstance(message, str) and message:
        return message
    log.warning("the drawing could not be shown: %s", type(exc).__name__)
    return tr(NOT_STARTED)


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
