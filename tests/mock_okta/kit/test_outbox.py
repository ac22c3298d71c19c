"""The local outbox (/_mock/outbox): storage, pages, and the Users API mail that lands there."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from mock_okta.directory import outbox
from mock_okta.directory.lifecycle import token_user
from mock_okta.directory.status import set_status
from mock_okta.directory.users import get_user
from tests.mock_okta.support.pages import Page

OUTBOX, OUTBOX_JSON = "/_mock/outbox", "/_mock/outbox.json"


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


def mails(client, to=None):
    response = client.get(OUTBOX_JSON, query_string={"to": to} if to else None)
    assert response.status_code == 200
    return response.json


def staged_user(client, api_headers, email="new.hire@example.com", password=None):
    body = {"profile": {"firstName": "New", "lastName": "Hire", "email": email, "login": email}}
    if password:
        body["credentials"] = {"password": {"value": password}}
    response = client.post("/api/v1/users?activate=false", json=body, headers=api_headers)
    assert response.status_code == 200, response.json
    return response.json


# --- the module -------------------------------------------------------------------

def test_send_stores_and_list_is_newest_first(store):
    first = outbox.send(store, "a@example.com", "One", "body 1", "http://x/1")
    second = outbox.send(store, "b@example.com", "Two", "body 2")
    assert [m.id for m in outbox.list(store)] == [second.id, first.id]
    assert outbox.list(store)[1] == first
    assert second.link is None


def test_list_filters_by_address_in_any_case(store):
    outbox.send(store, "Ada@Example.com", "Hi", "b")
    outbox.send(store, "bob@example.com", "Hi", "b")
    assert [m.to for m in outbox.list(store, to="ada@EXAMPLE.com")] == ["Ada@Example.com"]
    assert outbox.list(store, to="nobody@example.com") == []


def test_clear_empties_it(store):
    outbox.send(store, "a@example.com", "One", "b")
    assert outbox.clear(store) == 1
    assert outbox.list(store) == []


def test_an_empty_org_has_an_empty_outbox(client):
    assert mails(client) == []


# --- /_mock/outbox ------------------------------------------------------------------

def test_json_shape(client, store):
    outbox.send(store, "a@example.com", "Subject", "Body text", "http://localhost/welcome/x")
    response = client.get(OUTBOX_JSON)
    assert response.headers["Cache-Control"] == "no-store"
    [message] = response.json
    assert set(message) == {"id", "to", "subject", "body", "link", "created"}
    assert message["to"] == "a@example.com" and message["link"].endswith("/welcome/x")
    assert message["created"].endswith("Z")


def test_json_to_filter(client, store):
    outbox.send(store, "a@example.com", "A", "b")
    outbox.send(store, "b@example.com", "B", "b")
    assert [m["subject"] for m in mails(client, "B@example.com")] == ["B"]
    assert len(mails(client)) == 2


def test_html_page_lists_messages_escaped(client, store):
    outbox.send(store, "a@example.com", "<b>Hi</b>", "<script>alert(1)</script>",
                "http://localhost/welcome/abc")
    outbox.send(store, "b@example.com", "Newer", "text")
    response = client.get(OUTBOX)
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = Page(response)
    messages = page.find_all("article", data_se="outbox-message")
    assert [m["_text"].split(" To ")[0] for m in messages] == ["Newer", "<b>Hi</b>"]
    assert page.find("script") is None and page.find("b") is None
    assert page.find("a", data_se="outbox-link")["href"] == "http://localhost/welcome/abc"


def test_html_page_when_empty(client):
    assert Page(client.get(OUTBOX)).find(id="outbox-empty") is not None


def test_delete_empties_the_outbox(client, store):
    outbox.send(store, "a@example.com", "A", "b")
    response = client.delete(OUTBOX)
    assert response.status_code == 204 and response.data == b""
    assert mails(client) == []


@pytest.mark.parametrize("method, path", [("post", OUTBOX), ("put", OUTBOX),
                                          ("delete", OUTBOX_JSON), ("post", OUTBOX_JSON)])
def test_wrong_method_is_a_readable_405(client, method, path):
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert response.mimetype == "text/html"


def test_unknown_mock_path_is_a_404_page(client):
    response = client.get("/_mock/nothing-here")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_outbox_is_outside_okta_paths(app):
    rules = [rule.rule for rule in app.url_map.iter_rules() if "outbox" in rule.rule]
    assert rules and all(rule.startswith("/_mock/") for rule in rules)


# --- Users API "sendEmail" ----------------------------------------------------------

def test_activate_sends_the_activation_link(client, api_headers, store):
    user = staged_user(client, api_headers)
    response = client.post(f"/api/v1/users/{user['id']}/lifecycle/activate", headers=api_headers)
    assert response.status_code == 200 and response.json == {}
    [mail] = mails(client)
    assert mail["to"] == "new.hire@example.com"
    assert mail["subject"] == outbox.ACTIVATION_SUBJECT
    parts = urlsplit(mail["link"])
    assert parts.scheme == "http" and parts.netloc == "localhost"
    token = parts.path.removeprefix("/welcome/")
    assert token_user(store, token, "activation").id == user["id"]
    assert mail["link"] in mail["body"] and "new.hire@example.com" in mail["body"]


@pytest.mark.parametrize("operation", ["activate", "reactivate"])
def test_send_email_false_sends_nothing(client, api_headers, store, operation):
    user = staged_user(client, api_headers)
    if operation == "reactivate":
        client.post(f"/api/v1/users/{user['id']}/lifecycle/activate?sendEmail=false",
                    headers=api_headers)
    response = client.post(f"/api/v1/users/{user['id']}/lifecycle/{operation}?sendEmail=false",
                           headers=api_headers)
    assert "activationUrl" in response.json
    assert mails(client) == []


def test_reactivate_mails_a_fresh_link(client, api_headers, store):
    user = staged_user(client, api_headers)
    client.post(f"/api/v1/users/{user['id']}/lifecycle/activate", headers=api_headers)
    client.post(f"/api/v1/users/{user['id']}/lifecycle/reactivate", headers=api_headers)
    newest, older = mails(client)
    assert newest["link"] != older["link"]
    assert token_user(store, urlsplit(older["link"]).path.split("/")[-1], "activation") is None


def test_failed_activation_sends_nothing(client, api_headers, make_user):
    user = make_user()
    response = client.post(f"/api/v1/users/{user['id']}/lifecycle/activate", headers=api_headers)
    assert response.status_code == 403
    assert mails(client) == []


def test_reset_password_mails_the_reset_link(client, api_headers, store, make_user):
    user = make_user()
    response = client.post(f"/api/v1/users/{user['id']}/lifecycle/reset_password",
                           headers=api_headers)
    assert response.json == {}
    [mail] = mails(client)
    assert mail["subject"] == outbox.RESET_SUBJECT
    assert mail["to"] == user["profile"]["email"]
    path = urlsplit(mail["link"]).path
    assert path.startswith("/reset_password/")
    assert token_user(store, path.split("/")[-1], "reset").id == user["id"]


def test_reset_password_send_email_false_sends_nothing(client, api_headers, make_user):
    user = make_user()
    client.post(f"/api/v1/users/{user['id']}/lifecycle/reset_password?sendEmail=false",
                headers=api_headers)
    assert mails(client) == []


def test_forgot_password_mails_the_signin_reset_link(client, api_headers, store):
    body = {"profile": {"firstName": "Q", "lastName": "A", "email": "qa@example.com",
                        "login": "qa@example.com"},
            "credentials": {"password": {"value": "Correct-Horse-42"},
                            "recovery_question": {"question": "Colour?", "answer": "Ultramarine"}}}
    user = client.post("/api/v1/users", json=body, headers=api_headers).json
    response = client.post(f"/api/v1/users/{user['id']}/credentials/forgot_password",
                           headers=api_headers)
    assert response.json == {}
    [mail] = mails(client)
    path = urlsplit(mail["link"]).path
    assert path.startswith("/signin/reset-password/")
    assert token_user(store, path.split("/")[-1], "reset").id == user["id"]
    client.post(f"/api/v1/users/{user['id']}/credentials/forgot_password?sendEmail=false",
                headers=api_headers)
    assert len(mails(client)) == 1


def test_mail_goes_to_the_primary_email(client, api_headers, store):
    user = staged_user(client, api_headers, email="login.name@example.com")
    record = get_user(store, user["id"])
    record.profile["email"] = "primary@example.org"
    store.run("UPDATE users SET profile = json_set(profile, '$.email', ?) WHERE id = ?",
              ("primary@example.org", user["id"]))
    set_status(store, record, "STAGED")
    client.post(f"/api/v1/users/{user['id']}/lifecycle/activate", headers=api_headers)
    assert mails(client)[0]["to"] == "primary@example.org"


def test_creating_a_user_without_password_mails_the_activation_link(client, api_headers):
    """Okta mails an activation link when a user is created active but without a password."""
    body = {"profile": {"firstName": "Pro", "lastName": "Visioned", "email": "pro@example.com",
                        "login": "pro@example.com"}}
    created = client.post("/api/v1/users?activate=true", json=body, headers=api_headers)
    assert created.status_code == 200 and created.json["status"] == "PROVISIONED"
    [mail] = client.get("/_mock/outbox.json?to=pro@example.com").json
    assert "/welcome/" in mail["link"]
    page = client.get(mail["link"].split("localhost", 1)[1])
    assert page.status_code == 200


def test_staged_users_get_no_mail(client, api_headers):
    body = {"profile": {"firstName": "St", "lastName": "Aged", "email": "staged@example.com",
                        "login": "staged@example.com"}}
    client.post("/api/v1/users?activate=false", json=body, headers=api_headers)
    assert client.get("/_mock/outbox.json?to=staged@example.com").json == []
