"""Moved to :mod:`ui.labels`. Kept only so the branches written before the move (the workload board) still
import; remove once they import ``ui.labels``."""

from ui.labels import (  # noqa: F401
    CASE_TYPE_DESCRIPTIONS,
    DEADLINE_BAND_DESCRIPTIONS,
    DEADLINE_BAND_LABELS,
    QT_TRANSLATE_NOOP,
    STATUS_ORDER,
    band_label,
    case_count,
    case_type_description,
    case_type_label,
    kronor,
    municipality_short,
    number,
    status_label,
    tr,
)
from ui.labels import CASE_TYPE_SHORT as CASE_TYPE_LABELS  # noqa: F401
from ui.labels import format_date as day  # noqa: F401
