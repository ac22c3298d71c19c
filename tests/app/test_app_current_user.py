"""g.user: served from the session snapshot, refreshed from the Users API only when stale."""

import time

import pytest

from app import okta_users
from app.current_user import Outcome, resolve
from app.okta_users import UserNotFound, UsersApiError, UsersApiUnavailable

NOW = 1_700_000_000
USER_ID = "00uTestUser000000001"


def snap(**fields):
    base = {"id": USER_ID, "login": "ada@example.com", "email": "ada@example.com",
            "firstName": "Ada", "lastName": "Lovelace", "status": "ACTIVE", "fetched_at": NOW - 10}
    base.update(fields)
    return base


def api_user(user_id=USER_ID, status="ACTIVE", **profile):
    return {"id": user_id, "status": status,
            "profile": {"login": "ada@example.com", "email": "ada@example.com",
                        "firstName": "Ada", "lastName": "Lovelace", **profile}}


class Fetcher:
    def __init__(self, result):
        self.result = result
        self.calls = []

    def __call__(self, user_id):
        self.calls.append(user_id)
        if isinstance(self.result, Exception):
            raise self.result
        return self.result


# --- the pure decision -----------------------------------------------------------------------

@pytest.mark.parametrize("age, max_age, fetches", [
    (0, 300, False),
    (299, 300, False),
    (300, 300, True),
    (5000, 300, True),
    (0, 0, True),
])
def test_refresh_happens_only_when_the_snapshot_is_old_enough(age, max_age, fetches):
    fetch = Fetcher(api_user(firstName="Augusta"))
    user, outcome, error = resolve(snap(fetched_at=NOW - age), now=NOW, max_age=max_age,
                                   fetch=fetch)
    assert bool(fetch.calls) is fetches
    if fetches:
        assert outcome is Outcome.REFRESHED
        assert user["firstName"] == "Augusta"
        assert user["fetched_at"] == NOW
    else:
        assert outcome is Outcome.FRESH
        assert user == snap(fetched_at=NOW - age)
    assert error is None


@pytest.mark.parametrize("failure", [
    UsersApiUnavailable("connection refused"),
    UsersApiError("500", status=500),
    UsersApiError("401", status=401),
])
def test_failed_refresh_keeps_the_stale_snapshot_and_waits_an_interval(failure):
    stale = snap(fetched_at=NOW - 1000)
    user, outcome, error = resolve(stale, now=NOW, max_age=300, fetch=Fetcher(failure))
    assert outcome is Outcome.STALE
    assert error is failure
    assert user == {**stale, "checked_at": NOW}
    # The next request inside the interval does not try again...
    fetch = Fetcher(api_user())
    again, outcome, _ = resolve(user, now=NOW + 299, max_age=300, fetch=fetch)
    assert outcome is Outcome.FRESH and fetch.calls == [] and again == user
    # ...the first one after it does, and a success clears the failure marker.
    fresh, outcome, _ = resolve(user, now=NOW + 300, max_age=300, fetch=fetch)
    assert outcome is Outcome.REFRESHED and fetch.calls == [USER_ID]
    assert "checked_at" not in fresh and fresh["fetched_at"] == NOW + 300


def test_deleted_user_is_signed_out():
    error = UserNotFound("gone", status=404)
    user, outcome, reported = resolve(snap(fetched_at=0), now=NOW, max_age=300,
                                      fetch=Fetcher(error))
    assert (user, outcome, reported) == (None, Outcome.SIGNED_OUT, error)


@pytest.mark.parametrize("status, outcome", [
    ("ACTIVE", Outcome.REFRESHED),
    ("PASSWORD_EXPIRED", Outcome.REFRESHED),
    ("LOCKED_OUT", Outcome.REFRESHED),
    ("RECOVERY", Outcome.REFRESHED),
    ("SUSPENDED", Outcome.SIGNED_OUT),
    ("DEPROVISIONED", Outcome.SIGNED_OUT),
])
def test_users_okta_no_longer_lets_sign_in_are_signed_out(status, outcome):
    fetch = Fetcher(api_user(status=status))
    _, got, _ = resolve(snap(fetched_at=0), now=NOW, max_age=300, fetch=fetch)
    assert got is outcome


def test_an_answer_about_another_user_is_never_adopted():
    user, outcome, error = resolve(snap(fetched_at=0), now=NOW, max_age=300,
                                   fetch=Fetcher(api_user(user_id="00uSomeoneElse0000001")))
    assert user is None and outcome is Outcome.SIGNED_OUT
    assert "00uSomeoneElse0000001" in str(error)


@pytest.mark.parametrize("bad", [
    None, "00u123", [], {}, {"id": ""}, {"id": 5, "fetched_at": NOW},
    {"id": USER_ID}, {"id": USER_ID, "fetched_at": "yesterday"},
])
def test_an_unreadable_snapshot_signs_out_without_calling_the_api(bad):
    fetch = Fetcher(api_user())
    assert resolve(bad, now=NOW, max_age=0, fetch=fetch)[:2] == (None, Outcome.SIGNED_OUT)
    assert fetch.calls == []


# --- wired into requests ---------------------------------------------------------------------

@pytest.fixture
def users_api(monkeypatch):
    """Replace the Users API call (this project's own seam) with a scripted fetcher."""
    fetch = Fetcher(api_user())
    fetch.http_calls = []

    def fake_get_user(org_url, api_token, user_id, *, timeout, session=None):
        fetch.http_calls.append((org_url, api_token, timeout))
        return fetch(user_id)

    monkeypatch.setattr(okta_users, "get_user", fake_get_user)
    return fetch


def test_a_fresh_snapshot_costs_no_api_call(client, sign_in_as, users_api):
    sign_in_as(client)
    for _ in range(3):
        assert client.get("/dashboard").status_code == 200
    assert users_api.calls == []


def test_a_stale_snapshot_is_refreshed_and_stored(app, client, sign_in_as, users_api):
    users_api.result = api_user(firstName="Augusta")
    sign_in_as(client, fetched_at=int(time.time()) - 301)
    page = client.get("/dashboard").get_data(as_text=True)
    assert '<span id="user-first-name">Augusta</span>' in page
    assert users_api.calls == [USER_ID]
    assert users_api.http_calls == [(app.config["OKTA_ORG_URL"], "test-token", 5.0)]
    with client.session_transaction() as session:
        assert session["user"]["firstName"] == "Augusta"
        assert session["user"]["fetched_at"] >= int(time.time()) - 2
    client.get("/dashboard")
    assert users_api.calls == [USER_ID]  # the refreshed snapshot is fresh again


def test_refresh_interval_comes_from_config(helpers, sign_in_as, users_api):
    from app import create_app
    client = create_app(helpers.site_config(USER_REFRESH_SECONDS=0)).test_client()
    sign_in_as(client)
    client.get("/")
    assert users_api.calls  # refreshed although the snapshot was seconds old


def test_failed_refresh_keeps_the_user_signed_in(client, sign_in_as, users_api, caplog):
    users_api.result = UsersApiUnavailable("connection refused")
    sign_in_as(client, fetched_at=int(time.time()) - 1000)
    with caplog.at_level("WARNING"):
        page = client.get("/dashboard")
    assert page.status_code == 200
    assert '<span id="user-first-name">Ada</span>' in page.get_data(as_text=True)
    assert "stale user profile" in caplog.text


def test_deleted_user_is_signed_out_of_the_site(client, sign_in_as, users_api):
    users_api.result = UserNotFound("gone", status=404)
    sign_in_as(client, fetched_at=int(time.time()) - 1000)
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/dashboard"
    with client.session_transaction() as session:
        assert "user" not in session and "id_token" not in session


def test_static_files_never_trigger_a_refresh(client, sign_in_as, users_api):
    sign_in_as(client, fetched_at=0)
    assert client.get("/static/style.css").status_code == 200
    assert users_api.calls == []


def test_a_garbage_session_user_is_treated_as_signed_out(client):
    with client.session_transaction() as session:
        session["user"] = "not-a-snapshot"
    page = client.get("/")
    assert 'id="login"' in page.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "user" not in session
