"""The hosted pages: sign-in, sign-up, the landing page, activation and password reset."""

from flask import Blueprint

from mock_okta.errors import DomainError

bp = Blueprint("signin", __name__)

from mock_okta.signin import common, mfa, recovery, views  # noqa: E402,F401  (routes)

bp.register_error_handler(DomainError, common.page_error)
