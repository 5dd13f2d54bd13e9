"""`caseworker-sandbox`: the sandbox platform as a server (training, benchmarks, outside checks)."""

from __future__ import annotations

import argparse
import logging

import uvicorn

from caseworker.sandbox.app import create_app
from caseworker.sandbox.config import DEFAULT_CASES, SandboxSettings


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="caseworker-sandbox", description="Sandbox e-service platform.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--db", default="sqlite:///sandbox.db", help="SQLAlchemy URL (SQLite file or PostgreSQL)")
    p.add_argument("--seed", type=int, default=1, help="seed of the deterministic demo data")
    p.add_argument("--cases", type=int, default=DEFAULT_CASES, help="number of demo cases to generate")
    p.add_argument("--access-token-ttl", type=int, default=300, help="access token lifetime in seconds")
    p.add_argument("--fail-rate", type=float, default=0.0, help="share of API calls answered 503 (training)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = SandboxSettings(
        db_url=args.db,
        seed=args.seed,
        cases=args.cases,
        access_token_ttl=args.access_token_ttl,
        fail_rate=args.fail_rate,
    )
    logging.getLogger("caseworker.sandbox").info("preparing database %s", settings.db_url.split("@")[-1])
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")


if __name__ == "__main__":
    main()
