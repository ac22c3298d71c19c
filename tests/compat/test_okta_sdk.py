"""Okta's official Python SDK (`okta` 3.x) against a live mock: the Users API.

Every answer goes through the SDK's own deserialisation (pydantic models with
Okta's enums, formats and length limits), so a field the SDK cannot read fails
here as it would in an application. Errors must arrive as the SDK's typed
`OktaAPIError`, never a generic HTTPError or a validation error.
Lifecycle and credentials: test_okta_sdk_lifecycle.py; groups: test_okta_sdk_groups.py.
"""

from __future__ import annotations

import asyncio
import datetime
import ssl

import pytest
import requests
from okta.client import Client
from okta.models import (
    AuthenticationProviderType,
    UpdateUserRequest,
    User,
    UserNextLogin,
    UserStatus,
)
from okta.pagination import PaginationHelper, paginate_all

from mock_okta import create_app
from mock_okta.config import Settings
from mock_okta.serving.tls import TlsServer, ensure_certificate

from .sdk_support import (
    API_TOKEN,
    PASSWORD,
    call,
    fails,
    new_user,
    ok,
    seed_users,
    unique_login,
    unique_name,
)

POLICY_CAUSE = (
    "password: Password requirements were not met. Password requirements: at least 8 "
    "characters, a lowercase letter, an uppercase letter, a number, no parts of your username.")


def _utc(value) -> bool:
    return isinstance(value, datetime.datetime) and value.utcoffset() == datetime.timedelta(0)


# --- the client itself --------------------------------------------------------

def test_the_sdk_refuses_an_http_org_without_the_testing_switch(sdk_org, okta_env):
    with pytest.raises(ValueError, match="must start with"):
        Client({"orgUrl": sdk_org.url, "token": API_TOKEN})


class SharedSSLContext(ssl.SSLContext):
    """okta 3.4 deep-copies its configuration and a plain SSLContext cannot be copied
    (TypeError: cannot pickle 'SSLContext' object): hand it this one instead."""

    def __deepcopy__(self, memo):
        return self


@pytest.mark.filterwarnings("ignore:ssl_context is deprecated:DeprecationWarning")  # the SDK
def test_an_https_mock_trusted_through_ssl_context(tmp_path, okta_env):
    files = ensure_certificate(tmp_path / "tls")           # what `mock-okta --https` uses
    context = SharedSSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cafile=files.ca)
    app = create_app(Settings(db_path=":memory:", api_token=API_TOKEN, demo_user=None))
    with TlsServer(app, files).start() as server:
        client = Client({"orgUrl": server.url, "token": API_TOKEN, "sslContext": context})
        user = ok(client.create_user(new_user("Tess", "Layer")))
        assert ok(client.get_user(user.id)).profile.first_name == "Tess"
    app.extensions["mock_okta"].store.close()


def test_a_wrong_token_is_the_sdks_invalid_token_error(sdk, sdk_org):
    wrong = Client({"orgUrl": sdk_org.url, "token": API_TOKEN + "-revoked"})
    fails(wrong.list_users(), 401, "E0000011", "Invalid token provided", [])


# --- create -------------------------------------------------------------------

def test_create_with_a_password_is_active_and_fully_typed(sdk):
    user = ok(sdk.create_user(new_user("Ada", "Lovelace", nickName="Countess"), activate=True))
    assert isinstance(user, User)
    assert user.status is UserStatus.ACTIVE and user.transitioning_to_status is None
    assert user.id.startswith("00u") and len(user.id) == 20
    assert (user.profile.first_name, user.profile.last_name) == ("Ada", "Lovelace")
    assert user.profile.nick_name == "Countess"
    assert user.profile.login == user.profile.email
    assert user.profile.mobile_phone is None and user.profile.second_email is None
    assert all(_utc(v) for v in (user.created, user.activated, user.status_changed,
                                 user.last_updated, user.password_changed))
    assert user.last_login is None
    assert user.credentials.password is not None and user.credentials.password.value is None
    assert user.credentials.provider.type is AuthenticationProviderType.OKTA
    assert user.type.id.startswith("oty")
    assert user.links.var_self.href.endswith(f"/api/v1/users/{user.id}")
    assert user.links.suspend.href.endswith(f"/api/v1/users/{user.id}/lifecycle/suspend")
    assert user.links.activate is None


@pytest.mark.parametrize("activate, password, status", [
    (True, PASSWORD, UserStatus.ACTIVE),
    (True, None, UserStatus.PROVISIONED),
    (None, None, UserStatus.PROVISIONED),     # activate defaults to true
    (False, PASSWORD, UserStatus.STAGED),
    (False, None, UserStatus.STAGED),
])
def test_create_status_follows_activate_and_password(sdk, activate, password, status):
    user = ok(sdk.create_user(new_user(password=password), activate=activate))
    assert user.status is status
    assert (user.credentials.password is not None) is (password is not None)
    assert _utc(user.password_changed) if password else user.password_changed is None
    assert (user.links.activate is not None) is (status is UserStatus.STAGED)


def test_create_with_next_login_change_password_expires_it(sdk):
    user = ok(sdk.create_user(new_user(), activate=True, next_login=UserNextLogin.CHANGEPASSWORD))
    assert user.status is UserStatus.PASSWORD_EXPIRED


def test_duplicate_login_is_a_validation_error_with_okta_s_cause(sdk):
    login = unique_login()
    ok(sdk.create_user(new_user(login=login)))
    error = fails(sdk.create_user(new_user(login=login.upper())), 400, "E0000001",
                  "Api validation failed: login",
                  ["login: An object with this field already exists in the current organization"])
    assert "already exists" in error.message


def test_a_weak_password_is_a_validation_error_naming_the_policy(sdk):
    fails(sdk.create_user(new_user(password="weak")), 400, "E0000001",
          "Api validation failed: password", [POLICY_CAUSE])


def test_a_missing_last_name_is_a_validation_error(sdk):
    login = unique_login()
    body = new_user(login=login)
    body.profile.last_name = None
    fails(sdk.create_user(body), 400, "E0000001", "Api validation failed: lastName",
          ["lastName: The field cannot be left blank"])


# --- read -----------------------------------------------------------------------

def test_get_by_id_and_by_login(sdk):
    created = ok(sdk.create_user(new_user("Grace", "Hopper")))
    by_id = ok(sdk.get_user(created.id))
    by_login = ok(sdk.get_user(created.profile.login.upper()))
    assert by_id.id == by_login.id == created.id
    assert by_login.profile.first_name == "Grace" and by_login.status is UserStatus.ACTIVE
    assert by_id.created == created.created


def test_an_unknown_user_is_the_sdks_not_found_error(sdk):
    fails(sdk.get_user("00uNoSuchUser0000000"), 404, "E0000007",
          "Not found: Resource not found: 00uNoSuchUser0000000 (User)", [])
    fails(sdk.get_user("nobody@example.com"), 404, "E0000007",
          "Not found: Resource not found: nobody@example.com (User)")


def test_me_with_an_api_token_is_not_found(sdk):
    # Okta answers the token's admin; the mock's token has no user behind it.
    fails(sdk.get_user("me"), 404, "E0000007", "Not found: Resource not found: me (User)")


# --- list, q, search, filter ------------------------------------------------------

def test_list_hides_deprovisioned_users_and_search_shows_them(sdk):
    last = unique_name("Listed")
    kept = ok(sdk.create_user(new_user("Kept", last)))
    gone = ok(sdk.create_user(new_user("Gone", last)))
    ok(sdk.deactivate_user(gone.id))
    listed = {u.id for u in _all(sdk)}
    assert kept.id in listed and gone.id not in listed
    assert [u.id for u in ok(sdk.list_users(q=last))] == [kept.id]
    found = ok(sdk.list_users(search=f'profile.lastName eq "{last}"'))
    assert {u.id: u.status for u in found} == {kept.id: UserStatus.ACTIVE,
                                               gone.id: UserStatus.DEPROVISIONED}


def test_q_matches_name_and_email_prefixes_ten_at_a_time(sdk, sdk_org):
    last = unique_name("Quorum")
    seed_users(sdk_org.url, 12, last)
    assert len(ok(sdk.list_users(q=last))) == 10                   # q's default limit
    assert len(ok(sdk.list_users(q=last[:-1], limit=12))) == 12
    assert ok(sdk.list_users(q=last.lower())) != []                # startsWith, any case
    assert all(u.profile.last_name == last for u in ok(sdk.list_users(q=last, limit=50)))


def test_search_is_case_insensitive_and_sorts(sdk):
    last = unique_name("Search")
    for first in ("Carol", "Alice", "Bob"):
        ok(sdk.create_user(new_user(first, last)))
    found = ok(sdk.list_users(search=f'profile.lastName eq "{last.upper()}"',
                              sort_by="profile.firstName", sort_order="desc"))
    assert [u.profile.first_name for u in found] == ["Carol", "Bob", "Alice"]
    starts = ok(sdk.list_users(search=f'profile.lastName sw "{last[:-2]}" and '
                                      f'profile.firstName sw "b"'))
    assert [u.profile.first_name for u in starts] == ["Bob"]


def test_filter_is_case_sensitive_and_combines(sdk):
    last = unique_name("Filter")
    active = ok(sdk.create_user(new_user("Active", last)))
    staged = ok(sdk.create_user(new_user("Staged", last), activate=False))
    both = ok(sdk.list_users(filter=f'profile.lastName eq "{last}"'))
    assert {u.id for u in both} == {active.id, staged.id}
    assert ok(sdk.list_users(filter=f'profile.lastName eq "{last.lower()}"')) == []
    only = ok(sdk.list_users(filter=f'(status eq "STAGED") and profile.lastName eq "{last}"'))
    assert [(u.id, u.status) for u in only] == [(staged.id, UserStatus.STAGED)]


@pytest.mark.parametrize("kwargs", [{"search": 'profile.lastName eq'},
                                    {"search": 'profile.lastName ne "x"'},
                                    {"filter": 'profile.nickName eq "x"'},
                                    {"filter": 'status eq "ACTIVE" and'}],
                         ids=["search-truncated", "search-ne", "filter-attribute", "filter-and"])
def test_bad_search_and_filter_are_invalid_search_criteria(sdk, kwargs):
    fails(sdk.list_users(**kwargs), 400, "E0000031", "Invalid search criteria.")


def test_a_forged_cursor_is_an_invalid_paging_request(sdk):
    fails(sdk.list_users(after="not-a-cursor"), 400, "E0000029", "Invalid paging request.")


# --- pagination past 200 -------------------------------------------------------------

def _all(sdk, **kwargs) -> list[User]:
    async def collect():
        return [user async for user in paginate_all(sdk.list_users, limit=200, **kwargs)]
    return asyncio.run(collect())


def test_pagination_past_200_users(sdk, sdk_org):
    last = unique_name("Pager")
    seeded = seed_users(sdk_org.url, 210, last)
    query = f'profile.lastName eq "{last}"'
    page, response, error = call(sdk.list_users(search=query, limit=200))
    assert error is None and len(page) == 200
    cursor = PaginationHelper.extract_next_cursor(response.headers)
    assert cursor
    rest, response, error = call(sdk.list_users(search=query, limit=200, after=cursor))
    assert error is None and len(rest) == 10
    assert PaginationHelper.extract_next_cursor(response.headers) is None
    assert {u.id for u in page} | {u.id for u in rest} == set(seeded)
    # The SDK's own helpers: a search and the plain list, each past the 200 mark.
    assert sorted(u.id for u in _all(sdk, search=query)) == sorted(seeded)
    everyone = [u.id for u in _all(sdk)]
    assert len(everyone) == len(set(everyone)) > 200 and set(seeded) <= set(everyone)
    # `limit` above Okta's maximum is capped at 200.
    assert len(ok(sdk.list_users(search=query, limit=1000))) == 200


# --- update ---------------------------------------------------------------------------

def test_partial_update_keeps_the_rest_of_the_profile(sdk):
    user = ok(sdk.create_user(new_user("Ada", "Lovelace", title="Analyst")))
    changed = ok(sdk.update_user(user.id, UpdateUserRequest.from_dict(
        {"profile": {"nickName": "Countess", "city": "London"}})))
    assert (changed.profile.nick_name, changed.profile.city) == ("Countess", "London")
    assert (changed.profile.first_name, changed.profile.title) == ("Ada", "Analyst")
    assert changed.last_updated >= user.last_updated and changed.status is UserStatus.ACTIVE
    assert ok(sdk.get_user(user.id)).profile.city == "London"


def test_full_replace_clears_what_is_not_sent(sdk):
    user = ok(sdk.create_user(new_user("Ada", "Lovelace", title="Analyst", nickName="Countess")))
    login = user.profile.login
    replaced = ok(sdk.replace_user(user.id, UpdateUserRequest.from_dict({"profile": {
        "firstName": "Augusta", "lastName": "King", "email": login, "login": login}})))
    assert (replaced.profile.first_name, replaced.profile.last_name) == ("Augusta", "King")
    assert replaced.profile.title is None and replaced.profile.nick_name is None


def test_an_admin_password_set_lets_the_user_sign_in(sdk, sdk_org):
    user = ok(sdk.create_user(new_user()))
    ok(sdk.update_user(user.id, UpdateUserRequest.from_dict(
        {"credentials": {"password": {"value": "Fresh-Password-77"}}})))
    authn = requests.post(f"{sdk_org.url}/api/v1/authn", timeout=10, json={
        "username": user.profile.login, "password": "Fresh-Password-77"})
    assert authn.json()["status"] == "SUCCESS"


def test_update_errors_are_typed(sdk):
    taken = ok(sdk.create_user(new_user()))
    user = ok(sdk.create_user(new_user()))
    fails(sdk.update_user(user.id, UpdateUserRequest.from_dict(
        {"profile": {"login": taken.profile.login}})), 400, "E0000001",
        "Api validation failed: login",
        ["login: An object with this field already exists in the current organization"])
    fails(sdk.update_user(user.id, UpdateUserRequest.from_dict(
        {"credentials": {"password": {"value": "short"}}})), 400, "E0000001",
        "Api validation failed: password", [POLICY_CAUSE])
    fails(sdk.update_user("00uNoSuchUser0000000", UpdateUserRequest.from_dict(
        {"profile": {"city": "Paris"}})), 404, "E0000007")


# --- delete ---------------------------------------------------------------------------

def test_delete_takes_two_steps(sdk):
    user = ok(sdk.create_user(new_user()))
    data, response, error = call(sdk.delete_user(user.id))
    assert (data, error, response.status_code) == (None, None, 204)
    assert ok(sdk.get_user(user.id)).status is UserStatus.DEPROVISIONED
    data, response, error = call(sdk.delete_user(user.id, send_email=False))
    assert (data, error, response.status_code) == (None, None, 204)
    fails(sdk.get_user(user.id), 404, "E0000007",
          f"Not found: Resource not found: {user.id} (User)")
    fails(sdk.delete_user(user.id), 404, "E0000007")
