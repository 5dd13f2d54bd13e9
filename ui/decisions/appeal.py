"""A decided case's appeal periods, when it becomes final (laga kraft) and when a permit lapses.

The platform's contract does not (yet) carry when each party was notified or when the decision was
published in PoIT, so the dates are the earliest possible: as if every party had been notified, and
the notice published, on the day of the decision. The panel says so plainly.
"""

from __future__ import annotations

import html

from caseworker.domain import appeals
from caseworker.domain.appeals import BUILDING_PERMITS, PUBLISHED_WHEN_GRANTED
from caseworker.domain.models import CaseSummary, CaseType, DecisionOutcome, Event, EventKind
from caseworker.domain.status import FINISHED
from ui.qt import Qt, QtWidgets

LAPSING_PERMITS = BUILDING_PERMITS | {CaseType.DEMOLITION, CaseType.SITE_PERMIT}  # PBL 9 kap. 43 §


def decision_outcome(events: list[Event]) -> DecisionOutcome | None:
    """The outcome of the case's latest decision in its history (None if none is known)."""
    for event in reversed(events):
        if event.kind is EventKind.DECISION:
            try:
                return DecisionOutcome(str(event.data.get("outcome")))
            except ValueError:
                return None
    return None


class AppealPanel(QtWidgets.QLabel):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appealDates")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_case(self, case: CaseSummary, events: list[Event]) -> bool:
        """Show the dates of a decided case; False (nothing to show) for a case not decided."""
        decided = case.deadline.decided_on
        if case.status not in FINISHED or decided is None:
            self.clear()
            return False
        outcome = decision_outcome(events)
        published = outcome is DecisionOutcome.GRANTED and case.case_type in PUBLISHED_WHEN_GRANTED
        final = appeals.final_on([decided], decided if published else None)
        rows = [
            (self.tr("Beslutsdatum"), decided.isoformat()),
            (
                self.tr("Överklagande, delgivna parter, tidigast till och med"),
                appeals.appeal_ends(decided).isoformat(),
            ),
        ]
        if published:
            ends = appeals.appeal_ends_after_publication(decided)
            rows.append(
                (self.tr("Överklagande efter kungörelse i PoIT, tidigast till och med"), ends.isoformat())
            )
        if final is not None:
            rows.append((self.tr("Laga kraft tidigast"), final.isoformat()))
            if outcome is DecisionOutcome.GRANTED and case.case_type in LAPSING_PERMITS:
                lapse = appeals.lapse_dates(final)
                rows.append((self.tr("Arbetet ska ha påbörjats senast"), lapse.start_by.isoformat()))
                rows.append((self.tr("Arbetet ska vara avslutat senast"), lapse.finish_by.isoformat()))
        table = "".join(
            f"<tr><td>{html.escape(label)}</td><td style='padding-left:12px'><b>{value}</b></td></tr>"
            for label, value in rows
        )
        note = self.tr(
            "Delgivning och kungörelse är inte registrerade: datumen gäller om alla delgavs och beslutet "
            "kungjordes på beslutsdagen. Senare delgivning flyttar dem framåt."
        )
        self.setText(f"<table>{table}</table><p><i>{html.escape(note)}</i></p>")
        self.setAccessibleName(self.tr("Överklagande och laga kraft"))
        return True
