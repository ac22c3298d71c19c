"""The hosted pages: sign-in, sign-up, the landing page, activation and password reset."""

from flask import Blueprint

bp = Blueprint("signin", __name__)

from mock_okta.signin import recovery, views  # noqa: E402,F401  (routes)
