"""The appeal box says exactly what the final day still waits for: the parties, the PoIT publication, or
both — never a date guessed from the decision day."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from caseworker.domain.models import Case, CaseStatus, DecisionOutcome, Event, EventKind
from caseworker.sandbox.decision_sample import sample
from ui.decisions.appeal import AppealPanel

DECIDED = dt.date(2026, 11, 26)


def decided_case(notified: list[dt.date | None], published: dt.date | None) -> Case:
    case = Case.model_validate(json.loads(json.dumps(sample("alvdala", DecisionOutcome.GRANTED)))["case"])
    parties = [
        p.model_copy(update={"notified_on": notified[i % len(notified)]}) for i, p in enumerate(case.parties)
    ]
    deadline = case.deadline.model_copy(update={"decided_on": DECIDED})
    return case.model_copy(
        update={
            "status": CaseStatus.DECIDED,
            "deadline": deadline,
            "parties": parties,
            "decision_published_on": published,
        }
    )


def granted() -> list[Event]:
    at = dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)
    return [Event(id="e1", case_id="c", kind=EventKind.DECISION, at=at, data={"outcome": "granted"})]


def shown(qtbot: Any, case: Case) -> str:
    panel = AppealPanel()
    qtbot.addWidget(panel)
    assert panel.show_case(case, granted())
    return panel.text()


def test_the_box_names_what_the_final_day_waits_for(qtbot: Any) -> None:
    day = dt.date(2026, 11, 27)
    nobody = shown(qtbot, decided_case([None], None))
    assert "när alla underrättats och beslutet kungjorts" in nobody
    not_published = shown(qtbot, decided_case([day], None))
    assert "när beslutet kungjorts" in not_published and "underrättats" not in not_published
    one_missing = shown(qtbot, decided_case([day, None], dt.date(2026, 12, 3)))
    assert "när alla underrättats<" in one_missing and "kungjorts i PoIT" not in one_missing
    everything = shown(qtbot, decided_case([day], dt.date(2026, 12, 3)))
    assert "Laga kraft tidigast" in everything and "2027-01-05" in everything  # after nyårsafton, nyårsdagen
    assert "när " not in everything and "2029-01-05" in everything and "2032-01-05" in everything
