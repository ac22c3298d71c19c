"""POST /api/v1/users/{id}/credentials/forgot_password_recovery_question: Okta's current
path for "answer the recovery question, set a new password" (the Python SDK's
`forgot_password_set_new_password` calls it; the older body form of
`forgot_password` is tested in test_api_users_credentials.py)."""

from __future__ import annotations

import pytest

from mock_okta.directory import passwords
from mock_okta.directory.users import get_user
from tests.mock_okta.support import PASSWORD

NEW = "Fresh-Meadow-77"
QUESTION = {"question": "Favourite colour?", "answer": "Ultramarine"}
PATH = "/api/v1/users/{}/credentials/forgot_password_recovery_question"


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


@pytest.fixture
def user(client, api_headers):
    body = {"profile": {"firstName": "Fay", "lastName": "Forget", "email": "fay@example.com",
                        "login": "fay@example.com"},
            "credentials": {"password": {"value": PASSWORD}, "recovery_question": QUESTION}}
    response = client.post("/api/v1/users", json=body, headers=api_headers)
    assert response.status_code == 200, response.json
    return response.json


def test_the_answer_sets_a_new_password(client, api_headers, user, store):
    body = {"password": {"value": NEW}, "recovery_question": {"answer": "ultramarine"}}
    response = client.post(PATH.format(user["id"]), json=body, headers=api_headers)
    assert response.status_code == 200, response.json
    assert response.json["recovery_question"] == {"question": "Favourite colour?"}
    assert response.json["provider"] == {"type": "OKTA", "name": "OKTA"}
    assert "password" in response.json and response.json["password"] == {}
    assert passwords.verify_password(NEW, get_user(store, user["id"]).password_hash)
    signed_in = client.post("/api/v1/authn", json={"username": "fay@example.com",
                                                   "password": NEW})
    assert signed_in.json["status"] == "SUCCESS"


@pytest.mark.parametrize("body, status, code", [
    ({"password": {"value": NEW}, "recovery_question": {"answer": "Crimson"}}, 403, "E0000014"),
    ({"password": {"value": "weak"}, "recovery_question": {"answer": "Ultramarine"}}, 403,
     "E0000014"),
    ({"password": {"value": NEW}}, 400, "E0000001"),
    ({"recovery_question": {"answer": "Ultramarine"}}, 400, "E0000001"),
])
def test_wrong_answers_and_bad_bodies_change_nothing(client, api_headers, user, store, body,
                                                     status, code):
    before = get_user(store, user["id"]).password_hash
    response = client.post(PATH.format(user["id"]), json=body, headers=api_headers)
    assert response.status_code == status and response.json["errorCode"] == code
    assert get_user(store, user["id"]).password_hash == before


def test_without_a_recovery_question_it_is_not_allowed(client, api_headers, make_user):
    other = make_user()
    body = {"password": {"value": NEW}, "recovery_question": {"answer": "Ultramarine"}}
    response = client.post(PATH.format(other["id"]), json=body, headers=api_headers)
    assert response.status_code == 403 and response.json["errorCode"] == "E0000034"


def test_unknown_user_token_and_json(client, api_headers, user):
    body = {"password": {"value": NEW}, "recovery_question": {"answer": "Ultramarine"}}
    missing = client.post(PATH.format("00uNoSuchUser0000000"), json=body, headers=api_headers)
    assert missing.status_code == 404 and missing.json["errorCode"] == "E0000007"
    anonymous = client.post(PATH.format(user["id"]), json=body)
    assert anonymous.status_code == 403 and anonymous.json["errorCode"] == "E0000005"
    garbled = client.post(PATH.format(user["id"]), data="{bad", headers=api_headers,
                          content_type="application/json")
    assert garbled.status_code == 400 and garbled.json["errorCode"] == "E0000003"
