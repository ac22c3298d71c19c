"""The fuzzing suite's judge (support/fuzz.py) refuses what it must: a 5xx, a
traceback, an error in another endpoint's dialect."""

from __future__ import annotations

import json

import pytest

from tests.mock_okta.support.fuzz import problems

JSON = {"Content-Type": "application/json"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
OKTA_ERROR = json.dumps({"errorCode": "E0000007", "errorSummary": "Not found", "errorLink": "E0000007",
                         "errorId": "oae1", "errorCauses": []}).encode()
OAUTH_ERROR = json.dumps({"error": "invalid_client", "error_description": "No."}).encode()


@pytest.mark.parametrize("method, path, status, headers, body", [
    ("GET", "/api/v1/users/{userId}", 404, JSON, OKTA_ERROR),
    ("POST", "/oauth2/{authServerId}/v1/token", 401, JSON, OAUTH_ERROR),
    ("POST", "/oauth2/{authServerId}/v1/token", 404, JSON, OKTA_ERROR),   # unknown server
    ("GET", "/oauth2/v1/userinfo", 401,
     {"WWW-Authenticate": 'Bearer error="invalid_token"', **HTML}, b""),
    ("GET", "/oauth2/v1/authorize", 400, HTML, b"<p>Bad request</p>"),
    ("GET", "/login/login.htm", 200, HTML, b"<form></form>"),
    ("TRACE", "/oauth2/v1/authorize", 405, JSON, OAUTH_ERROR),            # routing, below /oauth2
])
def test_right_answers_pass(method, path, status, headers, body):
    assert problems(method, path, status, headers, body) == []


@pytest.mark.parametrize("method, path, status, headers, body, problem", [
    ("GET", "/api/v1/users", 500, JSON, OKTA_ERROR, "a server error 500"),
    ("GET", "/", 200, HTML,
     b'Traceback (most recent call last):\n  File "x.py", line 1', "a traceback in the body"),
    ("GET", "/api/v1/users", 400, HTML, b"<p>no</p>", "an error in the html dialect, expected okta"),
    ("GET", "/api/v1/users", 400, JSON, OAUTH_ERROR, "an error in the oauth dialect, expected okta"),
    ("POST", "/oauth2/default/v1/token", 400, HTML, b"",
     "an error in the html dialect, expected oauth or okta"),
    ("POST", "/oauth2/default/v1/token", 400, JSON, OKTA_ERROR,
     "Okta's error object with status 400 below /oauth2"),
    ("GET", "/login/login.htm", 400, JSON, OKTA_ERROR, "an error in the okta dialect, expected html"),
    ("GET", "/oauth2/v1/userinfo", 401, HTML, b"", "an error in the html dialect, expected bearer or okta"),
    ("POST", "/api/v1/authn", 400, JSON, b"{not json", "an error in the unknown dialect, expected okta"),
])
def test_wrong_answers_are_named(method, path, status, headers, body, problem):
    assert problem in problems(method, path, status, headers, body)
