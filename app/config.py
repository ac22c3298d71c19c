"""Site settings, read from the environment (and an optional `.env` file).

Every default points at the local mock org (`python -m mock_okta` on :8080). Pointing the
site at a real Okta org is done by setting the same variables to that org's values; nothing
else in the code knows or cares which one it talks to.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_ISSUER = "http://127.0.0.1:8080/oauth2/default"
DEFAULT_CLIENT_ID = "0oaMockFlaskSite0001"
DEFAULT_CLIENT_SECRET = "mock-okta-dev-secret-do-not-use-in-production"
DEFAULT_API_TOKEN = "00MockOktaDevelopmentApiToken"
DEFAULT_SCOPES = "openid profile email"
DEFAULT_USER_REFRESH_SECONDS = 300
DEFAULT_HTTP_TIMEOUT = 10.0

# A fixed, public development key rather than a random one: a random key per process would
# sign users out on every restart and break as soon as two processes (or workers) serve the
# site. Being public it protects nothing, so create_app() logs a warning whenever it is in use;
# any real deployment must set SECRET_KEY.
DEV_SECRET_KEY = "development-only-insecure-secret-key--set-SECRET_KEY"

# The names read from the environment. They are also the Flask config keys.
ENV_KEYS = (
    "OKTA_ISSUER",
    "OKTA_CLIENT_ID",
    "OKTA_CLIENT_SECRET",
    "OKTA_ORG_URL",
    "OKTA_API_TOKEN",
    "OKTA_SCOPES",
    "OKTA_HTTP_TIMEOUT",
    "SECRET_KEY",
    "USER_REFRESH_SECONDS",
    "SESSION_COOKIE_SECURE",
)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigError(ValueError):
    """A setting has a value the site cannot work with."""


def org_url_from_issuer(issuer: str) -> str:
    """`https://org.okta.com/oauth2/default` -> `https://org.okta.com` (scheme, host, port)."""
    parts = _http_url(issuer, "OKTA_ISSUER")
    return f"{parts.scheme}://{parts.netloc}"


def load_settings(environ: Mapping[str, str]) -> dict:
    """Turn environment-style strings into Flask config values, applying defaults.

    Raises ConfigError naming the variable when a value is unusable, so a typo fails at start-up
    rather than on the first sign-in.
    """
    env = {key: value.strip() for key, value in environ.items() if isinstance(value, str)}

    # Okta issuers never end in "/"; a stray one would also break the discovery URL below.
    issuer = (env.get("OKTA_ISSUER") or DEFAULT_ISSUER).rstrip("/")
    _http_url(issuer, "OKTA_ISSUER")
    org_url = (env.get("OKTA_ORG_URL") or "").rstrip("/") or org_url_from_issuer(issuer)
    _http_url(org_url, "OKTA_ORG_URL")

    if not env.get("SECRET_KEY") and not _on_loopback(issuer):
        # The development key is public: a site signing in against a real org must not use it.
        raise ConfigError("SECRET_KEY must be set when OKTA_ISSUER is not on this machine "
                          f"({urlsplit(issuer).hostname}): the development key is public")

    scopes = " ".join((env.get("OKTA_SCOPES") or DEFAULT_SCOPES).split())
    if "openid" not in scopes.split():
        # Sign-in relies on the ID token, which only an `openid` request returns.
        raise ConfigError(f"OKTA_SCOPES must include 'openid', got {scopes!r}")

    return {
        "OKTA_ISSUER": issuer,
        "OKTA_SERVER_METADATA_URL": f"{issuer}/.well-known/openid-configuration",
        "OKTA_CLIENT_ID": env.get("OKTA_CLIENT_ID") or DEFAULT_CLIENT_ID,
        "OKTA_CLIENT_SECRET": env.get("OKTA_CLIENT_SECRET") or DEFAULT_CLIENT_SECRET,
        "OKTA_ORG_URL": org_url,
        "OKTA_API_TOKEN": env.get("OKTA_API_TOKEN") or DEFAULT_API_TOKEN,
        "OKTA_SCOPES": scopes,
        "OKTA_HTTP_TIMEOUT": _positive_float(env.get("OKTA_HTTP_TIMEOUT"), DEFAULT_HTTP_TIMEOUT),
        "SECRET_KEY": env.get("SECRET_KEY") or DEV_SECRET_KEY,
        "USER_REFRESH_SECONDS": _non_negative_int(
            env.get("USER_REFRESH_SECONDS"), DEFAULT_USER_REFRESH_SECONDS
        ),
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE"), "SESSION_COOKIE_SECURE"),
    }


def read_env_file(path: str | os.PathLike) -> dict[str, str]:
    """Parse a `.env` file: `KEY=value` lines, `#` comments, optional `export ` and quotes.

    Deliberately tiny (no interpolation, no multi-line values) so the site needs no
    python-dotenv. A missing file is an empty mapping.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    values = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not key.isidentifier():
            raise ConfigError(f"{path}:{number}: expected KEY=value, got {raw!r}")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def environment(env_file: str | os.PathLike = ".env") -> dict[str, str]:
    """The process environment over the `.env` file: a real variable always wins."""
    return {**read_env_file(env_file), **os.environ}


def _on_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _http_url(value: str, name: str):
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name} must be an absolute http(s) URL, got {value!r}")
    return parts


def _non_negative_int(raw: str | None, default: int) -> int:
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"USER_REFRESH_SECONDS must be a whole number, got {raw!r}") from None
    if value < 0:
        raise ConfigError(f"USER_REFRESH_SECONDS must not be negative, got {value}")
    return value


def _positive_float(raw: str | None, default: float) -> float:
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"OKTA_HTTP_TIMEOUT must be a number of seconds, got {raw!r}") from None
    if not value > 0 or value == float("inf"):
        raise ConfigError(f"OKTA_HTTP_TIMEOUT must be a positive number, got {raw!r}")
    return value


def _bool(raw: str | None, name: str) -> bool:
    value = (raw or "").lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")
