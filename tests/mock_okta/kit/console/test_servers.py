"""Console: authorization servers and key rotation (Org.rotate_keys)."""

from __future__ import annotations

from mock_okta.org.servers import ORG_SERVER_ID


def test_every_server_is_shown_with_its_keys(console, org):
    page = console.page("/servers")
    for server in (org.org_server, *org.servers.values()):
        section = page.find("section", id=f"server-{'org' if server.is_org else server.id}")
        assert server.keyring.signing_key().kid in section["_text"]


def test_rotate_the_default_servers_keys(console, org):
    server = org.server("default")
    before = server.keyring.signing_key().kid
    shown = console.act("/servers/rotate", {"server": "default"}, on="/servers")
    after = {key.kid: key.status for key in server.keyring.keys()}
    assert after[before] == "EXPIRED"
    active = server.keyring.signing_key().kid
    assert active != before and shown.notice == f"Rotated the keys of default: {active} signs now."
    # The published key set changed with it (the document cache was cleared).
    jwks = console.client.get("/oauth2/default/v1/keys").json
    assert active in [key["kid"] for key in jwks["keys"]]


def test_rotate_the_org_server(console, org):
    before = org.org_server.keyring.signing_key().kid
    console.act("/servers/rotate", {"server": ORG_SERVER_ID}, on="/servers")
    assert org.org_server.keyring.signing_key().kid != before


def test_an_unknown_server_is_not_found(console):
    response = console.submit("/servers/rotate", {"server": "nope"}, on="/servers")
    assert response.status_code == 404
