"""Schemathesis against the shipped OpenAPI description, on a live org: every
operation it describes, with generated paths, queries, headers and bodies.

Every answer: no 5xx, no traceback, every error in its endpoint's dialect
(support/fuzz.py), and every answer matching the description: its status,
content type and, for successes and errors alike, its schema (Okta's error
object under /api/v1, RFC 6749 errors at the token endpoints)."""

from __future__ import annotations

import copy
import os
import random

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mock_okta.kit.openapi import DESCRIPTION
from tests.mock_okta.support.fuzz import EXAMPLES, Tally, hypothesis_settings, problems

# The coverage phase (every boundary value, missing field and unexpected method the
# description implies: thousands of requests) runs in `make stress`; the fast suite
# has the explicit examples and a bounded number of generated cases per operation.
PHASES = os.environ.get("FUZZ_PHASES", "examples,fuzzing").split(",")
schema = schemathesis.openapi.from_path(str(DESCRIPTION), config=schemathesis.Config.from_dict(
    {"phases": {phase: {"enabled": phase in PHASES} for phase in ("examples", "coverage", "fuzzing")}}))

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
# Answers that change what later cases meet (an armed fault answers the next
# request with the 500 it was told to; a moved clock, a seed) are undone at once.
UNDONE_BY_RESET = ("/_mock/faults", "/_mock/forgeries", "/_mock/clock", "/_mock/seed")
FRAMING = ("content-length", "transfer-encoding", "connection", "host")


def keeps_generated_credentials(case) -> bool:
    """One case in five keeps the Authorization header schemathesis made up (most
    often none, or a wrong one); the others carry the org's token, to get past it."""
    return random.Random(repr(case)).random() < 0.2


@pytest.fixture(scope="module")
def tally():
    return Tally()


@schema.parametrize()
@hypothesis_settings(EXAMPLES)
def test_every_operation(case, live_org, tally, record_property):
    if case.path.startswith("/api/") and not keeps_generated_credentials(case):
        case.headers = {**(case.headers or {}), "Authorization": f"SSWS {live_org.api_token}"}
    # Framing is the transport's: schemathesis once sent `CONTENT-LENGTH: ""`, which the
    # HTTP server refuses in its own words (as Okta's front servers would) before the
    # org sees a request.
    case.headers = {name: value for name, value in (case.headers or {}).items()
                    if name.lower() not in FRAMING}
    before = copy.copy(tally)
    try:
        response = case.call(base_url=live_org.url, allow_redirects=False,
                             timeout=30)
        tally.count(response.status_code)
        found = problems(case.method, case.path, response.status_code, response.headers,
                         response.content)
        assert not found, f"{case.method} {case.formatted_path}: {found}\n{response.text[:500]}"
        case.validate_response(response, checks=CHECKS)
    finally:
        if case.method.upper() != "GET" and case.path.startswith(UNDONE_BY_RESET):
            live_org.reset()
        tally.record(record_property, since=before)
