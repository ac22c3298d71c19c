"""Settings for the mock org, from the environment, the CLI or a test."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

# Development defaults. They are public on purpose: this org holds test
# accounts only, and the site's defaults (app/config.py) match them.
DEFAULT_API_TOKEN = "00MockOktaDevelopmentApiToken"
DEFAULT_CLIENT_ID = "0oaMockFlaskSite0001"
DEFAULT_CLIENT_SECRET = "mock-okta-dev-secret-do-not-use-in-production"
DEFAULT_REDIRECT_URIS = (
    "http://127.0.0.1:5000/authorization-code/callback",
    "http://localhost:5000/authorization-code/callback",
)
DEFAULT_POST_LOGOUT_REDIRECT_URIS = ("http://127.0.0.1:5000/", "http://localhost:5000/")
DEFAULT_DB_PATH = str(Path(".mock-okta") / "okta.sqlite3")
# PBKDF2-SHA256 rounds. Deliberately cheap so a test login costs well under a
# millisecond of hashing; this org must never hold real accounts.
DEFAULT_PASSWORD_HASH_ITERATIONS = 1_000


@dataclass(frozen=True)
class ClientSettings:
    """One OIDC web app registered at start-up."""

    client_id: str = DEFAULT_CLIENT_ID
    client_secret: str = DEFAULT_CLIENT_SECRET
    redirect_uris: list[str] = field(default_factory=lambda: list(DEFAULT_REDIRECT_URIS))
    post_logout_redirect_uris: list[str] = field(
        default_factory=lambda: list(DEFAULT_POST_LOGOUT_REDIRECT_URIS)
    )
    name: str = "Flask site"


@dataclass(frozen=True)
class DemoUser:
    login: str = "demo.user@example.com"
    password: str = "Sunny-Meadow-42"
    first_name: str = "Demo"
    last_name: str = "User"


@dataclass(frozen=True)
class AuthServerSettings:
    """A custom authorization server from the configuration file."""

    id: str
    audience: str
    name: str = ""
    scopes: tuple[str, ...] = ()            # custom scopes, beside the OIDC ones
    published_scopes: tuple[str, ...] = ()  # those listed in discovery (metadataPublish)
    access_token_lifetime: int = 3600       # seconds
    refresh_token_lifetime: int = 90 * 24 * 3600


@dataclass(frozen=True)
class Settings:
    db_path: str = DEFAULT_DB_PATH
    api_token: str = DEFAULT_API_TOKEN
    # Public base URL of the org. None: taken from each request's Host, which
    # is right for loopback use on any port.
    org_url: str | None = None
    clients: list[ClientSettings] = field(default_factory=lambda: [ClientSettings()])
    demo_user: DemoUser | None = field(default_factory=DemoUser)
    password_hash_iterations: int = DEFAULT_PASSWORD_HASH_ITERATIONS
    # Okta's default password policy: lock out after 10 failures, and answer a
    # locked-out user like a wrong password unless lockouts are shown.
    lockout_attempts: int = 10
    show_lockout_failures: bool = False
    # From the configuration file (--config / MOCK_OKTA_CONFIG; see config_file.py).
    config_path: str | None = None
    auth_servers: tuple[AuthServerSettings, ...] = ()
    apps: tuple = ()                        # apps.AppSpec, seeded at start
    # Okta SSR "email verification required": sign-up leaves the user PROVISIONED
    # until the activation link in the local outbox (/_mock/outbox) is opened.
    registration_verify_email: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ, **overrides) -> "Settings":
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
            lockout_attempts=_positive_int(environ.get("MOCK_OKTA_LOCKOUT_ATTEMPTS"), 10,
                                           "MOCK_OKTA_LOCKOUT_ATTEMPTS"),
            show_lockout_failures=(environ.get("MOCK_OKTA_SHOW_LOCKOUT_FAILURES") or "")
            .lower() in ("1", "true", "yes"),
            registration_verify_email=(environ.get("MOCK_OKTA_REGISTRATION_VERIFY_EMAIL")
                                       or "").lower() in ("1", "true", "yes"),
        )
        values.update(overrides)  # None is a value here: demo_user=None turns it off
        config_path = values.get("config_path") or environ.get("MOCK_OKTA_CONFIG") or None
        if config_path and "auth_servers" not in overrides and "apps" not in overrides:
            from .config_file import load_config_file
            values["config_path"] = config_path
            values["auth_servers"], values["apps"] = load_config_file(config_path)
        return cls(**values)


def _uri_list(raw: str | None, default: tuple[str, ...]) -> list[str]:
    if raw is None or not raw.strip():
        return list(default)
    return [part.strip() for part in raw.split(",") if part.strip()]


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
