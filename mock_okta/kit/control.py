"""The control API: steer the org from a test.

* `POST /_mock/reset` brings back the seeded state: users, groups, apps,
  sessions, tokens, mail, faults and the request log made since are gone; the
  signing keys stay unless a test rotated them.
* `POST /_mock/seed` adds a seed document (groups, users, apps in Okta's shapes;
  see org/seed.py), and the org as it then is becomes the seeded state.
* `GET /_mock/export` is the org's lasting state as `mock-okta --import` reads it
  (org/state_export.py): users with password hashes, groups, apps with their
  secrets, servers with their private keys. A development org's, so it is the
  controls' to give.
"""

from __future__ import annotations

from flask import jsonify

from mock_okta.kit import bp
from mock_okta.org import current_org
from mock_okta.org.seed import apply_seed
from mock_okta.org.state_export import export_state
from mock_okta.web.caching import NO_CACHE_NO_STORE, no_store
from mock_okta.web.request_body import json_object


@bp.post("/reset")
def reset_org():
    current_org().reset()
    return "", 204


@bp.post("/seed")
def seed_org():
    org = current_org()
    created = apply_seed(org.store, json_object(),
                         hash_iterations=org.settings.password_hash_iterations)
    org.take_snapshot()
    return jsonify({"created": created})


@bp.get("/export")
def export_org():
    org = current_org()
    return no_store(jsonify(export_state(org, org.url())), NO_CACHE_NO_STORE)
