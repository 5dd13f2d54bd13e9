"""QUALITY.md Reliability 1: SIGKILL the client at every step of a push -- before send, after send (the
platform has the request), after the 2xx but before the acknowledgement is stored. After a restart on the
same data folder: exactly one effect per write on the platform, nothing lost.

Each point is run over three writes (a note, a status change with If-Match, a new markup): the first run
queues them and dies at the point for write 1; each restart resends what was unacknowledged and dies
at the point for the next write; the last restart finishes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from caseworker.sync.testhooks import CRASH_ENV, POINTS, SKIP_ENV
from tests.helpers.rig import Platform, status_is
from tests.helpers.sandbox import Sandbox

CHILD = Path(__file__).with_name("engine_child.py")
ROOT = Path(__file__).resolve().parents[2]


def _run(env: dict[str, str], crash: str | None, skip: int = 0) -> subprocess.CompletedProcess[str]:
    env = {**env}
    env.pop(CRASH_ENV, None)
    if crash is not None:
        env[CRASH_ENV] = crash
        env[SKIP_ENV] = str(skip)
    return subprocess.run(
        [sys.executable, str(CHILD)], env=env, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.slow
@pytest.mark.parametrize("point", sorted(POINTS))
def test_killed_at_each_step_of_a_push_every_write_lands_once(
    point: str, sb: Sandbox, anna: Platform, taken: set[str], tmp_path: Path
) -> None:
    note_case, status_case = anna.pick(2, status_is("received"), taken=taken)
    (doc_case,) = anna.pick(1, lambda c: bool(anna.documents(c["id"])), taken=taken)
    document_id = anna.documents(doc_case["id"])[0]["id"]
    tag = f"[{point} {uuid.uuid4().hex[:8]}]"
    plan = [
        {"kind": "note", "case_id": note_case["id"], "text": "Anteckning " + tag},
        {"kind": "status", "case_id": status_case["id"], "status": "under_review"},
        {"kind": "markup", "document_id": document_id, "text": "Markering " + tag},
    ]
    tokens = sb.sign_in("anna")
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=int(tokens["expires_in"]))
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "CW_URL": sb.url,
        "CW_USER_ID": anna.me()["id"],
        "CW_DIR": str(tmp_path / "store"),
        "CW_KEY": os.urandom(32).hex(),
        "CW_TOKENS": json.dumps({**tokens, "expires_at": expires.isoformat()}),
    }

    first = _run({**env, "CW_PLAN": json.dumps(plan)}, point)
    assert first.returncode == -signal.SIGKILL, first.stderr[-2000:]
    assert "queued" in first.stdout
    for _ in range(len(plan) - 1):  # resend the unacknowledged write (passes the point), die at the next
        again = _run(env, point, skip=1)
        assert again.returncode == -signal.SIGKILL, again.stderr[-2000:]
    last = _run(env, None)
    assert last.returncode == 0, last.stderr[-2000:]
    counts = json.loads(last.stdout.strip().splitlines()[-1])
    assert counts["done"] == len(plan) and counts["pending"] == counts["in_flight"] == 0, counts
    assert counts["conflict"] == counts["rejected"] == 0, counts

    assert anna.notes(note_case["id"], tag) == ["Anteckning " + tag]
    reviews = [
        e
        for e in anna.events(status_case["id"])
        if e["kind"] == "status_changed" and e["data"]["to"] == "under_review"
    ]
    assert len(reviews) == 1 and anna.case(status_case["id"])[0]["status"] == "under_review"
    assert [a["text"] for a in anna.annotations(document_id) if tag in a["text"]] == ["Markering " + tag]
