"""Okta's default password policy and the password hash (mock_okta/passwords.py)."""

from __future__ import annotations

import pytest

from mock_okta.directory import passwords

LOGIN = "isaac.brock@example.com"


@pytest.mark.parametrize(
    "password, login, broken",
    [
        # length: 8 is the minimum, 72 the maximum
        ("Short1a", LOGIN, "minLength"),
        ("Aa1" + "x" * 70, LOGIN, "maxLength"),  # 73 characters
        # character classes
        ("ALLUPPER123", LOGIN, "minLowerCase"),
        ("alllower123", LOGIN, "minUpperCase"),
        ("NoDigitsHere", LOGIN, "minNumber"),
        # the whole login, in any case
        ("X" + LOGIN.upper() + "y1", LOGIN, "excludeUsername"),
        # Okta's own example: isaac.brock@example.com cannot use brockR0cks!
        ("brockR0cks!", LOGIN, "excludeUsername"),
        ("My-ISAAC-2024", LOGIN, "excludeUsername"),
        ("Example99Z", LOGIN, "excludeUsername"),
        # each separator Okta splits the login on: , . _ # @ -
        ("MyKiwi123", "ab,kiwi@x.io", "excludeUsername"),
        ("MyKiwi123", "ab.kiwi@x.io", "excludeUsername"),
        ("MyKiwi123", "ab_kiwi@x.io", "excludeUsername"),
        ("MyKiwi123", "ab#kiwi@x.io", "excludeUsername"),
        ("MyKiwi123", "kiwi@x.io", "excludeUsername"),
        ("MyKiwi123", "ab-kiwi@x.io", "excludeUsername"),
    ],
    ids=[
        "too-short", "too-long", "no-lowercase", "no-uppercase", "no-digit",
        "whole-login", "okta-example-part", "part-any-case", "domain-part",
        "split-comma", "split-dot", "split-underscore", "split-hash", "split-at", "split-hyphen",
    ],
)
def test_policy_rejects(password, login, broken):
    assert broken in passwords.policy_violations(password, login)


@pytest.mark.parametrize(
    "password, login",
    [
        ("Correct-Horse-42", LOGIN),
        ("Abcdef12", LOGIN),                      # exactly 8
        ("Aa1" + "x" * 69, LOGIN),                # exactly 72
        ("Comfy-Chair-9", LOGIN),                 # "com" is too short to count
        ("Abc-ex-io-12", "a.bc@ex.io"),           # every login part is under 4 characters
        ("Isa-Ac99", LOGIN),                      # split fragments of "isaac" do not count
        ("MyKiwi123", "ab+kiwi@x.io"),            # "+" is not a separator: part is "ab+kiwi"
    ],
    ids=["typical", "min-length", "max-length", "tld-ignored", "short-parts", "3-char-fragment",
         "plus-not-a-separator"],
)
def test_policy_accepts(password, login):
    assert passwords.policy_violations(password, login) == []


def test_policy_reports_every_broken_rule():
    assert sorted(passwords.policy_violations("abc", LOGIN)) == sorted(
        ["minLength", "minUpperCase", "minNumber"])


def test_policy_failure_text_is_oktas():
    assert passwords.POLICY_FAILED == (
        "Password requirements were not met. Password requirements: at least 8 characters, "
        "a lowercase letter, an uppercase letter, a number, no parts of your username.")


def test_hash_round_trip():
    encoded = passwords.hash_password("Correct-Horse-42", 1000)
    assert passwords.verify_password("Correct-Horse-42", encoded)


def test_hash_never_contains_the_password():
    encoded = passwords.hash_password("Correct-Horse-42", 1000)
    assert "Correct-Horse-42" not in encoded
    assert encoded.startswith("pbkdf2_sha256$1000$")


@pytest.mark.parametrize("attempt", ["Correct-Horse-43", "correct-horse-42", "", "Correct-Horse-42 "])
def test_wrong_password_is_refused(attempt):
    encoded = passwords.hash_password("Correct-Horse-42", 1000)
    assert passwords.verify_password(attempt, encoded) is False


def test_salt_makes_hashes_differ():
    first = passwords.hash_password("Correct-Horse-42", 1000)
    second = passwords.hash_password("Correct-Horse-42", 1000)
    assert first != second
    assert first.split("$")[2] != second.split("$")[2]
    assert passwords.verify_password("Correct-Horse-42", first)
    assert passwords.verify_password("Correct-Horse-42", second)


def test_rounds_are_read_from_the_stored_hash():
    """A hash made with other settings still verifies (e.g. after changing
    MOCK_OKTA_PASSWORD_HASH_ITERATIONS on an existing state file)."""
    encoded = passwords.hash_password("Correct-Horse-42", 1234)
    assert encoded.split("$")[1] == "1234"
    assert passwords.verify_password("Correct-Horse-42", encoded)


def _valid_parts():
    return passwords.hash_password("Correct-Horse-42", 1000).split("$")


@pytest.mark.parametrize(
    "make_encoded",
    [
        lambda: None,
        lambda: "",
        lambda: "garbage",
        lambda: "pbkdf2_sha256$1000$only-three",
        lambda: "$".join(["md5", *_valid_parts()[1:]]),
        lambda: "$".join([*_valid_parts(), "extra"]),
        lambda: "$".join(["pbkdf2_sha256", "many", *_valid_parts()[2:]]),
        lambda: "$".join(["pbkdf2_sha256", "0", *_valid_parts()[2:]]),
        lambda: "$".join(["pbkdf2_sha256", "-5", *_valid_parts()[2:]]),
        lambda: "pbkdf2_sha256$1000$a$b",          # base64 of impossible length
        lambda: "pbkdf2_sha256$1000$!!!!$????",
    ],
    ids=["none", "empty", "garbage", "three-fields", "other-scheme", "five-fields",
         "text-rounds", "zero-rounds", "negative-rounds", "bad-base64-length", "bad-base64-chars"],
)
def test_malformed_stored_hash_is_a_mismatch_not_an_error(make_encoded):
    assert passwords.verify_password("Correct-Horse-42", make_encoded()) is False
