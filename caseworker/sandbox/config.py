"""Settings of one sandbox platform instance."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CASES = 300
# Host names a sandbox answers to unless configured otherwise (DNS rebinding: see guard.py).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
ADMIN_TOKEN_ENV = "CASEWORKER_SANDBOX_ADMIN_TOKEN"  # noqa: S105 - the variable's name
ALLOWED_HOSTS_ENV = "CASEWORKER_SANDBOX_ALLOWED_HOSTS"
FORWARDED_ALLOW_IPS_ENV = "CASEWORKER_SANDBOX_FORWARDED_ALLOW_IPS"


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
    # --- a server shared by trainees (README: "A shared training server") ---
    # The /sandbox/admin knobs answer only requests carrying this secret; None switches them off.
    admin_token: str | None = None
    # Host header values (without port) the server answers; anything else is 400.
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    # Addresses of reverse proxies whose X-Forwarded-For/-Proto are believed (uvicorn's
    # --forwarded-allow-ips); none by default, so a client cannot pick the address it is throttled as.
    forwarded_allow_ips: tuple[str, ...] = ()
    # Seconds a request body may go without a byte arriving before the request is answered 408 (a stalled
    # upload must not hold a connection and a worker for ever).
    body_read_timeout: float = 30.0
    # The OIDC issuer and the base of the endpoints discovery names; None: the address it listens on.
    issuer: str | None = None
    # Sign-in throttling: this many failed attempts within the window lock the account (or the client
    # address) for the lockout, doubled for every further lock up to the maximum.
    signin_failures_per_account: int = 5
    signin_failures_per_address: int = 20
    signin_window_seconds: int = 15 * 60
    signin_lockout_seconds: int = 30
    signin_lockout_max_seconds: int = 15 * 60
