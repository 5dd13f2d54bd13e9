"""The OpenAPI document is the contract: current, complete, honoured by the sandbox, and outside-checkable."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import schemathesis
import yaml
from schemathesis import checks

from caseworker.sandbox.contract import CONTRACT_PATH, contract_yaml, offline_app
from tests.helpers.sandbox import Sandbox

# Every operation PLATFORM-API.md names, with the statuses it fixes for it.
WRITE = {"401", "403", "409", "422"}
CONDITIONAL = WRITE | {"412", "428"}
OPERATIONS: dict[tuple[str, str], set[str]] = {
    ("get", "/.well-known/openid-configuration"): {"200"},
    ("get", "/oauth/authorize"): {"200", "400"},
    ("post", "/oauth/authorize"): {"302", "401"},
    ("post", "/oauth/token"): {"200", "400"},
    ("post", "/oauth/revoke"): {"200"},
    ("get", "/api/v1/me"): {"200", "401"},
    ("get", "/api/v1/municipalities"): {"200", "401"},
    ("get", "/api/v1/cases"): {"200", "401"},
    ("get", "/api/v1/cases/{case_id}"): {"200", "401", "404"},
    ("patch", "/api/v1/cases/{case_id}"): {"200", "404"} | CONDITIONAL,
    ("get", "/api/v1/cases/{case_id}/events"): {"200", "404"},
    ("post", "/api/v1/cases/{case_id}/notes"): {"201", "404"} | WRITE,
    ("post", "/api/v1/cases/{case_id}/messages"): {"201", "404"} | WRITE,
    ("get", "/api/v1/cases/{case_id}/documents"): {"200", "404"},
    ("get", "/api/v1/documents/{document_id}/content"): {"200", "206", "304", "404"},
    ("get", "/api/v1/documents/{document_id}/annotations"): {"200", "404"},
    ("post", "/api/v1/documents/{document_id}/annotations"): {"201", "404"} | WRITE,
    ("put", "/api/v1/annotations/{annotation_id}"): {"200", "404"} | CONDITIONAL,
    ("delete", "/api/v1/annotations/{annotation_id}"): {"204", "404"} | CONDITIONAL,
    ("post", "/api/v1/cases/{case_id}/decision"): {"201", "404"} | CONDITIONAL,
    ("post", "/api/v1/reassignments"): {"200"} | WRITE,
    ("get", "/api/v1/teams/{team_id}/workload"): {"200", "403", "404"},
    ("get", "/api/v1/archive/records"): {"200", "401"},
    ("get", "/api/v1/sync/changes"): {"200", "401", "410"},
    ("get", "/sandbox/accounts"): {"200"},
}
OVERLOAD = {"429", "503"}
WRITE_METHODS = {"post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def document() -> dict:
    return yaml.safe_load(CONTRACT_PATH.read_text(encoding="utf-8"))


def test_committed_contract_is_current() -> None:
    assert CONTRACT_PATH.read_text(encoding="utf-8") == contract_yaml(offline_app()), (
        "caseworker/api/openapi.yaml is out of date: run python -m caseworker.sandbox.contract"
    )


def test_contract_is_openapi_31(document: dict) -> None:
    assert document["openapi"].startswith("3.1")


@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_every_operation_with_its_statuses(document: dict, method: str, path: str) -> None:
    operation = document["paths"].get(path, {}).get(method)
    assert operation is not None, f"{method.upper()} {path} missing from the contract"
    statuses = set(operation.get("responses", {}))
    expected = OPERATIONS[(method, path)] | (OVERLOAD if path.startswith("/api/v1/") else set())
    assert expected <= statuses, f"{method.upper()} {path} lacks {sorted(expected - statuses)}"


@pytest.mark.parametrize(("method", "path"), sorted(k for k in OPERATIONS if k[1].startswith("/api/v1/")))
def test_write_and_conditional_headers_declared(document: dict, method: str, path: str) -> None:
    operation = document["paths"][path][method]
    headers = {p["name"].lower() for p in operation.get("parameters", []) if p.get("in") == "header"}
    if method in WRITE_METHODS:
        assert "idempotency-key" in headers
    if "412" in operation["responses"]:
        assert "if-match" in headers
    assert operation.get("security") == [{"bearer": []}]


def test_document_content_declares_range_and_etag(document: dict) -> None:
    operation = document["paths"]["/api/v1/documents/{document_id}/content"]["get"]
    headers = {p["name"].lower() for p in operation.get("parameters", []) if p.get("in") == "header"}
    assert {"range", "if-none-match"} <= headers


@pytest.fixture(scope="module")
def live_schema(sandbox: Sandbox) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_url(sandbox.url + "/openapi.json")
    # The test sends a valid bearer token itself, so mutating the security scheme would only test the
    # harness; extra query parameters are generated but not sent by schemathesis' pytest runner.
    schema.config.generation.update(
        with_security_parameters=False, allow_extra_parameters=False, max_examples=30, deterministic=True
    )
    return schema


schema = schemathesis.pytest.from_fixture("live_schema")


@pytest.fixture(scope="module")
def caseworker_token(sandbox: Sandbox) -> str:
    account = sandbox.account(role="caseworker", exclude_role="team_lead")
    return sandbox.sign_in(account["username"])["access_token"]


@schema.include(path_regex=r"^/api/v1/").parametrize()
@pytest.mark.slow
def test_sandbox_honours_its_contract(case: schemathesis.Case, caseworker_token: str) -> None:
    """Generated requests never make the sandbox fail (5xx) and its answers match the document."""
    headers = {"Authorization": f"Bearer {caseworker_token}"}
    if case.method.lower() in WRITE_METHODS:
        # A client makes one key per user action; generated examples would otherwise share one and be
        # (rightly) refused with 422 as a key reused for another payload.
        headers["Idempotency-Key"] = str(uuid.uuid4())
    # positive_data_acceptance is left out: opaque cursors and ids that match their schema can still
    # name nothing (400 malformed cursor, 404), which the contract allows.
    case.call_and_validate(headers=headers, excluded_checks=[checks.positive_data_acceptance])


@pytest.mark.slow
def test_outside_contract_probe_passes() -> None:
    probe = Path(__file__).resolve().parents[4] / "shared" / "tools" / "contract_probe.py"
    if not probe.exists():
        probe = Path(os.environ.get("CASEWORKER_SHARED", "/work/shared")) / "tools" / "contract_probe.py"
    assert probe.exists(), "the outside probe ../shared/tools/contract_probe.py is missing"
    result = subprocess.run([sys.executable, str(probe)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
