"""`caseworker-sandbox`: the sandbox platform as a server (training, benchmarks, outside checks).

For a server shared by trainees see the README ("A shared training server"): give the names it is reached
by (--allowed-host, --issuer) and, only if the admin knobs are needed, an admin secret.
"""

from __future__ import annotations

import argparse
import logging
import os

import uvicorn

from caseworker.sandbox.app import create_app
from caseworker.sandbox.config import (
    ADMIN_TOKEN_ENV,
    ALLOWED_HOSTS_ENV,
    DEFAULT_CASES,
    FORWARDED_ALLOW_IPS_ENV,
    LOOPBACK_HOSTS,
    SandboxSettings,
)
from caseworker.sandbox.server import proxy_options

_WILDCARDS = {"0.0.0.0", "::", ""}  # noqa: S104 - names, not a bind


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="caseworker-sandbox", description="Sandbox e-service platform.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--db", default="sqlite:///sandbox.db", help="SQLAlchemy URL (SQLite file or PostgreSQL)")
    p.add_argument("--seed", type=int, default=1, help="seed of the deterministic demo data")
    p.add_argument("--cases", type=int, default=DEFAULT_CASES, help="number of demo cases to generate")
    p.add_argument("--access-token-ttl", type=int, default=300, help="access token lifetime in seconds")
    p.add_argument("--fail-rate", type=float, default=0.0, help="share of API calls answered 503 (training)")
    p.add_argument(
        "--admin-token",
        default=os.environ.get(ADMIN_TOKEN_ENV) or None,
        help=f"secret for the /sandbox/admin knobs, sent in the Sandbox-Admin-Token header (or set "
        f"{ADMIN_TOKEN_ENV}); without it the knobs are off",
    )
    p.add_argument(
        "--allowed-host",
        action="append",
        dest="allowed_hosts",
        metavar="NAME",
        help=f"a host name clients reach the server by (repeatable; or {ALLOWED_HOSTS_ENV}, "
        f"comma-separated); default: {', '.join(LOOPBACK_HOSTS)}",
    )
    p.add_argument(
        "--forwarded-allow-ips",
        action="append",
        metavar="ADDRESS",
        help=f"address of a reverse proxy whose X-Forwarded-For is believed (repeatable; or "
        f"{FORWARDED_ALLOW_IPS_ENV}, comma-separated); default: none, forwarded headers are ignored",
    )
    p.add_argument(
        "--issuer",
        help="the server's public base URL, e.g. https://utbildning.example.se (the OIDC issuer); "
        "default: http://<host>:<port>",
    )
    return p.parse_args(argv)


def settings_from(args: argparse.Namespace) -> SandboxSettings:
    hosts = args.allowed_hosts or [h for h in os.environ.get(ALLOWED_HOSTS_ENV, "").split(",") if h.strip()]
    proxies = args.forwarded_allow_ips or os.environ.get(FORWARDED_ALLOW_IPS_ENV, "").split(",")
    listen = "127.0.0.1" if args.host in _WILDCARDS else args.host
    shown = f"[{listen}]" if ":" in listen else listen
    return SandboxSettings(
        db_url=args.db,
        seed=args.seed,
        cases=args.cases,
        access_token_ttl=args.access_token_ttl,
        fail_rate=args.fail_rate,
        admin_token=args.admin_token,
        allowed_hosts=tuple(h.strip() for h in hosts) if hosts else LOOPBACK_HOSTS,
        issuer=args.issuer or f"http://{shown}:{args.port}",
        forwarded_allow_ips=tuple(p.strip() for p in proxies if p.strip()),
    )


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = settings_from(args)
    log = logging.getLogger("caseworker.sandbox")
    log.info("preparing database %s", settings.db_url.split("@")[-1])
    log.info(
        "issuer %s; answering host names %s; admin knobs %s",
        settings.issuer,
        ", ".join(settings.allowed_hosts),
        "on" if settings.admin_token else "off",
    )
    uvicorn.run(
        create_app(settings), host=args.host, port=args.port, log_level="info", **proxy_options(settings)
    )


if __name__ == "__main__":
    main()
