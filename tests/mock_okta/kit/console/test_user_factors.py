"""Console: a user's factors on their page, and Okta's admin actions (reset one, reset
all) writing the same System Log events as the Factors API."""

from __future__ import annotations

import pytest

from mock_okta.directory import factors as core
from mock_okta.directory import system_log
from mock_okta.kit.console.user_factors import factor_rows
from tests.mock_okta.support.factors import active_totp, enroll, path_of, totp_code

FACTOR_EVENTS = ("user.mfa.factor.deactivate", "user.mfa.factor.reset_all")


def factor_events(org) -> list[dict]:
    """The factor events, without what differs from one request to the next."""
    return [{"eventType": e["eventType"], "target": e["target"],
             "debugData": {k: v for k, v in e["debugContext"]["debugData"].items()
                           if k in ("factor", "factorId", "provider")}}
            for e in system_log.events(org.store) if e["eventType"] in FACTOR_EVENTS]


def user_with_factors(client, api_headers, make_user):
    """An active TOTP (verified once through the API) and an active SMS factor."""
    user = make_user()
    totp, secret, _ = active_totp(client, api_headers, user["id"])
    verify = client.post(path_of(totp["_links"]["verify"]["href"]), headers=api_headers,
                         json={"passCode": totp_code(client, secret, steps=1)})
    assert verify.json == {"factorResult": "SUCCESS"}
    sms = client.post(f"/api/v1/users/{user['id']}/factors?activate=true", headers=api_headers,
                      json={"factorType": "sms", "provider": "OKTA",
                            "profile": {"phoneNumber": "+15555550123"}}).json
    assert sms["status"] == "ACTIVE"
    return user, totp, sms


def test_the_users_factors_are_listed(console, client, api_headers, make_user):
    user, totp, sms = user_with_factors(client, api_headers, make_user)
    page = console.page(f"/users/{user['id']}")
    totp_row = page.find(id=f"factor-{totp['id']}")["_text"]
    for part in ("token:software:totp", "GOOGLE", "ACTIVE", "Account:",
                 user["profile"]["login"]):
        assert part in totp_row
    sms_row = page.find(id=f"factor-{sms['id']}")["_text"]
    assert "sms" in sms_row and "+15555550123" in sms_row
    totp_verified, sms_verified = [td["_text"] for td in page.find_all("td", class_="last-verified")]
    assert totp_verified.endswith("Z")      # the API's verify above
    assert sms_verified == "—"              # never verified


def test_a_new_user_has_none(console, make_user):
    user = make_user()
    page = console.page(f"/users/{user['id']}")
    assert page.find(id="no-factors") is not None
    assert page.find(id="reset-factors") is None


def test_no_totp_secret_or_qr_code_is_ever_shown(console, org, client, api_headers, make_user):
    user = make_user()
    pending = enroll(client, api_headers, user["id"], "token:software:totp", "GOOGLE").json
    activation = pending["_embedded"]["activation"]
    stored = core.get_factor(org.store, user["id"], pending["id"])
    html = console.get(f"/users/{user['id']}").get_data(as_text=True)
    assert "PENDING_ACTIVATION" in html
    for secret in (activation["sharedSecret"], stored.qr_token, "/qr/", "otpauth"):
        assert secret not in html
    active, secret, _ = active_totp(client, api_headers, make_user()["id"], provider="OKTA")
    html = console.get(f"/users/{active['_links']['user']['href'].rsplit('/', 1)[1]}").get_data(
        as_text=True)
    assert secret not in html


def test_a_security_answer_is_never_shown(console, client, api_headers, make_user):
    user = make_user()
    enroll(client, api_headers, user["id"], "question",
           profile={"question": "disliked_food", "answer": "brussels sprouts"})
    html = console.get(f"/users/{user['id']}").get_data(as_text=True)
    assert "What is the food you least liked as a child?" in html
    assert "brussels sprouts" not in html


def test_factor_rows_keep_only_what_may_be_seen():
    from mock_okta.directory.factor_catalog import kind_of
    factor = core.Factor("ufs1", "00u1", kind_of("question", "OKTA"), "ACTIVE",
                         {"question": "disliked_food", "questionText": "Food?",
                          "answer": "leaked"}, 1.0, 2.0, secret="hash", qr_token="tok")
    (row,) = factor_rows([factor])
    assert row == {"id": "ufs1", "type": "question", "provider": "OKTA", "status": "ACTIVE",
                   "created": 1.0, "last_verified": None, "details": [("Question", "Food?")]}


def test_reset_one_factor_logs_what_the_api_logs(console, org, client, api_headers, make_user):
    user, totp, sms = user_with_factors(client, api_headers, make_user)
    page = f"/users/{user['id']}"
    shown = console.act(f"{page}/factors/{totp['id']}/reset", on=page)
    assert shown.notice == "Reset the token:software:totp factor (GOOGLE)."
    assert shown.page.find(id=f"factor-{totp['id']}") is None
    assert core.get_factor(org.store, user["id"], totp["id"]) is None
    from_console = factor_events(org)
    assert client.delete(f"/api/v1/users/{user['id']}/factors/{sms['id']}",
                         headers=api_headers).status_code == 204
    from_api = factor_events(org)[len(from_console):]
    assert [e["eventType"] for e in from_console] == ["user.mfa.factor.deactivate"]
    assert from_console[0]["debugData"] == {"factor": "token:software:totp",
                                            "factorId": totp["id"], "provider": "GOOGLE"}
    assert from_console[0]["target"] == from_api[0]["target"]
    assert from_api[0]["debugData"]["factorId"] == sms["id"]


def test_resetting_a_pending_factor_logs_nothing_as_in_the_api(console, org, client,
                                                               api_headers, make_user):
    user = make_user()
    pending = enroll(client, api_headers, user["id"], "token:software:totp", "GOOGLE").json
    page = f"/users/{user['id']}"
    console.act(f"{page}/factors/{pending['id']}/reset", on=page)
    assert core.list_factors(org.store, user["id"]) == []
    assert factor_events(org) == []


def test_reset_all_logs_what_the_api_logs(console, org, client, api_headers, make_user):
    user, _, _ = user_with_factors(client, api_headers, make_user)
    page = f"/users/{user['id']}"
    shown = console.act(f"{page}/factors/reset", on=page)
    assert shown.notice == "Reset all factors."
    assert shown.page.find(id="no-factors") is not None
    assert core.list_factors(org.store, user["id"]) == []
    assert client.post(f"/api/v1/users/{user['id']}/lifecycle/reset_factors",
                       headers=api_headers).status_code == 200
    console_event, api_event = factor_events(org)
    assert console_event == api_event
    assert console_event["eventType"] == "user.mfa.factor.reset_all"
    assert console_event["target"][0]["id"] == user["id"]


def test_a_reset_factor_can_be_enrolled_again(console, client, api_headers, make_user):
    user, totp, _ = user_with_factors(client, api_headers, make_user)
    console.act(f"/users/{user['id']}/factors/{totp['id']}/reset", on=f"/users/{user['id']}")
    again = enroll(client, api_headers, user["id"], "token:software:totp", "GOOGLE")
    assert again.status_code == 200 and again.json["status"] == "PENDING_ACTIVATION"


@pytest.mark.parametrize(("path", "kind"), [
    ("/users/{user}/factors/ostNoSuchFactor/reset", "(UserFactor)"),
    ("/users/00uNoSuchUser/factors/ostNoSuchFactor/reset", "(User)"),
    ("/users/00uNoSuchUser/factors/reset", "(User)"),
])
def test_an_unknown_user_or_factor_is_the_404_page(console, make_user, path, kind):
    user = make_user()
    response = console.submit(path.format(user=user["id"]), on=f"/users/{user['id']}")
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert kind in response.get_data(as_text=True)


def test_another_users_factor_is_not_found(console, org, client, api_headers, make_user):
    owner, totp, _ = user_with_factors(client, api_headers, make_user)
    other = make_user()
    response = console.submit(f"/users/{other['id']}/factors/{totp['id']}/reset",
                              on=f"/users/{other['id']}")
    assert response.status_code == 404
    assert core.get_factor(org.store, owner["id"], totp["id"]) is not None


@pytest.mark.parametrize("action", ["/factors/reset", "/factors/{factor}/reset"])
def test_without_the_csrf_token_nothing_is_reset(console, org, client, api_headers, make_user,
                                                 action):
    user, totp, _ = user_with_factors(client, api_headers, make_user)
    path = f"/users/{user['id']}" + action.format(factor=totp["id"])
    response = console.submit(path, on=f"/users/{user['id']}", csrf=False)
    assert response.status_code == 403
    assert len(core.list_factors(org.store, user["id"])) == 2
    assert factor_events(org) == []

