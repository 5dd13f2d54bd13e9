"""Swedish names of the drawing types (DOMAIN.md) and of what matched, marked for lupdate (in the case
labels' context), translated at use."""

from __future__ import annotations

from caseworker.archive import MatchedBy
from caseworker.domain.models import DrawingType
from ui.labels import CASE, QT_TRANSLATE_NOOP
from ui.labels import tr as translate


def tr(text: str) -> str:
    return translate(text, CASE)  # one context for the domain's words


DRAWING_TYPE = {
    DrawingType.N: QT_TRANSLATE_NOOP("CaseLabels", "Nybyggnadskarta"),
    DrawingType.P: QT_TRANSLATE_NOOP("CaseLabels", "Situationsplan"),
    DrawingType.A: QT_TRANSLATE_NOOP("CaseLabels", "Arkitektritning"),
    DrawingType.K: QT_TRANSLATE_NOOP("CaseLabels", "Konstruktionsritning"),
    DrawingType.V: QT_TRANSLATE_NOOP("CaseLabels", "Ventilationsritning"),
    DrawingType.VA: QT_TRANSLATE_NOOP("CaseLabels", "Vatten och avlopp"),
    DrawingType.VVS: QT_TRANSLATE_NOOP("CaseLabels", "VVS-ritning"),
    DrawingType.EL: QT_TRANSLATE_NOOP("CaseLabels", "Elritning"),
    DrawingType.SK: QT_TRANSLATE_NOOP("CaseLabels", "Skyltritning"),
}

MATCHED = {
    MatchedBy.CURRENT: QT_TRANSLATE_NOOP("CaseLabels", "nuvarande beteckning"),
    MatchedBy.FORMER: QT_TRANSLATE_NOOP("CaseLabels", "tidigare beteckning"),
    MatchedBy.NONE: "",
}


def drawing_type_label(kind: DrawingType | None) -> str:
    if kind is None:
        return ""
    return f"{kind.value} – {tr(DRAWING_TYPE[kind])}"


def matched_label(matched: MatchedBy) -> str:
    text = MATCHED[matched]
    return tr(text) if text else ""
