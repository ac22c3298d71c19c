"""Settings.from_env: MOCK_OKTA_* variables, their defaults, and CLI overrides."""

from __future__ import annotations

import pytest

from mock_okta.config import (
    DEFAULT_API_TOKEN,
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_DB_PATH,
    DEFAULT_PASSWORD_HASH_ITERATIONS,
    DEFAULT_POST_LOGOUT_REDIRECT_URIS,
    DEFAULT_REDIRECT_URIS,
    DemoUser,
    environment,
)
from mock_okta.config.settings import DEFAULT_RATE_LIMIT


def test_defaults_with_an_empty_environment():
    settings = environment.from_env({})
    assert settings.db_path == DEFAULT_DB_PATH == ".mock-okta/okta.sqlite3"
    assert settings.api_token == DEFAULT_API_TOKEN == "00MockOktaDevelopmentApiToken"
    assert settings.org_url is None
    assert settings.password_hash_iterations == DEFAULT_PASSWORD_HASH_ITERATIONS == 1000
    assert settings.demo_user == DemoUser()
    assert len(settings.clients) == 1
    client = settings.clients[0]
    assert client.client_id == DEFAULT_CLIENT_ID == "0oaMockFlaskSite0001"
    assert client.client_secret == DEFAULT_CLIENT_SECRET
    assert client.redirect_uris == list(DEFAULT_REDIRECT_URIS) == [
        "http://127.0.0.1:5000/authorization-code/callback",
        "http://localhost:5000/authorization-code/callback"]
    assert client.post_logout_redirect_uris == list(DEFAULT_POST_LOGOUT_REDIRECT_URIS) == [
        "http://127.0.0.1:5000/", "http://localhost:5000/"]


def test_defaults_match_the_sites_defaults():
    """The site's .env.example points at the mock with these same values."""
    settings = environment.from_env({})
    assert settings.api_token == "00MockOktaDevelopmentApiToken"
    assert settings.clients[0].client_secret == "mock-okta-dev-secret-do-not-use-in-production"


def test_unrelated_variables_are_ignored():
    assert environment.from_env({"OKTA_CLIENT_ID": "0oaSomethingElse", "PORT": "1"}) \
        == environment.from_env({})


def _client(settings):
    return settings.clients[0]


@pytest.mark.parametrize(
    "variable, value, read, expected",
    [
        ("MOCK_OKTA_DB", "/tmp/org.sqlite3", lambda s: s.db_path, "/tmp/org.sqlite3"),
        ("MOCK_OKTA_DB", ":memory:", lambda s: s.db_path, ":memory:"),
        ("MOCK_OKTA_API_TOKEN", "00abc", lambda s: s.api_token, "00abc"),
        ("MOCK_OKTA_ORG_URL", "http://okta.test:8080", lambda s: s.org_url,
         "http://okta.test:8080"),
        ("MOCK_OKTA_ORG_URL", "http://okta.test:8080/", lambda s: s.org_url,
         "http://okta.test:8080"),
        ("MOCK_OKTA_CLIENT_ID", "0oaOther", lambda s: _client(s).client_id, "0oaOther"),
        ("MOCK_OKTA_CLIENT_SECRET", "s3cret", lambda s: _client(s).client_secret, "s3cret"),
        ("MOCK_OKTA_REDIRECT_URIS", "http://a.test/cb", lambda s: _client(s).redirect_uris,
         ["http://a.test/cb"]),
        ("MOCK_OKTA_REDIRECT_URIS", " http://a.test/cb , http://b.test/cb,, ",
         lambda s: _client(s).redirect_uris, ["http://a.test/cb", "http://b.test/cb"]),
        ("MOCK_OKTA_POST_LOGOUT_REDIRECT_URIS", "http://a.test/",
         lambda s: _client(s).post_logout_redirect_uris, ["http://a.test/"]),
        ("MOCK_OKTA_POST_LOGOUT_REDIRECT_URIS", "http://a.test/ ,\thttp://b.test/ ",
         lambda s: _client(s).post_logout_redirect_uris, ["http://a.test/", "http://b.test/"]),
        ("MOCK_OKTA_PASSWORD_HASH_ITERATIONS", "5000", lambda s: s.password_hash_iterations,
         5000),
        ("MOCK_OKTA_PASSWORD_HASH_ITERATIONS", "1", lambda s: s.password_hash_iterations, 1),
        ("MOCK_OKTA_PASSWORD_HASH_ITERATIONS", " 42 ", lambda s: s.password_hash_iterations,
         42),
    ],
    ids=["db", "db-memory", "api-token", "org-url", "org-url-trailing-slash", "client-id",
         "client-secret", "redirect-uri", "redirect-uris-trimmed", "logout-uri",
         "logout-uris-trimmed", "iterations", "iterations-1", "iterations-padded"],
)
def test_each_variable(variable, value, read, expected):
    assert read(environment.from_env({variable: value})) == expected


def test_variables_do_not_leak_into_each_other():
    settings = environment.from_env({"MOCK_OKTA_REDIRECT_URIS": "http://a.test/cb"})
    assert settings.clients[0].post_logout_redirect_uris == list(DEFAULT_POST_LOGOUT_REDIRECT_URIS)
    assert settings.clients[0].client_id == DEFAULT_CLIENT_ID


@pytest.mark.parametrize(
    "variable, read, default",
    [
        ("MOCK_OKTA_DB", lambda s: s.db_path, DEFAULT_DB_PATH),
        ("MOCK_OKTA_API_TOKEN", lambda s: s.api_token, DEFAULT_API_TOKEN),
        ("MOCK_OKTA_ORG_URL", lambda s: s.org_url, None),
        ("MOCK_OKTA_CLIENT_ID", lambda s: _client(s).client_id, DEFAULT_CLIENT_ID),
        ("MOCK_OKTA_CLIENT_SECRET", lambda s: _client(s).client_secret, DEFAULT_CLIENT_SECRET),
        ("MOCK_OKTA_REDIRECT_URIS", lambda s: _client(s).redirect_uris,
         list(DEFAULT_REDIRECT_URIS)),
        ("MOCK_OKTA_POST_LOGOUT_REDIRECT_URIS", lambda s: _client(s).post_logout_redirect_uris,
         list(DEFAULT_POST_LOGOUT_REDIRECT_URIS)),
        ("MOCK_OKTA_PASSWORD_HASH_ITERATIONS", lambda s: s.password_hash_iterations,
         DEFAULT_PASSWORD_HASH_ITERATIONS),
    ],
    ids=["db", "api-token", "org-url", "client-id", "client-secret", "redirect-uris",
         "logout-uris", "iterations"],
)
def test_empty_variable_means_default(variable, read, default):
    """`VAR=` in a compose file or .env is "not set", not "set to nothing"."""
    assert read(environment.from_env({variable: ""})) == default


@pytest.mark.parametrize("value", ["abc", "1.5", "1e3", "0", "-1", "ten"])
def test_bad_iterations_name_the_variable(value):
    with pytest.raises(ValueError) as caught:
        environment.from_env({"MOCK_OKTA_PASSWORD_HASH_ITERATIONS": value})
    assert "MOCK_OKTA_PASSWORD_HASH_ITERATIONS" in str(caught.value)
    assert value in str(caught.value)


def test_cli_overrides_win_over_the_environment():
    settings = environment.from_env({"MOCK_OKTA_DB": "/env/org.sqlite3",
                                  "MOCK_OKTA_API_TOKEN": "from-env"},
                                 db_path="/cli/org.sqlite3", api_token="from-cli")
    assert settings.db_path == "/cli/org.sqlite3"
    assert settings.api_token == "from-cli"


def test_demo_user_can_be_switched_off():
    """What `--no-demo-user` passes: demo_user=None must reach the settings."""
    settings = environment.from_env({}, demo_user=None)
    assert settings.demo_user is None


def test_reads_os_environ_by_default(monkeypatch):
    monkeypatch.setenv("MOCK_OKTA_API_TOKEN", "from-os-environ")
    assert environment.from_env().api_token == "from-os-environ"


@pytest.mark.parametrize("value, expected", [("true", True), ("1", True), ("YES", True),
                                             ("false", False), ("", False), ("no", False)])
def test_registration_verify_email(value, expected):
    assert environment.from_env({"MOCK_OKTA_REGISTRATION_VERIFY_EMAIL": value}) \
        .registration_verify_email is expected
    assert environment.from_env({}).registration_verify_email is False


def test_rate_limit_comes_from_the_environment():
    assert environment.from_env({}).rate_limit == DEFAULT_RATE_LIMIT == 10_000
    assert environment.from_env({"MOCK_OKTA_RATE_LIMIT": ""}).rate_limit == DEFAULT_RATE_LIMIT
    assert environment.from_env({"MOCK_OKTA_RATE_LIMIT": "25"}).rate_limit == 25


@pytest.mark.parametrize("value", ["abc", "1.5", "0", "-3", "lots"])
def test_bad_rate_limit_is_a_clear_error(value):
    """It used to fall back to the default without a word; now start-up says why."""
    with pytest.raises(ValueError) as caught:
        environment.from_env({"MOCK_OKTA_RATE_LIMIT": value})
    assert "MOCK_OKTA_RATE_LIMIT" in str(caught.value)
    assert value in str(caught.value)
