"""The identity core (mock_okta/users.py): create, validate, find, authenticate."""

from __future__ import annotations

import pytest

from mock_okta.directory import signon as signon_module
from mock_okta.directory.status import set_status
from mock_okta.directory.users import (
    create_user,
    find_by_login,
    get_user,
    login_key,
    may_sign_in,
)
from mock_okta.errors import ValidationFailed
from mock_okta.storage import Store

PASSWORD = "Correct-Horse-42"
POLICY_CAUSE = (
    "password: Password requirements were not met. Password requirements: at least 8 "
    "characters, a lowercase letter, an uppercase letter, a number, no parts of your username."
)
DUPLICATE_CAUSE = "login: An object with this field already exists in the current organization"


@pytest.fixture
def store():
    store = Store(":memory:")
    yield store
    store.close()


def profile(login="ada@example.com", **overrides):
    base = {"login": login, "email": login, "firstName": "Ada", "lastName": "Lovelace"}
    base.update(overrides)
    return base


def create(store, prof=None, *, password=PASSWORD, activate=True):
    return create_user(store, profile() if prof is None else prof, password=password, activate=activate,
                       hash_iterations=1000)


def count_users(store) -> int:
    return store.one("SELECT COUNT(*) AS n FROM users")["n"]


# --- statuses --------------------------------------------------------------

@pytest.mark.parametrize(
    "password, activate, status",
    [(PASSWORD, True, "ACTIVE"), (None, True, "PROVISIONED"),
     (PASSWORD, False, "STAGED"), (None, False, "STAGED")],
    ids=["password-activate", "no-password-activate", "password-staged", "no-password-staged"],
)
def test_create_status_follows_oktas_table(store, password, activate, status):
    user = create(store, password=password, activate=activate)
    assert user.status == status
    assert get_user(store, user.id).status == status


def test_active_user_has_lifecycle_stamps(store):
    user = create(store)
    assert user.activated is not None
    assert user.status_changed is not None
    assert user.password_changed is not None
    assert user.last_login is None


def test_staged_user_with_password_has_password_changed_but_no_activation(store):
    user = create(store, activate=False)
    assert user.activated is None
    assert user.password_changed is not None


def test_user_without_password_has_no_hash(store):
    user = create(store, password=None)
    assert user.password_hash is None
    assert user.password_changed is None


def test_ids_look_like_oktas(store):
    user = create(store)
    assert len(user.id) == 20 and user.id.startswith("00u") and user.id.isalnum()


def test_unset_base_attributes_are_null(store):
    user = create(store)
    assert user.profile["mobilePhone"] is None
    assert user.profile["secondEmail"] is None


def test_stored_hash_is_not_the_password(store):
    user = create(store)
    row = store.one("SELECT password_hash FROM users WHERE id = ?", (user.id,))
    assert PASSWORD not in row["password_hash"]


def test_profile_strings_are_trimmed(store):
    user = create(store, profile("  ada@example.com ", firstName=" Ada "))
    assert user.login == "ada@example.com"
    assert user.profile["firstName"] == "Ada"


# --- validation ------------------------------------------------------------

@pytest.mark.parametrize(
    "prof, field, cause",
    [
        (profile(login=""), "login", "login: The field cannot be left blank"),
        (profile(email=None), "email", "email: The field cannot be left blank"),
        (profile(firstName="   "), "firstName", "firstName: The field cannot be left blank"),
        ({k: v for k, v in profile().items() if k != "lastName"}, "lastName",
         "lastName: The field cannot be left blank"),
        (profile(login="ada.lovelace"), "login",
         "login: Username must be in the form of an email address"),
        (profile(email="not-an-email"), "email", "email: Does not match required pattern"),
        (profile(firstName=42), "firstName", "firstName: Does not match required type: string"),
    ],
    ids=["blank-login", "missing-email", "whitespace-firstName", "missing-lastName",
         "login-not-email", "bad-email", "firstName-not-string"],
)
def test_validation_cause_and_wording(store, prof, field, cause):
    with pytest.raises(ValidationFailed) as caught:
        create(store, prof)
    assert caught.value.field == field
    assert cause in caught.value.causes
    assert str(caught.value) == f"Api validation failed: {field}"


def test_all_blank_fields_reported_login_first(store):
    with pytest.raises(ValidationFailed) as caught:
        create(store, {})
    assert caught.value.field == "login"
    assert caught.value.causes == [
        "login: The field cannot be left blank",
        "email: The field cannot be left blank",
        "firstName: The field cannot be left blank",
        "lastName: The field cannot be left blank",
    ]


def test_bad_login_and_bad_email_both_reported(store):
    with pytest.raises(ValidationFailed) as caught:
        create(store, profile(login="ada.lovelace", email="also-bad"))
    assert caught.value.causes == ["login: Username must be in the form of an email address",
                                   "email: Does not match required pattern"]


@pytest.mark.parametrize(
    "prof, field, limit",
    [
        (profile(login="a@bc"), "login", "5"),
        (profile(login="a" * 89 + "@example.com"), "login", "100"),     # 101 characters
        (profile(email="a" * 89 + "@example.com"), "email", "100"),
        (profile(firstName="A" * 51), "firstName", "50"),
        (profile(lastName="L" * 51), "lastName", "50"),
    ],
    ids=["login-too-short", "login-too-long", "email-too-long", "firstName-too-long",
         "lastName-too-long"],
)
def test_length_limits(store, prof, field, limit):
    with pytest.raises(ValidationFailed) as caught:
        create(store, prof)
    assert caught.value.field == field
    message = caught.value.message_for(field)
    assert message is not None and limit in message


@pytest.mark.parametrize(
    "prof",
    [profile(login="a" * 88 + "@example.com"), profile(firstName="A" * 50),
     profile(login="a@b.co")],
    ids=["login-100", "firstName-50", "login-6"],
)
def test_lengths_at_the_limit_are_fine(store, prof):
    assert create(store, prof).status == "ACTIVE"


@pytest.mark.parametrize("password", ["short1A", "nouppercase1", "Ada-Lovelace-1",
                                      "Example-Org-9", "Aa1" + "b" * 70])
def test_weak_password_is_refused_with_oktas_cause(store, password):
    with pytest.raises(ValidationFailed) as caught:
        create(store, profile(login="ada.lovelace@example.com"), password=password)
    assert caught.value.field == "password"
    assert caught.value.causes == [POLICY_CAUSE]


@pytest.mark.parametrize(
    "prof, password",
    [
        (profile(login=""), PASSWORD),
        (profile(email="not-an-email"), PASSWORD),
        (profile(), "weak"),
        (profile(), 12345678),
    ],
    ids=["blank-login", "bad-email", "weak-password", "password-not-string"],
)
def test_nothing_stored_when_create_fails(store, prof, password):
    before = count_users(store)
    with pytest.raises(ValidationFailed):
        create(store, prof, password=password)
    assert count_users(store) == before == 0


# --- login uniqueness ------------------------------------------------------

@pytest.mark.parametrize(
    "first, second",
    [
        ("ada@example.com", "ada@example.com"),
        ("ada@example.com", "ADA@Example.COM"),
        ("ada@example.com", "  Ada@example.com  "),
        ("ada@example.com", "ádá@example.com"),
        ("Zoë.Ünal@example.com", "zoe.unal@example.com"),
    ],
    ids=["same", "case", "padded", "diacritics-added", "diacritics-removed"],
)
def test_duplicate_login_is_refused(store, first, second):
    create(store, profile(first))
    with pytest.raises(ValidationFailed) as caught:
        create(store, profile(second))
    assert caught.value.field == "login"
    assert caught.value.causes == [DUPLICATE_CAUSE]
    assert count_users(store) == 1


def test_different_logins_coexist(store):
    create(store, profile("ada@example.com"))
    create(store, profile("ada2@example.com"))
    assert count_users(store) == 2


def test_login_key_folds_case_and_diacritics():
    assert login_key("Ádá@Example.com") == login_key("ada@example.com")
    assert login_key("ada@example.com") != login_key("adb@example.com")


# --- get_user --------------------------------------------------------------

def test_get_user_by_id(store):
    user = create(store)
    found = get_user(store, user.id)
    assert found is not None and found.id == user.id
    assert found.profile == user.profile


@pytest.mark.parametrize("lookup", ["ada@example.com", "ADA@EXAMPLE.COM", "Ada@Example.Com"])
def test_get_user_by_login_in_any_case(store, lookup):
    user = create(store, profile("ada@example.com"))
    found = get_user(store, lookup)
    assert found is not None and found.id == user.id


@pytest.mark.parametrize("lookup", ["nobody@example.com", "00u0000000000000000", ""])
def test_get_user_unknown_is_none(store, lookup):
    create(store)
    assert get_user(store, lookup) is None


# --- primary authentication (signon.primary_auth, the one sign-in path) -----

def authenticate(store, username, password):
    """The signed-in user, or None: primary_auth's answer in the old shape."""
    result = signon_module.primary_auth(store, username, password)
    return result.user if result.outcome is signon_module.Outcome.SUCCESS else None


def test_authenticate_right_password(store):
    user = create(store)
    signed_in = authenticate(store, "ada@example.com", PASSWORD)
    assert signed_in is not None and signed_in.id == user.id


def test_authenticate_any_case_login(store):
    user = create(store)
    signed_in = authenticate(store, "ADA@example.COM", PASSWORD)
    assert signed_in is not None and signed_in.id == user.id


def test_authenticate_sets_last_login(store, monkeypatch):
    user = create(store)
    monkeypatch.setattr(signon_module, "now", lambda: 1_900_000_000.5)
    signed_in = authenticate(store, user.login, PASSWORD)
    assert signed_in.last_login == 1_900_000_000.5
    assert get_user(store, user.id).last_login == 1_900_000_000.5


@pytest.mark.parametrize(
    "username, password",
    [("ada@example.com", "Correct-Horse-43"), ("ada@example.com", ""),
     ("ada@example.com", PASSWORD.lower()), ("nobody@example.com", PASSWORD)],
    ids=["wrong-password", "empty-password", "wrong-case-password", "unknown-user"],
)
def test_authenticate_refuses(store, username, password):
    user = create(store)
    assert authenticate(store, username, password) is None
    assert get_user(store, user.id).last_login is None


@pytest.mark.parametrize(
    "password, activate",
    [(PASSWORD, False), (None, True)],
    ids=["staged-with-password", "provisioned"],
)
def test_authenticate_refuses_users_who_are_not_active(store, password, activate):
    user = create(store, password=password, activate=activate)
    assert authenticate(store, user.login, PASSWORD) is None
    assert get_user(store, user.id).last_login is None


# --- "may this user sign in": one predicate for sessions, codes, tokens, userinfo ---

@pytest.mark.parametrize("status", ["STAGED", "PROVISIONED", "ACTIVE", "RECOVERY",
                                    "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED",
                                    "DEPROVISIONED"])
def test_only_active_users_may_sign_in(store, status):
    user = create(store)
    set_status(store, user, status)
    assert may_sign_in(get_user(store, user.id)) is (status == "ACTIVE")


def test_nobody_may_sign_in_as_a_missing_user():
    assert may_sign_in(None) is False


def test_find_by_login_ignores_ids(store):
    user = create(store)
    assert find_by_login(store, "ADA@example.com").id == user.id
    assert find_by_login(store, user.id) is None  # get_user takes ids too; sign-in does not
