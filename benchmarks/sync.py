"""Sync benchmarks: pull the delta feed into an empty store, and replay a queued outbox.

    python benchmarks/sync.py            # 50 000 cases (seeding once takes ~40 s, then cached), 1 000 writes
    python benchmarks/sync.py --quick    # 2 000 cases, 200 writes: seconds (same figure names)

Prints, per figure, ``figure: value | baseline: value | ratio: r`` (QUALITY.md):

* ``sync_pull_50k`` -- ``SyncEngine.pull()`` of every case a user serving all municipalities sees
  (50 000 cases and their documents, markups and events) into an empty encrypted store, against
  downloading the same pages (same page size) with bare httpx and parsing them with ``json.loads``.
* ``outbox_replay_1000`` -- ``SyncEngine.push()`` of 1 000 queued notes (spread over 20 cases), each
  marked in flight, sent with its Idempotency-Key and acknowledged in the store, against the same
  1 000 POSTs sent bare with httpx, one after another.

The platform is ``caseworker-sandbox`` in its own process on loopback. Best of ``--repeat`` runs each,
baseline and engine interleaved; every run gets a fresh copy of the seeded platform database.
"""

from __future__ import annotations

import _root  # noqa: F401  # first: the project root on the import path (see _root.py)

# isort: split
import asyncio
import json
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

from benchmarks._common import arguments, line, running_platform, seeded_database
from caseworker.api.client import PlatformClient
from caseworker.api.transport import make_http_client
from caseworker.auth.flow import Tokens, demo_sign_in, discover
from caseworker.auth.session import TokenSession
from caseworker.store import AsyncStore, OutboxState
from caseworker.sync.engine import SyncEngine

SEED = 11
PAGE = 1000  # the platform's largest page
PULL_USER = "petra"  # serves every municipality: sees every case
WRITE_USER = "anna"
WRITE_CASES = 20


async def _signed_in(http: httpx.AsyncClient, url: str, username: str) -> tuple[PlatformClient, Tokens]:
    tokens = await demo_sign_in(http, url, username)
    session = TokenSession(http, await discover(http, url), tokens)
    return PlatformClient(url, http, session), tokens


async def bare_pull(url: str, token: str) -> tuple[float, int]:
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        headers = {"Authorization": f"Bearer {token}"}
        started = time.perf_counter()
        cursor: str | None = None
        count = 0
        while True:
            params: dict[str, str | int] = {"limit": PAGE}
            if cursor is not None:
                params["cursor"] = cursor
            r = await http.get("/api/v1/sync/changes", params=params, headers=headers)
            r.raise_for_status()
            page = json.loads(r.content)
            count += len(page["changes"])
            if not page["has_more"]:
                return time.perf_counter() - started, count
            cursor = page["next_cursor"]


async def engine_pull(url: str, workdir: Path) -> tuple[float, int]:
    http = make_http_client(read_timeout=60)
    try:
        client, _ = await _signed_in(http, url, PULL_USER)
        me = await client.me()
        store = await AsyncStore.open(workdir / "store", os.urandom(32), user_id=me.id)
        try:
            engine = SyncEngine(store, client, user_id=me.id, page_size=PAGE)
            started = time.perf_counter()
            count = await engine.pull()
            return time.perf_counter() - started, count
        finally:
            await store.close()
    finally:
        await http.aclose()


async def _write_cases(client: PlatformClient) -> list[str]:
    page = await client.cases("all", limit=WRITE_CASES)
    return [c.id for c in page.items]


async def bare_replay(url: str, writes: int) -> float:
    http = make_http_client(read_timeout=60)
    try:
        client, tokens = await _signed_in(http, url, WRITE_USER)
        cases = await _write_cases(client)
    finally:
        await http.aclose()
    async with httpx.AsyncClient(base_url=url, timeout=60) as bare:
        auth = {"Authorization": f"Bearer {tokens.access_token}"}
        started = time.perf_counter()
        for n in range(writes):
            r = await bare.post(
                f"/api/v1/cases/{cases[n % len(cases)]}/notes",
                json={"text": f"Anteckning {n}"},
                headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
            )
            r.raise_for_status()
        return time.perf_counter() - started


async def engine_replay(url: str, workdir: Path, writes: int) -> float:
    http = make_http_client(read_timeout=60)
    try:
        client, _ = await _signed_in(http, url, WRITE_USER)
        me = await client.me()
        cases = await _write_cases(client)
        store = await AsyncStore.open(workdir / "store", os.urandom(32), user_id=me.id)
        try:
            await store.set_user(me)
            engine = SyncEngine(store, client, user_id=me.id)
            for n in range(writes):  # queued while "offline": not timed
                await engine.add_note(cases[n % len(cases)], f"Anteckning {n}")
            started = time.perf_counter()
            pushed = await engine.push()
            elapsed = time.perf_counter() - started
            counts = await store.outbox_counts()
            if pushed != writes or counts[OutboxState.DONE] != writes:
                raise RuntimeError(f"pushed {pushed} of {writes}: {counts}")
            return elapsed
        finally:
            await store.close()
    finally:
        await http.aclose()


def run(cases: int, writes: int, repeat: int) -> list[str]:
    database = seeded_database(SEED, cases)
    pulls: list[float] = []
    bare_pulls: list[float] = []
    replays: list[float] = []
    bare_replays: list[float] = []
    changes = 0
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
            work = Path(tmp)
            with running_platform(database, work, seed=SEED, cases=cases) as url:
                token = asyncio.run(_token(url, PULL_USER))
                seconds, bare_count = asyncio.run(bare_pull(url, token))
                bare_pulls.append(seconds)
                seconds, changes = asyncio.run(engine_pull(url, work))
                pulls.append(seconds)
                if changes != bare_count:
                    raise RuntimeError(f"the engine pulled {changes} changes, bare httpx {bare_count}")
                bare_replays.append(asyncio.run(bare_replay(url, writes)))
                replays.append(asyncio.run(engine_replay(url, work / "replay", writes)))
    print(f"# {cases} cases ({changes} changes) pulled, {writes} writes; best of {repeat}", file=sys.stderr)
    return [  # named as in QUALITY.md whatever the size (--quick is a smoke run)
        line("sync_pull_50k", min(pulls), min(bare_pulls)),
        line("outbox_replay_1000", min(replays), min(bare_replays)),
    ]


async def _token(url: str, username: str) -> str:
    http = make_http_client()
    try:
        return (await demo_sign_in(http, url, username)).access_token
    finally:
        await http.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = arguments(__doc__, "2 000 cases, 200 writes (seconds)")
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--writes", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure (best is reported)")
    args = parser.parse_args(argv)
    cases = args.cases or (2_000 if args.quick else 50_000)
    writes = args.writes or (200 if args.quick else 1_000)
    repeat = args.repeat or (1 if args.quick else 2)
    for text in run(cases, writes, repeat):
        print(text, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
