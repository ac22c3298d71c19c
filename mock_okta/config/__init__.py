"""Settings for the org: dataclasses (settings), the environment (environment)
and the configuration file (file). Imports go one way: settings <- file <- environment."""

from mock_okta.config.environment import from_env
from mock_okta.config.settings import (
    DEFAULT_API_TOKEN,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_DB_PATH,
    DEFAULT_PASSWORD_HASH_ITERATIONS,
    DEFAULT_POST_LOGOUT_REDIRECT_URIS,
    DEFAULT_REDIRECT_URIS,
    AuthServerSettings,
    ClientSettings,
    DemoUser,
    Settings,
)

__all__ = ["AuthServerSettings", "ClientSettings", "DEFAULT_API_TOKEN", "DEFAULT_CLIENT_ID",
           "DEFAULT_CLIENT_SECRET", "DEFAULT_DB_PATH", "DEFAULT_PASSWORD_HASH_ITERATIONS",
           "DEFAULT_POST_LOGOUT_REDIRECT_URIS", "DEFAULT_REDIRECT_URIS",
           "DemoUser", "Settings", "from_env"]
