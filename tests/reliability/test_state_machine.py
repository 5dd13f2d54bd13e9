"""QUALITY.md Reliability 9: random edits, network faults and restarts; after the network comes back and a
final sync, the platform's state equals a model of what the user did (notes per case, in order, each
once; the final status of each case).

The machine drives one user's client core through a fault-injecting proxy. Rules: write a note, change a
case's status (to one the platform allows from the status the user sees), cut and restore the network,
sync, and restart (close the engine and the store, open them again on the same folder with the tokens
kept in the store).
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from caseworker.api.transport import make_http_client
from caseworker.domain import status as status_rules
from caseworker.domain.models import CasePatch, CaseStatus
from caseworker.store import OutboxState
from tests.helpers.faulty_proxy import FaultyProxy
from tests.helpers.rig import Platform, Rig, open_rig, status_is
from tests.helpers.sandbox import Sandbox

T = TypeVar("T")
S = CaseStatus
# What the platform allows through PATCH, without the terminal statuses: the machine must be able to go on
# changing its cases.
NEXT: dict[CaseStatus, list[CaseStatus]] = {
    current: sorted(targets - status_rules.FINISHED)
    for current, targets in status_rules.TRANSITIONS.items()
    if current not in status_rules.FINISHED
}
CASES = 3


class SyncMachine(RuleBasedStateMachine):
    sandbox: ClassVar[Sandbox]
    proxy: ClassVar[FaultyProxy]
    platform: ClassVar[Platform]
    case_ids: ClassVar[list[str]]

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = Path(tempfile.mkdtemp(prefix="sync-machine-"))
        self.key = uuid.uuid4().bytes * 2
        self.tag = f"[{uuid.uuid4().hex[:8]}]"
        self.written = 0
        self.http: httpx.AsyncClient | None = None
        self.rig: Rig | None = None
        self.notes: dict[str, list[str]] = {c: [] for c in self.case_ids}
        self.status: dict[str, CaseStatus] = {}

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)

    async def _open(self) -> Rig:
        if self.http is None:
            self.http = make_http_client(read_timeout=5, connect_timeout=2)
        tokens = self.rig.session.tokens if self.rig is not None else None
        return await open_rig(
            self.http,
            self.sandbox.url,
            "anna",
            self.folder / "store",
            base_url=self.proxy.url,
            key=self.key,
            tokens=tokens,
        )

    @initialize()
    def start(self) -> None:
        self.proxy.passthrough()
        for case_id in self.case_ids:
            self.status[case_id] = CaseStatus(self.platform.case(case_id)[0]["status"])
        self.rig = self.run(self._open())
        self.run(self.rig.engine.sync_now())

    @property
    def engine_rig(self) -> Rig:
        assert self.rig is not None
        return self.rig

    @rule(case=st.integers(0, CASES - 1))
    def note(self, case: int) -> None:
        case_id = self.case_ids[case]
        self.written += 1
        text = f"{self.written} {self.tag}"
        self.run(self.engine_rig.engine.add_note(case_id, text))
        self.notes[case_id].append(text)

    @rule(case=st.integers(0, CASES - 1), choice=st.integers(0, 3))
    def change_status(self, case: int, choice: int) -> None:
        case_id = self.case_ids[case]
        allowed = NEXT[self.status[case_id]]  # (the platform's state differs between examples)
        target = allowed[choice % len(allowed)]
        self.run(self.engine_rig.engine.patch_case(case_id, CasePatch(status=target)))
        self.status[case_id] = target

    @rule()
    def cut(self) -> None:
        self.proxy.cut()

    @rule()
    def restore(self) -> None:
        self.proxy.restore()

    @rule()
    def sync(self) -> None:
        self.run(self.engine_rig.engine.sync_now())

    @rule()
    def restart(self) -> None:
        old = self.engine_rig
        self.run(old.close())
        self.rig = self.run(self._open())

    @invariant()
    def nothing_is_refused(self) -> None:
        if self.rig is not None:
            counts = self.run(self.rig.counts())
            assert counts[OutboxState.CONFLICT] == counts[OutboxState.REJECTED] == 0, counts

    def teardown(self) -> None:
        try:
            if self.rig is None:
                return
            self.proxy.passthrough()
            for _ in range(10):
                self.run(self.rig.engine.sync_now())
                counts = self.run(self.rig.counts())
                if counts[OutboxState.PENDING] == counts[OutboxState.IN_FLIGHT] == 0:
                    break
            assert counts[OutboxState.PENDING] == counts[OutboxState.IN_FLIGHT] == 0, counts
            for case_id in self.case_ids:
                assert self.platform.notes(case_id, self.tag) == self.notes[case_id]
                assert CaseStatus(self.platform.case(case_id)[0]["status"]) is self.status[case_id]
                shown = self.run(self.rig.store.get_case_summary(case_id))
                assert shown is not None and shown.status is self.status[case_id]
        finally:
            if self.rig is not None:
                self.run(self.rig.close())
            if self.http is not None:
                self.run(self.http.aclose())
            self.loop.close()


@pytest.fixture
def machine_proxy(sb: Sandbox) -> Iterator[FaultyProxy]:
    with FaultyProxy(sb.url) as p:
        yield p


@pytest.mark.slow
def test_random_edits_faults_and_restarts_end_where_the_model_says(
    sb: Sandbox, anna: Platform, taken: set[str], machine_proxy: FaultyProxy
) -> None:
    cases = anna.pick(CASES, status_is(*(s.value for s in NEXT)), taken=taken)
    SyncMachine.sandbox = sb
    SyncMachine.proxy = machine_proxy
    SyncMachine.platform = anna
    SyncMachine.case_ids = [c["id"] for c in cases]
    run_state_machine_as_test(
        SyncMachine,
        settings=settings(
            max_examples=int(os.environ.get("SYNC_MACHINE_EXAMPLES", "12")),
            stateful_step_count=15,
            deadline=None,
            derandomize=False,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            database=None,
        ),
    )
