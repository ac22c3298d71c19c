"""Settings for the org: dataclasses (settings), the environment (environment)
and the configuration file (file). Imports go one way: settings <- file <- environment."""

from mock_okta.config.environment import from_env
from mock_okta.config.settings import (
    DEFAULT_ACCESS_TOKEN_LIFETIME,
    DEFAULT_API_TOKEN,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_DB_PATH,
    DEFAULT_PASSWORD_HASH_ITERATIONS,
    DEFAULT_POST_LOGOUT_REDIRECT_URIS,
    DEFAULT_REDIRECT_URIS,
    DEFAULT_REFRESH_TOKEN_LIFETIME,
    ID_TOKEN_LIFETIME,
    AuthServerSettings,
    ClientSettings,
    DemoUser,
    Settings,
)

__all__ = ["AuthServerSettings", "ClientSettings", "DEFAULT_ACCESS_TOKEN_LIFETIME",
           "DEFAULT_API_TOKEN", "DEFAULT_CLIENT_ID", "DEFAULT_CLIENT_SECRET", "DEFAULT_DB_PATH",
           "DEFAULT_PASSWORD_HASH_ITERATIONS", "DEFAULT_POST_LOGOUT_REDIRECT_URIS",
           "DEFAULT_REDIRECT_URIS", "DEFAULT_REFRESH_TOKEN_LIFETIME", "DemoUser",
           "ID_TOKEN_LIFETIME", "Settings", "from_env"]
