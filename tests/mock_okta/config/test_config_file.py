"""The configuration file: apps and authorization servers in Okta's shapes."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from mock_okta import __main__ as cli
from mock_okta import create_app
from mock_okta.config import DEFAULT_CLIENT_ID, environment
from mock_okta.config.file import load_config_file

SPA_ID = "0oaOrdersSpa00000001"
WEB_ID = "0oaOrdersWeb00000001"


def config(**overrides) -> dict:
    document = {
        "authorizationServers": [{
            "id": "orders", "name": "Orders API", "audiences": ["api://orders"],
            "scopes": ["orders:read", {"name": "orders:write", "metadataPublish": "ALL_CLIENTS"}],
            "accessTokenLifetimeMinutes": 10, "refreshTokenLifetimeMinutes": 60}],
        "apps": [
            {"name": "oidc_client", "label": "Orders SPA", "signOnMode": "OPENID_CONNECT",
             "credentials": {"oauthClient": {"client_id": SPA_ID,
                                             "token_endpoint_auth_method": "none"}},
             "settings": {"oauthClient": {"application_type": "browser",
                                          "redirect_uris": ["http://localhost:3000/cb"]}}},
            {"name": "oidc_client", "label": "Orders web", "signOnMode": "OPENID_CONNECT",
             "credentials": {"oauthClient": {"client_id": WEB_ID}},
             "settings": {"oauthClient": {"redirect_uris": ["http://localhost:4000/cb"]}}},
        ],
    }
    document.update(overrides)
    return document


@pytest.fixture
def write(tmp_path):
    def write(document, name="okta.json") -> str:
        path = tmp_path / name
        path.write_text(document if isinstance(document, str) else json.dumps(document))
        return str(path)
    return write


def test_a_valid_file(write):
    servers, apps = load_config_file(write(config()))
    [orders] = servers
    assert (orders.id, orders.audience, orders.name) == ("orders", "api://orders", "Orders API")
    assert orders.scopes == ("orders:read", "orders:write")
    assert orders.published_scopes == ("orders:write",)
    assert (orders.access_token_lifetime, orders.refresh_token_lifetime) == (600, 3600)
    assert [app.client_id for app in apps] == [SPA_ID, WEB_ID]
    assert apps[0].token_endpoint_auth_method == "none"


def test_lifetime_defaults_and_the_seconds_extension(write):
    [server], _ = load_config_file(write({"authorizationServers": [
        {"id": "a", "audiences": ["api://a"], "accessTokenLifetimeSeconds": 2}]}))
    assert (server.access_token_lifetime, server.refresh_token_lifetime) == (2, 90 * 24 * 3600)
    assert load_config_file(write({})) == ((), ())


def test_environment_and_cli_select_the_file(write):
    env_path, cli_path = write(config(), "env.json"), write({"apps": []}, "cli.json")
    from_env = environment.from_env({"MOCK_OKTA_CONFIG": env_path})
    assert from_env.config_path == env_path and len(from_env.apps) == 2
    from_cli = environment.from_env({"MOCK_OKTA_CONFIG": env_path}, config_path=cli_path)
    assert from_cli.config_path == cli_path and from_cli.apps == ()
    assert environment.from_env({"MOCK_OKTA_CONFIG": ""}).config_path is None


def test_configured_apps_and_the_sites_client_are_all_apps(settings, write, api_headers):
    app = create_app(replace(settings, **_loaded(write(config()))))
    try:
        client = app.test_client()
        ids = {item["id"] for item in client.get("/api/v1/apps", headers=api_headers).json}
        assert {SPA_ID, WEB_ID, settings.clients[0].client_id} <= ids
        doc = client.get("/oauth2/orders/.well-known/openid-configuration").json
        assert "orders:write" in doc["scopes_supported"]
    finally:
        app.extensions["mock_okta"].store.close()


def test_generated_secrets_survive_restarts_and_config_wins(settings, write, tmp_path,
                                                            api_headers):
    settings = replace(settings, db_path=str(tmp_path / "org.sqlite3"),
                       **_loaded(write(config())))
    first = _app_json(settings, WEB_ID, api_headers)
    secret = first["credentials"]["oauthClient"]["client_secret"]
    assert len(secret) == 40
    changed = config()
    changed["apps"][1]["label"] = "Orders web v2"
    again = _app_json(replace(settings, **_loaded(write(changed))), WEB_ID, api_headers)
    assert again["label"] == "Orders web v2"
    assert again["credentials"]["oauthClient"]["client_secret"] == secret


def test_default_env_client_still_registered(write):
    settings = environment.from_env({"MOCK_OKTA_CONFIG": write(config())}, db_path=":memory:")
    assert settings.clients[0].client_id == DEFAULT_CLIENT_ID


def _loaded(path):
    servers, apps = load_config_file(path)
    return {"auth_servers": servers, "apps": apps, "config_path": path}


def _app_json(settings, app_id, headers):
    app = create_app(settings)
    try:
        return app.test_client().get(f"/api/v1/apps/{app_id}", headers=headers).json
    finally:
        app.extensions["mock_okta"].store.close()


def _server(**fields):
    return {"authorizationServers": [{"id": "a", "audiences": ["api://a"], **fields}]}


_APP = config()["apps"][1]


@pytest.mark.parametrize("document, message", [
    ("{not json", "not valid JSON"),
    ("[]", "top level must be a JSON object"),
    ({"clients": []}, "unknown key(s) clients"),
    ({"authorizationServers": {}}, "authorizationServers must be a list"),
    ({"apps": "x"}, "apps must be a list"),
    ({"authorizationServers": ["x"]}, "authorizationServers[0] must be an object"),
    (_server(id="has space"), "authorizationServers[0].id"),
    (_server(id=""), "authorizationServers[0].id"),
    (_server(id="a/b"), "authorizationServers[0].id"),
    ({"authorizationServers": [{"id": "a"}]}, "audiences must hold exactly one"),
    (_server(audiences=["x", "y"]), "audiences must hold exactly one"),
    (_server(audiences=[" "]), "audiences must hold exactly one"),
    (_server(name=3), ".name must be a string"),
    (_server(colour="red"), "unknown key(s) colour"),
    (_server(scopes="orders:read"), ".scopes must be a list"),
    (_server(scopes=["has space"]), ".scopes[0] must be a scope name"),
    (_server(scopes=[{"name": "a", "metadataPublish": "SOME"}]), "metadataPublish"),
    (_server(scopes=[{"metadataPublish": "ALL_CLIENTS"}]), ".scopes[0] must be a scope name"),
    (_server(accessTokenLifetimeMinutes=4), "accessTokenLifetimeMinutes must be"),
    (_server(accessTokenLifetimeMinutes=1441), "accessTokenLifetimeMinutes must be"),
    (_server(accessTokenLifetimeMinutes="60"), "accessTokenLifetimeMinutes must be"),
    (_server(accessTokenLifetimeMinutes=True), "accessTokenLifetimeMinutes must be"),
    (_server(accessTokenLifetimeSeconds=0), "accessTokenLifetimeSeconds must be"),
    (_server(accessTokenLifetimeMinutes=60, refreshTokenLifetimeMinutes=30), "at least the"),
    ({"authorizationServers": [{"id": "a", "audiences": ["x"]}] * 2}, "'a' appears twice"),
    ({"apps": [5]}, "apps[0] must be an object"),
    ({"apps": [{**_APP, "label": ""}]}, "apps[0]: label: The field cannot be left blank"),
    ({"apps": [{**_APP, "credentials": {}}]}, "client_id is required"),
    ({"apps": [_APP, _APP]}, f"client_id '{WEB_ID}' appears twice"),
])
def test_bad_files_name_the_file_and_the_entry(write, document, message):
    path = write(document)
    with pytest.raises(ValueError) as caught:
        load_config_file(path)
    assert path in str(caught.value) and message in str(caught.value)


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(ValueError, match="cannot read it"):
        load_config_file(str(tmp_path / "nope.json"))
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_config_file(str(tmp_path / "bin.json"))


def test_cli_reports_a_bad_config_file_and_exits_2(tmp_path, capsys, monkeypatch):
    for name in ("MOCK_OKTA_CONFIG", "MOCK_OKTA_DB"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # main() sets it with setdefault
    path = tmp_path / "bad.json"
    path.write_text("{}{")
    assert cli.main(["--db", ":memory:", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mock-okta: config file {path}: not valid JSON")
    assert "Traceback" not in err
