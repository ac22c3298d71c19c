"""What every answer of the org must be, whatever it was sent: never a 5xx, never a
traceback, and every error in the dialect of its endpoint. Shared by the schemathesis
run (tests/mock_okta/fuzz/test_schemathesis.py) and the hypothesis properties.

The dialects, as Okta answers them: Okta's error object under /api/v1 and /_mock/,
RFC 6749 JSON at the token-type endpoints, an RFC 6750 challenge at userinfo, an HTML
page at the browser endpoints. An unknown authorization server id is Okta's
404 `E0000007` at every JSON endpoint below it."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field

from hypothesis import HealthCheck, settings

OKTA, OAUTH, BEARER, HTML = "okta", "oauth", "bearer", "html"
# The user properties a fuzzing test records its counts in: requests, and those accepted.
FUZZ_REQUESTS, FUZZ_ACCEPTED = "fuzz_requests", "fuzz_accepted"
# Words that only an uncaught exception leaves in a body.
TRACEBACK = re.compile(rb"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+")

# How much to try: a bounded, repeatable run in the fast suite; `make stress-fuzz`
# asks for more examples, every schemathesis phase and fresh randomness each run.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))            # per OpenAPI operation
PROPERTY_EXAMPLES = int(os.environ.get("FUZZ_PROPERTY_EXAMPLES", "40"))  # per property
RANDOM = os.environ.get("FUZZ_RANDOM") == "1"  # else the same examples on every run


def hypothesis_settings(examples: int) -> settings:
    # A repeatable run keeps no example database; a random one keeps its finds in .hypothesis/.
    repeatable = {} if RANDOM else {"database": None}
    return settings(max_examples=examples, deadline=None, derandomize=not RANDOM,
                    suppress_health_check=list(HealthCheck), **repeatable)


def dialects(method: str, path: str) -> set[str]:
    """The dialects an error from `method path` may be in; `path` may be a template."""
    method = method.upper()
    if path.startswith("/api/"):
        return {OKTA}
    if path == "/_mock/console" or path.startswith("/_mock/console/"):
        return {HTML}          # the dev console is a web page: its errors are pages too
    if path.startswith("/_mock/"):
        return {HTML} if (method, path) == ("GET", "/_mock/outbox") else {OKTA}
    if path.startswith("/oauth2/") or path.startswith("/.well-known/"):
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if last in ("token", "introspect", "revoke"):
            return {OAUTH, OKTA}
        if last == "userinfo":
            return {BEARER, OKTA}
        if last in ("keys", "openid-configuration", "oauth-authorization-server") or \
                "/.well-known/" in path:
            return {OKTA, OAUTH}
        return {HTML}          # authorize, its resume step, logout: the browser's
    return {HTML}              # the hosted pages


def plain(headers) -> dict[str, str]:
    """Any client's headers (requests', werkzeug's, schemathesis' lists) as lower-case names."""
    return {name.lower(): ", ".join(value) if isinstance(value, list) else value
            for name, value in headers.items()}


def routing_dialect(path: str) -> str:
    """Of a 404 for a path no route matches, or a 405 for a method a route does not take:
    Okta's object under /api, RFC 6749 JSON below /oauth2 (discovery aside), a readable
    page elsewhere, the kit's paths included (as web/errors.py answers them)."""
    if path.startswith("/api/"):
        return OKTA
    if path.startswith("/oauth2/") and "/.well-known/" not in path:
        return OAUTH
    return HTML


def dialect_of(status: int, headers, body: bytes) -> str | None:
    """Which dialect an error answer is in, or None when it is in none."""
    headers = plain(headers)
    content_type = headers.get("content-type", "")
    if content_type.startswith("application/json"):
        try:
            document = json.loads(body)
        except ValueError:
            return None
        if not isinstance(document, dict):
            return None
        if (re.fullmatch(r"E\d{7}", str(document.get("errorCode", "")))
                and isinstance(document.get("errorSummary"), str)
                and isinstance(document.get("errorCauses"), list)
                and {"errorLink", "errorId"} <= document.keys()):
            return OKTA
        if isinstance(document.get("error"), str) and isinstance(
                document.get("error_description"), str):
            return OAUTH
        return None
    if headers.get("www-authenticate", "").startswith("Bearer ") and status in (400, 401, 403):
        return BEARER
    if content_type.startswith("text/html"):
        return HTML
    return None


def problems(method: str, path: str, status: int, headers, body: bytes) -> list[str]:
    """Everything wrong with one answer; empty when it is as it must be."""
    found = []
    if status >= 500:
        found.append(f"a server error {status}")
    if TRACEBACK.search(body or b""):
        found.append("a traceback in the body")
    if status >= 400:
        spoken, expected = dialect_of(status, headers, body), dialects(method, path)
        if status in (404, 405):
            expected = expected | {routing_dialect(path)}
        if spoken not in expected:
            found.append(f"an error in the {spoken or 'unknown'} dialect, "
                         f"expected {' or '.join(sorted(expected))}")
        below_oauth2 = path.startswith(("/oauth2/", "/.well-known/"))
        if spoken == OKTA and below_oauth2 and status != 404:
            # Below /oauth2 Okta's object answers only an unknown server id.
            found.append(f"Okta's error object with status {status} below /oauth2")
    return found


@dataclass
class Tally:
    """How many requests a fuzzing test sent, reported in the test summary."""
    requests: int = 0
    accepted: int = 0       # answered 2xx or 3xx: how deep the inputs got
    statuses: dict[int, int] = field(default_factory=dict)

    def count(self, status: int) -> None:
        self.requests += 1
        self.accepted += status < 400
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def record(self, record_property, since: Tally | None = None) -> None:
        record_property(FUZZ_REQUESTS, self.requests - (since.requests if since else 0))
        record_property(FUZZ_ACCEPTED, self.accepted - (since.accepted if since else 0))


def pytest_terminal_summary(terminalreporter):
    """`fuzzing: N requests tried (...)` at the end of a run: pytest-xdist carries each
    test's user properties from its worker, and the teardown report holds them all."""
    totals: dict[str, list[int]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "teardown":
                continue
            module = report.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
            for name, value in report.user_properties:
                if name in (FUZZ_REQUESTS, FUZZ_ACCEPTED):
                    counts = totals.setdefault(module, [0, 0])
                    counts[name == FUZZ_ACCEPTED] += value
    if totals:
        requests = sum(counts[0] for counts in totals.values())
        accepted = sum(counts[1] for counts in totals.values())
        parts = ", ".join(f"{module} {counts[0]:,}" for module, counts in sorted(totals.items()))
        terminalreporter.write_line(f"fuzzing: {requests:,} requests tried ({parts}); "
                                    f"{accepted:,} of them answered 2xx or 3xx")
