"""Authorization Servers API (read-only servers, key store): /api/v1/authorizationServers.

Keys follow Okta's key store: GET .../credentials/keys lists them with `status`
ACTIVE / NEXT / EXPIRED, POST .../credentials/lifecycle/keyRotate rotates them.
Both answer a JSON array, as Okta's management OpenAPI spec (and its SDKs) have it;
the retired reference page showed the array wrapped in `{"keys": [...]}`.
"""

from __future__ import annotations

from flask import jsonify

from mock_okta.api import bp, require_api_token
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.org.keys import SigningKey
from mock_okta.org.servers import AuthServer
from mock_okta.web.request_body import json_object

_GET = {"allow": ["GET"]}
_POST = {"allow": ["POST"]}


def _server(server_id: str) -> AuthServer:
    server = current_org().servers.get(server_id)  # custom servers only, as in Okta
    if server is None:
        raise ApiError.not_found(server_id, "AuthorizationServer")
    return server


def _href(server: AuthServer, suffix: str = "") -> str:
    return f"{current_org().url()}/api/v1/authorizationServers/{server.id}{suffix}"


def _key_json(server: AuthServer, key: SigningKey) -> dict:
    return {"status": key.status, **key.public_jwk(),
            "_links": {"self": {"href": _href(server, f"/credentials/keys/{key.kid}"),
                                "hints": _GET}}}


def _server_json(server: AuthServer) -> dict:
    org_url = current_org().url()
    issuer = server.issuer(org_url)
    active = server.keyring.signing_key()
    return {
        "id": server.id,
        "name": server.name,
        "description": server.name,
        "audiences": [server.audience_for(org_url)],
        "issuer": issuer,
        "issuerMode": "ORG_URL",
        "status": "ACTIVE",
        "credentials": {"signing": {"rotationMode": "MANUAL", "kid": active.kid, "use": "sig"}},
        "_links": {
            "self": {"href": _href(server), "hints": _GET},
            "metadata": [
                {"name": name, "href": f"{issuer}/.well-known/{name}", "hints": _GET}
                for name in ("oauth-authorization-server", "openid-configuration")],
            "rotateKey": {"href": _href(server, "/credentials/lifecycle/keyRotate"),
                          "hints": _POST},
        },
    }


@bp.get("/authorizationServers")
@require_api_token
def list_authorization_servers():
    return jsonify([_server_json(server) for server in current_org().servers.values()])


@bp.get("/authorizationServers/<server_id>")
@require_api_token
def get_authorization_server(server_id):
    return jsonify(_server_json(_server(server_id)))


@bp.get("/authorizationServers/<server_id>/credentials/keys")
@require_api_token
def list_authorization_server_keys(server_id):
    server = _server(server_id)
    return jsonify([_key_json(server, key) for key in server.keyring.keys()])


@bp.get("/authorizationServers/<server_id>/credentials/keys/<kid>")
@require_api_token
def get_authorization_server_key(server_id, kid):
    server = _server(server_id)
    for key in server.keyring.keys():
        if key.kid == kid:
            return jsonify(_key_json(server, key))
    raise ApiError.not_found(kid, "JsonWebKey")


@bp.post("/authorizationServers/<server_id>/credentials/lifecycle/keyRotate")
@require_api_token
def rotate_authorization_server_keys(server_id):
    server = _server(server_id)
    if json_object().get("use") != "sig":
        raise ApiError.validation("rotateKeys",
                                  ["Invalid value specified for key 'use' parameter."])
    keys = current_org().rotate_keys(server)
    return jsonify([_key_json(server, key) for key in keys])
