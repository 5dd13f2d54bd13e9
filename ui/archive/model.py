"""The result list: one row per archived drawing (a record has one or a few scans), with its thumbnail."""

from __future__ import annotations

from typing import Any

from caseworker.archive import ArchiveHit
from caseworker.domain.models import Document
from ui.archive.labels import drawing_type_label, matched_label
from ui.qt import Qt, QtCore, QtGui
from ui.widgets import RowsModel

COL_DRAWING, COL_YEAR, COL_TYPE, COL_FILED_UNDER, COL_MATCHED, COL_REGISTRATION = range(6)
HitRole = Qt.ItemDataRole.UserRole + 1
DocumentRole = Qt.ItemDataRole.UserRole + 2


class ArchiveResultsModel(RowsModel[tuple[ArchiveHit, Document]]):
    column_count = 6

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbnails: dict[str, QtGui.QImage] = {}  # by sha256: the same scan is filed under many records

    def set_hits(self, hits: list[ArchiveHit]) -> None:
        self.beginResetModel()
        self.rows = [(hit, doc) for hit in hits for doc in hit.record.documents]
        self.endResetModel()

    def set_thumbnail(self, sha256: str, image: QtGui.QImage) -> None:
        self.thumbnails[sha256] = image
        for row, (_hit, doc) in enumerate(self.rows):
            if doc.sha256 == sha256:
                index = self.index(row, COL_DRAWING)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

    def header(self, section: int) -> str:
        return [
            self.tr("Ritning"),
            self.tr("År"),
            self.tr("Ritningstyp"),
            self.tr("Arkiverad under"),
            self.tr("Träff på"),
            self.tr("Diarienummer"),
        ][section]

    def row_data(self, row: tuple[ArchiveHit, Document], column: int, role: int) -> Any:
        hit, doc = row
        record = hit.record
        if role == HitRole:
            return hit
        if role == DocumentRole:
            return doc
        if role == Qt.ItemDataRole.DecorationRole and column == COL_DRAWING:
            return self.thumbnails.get(doc.sha256)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_DRAWING:
                return f"{doc.title}\n{record.title}"
            if column == COL_YEAR:
                return str(record.year)
            if column == COL_TYPE:
                return drawing_type_label(doc.drawing_type)
            if column == COL_FILED_UNDER:
                return hit.filed_under
            if column == COL_MATCHED:
                return matched_label(hit.matched)
            if column == COL_REGISTRATION:
                return record.registration_number
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_FILED_UNDER:
            return self.tr("Nuvarande beteckning: {designation}").format(
                designation=record.current_designation
            )
        if role == Qt.ItemDataRole.AccessibleTextRole and column == COL_DRAWING:
            return self.tr("{title}, {year}, arkiverad under {designation}").format(
                title=doc.title, year=record.year, designation=hit.filed_under
            )
        return None
