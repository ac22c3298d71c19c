"""Users API (`/api/v1/users`) and the /api/v1 conventions: auth, errors, headers."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.mock_okta.support import API_TOKEN, PASSWORD
from tests.mock_okta.support.api import assert_okta_error, count_users

USER_ID = re.compile(r"^00u[0-9A-Za-z]{17}$")
OKTA_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
POLICY_CAUSE = (
    "password: Password requirements were not met. Password requirements: at least 8 "
    "characters, a lowercase letter, an uppercase letter, a number, no parts of your username."
)


def new_user_body(login="ada@example.com", password=PASSWORD, **profile):
    body = {"profile": {"firstName": "Ada", "lastName": "Lovelace", "email": login,
                        "login": login, **profile}}
    if password is not None:
        body["credentials"] = {"password": {"value": password}}
    return body


@pytest.fixture
def post_user(client, api_headers):
    def post(body=None, query="", **kwargs):
        return client.post(f"/api/v1/users{query}", json=new_user_body() if body is None else body,
                           headers=api_headers, **kwargs)
    return post


# --- create ----------------------------------------------------------------

def test_create_answers_200_with_the_user(post_user):
    response = post_user()
    assert response.status_code == 200
    user = response.get_json()
    assert user["status"] == "ACTIVE"
    assert user["profile"]["login"] == "ada@example.com"
    assert user["profile"]["email"] == "ada@example.com"
    assert user["profile"]["firstName"] == "Ada"
    assert user["profile"]["lastName"] == "Lovelace"
    assert user["profile"]["mobilePhone"] is None
    assert user["profile"]["secondEmail"] is None
    assert user["lastLogin"] is None
    assert user["type"]["id"].startswith("oty")


def test_create_returns_json(post_user):
    assert post_user().mimetype == "application/json"


def test_password_is_never_returned(post_user):
    response = post_user()
    assert response.get_json()["credentials"] == {
        "password": {}, "provider": {"type": "OKTA", "name": "OKTA"}}
    text = response.get_data(as_text=True)
    assert PASSWORD not in text
    assert "pbkdf2" not in text


def test_password_is_not_returned_on_read_either(client, api_headers, post_user):
    user_id = post_user().get_json()["id"]
    response = client.get(f"/api/v1/users/{user_id}", headers=api_headers)
    assert response.get_json()["credentials"]["password"] == {}
    assert PASSWORD not in response.get_data(as_text=True)
    assert "pbkdf2" not in response.get_data(as_text=True)


def test_user_without_password_has_no_password_credential(post_user):
    user = post_user(new_user_body(password=None)).get_json()
    assert user["status"] == "PROVISIONED"
    assert "password" not in user["credentials"]


@pytest.mark.parametrize(
    "query, password, status",
    [("", PASSWORD, "ACTIVE"), ("?activate=true", PASSWORD, "ACTIVE"),
     ("?activate=false", PASSWORD, "STAGED"), ("?activate=false", None, "STAGED"),
     ("?activate=true", None, "PROVISIONED"), ("?activate=FALSE", PASSWORD, "STAGED")],
    ids=["default", "true", "false", "false-no-password", "no-password", "upper-case-false"],
)
def test_create_status_by_activate(post_user, query, password, status):
    response = post_user(new_user_body(password=password), query=query)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == status


def test_staged_user_is_not_activated(post_user):
    user = post_user(query="?activate=false").get_json()
    assert user["activated"] is None
    assert user["passwordChanged"] is not None
    assert "activate" in user["_links"]


@pytest.mark.parametrize("value", ["yes", "1", "", "maybe"])
def test_bad_activate_value(app, post_user, value):
    response = post_user(query=f"?activate={value}")
    body = assert_okta_error(response, 400, "E0000001", "Api validation failed: activate")
    assert body["errorCauses"]
    assert count_users(app) == 1  # only the demo user


def test_duplicate_login(post_user):
    assert post_user(new_user_body("ada@example.com")).status_code == 200
    response = post_user(new_user_body("ADA@example.com"))
    body = assert_okta_error(response, 400, "E0000001", "Api validation failed: login")
    assert body["errorCauses"] == [
        {"errorSummary": "login: An object with this field already exists in the current organization"}]


def test_duplicate_of_the_seeded_demo_user(post_user):
    response = post_user(new_user_body("Demo.User@Example.com"))
    assert_okta_error(response, 400, "E0000001", "Api validation failed: login")


@pytest.mark.parametrize("password", ["short1A", "alllowercase1", "Lovelace-Ada-1", "ADA-123-XYZ"])
def test_weak_password(app, post_user, password):
    response = post_user(new_user_body("ada.lovelace@example.com", password=password))
    body = assert_okta_error(response, 400, "E0000001", "Api validation failed: password")
    assert body["errorCauses"] == [{"errorSummary": POLICY_CAUSE}]
    assert count_users(app) == 1


@pytest.mark.parametrize(
    "body, summary",
    [
        ({"credentials": {"password": {"value": PASSWORD}}}, "Api validation failed: profile"),
        ({"profile": "ada@example.com"}, "Api validation failed: profile"),
        ({"profile": {}}, "Api validation failed: login"),
        (new_user_body(login="ada"), "Api validation failed: login"),
        (new_user_body(email="nope"), "Api validation failed: email"),
        ({**new_user_body(), "credentials": {"password": {"value": 12345678}}},
         "Api validation failed: password"),
        ({**new_user_body(), "credentials": {"password": "Correct-Horse-42"}},
         "Api validation failed: password"),
        ({**new_user_body(), "credentials": "Correct-Horse-42"},
         "Api validation failed: credentials"),
    ],
    ids=["no-profile", "profile-not-object", "empty-profile", "login-not-email", "bad-email",
         "password-not-string", "password-not-object", "credentials-not-object"],
)
def test_invalid_create_bodies(app, post_user, body, summary):
    response = post_user(body)
    result = assert_okta_error(response, 400, "E0000001", summary)
    assert result["errorCauses"], result
    assert count_users(app) == 1


def test_empty_profile_lists_every_blank_field(post_user):
    body = assert_okta_error(post_user({"profile": {}}), 400, "E0000001")
    assert [cause["errorSummary"] for cause in body["errorCauses"]] == [
        "login: The field cannot be left blank",
        "email: The field cannot be left blank",
        "firstName: The field cannot be left blank",
        "lastName: The field cannot be left blank",
    ]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": "{not json", "content_type": "application/json"},
        {"data": "login=ada@example.com", "content_type": "application/x-www-form-urlencoded"},
        {"data": "", "content_type": "application/json"},
        {"json": [new_user_body()]},
        {"json": "ada@example.com"},
        {"json": None},
    ],
    ids=["broken-json", "form-encoded", "empty", "json-list", "json-string", "json-null"],
)
def test_body_that_is_not_a_json_object(app, client, api_headers, kwargs):
    response = client.post("/api/v1/users", headers=api_headers, **kwargs)
    assert_okta_error(response, 400, "E0000003", "The request body was not well-formed.")
    assert count_users(app) == 1


def test_password_that_cannot_be_encoded_is_a_client_error(app, post_user):
    """A lone surrogate escape is valid JSON text; it must not become a 500."""
    response = post_user(new_user_body(password="\ud800Correct-Horse-42"))
    assert response.status_code == 400, response.get_json()
    assert response.get_json()["errorCode"] in ("E0000001", "E0000003")
    assert count_users(app) == 1


def test_ids_and_dates_look_like_oktas(post_user):
    user = post_user().get_json()
    assert USER_ID.match(user["id"])
    for name in ("created", "activated", "statusChanged", "lastUpdated", "passwordChanged"):
        assert OKTA_DATE.match(user[name]), (name, user[name])


def test_ids_are_unique(post_user):
    first = post_user(new_user_body("one@example.com")).get_json()["id"]
    second = post_user(new_user_body("two@example.com")).get_json()["id"]
    assert first != second


def test_self_link_is_absolute(post_user):
    user = post_user().get_json()
    assert user["_links"]["self"]["href"] == f"http://localhost/api/v1/users/{user['id']}"


def test_self_link_follows_the_host(client, api_headers):
    response = client.post("/api/v1/users", json=new_user_body(), headers=api_headers,
                           base_url="http://org.test:8080")
    user = response.get_json()
    assert user["_links"]["self"]["href"] == f"http://org.test:8080/api/v1/users/{user['id']}"


# --- read ------------------------------------------------------------------

@pytest.fixture
def ada(post_user):
    return post_user().get_json()


@pytest.mark.parametrize(
    "key",
    [lambda u: u["id"], lambda u: u["profile"]["login"], lambda u: u["profile"]["login"].upper(),
     lambda u: quote(u["profile"]["login"], safe="")],
    ids=["id", "login", "login-upper-case", "login-percent-encoded"],
)
def test_get_user(client, api_headers, ada, key):
    response = client.get(f"/api/v1/users/{key(ada)}", headers=api_headers)
    assert response.status_code == 200
    assert response.get_json() == ada


@pytest.mark.parametrize("key", ["nobody@example.com", "00u0000000000000000", "nobody"])
def test_get_unknown_user(client, api_headers, key):
    response = client.get(f"/api/v1/users/{key}", headers=api_headers)
    assert_okta_error(response, 404, "E0000007", f"Not found: Resource not found: {key} (User)")


def test_get_unknown_user_names_the_decoded_login(client, api_headers):
    response = client.get("/api/v1/users/nobody%40example.com", headers=api_headers)
    assert_okta_error(response, 404, "E0000007",
                      "Not found: Resource not found: nobody@example.com (User)")


# --- authentication of management calls ------------------------------------

BAD_AUTH = [
    (None, 403, "E0000005", "Invalid session"),
    (f"Bearer {API_TOKEN}", 403, "E0000005", "Invalid session"),
    (f"Basic {API_TOKEN}", 403, "E0000005", "Invalid session"),
    ("SSWS", 403, "E0000005", "Invalid session"),
    ("SSWS   ", 403, "E0000005", "Invalid session"),
    ("SSWS wrong-token", 401, "E0000011", "Invalid token provided"),
    (f"SSWS {API_TOKEN}x", 401, "E0000011", "Invalid token provided"),
]
BAD_AUTH_IDS = ["none", "bearer", "basic", "ssws-no-token", "ssws-blank", "ssws-wrong",
                "ssws-longer"]


@pytest.mark.parametrize("authorization, status, code, summary", BAD_AUTH, ids=BAD_AUTH_IDS)
def test_create_needs_the_api_token(app, client, authorization, status, code, summary):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post("/api/v1/users", json=new_user_body(), headers=headers)
    assert_okta_error(response, status, code, summary)
    assert count_users(app) == 1


@pytest.mark.parametrize("authorization, status, code, summary", BAD_AUTH, ids=BAD_AUTH_IDS)
def test_read_needs_the_api_token(client, authorization, status, code, summary):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/api/v1/users/demo.user@example.com", headers=headers)
    assert_okta_error(response, status, code, summary)
    assert "demo.user" not in response.get_data(as_text=True)


def test_auth_is_checked_before_the_body(client):
    response = client.post("/api/v1/users", data="{not json", content_type="application/json")
    assert_okta_error(response, 403, "E0000005")


# --- error body, routing and headers ---------------------------------------

@pytest.fixture(params=["validation", "malformed", "not-found", "no-session", "bad-token",
                        "no-path", "bad-method", "authn-failed"])
def error_response(request, client, api_headers):
    kind = request.param
    if kind == "validation":
        return client.post("/api/v1/users", json={"profile": {}}, headers=api_headers)
    if kind == "malformed":
        return client.post("/api/v1/users", data="[", content_type="application/json",
                           headers=api_headers)
    if kind == "not-found":
        return client.get("/api/v1/users/nobody@example.com", headers=api_headers)
    if kind == "no-session":
        return client.get("/api/v1/users/nobody@example.com")
    if kind == "bad-token":
        return client.get("/api/v1/users/nobody@example.com", headers={"Authorization": "SSWS x"})
    if kind == "no-path":
        return client.get("/api/v1/nothing-here", headers=api_headers)
    if kind == "bad-method":
        return client.delete("/api/v1/authn")
    return client.post("/api/v1/authn", json={"username": "nobody@example.com",
                                              "password": PASSWORD})


def test_error_body_shape(error_response):
    body = error_response.get_json()
    assert error_response.mimetype == "application/json"
    assert set(body) == {"errorCode", "errorSummary", "errorLink", "errorId", "errorCauses"}
    assert re.fullmatch(r"E\d{7}", body["errorCode"])
    assert body["errorLink"] == body["errorCode"]
    assert isinstance(body["errorSummary"], str) and body["errorSummary"]
    assert body["errorId"].startswith("oae") and len(body["errorId"]) > 10
    assert isinstance(body["errorCauses"], list)
    for cause in body["errorCauses"]:
        assert set(cause) == {"errorSummary"} and isinstance(cause["errorSummary"], str)


def test_error_ids_are_unique(client, api_headers):
    ids = {client.get("/api/v1/users/nobody@example.com", headers=api_headers).get_json()["errorId"]
           for _ in range(3)}
    assert len(ids) == 3


@pytest.mark.parametrize(
    "method, path",
    [("GET", "/api/v1/nothing-here"), ("GET", "/api/v1/groupz/00g1"), ("POST", "/api/v1/userz"),
     ("GET", "/api/v1")],
)
def test_unknown_path(client, api_headers, method, path):
    response = client.open(path, method=method, headers=api_headers)
    assert_okta_error(response, 404, "E0000008", "The requested path was not found")


@pytest.mark.parametrize(
    "method, path",
    [("DELETE", "/api/v1/authn"), ("GET", "/api/v1/authn"), ("PUT", "/api/v1/authn"),
     ("DELETE", "/api/v1/users")],
)
def test_wrong_method(client, api_headers, method, path):
    response = client.open(path, method=method, headers=api_headers)
    assert_okta_error(response, 405, "E0000022",
                      "The endpoint does not support the provided HTTP method")


@pytest.fixture(params=["create", "read", "authn", "error-in-view", "unknown-path",
                        "wrong-method"])
def api_response(request, client, api_headers):
    kind = request.param
    if kind == "create":
        return client.post("/api/v1/users", json=new_user_body(), headers=api_headers)
    if kind == "read":
        return client.get("/api/v1/users/demo.user@example.com", headers=api_headers)
    if kind == "authn":
        return client.post("/api/v1/authn", json={"username": "demo.user@example.com",
                                                  "password": "Sunny-Meadow-42"})
    if kind == "error-in-view":
        return client.get("/api/v1/users/nobody@example.com")
    if kind == "unknown-path":
        return client.get("/api/v1/nothing-here", headers=api_headers)
    return client.delete("/api/v1/authn")


def test_request_id_header(api_response):
    assert api_response.headers.get("X-Okta-Request-Id")


def test_request_ids_differ(client, api_headers):
    ids = {client.get("/api/v1/users/demo.user@example.com", headers=api_headers)
           .headers["X-Okta-Request-Id"] for _ in range(3)}
    assert len(ids) == 3


def test_no_cache_headers(api_response):
    assert api_response.headers.get("Cache-Control") == "no-cache, no-store"
    assert api_response.headers.get("Pragma") == "no-cache"
