"""After the decision, in the case screen: recording when each party was notified and the PoIT day
(through the outbox, online and offline), the dates that follow from them, and the PoIT notice text."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from caseworker.domain import appeals
from caseworker.domain.models import Case
from caseworker.store import OutboxState
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox, send_decision
from tests.helpers.waiting import until
from tests.ui.services_factory import find_case, running_services
from ui.case import CaseView
from ui.outbox.conflict import ConflictDialog
from ui.qt import QtGui
from ui.services import Services

OPEN = ("received", "complete", "under_review", "referral")


@pytest.fixture
def fresh(make_sandbox: Callable[..., Sandbox]) -> Sandbox:
    return make_sandbox()


def decided_now(c: httpx.Client, outcome: str) -> dict[str, Any]:
    """A building-permit case of anna's with several parties, decided today with ``outcome`` (nobody
    notified yet)."""
    case = find_case(
        c,
        lambda k: k["status"] in OPEN and k["case_type"].startswith("bygglov_") and len(k["parties"]) >= 2,
    )
    current = c.get(f"/api/v1/cases/{case['id']}")
    decision = {
        "outcome": outcome,
        "legal_ground": "9 kap. 31 § plan- och bygglagen (2010:900)",
        "decided_on": dt.date.today().isoformat(),
        "fee_sek": 1000,
        "signed_by": "Anna Lindqvist",
    }
    etag, fields = current.headers["etag"], json.dumps(decision)
    send_decision(
        c, case["id"], etag, b"%PDF-1.4\n%%EOF\n", fields, key=f"decide-{case['id']}"
    ).raise_for_status()
    return dict(c.get(f"/api/v1/cases/{case['id']}").raise_for_status().json())


def shown(qtbot: Any, qloop: LoopRunner, services: Services, case_id: str) -> CaseView:
    view = CaseView(services)
    qtbot.addWidget(view)
    view.show()
    qloop.run(view.show_case(case_id))
    qloop.run(until(lambda: view.appeal_box.isVisibleTo(view) and isinstance(view.appeal.case, Case)))
    return view


@contextlib.contextmanager
def behind_a_proxy(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path, outcome: str
) -> Iterator[tuple[dict[str, Any], FaultyProxy, Services, CaseView]]:
    """A case decided with ``outcome`` shown to anna, whose network can be cut."""
    with fresh.client("anna") as c:
        case = decided_now(c, outcome)
    with FaultyProxy(fresh.url) as proxy, running_services(qloop, proxy.url, "anna", tmp_path / "a") as anna:
        yield case, proxy, anna, shown(qtbot, qloop, anna, case["id"])


def on_platform(fresh: Sandbox, case_id: str) -> dict[str, Any]:
    with fresh.client("anna") as c:
        return dict(c.get(f"/api/v1/cases/{case_id}").raise_for_status().json())


def record_everything(qloop: LoopRunner, view: CaseView) -> OutboxState:
    """Tick every party notified today and the PoIT publication today, as a user would; the outbox
    item's state once it is in the store."""
    dialog = view.appeal.notices_dialog()
    assert dialog is not None
    assert not dialog.ok_button.isEnabled()  # nothing changed yet
    dialog.all_today.click()
    assert dialog.poit is not None
    dialog.poit.check.setChecked(True)
    assert dialog.ok_button.isEnabled()
    patch = dialog.patch()
    assert patch is not None and len(patch.parties_notified or []) == len(dialog.parties)
    item = qloop.run(view.appeal.record(patch))
    return item.state


def test_recording_notices_online_gives_each_appeal_end_and_the_final_day(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    with fresh.client("anna") as c:
        case = decided_now(c, "granted")
    today = dt.date.today()
    with running_services(qloop, fresh.url, "anna", tmp_path / "a") as anna:
        view = shown(qtbot, qloop, anna, case["id"])
        text = view.appeal.text()
        assert "inte delgiven än" in text and "inte kungjort än" in text
        assert "när alla underrättats och beslutet kungjorts" in text  # never a guess from the decision day
        assert view.appeal.record_button.isEnabled() and view.appeal.poit_button.isVisibleTo(view)

        record_everything(qloop, view)
        qloop.run(anna.sync.sync_now())
        items = qloop.run(anna.store.run(lambda s: s.list_outbox(case_id=case["id"])))
        assert [i.state for i in items if i.kind == "record_notices"] == [OutboxState.DONE]
        final = appeals.final_on([today], today)
        assert final is not None
        qloop.run(until(lambda: final.isoformat() in view.appeal.text()))
        text = view.appeal.text()
        assert appeals.appeal_ends(today).isoformat() in text and "inte delgiven" not in text
        assert appeals.lapse_dates(final).finish_by.isoformat() in text
        assert appeals.earliest_start(today).isoformat() in text

        # the PoIT notice, from the decision, to copy
        dialog = view.appeal.poit_dialog()
        assert dialog is not None
        qtbot.addWidget(dialog)
        notice = dialog.text.toPlainText()
        assert case["property"]["designation"] in notice and case["registration_number"] in notice
        assert case["applicant_name"] not in notice
        dialog.copy_button.click()
        assert QtGui.QGuiApplication.clipboard().text() == notice and dialog.copied.text()
    with fresh.client("anna") as c:
        on_platform = c.get(f"/api/v1/cases/{case['id']}").raise_for_status().json()
        events = c.get(f"/api/v1/cases/{case['id']}/events").raise_for_status().json()
    assert all(p["notified_on"] == today.isoformat() for p in on_platform["parties"])
    assert on_platform["decision_published_on"] == today.isoformat()
    assert [e["kind"] for e in events].count("decision_notified") == 1


def test_recording_notices_offline_shows_at_once_and_lands_after_reconnect(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    today = dt.date.today()
    with behind_a_proxy(qtbot, qloop, fresh, tmp_path, "refused") as (case, proxy, anna, view):
        assert not view.appeal.poit_button.isVisibleTo(view)  # a refusal is not published
        assert "när alla underrättats" in view.appeal.text() and "kungjort" not in view.appeal.text()
        proxy.cut()
        dialog = view.appeal.notices_dialog()
        assert dialog is not None and dialog.poit is None
        first = next(iter(dialog.parties.values()))
        first.check.setChecked(True)
        patch = dialog.patch()
        assert patch is not None and patch.decision_published_on is None
        assert "decision_published_on" not in patch.model_fields_set
        item = qloop.run(view.appeal.record(patch))
        qloop.run(until(lambda: f"delgiven {today.isoformat()}" in view.appeal.text()))  # shown at once
        assert "när alla underrättats" in view.appeal.text()  # the others are still to be notified
        assert all(p["notified_on"] is None for p in on_platform(fresh, case["id"])["parties"])
        proxy.restore()
        qloop.run(anna.sync.sync_now())
        assert qloop.run(anna.store.run(lambda s: s.get_outbox_item(item.id))).state is OutboxState.DONE
    after = on_platform(fresh, case["id"])
    assert [p["notified_on"] for p in after["parties"]].count(today.isoformat()) == 1


def test_notices_recorded_meanwhile_by_someone_else_show_as_a_conflict(
    qtbot: Any, qloop: LoopRunner, fresh: Sandbox, tmp_path: Path
) -> None:
    today = dt.date.today()
    with behind_a_proxy(qtbot, qloop, fresh, tmp_path, "granted") as (case, proxy, anna, view):
        proxy.cut()
        record_everything(qloop, view)
        with fresh.client("maria") as c:  # the team lead records the publication meanwhile
            current = c.get(f"/api/v1/cases/{case['id']}")
            c.patch(
                f"/api/v1/cases/{case['id']}",
                json={"decision_published_on": today.isoformat()},
                headers={"If-Match": current.headers["etag"], "Idempotency-Key": f"maria-{case['id']}"},
            ).raise_for_status()
        proxy.restore()
        qloop.run(anna.sync.sync_now())
        [item] = [
            i
            for i in qloop.run(anna.store.run(lambda s: s.list_outbox(case_id=case["id"])))
            if i.kind == "record_notices"
        ]
        assert item.state is OutboxState.CONFLICT
        qloop.run(until(lambda: "Konflikt" in view.problem_badge.text()))
        dialog = ConflictDialog(item, registration_number=case["registration_number"])
        qtbot.addWidget(dialog)
        labels = {row.label for row in dialog.rows}
        assert {"Delgivning (part och dag)", "Kungjort i PoIT"} <= labels
