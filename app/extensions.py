"""The OAuth client registry, created unbound and bound to each app in the factory.

Authlib's Flask `OAuth` object remembers one app and caches one client per name for the life
of the process, so a second `create_app()` (every test does one, each with its own issuer)
would silently keep talking to the first app's issuer. `oauth` here keeps the usual shape
(`oauth.init_app(app)`, `oauth.okta.authorize_redirect(...)`) but gives every app its own
Authlib registry and resolves `oauth.okta` through `current_app`.
"""

from __future__ import annotations

from authlib.integrations.flask_client import OAuth
from authlib.integrations.requests_client import OAuth2Session
from flask import Flask, current_app

_EXTENSION_KEY = "app.oauth"
# How the site proves itself at the token, introspection and revocation endpoints.
TOKEN_ENDPOINT_AUTH_METHOD = "client_secret_basic"


class PerAppOAuth:
    def init_app(self, app: Flask) -> None:
        registry = OAuth(app)
        config = app.config
        # Discovery is lazy: Authlib fetches server_metadata_url on first use, not here, so
        # the site starts (and serves its pages) even while the IdP is down.
        registry.register(
            "okta",
            client_id=config["OKTA_CLIENT_ID"],
            client_secret=config["OKTA_CLIENT_SECRET"],
            server_metadata_url=config["OKTA_SERVER_METADATA_URL"],
            client_kwargs={
                "scope": config["OKTA_SCOPES"],
                "code_challenge_method": "S256",
                "token_endpoint_auth_method": TOKEN_ENDPOINT_AUTH_METHOD,
                # Authlib sets no timeout of its own; a hung IdP must not hang the site.
                "default_timeout": config["OKTA_HTTP_TIMEOUT"],
            },
        )
        app.extensions[_EXTENSION_KEY] = registry

    def __getattr__(self, name: str):
        registry = current_app.extensions.get(_EXTENSION_KEY)
        if registry is None:
            raise RuntimeError("oauth.init_app(app) has not been called for this app")
        return getattr(registry, name)


oauth = PerAppOAuth()


def client_session() -> OAuth2Session:
    """A plain OAuth 2.0 client with the site's credentials, for the calls Authlib's Flask
    client has no public method for (refresh, introspection). Use it in a `with` block."""
    config = current_app.config
    return OAuth2Session(config["OKTA_CLIENT_ID"], config["OKTA_CLIENT_SECRET"],
                         token_endpoint_auth_method=TOKEN_ENDPOINT_AUTH_METHOD,
                         default_timeout=config["OKTA_HTTP_TIMEOUT"])
