"""The control API: steer the org from a test. `POST /_mock/reset` brings back
the seeded state (users, groups, apps, sessions, tokens, mail: everything made
since start-up is gone; the signing keys stay unless a test rotated them)."""

from __future__ import annotations

from mock_okta.kit import bp
from mock_okta.org import current_org


@bp.post("/reset")
def reset_org():
    current_org().reset()
    return "", 204
