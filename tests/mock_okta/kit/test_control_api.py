"""The kit's control API under /_mock/: reset, who may call it, and the switch."""

from __future__ import annotations

import pytest

from mock_okta import create_app
from mock_okta.config import Settings, environment
from tests.mock_okta.support import API_TOKEN

REMOTE = {"REMOTE_ADDR": "192.0.2.10"}


def test_reset_brings_back_the_seeded_org(client, api_headers, make_user):
    user = make_user()
    assert client.post("/_mock/reset").status_code == 204
    assert client.get(f"/api/v1/users/{user['id']}", headers=api_headers).status_code == 404
    assert client.get("/api/v1/users/demo.user@example.com", headers=api_headers).status_code == 200


@pytest.mark.parametrize("remote", ["127.0.0.1", "::1"])
def test_loopback_callers_need_no_token(client, remote):
    assert client.post("/_mock/reset", environ_base={"REMOTE_ADDR": remote}).status_code == 204


@pytest.mark.parametrize("header, status, code", [
    (None, 403, "E0000005"),
    ("Bearer x", 403, "E0000005"),
    ("SSWS wrong-token", 401, "E0000011"),
])
def test_other_callers_need_the_api_token(client, header, status, code):
    headers = {"Authorization": header} if header else {}
    response = client.post("/_mock/reset", headers=headers, environ_base=REMOTE)
    assert response.status_code == status and response.json["errorCode"] == code
    assert client.get("/_mock/outbox.json", headers=headers, environ_base=REMOTE).status_code \
        == status


def test_other_callers_with_the_token_are_answered(client):
    response = client.post("/_mock/reset", headers={"Authorization": f"SSWS {API_TOKEN}"},
                           environ_base=REMOTE)
    assert response.status_code == 204


def test_controls_off_hides_every_control(settings):
    app = create_app(Settings(**{**settings.__dict__, "controls": False}))
    client = app.test_client()
    for method, path in (("POST", "/_mock/reset"), ("GET", "/_mock/outbox.json"),
                         ("GET", "/_mock/outbox")):
        response = client.open(path, method=method)
        assert response.status_code == 404 and response.json["errorCode"] == "E0000008"


@pytest.mark.parametrize("raw, expected", [("", True), ("on", True), ("TRUE", True), ("1", True),
                                           ("off", False), ("No", False), ("0", False)])
def test_controls_switch_from_the_environment(raw, expected):
    assert environment.from_env({"MOCK_OKTA_CONTROLS": raw}).controls is expected


def test_a_bad_controls_switch_is_a_clear_error():
    with pytest.raises(ValueError, match="MOCK_OKTA_CONTROLS must be on or off, got 'maybe'"):
        environment.from_env({"MOCK_OKTA_CONTROLS": "maybe"})
