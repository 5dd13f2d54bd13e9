"""Who may turn the sandbox's admin knobs (/sandbox/admin/*): scripts that know the admin secret.

The knobs are off (404) unless the server was started with a secret (``--admin-token`` or
CASEWORKER_SANDBOX_ADMIN_TOKEN). The secret travels in a custom header, which a browser sends only after a
CORS preflight that this server never grants, so no web page a trainee opens can reach a knob with a form
post or another "simple request". A request that a browser made (it carries Origin or Sec-Fetch-Site) is
refused even with the secret: the knobs are for tests, benchmarks and trainers' scripts.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from caseworker.sandbox.problems import ProblemError

ADMIN_HEADER = "Sandbox-Admin-Token"


def require_admin(
    request: Request,
    token: Annotated[
        str | None,
        Header(
            alias=ADMIN_HEADER,
            description="The admin secret the sandbox was started with (--admin-token); 403 without it.",
        ),
    ] = None,
) -> None:
    configured: str | None = request.app.state.settings.admin_token
    if not configured:
        raise ProblemError(
            404,
            "Not found",
            "The admin knobs are off: start the sandbox with --admin-token.",
            type_="not-found",
        )
    from_a_browser = "origin" in request.headers or "sec-fetch-site" in request.headers
    if from_a_browser or token is None or not hmac.compare_digest(token.encode(), configured.encode()):
        raise ProblemError(
            403,
            "Forbidden",
            f"The admin knobs need the {ADMIN_HEADER} header with the server's admin secret.",
            type_="forbidden",
        )


AdminOnly = Depends(require_admin)
