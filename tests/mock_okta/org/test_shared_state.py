"""The org's state with several worker processes: two apps on one file stand in for
two workers. What one arms, moves, rotates or resets, the other sees at its next
request; armed counts are spent once across both."""

from __future__ import annotations

import pytest

from mock_okta import create_app
from mock_okta.config import from_env
from mock_okta.org.armed import Armed
from mock_okta.org.faults import Faults
from mock_okta.storage import Store

ROTATE = "/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate"


@pytest.fixture
def workers(tmp_path):
    settings = from_env({}, db_path=str(tmp_path / "org.sqlite3"), workers=2)
    first = create_app(settings)
    second = create_app(settings)
    yield first, second
    for app in (first, second):
        app.extensions["mock_okta"].store.close()


def test_a_fault_armed_for_three_fails_three_answers_across_two_stores(tmp_path):
    path = str(tmp_path / "org.sqlite3")
    one, two = Faults(Store(path)), Faults(Store(path))
    one.arm({"endpoint": "token", "kind": "http_error", "count": 3})
    two.refresh()
    taken = [faults.take_for("/oauth2/default/v1/token", "POST") for faults in (one, two) * 3]
    assert sum(fault is not None for fault in taken) == 3
    assert (one.list(), one.armed, two.list()) == ([], False, [])
    two.refresh()
    assert two.armed is False


def test_armed_items_keep_their_fields_and_counts(tmp_path):
    faults = Faults(Store(str(tmp_path / "org.sqlite3")))
    armed = faults.arm({"endpoint": "api", "kind": "http_error", "status": 429, "count": 2,
                        "path": "/api/v1/users", "method": "GET"})
    assert isinstance(faults, Armed)
    assert faults.take_for("/api/v1/users", "GET").remaining == 1
    [left] = faults.list()
    assert (left.id, left.status, left.path, left.remaining) == (armed.id, 429, "/api/v1/users", 1)


def test_the_clock_moved_in_one_worker_is_the_others(workers):
    first, second = workers
    assert first.test_client().post("/_mock/clock", json={"advanceSeconds": 600}).status_code == 200
    assert second.test_client().get("/_mock/clock").json["offsetSeconds"] == 600


def test_a_fault_armed_in_one_worker_plays_in_the_other(workers):
    first, second = workers
    first.test_client().post("/_mock/faults", json={"endpoint": "discovery", "kind": "http_error",
                                                       "count": 1})
    path = "/oauth2/default/.well-known/openid-configuration"
    assert second.test_client().get(path).status_code == 503
    assert second.test_client().get(path).status_code == 200
    assert first.test_client().get(path).status_code == 200


def rotate(app):
    token = app.extensions["mock_okta"].settings.api_token
    response = app.test_client().post(ROTATE, json={"use": "sig"},
                                      headers={"Authorization": f"SSWS {token}"})
    assert response.status_code == 200


def test_a_rotation_in_one_worker_changes_the_others_keys(workers):
    first, second = workers
    keys = "/oauth2/default/v1/keys"
    before = second.test_client().get(keys).json      # loaded and cached in the second
    rotate(first)
    after = second.test_client().get(keys).json
    assert after != before and after == first.test_client().get(keys).json
    signing = second.extensions["mock_okta"].servers["default"].keyring.signing_key()
    assert signing.kid == after["keys"][0]["kid"]


def test_a_reset_in_one_worker_drops_what_the_other_holds(workers):
    first, second = workers
    second.test_client().post("/_mock/clock", json={"advanceSeconds": 600})
    rotate(second)
    rotated = second.test_client().get("/oauth2/default/v1/keys").json
    dropped = []
    second.extensions["mock_okta"].on_reset.append(lambda: dropped.append(True))
    assert first.test_client().post("/_mock/reset").status_code == 204
    assert second.test_client().get("/_mock/clock").json["offsetSeconds"] == 0
    assert second.test_client().get("/oauth2/default/v1/keys").json != rotated
    assert dropped == [True]


def test_the_request_log_is_shared_and_names_the_worker(workers):
    first, second = workers
    first.test_client().get("/_mock/clock")
    log = second.test_client().get("/_mock/requests").json
    assert [entry["path"] for entry in log] == ["/_mock/clock"]
    assert isinstance(log[0]["worker"], int)


def test_a_seed_in_one_worker_is_what_a_reset_in_the_other_brings_back(workers):
    first, second = workers
    seeded = first.test_client().post("/_mock/seed", json={"users": [{"profile": {
        "login": "seeded@example.com", "email": "seeded@example.com", "firstName": "S",
        "lastName": "Eeded"}}]})
    assert seeded.status_code == 200, seeded.json
    token = first.extensions["mock_okta"].settings.api_token
    headers = {"Authorization": f"SSWS {token}"}
    first.test_client().post("/api/v1/users", headers=headers, json={"profile": {
        "login": "later@example.com", "email": "later@example.com", "firstName": "L",
        "lastName": "Ater"}})
    assert second.test_client().post("/_mock/reset").status_code == 204
    for app in (first, second):
        users = app.test_client().get("/api/v1/users", headers=headers).json
        logins = {user["profile"]["login"] for user in users}
        assert "seeded@example.com" in logins and "later@example.com" not in logins
