"""Why a drawing cannot be shown: one typed error with a reason a caller can act on and a plain sentence."""

from __future__ import annotations

import enum


class Reason(enum.Enum):
    """What is wrong, in the words the render command and the viewer use."""

    EMPTY = "empty"
    ENCRYPTED = "encrypted"
    DAMAGED = "damaged"
    NOT_A_DRAWING = "not a drawing"
    TOO_LARGE = "too large"
    TIMED_OUT = "timed out"
    NO_SUCH_PAGE = "no such page"


class DrawingError(Exception):
    """A file that cannot be opened or a page that cannot be rendered.

    ``str(error)`` is one line in plain English (no path, no content of the file): safe for logs.
    """

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __reduce__(self) -> tuple[type[DrawingError], tuple[Reason, str]]:
        return (DrawingError, (self.reason, self.message))  # crosses the worker pipe intact


def empty() -> DrawingError:
    return DrawingError(Reason.EMPTY, "the file is empty (0 bytes)")


def unreadable(why: str) -> DrawingError:
    """A file that is missing or may not be read (reason DAMAGED: the viewer says it cannot be shown)."""
    return DrawingError(Reason.DAMAGED, why)


def encrypted(detail: str = "it is password-protected") -> DrawingError:
    return DrawingError(Reason.ENCRYPTED, f"the file is encrypted: {detail}")


def damaged(detail: str) -> DrawingError:
    return DrawingError(Reason.DAMAGED, f"the file is damaged: {detail}")


def not_a_drawing(detail: str) -> DrawingError:
    return DrawingError(Reason.NOT_A_DRAWING, f"the file is not a drawing: {detail}")


def too_large(detail: str) -> DrawingError:
    return DrawingError(Reason.TOO_LARGE, f"the drawing is too large: {detail}")


def timed_out(seconds: float) -> DrawingError:
    return DrawingError(
        Reason.TIMED_OUT,
        f"rendering took longer than {seconds:g} s and was stopped (the file may be damaged or too complex)",
    )


def no_such_page(page: int, pages: int) -> DrawingError:
    return DrawingError(
        Reason.NO_SUCH_PAGE, f"there is no page {page}: the drawing has {pages} page{'s' * (pages != 1)}"
    )
