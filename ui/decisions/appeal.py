"""A decided case's appeal periods, when it becomes final (laga kraft) and when a permit lapses.

Computed from what is recorded on the case (each party's ``notified_on``, the PoIT day): a party not yet
notified has no appeal end, and while anyone is missing the day the decision becomes final is shown as
unknown ("när alla underrättats"), never guessed from the decision day.
"""

from __future__ import annotations

import datetime as dt
import html

from caseworker.domain.finality import Finality, finality
from caseworker.domain.models import Case, CaseSummary, DecisionOutcome, Event, EventKind, PartyRole
from caseworker.domain.status import FINISHED
from ui.labels import CASE, PARTY_ROLE, tr
from ui.qt import Qt, QtWidgets


def date_sv(day: dt.date | None) -> str:
    return "–" if day is None else day.isoformat()


def role_label(role: PartyRole) -> str:
    """The party role in the UI language."""
    return tr(PARTY_ROLE.get(role, str(role)), CASE)


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
        self.dates: Finality | None = None

    def show_case(self, case: CaseSummary, events: list[Event]) -> bool:
        """Show the dates of a decided case; False (nothing to show) for a case not decided."""
        decided = case.deadline.decided_on
        self.dates = None
        if case.status not in FINISHED or decided is None:
            self.clear()
            return False
        self.setAccessibleName(self.tr("Överklagande och laga kraft"))
        rows = [(self.tr("Beslutsdatum"), date_sv(decided))]
        if not isinstance(case, Case):
            note = self.tr("Parterna är inte hämtade än: datumen visas när ärendet har hämtats.")
            self.setText(self._table(rows) + f"<p><i>{html.escape(note)}</i></p>")
            return True
        dates = self.dates = finality(case, decided, decision_outcome(events))
        for party in dates.parties:
            label = self.tr("Överklagande, {name} ({role})").format(
                name=party.name, role=role_label(party.role)
            )
            if party.appeal_ends is None:
                value = self.tr("inte delgiven än")
            else:
                value = self.tr("till och med {end} (delgiven {day})").format(
                    end=date_sv(party.appeal_ends), day=date_sv(party.notified_on)
                )
            rows.append((label, value))
        if dates.published:
            label = self.tr("Överklagande efter kungörelse i PoIT")
            if dates.appeal_ends_after_publication is None:
                rows.append((label, self.tr("inte kungjort än")))
            else:
                rows.append(
                    (
                        label,
                        self.tr("till och med {end} (kungjort {day})").format(
                            end=date_sv(dates.appeal_ends_after_publication), day=date_sv(dates.published_on)
                        ),
                    )
                )
        unpublished = dates.publication_missing
        unnotified = bool(dates.not_notified) or not dates.parties
        if dates.final_on is None:
            if unnotified and unpublished:
                waiting = self.tr("när alla underrättats och beslutet kungjorts")
            elif unpublished:
                waiting = self.tr("när beslutet kungjorts")
            else:
                waiting = self.tr("när alla underrättats")
            rows.append((self.tr("Laga kraft tidigast"), waiting))
        else:
            rows.append((self.tr("Laga kraft tidigast"), date_sv(dates.final_on)))
        if dates.earliest_start is not None:
            start = self.tr("Arbetet får påbörjas tidigast (och aldrig före startbesked)")
            rows.append((start, date_sv(dates.earliest_start)))
        if dates.lapse is not None:
            rows.append((self.tr("Arbetet ska ha påbörjats senast"), date_sv(dates.lapse.start_by)))
            rows.append((self.tr("Arbetet ska vara avslutat senast"), date_sv(dates.lapse.finish_by)))
        text = self._table(rows)
        if dates.final_on is None:
            if unnotified and unpublished:
                note = self.tr(
                    "Laga kraft-dagen är okänd tills varje part har delgetts och beslutet kungjorts i PoIT. "
                    "Registrera delgivning och kungörelse när de är gjorda."
                )
            elif unpublished:
                note = self.tr(
                    "Laga kraft-dagen är okänd tills beslutet har kungjorts i PoIT. Registrera kungörelsen "
                    "när den är gjord."
                )
            else:
                note = self.tr(
                    "Laga kraft-dagen är okänd tills varje part har delgetts. Registrera delgivningen när "
                    "den är gjord."
                )
            text += f"<p><i>{html.escape(note)}</i></p>"
        self.setText(text)
        return True

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> str:
        cells = "".join(
            f"<tr><td>{html.escape(label)}</td>"
            f"<td style='padding-left:12px'><b>{html.escape(value)}</b></td></tr>"
            for label, value in rows
        )
        return f"<table>{cells}</table>"
