"""The Users API client, over real HTTP against a scripted server."""

import time

import pytest

from app.okta_users import (
    UserNotFound,
    UsersApiError,
    UsersApiUnavailable,
    get_user,
    snapshot,
)


def test_reads_a_user_with_ssws_and_json_accept(fake_idp):
    body = fake_idp.user("00uAbc0000000000001")
    assert get_user(fake_idp.url, "tok-123", "00uAbc0000000000001") == body
    [request] = fake_idp.requests
    assert request["method"] == "GET"
    assert request["path"] == "/api/v1/users/00uAbc0000000000001"
    assert request["headers"]["Authorization"] == "SSWS tok-123"
    assert request["headers"]["Accept"] == "application/json"


def test_org_url_with_a_trailing_slash(fake_idp):
    fake_idp.user("00uAbc0000000000001")
    assert get_user(fake_idp.url + "/", "t", "00uAbc0000000000001")["id"] == "00uAbc0000000000001"


def test_the_id_cannot_escape_its_path_segment(fake_idp):
    with pytest.raises(UserNotFound):
        get_user(fake_idp.url, "t", "../groups?x=1#y")
    assert fake_idp.requests[0]["path"] == "/api/v1/users/..%2Fgroups%3Fx%3D1%23y"


def test_404_is_user_not_found_with_okta_error_code(fake_idp):
    fake_idp.json("/api/v1/users/00uGone", {
        "errorCode": "E0000007", "errorSummary": "Not found: Resource not found: 00uGone (User)",
        "errorLink": "E0000007", "errorId": "oae123", "errorCauses": []}, status=404)
    with pytest.raises(UserNotFound) as caught:
        get_user(fake_idp.url, "t", "00uGone")
    assert caught.value.status == 404
    assert caught.value.error_code == "E0000007"
    assert "Resource not found" in str(caught.value)


@pytest.mark.parametrize("status, content_type, body", [
    (401, "application/json", b'{"errorCode":"E0000011","errorSummary":"Invalid token provided"}'),
    (403, "application/json", b'{"errorCode":"E0000006","errorSummary":"No permission"}'),
    (429, "application/json", b'{"errorCode":"E0000047","errorSummary":"Rate limit"}'),
    (500, "text/html", b"<h1>Internal error</h1>"),
    (302, "text/html", b""),
    (200, "text/html", b"<html>not json</html>"),
    (200, "application/json", b"[1, 2, 3]"),
    (200, "application/json", b'{"id": "00uX", "profile": "flat"}'),
])
def test_anything_but_a_user_is_a_clear_error(fake_idp, status, content_type, body):
    fake_idp.routes["/api/v1/users/00uX"] = (status, content_type, body)
    with pytest.raises(UsersApiError) as caught:
        get_user(fake_idp.url, "t", "00uX")
    assert not isinstance(caught.value, UserNotFound)
    assert caught.value.status == status
    assert "00uX" in str(caught.value)


def test_okta_error_summary_is_in_the_message(fake_idp):
    fake_idp.json("/api/v1/users/00uX",
                  {"errorCode": "E0000011", "errorSummary": "Invalid token provided"}, status=401)
    with pytest.raises(UsersApiError, match="401.*E0000011 Invalid token provided"):
        get_user(fake_idp.url, "bad", "00uX")


def test_unreachable_org(helpers):
    with pytest.raises(UsersApiUnavailable, match="unreachable"):
        get_user(helpers.closed_port_url(), "t", "00uX", timeout=2)


def test_timeout_is_unavailable(fake_idp):
    def slow(request):
        time.sleep(1.0)
        return 200, "application/json", b"{}"

    fake_idp.routes["/api/v1/users/00uSlow"] = slow
    started = time.monotonic()
    with pytest.raises(UsersApiUnavailable):
        get_user(fake_idp.url, "t", "00uSlow", timeout=0.2)
    assert time.monotonic() - started < 0.9


@pytest.mark.parametrize("bad_id", ["", None, 5])
def test_a_non_id_is_refused_without_a_request(fake_idp, bad_id):
    with pytest.raises(UsersApiError, match="not a user id"):
        get_user(fake_idp.url, "t", bad_id)
    assert fake_idp.requests == []


def test_snapshot_keeps_only_the_listed_fields():
    user = {"id": "00u1", "status": "ACTIVE", "created": "2025-01-01T00:00:00.000Z",
            "credentials": {"password": {}},
            "profile": {"login": "l@example.com", "email": "e@example.com", "firstName": "F",
                        "lastName": "L", "mobilePhone": None, "secondEmail": None}}
    assert snapshot(user, fetched_at=1234.9) == {
        "id": "00u1", "login": "l@example.com", "email": "e@example.com", "firstName": "F",
        "lastName": "L", "status": "ACTIVE", "fetched_at": 1234}


def test_snapshot_of_a_sparse_user_has_none_for_missing_fields():
    assert snapshot({"id": "00u1", "profile": {}}, fetched_at=1)["firstName"] is None
