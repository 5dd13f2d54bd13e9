"""The outbox tests' world: a fresh sandbox behind a proxy that can cut the network, Anna's services through
it (the ``world`` fixture in tests/ui/conftest.py), and how a colleague makes a conflict."""

from __future__ import annotations

from typing import Any

from caseworker.domain.models import CaseStatus
from caseworker.store import OutboxState
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.qt import LoopRunner
from tests.helpers.sandbox import Sandbox
from tests.helpers.waiting import until
from tests.ui.services_factory import find_case, open_case, started
from ui.case import CaseView
from ui.outbox.conflict import ConflictDialog
from ui.outbox.view import OutboxView
from ui.services import Services


class Offline:
    """A fresh sandbox, a proxy in front of it, and Anna's services through the proxy."""

    def __init__(self, sandbox: Sandbox, proxy: FaultyProxy, services: Services) -> None:
        self.sandbox, self.proxy, self.services = sandbox, proxy, services


def colleague_sets_status(sandbox: Sandbox, case_id: str, status: str) -> None:
    """Erik (same team) changes the case on the platform, the way any client does."""
    with sandbox.client("erik") as c:
        etag = c.get(f"/api/v1/cases/{case_id}").raise_for_status().headers["etag"]
        c.patch(
            f"/api/v1/cases/{case_id}",
            json={"status": status},
            headers={"If-Match": etag, "Idempotency-Key": f"erik-{case_id}-{status}"},
        ).raise_for_status()


def make_conflict(qloop: LoopRunner, w: Offline, view: CaseView, outbox: OutboxView) -> dict[str, Any]:
    """Anna starts the review offline (received → under_review) while Erik marks it complete."""
    with w.sandbox.client("anna") as c:
        case = find_case(c, lambda k: k["status"] == "received")
    open_case(qloop, view, case["id"])
    w.proxy.cut()
    qloop.run(started(view.set_status(CaseStatus.UNDER_REVIEW)))
    qloop.run(until(lambda: view.status_badge.text() == "Under handläggning"))
    colleague_sets_status(w.sandbox, case["id"], "complete")
    w.proxy.restore()
    qloop.run(w.services.sync.sync_now())
    qloop.run(outbox.refresh())
    assert [r.item.state for r in outbox.model.rows] == [OutboxState.CONFLICT]
    return case


def table_rows(dialog: ConflictDialog) -> dict[str, list[str]]:
    t = dialog.table
    return {
        t.item(r, 0).text(): [t.item(r, c).text() for c in (1, 2, 3)]  # type: ignore[union-attr]
        for r in range(t.rowCount())
    }
