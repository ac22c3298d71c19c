"""State in a SQLite file survives a restart of the org."""

from __future__ import annotations

import dataclasses
import logging
from contextlib import contextmanager

import jwt
import pytest

from mock_okta import create_app
from mock_okta.directory.users import login_key
from tests.mock_okta.support import (
    PASSWORD,
    REDIRECT_URI,
    Pkce,
    authorize_params,
    basic_auth,
    redirect_params,
    session_token,
)

DEMO_LOGIN = "demo.user@example.com"


@pytest.fixture
def file_settings(settings, tmp_path):
    return dataclasses.replace(settings, db_path=str(tmp_path / "state" / "org.sqlite3"))


@contextmanager
def running(settings):
    """One 'run' of the org on the settings' database file."""
    app = create_app(settings)
    app.config["TESTING"] = True
    try:
        yield app
    finally:
        app.extensions["mock_okta"].store.close()


def new_user(client, api_headers, login="ada@example.com"):
    body = {"profile": {"login": login, "email": login, "firstName": "Ada", "lastName": "Lovelace"},
            "credentials": {"password": {"value": PASSWORD}}}
    response = client.post("/api/v1/users", json=body, headers=api_headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def code_flow(client, login):
    """sessionToken → code → tokens; returns the token response."""
    pkce = Pkce.new()
    token = session_token(client, login)
    response = client.get("/oauth2/default/v1/authorize",
                          query_string=authorize_params(pkce, sessionToken=token))
    code = redirect_params(response)["code"]
    response = client.post("/oauth2/default/v1/token", headers=basic_auth(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
        "code_verifier": pkce.verifier})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_database_file_and_folder_are_created(file_settings, tmp_path):
    with running(file_settings):
        pass
    assert (tmp_path / "state" / "org.sqlite3").is_file()


def test_user_survives_a_restart(file_settings, api_headers):
    with running(file_settings) as app:
        created = new_user(app.test_client(), api_headers)
    with running(file_settings) as app:
        client = app.test_client()
        response = client.get(f"/api/v1/users/{created['id']}", headers=api_headers)
        assert response.status_code == 200
        assert response.get_json() == created
        authn = client.post("/api/v1/authn",
                            json={"username": "ada@example.com", "password": PASSWORD})
        assert authn.status_code == 200
        assert authn.get_json()["_embedded"]["user"]["id"] == created["id"]


def test_login_is_still_taken_after_a_restart(file_settings, api_headers):
    with running(file_settings) as app:
        new_user(app.test_client(), api_headers)
    with running(file_settings) as app:
        body = {"profile": {"login": "ADA@example.com", "email": "ada@example.com",
                            "firstName": "Ada", "lastName": "Again"}}
        response = app.test_client().post("/api/v1/users", json=body, headers=api_headers)
        assert response.status_code == 400
        assert response.get_json()["errorSummary"] == "Api validation failed: login"


def test_signing_keys_survive_a_restart(file_settings):
    with running(file_settings) as app:
        first = app.test_client().get("/oauth2/default/v1/keys").get_json()
    with running(file_settings) as app:
        second = app.test_client().get("/oauth2/default/v1/keys").get_json()
    assert [key["kid"] for key in first["keys"]] == [key["kid"] for key in second["keys"]]
    assert first == second
    assert len(first["keys"]) == 1


def test_separate_files_have_separate_keys(settings, tmp_path):
    kids = []
    for name in ("one.sqlite3", "two.sqlite3"):
        with running(dataclasses.replace(settings, db_path=str(tmp_path / name))) as app:
            kids.append(app.test_client().get("/oauth2/default/v1/keys").get_json()["keys"][0]["kid"])
    assert kids[0] != kids[1]


def test_tokens_from_before_a_restart_still_verify(file_settings, api_headers):
    with running(file_settings) as app:
        client = app.test_client()
        new_user(client, api_headers)
        tokens = code_flow(client, "ada@example.com")
    with running(file_settings) as app:
        response = app.test_client().get(
            "/oauth2/default/v1/userinfo",
            headers={"Authorization": f"Bearer {tokens['access_token']}"})
        assert response.status_code == 200
        assert response.get_json()["preferred_username"] == "ada@example.com"


def test_org_idp_id_is_stable(file_settings, api_headers):
    with running(file_settings) as app:
        org_id = app.extensions["mock_okta"].org_id
        user_type_id = app.extensions["mock_okta"].user_type_id
        new_user(app.test_client(), api_headers)
    assert org_id.startswith("00o") and len(org_id) == 20
    with running(file_settings) as app:
        assert app.extensions["mock_okta"].org_id == org_id
        assert app.extensions["mock_okta"].user_type_id == user_type_id
        id_token = code_flow(app.test_client(), "ada@example.com")["id_token"]
    assert jwt.decode(id_token, options={"verify_signature": False})["idp"] == org_id


def test_demo_user_is_not_duplicated_on_restart(file_settings, api_headers, caplog):
    with running(file_settings) as app:
        first = app.test_client().get(f"/api/v1/users/{DEMO_LOGIN}", headers=api_headers).get_json()
    caplog.set_level(logging.WARNING, logger="mock_okta")
    for _ in range(2):
        with running(file_settings) as app:
            store = app.extensions["mock_okta"].store
            rows = store.all("SELECT id FROM users WHERE login_key = ?", (login_key(DEMO_LOGIN),))
            assert [row["id"] for row in rows] == [first["id"]]
            assert store.one("SELECT COUNT(*) AS n FROM users")["n"] == 1
            again = app.test_client().get(f"/api/v1/users/{DEMO_LOGIN}", headers=api_headers)
            assert again.get_json()["created"] == first["created"]
    assert "demo user not created" not in caplog.text


def test_seeding_leaves_an_existing_demo_user_alone(file_settings, api_headers):
    """Seeding does not touch an existing demo user (e.g. its lastLogin)."""
    with running(file_settings) as app:
        client = app.test_client()
        client.post("/api/v1/authn", json={"username": DEMO_LOGIN, "password": "Sunny-Meadow-42"})
        before = client.get(f"/api/v1/users/{DEMO_LOGIN}", headers=api_headers).get_json()
    assert before["lastLogin"] is not None
    with running(file_settings) as app:
        after = app.test_client().get(f"/api/v1/users/{DEMO_LOGIN}", headers=api_headers).get_json()
    assert after == before


def test_org_session_survives_a_restart(file_settings, api_headers):
    with running(file_settings) as app:
        client = app.test_client()
        new_user(client, api_headers)
        page = client.get("/login/login.htm").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = client.post("/login/login.htm", data={
            "username": "ada@example.com", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302
        sid = client.get_cookie("sid").value
    with running(file_settings) as app:
        client = app.test_client()
        client.set_cookie("sid", sid)
        home = client.get("/").get_data(as_text=True)
        assert 'id="org-user-login">ada@example.com<' in home


def test_sign_in_form_from_before_a_restart_still_posts(file_settings, api_headers):
    """The CSRF cookie is signed with a key kept in the file, not made per run."""
    with running(file_settings) as app:
        client = app.test_client()
        new_user(client, api_headers)
        page = client.get("/login/login.htm").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        csrf_cookie = client.get_cookie("mock_okta_csrf").value
    with running(file_settings) as app:
        client = app.test_client()
        client.set_cookie("mock_okta_csrf", csrf_cookie)
        response = client.post("/login/login.htm", data={
            "username": "ada@example.com", "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302
