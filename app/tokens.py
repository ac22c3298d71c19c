"""The grant behind a signed-in visitor: what the site keeps of the org's token response,
when it expires, renewing it with a refresh token, and asking the org whether it still
stands (RFC 7662 introspection, Okta's /v1/introspect).

The session cookie keeps only what that needs (it must stay under 4 KB): the expiry, and the
refresh token when the org gave one (`offline_access` in OKTA_SCOPES), else the access token.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.oidc.core import CodeIDToken
from flask import current_app
from joserfc.errors import JoseError

from .extensions import client_session, oauth

SESSION_KEY = "grant"
# OAuth error codes that say "try again later" (RFC 6749 5.2), not "this grant is over".
RETRY_LATER = ("temporarily_unavailable", "server_error")


class GrantEnded(Exception):
    """The org no longer honours the grant: revoked, expired, or its user is gone."""


class OrgUnavailable(Exception):
    """The org could not answer, so nothing is known about the grant either way."""


def id_token_checks() -> dict:
    """Pin `iss` and `aud` (OIDC Core 3.1.3.7), and require `sub`.

    Authlib's default checks `iss` but not `aud`: it would accept a token minted for another
    client as long as its `azp` named us. Signature, exp, iat and nonce are checked by Authlib.
    """
    config = current_app.config
    return {
        "iss": {"essential": True, "values": [config["OKTA_ISSUER"]]},
        "aud": {"essential": True, "values": [config["OKTA_CLIENT_ID"]]},
        "sub": {"essential": True},
    }


def id_token_claims(site_now: int, access_token: Callable[[], str | None]) -> type[CodeIDToken]:
    """Authlib's ID token checks, with exp/iat/nbf judged on the site's clock.

    Given a claims class, Authlib no longer binds `at_hash` to the access token, so the class
    puts that binding back. `access_token` is a function because at the callback the token
    arrives inside Authlib's authorize_access_token(), after this class is chosen.
    """

    class SiteIDToken(CodeIDToken):
        def __init__(self, payload, header, options=None, params=None):
            super().__init__(payload, header, options,
                             {**(params or {}), "access_token": access_token()})

        def validate(self, now=None, leeway=0):
            super().validate(now=site_now if now is None else now, leeway=leeway)

    return SiteIDToken


def grant_from(token: dict, id_expires: int | None, now: int) -> dict:
    """What the session keeps of a token response (its ID token already verified): the
    grant ends when the first of the access token and the ID token expires."""
    ends = [int(id_expires)] if isinstance(id_expires, int) else []
    expires_in = token.get("expires_in")
    if isinstance(expires_in, int) and not isinstance(expires_in, bool) and expires_in > 0:
        ends.append(now + expires_in)
    expires_at = min(ends) if ends else now  # nothing said how long: treat as spent
    refresh_token = token.get("refresh_token")
    if isinstance(refresh_token, str) and refresh_token:
        return {"expires_at": expires_at, "refresh_token": refresh_token}
    return {"expires_at": expires_at, "access_token": str(token.get("access_token") or "")}


def is_grant(value) -> bool:
    if not isinstance(value, dict) or not isinstance(value.get("expires_at"), int):
        return False
    token = value.get("refresh_token", value.get("access_token"))
    return isinstance(token, str) and bool(token)


def has_expired(grant: dict, now: int) -> bool:
    return now >= grant["expires_at"]


def renew(grant: dict, *, user_id: str, now: int) -> tuple[dict, str | None]:
    """Trade the refresh token for new tokens: (the new grant, the new ID token or None).

    Raises GrantEnded when the org refuses (or answers for someone else), OrgUnavailable when
    it cannot answer.
    """
    if "refresh_token" not in grant:
        raise GrantEnded("no refresh token to renew with")
    with _asking_the_org("renewing the session"), client_session() as client:
        metadata = oauth.okta.load_server_metadata()
        try:
            token = client.refresh_token(metadata["token_endpoint"],
                                         refresh_token=grant["refresh_token"])
        except AuthlibBaseError as exc:
            if exc.error in RETRY_LATER:
                raise OrgUnavailable(f"token endpoint answered {exc.error}") from exc
            raise GrantEnded(f"token endpoint answered {exc.error}") from exc
        id_expires = None
        if token.get("id_token"):
            # OIDC Core 12.2: a refreshed ID token is checked like the first, for the same sub.
            try:
                claims = oauth.okta.parse_id_token(
                    token, nonce=None, claims_options=id_token_checks(),
                    claims_cls=id_token_claims(now, lambda: token.get("access_token")))
            except (AuthlibBaseError, JoseError) as exc:
                raise GrantEnded(f"refreshed ID token refused: {exc!r}") from exc
            if claims.get("sub") != user_id:
                raise GrantEnded(f"refreshed ID token is for {claims.get('sub')!r}")
            id_expires = claims.get("exp")
    # Okta may rotate the refresh token; Authlib leaves the old one in place when it does not.
    return grant_from(dict(token), id_expires, now), token.get("id_token")


def still_active(grant: dict) -> bool:
    """Ask the org whether the grant's token is still active (revoked or user gone: not)."""
    if "refresh_token" in grant:
        token, hint = grant["refresh_token"], "refresh_token"
    else:
        token, hint = grant["access_token"], "access_token"
    with _asking_the_org("checking the session"), client_session() as client:
        url = oauth.okta.load_server_metadata().get("introspection_endpoint")
        if not url:
            raise OrgUnavailable("the issuer publishes no introspection_endpoint")
        response = client.introspect_token(url, token=token, token_type_hint=hint)
        response.raise_for_status()
        body = response.json()
    if not isinstance(body, dict) or not isinstance(body.get("active"), bool):
        raise OrgUnavailable("introspection answered without an `active` flag")
    return body["active"]


@contextmanager
def _asking_the_org(doing: str):
    try:
        yield
    except (requests.RequestException, ValueError, TypeError, KeyError, RuntimeError) as exc:
        # Refused, timed out, 5xx, not JSON, or discovery without the endpoint.
        raise OrgUnavailable(f"while {doing}: {exc!r}") from exc
