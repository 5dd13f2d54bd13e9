"""Moved to :mod:`ui.labels`. Kept only so the branches written before the move (ui/app, the decision
screens) still import; remove once they import ``ui.labels``."""

from ui.labels import (  # noqa: F401
    CASE_TYPE,
    DOCUMENT_KIND,
    EVENT,
    PARTY_ROLE,
    QT_TRANSLATE_NOOP,
    STATUS,
    date_sv,
    event_label,
    mask_personal_number,
    sek,
    status_label,
)
from ui.labels import format_datetime as time_sv  # noqa: F401


def tr(text: str) -> str:
    """The case words' translation (their context), as ``label_tr`` was used."""
    from ui.labels import CASE
    from ui.labels import tr as translate

    return translate(text, CASE)
