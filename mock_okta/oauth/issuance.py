"""Minting a token response: the access token (a self-contained JWT), the
opaque refresh token, the ID token, and the token-store rows behind them.

Every grant comes through `issue`, so all of them answer with the same Okta
shapes and lifetimes, and every token they hand out can later be revoked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import g, request

from mock_okta.clock import iso, now
from mock_okta.directory import system_log, tokens
from mock_okta.directory.apps import Client
from mock_okta.directory.event_types import oauth2_event
from mock_okta.directory.groups import groups_of
from mock_okta.directory.sessions import SignedIn
from mock_okta.oauth import claims
from mock_okta.oauth.forgery import forge
from mock_okta.org import current_org
from mock_okta.serving.request_log import note


@dataclass
class Grant:
    """What one token response is for."""

    client: Client
    scope: str                          # granted to this response (space-separated)
    user: SignedIn | None = None        # None: client_credentials
    refresh: bool = False               # hand out a refresh token too
    refresh_scope: str | None = None    # what that refresh token may ask for; default `scope`
    grant_id: str = field(default_factory=tokens.new_grant_id)
    code_hash: str | None = None        # the authorization code it came from
    nonce: str | None = None
    # The front channel (/authorize) asks for less, or more, than /token gives:
    access: bool = True                 # mint an access token (not for `id_token` alone)
    id_token: bool = True               # an ID token, when `openid` is granted to a user
    fat_id_token: bool = False          # every scope claim in it (`response_type=id_token`)
    code: str | None = None             # hybrid: the code issued beside it (`c_hash`)


JWT_KINDS = ("id_token", "access_token")   # kept in the request log for the console


def may_refresh(client: Client, scope: str) -> bool:
    """Okta issues a refresh token only for `offline_access` on an app allowed to refresh."""
    return "offline_access" in scope.split() and client.check_grant_type("refresh_token")


def client_token_claims(client_id: str, *, issuer: str, audience: str, scopes: list[str],
                        issued_at: int, lifetime: int) -> dict:
    """A client-credentials access token: no user, so `sub` is the client and no `uid`."""
    return {"ver": 1, "jti": claims.token_id("AT."), "iss": issuer, "aud": audience,
            "iat": issued_at, "exp": issued_at + lifetime, "cid": client_id,
            "scp": list(scopes), "sub": client_id}


def issue(grant: Grant) -> dict:
    org, authz = current_org(), g.authz
    org_url = org.url()
    issuer, audience = authz.issuer(org_url), authz.audience_for(org_url)
    issued_at = int(now())
    scopes = grant.scope.split()
    client_id = grant.client.client_id
    signed_in = grant.user
    common = dict(server_id=authz.id, client_id=client_id,
                  user_id=signed_in.user.id if signed_in else None, issued=issued_at,
                  grant_id=grant.grant_id, code_hash=grant.code_hash,
                  auth_time=signed_in.auth_time if signed_in else None,
                  amr=list(signed_in.amr) if signed_in else [])
    response: dict = {}
    granted: list[dict] = []          # System Log targets, one per token
    records: list[tokens.TokenRecord] = []
    access_token = None
    if grant.access:
        if signed_in is not None:
            access = claims.access_token_claims(
                signed_in.user, issuer=issuer, audience=audience, client_id=client_id,
                scopes=scopes, issued_at=issued_at, auth_time=signed_in.auth_time,
                lifetime=authz.access_token_lifetime)
        else:
            access = client_token_claims(client_id, issuer=issuer, audience=audience,
                                         scopes=scopes, issued_at=issued_at,
                                         lifetime=authz.access_token_lifetime)
        access_token = authz.keyring.sign(access)
        response = {"token_type": "Bearer", "expires_in": access["exp"] - issued_at,
                    "access_token": access_token, "scope": grant.scope}
        records.append(tokens.TokenRecord(key=access["jti"], kind=tokens.ACCESS,
                                          scope=grant.scope, expires=access["exp"], **common))
        granted.append(_token_target("access_token", access["jti"], access["exp"]))
    if grant.refresh and grant.access:
        refresh_token, key = tokens.new_refresh_token()
        records.append(tokens.TokenRecord(
            key=key, kind=tokens.REFRESH, scope=grant.refresh_scope or grant.scope,
            expires=issued_at + authz.refresh_token_lifetime, **common))
        response["refresh_token"] = refresh_token
        granted.append(_token_target("refresh_token", key,
                                     issued_at + authz.refresh_token_lifetime))
    if grant.id_token and signed_in is not None and "openid" in scopes:
        id_claims = claims.id_token_claims(
            signed_in.user, issuer=issuer, client_id=client_id, scopes=scopes,
            issued_at=issued_at, auth_time=signed_in.auth_time, amr=signed_in.amr,
            idp=org.org_id, nonce=grant.nonce, access_token=access_token, code=grant.code,
            fat=grant.fat_id_token,
            groups=groups_of(org.store, signed_in.user.id) if "groups" in scopes else None)
        response["id_token"] = authz.keyring.sign(id_claims)
        granted.append(_token_target("id_token", id_claims["jti"], id_claims["exp"]))
    with org.store.transaction():
        if records:
            tokens.record(org.store, records)
        _log_grants(org.org_server is authz, grant, granted)
    if signed_in is not None:
        note(request.environ, user_id=signed_in.user.id)  # for /_mock/requests
    forgery = org.forgeries.take_token(client_id, response) if org.forgeries.armed else None
    if forgery is not None:  # a test asked for a token this client must refuse
        response[forgery.token] = forge(response[forgery.token], forgery.kind,
                                        authz.keyring.signing_key(), claim=forgery.claim)
    note(request.environ, tokens={kind: response[kind] for kind in JWT_KINDS if kind in response})
    return response


def _token_target(kind: str, token_id: str, expires: int) -> dict:
    label = {"access_token": "Access Token", "id_token": "ID Token",
             "refresh_token": "Refresh Token"}[kind]
    target = system_log.ref(token_id, kind, label, alternate_id="unknown")
    target["detailEntry"] = {"expires": iso(expires)}
    return target


def _log_grants(org_server: bool, grant: Grant, granted: list[dict]) -> None:
    """`app.oauth2.token.grant.{access_token,id_token,refresh_token}` (custom servers:
    `app.oauth2.as.token.grant.*`), by the user, or by the client for client_credentials."""
    client = grant.client
    system_log.update_request(client_id=client.client_id)
    actor = (system_log.user_ref(grant.user.user) if grant.user is not None
             else system_log.client_actor(client.client_id, client.name))
    app = system_log.app_ref(client.client_id, client.name)
    for target in granted:
        system_log.record(current_org().store, oauth2_event(org_server, "token.grant." +
                                                            target["type"]),
                          actor=actor, targets=[target, app], credential_type="OAuth 2.0")


class IssuesOktaTokens:
    """Grant mixin: Authlib's `generate_token` answered by `issue`.

    Each grant says what its response is for in `describe_grant`.
    """

    def generate_token(self, user=None, scope=None, grant_type=None, expires_in=None,
                       include_refresh_token=True):
        return issue(self.describe_grant(user, scope or ""))

    def describe_grant(self, user, scope: str) -> Grant:
        raise NotImplementedError
