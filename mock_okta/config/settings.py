"""Settings for the mock org: the dataclasses and their development defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mock_okta.directory.signon import DEFAULT_MAX_ATTEMPTS

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
# Okta's token lifetimes, in seconds: the ID token's is fixed; access and refresh
# are every authorization server's defaults (the configuration file may change them).
ID_TOKEN_LIFETIME = 3600
DEFAULT_ACCESS_TOKEN_LIFETIME = 3600
DEFAULT_REFRESH_TOKEN_LIFETIME = 90 * 24 * 3600
# Requests per minute per /api/v1 route before 429 E0000047: generous, so tests never meet it.
DEFAULT_RATE_LIMIT = 10_000


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
    access_token_lifetime: int = DEFAULT_ACCESS_TOKEN_LIFETIME
    refresh_token_lifetime: int = DEFAULT_REFRESH_TOKEN_LIFETIME


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
    lockout_attempts: int = DEFAULT_MAX_ATTEMPTS
    show_lockout_failures: bool = False
    # From the configuration file (--config / MOCK_OKTA_CONFIG; see config_file.py).
    config_path: str | None = None
    auth_servers: tuple[AuthServerSettings, ...] = ()
    apps: tuple = ()                        # apps.AppSpec, seeded at start
    seed: dict | None = None                # the file's groups and users, seeded at start
    # An export file to start from (--import / MOCK_OKTA_IMPORT; org/state_import.py).
    import_path: str | None = None
    imported: dict | None = None            # its document, written into the new org
    # Okta SSR "email verification required": sign-up leaves the user PROVISIONED
    # until the activation link in the local outbox (/_mock/outbox) is opened.
    registration_verify_email: bool = False
    # The kit's control API under /_mock/ (reset, ...): answered on loopback or
    # with the API token; False (MOCK_OKTA_CONTROLS=off, --no-controls) turns it off.
    controls: bool = True
    rate_limit: int = DEFAULT_RATE_LIMIT      # MOCK_OKTA_RATE_LIMIT
    # Processes serving this org (mock-okta --workers N): with more than one, the
    # request log is kept in the store and each request catches up with the others.
    workers: int = 1
    # Served by forked worker processes (`mock-okta` over HTTP): the master starts no
    # thread of its own, each worker starts its own after fork (Org.after_fork).
    forked: bool = False
