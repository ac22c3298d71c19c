"""Helpers for the factor tests: TOTP codes on the org's clock, codes from the outbox."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pyotp


def org_time(client) -> float:
    return time.time() + client.get("/_mock/clock").json["offsetSeconds"]


def totp_code(client, secret: str, steps: int = 0) -> str:
    """The code an authenticator app shows now on the org's clock (`steps` later)."""
    return pyotp.TOTP(secret).at(org_time(client) + 30 * steps)


def sent_code(client, to: str) -> str:
    """The code in the newest message (mail or text) to `to` in the outbox."""
    message = client.get("/_mock/outbox.json", query_string={"to": to}).json[0]
    return re.search(r"\b(\d{6})\b", message["body"]).group(1)


def path_of(href: str) -> str:
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def enroll(client, headers, user_id, factor_type, provider="OKTA", **body):
    return client.post(f"/api/v1/users/{user_id}/factors", headers=headers,
                       json={"factorType": factor_type, "provider": provider, **body})


def active_totp(client, headers, user_id, provider="GOOGLE") -> tuple[dict, str, str]:
    """An ACTIVE TOTP factor, its secret, and the (now spent) code that activated it."""
    factor = enroll(client, headers, user_id, "token:software:totp", provider).json
    secret = factor["_embedded"]["activation"]["sharedSecret"]
    code = totp_code(client, secret)
    response = client.post(path_of(factor["_links"]["activate"]["href"]), headers=headers,
                           json={"passCode": code})
    assert response.status_code == 200, response.json
    return response.json, secret, code
