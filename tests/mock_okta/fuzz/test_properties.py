"""Hypothesis properties of the endpoints a browser or an OAuth client reaches without
the API token: authorize, token, introspect, revoke, userinfo, logout, /api/v1/authn
and the hosted forms (sign-in, sign-up, password recovery, new password). Arbitrary
field values, encodings, content types, missing and repeated fields, credentials of
every shape: never a 5xx or a traceback, always the endpoint's dialect."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.mock_okta.support import API_TOKEN, PASSWORD, REDIRECT_URI, Pkce
from tests.mock_okta.support.fuzz import (
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
from tests.mock_okta.support.token import (
    CUSTOM_SCOPES,
    SERVICE_ID,
    SERVICE_SECRET,
    TOKEN,
    USERINFO,
    WEB_ID,
    WEB_SECRET,
    authorization_code,
    basic,
    code_flow,
    register_standard_apps,
)

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
GRANT_LOGIN = "grant.fuzz@example.com"
PAGES = ["/login/login.htm", "/signin/register", "/signin/forgot-password",
         "/signin/password-expired", "/signin/reset-password/{token}",
         "/reset_password/{token}", "/welcome/{token}", "/login/signout"]


@pytest.fixture
def send(fuzz_app, record_property):
    """Sends one request through the org and checks its answer; counts them."""
    tally = Tally()
    client = fuzz_app.test_client()

    def send_(method, path, *, query="", body=b"", content_type=None, headers=None,
              template=None, data_form=None):
        if data_form is not None:
            body, content_type = urlencode(data_form).encode(), "application/x-www-form-urlencoded"
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
    tally.record(record_property)


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


# --- valid requests with one thing changed: deeper than random fields reach ----------

GRANT_FIELDS = ["grant_type", "code", "redirect_uri", "code_verifier", "refresh_token",
                "username", "password", "scope", "client_id", "Authorization"]
change = st.tuples(st.sampled_from(GRANT_FIELDS),
                   st.sampled_from(["drop", "replace", "repeat", "keep"]), value)


@pytest.fixture(scope="module")
def grant_apps(fuzz_app):
    """The web app that may refresh and use the password grant, a service app, a user."""
    register_standard_apps(fuzz_app)
    response = fuzz_app.test_client().post(
        "/api/v1/users?activate=true", headers={"Authorization": f"SSWS {API_TOKEN}"},
        json={"profile": {"login": GRANT_LOGIN, "email": GRANT_LOGIN, "firstName": "F",
                          "lastName": "Z"}, "credentials": {"password": {"value": PASSWORD}}})
    assert response.status_code == 200, response.json


def valid_grant(client, grant: str) -> tuple[list[tuple[str, str]], dict]:
    """A token request that would succeed, as form pairs and headers."""
    auth = basic(WEB_ID, WEB_SECRET)
    if grant == "client_credentials":
        return [("grant_type", grant), ("scope", CUSTOM_SCOPES[0])], basic(SERVICE_ID, SERVICE_SECRET)
    if grant == "password":
        return [("grant_type", grant), ("username", GRANT_LOGIN), ("password", PASSWORD),
                ("scope", "openid offline_access")], auth
    if grant == "refresh_token":
        _, tokens = code_flow(client, {"profile": {"login": GRANT_LOGIN}})
        return [("grant_type", grant), ("refresh_token", tokens["refresh_token"])], auth
    pkce = Pkce.new()
    code = authorization_code(client, GRANT_LOGIN, client_id=WEB_ID, scope="openid profile",
                              pkce=pkce)
    return [("grant_type", grant), ("code", code), ("redirect_uri", REDIRECT_URI),
            ("code_verifier", pkce.verifier)], auth


def changed(form, headers, field, how, new):
    if field == "Authorization":
        new = "".join(c for c in new if c not in "\r\n" and ord(c) < 256)  # what HTTP can carry
        headers = {} if how == "drop" else {"Authorization": new} if how == "replace" else headers
        return form, headers
    kept = [(name, val) for name, val in form if name != field or how not in ("drop", "replace")]
    if how == "replace":
        kept.append((field, new))
    if how == "repeat":
        kept.append((field, new))
    return kept, headers


def test_token_grants_with_one_field_changed(send, grant_apps):
    @SETTINGS
    @given(grant=st.sampled_from(["authorization_code", "refresh_token", "password",
                                  "client_credentials"]), change=change,
           then=st.sampled_from(["introspect", "revoke", "userinfo"]))
    def grant_(grant, change, then):
        form, headers = changed(*valid_grant(send.client, grant), *change)
        response = send("POST", TOKEN, body=urlencode(form).encode(), headers=headers,
                        content_type="application/x-www-form-urlencoded")
        if response.status_code != 200:
            return
        access = response.json["access_token"]
        if then == "userinfo":
            send("GET", USERINFO, headers={"Authorization": f"Bearer {access}"})
        else:
            send("POST", f"/oauth2/default/v1/{then}", data_form={"token": access},
                 headers=basic(WEB_ID, WEB_SECRET))
    grant_()
