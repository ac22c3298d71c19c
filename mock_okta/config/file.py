"""The configuration file (`mock-okta --config PATH` or `MOCK_OKTA_CONFIG=PATH`).

A JSON object with two optional lists, in Okta's own shapes:

```json
{
  "authorizationServers": [
    {
      "id": "orders",
      "name": "Orders API",
      "audiences": ["api://orders"],
      "scopes": ["orders:read", {"name": "orders:write", "metadataPublish": "ALL_CLIENTS"}],
      "accessTokenLifetimeMinutes": 60,
      "refreshTokenLifetimeMinutes": 129600
    }
  ],
  "apps": [
    {
      "name": "oidc_client",
      "label": "Orders SPA",
      "signOnMode": "OPENID_CONNECT",
      "credentials": {"oauthClient": {"client_id": "0oaOrdersSpa00000001",
                                      "token_endpoint_auth_method": "none"}},
      "settings": {"oauthClient": {"application_type": "browser",
                                   "redirect_uris": ["http://localhost:3000/callback"],
                                   "grant_types": ["authorization_code"]}}
    }
  ]
}
```

* `authorizationServers`: custom servers served at `/oauth2/{id}`, beside `default`
  (which is always there; an entry with id `default` reconfigures it). `id` is letters,
  digits, `-` and `_`; `audiences` holds exactly one audience (Okta supports one).
  `scopes` adds custom scopes to the OIDC ones; a scope is listed in discovery only
  with `"metadataPublish": "ALL_CLIENTS"` (Okta's default is `NO_CLIENTS`).
  Lifetimes follow Okta's access-policy limits: access 5–1440 minutes (default 60),
  refresh at least the access lifetime (default 90 days). For tests of expiry, the
  kit's own `accessTokenLifetimeSeconds` (≥ 1) overrides the minutes.
* `apps`: OIDC apps exactly as `POST /api/v1/apps` takes them, with the same
  validation; `credentials.oauthClient.client_id` is required here so the app keeps
  its id across restarts. A confidential app without `client_secret` gets one
  generated on first start and keeps it. Configured apps are created or refreshed
  (and activated) at every start; the site's app from `MOCK_OKTA_CLIENT_*` stays too.
* `groups`, `users` and `policies`: seeded as `/_mock/seed` takes them (org/seed.py).
  A policy is `POST /api/v1/policies`'s body with its `rules`, e.g. MFA for a group:
  `{"type": "OKTA_SIGN_ON", "name": "MFA for admins", "conditions": {"people": {"groups":
  {"include": ["Admins"]}}}, "rules": [{"name": "Require a factor", "actions": {"signon":
  {"access": "ALLOW", "requireFactor": true, "factorPromptMode": "ALWAYS"}}}]}`.

Any mistake stops start-up with a message naming the file and the entry.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mock_okta.config.settings import (
    DEFAULT_ACCESS_TOKEN_LIFETIME,
    DEFAULT_REFRESH_TOKEN_LIFETIME,
    AuthServerSettings,
)
from mock_okta.directory.app_spec import AppSpec, parse_app
from mock_okta.errors import ValidationFailed

_SERVER_ID = re.compile(r"[A-Za-z0-9_-]{1,100}")
_SCOPE = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]{1,100}")   # RFC 6749 scope-token
_SERVER_KEYS = {"id", "name", "description", "audiences", "scopes", "accessTokenLifetimeMinutes",
                "refreshTokenLifetimeMinutes", "accessTokenLifetimeSeconds"}


class _Invalid(ValueError):
    pass


def load_config_file(path: str) -> tuple[tuple[AuthServerSettings, ...], tuple[AppSpec, ...]]:
    """Parse and validate; raises ValueError with a readable message."""
    return read_config_file(path)[:2]


def read_config_file(path: str) -> tuple[tuple[AuthServerSettings, ...], tuple[AppSpec, ...],
                                          dict | None]:
    """Servers, apps, and the seed (`groups`, `users` and `policies`, checked when the org
    starts)."""
    document = read_json(path, "config file")
    try:
        servers, apps = parse_config(document)
        seed = {key: _list(document, key) for key in ("groups", "users", "policies")
                if key in document}
    except _Invalid as error:
        raise ValueError(f"config file {path}: {error}") from None
    return servers, apps, seed or None


def read_json(path: str, what: str):
    """A JSON file's document; a ValueError naming `what` and the file otherwise."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"{what} {path}: cannot read it ({error.strerror})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{what} {path}: not valid JSON ({error})") from None


def parse_config(document) -> tuple[tuple[AuthServerSettings, ...], tuple[AppSpec, ...]]:
    if not isinstance(document, dict):
        raise _Invalid("the top level must be a JSON object")
    unknown = set(document) - {"authorizationServers", "apps", "groups", "users", "policies"}
    if unknown:
        raise _Invalid(f"unknown key(s) {', '.join(sorted(unknown))}; "
                       "expected authorizationServers, apps, groups, users, policies")
    servers = tuple(_server(entry, f"authorizationServers[{i}]")
                    for i, entry in enumerate(_list(document, "authorizationServers")))
    _unique([server.id for server in servers], "authorizationServers", "id")
    apps = tuple(_app(entry, f"apps[{i}]") for i, entry in enumerate(_list(document, "apps")))
    _unique([app.client_id for app in apps], "apps", "client_id")
    return servers, apps


def _list(document: dict, key: str) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise _Invalid(f"{key} must be a list")
    return value


def _unique(values: list[str], where: str, name: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise _Invalid(f"{where}: {name} {value!r} appears twice")
        seen.add(value)


def _server(entry, where: str) -> AuthServerSettings:
    if not isinstance(entry, dict):
        raise _Invalid(f"{where} must be an object")
    unknown = set(entry) - _SERVER_KEYS
    if unknown:
        raise _Invalid(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    server_id = entry.get("id")
    if not isinstance(server_id, str) or not _SERVER_ID.fullmatch(server_id):
        raise _Invalid(f"{where}.id must be 1-100 letters, digits, '-' or '_'")
    audiences = entry.get("audiences")
    if (not isinstance(audiences, list) or len(audiences) != 1
            or not isinstance(audiences[0], str) or not audiences[0].strip()):
        raise _Invalid(f"{where}.audiences must hold exactly one audience (a string)")
    name = entry.get("name", server_id)
    if not isinstance(name, str):
        raise _Invalid(f"{where}.name must be a string")
    scopes, published = _scopes(entry.get("scopes", []), f"{where}.scopes")
    access_minutes = _minutes(entry, "accessTokenLifetimeMinutes",
                              DEFAULT_ACCESS_TOKEN_LIFETIME // 60, 5, 1440, where)
    access = access_minutes * 60
    if "accessTokenLifetimeSeconds" in entry:
        access = _whole(entry["accessTokenLifetimeSeconds"], f"{where}.accessTokenLifetimeSeconds",
                        1, 86400)
    refresh = _minutes(entry, "refreshTokenLifetimeMinutes", DEFAULT_REFRESH_TOKEN_LIFETIME // 60,
                       1, 5 * 365 * 24 * 60, where) * 60
    if refresh < access:
        raise _Invalid(f"{where}.refreshTokenLifetimeMinutes must be at least the access "
                       "token lifetime")
    return AuthServerSettings(id=server_id, audience=audiences[0].strip(), name=name,
                              scopes=scopes, published_scopes=published,
                              access_token_lifetime=access, refresh_token_lifetime=refresh)


def _scopes(value, where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(value, list):
        raise _Invalid(f"{where} must be a list")
    names, published = [], []
    for i, scope in enumerate(value):
        publish = "NO_CLIENTS"
        if isinstance(scope, dict):
            publish = scope.get("metadataPublish", "NO_CLIENTS")
            if publish not in ("NO_CLIENTS", "ALL_CLIENTS"):
                raise _Invalid(f"{where}[{i}].metadataPublish must be NO_CLIENTS or ALL_CLIENTS")
            scope = scope.get("name")
        if not isinstance(scope, str) or not _SCOPE.fullmatch(scope):
            raise _Invalid(f"{where}[{i}] must be a scope name without spaces or quotes")
        names.append(scope)
        if publish == "ALL_CLIENTS":
            published.append(scope)
    return tuple(dict.fromkeys(names)), tuple(dict.fromkeys(published))


def _minutes(entry: dict, key: str, default: int, low: int, high: int, where: str) -> int:
    if key not in entry:
        return default
    return _whole(entry[key], f"{where}.{key}", low, high)


def _whole(value, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _Invalid(f"{where} must be a whole number from {low} to {high}")
    return value


def _app(entry, where: str) -> AppSpec:
    if not isinstance(entry, dict):
        raise _Invalid(f"{where} must be an object")
    try:
        spec = parse_app(entry)
    except ValidationFailed as error:
        raise _Invalid(f"{where}: {'; '.join(error.causes)}") from None
    if spec.client_id is None:
        raise _Invalid(f"{where}: credentials.oauthClient.client_id is required in the "
                       "configuration file")
    return spec
