"""What a new (or restarted) org holds before anyone calls it: the site's app
from MOCK_OKTA_CLIENT_*, the apps of the configuration file, and the demo user."""

from __future__ import annotations

import logging

from mock_okta.config import ClientSettings, Settings
from mock_okta.directory.apps import Client, save_client, seed_app
from mock_okta.directory.users import ValidationFailed, create_user, get_user
from mock_okta.storage import Store

log = logging.getLogger("mock_okta")


def register_from_settings(store: Store, settings: ClientSettings) -> Client:
    """Create or refresh the app configured at start-up (the site's client)."""
    return save_client(store, Client(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        name=settings.name,
        redirect_uris=list(settings.redirect_uris),
        post_logout_redirect_uris=list(settings.post_logout_redirect_uris),
    ))


def seed(store: Store, settings: Settings) -> None:
    for client in settings.clients:
        register_from_settings(store, client)
    for spec in settings.apps:  # from the configuration file; these win on a clash
        seed_app(store, spec)
    demo = settings.demo_user
    if demo and get_user(store, demo.login) is None:
        profile = {"login": demo.login, "email": demo.login,
                   "firstName": demo.first_name, "lastName": demo.last_name}
        try:
            create_user(store, profile, password=demo.password, activate=True,
                        hash_iterations=settings.password_hash_iterations)
        except ValidationFailed as error:
            log.warning("demo user not created: %s", "; ".join(error.causes))
