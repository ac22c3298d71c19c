"""Console: the controls (clock, faults, forgeries, reset), the same calls as the
control API."""

from __future__ import annotations

import pytest

from mock_okta.clock import iso, now
from mock_okta.directory.users import get_user
from tests.mock_okta.support import CLIENT_ID


def test_the_page_shows_the_orgs_time(console):
    page = console.page("/controls")
    assert page.find(id="org-now")["_text"][:16] == iso(now())[:16]


def test_advance_the_clock(console, org, client):
    shown = console.act("/clock", {"move": "advance", "advanceSeconds": "3600"}, on="/controls")
    assert round(org.clock_offset) == 3600
    assert shown.page.find(id="clock-offset")["_text"] == "3600"
    assert client.get("/_mock/clock").json["offsetSeconds"] == pytest.approx(3600, abs=1)


def test_set_the_clock_then_back_to_real_time(console, org):
    console.act("/clock", {"move": "set", "set": "2031-01-01T00:00:00Z"}, on="/controls")
    assert iso(now()).startswith("2031-01-01T00:00")
    console.act("/clock", {"move": "real"}, on="/controls")
    assert org.clock_offset == 0


@pytest.mark.parametrize(("form", "message"), [
    ({"move": "advance", "advanceSeconds": "-5"}, "advanceSeconds: must be a number of seconds"),
    ({"move": "advance", "advanceSeconds": ""}, "advanceSeconds: must be a number of seconds"),
    ({"move": "set", "set": "tomorrow"}, "set: must be an ISO-8601 time"),
    ({"move": "set", "set": "2001-01-01T00:00:00Z"}, "the org's clock only moves forward"),
])
def test_bad_clock_moves_are_messages(console, org, form, message):
    shown = console.act("/clock", form, on="/controls")
    assert message in shown.error
    assert org.clock_offset == 0


def test_arm_and_clear_a_fault(console, org, client):
    shown = console.act("/faults", {"endpoint": "token", "kind": "http_error", "status": "503",
                                    "count": "1"}, on="/controls")
    assert shown.notice.startswith("Armed fault")
    assert '"endpoint": "token"' in shown.page.find(id="faults")["_text"]
    assert client.post("/oauth2/default/v1/token").status_code == 503
    console.act("/faults", {"endpoint": "keys", "kind": "delay", "delay_ms": "1"}, on="/controls")
    console.act("/faults/clear", on="/controls")
    assert org.faults.list() == []


def test_a_bad_fault_is_a_message(console, org):
    shown = console.act("/faults", {"endpoint": "token", "kind": "http_error", "status": "700"},
                        on="/controls")
    assert "status" in shown.error
    assert org.faults.list() == []


def test_arm_and_clear_forgeries(console, org):
    console.act("/forgeries", {"kind": "bad_signature", "clientId": CLIENT_ID}, on="/controls")
    shown = console.act("/forgeries", {"kind": "jwks_without_signing_key", "server": "default"},
                        on="/controls")
    text = shown.page.find(id="forgeries")["_text"]
    assert "bad_signature" in text and "jwks_without_signing_key" in text
    console.act("/forgeries/clear", on="/controls")
    assert org.forgeries.list() == []


def test_a_bad_forgery_is_a_message(console, org):
    shown = console.act("/forgeries", {"kind": "bad_signature"}, on="/controls")
    assert "clientId: is required" in shown.error
    assert org.forgeries.list() == []


def test_reset_brings_back_the_seeded_org(console, org, make_user):
    user = make_user()
    console.act("/clock", {"move": "advance", "advanceSeconds": "60"}, on="/controls")
    shown = console.act("/reset", on="/controls")
    assert shown.notice == "The org is back to its seeded state."
    assert get_user(org.store, user["id"]) is None and org.clock_offset == 0


def test_the_export_is_a_download_of_the_control_endpoint(console, client):
    link = console.page("/controls").find(id="export-org")
    assert link["href"] == "/_mock/export" and link["download"] == "mock-okta-org.json"
    assert client.get(link["href"]).json["mockOkta"]["format"] == 1
