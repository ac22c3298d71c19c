"""/v1/token grant_type=client_credentials: custom scopes only, `sub` = client id."""

import pytest

from tests.mock_okta.support import CLIENT_ID, CLIENT_SECRET, ISSUER, basic_auth
from tests.mock_okta.support.token import (
    INTROSPECT,
    SERVICE_ID,
    SERVICE_SECRET,
    SPA_ID,
    TOKEN,
    USERINFO,
    basic,
    claims_of,
    register,
    register_standard_apps,
)


@pytest.fixture(autouse=True)
def apps(app):
    register_standard_apps(app)


def client_credentials(client, scope="orders.read", headers=None, **form):
    data = {"grant_type": "client_credentials", "scope": scope, **form}
    return client.post(TOKEN, data={k: v for k, v in data.items() if v is not None},
                       headers=basic(SERVICE_ID, SERVICE_SECRET) if headers is None else headers)


def test_access_token_for_the_client_itself(client):
    response = client_credentials(client, scope="orders.read orders.write")
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"token_type", "expires_in", "access_token", "scope"}
    assert body["scope"] == "orders.read orders.write" and body["expires_in"] == 3600
    claims = claims_of(body["access_token"])
    assert claims["sub"] == SERVICE_ID and claims["cid"] == SERVICE_ID
    assert "uid" not in claims and "auth_time" not in claims
    assert claims["scp"] == ["orders.read", "orders.write"]
    assert claims["aud"] == "api://default" and claims["iss"] == ISSUER
    assert claims["jti"].startswith("AT.") and claims["ver"] == 1


def test_client_secret_post_works_too(client):
    response = client_credentials(client, headers={}, client_id=SERVICE_ID,
                                  client_secret=SERVICE_SECRET)
    assert response.status_code == 200


def test_token_introspects_without_a_user(client):
    token = client_credentials(client).json["access_token"]
    body = client.post(INTROSPECT, data={"token": token},
                       headers=basic(SERVICE_ID, SERVICE_SECRET)).json
    assert body["active"] is True and body["sub"] == SERVICE_ID
    assert body["client_id"] == SERVICE_ID and body["scope"] == "orders.read"
    assert "uid" not in body and "username" not in body


def test_token_gets_insufficient_scope_from_userinfo(client):
    """Okta answers a token without OIDC scopes with 403 insufficient_scope (not 401)."""
    token = client_credentials(client).json["access_token"]
    response = client.get(USERINFO, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


NO_SCOPES = ("The authorization server resource does not have any configured default scopes, "
             "'scope' must be provided.")


@pytest.mark.parametrize("scope, description", [
    (None, NO_SCOPES),
    ("", NO_SCOPES),
    ("openid", "OpenID Connect"),
    ("orders.read openid", "OpenID Connect"),
    ("offline_access", "OpenID Connect"),
    ("profile", "OpenID Connect"),
    ("orders.delete", "One or more scopes are not configured"),
])
def test_scope_errors(client, scope, description):
    response = client_credentials(client, scope=scope)
    assert response.status_code == 400
    assert response.json["error"] == "invalid_scope"
    assert description in response.json["error_description"]


def test_app_without_the_grant_is_unauthorized_client(client):
    response = client_credentials(client, headers=basic_auth(CLIENT_ID, CLIENT_SECRET))
    assert response.status_code == 400
    assert response.json["error"] == "unauthorized_client"
    assert "Configured grant types: [authorization_code]" in response.json["error_description"]


def test_public_client_is_unauthorized(client, app):
    response = client_credentials(client, headers={}, client_id=SPA_ID)
    assert response.status_code == 400 and response.json["error"] == "unauthorized_client"
    # Even one misconfigured with the grant: public clients cannot hold it.
    register(app, "0oaPublicWithCc00001", grant_types=("client_credentials",),
             auth_method="none", application_type="native")
    response = client_credentials(client, headers={}, client_id="0oaPublicWithCc00001")
    assert response.status_code == 400 and response.json["error"] == "unauthorized_client"


@pytest.mark.parametrize("headers, form", [
    ({}, {}),
    (None, {"client_secret": "x"}),  # both header and body
    ({}, {"client_id": SERVICE_ID}),  # a confidential client without its secret
])
def test_client_must_authenticate(client, headers, form):
    response = client_credentials(client, headers=headers, **form)
    assert response.status_code in (400, 401)
    assert response.json["error"] in ("invalid_client", "invalid_request")


def test_custom_scopes_belong_to_their_server(client, app):
    # Another server's scope is unknown here.
    response = client_credentials(client, scope="orders.read")
    assert response.status_code == 200
    app.extensions["mock_okta"].servers["default"].scopes = ("openid", "profile")
    assert client_credentials(client, scope="orders.read").json["error"] == "invalid_scope"
