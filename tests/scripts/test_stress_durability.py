"""scripts/stress_durability.py (`make stress`): its check finds a lost write of each
kind, and a machine without the sqlite3 tool gets one clear line and exit 2. The
long run itself (kills, restarts) belongs to `make stress-durability`."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from mock_okta.config import DEFAULT_API_TOKEN, from_env
from mock_okta.testing.server import start_org

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "stress_durability.py"


def load_script():
    spec = importlib.util.spec_from_file_location("stress_durability", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module      # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


stress = load_script()


def test_the_script_knows_the_default_token():
    assert stress.DEFAULT_TOKEN == DEFAULT_API_TOKEN


@pytest.fixture(scope="module")
def org():
    with start_org(from_env(db_path=":memory:", demo_user=None)) as org:
        yield org


@pytest.fixture
def acked(org):
    """A ledger holding writes the org really acknowledged: a user, a membership, a nick."""
    ledger = stress.Ledger()
    login = "Acked.User@Example.com"
    user = org.api("POST", "users?activate=false", json={"profile": {
        "login": login, "email": login, "firstName": "A", "lastName": "B"}})
    group = org.api("POST", "groups", json={"profile": {"name": "Acked"}})
    org.api("PUT", f"groups/{group['id']}/users/{user['id']}", expect=204)
    org.api("POST", f"users/{user['id']}", json={"profile": {"nickName": "first"}})
    ledger.members[group["id"]] = set()
    ledger.user(user["id"], login)
    ledger.member(group["id"], user["id"])
    ledger.nick_set(user["id"], "first")
    yield ledger, user["id"], group["id"]
    org.api("DELETE", f"groups/{group['id']}", expect=204)
    for _ in range(2):   # deactivate, then delete
        org.api("DELETE", f"users/{user['id']}", expect=204)


def test_writes_that_are_there_are_found(org, acked):
    ledger, _, _ = acked
    assert stress.missing(org.url, org.api_token, ledger) == []
    assert ledger.writes == 3


def test_a_lost_user_is_reported(org, acked):
    ledger, _, _ = acked
    ledger.user("00uNeverWrittenHere01", "ghost@example.com")
    assert stress.missing(org.url, org.api_token, ledger) == [
        "user 00uNeverWrittenHere01 (ghost@example.com)"]


def test_a_lost_membership_is_reported(org, acked):
    ledger, _, group = acked
    ledger.member(group, "00uNeverWrittenHere01")
    assert stress.missing(org.url, org.api_token, ledger) == [
        f"membership of 00uNeverWrittenHere01 in {group}"]


def test_a_lost_profile_update_is_reported_unless_it_was_in_flight(org, acked):
    ledger, user_id, _ = acked
    ledger.nick_set(user_id, "second")           # acknowledged, but the org says "first"
    assert stress.missing(org.url, org.api_token, ledger) == [
        f"profile update of {user_id}: first is none of ['second']"]
    ledger.sending_nick(user_id, "first")        # then again, "first" was in flight
    assert stress.missing(org.url, org.api_token, ledger) == []


def test_no_sqlite3_tool_and_no_way_to_install_it(monkeypatch, capsys):
    monkeypatch.setattr(stress.shutil, "which", lambda name: None)
    monkeypatch.setattr(stress.os, "geteuid", lambda: 1000)
    assert stress.main([]) == 2
    assert "apt-get install sqlite3" in capsys.readouterr().err
