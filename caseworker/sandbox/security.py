"""Bearer-token checks and the request's database session and signed-in user."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from caseworker.sandbox import db
from caseworker.sandbox.config import SandboxSettings
from caseworker.sandbox.problems import ProblemError


def hash_token(token: str) -> str:
    """Tokens and codes are stored only as their SHA-256, never in the clear."""
    return hashlib.sha256(token.encode()).hexdigest()


def get_settings(request: Request) -> SandboxSettings:
    settings: SandboxSettings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessionmaker() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[SandboxSettings, Depends(get_settings)]


def _unauthorized(detail: str, error: str = "invalid_token") -> ProblemError:
    return ProblemError(
        401,
        "Unauthorized",
        detail,
        type_="unauthorized",
        headers={"WWW-Authenticate": f'Bearer realm="caseworker-sandbox", error="{error}"'},
    )


def get_current_user(request: Request, session: SessionDep) -> db.User:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProblemError(
            401,
            "Unauthorized",
            "A bearer token is required.",
            type_="unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="caseworker-sandbox"'},
        )
    row = session.execute(
        select(db.AccessToken, db.TokenFamily)
        .join(db.TokenFamily, db.TokenFamily.id == db.AccessToken.family_id)
        .where(db.AccessToken.token_hash == hash_token(token.strip()))
    ).first()
    if row is None:
        raise _unauthorized("The access token is not known.")
    access, family = row
    if access.revoked or family.revoked:
        raise _unauthorized("The access token has been revoked.")
    expires = access.expires_at if access.expires_at.tzinfo else access.expires_at.replace(tzinfo=dt.UTC)
    if expires <= dt.datetime.now(dt.UTC):
        raise _unauthorized("The access token has expired.")
    user = session.get(db.User, access.user_id)
    if user is None:
        raise _unauthorized("The user no longer exists.")
    return user


CurrentUser = Annotated[db.User, Depends(get_current_user)]


def require_role(user: db.User, role: str) -> None:
    if role not in user.roles:
        raise ProblemError(403, "Forbidden", f"This needs the role {role}.", type_="forbidden")


def require_municipality(user: db.User, municipality_id: str) -> None:
    """Outside the user's municipalities a thing does not exist (404, never 403)."""
    if municipality_id not in user.municipalities:
        raise ProblemError(404, "Not found", type_="not-found")
