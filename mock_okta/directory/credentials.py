"""Credential operations: change password, recovery question, forgot password.

Errors are domain errors (mock_okta.errors) with Okta's cause strings:
CredentialsRejected, ForgotPasswordNotAllowed, WrongStatus, ValidationFailed.
Nothing is written unless every check passed.
"""

from __future__ import annotations

from mock_okta.directory import lifecycle, passwords, sessions, system_log
from mock_okta.directory.status import set_status
from mock_okta.directory.users import User, password_causes, store_password, touch
from mock_okta.errors import (
    CredentialsRejected,
    ForgotPasswordNotAllowed,
    ValidationFailed,
    WrongStatus,
)
from mock_okta.storage import Store, fold

ANSWER_MIN_LENGTH = 4                   # Okta's default recovery-question complexity
WRONG_PASSWORD = "The credentials provided were incorrect."
SAME_PASSWORD = "Password cannot be your current password"
_CHANGE_FROM = ("STAGED", "ACTIVE", "PASSWORD_EXPIRED", "RECOVERY")
_QUESTION_FROM = ("STAGED", "ACTIVE", "RECOVERY")


def validate_recovery_question(value: object, *, need_question: bool = True) -> tuple[str, str]:
    """(question, answer) from `{"question", "answer"}`, or ValidationFailed."""
    if not isinstance(value, dict):
        raise ValidationFailed("recovery_question",
                               ["recovery_question: Does not match required type"])
    question, answer = value.get("question"), value.get("answer")
    if need_question and (not isinstance(question, str) or not question.strip()):
        raise ValidationFailed("question", ["question: The field cannot be left blank"])
    if not isinstance(answer, str) or not answer.strip():
        raise ValidationFailed("answer", ["answer: The field cannot be left blank"])
    if len(answer.strip()) < ANSWER_MIN_LENGTH:
        raise ValidationFailed("answer", [
            f"answer: The security question answer must be at least {ANSWER_MIN_LENGTH} "
            "characters in length"])
    if need_question and fold(answer.strip()) in fold(question):
        raise ValidationFailed("answer", [
            "answer: The answer to the security question cannot be part of the question"])
    return (question or "").strip(), answer.strip()


def recovery_question(store: Store, user_id: str) -> str | None:
    row = store.one("SELECT question FROM recovery_questions WHERE user_id = ?", (user_id,))
    return row["question"] if row else None


def set_recovery_question(store: Store, user: User, question: str, answer: str,
                          hash_iterations: int) -> None:
    store.run("INSERT INTO recovery_questions (user_id, question, answer_hash) VALUES (?, ?, ?)"
              " ON CONFLICT (user_id) DO UPDATE SET question = excluded.question,"
              " answer_hash = excluded.answer_hash",
              (user.id, question, passwords.hash_password(fold(answer), hash_iterations)))


def forget_user(store: Store, user_id: str) -> None:
    """A deleted user's recovery question."""
    store.run("DELETE FROM recovery_questions WHERE user_id = ?", (user_id,))


def _answer_matches(store: Store, user: User, answer: str) -> bool:
    row = store.one("SELECT answer_hash FROM recovery_questions WHERE user_id = ?", (user.id,))
    return bool(row) and passwords.verify_password(fold(answer.strip()), row["answer_hash"])


def credentials_json(store: Store, user: User) -> dict:
    """Okta's credentials object (never a secret)."""
    body: dict = {}
    if user.password_hash:
        body["password"] = {}
    question = recovery_question(store, user.id)
    if question:
        body["recovery_question"] = {"question": question}
    body["provider"] = {"type": "OKTA", "name": "OKTA"}
    return body


def change_password(store: Store, user: User, old: str, new: str, *, hash_iterations: int,
                    revoke_sessions: bool = False) -> None:
    """The old password must match; RECOVERY and PASSWORD_EXPIRED users become ACTIVE."""
    if user.status not in _CHANGE_FROM or not user.password_hash:
        raise WrongStatus(user.status)
    if not passwords.verify_password(old, user.password_hash):
        raise CredentialsRejected([f"oldPassword: {WRONG_PASSWORD}"])
    _check_new_password(new, old, user)
    with store.transaction():
        _set_password(store, user, new, hash_iterations)
        if revoke_sessions:
            sessions.end_user_sessions(store, user.id)
        system_log.record(store, "user.account.update_password",
                          targets=[system_log.user_ref(user)])


def _check_new_password(new: str, old: str | None, user: User) -> None:
    causes = password_causes(new, user.login)
    if causes:
        raise CredentialsRejected(causes)  # on the Users API a weak password is E0000014
    if old is not None and new == old:
        raise CredentialsRejected([f"password: {SAME_PASSWORD}"])


def _set_password(store: Store, user: User, new: str, hash_iterations: int) -> None:
    store_password(store, user, new, hash_iterations)
    lifecycle.revoke_tokens(store, user, lifecycle.RESET)
    if user.status in ("RECOVERY", "PASSWORD_EXPIRED"):
        set_status(store, user, "ACTIVE")


def change_recovery_question(store: Store, user: User, password: str, question: str,
                             answer: str, *, hash_iterations: int) -> None:
    if user.status not in _QUESTION_FROM:
        raise WrongStatus(user.status)
    if not passwords.verify_password(password, user.password_hash):
        raise CredentialsRejected([f"password: {WRONG_PASSWORD}"])
    set_recovery_question(store, user, question, answer, hash_iterations)
    touch(store, user)


def forgot_password(store: Store, user: User) -> str:
    """A reset token for an ACTIVE user with a recovery question; status is unchanged."""
    if user.status != "ACTIVE" or recovery_question(store, user.id) is None:
        raise ForgotPasswordNotAllowed(user.status)
    return lifecycle.issue_token(store, user, lifecycle.RESET, lifecycle.RESET_LIFETIME)


def forgot_password_with_answer(store: Store, user: User, new: str, answer: str, *,
                                hash_iterations: int) -> None:
    """Set a new password by answering the recovery question."""
    if user.status != "ACTIVE" or recovery_question(store, user.id) is None:
        raise ForgotPasswordNotAllowed(user.status)
    if not _answer_matches(store, user, answer):
        raise CredentialsRejected([
            "recovery_question.answer: The recovery question answer did not match our records."])
    _check_new_password(new, None, user)
    with store.transaction():
        _set_password(store, user, new, hash_iterations)
        system_log.record(store, "user.account.reset_password",
                          targets=[system_log.user_ref(user)])
