"""Users API: partial/full update, deactivate, two-step delete."""

import pytest

from tests.mock_okta.support import PASSWORD, session_token


def test_post_merges_profile_put_replaces_it(client, api_headers, make_user):
    user = make_user()
    uid = user["id"]
    merged = client.post(f"/api/v1/users/{uid}", headers=api_headers,
                         json={"profile": {"nickName": "Countess"}})
    assert merged.status_code == 200
    assert merged.json["profile"]["nickName"] == "Countess"
    assert merged.json["profile"]["firstName"] == "Ada"
    base = {k: user["profile"][k] for k in ("login", "email", "firstName", "lastName")}
    replaced = client.put(f"/api/v1/users/{uid}", headers=api_headers, json={"profile": base})
    assert replaced.status_code == 200
    assert "nickName" not in replaced.json["profile"]


@pytest.mark.parametrize("method, body, field", [
    ("post", {"profile": {"firstName": ""}}, "firstName"),
    ("post", {"profile": {"email": "not-an-email"}}, "email"),
    ("put", {"profile": {"firstName": "Only"}}, "login"),
    ("post", {"credentials": {"password": {"value": "weak"}}}, "password"),
])
def test_bad_updates_are_e0000001_and_change_nothing(client, api_headers, make_user, method,
                                                       body, field):
    user = make_user()
    response = getattr(client, method)(f"/api/v1/users/{user['id']}", headers=api_headers,
                                       json=body)
    assert response.status_code == 400
    assert response.json["errorSummary"] == f"Api validation failed: {field}"
    after = client.get(f"/api/v1/users/{user['id']}", headers=api_headers).json
    assert after["profile"] == user["profile"]


def test_changing_login_to_a_taken_one_is_refused(client, api_headers, make_user):
    first, second = make_user(), make_user()
    taken = first["profile"]["login"].upper()
    response = client.post(f"/api/v1/users/{second['id']}", headers=api_headers,
                           json={"profile": {"login": taken}})
    assert response.status_code == 400
    assert "already exists" in response.json["errorCauses"][0]["errorSummary"]


def test_admin_password_set_lets_the_user_sign_in_with_it(client, api_headers, make_user):
    user = make_user()
    client.post(f"/api/v1/users/{user['id']}", headers=api_headers,
                json={"credentials": {"password": {"value": "Brand-New-Pass-9"}}})
    assert session_token(client, user["profile"]["login"], "Brand-New-Pass-9")


def test_deactivate_then_delete_then_404(client, api_headers, make_user):
    user = make_user()
    path = f"/api/v1/users/{user['id']}"
    deactivated = client.post(path + "/lifecycle/deactivate", headers=api_headers)
    assert deactivated.status_code == 200 and deactivated.json == {}
    assert client.get(path, headers=api_headers).json["status"] == "DEPROVISIONED"
    again = client.post(path + "/lifecycle/deactivate", headers=api_headers)
    assert again.status_code == 403 and again.json["errorCode"] == "E0000038"
    assert client.delete(path, headers=api_headers).status_code == 204
    gone = client.get(path, headers=api_headers)
    assert gone.status_code == 404 and gone.json["errorCode"] == "E0000007"


def test_first_delete_only_deactivates(client, api_headers, make_user):
    user = make_user()
    path = f"/api/v1/users/{user['id']}"
    first = client.delete(path, headers=api_headers)
    assert first.status_code == 204 and first.get_data() == b""
    assert client.get(path, headers=api_headers).json["status"] == "DEPROVISIONED"


def test_deactivated_user_cannot_sign_in_and_loses_sessions(client, api_headers, make_user,
                                                             sign_in):
    from tests.mock_okta.support import authorize_params
    user = make_user()
    sign_in(user["profile"]["login"])
    client.post(f"/api/v1/users/{user['id']}/lifecycle/deactivate", headers=api_headers)
    response = client.post("/api/v1/authn", json={"username": user["profile"]["login"],
                                                  "password": PASSWORD})
    assert response.status_code == 401
    again = client.get("/oauth2/default/v1/authorize", query_string=authorize_params())
    assert again.headers["Location"].startswith("/login/login.htm")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_changes_to_unknown_users_are_404(client, api_headers, method):
    kwargs = {"json": {"profile": {}}} if method != "delete" else {}
    response = getattr(client, method)("/api/v1/users/00uNobody0000000000", headers=api_headers,
                                       **kwargs)
    assert response.status_code == 404 and response.json["errorCode"] == "E0000007"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_changes_need_the_api_token(client, make_user, method):
    user = make_user()
    response = getattr(client, method)(f"/api/v1/users/{user['id']}", json={"profile": {}})
    assert response.status_code == 403
