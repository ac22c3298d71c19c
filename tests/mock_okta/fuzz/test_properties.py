"""Hypothesis properties of the endpoints a browser or an OAuth client reaches without
the API token: authorize, token, introspect, revoke, userinfo, logout, /api/v1/authn
and the hosted forms (sign-in, sign-up, password recovery, new password). Arbitrary
field values, encodings, content types, missing and repeated fields, credentials of
every shape: never a 5xx or a traceback, always the endpoint's dialect."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.mock_okta.support.fuzz import (
    FUZZ_REQUESTS,
    PROPERTY_EXAMPLES,
    Tally,
    hypothesis_settings,
    problems,
)
from tests.mock_okta.support.fuzz_inputs import (
    CONTENT_TYPES,
    authorization,
    encoded,
    json_bodies,
    text,
    value,
)
from tests.mock_okta.support.pages import csrf_token

# In-process requests are cheap: more examples than schemathesis gets per operation.
SETTINGS = hypothesis_settings(PROPERTY_EXAMPLES)

SERVERS = st.sampled_from(["/oauth2/default", "/oauth2", "/oauth2/nope"])
AUTHORIZE_FIELDS = ["client_id", "response_type", "redirect_uri", "scope", "state", "nonce",
                    "response_mode", "code_challenge", "code_challenge_method", "prompt",
                    "max_age", "login_hint", "sessionToken", "idp", "display"]
TOKEN_FIELDS = ["grant_type", "code", "redirect_uri", "code_verifier", "refresh_token",
                "username", "password", "scope", "client_id", "client_secret",
                "client_assertion_type", "client_assertion", "token", "token_type_hint"]
LOGOUT_FIELDS = ["id_token_hint", "post_logout_redirect_uri", "state", "client_id"]
AUTHN_FIELDS = ["username", "password", "options", "stateToken", "oldPassword",
                "newPassword", "context", "relayState"]
FORM_FIELDS = ["csrf_token", "username", "password", "email", "firstName", "lastName",
               "stateToken", "oldPassword", "newPassword", "confirmPassword", "fromURI"]
PAGES = ["/login/login.htm", "/signin/register", "/signin/forgot-password",
         "/signin/password-expired", "/signin/reset-password/{token}",
         "/reset_password/{token}", "/welcome/{token}", "/login/signout"]


@pytest.fixture
def send(fuzz_app, record_property):
    """Sends one request through the org and checks its answer; counts them."""
    tally = Tally()
    client = fuzz_app.test_client()

    def send_(method, path, *, query="", body=b"", content_type=None, headers=None,
              template=None):
        response = client.open(path + (f"?{query}" if query else ""), method=method,
                               data=body, content_type=content_type, headers=headers or {})
        tally.count(response.status_code)
        found = problems(method, template or path, response.status_code, response.headers,
                         response.data)
        assert not found, f"{method} {path}?{query} {body[:200]!r}: {found}\n" \
                          f"{response.get_data(as_text=True)[:400]}"
        return response

    send_.client = client
    yield send_
    record_property(FUZZ_REQUESTS, tally.requests)


def headers_with(auth):
    return {"Authorization": auth} if auth is not None else {}


def test_authorize(send):
    @SETTINGS
    @given(server=SERVERS, method=st.sampled_from(["GET", "POST"]),
           fields=encoded(AUTHORIZE_FIELDS), query=encoded(AUTHORIZE_FIELDS),
           content_type=CONTENT_TYPES, cookie=st.booleans())
    def authorize(server, method, fields, query, content_type, cookie):
        if not cookie:
            send.client.delete_cookie("sid")
        if method == "GET":
            send("GET", f"{server}/v1/authorize", query=fields)
        else:
            send("POST", f"{server}/v1/authorize", query=query if cookie else "",
                 body=fields.encode(), content_type=content_type)
    authorize()


@pytest.mark.parametrize("endpoint", ["token", "introspect", "revoke"])
def test_token_endpoints(send, endpoint):
    @SETTINGS
    @given(server=SERVERS, fields=encoded(TOKEN_FIELDS), auth=authorization,
           content_type=CONTENT_TYPES, query=st.sampled_from(["", "grant_type=password"]))
    def token(server, fields, auth, content_type, query):
        send("POST", f"{server}/v1/{endpoint}", query=query, body=fields.encode(),
             content_type=content_type, headers=headers_with(auth))
    token()


def test_userinfo(send):
    @SETTINGS
    @given(server=SERVERS, method=st.sampled_from(["GET", "POST"]), auth=authorization,
           fields=encoded(["access_token"]), content_type=CONTENT_TYPES)
    def userinfo(server, method, auth, fields, content_type):
        send(method, f"{server}/v1/userinfo", body=fields.encode() if method == "POST" else b"",
             content_type=content_type if method == "POST" else None, headers=headers_with(auth))
    userinfo()


def test_logout(send):
    @SETTINGS
    @given(server=SERVERS, method=st.sampled_from(["GET", "POST"]),
           fields=encoded(LOGOUT_FIELDS), content_type=CONTENT_TYPES)
    def logout(server, method, fields, content_type):
        if method == "GET":
            send("GET", f"{server}/v1/logout", query=fields)
        else:
            send("POST", f"{server}/v1/logout", body=fields.encode(), content_type=content_type)
    logout()


@pytest.mark.parametrize("path", ["/api/v1/authn", "/api/v1/authn/credentials/change_password",
                                  "/api/v1/authn/cancel"])
def test_authn(send, path):
    @SETTINGS
    @given(body=json_bodies(AUTHN_FIELDS), content_type=CONTENT_TYPES, auth=authorization)
    def authn(body, content_type, auth):
        raw = body if isinstance(body, bytes) else body.encode()
        send("POST", path, body=raw, content_type=content_type, headers=headers_with(auth))
    authn()


@pytest.mark.parametrize("template", PAGES)
def test_hosted_forms(send, template):
    @SETTINGS
    @given(token=text, fields=encoded(FORM_FIELDS), from_uri=st.one_of(st.just(""), value),
           with_csrf=st.booleans(), content_type=CONTENT_TYPES)
    def form(token, fields, from_uri, with_csrf, content_type):
        path = template.replace("{token}", token.replace("/", "") or "x")
        query = f"fromURI={from_uri}" if from_uri else ""
        if with_csrf and template not in ("/signin/password-expired", "/login/signout"):
            page = send("GET", path, query=query, template=template)
            if page.status_code == 200 and "csrf_token" in page.get_data(as_text=True):
                fields = f"csrf_token={csrf_token(page)}&{fields}"
        send("POST", path, query=query, body=fields.encode(), content_type=content_type,
             template=template)
    form()
