"""/v1/introspect and /v1/revoke: Authlib's RFC 7662 and RFC 7009 endpoints
over the token store, answering as Okta does.

Introspection: 200 `{"active": false}` for anything bad, expired, revoked or
from another server. Revocation: 200 with an empty body for any token once
the client has authenticated; a client revokes only its own tokens, and
revoking a refresh token revokes the access tokens of its grant (not the
other way round).
"""

from __future__ import annotations

from dataclasses import dataclass

from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc7009 import RevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint
from flask import g

from mock_okta.clock import now
from mock_okta.directory import system_log, tokens
from mock_okta.directory.event_types import oauth2_event
from mock_okta.directory.users import User, get_user, may_sign_in
from mock_okta.oauth.access_tokens import verify_access_token
from mock_okta.oauth.client_auth import ALL_METHODS
from mock_okta.oauth.errors import okta_worded
from mock_okta.org import current_org

INTROSPECT_HINTS = ("access_token", "id_token", "refresh_token", "device_secret")
REVOKE_HINTS = ("access_token", "refresh_token", "device_secret")
NO_TOKEN = "The token parameter is required."
BAD_HINT = "The token_type_hint parameter is invalid."


@dataclass
class Presented:
    """A token someone sent us, once we know what it is."""

    kind: str                          # tokens.ACCESS | tokens.REFRESH
    client_id: str
    user: User | None
    claims: dict | None = None         # access tokens: the verified JWT claims
    record: tokens.TokenRecord | None = None   # refresh tokens: the stored row

    def check_client(self, client) -> bool:
        return client.client_id == self.client_id

    def is_expired(self) -> bool:
        return self.record is not None and self.record.expires <= now()

    def is_revoked(self) -> bool:
        if self.record is not None:  # a refresh token
            user_gone = not may_sign_in(self.user)
            return self.record.status != tokens.ACTIVE or user_gone
        if "uid" in self.claims and not may_sign_in(self.user):
            return True  # Okta revokes a deactivated or deleted user's tokens
        return tokens.access_token_revoked(current_org().store, self.claims.get("jti"))


def identify(token: str, hint: str | None) -> Presented | None:
    """The access or refresh token of this server that `token` is, if any."""
    finders = [_refresh_token, _access_token] if hint == "refresh_token" else [_access_token,
                                                                              _refresh_token]
    for find in finders:
        presented = find(token)
        if presented is not None:
            return presented
    return None


def _access_token(token: str) -> Presented | None:
    claims = verify_access_token(token)
    if claims is None:
        return None
    uid = claims.get("uid")
    user = get_user(current_org().store, uid) if isinstance(uid, str) else None
    return Presented(tokens.ACCESS, claims["cid"], user, claims=claims)


def _refresh_token(token: str) -> Presented | None:
    store = current_org().store
    record = tokens.find_refresh_token(store, token)
    if record is None or record.server_id != g.authz.id:
        return None
    user = get_user(store, record.user_id) if record.user_id else None
    return Presented(tokens.REFRESH, record.client_id, user, record=record)


def _check_params(request, hints) -> None:
    if not request.form.get("token"):
        raise okta_worded(InvalidRequestError(NO_TOKEN))
    hint = request.form.get("token_type_hint")
    if hint and hint not in hints:
        raise okta_worded(InvalidRequestError(BAD_HINT))


class OktaIntrospection(IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = ALL_METHODS

    def check_params(self, request, client):
        _check_params(request, INTROSPECT_HINTS)

    def query_token(self, token_string, token_type_hint):
        return identify(token_string, token_type_hint)

    def check_permission(self, token: Presented, client, request):
        # Resource servers introspect the access tokens of other apps; a refresh
        # token is its own app's business.
        return token.kind == tokens.ACCESS or token.check_client(client)

    def introspect_token(self, token: Presented) -> dict:
        user = token.user
        if token.claims is not None:
            claims = token.claims
            body = {"active": True, "token_type": "Bearer",
                    "scope": " ".join(claims.get("scp") or []), "client_id": claims["cid"]}
            if user is not None:
                body["username"] = user.login
            body.update({k: claims[k] for k in ("exp", "iat", "sub", "aud", "iss", "jti", "uid")
                         if k in claims})
            return body
        record = token.record
        org_url = current_org().url()
        return {"active": True, "token_type": "Bearer", "scope": record.scope,
                "client_id": record.client_id, "username": user.login,
                "exp": int(record.expires), "sub": user.login,
                "aud": g.authz.audience_for(org_url), "uid": user.id}


class OktaRevocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = ALL_METHODS

    def check_params(self, request, client):
        _check_params(request, REVOKE_HINTS)

    def authenticate_token(self, request, client):
        self.check_params(request, client)
        token = identify(request.form["token"], request.form.get("token_type_hint"))
        # Another client's token: nothing is revoked, and nothing is said.
        return token if token is not None and token.check_client(client) else None

    def query_token(self, token_string, token_type_hint):
        return identify(token_string, token_type_hint)

    def revoke_token(self, token: Presented, request):
        org = current_org()
        store = org.store
        with store.transaction():
            if token.claims is not None:
                tokens.revoke_access_token(store, token.claims, g.authz.id)
                target = system_log.ref(token.claims.get("jti") or "unknown", "access_token",
                                        "Access Token", alternate_id="unknown")
            elif token.record.status == tokens.ACTIVE:
                tokens.revoke_grant(store, token.record.grant_id)
                target = system_log.ref(token.record.key, "refresh_token", "Refresh Token",
                                        alternate_id="unknown")
            else:
                return  # already revoked: nothing happens, nothing is logged
            client = request.client
            system_log.update_request(client_id=client.client_id)
            system_log.record(store, oauth2_event(org.org_server is g.authz, "token.revoke"),
                              actor=system_log.client_actor(client.client_id, client.name),
                              targets=[target])

    def create_endpoint_response(self, request):
        status, _, _ = super().create_endpoint_response(request)
        return status, "", []  # Okta's success: no body (the view adds no-store)
