"""The kit's own controls, not Okta's, all under /_mock/ (today: the local outbox)."""

from flask import Blueprint

bp = Blueprint("mock", __name__, url_prefix="/_mock")

from mock_okta.kit import outbox  # noqa: E402,F401  (routes)
