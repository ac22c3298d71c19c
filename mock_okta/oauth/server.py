"""Authlib's authorization server, set up as Okta's: every grant, client
authentication method and token endpoint registered in one place.

Authlib does the protocol work (request validation, client authentication,
PKCE, the grants); the modules beside this one supply Okta's rules:
`client_auth` (who the client is), `code_grant` (codes and PKCE),
`authorize_grant` (the code grant answering every response type at /authorize),
`grants` (refresh_token, client_credentials, password), `token_endpoints`
(introspect, revoke), `issuance` (what a token response holds), `errors` (the
words) and `response_modes` (how an /authorize answer reaches the client).
"""

from __future__ import annotations

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Request
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from flask import current_app, g, request

from mock_okta.directory.apps import find_client
from mock_okta.oauth import client_auth, response_modes
from mock_okta.oauth.authorize_grant import AuthorizeGrant
from mock_okta.oauth.code_grant import OktaOpenIDCode, OktaPKCE
from mock_okta.oauth.end_session import OktaEndSession
from mock_okta.oauth.errors import okta_worded, redirect_with_error, to_okta_error
from mock_okta.oauth.grants import ClientCredentialsGrant, PasswordGrant, RefreshGrant
from mock_okta.oauth.token_endpoints import OktaIntrospection, OktaRevocation
from mock_okta.org import current_org
from mock_okta.serving.request_log import note


class OktaAuthorizationServer(AuthorizationServer):
    def create_oauth2_request(self, request):
        # A parked /authorize request comes back as a prepared OAuth2Request.
        if isinstance(request, OAuth2Request):
            return request
        return super().create_oauth2_request(request)

    def authenticate_client(self, request, methods, endpoint="token"):
        return client_auth.authenticate(super().authenticate_client, request, methods, endpoint)

    def handle_error_response(self, request, error):
        if error.redirect_uri:
            mode = response_modes.FRAGMENT if error.redirect_fragment else response_modes.QUERY
            return redirect_with_error(error, error.redirect_uri, error.state, mode)
        client = getattr(request, "client", None)
        if error.error == "unauthorized_client" and client is not None:
            error = okta_worded(type(error)(
                "The client is not authorized to use the provided grant type. Configured grant "
                f"types: [{', '.join(client.grant_types)}]."))
        raise to_okta_error(error)


def parked_request(params: dict, uri: str) -> OAuth2Request:
    """Rebuild an /authorize request from the parameters kept while signing in."""
    request = OAuth2Request("GET", uri)
    request.payload = BasicOAuth2Payload(params)
    return request


def request_client(client_id: str | None):
    """The active client, looked up once per request: /authorize checks it before
    Authlib validates, and the token endpoint asks again while authenticating."""
    note(request.environ, client_id=client_id)  # for /_mock/requests
    cache = g.setdefault("clients", {})
    if client_id not in cache:
        cache[client_id] = find_client(current_org().store, client_id)
    return cache[client_id]


def create_server(app) -> OktaAuthorizationServer:
    server = OktaAuthorizationServer(
        query_client=request_client,
        # `issuance` records every token as it mints it.
        save_token=lambda token, request: None,
    )
    server.init_app(app)
    server.scopes_supported = None  # checked per authorization server, by the grants
    # The code grant, answering every response type at /authorize (front_channel).
    server.register_grant(AuthorizeGrant,
                          [OktaPKCE(required=True), OktaOpenIDCode(require_nonce=False)])
    server.register_grant(RefreshGrant)
    server.register_grant(ClientCredentialsGrant)
    server.register_grant(PasswordGrant)
    client_auth.register(server)
    server.register_endpoint(OktaIntrospection)
    server.register_endpoint(OktaRevocation)
    server.register_endpoint(OktaEndSession)
    app.extensions["mock_okta_oauth"] = server
    return server


def authorization_server() -> OktaAuthorizationServer:
    return current_app.extensions["mock_okta_oauth"]
