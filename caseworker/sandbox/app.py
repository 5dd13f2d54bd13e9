"""The sandbox platform as a FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlalchemy.engine import Engine

from caseworker.sandbox import db
from caseworker.sandbox.config import SandboxSettings
from caseworker.sandbox.contract import build_openapi
from caseworker.sandbox.guard import RequestGuard
from caseworker.sandbox.problems import install_problem_handlers
from caseworker.sandbox.throttle import SignInThrottle

API_PREFIX = "/api/v1"


def prepare_database(settings: SandboxSettings) -> Engine:
    """Create the schema and seed the demo data once (an already seeded database is kept as it is)."""
    from caseworker.sandbox.seed import seed_if_empty

    engine = db.make_engine(settings.db_url)
    db.create_schema(engine)
    seed_if_empty(db.make_sessionmaker(engine), seed=settings.seed, cases=settings.cases)
    return engine


def create_app(settings: SandboxSettings, engine: Engine | None = None) -> FastAPI:
    from caseworker.sandbox import oauth, sandbox_only
    from caseworker.sandbox.routes import ROUTERS
    from caseworker.sandbox.writes import install_write_semantics

    engine = engine or prepare_database(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="Caseworker shared platform API (sandbox)",
        version="1.0.0",
        summary="The e-service platform contract that the Caseworker desktop client speaks.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = db.make_sessionmaker(engine)
    install_problem_handlers(app)
    install_write_semantics(app)
    sandbox_only.install_fault_injection(app, settings.fail_rate)
    app.state.signin_throttle = SignInThrottle(settings)
    app.add_middleware(RequestGuard, settings=settings)  # added last: the outermost
    app.include_router(oauth.router)
    app.include_router(sandbox_only.router)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
    return app
