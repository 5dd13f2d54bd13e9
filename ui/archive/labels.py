"""Swedish names of the drawing types (DOMAIN.md), marked for lupdate, translated at use."""

from __future__ import annotations

from caseworker.archive import MatchedBy
from caseworker.domain.models import DrawingType
from ui.qt import QtCore

CONTEXT = "ArchiveLabels"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # the name lupdate looks for
    return text


def tr(text: str) -> str:
    return QtCore.QCoreApplication.translate(CONTEXT, text)


DRAWING_TYPE = {
    DrawingType.N: QT_TRANSLATE_NOOP("ArchiveLabels", "Nybyggnadskarta"),
    DrawingType.P: QT_TRANSLATE_NOOP("ArchiveLabels", "Situationsplan"),
    DrawingType.A: QT_TRANSLATE_NOOP("ArchiveLabels", "Arkitektritning"),
    DrawingType.K: QT_TRANSLATE_NOOP("ArchiveLabels", "Konstruktionsritning"),
    DrawingType.V: QT_TRANSLATE_NOOP("ArchiveLabels", "Ventilationsritning"),
    DrawingType.VA: QT_TRANSLATE_NOOP("ArchiveLabels", "Vatten och avlopp"),
    DrawingType.VVS: QT_TRANSLATE_NOOP("ArchiveLabels", "VVS-ritning"),
    DrawingType.EL: QT_TRANSLATE_NOOP("ArchiveLabels", "Elritning"),
    DrawingType.SK: QT_TRANSLATE_NOOP("ArchiveLabels", "Skyltritning"),
}

MATCHED = {
    MatchedBy.CURRENT: QT_TRANSLATE_NOOP("ArchiveLabels", "nuvarande beteckning"),
    MatchedBy.FORMER: QT_TRANSLATE_NOOP("ArchiveLabels", "tidigare beteckning"),
    MatchedBy.NONE: "",
}


def drawing_type_label(kind: DrawingType | None) -> str:
    if kind is None:
        return ""
    return f"{kind.value} – {tr(DRAWING_TYPE[kind])}"


def matched_label(matched: MatchedBy) -> str:
    text = MATCHED[matched]
    return tr(text) if text else ""
