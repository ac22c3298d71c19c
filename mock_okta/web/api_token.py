"""The org's API token (`Authorization: SSWS {token}`), checked the one way
Okta checks it: for the Management API and for the kit's controls alike."""

from __future__ import annotations

import hmac

from flask import request

from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.log_context import acting


def presented_api_token() -> str:
    """The token after `SSWS`, or "" when there is none.

    Okta's Python SDK 3.x sends `SSWS{token}` with no space (it concatenates the
    mode and the token), and Okta accepts it, so the space is optional here too.
    """
    header = request.headers.get("Authorization", "")
    return header[len("SSWS"):].strip() if header.startswith("SSWS") else ""


def check_api_token() -> None:
    """None or another scheme: 403 E0000005; a wrong token: 401 E0000011."""
    token = presented_api_token()
    if not token:
        raise ApiError.invalid_session()
    org = current_org()
    if not hmac.compare_digest(token.encode(), org.settings.api_token.encode()):
        raise ApiError.invalid_token()
    acting(api_token_id=org.api_token_id)   # the System Log names the token that did it
