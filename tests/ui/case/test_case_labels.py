"""Case labels and dialogs follow the platform: every kind of event it can send has a label in the case
history (a missing one used to raise while the history was drawn), a kind this client does not know yet
shows by name, and the extension dialog offers at most the case type's extension."""

from __future__ import annotations

from caseworker.domain.models import EventKind
from ui.labels import EVENT, event_label


def test_every_event_kind_has_a_label() -> None:
    assert set(EVENT) == set(EventKind)
    assert event_label(EventKind.DECISION_NOTIFIED) == "Beslutet delgivet eller kungjort"


def test_an_unknown_kind_shows_by_its_name() -> None:
    assert event_label("inspection_booked") == "inspection_booked"


def test_the_extension_dialog_offers_at_most_the_case_types_extension(qtbot) -> None:
    from caseworker.domain.clock import statutory_period
    from caseworker.domain.models import CaseType
    from ui.case.dialogs import ExtendDeadlineDialog

    period = statutory_period(CaseType.NOTIFICATION)
    assert period is not None
    dialog = ExtendDeadlineDialog("BYGG 2026-000123", max_weeks=period.max_extension_weeks)
    qtbot.addWidget(dialog)
    assert dialog.weeks.maximum() == 4 and dialog.weeks.value() == 4
    assert "högst 4 veckor" in dialog.info.text()
