"""Settings of one sandbox platform instance."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CASES = 300


@dataclass(frozen=True)
class SandboxSettings:
    db_url: str = "sqlite:///sandbox.db"
    seed: int = 1
    cases: int = DEFAULT_CASES
    access_token_ttl: int = 300  # seconds; short so that clients exercise refresh
    refresh_token_ttl: int = 60 * 60 * 24 * 30
    refresh_grace_seconds: int = 600  # a dropped refresh response must not sign people out
    idempotency_retention_days: int = 35  # the contract says at least 30
    page_limit_max: int = 1000
    fail_rate: float = 0.0  # share of API requests answered 503 with Retry-After (fault training)
