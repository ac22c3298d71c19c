"""Settings from the environment: defaults, overrides, derivations, bad values, `.env`."""

from pathlib import Path

import pytest

from app import create_app
from app.config import (
    DEV_SECRET_KEY,
    ENV_KEYS,
    ConfigError,
    environment,
    load_settings,
    org_url_from_issuer,
    read_env_file,
)


def test_defaults_point_at_the_local_mock():
    settings = load_settings({})
    assert settings == {
        "OKTA_ISSUER": "http://127.0.0.1:8080/oauth2/default",
        "OKTA_SERVER_METADATA_URL":
            "http://127.0.0.1:8080/oauth2/default/.well-known/openid-configuration",
        "OKTA_CLIENT_ID": "0oaMockFlaskSite0001",
        "OKTA_CLIENT_SECRET": "mock-okta-dev-secret-do-not-use-in-production",
        "OKTA_ORG_URL": "http://127.0.0.1:8080",
        "OKTA_API_TOKEN": "00MockOktaDevelopmentApiToken",
        "OKTA_SCOPES": "openid profile email",
        "OKTA_HTTP_TIMEOUT": 10.0,
        "SECRET_KEY": DEV_SECRET_KEY,
        "USER_REFRESH_SECONDS": 300,
        "SESSION_COOKIE_SECURE": False,
    }


def test_a_real_org_is_configuration_only():
    settings = load_settings({
        "OKTA_ISSUER": "https://dev-123.okta.com/oauth2/default",
        "OKTA_CLIENT_ID": "0oabucvyc38HLL1ef0h7",
        "OKTA_CLIENT_SECRET": "real-secret",
        "OKTA_API_TOKEN": "00real-token",
        "OKTA_SCOPES": "openid email",
        "SECRET_KEY": "prod-key",
        "USER_REFRESH_SECONDS": "60",
        "OKTA_HTTP_TIMEOUT": "2.5",
        "SESSION_COOKIE_SECURE": "true",
    })
    assert settings["OKTA_ISSUER"] == "https://dev-123.okta.com/oauth2/default"
    assert settings["OKTA_SERVER_METADATA_URL"] == (
        "https://dev-123.okta.com/oauth2/default/.well-known/openid-configuration")
    assert settings["OKTA_ORG_URL"] == "https://dev-123.okta.com"
    assert settings["OKTA_CLIENT_ID"] == "0oabucvyc38HLL1ef0h7"
    assert settings["OKTA_CLIENT_SECRET"] == "real-secret"
    assert settings["OKTA_API_TOKEN"] == "00real-token"
    assert settings["OKTA_SCOPES"] == "openid email"
    assert settings["SECRET_KEY"] == "prod-key"
    assert settings["USER_REFRESH_SECONDS"] == 60
    assert settings["OKTA_HTTP_TIMEOUT"] == 2.5
    assert settings["SESSION_COOKIE_SECURE"] is True


@pytest.mark.parametrize("issuer, org_url", [
    ("http://127.0.0.1:8080/oauth2/default", "http://127.0.0.1:8080"),
    ("https://dev-123.okta.com/oauth2/default", "https://dev-123.okta.com"),
    ("https://dev-123.okta.com/oauth2/aus59pz16qgMvHvBS0g7", "https://dev-123.okta.com"),
    ("https://dev-123.okta.com", "https://dev-123.okta.com"),  # the org authorization server
    ("http://localhost:9999/oauth2/default", "http://localhost:9999"),
    ("http://[::1]:8080/oauth2/default", "http://[::1]:8080"),
])
def test_org_url_is_derived_from_the_issuer(issuer, org_url):
    assert org_url_from_issuer(issuer) == org_url
    assert load_settings({"OKTA_ISSUER": issuer, "SECRET_KEY": "k"})["OKTA_ORG_URL"] == org_url


def test_explicit_org_url_wins_over_the_derived_one():
    settings = load_settings({"OKTA_ISSUER": "https://auth.example.com/oauth2/default",
                              "OKTA_ORG_URL": "https://example.okta.com/", "SECRET_KEY": "k"})
    assert settings["OKTA_ORG_URL"] == "https://example.okta.com"


def test_trailing_slash_on_the_issuer_is_dropped():
    settings = load_settings({"OKTA_ISSUER": "https://dev-1.okta.com/oauth2/default/",
                              "SECRET_KEY": "k"})
    assert settings["OKTA_ISSUER"] == "https://dev-1.okta.com/oauth2/default"
    assert settings["OKTA_SERVER_METADATA_URL"] == (
        "https://dev-1.okta.com/oauth2/default/.well-known/openid-configuration")


def test_empty_values_mean_default_and_whitespace_is_ignored():
    settings = load_settings({"OKTA_CLIENT_ID": "", "SECRET_KEY": "  ",
                              "OKTA_SCOPES": "  openid   profile "})
    assert settings["OKTA_CLIENT_ID"] == "0oaMockFlaskSite0001"
    assert settings["SECRET_KEY"] == DEV_SECRET_KEY
    assert settings["OKTA_SCOPES"] == "openid profile"


@pytest.mark.parametrize("env, names", [
    ({"OKTA_ISSUER": "not a url"}, "OKTA_ISSUER"),
    ({"OKTA_ISSUER": "ftp://dev.okta.com/oauth2/default"}, "OKTA_ISSUER"),
    ({"OKTA_ISSUER": "https:///oauth2/default"}, "OKTA_ISSUER"),
    ({"OKTA_ORG_URL": "dev.okta.com"}, "OKTA_ORG_URL"),
    ({"OKTA_SCOPES": "profile email"}, "OKTA_SCOPES"),
    ({"USER_REFRESH_SECONDS": "soon"}, "USER_REFRESH_SECONDS"),
    ({"USER_REFRESH_SECONDS": "-1"}, "USER_REFRESH_SECONDS"),
    ({"USER_REFRESH_SECONDS": "1.5"}, "USER_REFRESH_SECONDS"),
    ({"OKTA_HTTP_TIMEOUT": "0"}, "OKTA_HTTP_TIMEOUT"),
    ({"OKTA_HTTP_TIMEOUT": "nan"}, "OKTA_HTTP_TIMEOUT"),
    ({"OKTA_HTTP_TIMEOUT": "inf"}, "OKTA_HTTP_TIMEOUT"),
    ({"OKTA_HTTP_TIMEOUT": "fast"}, "OKTA_HTTP_TIMEOUT"),
    ({"SESSION_COOKIE_SECURE": "maybe"}, "SESSION_COOKIE_SECURE"),
])
def test_bad_values_fail_at_start_up_naming_the_variable(env, names):
    with pytest.raises(ConfigError, match=names):
        load_settings(env)


def test_refresh_seconds_may_be_zero():
    assert load_settings({"USER_REFRESH_SECONDS": "0"})["USER_REFRESH_SECONDS"] == 0


def test_env_file_parsing(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "# a comment\n"
        "\n"
        "OKTA_ISSUER=https://dev-1.okta.com/oauth2/default\n"
        "export OKTA_CLIENT_ID = 0oaFromDotEnv\n"
        "OKTA_CLIENT_SECRET=\"quoted # not a comment\"\n"
        "SECRET_KEY='single'\n"
        "EMPTY=\n"
        "WITH_EQUALS=a=b\n"
    )
    assert read_env_file(env_file) == {
        "OKTA_ISSUER": "https://dev-1.okta.com/oauth2/default",
        "OKTA_CLIENT_ID": "0oaFromDotEnv",
        "OKTA_CLIENT_SECRET": "quoted # not a comment",
        "SECRET_KEY": "single",
        "EMPTY": "",
        "WITH_EQUALS": "a=b",
    }


def test_missing_env_file_is_empty(tmp_path):
    assert read_env_file(tmp_path / "absent.env") == {}


@pytest.mark.parametrize("line", ["JUST_A_WORD", "=value", "BAD KEY=1", "1ABC=x"])
def test_malformed_env_file_line_is_a_clear_error(tmp_path, line):
    env_file = tmp_path / ".env"
    env_file.write_text(f"OK=1\n{line}\n")
    with pytest.raises(ConfigError, match=r"\.env:2: expected KEY=value"):
        read_env_file(env_file)


def test_real_environment_wins_over_env_file(tmp_path, monkeypatch):
    env_file = tmp_path / ".env"
    env_file.write_text("OKTA_CLIENT_ID=from-file\nOKTA_API_TOKEN=file-token\n")
    monkeypatch.setenv("OKTA_CLIENT_ID", "from-env")
    monkeypatch.delenv("OKTA_API_TOKEN", raising=False)
    merged = environment(env_file)
    assert merged["OKTA_CLIENT_ID"] == "from-env"
    assert merged["OKTA_API_TOKEN"] == "file-token"


def test_create_app_reads_the_environment_and_dot_env(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("OKTA_ISSUER=https://dev-42.okta.com/oauth2/default\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OKTA_CLIENT_ID", "0oaFromEnvironment")
    monkeypatch.setenv("SECRET_KEY", "k")
    app = create_app()
    assert app.config["OKTA_ISSUER"] == "https://dev-42.okta.com/oauth2/default"
    assert app.config["OKTA_ORG_URL"] == "https://dev-42.okta.com"
    assert app.config["OKTA_CLIENT_ID"] == "0oaFromEnvironment"


def test_test_config_is_hermetic_and_derives_from_its_issuer(monkeypatch):
    monkeypatch.setenv("OKTA_CLIENT_ID", "0oaFromEnvironment")
    app = create_app({"OKTA_ISSUER": "http://127.0.0.1:1234/oauth2/default", "TESTING": True})
    assert app.config["OKTA_CLIENT_ID"] == "0oaMockFlaskSite0001"
    assert app.config["OKTA_ORG_URL"] == "http://127.0.0.1:1234"
    assert app.config["TESTING"] is True


def test_session_cookie_settings(app):
    assert app.config["SESSION_COOKIE_NAME"] == "flask_site_session"
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_the_development_secret_key_is_announced(caplog):
    with caplog.at_level("WARNING"):
        create_app({"TESTING": True})
    assert "SECRET_KEY is not set" in caplog.text


def test_a_real_secret_key_is_not_warned_about(caplog):
    with caplog.at_level("WARNING"):
        create_app({"TESTING": True, "SECRET_KEY": "real"})
    assert "SECRET_KEY" not in caplog.text


def test_start_up_makes_no_network_calls(helpers):
    # Discovery is lazy: an app whose IdP is down still builds and serves its pages.
    app = create_app(helpers.site_config())
    assert app.test_client().get("/").status_code == 200


def test_test_config_strings_are_parsed_like_the_environment():
    app = create_app({"TESTING": True, "OKTA_HTTP_TIMEOUT": "2.5", "USER_REFRESH_SECONDS": "7"})
    assert app.config["OKTA_HTTP_TIMEOUT"] == 2.5
    assert app.config["USER_REFRESH_SECONDS"] == 7
    app = create_app({"TESTING": True, "USER_REFRESH_SECONDS": 0})
    assert app.config["USER_REFRESH_SECONDS"] == 0


def test_the_repository_env_example_spells_out_the_defaults():
    # .env.example documents every variable with its default; keep the two in step.
    example = Path(__file__).resolve().parents[2] / ".env.example"
    assert example.exists(), ".env.example must ship with the repository"
    values = read_env_file(example)
    assert set(values) <= set(ENV_KEYS)
    assert load_settings(values) == load_settings({})


@pytest.mark.parametrize("issuer", ["https://dev-123.okta.com/oauth2/default",
                                    "http://mock-okta:8080/oauth2/default",
                                    "http://10.0.0.5:8080/oauth2/default"])
def test_secret_key_is_required_when_the_issuer_is_not_on_this_machine(issuer):
    with pytest.raises(ConfigError, match="SECRET_KEY must be set when OKTA_ISSUER is not on "
                                          "this machine"):
        load_settings({"OKTA_ISSUER": issuer})
    assert load_settings({"OKTA_ISSUER": issuer, "SECRET_KEY": "set"})["SECRET_KEY"] == "set"


@pytest.mark.parametrize("issuer", ["http://127.0.0.1:8080/oauth2/default",
                                    "http://localhost:8080/oauth2/default",
                                    "http://[::1]:8080/oauth2/default",
                                    "http://127.0.0.2:8080/oauth2/default"])
def test_the_development_key_is_allowed_on_loopback(issuer):
    assert load_settings({"OKTA_ISSUER": issuer})["SECRET_KEY"] == DEV_SECRET_KEY
