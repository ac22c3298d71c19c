"""A user's profile: what a valid one is, and its case-folded copy for search.

users.py (the owner of the users table) applies these to every profile it writes.
"""

from __future__ import annotations

import json
import re

from mock_okta.errors import ValidationFailed
from mock_okta.storage import fold

REQUIRED_FIELDS = ("login", "email", "firstName", "lastName")
_LENGTHS = {"login": (5, 100), "email": (5, 100), "firstName": (1, 50), "lastName": (1, 50)}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Base profile attributes Okta always returns, null when unset.
ALWAYS_PRESENT = ("mobilePhone", "secondEmail")
# The rest of Okta's base user profile: each a string (or null) in the default schema.
BASE_STRING_ATTRIBUTES = (
    "secondEmail", "middleName", "honorificPrefix", "honorificSuffix", "title", "displayName",
    "nickName", "profileUrl", "primaryPhone", "mobilePhone", "streetAddress", "city", "state",
    "zipCode", "countryCode", "postalAddress", "preferredLanguage", "locale", "timezone",
    "userType", "employeeNumber", "costCenter", "organization", "division", "department",
    "managerId", "manager")


def clean_profile(profile: dict) -> dict:
    """Strip strings; drop empty values so 'missing' has one meaning."""
    cleaned = {}
    for key, value in profile.items():
        if isinstance(value, str):
            value = value.strip()
        if value not in ("", None):
            cleaned[key] = value
    return cleaned


def validate_profile(profile: dict) -> None:
    causes = []
    for name in REQUIRED_FIELDS:
        value = profile.get(name)
        if value is None:
            causes.append(f"{name}: The field cannot be left blank")
            continue
        if not isinstance(value, str):
            causes.append(f"{name}: Does not match required type: string")
            continue
        low, high = _LENGTHS[name]
        if len(value) < low:
            causes.append(f"{name}: The field must be at least {low} characters")
        elif len(value) > high:
            causes.append(f"{name}: The field cannot exceed {high} characters")
    for name in BASE_STRING_ATTRIBUTES:  # the typed schema refuses a number or a boolean
        value = profile.get(name)
        if value is not None and not isinstance(value, str):
            causes.append(f"{name}: Does not match required type: string")
    login, email = profile.get("login"), profile.get("email")
    if isinstance(login, str) and not _EMAIL.match(login) and not _has_cause(causes, "login"):
        causes.append("login: Username must be in the form of an email address")
    if isinstance(email, str) and not _EMAIL.match(email) and not _has_cause(causes, "email"):
        causes.append("email: Does not match required pattern")
    if causes:
        raise ValidationFailed(causes[0].split(":", 1)[0], causes)


def _has_cause(causes: list[str], name: str) -> bool:
    return any(cause.startswith(name + ":") for cause in causes)


def profile_key(profile: dict) -> str:
    """The profile JSON with every string value case-folded (keys as they are): the
    `users.profile_key` column that case-insensitive search reads and indexes, so no
    index needs a function of the mock's own (any sqlite3 can open the file)."""
    return json.dumps(_fold_values(profile))


def _fold_values(value):
    if isinstance(value, dict):
        return {key: _fold_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fold_values(item) for item in value]
    return fold(value)
