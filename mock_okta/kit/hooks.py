"""The kit's own record of event-hook deliveries (not Okta's): what was sent to
which hook, how many attempts it took and how it ended.

`GET /_mock/hooks/deliveries[?hookId=who…]`: a JSON array, oldest first, of
`{hookId, eventType, uuid, status, attempts, eventId, lastResult, finished}`.
"""

from __future__ import annotations

from flask import jsonify, request

from mock_okta.directory import hook_deliveries
from mock_okta.kit import bp
from mock_okta.org import current_org


@bp.get("/hooks/deliveries")
def hook_delivery_record():
    return jsonify(hook_deliveries.deliveries(current_org().store,
                                              request.args.get("hookId") or None))
