"""Helpers for driving Okta's official Python SDK (`okta` 3.x) against a live mock.

The SDK is asyncio-only: every call returns a coroutine that resolves to
`(data, response, error)`. `ok()` and `fails()` run one call on a fresh event
loop and check which half came back, so the tests read like synchronous code.
"""

from __future__ import annotations

import asyncio
import itertools
import secrets

import requests
from okta.errors.okta_api_error import OktaAPIError
from okta.models import CreateUserRequest

API_TOKEN = "00CompatSdkApiToken-0123456789abcdefABCDEF"
PASSWORD = "Analytical-Engine-1"
LOCKOUT_ATTEMPTS = 3     # the compat org locks a user out after this many failures
_serial = itertools.count()


def call(coroutine):
    """Run one SDK call; returns its `(data, response, error)` triple.

    The SDK's void operations (delete_user, delete_group, assign_user_to_group, ...)
    answer an error with a pair `(response, error)` instead: normalised here.
    """
    result = asyncio.run(coroutine)
    if len(result) == 2:
        return (None, *result)
    assert len(result) == 3, result
    return result


def ok(coroutine):
    """The deserialised data of a call that must succeed."""
    data, response, error = call(coroutine)
    assert error is None, getattr(error, "message", error)
    return data


def fails(coroutine, status: int, code: str, summary: str | None = None,
          causes: list[str] | None = None) -> OktaAPIError:
    """The SDK's typed error for a call that must fail with Okta's error body.

    Anything else (a generic HTTPError, a pydantic validation error, an exception
    escaping the SDK) means the mock's answer was not what the SDK expects of Okta.
    """
    data, response, error = call(coroutine)
    assert data is None
    assert isinstance(error, OktaAPIError), f"{type(error).__name__}: {error!r}"
    assert (error.status, error.error_code) == (status, code), error.message
    assert error.error_link == code and error.error_id.startswith("oae")
    if summary is not None:
        assert error.error_summary == summary
    if causes is not None:
        assert [cause["errorSummary"] for cause in error.error_causes] == causes
    return error


def unique_login(stem: str = "sdk") -> str:
    return f"{stem}.{next(_serial)}.{secrets.token_hex(3)}@example.com"


def unique_name(stem: str) -> str:
    """A name no other test in the org shares, nor starts with (for `q` and `sw`)."""
    return f"{stem}{next(_serial)}x{secrets.token_hex(3)}"


def new_user(first: str = "Ada", last: str = "Lovelace", *, login: str | None = None,
             password: str | None = PASSWORD, group_ids: list[str] | None = None,
             **profile) -> CreateUserRequest:
    """A typed create-user body, as an application would build it with the SDK."""
    login = login or unique_login(first.lower())
    body: dict = {"profile": {"firstName": first, "lastName": last, "email": login,
                              "login": login, **profile}}
    if password is not None:
        body["credentials"] = {"password": {"value": password}}
    if group_ids is not None:
        body["groupIds"] = group_ids
    return CreateUserRequest.from_dict(body)


def seed_users(org_url: str, count: int, last_name: str) -> list[str]:
    """Create STAGED users straight through the API (fast: no password to hash)."""
    ids = []
    with requests.Session() as http:
        http.headers["Authorization"] = f"SSWS {API_TOKEN}"
        for _ in range(count):
            login = unique_login("seed")
            response = http.post(f"{org_url}/api/v1/users?activate=false", timeout=10, json={
                "profile": {"firstName": "Seed", "lastName": last_name, "email": login,
                            "login": login}})
            assert response.status_code == 200, response.text
            ids.append(response.json()["id"])
    return ids
