"""Fault injection: make the next N answers of an endpoint go wrong on purpose.

A fault names an endpoint (`token`, `authorize`, `userinfo`, `keys`, `discovery`,
`introspect`, `revoke`, `logout`, or `api` with an optional path prefix and
method) and a kind: `http_error` (a status, in the endpoint's dialect),
`oauth_error` (an RFC 6749 error at a token-type endpoint), `delay`,
`malformed_json` or `drop` (the connection closes mid-answer). Pure state and
rules here; kit/faults.py arms them over HTTP and plays them in requests.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from mock_okta.errors import OAuthError, ValidationFailed
from mock_okta.org.armed import Armed
from mock_okta.storage import Store

ENDPOINTS = ("authorize", "token", "userinfo", "keys", "discovery", "introspect", "revoke",
             "logout", "api")
KINDS = ("http_error", "oauth_error", "delay", "malformed_json", "drop")
OAUTH_ERROR_ENDPOINTS = ("token", "introspect", "revoke", "userinfo")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_OAUTH_PATH = re.compile(
    r"^/oauth2(?:/[^/]+)?/v1/(authorize|token|userinfo|keys|introspect|revoke|logout)$")
_DISCOVERY_PATH = re.compile(r"/\.well-known/(openid-configuration|oauth-authorization-server)")
_ERROR_CODE = re.compile(r"^[a-z_]{1,64}$")
_KEYS = {"endpoint", "kind", "count", "status", "error", "description", "delay_ms", "path",
         "method"}


@dataclass
class Fault:
    id: int
    endpoint: str
    kind: str
    remaining: int
    status: int | None = None
    error: str | None = None
    description: str | None = None
    delay_ms: int = 0
    path: str | None = None     # `api` only: a path prefix such as /api/v1/users
    method: str | None = None   # `api` only

    def as_json(self) -> dict:
        return {key: value for key, value in asdict(self).items() if value not in (None, 0)
                or key in ("id", "remaining")}

    def oauth_error(self) -> OAuthError:
        """The RFC 6749 error an `oauth_error` fault answers with."""
        return OAuthError(self.error, self.description, status=self.status)

    def matches(self, endpoint: str, path: str, method: str) -> bool:
        if endpoint != self.endpoint:
            return False
        if self.path is not None and not path.startswith(self.path):
            return False
        return self.method is None or self.method == method


def endpoint_of(path: str) -> str | None:
    """Which fault endpoint a request path belongs to, if any."""
    if path.startswith("/api/v1/"):
        return "api"
    match = _OAUTH_PATH.match(path)
    if match:
        return match.group(1)
    return "discovery" if _DISCOVERY_PATH.search(path) else None


def parse_fault(body: dict, fault_id: int) -> Fault:
    """Check a fault as POSTed to /_mock/faults; ValidationFailed names what is wrong."""
    unknown = sorted(set(body) - _KEYS)
    if unknown:
        _invalid(unknown[0], f"unknown property; expected some of {', '.join(sorted(_KEYS))}")
    endpoint, kind = body.get("endpoint"), body.get("kind")
    if endpoint not in ENDPOINTS:
        _invalid("endpoint", f"must be one of {', '.join(ENDPOINTS)}")
    if kind not in KINDS:
        _invalid("kind", f"must be one of {', '.join(KINDS)}")
    fault = Fault(fault_id, endpoint, kind, _whole(body, "count", 1, 1, 1000))
    if endpoint == "api":
        fault.path = body.get("path")
        if fault.path is not None and (not isinstance(fault.path, str)
                                       or not fault.path.startswith("/api/v1/")):
            _invalid("path", "must be a path prefix starting with /api/v1/")
        fault.method = body.get("method")
        if fault.method is not None and fault.method not in METHODS:
            _invalid("method", f"must be one of {', '.join(METHODS)}")
    elif "path" in body or "method" in body:
        _invalid("path" if "path" in body else "method", "applies to the api endpoint only")
    if kind == "http_error":
        fault.status = _whole(body, "status", 503, 400, 599)
    elif kind == "oauth_error":
        if endpoint not in OAUTH_ERROR_ENDPOINTS:
            _invalid("endpoint", f"oauth_error applies to {', '.join(OAUTH_ERROR_ENDPOINTS)}")
        fault.error = body.get("error")
        if not isinstance(fault.error, str) or not _ERROR_CODE.match(fault.error):
            _invalid("error", "must be an OAuth error code such as invalid_grant")
        default = 503 if fault.error == "temporarily_unavailable" else 400
        fault.status = _whole(body, "status", default, 400, 599)
        fault.description = body.get("description", f"Injected {fault.error} (mock-okta fault)")
        if not isinstance(fault.description, str):
            _invalid("description", "must be a string")
    elif kind == "delay":
        fault.delay_ms = _whole(body, "delay_ms", None, 1, 30_000)
    elif kind == "malformed_json":
        fault.status = _whole(body, "status", 200, 200, 599)
    return fault


class Faults(Armed[Fault]):
    """The armed faults of one org."""

    def __init__(self, store: Store):
        super().__init__(store, "fault", Fault, parse_fault)

    def take_for(self, path: str, method: str) -> Fault | None:
        """The first armed fault for this request, spending one of its answers."""
        endpoint = endpoint_of(path)
        if endpoint is None:
            return None
        return self.take(lambda fault: fault.matches(endpoint, path, method))


def _whole(body: dict, key: str, default: int | None, low: int, high: int) -> int:
    value = body.get(key, default)
    if value is None:
        _invalid(key, "is required")
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        _invalid(key, f"must be a whole number from {low} to {high}")
    return value


def _invalid(field: str, message: str):
    raise ValidationFailed(field, [f"{field}: {message}"])
