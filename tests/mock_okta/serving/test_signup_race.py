"""Racing sign-ups against a real server process (scripts/signup_race.py): the same
few logins in case variants, through the Users API and the hosted sign-up page, from
16 threads at once, make exactly one user each; every other attempt is refused as a
duplicate, and nothing answers 5xx."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from mock_okta.testing.server import start_org_process

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "signup_race.py"


def load_script():
    spec = importlib.util.spec_from_file_location("signup_race", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module      # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


race = load_script()


def test_racing_sign_ups_make_one_user_per_login(tmp_path):
    with start_org_process(("--no-demo-user", "--db", str(tmp_path / "race.db"))) as org:
        report = race.race(org.url, org.api_token, logins=3, api_attempts=200,
                           page_attempts=24, threads=16, seed=7)
        users = org.api("GET", "users?limit=200")
    assert report.problems == []
    assert len(report.attempts) == 224
    assert sum(attempt.created for attempt in report.attempts) == 3
    assert sorted(user["profile"]["login"].casefold() for user in users) == sorted(
        name.casefold() for name in report.logins)
    assert {attempt.door for attempt in report.attempts if not attempt.created} == {"api", "page"}


API_DUPLICATE = json.dumps({"errorCode": "E0000001", "errorCauses": [
    {"errorSummary": race.DUPLICATE_CAUSE}]})


def attempt(door="api", login="a@x.com", status=400, body=API_DUPLICATE):
    return race.Attempt(door, login, status, body)


@pytest.mark.parametrize("attempts, problem", [
    ([attempt(status=200), attempt(login="A@X.com", status=200)], "a@x.com: 2 attempts"),
    ([attempt()], "a@x.com: 0 attempts"),
    ([attempt(status=200), attempt(status=500, body="boom")], "api a@x.com: 500 boom"),
    ([attempt(status=200), attempt(body='{"errorCode": "E0000001", "errorCauses": []}')],
     "api a@x.com: 400"),
    ([attempt(status=200), attempt(door="page", body="<p>Something else</p>")],
     "page a@x.com: 400"),
    ([attempt(door="page", status=302), attempt(status=0, body="no answer: reset")],
     "api a@x.com: 0 no answer"),
])
def test_the_check_finds_what_breaks_the_rule(attempts, problem):
    found = race.problems(attempts)
    assert any(line.startswith(problem) for line in found), found


def test_the_check_passes_one_user_and_duplicates_refused():
    page_refusal = attempt(door="page", login="A@x.COM", body=f"<p>{race.PAGE_DUPLICATE}</p>")
    assert race.problems([attempt(status=200), attempt(login="A@X.COM"), page_refusal]) == []
