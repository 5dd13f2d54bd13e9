"""Start sandbox platforms for tests: real HTTP on loopback, real database.

Seeding is the slow part, so one seeded SQLite database is made per test session and copied for each
fresh sandbox. With CASEWORKER_TEST_DB_URL set (PostgreSQL in CI) every sandbox gets a new database on
that server, seeded anew. Every sandbox has an admin secret (a fresh one unless a test sets ``admin_token``);
``Sandbox.admin`` turns its knobs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import secrets
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from caseworker.sandbox.admin import ADMIN_HEADER
from caseworker.sandbox.app import prepare_database
from caseworker.sandbox.config import SandboxSettings
from caseworker.sandbox.server import RunningSandbox, start_in_thread
from tests.helpers import signin

TEST_SEED = 7
# a one-page PDF: enough for the sandbox to take as a decision letter or a document
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TEST_CASES = 300
_db_numbers = itertools.count()


@dataclass
class Sandbox:
    """A running sandbox and what tests need to talk to it."""

    url: str
    accounts: list[dict]
    running: RunningSandbox

    def account(self, *, role: str, exclude_role: str | None = None, municipality: str | None = None) -> dict:
        for a in self.accounts:
            excluded = exclude_role is not None and exclude_role in a["roles"]
            if role in a["roles"] and not excluded and municipality in (None, *a["municipalities"]):
                return a
        raise LookupError(f"no demo account with role {role}")

    def sign_in(self, username: str) -> dict[str, str]:
        return signin.sign_in(self.url, username)

    def client(self, username: str) -> httpx.Client:
        """A plain httpx client signed in as ``username`` (for contract tests)."""
        tokens = self.sign_in(username)
        return httpx.Client(base_url=self.url, headers=signin.bearer(tokens), timeout=30)

    @property
    def admin_headers(self) -> dict[str, str]:
        """The header that carries the sandbox's admin secret (for /sandbox/admin/*)."""
        return {ADMIN_HEADER: self.running.settings.admin_token or ""}

    def admin(self, knob: str, body: dict | None = None) -> httpx.Response:
        """POST /sandbox/admin/{knob} with the admin secret (e.g. "faults", "expire-cursors")."""
        return httpx.post(
            f"{self.url}/sandbox/admin/{knob}", json=body, headers=self.admin_headers, timeout=30
        )

    def stop(self) -> None:
        self.running.stop()


def external_db_url() -> str | None:
    return os.environ.get("CASEWORKER_TEST_DB_URL") or None


def _fresh_external(url: str) -> str:
    """A new, empty database on the external server (each sandbox gets its own, like a fresh file)."""
    base = make_url(url)
    name = f"cw_test_{os.getpid()}_{next(_db_numbers)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def make_template(directory: Path, seed: int = TEST_SEED, cases: int = TEST_CASES) -> Path:
    path = directory / f"template-{seed}-{cases}.db"
    if not path.exists():
        engine = prepare_database(SandboxSettings(db_url=f"sqlite:///{path}", seed=seed, cases=cases))
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
    return path


def copy_sqlite(template: Path, target: Path) -> None:
    src, dst = sqlite3.connect(template), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@contextmanager
def running_sandbox(template: Path, workdir: Path, **overrides: object) -> Iterator[Sandbox]:
    url = external_db_url()
    if url:
        url = _fresh_external(url)
    else:
        target = workdir / "sandbox.db"
        copy_sqlite(template, target)
        url = f"sqlite:///{target}"
    overrides.setdefault("admin_token", secrets.token_urlsafe(24))
    settings = SandboxSettings(db_url=url, seed=TEST_SEED, cases=TEST_CASES, **overrides)  # type: ignore[arg-type]
    running = start_in_thread(settings)
    try:
        accounts = httpx.get(running.url + "/sandbox/accounts", timeout=30).json()
        yield Sandbox(running.url, accounts, running)
    finally:
        running.stop()


def own_sandbox(name: str) -> Any:
    """A module-scoped ``sb`` fixture: a sandbox of the module's own (in a work folder called ``name``), for
    tests that change cases freely. Assign it to ``sb`` in the test module or conftest."""

    @pytest.fixture(scope="module")
    def sb(sandbox_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
        with running_sandbox(sandbox_template, tmp_path_factory.mktemp(name)) as running:
            yield running

    return sb


def signed_in_client(username: str | None = None, *, of: str = "sb", **account: str) -> Any:
    """A module-scoped fixture: a plain httpx client signed in to the sandbox fixture ``of`` as ``username``,
    or as the first demo account that ``Sandbox.account(**account)`` finds (role, exclude_role, ...)."""

    @pytest.fixture(scope="module")
    def client(request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
        sandbox: Sandbox = request.getfixturevalue(of)
        with sandbox.client(username or sandbox.account(**account)["username"]) as signed_in:
            yield signed_in

    return client


def writing(**headers: str) -> dict[str, str]:
    """Headers of a write: a fresh Idempotency-Key, and ``headers`` (If-Match, ...)."""
    return {"Idempotency-Key": str(uuid.uuid4()), **headers}


def decision_fields(**overrides: Any) -> str:
    """The decision form field of a valid decision (granted today), with ``overrides``."""
    fields = {
        "outcome": "granted",
        "legal_ground": "9 kap. 31 § PBL",
        "decided_on": dt.date.today().isoformat(),
        "conditions": ["Startbesked krävs innan arbetet påbörjas."],
        "reasons": "Åtgärden överensstämmer med detaljplanen.",
        "fee_sek": 12000,
        "signed_by": "Test Handläggare",
        **overrides,
    }
    return json.dumps(fields)


def send_decision(
    client: httpx.Client,
    case_id: str,
    etag: str | None,
    pdf: bytes = MINIMAL_PDF,
    fields: str | None = None,
    *,
    key: str | None = None,
) -> httpx.Response:
    """POST /cases/{id}/decision: ``fields`` (default: ``decision_fields()``) and ``pdf`` as the letter, on
    ``etag`` (None: no If-Match), with a fresh Idempotency-Key unless ``key`` is given."""
    headers = writing(**({"If-Match": etag} if etag else {}))
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(
        f"/api/v1/cases/{case_id}/decision",
        data={"decision": fields or decision_fields()},
        files={"pdf": ("beslut.pdf", pdf, "application/pdf")},
        headers=headers,
    )
