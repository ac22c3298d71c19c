"""A tiny client for Okta's Users API: read one user, turn it into a session snapshot."""

from __future__ import annotations

from urllib.parse import quote

import requests


class UsersApiError(Exception):
    """The Users API did not hand back a user (bad status, bad body, or unreachable)."""

    def __init__(self, message: str, status: int | None = None, error_code: str | None = None):
        super().__init__(message)
        self.status = status
        self.error_code = error_code


class UserNotFound(UsersApiError):
    """404: the user no longer exists in the org."""


class UsersApiUnavailable(UsersApiError):
    """The org could not be reached at all (connection refused, timeout, TLS failure)."""


def get_user(org_url: str, api_token: str, user_id: str, *, timeout: float = 10.0,
             session: requests.Session | None = None) -> dict:
    """`GET {org_url}/api/v1/users/{user_id}` with an SSWS token; the user object on 200."""
    if not isinstance(user_id, str) or not user_id:
        raise UsersApiError(f"not a user id: {user_id!r}")
    # safe="" so an id can never climb out of the /users/ path segment.
    url = f"{org_url.rstrip('/')}/api/v1/users/{quote(user_id, safe='')}"
    headers = {"Authorization": f"SSWS {api_token}", "Accept": "application/json"}
    http = session or requests
    try:
        response = http.get(url, headers=headers, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        raise UsersApiUnavailable(f"Users API unreachable at {url}: {exc}") from exc

    body = _json_or_none(response)
    if response.status_code != 200:
        code = body.get("errorCode") if isinstance(body, dict) else None
        summary = body.get("errorSummary") if isinstance(body, dict) else None
        message = f"Users API answered {response.status_code} for user {user_id}"
        if code or summary:
            message += f": {code} {summary}"
        error_cls = UserNotFound if response.status_code == 404 else UsersApiError
        raise error_cls(message, status=response.status_code, error_code=code)
    if not isinstance(body, dict) or not isinstance(body.get("profile"), dict):
        raise UsersApiError(f"Users API answered 200 without a user object for {user_id}",
                            status=200)
    return body


def snapshot(user: dict, fetched_at: int) -> dict:
    """The few fields the site keeps in its session cookie (small, and nothing secret)."""
    profile = user.get("profile") or {}
    return {
        "id": user.get("id"),
        "login": profile.get("login"),
        "email": profile.get("email"),
        "firstName": profile.get("firstName"),
        "lastName": profile.get("lastName"),
        "status": user.get("status"),
        "fetched_at": int(fetched_at),
    }


def _json_or_none(response: requests.Response):
    try:
        return response.json()
    except ValueError:
        return None
