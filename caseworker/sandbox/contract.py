"""The platform contract as an OpenAPI 3.1 document, derived from the sandbox's routes and wire models.

`python -m caseworker.sandbox.contract` rewrites caseworker/api/openapi.yaml; a test fails when the
committed document and the routes disagree, so the contract, the sandbox and the client cannot drift.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from caseworker.sandbox import inputs
from caseworker.sandbox.guard import body_limit

CONTRACT_PATH = Path(__file__).resolve().parent.parent / "api" / "openapi.yaml"

DESCRIPTION = """\
The shared e-service platform as the Caseworker desktop client speaks it. Sign-in is OIDC authorization
code + PKCE (S256) for the public client `caseworker-desktop` with a loopback redirect (RFC 8252).
Every write takes an `Idempotency-Key`; conditional writes take `If-Match`. Errors are
`application/problem+json` (RFC 9457). Paths under `/sandbox` exist only on the sandbox platform.
Every request body is bounded: `x-maximum-body-bytes` on an operation states its limit (413 beyond it).
"""


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=DESCRIPTION,
        routes=app.routes,
    )
    components = doc.setdefault("components", {})
    components["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer", "description": "Access token from /oauth/token"},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "/.well-known/openid-configuration"},
    }
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path, operations in doc.get("paths", {}).items():
        for method, operation in operations.items():
            if path.startswith("/api/v1/"):
                operation["security"] = [{"bearer": []}]
            invalid = operation.get("responses", {}).get("422")
            if invalid is not None and "HTTPValidationError" in str(invalid):
                # FastAPI documents its default validation body; ours is a problem document (problems.py).
                operation["responses"]["422"] = {"description": "Invalid request", "content": problem}
            if "requestBody" in operation:
                _state_body_limit(path, method, operation, problem)
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    _describe_decision_field(doc, schemas)
    app.openapi_schema = doc
    return doc


def _state_body_limit(path: str, method: str, operation: dict[str, Any], problem: dict[str, Any]) -> None:
    limit = body_limit(method.upper(), path)
    operation["x-maximum-body-bytes"] = limit
    operation["responses"].setdefault(
        "413", {"description": f"The request body is longer than {limit} bytes", "content": problem}
    )


def _describe_decision_field(doc: dict[str, Any], schemas: dict[str, Any]) -> None:
    """The decision's multipart field `decision` is JSON: name its schema (JSON Schema contentSchema)."""
    schema = inputs.DecisionInput.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, definition in schema.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    schemas["DecisionInput"] = schema
    operation = doc["paths"]["/api/v1/cases/{case_id}/decision"]["post"]
    reference = operation["requestBody"]["content"]["multipart/form-data"]["schema"]["$ref"]
    field = schemas[reference.rsplit("/", 1)[-1]]["properties"]["decision"]
    field["contentMediaType"] = "application/json"
    field["contentSchema"] = {"$ref": "#/components/schemas/DecisionInput"}


def contract_yaml(app: FastAPI) -> str:
    return yaml.safe_dump(build_openapi(app), sort_keys=False, allow_unicode=True, width=110)


def offline_app() -> FastAPI:
    """The app over an empty in-memory database: enough to describe the routes, nothing seeded."""
    from caseworker.sandbox import db
    from caseworker.sandbox.app import create_app
    from caseworker.sandbox.config import SandboxSettings

    return create_app(SandboxSettings(db_url="sqlite://"), engine=db.make_engine("sqlite://"))


def main() -> int:
    CONTRACT_PATH.write_text(contract_yaml(offline_app()), encoding="utf-8")
    print(f"wrote {CONTRACT_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
