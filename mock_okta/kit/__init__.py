"""The kit's own controls, not Okta's, all under /_mock/: the local outbox, the
control API (reset, clock, faults, ...) and the dev console (kit/console/).
Answered to a caller on loopback, or to anyone with
the org's API token; `controls=False` (MOCK_OKTA_CONTROLS=off) turns them off."""

from flask import Blueprint, request

from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.api_token import check_api_token

bp = Blueprint("mock", __name__, url_prefix="/_mock")

_LOOPBACK = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


@bp.before_request
def only_for_the_developer():
    if not current_org().settings.controls:
        raise ApiError.path_not_found()
    if request.remote_addr not in _LOOPBACK:
        check_api_token()


from mock_okta.kit import (  # noqa: E402,F401  (routes)
    clock,
    console,
    control,
    faults,
    forgeries,
    hooks,
    openapi,
    outbox,
    requests,
)
