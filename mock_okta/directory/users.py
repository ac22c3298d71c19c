"""The identity core: one code path for every door a user comes through.

The hosted sign-up page, the Users API and the Authentication API all create,
find and check users here, so validation, the password policy, login
uniqueness and status rules cannot drift apart.
"""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from dataclasses import dataclass, field

from mock_okta.clock import now
from mock_okta.directory import passwords, system_log
from mock_okta.directory.user_profile import (
    ALWAYS_PRESENT,
    clean_profile,
    profile_key,
    validate_profile,
)
from mock_okta.errors import ValidationFailed
from mock_okta.ids import okta_id
from mock_okta.storage import Store

DUPLICATE_LOGIN = "An object with this field already exists in the current organization"
# Who may sign in, hold an org session and use tokens: Okta ends the sessions and
# refuses the tokens of a user in any other status.
SIGN_IN_STATUS = "ACTIVE"


@dataclass
class User:
    id: str
    status: str
    profile: dict
    password_hash: str | None
    created: float
    last_updated: float
    activated: float | None = None
    status_changed: float | None = None
    last_login: float | None = None
    password_changed: float | None = None
    extra: dict = field(default_factory=dict)

    @property
    def login(self) -> str:
        return self.profile["login"]

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> User:
        return cls(
            id=row["id"],
            status=row["status"],
            profile=json.loads(row["profile"]),
            password_hash=row["password_hash"],
            created=row["created"],
            last_updated=row["last_updated"],
            activated=row["activated"],
            status_changed=row["status_changed"],
            last_login=row["last_login"],
            password_changed=row["password_changed"],
        )


def login_key(login: str) -> str:
    """Okta treats logins as equal regardless of case and diacritics."""
    decomposed = unicodedata.normalize("NFKD", login.strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def password_causes(password: object, login: str) -> list[str]:
    """What the password policy says of `password`, as Okta's causes (none: it passes)."""
    if not isinstance(password, str):
        return ["password: Does not match required type: string"]
    if passwords.policy_violations(password, login):
        return ["password: " + passwords.POLICY_FAILED]
    return []


def check_password(password: object, login: str) -> None:
    causes = password_causes(password, login)
    if causes:
        raise ValidationFailed("password", causes)


def create_user(
    store: Store,
    profile: dict,
    *,
    password: str | None,
    activate: bool,
    hash_iterations: int,
    imported_hash: str | None = None,
    self_registered: bool = False,
) -> User:
    """Validate and insert a user; status follows Okta's create table.

    `imported_hash` is an already-validated imported password hash (see
    password_import.py); it counts as a password but has no policy to meet.
    A `self_registered` user (the hosted sign-up page) is the actor of their own creation.
    """
    profile = clean_profile(profile)
    validate_profile(profile)
    if password is not None:
        check_password(password, profile["login"])
    has_password = password is not None or imported_hash is not None
    stamp = now()
    if not activate:
        status = "STAGED"
    else:
        status = "ACTIVE" if has_password else "PROVISIONED"
    for name in ALWAYS_PRESENT:
        profile.setdefault(name, None)
    user = User(
        id=okta_id("00u"),
        status=status,
        profile=profile,
        password_hash=(passwords.hash_password(password, hash_iterations) if password
                       else imported_hash),
        created=stamp,
        last_updated=stamp,
        activated=stamp if status == "ACTIVE" else None,
        status_changed=stamp if status != "STAGED" else None,
        password_changed=stamp if has_password else None,
    )
    try:
        with store.transaction() as conn:
            _insert(conn, user)
            actor = system_log.user_ref(user) if self_registered else None
            for event, happened in (("user.lifecycle.create", True),
                                    ("user.lifecycle.activate", status == "ACTIVE")):
                if happened:
                    system_log.record(store, event, targets=[system_log.user_ref(user)],
                                      actor=actor)
    except sqlite3.IntegrityError:
        raise ValidationFailed("login", [f"login: {DUPLICATE_LOGIN}"]) from None
    return user


def _insert(conn: sqlite3.Connection, user: User) -> None:
    conn.execute(
        "INSERT INTO users (id, status, login_key, profile, profile_key, password_hash, created,"
        " activated, status_changed, last_login, last_updated, password_changed)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (user.id, user.status, login_key(user.login), json.dumps(user.profile),
         profile_key(user.profile), user.password_hash, user.created, user.activated,
         user.status_changed, user.last_login, user.last_updated, user.password_changed))


def restore_user(store: Store, user: User) -> None:
    """A user from an export file (org/state_import.py), with its id, status, times and
    password hash as they were; the profile meets the same rules as any other."""
    user.profile = clean_profile(user.profile)
    validate_profile(user.profile)
    for name in ALWAYS_PRESENT:
        user.profile.setdefault(name, None)
    try:
        with store.transaction() as conn:
            _insert(conn, user)
    except sqlite3.IntegrityError:
        raise ValidationFailed("login", [f"login: {DUPLICATE_LOGIN}"]) from None


def list_all(store: Store) -> list[User]:
    """Every user, in id order (an export: the same order after an import)."""
    return [User.from_row(row) for row in store.all("SELECT * FROM users ORDER BY id")]


def get_user(store: Store, id_or_login: str) -> User | None:
    """By id, or by login (case-insensitive), as GET /api/v1/users/{id} allows."""
    row = store.one("SELECT * FROM users WHERE id = ?", (id_or_login,))
    if row is None:
        return find_by_login(store, id_or_login)
    return User.from_row(row)


def find_by_login(store: Store, login: str) -> User | None:
    """By login only (case- and diacritic-insensitive), as sign-in looks users up."""
    row = store.one("SELECT * FROM users WHERE login_key = ?", (login_key(login),))
    return User.from_row(row) if row else None


def may_sign_in(user: User | None) -> bool:
    """The one answer to "may this user sign in": sessions, session tokens, codes,
    refresh tokens, introspection and userinfo all ask it."""
    return user is not None and user.status == SIGN_IN_STATUS


def update_user(store: Store, user: User, profile_changes: dict, *,
                password: str | None = None, replace: bool = False,
                hash_iterations: int, imported_hash: str | None = None) -> User:
    """Partial (POST) or full (PUT) profile update, plus an admin password set
    (a plain value, or an already-validated imported hash)."""
    base = {} if replace else user.profile
    # An empty or null value in the request clears that attribute.
    profile = clean_profile({**base, **profile_changes})
    validate_profile(profile)
    if password is not None:
        check_password(password, profile["login"])
    for name in ALWAYS_PRESENT:
        profile.setdefault(name, None)
    stamp = now()
    user.profile, user.last_updated = profile, stamp
    if password is not None:
        user.password_hash = passwords.hash_password(password, hash_iterations)
        user.password_changed = stamp
    elif imported_hash is not None:
        user.password_hash, user.password_changed = imported_hash, stamp
    try:
        with store.transaction():
            store.run(
                "UPDATE users SET login_key = ?, profile = ?, profile_key = ?, password_hash = ?,"
                " last_updated = ?, password_changed = ? WHERE id = ?",
                (login_key(user.login), json.dumps(profile), profile_key(profile),
                 user.password_hash, stamp, user.password_changed, user.id))
            if profile_changes or replace:
                system_log.record(store, "user.account.update_profile",
                                  targets=[system_log.user_ref(user)])
            if password is not None or imported_hash is not None:
                system_log.record(store, "user.account.update_password",
                                  targets=[system_log.user_ref(user)])
    except sqlite3.IntegrityError:
        raise ValidationFailed("login", [f"login: {DUPLICATE_LOGIN}"]) from None
    return user


def store_password(store: Store, user: User, password: str, hash_iterations: int) -> None:
    """Hash and keep a new password (already checked against the policy)."""
    stamp = now()
    user.password_hash = passwords.hash_password(password, hash_iterations)
    user.password_changed = user.last_updated = stamp
    store.run("UPDATE users SET password_hash = ?, password_changed = ?, last_updated = ?"
              " WHERE id = ?", (user.password_hash, stamp, stamp, user.id))


def record_login(store: Store, user: User, when: float) -> None:
    """A completed sign-in: Okta's `lastLogin`."""
    user.last_login = when
    store.run("UPDATE users SET last_login = ? WHERE id = ?", (user.last_login, user.id))


def upgrade_password_hash(store: Store, user: User, password_hash: str) -> None:
    """The same password under the org's own hash (an imported one, re-hashed at
    sign-in): not a password change, so no timestamp moves."""
    user.password_hash = password_hash
    store.run("UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, user.id))


def touch(store: Store, user: User) -> None:
    """Something about the user changed outside this table (a recovery question)."""
    user.last_updated = now()
    store.run("UPDATE users SET last_updated = ? WHERE id = ?", (user.last_updated, user.id))


def write_status(store: Store, user: User, status: str) -> None:
    """The status columns only; status.set_status does what a change implies."""
    stamp = now()
    user.status, user.status_changed, user.last_updated = status, stamp, stamp
    if status == "ACTIVE" and user.activated is None:
        user.activated = stamp
    store.run("UPDATE users SET status = ?, status_changed = ?, last_updated = ?, activated = ?"
              " WHERE id = ?", (status, stamp, stamp, user.activated, user.id))


def fill_profile_keys(store: Store) -> int:
    """profile_key for rows written before the column existed (storage/migrations.py
    calls this inside its upgrade transaction); returns the rows filled."""
    rows = store.all("SELECT id, profile FROM users WHERE profile_key IS NULL")
    with store.transaction() as conn:
        conn.executemany("UPDATE users SET profile_key = ? WHERE id = ?",
                         [(profile_key(json.loads(row["profile"])), row["id"]) for row in rows])
    return len(rows)


def remove(store: Store, user_id: str) -> None:
    """The user's own row; deletion.delete_user has every other owner drop theirs first."""
    store.run("DELETE FROM users WHERE id = ?", (user_id,))
