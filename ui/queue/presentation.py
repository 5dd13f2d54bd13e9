"""How the queue screen presents itself: the filter bar's options and texts, the column widths, the count,
the empty-state text and the failure line. A part of :class:`ui.queue.view.QueueView` (a mixin: the
methods use the view's widgets and state), kept apart from the loading and selection logic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from caseworker.domain.models import CaseType
from caseworker.store import DeadlineBand, QueueKind
from ui import labels
from ui.announce import announce, name_changed
from ui.qt import Qt, QtWidgets
from ui.queue.delegates import MARKERS_WIDTH, colour_square_icon, marker_icon
from ui.queue.model import QueueModel

if TYPE_CHECKING:
    from ui.queue.filters import FilterButton, SearchField
    from ui.queue.table import QueueTable
    from ui.services import Services

_SAMPLES: dict[int, str] = {
    QueueModel.COL_REGISTRATION: "BYGG 2025-000123",
    QueueModel.COL_PROPERTY: "Vänerby Vänerstrand 12:34",  # i18n: not ui text (a width sample)
    QueueModel.COL_TYPE: "Nybyggnad flerbostadshus",
    QueueModel.COL_APPLICANT: "Mohammed Åkesson",  # i18n: not ui text (a width sample)
    QueueModel.COL_STATUS: "Väntar på komplettering",  # i18n: not ui text (a width sample)
    QueueModel.COL_RECEIVED: "2025-05-02",
    QueueModel.COL_DEADLINE: "2025-05-02 (123 d kvar)",
    QueueModel.COL_FEE: "−100 % (60 000 kr)",
}


class QueuePresentation:
    """The queue screen's texts, sizes and states (see the module doc)."""

    # the view's (QueueView), used here
    model: QueueModel
    table: QueueTable
    search: SearchField
    municipality_filter: FilterButton
    status_filter: FilterButton
    type_filter: FilterButton
    deadline_filter: FilterButton
    clear_filters_button: QtWidgets.QToolButton
    count_label: QtWidgets.QLabel
    _services: Services
    _kind: QueueKind
    _text: str

    def _fill_filter_options(self) -> None:
        short = labels.municipality_short
        munis = sorted(self._services.municipalities.values(), key=lambda m: short(m.name))
        self.municipality_filter.set_options(
            (m.id, short(m.name), colour_square_icon(m.primary_color), m.name) for m in munis
        )
        self.status_filter.set_options((s, labels.status_label(s), None, None) for s in labels.STATUS_ORDER)
        self.type_filter.set_options(
            (t, labels.case_type_label(t), None, labels.case_type_description(t)) for t in CaseType
        )
        self.deadline_filter.set_options(
            (b, labels.band_label(b), None, labels.band_description(b)) for b in DeadlineBand
        )

    def _retranslate(self) -> None:
        self.search.setPlaceholderText(labels.tr("Sök diarienummer, fastighet eller sökande …"))
        self.search.setAccessibleName(labels.tr("Sök ärenden"))
        self.search.setToolTip(
            labels.tr("Sök på diarienummer, fastighetsbeteckning, ärendemening eller sökandens namn (Ctrl+F)")
        )
        self.municipality_filter.set_title(labels.tr("Kommun"))
        self.status_filter.set_title(labels.tr("Status"))
        self.type_filter.set_title(labels.tr("Ärendetyp"))
        self.deadline_filter.set_title(labels.tr("Tidsfrist"))
        self.clear_filters_button.setText(labels.tr("Rensa filter"))
        self.clear_filters_button.setToolTip(
            labels.tr("Visa alla ärenden i kön: tar bort filter och sökning")
        )
        self.clear_filters_button.setAccessibleName(labels.tr("Rensa filter"))
        self.table.setAccessibleName(labels.tr("Ärenden"))
        # As wide as the widest count it will show: the search field keeps its width when the count
        # arrives or changes (no jump of the filter bar on every keystroke).
        widest = labels.case_count(88_888) + " " + labels.tr("(filtrerat)")
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance(widest) + 4)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.open_action.setText(labels.tr("Öppna"))
        self.offline_action.setText(labels.tr("Gör tillgänglig offline"))
        self.copy_action.setText(labels.tr("Kopiera diarienummer"))
        self.bookmark_action.setIcon(marker_icon("bookmark"))
        self._update_bookmark_text()
        self._update_empty_text()
        self._update_clear_button()

    def _set_column_widths(self) -> None:
        """Widths from sample texts (never measured over the rows: 50 000 rows would be read)."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        pad = 16
        header.resizeSection(QueueModel.COL_MARKERS, MARKERS_WIDTH + 14)
        munis = self._services.municipalities.values()
        names = [labels.municipality_short(m.name) for m in munis] or ["Kommun"]
        widths = dict(_SAMPLES)
        for column, sample in widths.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = max(fm.horizontalAdvance(sample), fm.horizontalAdvance(title) + 16) + pad
            header.resizeSection(column, min(width, 240))
        muni_width = max(fm.horizontalAdvance(n) for n in names) + 14 + 8 + pad
        title_width = fm.horizontalAdvance(labels.tr("Kommun")) + 40
        header.resizeSection(QueueModel.COL_MUNICIPALITY, max(muni_width, title_width))

    def _update_count(self, count: int) -> None:
        if self.model.query is None and self._kind is QueueKind.TEAM and not self._services.user.team_id:
            self.count_label.setText("")
            return
        text = labels.case_count(count)
        filtered = self.model.query is not None and (self._text or self._has_filters())
        shown = text + (" " + labels.tr("(filtrerat)") if filtered else "")
        self.count_label.setText(shown)
        self.count_label.setToolTip(labels.tr("Antal ärenden som visas med nuvarande filter och sökning"))
        self._set_count_name(labels.tr("Antal ärenden: {count}").format(count=shown))
        self._update_empty_text()

    def _set_count_name(self, name: str) -> None:
        """The count's accessible name carries the number; a change is announced (the user is typing in
        the search field, not looking at the count)."""
        if name == self.count_label.accessibleName():
            return
        self.count_label.setAccessibleName(name)
        name_changed(self.count_label)
        if self.model.is_loaded:
            announce(self.count_label, self.count_label.text())

    def _show_failure(self, message: str) -> None:
        self.table.viewport().setUpdatesEnabled(True)
        self.count_label.setText(labels.tr("Kunde inte läsa kön"))
        self.count_label.setToolTip(message)
        self._set_count_name(labels.tr("Kunde inte läsa kön"))
        self.statusMessage.emit(message)

    def _has_filters(self) -> bool:
        return any(b.selected() for b in self._filter_buttons())

    def _update_clear_button(self) -> None:
        self.clear_filters_button.setEnabled(bool(self._text or self._has_filters()))

    def _update_empty_text(self) -> None:
        if self._kind is QueueKind.TEAM and not self._services.user.team_id:
            text = labels.tr("Du ingår inte i något team.")
        elif self._text or self._has_filters():
            text = labels.tr("Inga ärenden matchar sökningen eller filtren.")
        else:
            text = {
                QueueKind.MINE: labels.tr("Du har inga ärenden tilldelade just nu."),
                QueueKind.UNASSIGNED: labels.tr("Det finns inga otilldelade ärenden."),
                QueueKind.TEAM: labels.tr("Teamet har inga ärenden."),
                QueueKind.ALL: labels.tr("Det finns inga ärenden i den lokala lagringen ännu."),
                QueueKind.BOOKMARKED: labels.tr("Inga bokmärkta ärenden. Bokmärk ett ärende med Ctrl+D."),
            }[self._kind]
        no_team = self._kind is QueueKind.TEAM and not self._services.user.team_id
        text = text if self.model.is_loaded or no_team else ""
        empty = self.model.rowCount() == 0
        # Painted text is invisible to a screen reader: the table's description says it too.
        description = labels.tr("Enter öppnar ärendet, menytangenten visar fler val")
        self.table.setAccessibleDescription(f"{text} {description}" if text and empty else description)
        if text != self.table.empty_text:
            self.table.empty_text = text
            if text and empty:
                announce(self.table, text)
            if empty:
                # Only an empty table shows the text: repainting rows here would paint the old rows
                # once more while the next queue's rows are on their way (a wasted paint per switch).
                self.table.viewport().update()
