"""Helpers for the token-side tests: apps with other grant types and auth
methods, custom scopes, a code flow for any app, and the password grant."""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt
from authlib.oidc.core.util import create_half_hash

from mock_okta.clock import now
from mock_okta.directory.apps import Client
from tests.mock_okta.support import (
    PASSWORD,
    REDIRECT_URI,
    Pkce,
    authorize_params,
    redirect_params,
    session_token,
)

TOKEN = "/oauth2/default/v1/token"
INTROSPECT = "/oauth2/default/v1/introspect"
REVOKE = "/oauth2/default/v1/revoke"
USERINFO = "/oauth2/default/v1/userinfo"
TOKEN_URL = "http://localhost/oauth2/default/v1/token"

WEB_ID, WEB_SECRET = "0oaWebRefresh0000001", "web-refresh-secret-0123456789abcdef"
SERVICE_ID, SERVICE_SECRET = "0oaServiceApp0000001", "service-secret-0123456789abcdefghij"
SPA_ID = "0oaBrowserSpa0000001"
CUSTOM_SCOPES = ("orders.read", "orders.write")


def basic(client_id: str, secret: str) -> dict:
    raw = f"{client_id}:{secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def register(app, client_id: str, *, secret: str | None = None,
             grant_types=("authorization_code",), auth_method="client_secret_basic",
             application_type="web", jwks=None, status="ACTIVE") -> Client:
    client = Client(client_id=client_id, client_secret=secret, name=client_id,
                    redirect_uris=[REDIRECT_URI], grant_types=list(grant_types),
                    token_endpoint_auth_method=auth_method, application_type=application_type,
                    jwks=jwks)
    stamp = now()
    app.extensions["mock_okta"].store.run(
        "INSERT INTO clients (client_id, client_secret, name, status, metadata, created,"
        " last_updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (client_id, secret, client_id, status, json.dumps(client.metadata()), stamp, stamp))
    return client


def add_custom_scopes(app, *scopes: str, server: str = "default") -> None:
    authz = app.extensions["mock_okta"].servers[server]
    authz.scopes = tuple(authz.scopes) + tuple(scopes)


def register_standard_apps(app) -> None:
    """A web app that may refresh, a service app, and a public SPA."""
    register(app, WEB_ID, secret=WEB_SECRET,
             grant_types=("authorization_code", "refresh_token", "password"))
    register(app, SERVICE_ID, secret=SERVICE_SECRET, grant_types=("client_credentials",),
             application_type="service")
    register(app, SPA_ID, grant_types=("authorization_code", "refresh_token"),
             auth_method="none", application_type="browser")
    add_custom_scopes(app, *CUSTOM_SCOPES)


def authorization_code(client, login: str, *, client_id: str, scope: str,
                       pkce: Pkce | None = None) -> str:
    token = session_token(client, login, PASSWORD)
    params = authorize_params(pkce or Pkce.new(), client_id=client_id, scope=scope,
                              sessionToken=token)
    response = client.get("/oauth2/default/v1/authorize", query_string=params)
    assert response.status_code == 302, response.data
    return redirect_params(response)["code"]


def code_flow(client, user: dict, *, client_id: str = WEB_ID, secret: str | None = WEB_SECRET,
              scope: str = "openid profile email offline_access"):
    """Sign in and redeem the code; returns (code, token response)."""
    pkce = Pkce.new()
    code = authorization_code(client, user["profile"]["login"], client_id=client_id,
                              scope=scope, pkce=pkce)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
            "code_verifier": pkce.verifier}
    headers = basic(client_id, secret) if secret else {}
    if not secret:
        form["client_id"] = client_id
    response = client.post(TOKEN, data=form, headers=headers)
    assert response.status_code == 200, response.json
    return code, response.json


def password_grant(client, username, password=PASSWORD, scope="openid profile offline_access",
                   headers=None, **form):
    data = {"grant_type": "password", "username": username, "password": password,
            "scope": scope, **form}
    return client.post(TOKEN, data={k: v for k, v in data.items() if v is not None},
                       headers=basic(WEB_ID, WEB_SECRET) if headers is None else headers)


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def assertion(client_id: str, key, *, algorithm: str, aud: str = TOKEN_URL, lifetime=300,
              jti: str | None = "fresh", headers=None, **extra) -> str:
    """An RFC 7523 client assertion (`jti="fresh"` makes a new unique one)."""
    issued = int(time.time())
    claims = {"iss": client_id, "sub": client_id, "aud": aud, "iat": issued,
              "exp": issued + lifetime, **extra}
    if jti is not None:
        claims["jti"] = uuid.uuid4().hex if jti == "fresh" else jti
    return jwt.encode(claims, key, algorithm=algorithm, headers=headers)


ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def half_hash(token: str) -> str:
    """at_hash / c_hash of an RS256 ID token (OIDC Core 3.1.3.6), by Authlib's helper."""
    return create_half_hash(token, "RS256").decode()
