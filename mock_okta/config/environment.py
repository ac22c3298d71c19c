"""Settings from MOCK_OKTA_* environment variables (and the configuration file they name)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from mock_okta.config.file import read_config_file
from mock_okta.config.settings import (
    DEFAULT_API_TOKEN,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_DB_PATH,
    DEFAULT_PASSWORD_HASH_ITERATIONS,
    DEFAULT_POST_LOGOUT_REDIRECT_URIS,
    DEFAULT_RATE_LIMIT,
    DEFAULT_REDIRECT_URIS,
    ClientSettings,
    Settings,
)
from mock_okta.config.state_file import read_state_file
from mock_okta.directory.signon import DEFAULT_MAX_ATTEMPTS


def from_env(environ: Mapping[str, str] = os.environ, **overrides) -> Settings:
    """Read MOCK_OKTA_* variables (empty means default); keyword overrides win."""
    client = ClientSettings(
        client_id=environ.get("MOCK_OKTA_CLIENT_ID") or DEFAULT_CLIENT_ID,
        client_secret=environ.get("MOCK_OKTA_CLIENT_SECRET") or DEFAULT_CLIENT_SECRET,
        redirect_uris=_uri_list(environ.get("MOCK_OKTA_REDIRECT_URIS"), DEFAULT_REDIRECT_URIS),
        post_logout_redirect_uris=_uri_list(
            environ.get("MOCK_OKTA_POST_LOGOUT_REDIRECT_URIS"),
            DEFAULT_POST_LOGOUT_REDIRECT_URIS,
        ),
    )
    values = dict(
        db_path=environ.get("MOCK_OKTA_DB") or DEFAULT_DB_PATH,
        api_token=environ.get("MOCK_OKTA_API_TOKEN") or DEFAULT_API_TOKEN,
        org_url=(environ.get("MOCK_OKTA_ORG_URL") or "").rstrip("/") or None,
        clients=[client],
        password_hash_iterations=_positive_int(
            environ.get("MOCK_OKTA_PASSWORD_HASH_ITERATIONS"),
            DEFAULT_PASSWORD_HASH_ITERATIONS,
            "MOCK_OKTA_PASSWORD_HASH_ITERATIONS",
        ),
        lockout_attempts=_positive_int(environ.get("MOCK_OKTA_LOCKOUT_ATTEMPTS"),
                                       DEFAULT_MAX_ATTEMPTS, "MOCK_OKTA_LOCKOUT_ATTEMPTS"),
        show_lockout_failures=_flag(environ.get("MOCK_OKTA_SHOW_LOCKOUT_FAILURES")),
        registration_verify_email=_flag(environ.get("MOCK_OKTA_REGISTRATION_VERIFY_EMAIL")),
        rate_limit=_positive_int(environ.get("MOCK_OKTA_RATE_LIMIT"), DEFAULT_RATE_LIMIT,
                                 "MOCK_OKTA_RATE_LIMIT"),
        controls=_switch(environ.get("MOCK_OKTA_CONTROLS"), True, "MOCK_OKTA_CONTROLS"),
    )
    values.update(overrides)  # None is a value here: demo_user=None turns it off
    config_path = values.get("config_path") or environ.get("MOCK_OKTA_CONFIG") or None
    if config_path and "auth_servers" not in overrides and "apps" not in overrides:
        values["config_path"] = config_path
        values["auth_servers"], values["apps"], values["seed"] = read_config_file(config_path)
    import_path = values.get("import_path") or environ.get("MOCK_OKTA_IMPORT") or None
    if import_path and values.get("imported") is None:
        servers, values["imported"] = read_state_file(import_path)
        values["import_path"] = import_path
        # The configuration file's servers win over the export's on the same id.
        configured = {server.id for server in values.get("auth_servers", ())}
        values["auth_servers"] = (*(s for s in servers if s.id not in configured),
                                  *values.get("auth_servers", ()))
    return Settings(**values)


def _uri_list(raw: str | None, default: tuple[str, ...]) -> list[str]:
    if raw is None or not raw.strip():
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


def _flag(raw: str | None) -> bool:
    return (raw or "").lower() in ("1", "true", "yes")


def _positive_int(raw: str | None, default: int, name: str) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def _switch(raw: str | None, default: bool, name: str) -> bool:
    """on/off, true/false, yes/no, 1/0 (any case); empty means the default."""
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be on or off, got {raw!r}")
