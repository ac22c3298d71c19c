"""The kit's local outbox: the mail the org would send, kept in SQLite, never delivered.

"Sending" a message is inserting a row. People read it at `/_mock/outbox`,
tests (here and in other projects) at `/_mock/outbox.json`, newest first.
The three mails below follow Okta's default templates (User Activation,
Registration - Activation, Forgot Password) in subject and gist.
"""

from __future__ import annotations

from dataclasses import dataclass

from mock_okta.clock import iso, now
from mock_okta.directory import lifecycle
from mock_okta.directory.lifecycle import ACTIVATION_LIFETIME, RESET_LIFETIME
from mock_okta.directory.users import User, login_key
from mock_okta.storage import Store

ACTIVATION_SUBJECT = "Welcome to Okta!"
REGISTRATION_SUBJECT = "Activate Account"
RESET_SUBJECT = "Account password reset"
FACTOR_CODE_SUBJECT = "One-time verification code"
SMS_SUBJECT = "SMS"          # a text message: `to` is the phone number, `body` the text


@dataclass(frozen=True)
class Message:
    id: int
    to: str
    subject: str
    body: str
    link: str | None
    created: float

    def as_json(self) -> dict:
        return {"id": self.id, "to": self.to, "subject": self.subject, "body": self.body,
                "link": self.link, "created": iso(self.created)}


def send(store: Store, to: str, subject: str, body: str, link: str | None = None) -> Message:
    stamp = now()
    with store.transaction() as conn:
        row_id = conn.execute(
            "INSERT INTO outbox (recipient, subject, body, link, created) VALUES (?, ?, ?, ?, ?)",
            (to, subject, body, link, stamp)).lastrowid
    return Message(row_id, to, subject, body, link, stamp)


def list(store: Store, *, to: str | None = None) -> list[Message]:  # noqa: A001
    """Every message, newest first; `to` keeps those for one address (any case)."""
    rows = store.all("SELECT * FROM outbox ORDER BY id DESC")
    wanted = login_key(to) if to else None
    return [Message(row["id"], row["recipient"], row["subject"], row["body"], row["link"],
                    row["created"])
            for row in rows if wanted is None or login_key(row["recipient"]) == wanted]


def clear(store: Store) -> int:
    return store.run("DELETE FROM outbox")


# --- the org's mails ------------------------------------------------------------

def activation_mail(store: Store, user: User, link: str) -> Message:
    """An administrator activated the user (Users API, sendEmail=true)."""
    body = (f"Hi {_first_name(user)},\n\n"
            "Your organization is using Okta to manage your web applications. "
            "Click the following link to activate your account:\n\n"
            f"{link}\n\n"
            f"Your username is {user.login}.\n"
            f"This link expires in {_lifetime(ACTIVATION_LIFETIME)}.\n")
    return send(store, _address(user), ACTIVATION_SUBJECT, body, link)


def welcome_if_provisioned(store: Store, user: User, org_url: str) -> Message | None:
    """A user created activated but without a password (PROVISIONED): Okta mails the
    activation link (the Users API's create and the console's both ask here)."""
    if user.status != "PROVISIONED":
        return None
    token = lifecycle.issue_token(store, user, lifecycle.ACTIVATION, ACTIVATION_LIFETIME)
    return activation_mail(store, user, lifecycle.activation_link(org_url, token))


def registration_mail(store: Store, user: User, link: str) -> Message:
    """Self-service registration with email verification: verify to activate."""
    body = (f"Hi {_first_name(user)},\n\n"
            "To verify your email address and activate your account, "
            "click the following link:\n\n"
            f"{link}\n\n"
            f"This link expires in {_lifetime(ACTIVATION_LIFETIME)}.\n")
    return send(store, _address(user), REGISTRATION_SUBJECT, body, link)


def reset_mail(store: Store, user: User, link: str) -> Message:
    """A password reset, asked for on the sign-in page or through the Users API."""
    body = (f"Hi {_first_name(user)},\n\n"
            "A password reset request was made for your account. If you did not make this "
            "request, contact your system administrator.\n\n"
            f"Click this link to reset the password for your username, {user.login}:\n\n"
            f"{link}\n\n"
            f"This link expires in {_lifetime(RESET_LIFETIME)}.\n")
    return send(store, _address(user), RESET_SUBJECT, body, link)


def factor_code_mail(store: Store, user: User, to: str, code: str, lifetime: float) -> Message:
    """The code of an email factor (Okta's "Email Factor Verification" template, in gist)."""
    body = (f"Hi {_first_name(user)},\n\n"
            f"Your verification code is {code}\n\n"
            f"This code expires in {max(1, int(lifetime // 60))} minutes.\n")
    return send(store, to, FACTOR_CODE_SUBJECT, body)


def sms_text(store: Store, phone: str, code: str) -> Message:
    """An SMS factor's code, as Okta's default SMS template words it."""
    return send(store, phone, SMS_SUBJECT, f"Your verification code is {code}")


def _address(user: User) -> str:
    return user.profile.get("email") or user.login


def _first_name(user: User) -> str:
    return user.profile.get("firstName") or user.login


def _lifetime(seconds: float) -> str:
    if seconds % 86400 == 0:
        days = int(seconds // 86400)
        return f"{days} day{'s' if days != 1 else ''}"
    hours = max(1, int(seconds // 3600))
    return f"{hours} hour{'s' if hours != 1 else ''}"
