"""Who may turn the sandbox's admin knobs (/sandbox/admin/*): scripts that know the admin secret.

The knobs are off (404) unless the server was started with a secret (``--admin-token`` or
CASEWORKER_SANDBOX_ADMIN_TOKEN). The secret travels in a custom header, which a browser sends only after a
CORS preflight that this server never grants, so no web page a trainee opens can reach a knob with a form
post or another "simple request". A request that a browser made (it carries Origin, Referer or any
Sec-Fetch-* header) is refused even with the secret: the knobs are for tests, benchmarks and trainers'
scripts. A knob's body, if any, is JSON (415 otherwise): a form or text body is never taken as a command.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from caseworker.sandbox.problems import ProblemError

ADMIN_HEADER = "Sandbox-Admin-Token"
# What only a browser adds to a request (fetch metadata, the page it came from).
_BROWSER_HEADERS = (
    "origin",
    "referer",
    "sec-fetch-site",
    "sec-fetch-mode",
    "sec-fetch-dest",
    "sec-fetch-user",
)


def _has_body(request: Request) -> bool:
    length = request.headers.get("content-length")
    return "transfer-encoding" in request.headers or (length is not None and length.strip() != "0")


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


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
    from_a_browser = any(name in request.headers for name in _BROWSER_HEADERS)
    if from_a_browser or token is None or not hmac.compare_digest(token.encode(), configured.encode()):
        raise ProblemError(
            403,
            "Forbidden",
            f"The admin knobs need the {ADMIN_HEADER} header with the server's admin secret.",
            type_="forbidden",
        )
    if _has_body(request) and not _is_json(request.headers.get("content-type", "")):
        raise ProblemError(
            415,
            "Unsupported media type",
            "An admin knob's body, if any, is application/json.",
            type_="unsupported-media-type",
        )


AdminOnly = Depends(require_admin)
