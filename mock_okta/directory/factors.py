"""A user's second factors: enrol, activate, challenge, verify, delete.

Okta's rules: one factor of each type and provider; TOTP, SMS and email wait in
PENDING_ACTIVATION for a first good code (SMS and email may be activated at
once with `activate=true`), a security question is ACTIVE at enrolment; more
than five wrong activation codes in five minutes are refused (429); at sign-in,
five wrong codes in a row lock the user out. Codes are checked in passcodes.py.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from mock_okta.clock import now
from mock_okta.directory import outbox, passcodes, passwords, system_log
from mock_okta.directory.credentials import ANSWER_MIN_LENGTH
from mock_okta.directory.factor_catalog import SECURITY_QUESTIONS, TOTP, FactorKind, kind_of
from mock_okta.directory.status import set_status
from mock_okta.directory.users import User, get_user, login_key
from mock_okta.errors import (
    FactorWrongStatus,
    MfaLockedOut,
    PasscodeRejected,
    PasscodeReplayed,
    ResendTooSoon,
    TooManyFactorAttempts,
    ValidationFailed,
)
from mock_okta.ids import okta_id, opaque_token
from mock_okta.storage import Store, digest, fold

WRONG_PASSCODE = "Your passcode doesn't match our records. Please try again."
WRONG_ANSWER = "Your answer doesn't match our records. Please try again."
ALREADY_SET_UP = "A factor of this type is already set up."
ENROLL_REQUEST = "factorEnrollRequest"
ACTIVATION_ATTEMPTS, ACTIVATION_WINDOW = 5, 300      # Okta: > 5 attempts in 5 minutes → 429
LOCKOUT_FAILURES = 5                                 # Okta Classic: hard-coded
RESEND_WAIT = {"sms": 30, "email": 5}
_E164 = re.compile(r"\+[1-9][0-9]{1,14}")


@dataclass
class Factor:
    id: str
    user_id: str
    kind: FactorKind
    status: str
    profile: dict
    created: float
    last_updated: float
    secret: str | None = None
    qr_token: str | None = None
    last_verified: float | None = None

    @property
    def factor_type(self) -> str:
        return self.kind.factor_type

    @property
    def provider(self) -> str:
        return self.kind.provider


def _from_row(row) -> Factor:
    return Factor(row["id"], row["user_id"], kind_of(row["factor_type"], row["provider"]),
                  row["status"], json.loads(row["profile"]), row["created"],
                  row["last_updated"], row["secret"], row["qr_token"], row["last_verified"])


def list_factors(store: Store, user_id: str) -> list[Factor]:
    rows = store.all("SELECT * FROM factors WHERE user_id = ? ORDER BY created, id", (user_id,))
    return [_from_row(row) for row in rows]


def active_factors(store: Store, user_id: str) -> list[Factor]:
    return [factor for factor in list_factors(store, user_id) if factor.status == "ACTIVE"]


def get_factor(store: Store, user_id: str, factor_id: str) -> Factor | None:
    row = store.one("SELECT * FROM factors WHERE id = ? AND user_id = ?", (factor_id, user_id))
    return _from_row(row) if row else None


def enroll(store: Store, user: User, factor_type: object, provider: object, profile: object,
           *, activate: bool = False, hash_iterations: int = 1,
           code_lifetime: float = passcodes.SENT_CODE_LIFETIME) -> Factor:
    """A new factor (ValidationFailed for a bad request or a kind already set up)."""
    kind = kind_of(factor_type, provider)
    if kind is None:
        raise ValidationFailed(ENROLL_REQUEST, [
            f"factorType: The factor type {factor_type}/{provider} is not supported."])
    profile = _checked_profile(user, kind, profile if profile is not None else {})
    secret = qr_token = None
    if kind.factor_type == TOTP:
        secret, qr_token = passcodes.new_secret(), opaque_token(nbytes=24)
        profile = {"credentialId": user.login}
    elif kind.factor_type == "question":
        secret = passwords.hash_password(fold(profile.pop("answer").strip()), hash_iterations)
    status = "PENDING_ACTIVATION" if kind.needs_activation and not (
        activate and kind.auto_activate) else "ACTIVE"
    factor = Factor(okta_id(kind.id_prefix), user.id, kind, status, profile, now(), now(),
                    secret, qr_token)
    with store.transaction():
        for existing in list_factors(store, user.id):
            if existing.kind == kind:
                if existing.status == "ACTIVE":
                    raise ValidationFailed(ENROLL_REQUEST, [ALREADY_SET_UP])
                delete(store, existing)  # a pending enrolment is started again
        store.run("INSERT INTO factors (id, user_id, factor_type, provider, status, profile,"
                  " secret, qr_token, created, last_updated) VALUES (?,?,?,?,?,?,?,?,?,?)",
                  (factor.id, user.id, kind.factor_type, kind.provider, status,
                   json.dumps(profile), secret, qr_token, factor.created, factor.created))
        if status == "PENDING_ACTIVATION" and kind.factor_type in RESEND_WAIT:
            send_code(store, user, factor, code_lifetime, check_wait=False)
        if status == "ACTIVE":
            _log(store, "user.mfa.factor.activate", factor, user)
    return factor


def _checked_profile(user: User, kind: FactorKind, profile: object) -> dict:
    if not isinstance(profile, dict):
        raise ValidationFailed(ENROLL_REQUEST, ["profile: Does not match required type: object"])
    if kind.factor_type == "sms":
        phone = profile.get("phoneNumber")
        if not isinstance(phone, str) or not _E164.fullmatch(phone.replace(" ", "")):
            raise ValidationFailed(ENROLL_REQUEST, ["phoneNumber: Invalid Phone Number."])
        return {"phoneNumber": phone.replace(" ", "")}
    if kind.factor_type == "email":
        email = profile.get("email") or user.profile.get("email")
        known = {login_key(value) for value in (user.profile.get("email"),
                                                user.profile.get("secondEmail")) if value}
        if not isinstance(email, str) or login_key(email) not in known:
            raise ValidationFailed("Only verified primary or secondary email can be enrolled.",
                                   [])
        return {"email": email}
    if kind.factor_type == "question":
        question, answer = profile.get("question"), profile.get("answer")
        if question not in SECURITY_QUESTIONS:
            raise ValidationFailed(ENROLL_REQUEST, ["question: The security question is not "
                                                    "one of the supported questions."])
        if not isinstance(answer, str) or len(answer.strip()) < ANSWER_MIN_LENGTH:
            raise ValidationFailed(ENROLL_REQUEST, [
                f"answer: The security question answer must be at least {ANSWER_MIN_LENGTH} "
                "characters in length"])
        return {"question": question, "questionText": SECURITY_QUESTIONS[question],
                "answer": answer}
    return {}


def send_code(store: Store, user: User, factor: Factor, lifetime: float,
              *, check_wait: bool = True) -> float:
    """Send an SMS or email factor its code (to the outbox); returns when it expires."""
    row = store.one("SELECT code_sent FROM factors WHERE id = ?", (factor.id,))
    wait = RESEND_WAIT[factor.factor_type]
    if check_wait and row and row["code_sent"] and now() - row["code_sent"] < wait:
        raise ResendTooSoon(factor.factor_type)
    code, expires = passcodes.new_sent_code(), now() + lifetime
    with store.transaction():
        store.run("UPDATE factors SET code_hash = ?, code_expires = ?, code_sent = ?"
                  " WHERE id = ?", (digest(code), expires, now(), factor.id))
        if factor.factor_type == "sms":
            outbox.sms_text(store, factor.profile["phoneNumber"], code)
        else:
            outbox.factor_code_mail(store, user, factor.profile["email"], code, lifetime)
        _log(store, f"system.{'sms' if factor.factor_type == 'sms' else 'email'}"
                    ".send_factor_verify_message", factor, user)
    return expires


def activate(store: Store, factor: Factor, passcode: object) -> Factor:
    """A pending factor's first good code makes it ACTIVE."""
    if factor.status != "PENDING_ACTIVATION":
        raise FactorWrongStatus("factor: The factor is not pending activation.")
    row = store.one("SELECT attempts, attempts_since FROM factors WHERE id = ?", (factor.id,))
    recent = row["attempts"] if (row["attempts_since"] or 0) > now() - ACTIVATION_WINDOW else 0
    if recent >= ACTIVATION_ATTEMPTS:
        raise TooManyFactorAttempts()
    try:
        _check_code(store, factor, passcode)
    except (PasscodeRejected, PasscodeReplayed):
        store.run("UPDATE factors SET attempts = ?, attempts_since = ? WHERE id = ?",
                  (recent + 1, now() if recent == 0 else row["attempts_since"], factor.id))
        raise
    with store.transaction():
        store.run("UPDATE factors SET status = 'ACTIVE', qr_token = NULL, attempts = 0,"
                  " last_updated = ? WHERE id = ?", (now(), factor.id))
        _log(store, "user.mfa.factor.activate", factor)
    factor.status, factor.qr_token = "ACTIVE", None
    return factor


def verify(store: Store, factor: Factor, *, passcode: object = None,
           answer: object = None) -> None:
    """Check an ACTIVE factor's code or answer (PasscodeRejected, PasscodeReplayed)."""
    if factor.status != "ACTIVE":
        raise FactorWrongStatus("factor: The factor is not active.")
    if factor.factor_type == "question":
        if not isinstance(answer, str) or not passwords.verify_password(
                fold(answer.strip()), factor.secret):
            raise PasscodeRejected(WRONG_ANSWER)
    else:
        _check_code(store, factor, passcode)
    factor.last_verified = now()
    store.run("UPDATE factors SET last_verified = ? WHERE id = ?", (now(), factor.id))


def _check_code(store: Store, factor: Factor, passcode: object) -> None:
    code = passcode.strip() if isinstance(passcode, str) else ""
    if factor.factor_type == TOTP:
        step = passcodes.matching_step(factor.secret, code, now())
        if step is None:
            raise PasscodeRejected(WRONG_PASSCODE)
        with store.transaction() as conn:
            last = conn.execute("SELECT last_step FROM factors WHERE id = ?",
                                (factor.id,)).fetchone()["last_step"]
            if last is not None and step <= last:
                raise PasscodeReplayed()
            conn.execute("UPDATE factors SET last_step = ? WHERE id = ?", (step, factor.id))
        return
    with store.transaction() as conn:
        row = conn.execute("SELECT code_hash, code_expires FROM factors WHERE id = ?",
                           (factor.id,)).fetchone()
        if not code or row["code_hash"] != digest(code) or row["code_expires"] <= now():
            raise PasscodeRejected(WRONG_PASSCODE)
        # Used: the next code may be sent at once (the wait is between sends of one code).
        conn.execute("UPDATE factors SET code_hash = NULL, code_sent = NULL WHERE id = ?",
                     (factor.id,))


def last_used_step(store: Store, factor_id: str) -> int | None:
    row = store.one("SELECT last_step FROM factors WHERE id = ?", (factor_id,))
    return row["last_step"] if row else None


def qr_code(store: Store, user_id: str, factor_id: str, token: str, issuer: str) -> bytes | None:
    """The PNG of a pending TOTP factor's otpauth URI, for its path token only."""
    factor = get_factor(store, user_id, factor_id)
    if factor is None or factor.qr_token is None or factor.status != "PENDING_ACTIVATION":
        return None
    if digest(token) != digest(factor.qr_token):
        return None
    account = factor.profile.get("credentialId", user_id)
    return passcodes.qr_png(passcodes.provisioning_uri(factor.secret, account, issuer))


def delete(store: Store, factor: Factor) -> None:
    with store.transaction():
        store.run("DELETE FROM factors WHERE id = ?", (factor.id,))
        if factor.status == "ACTIVE":   # a pending enrolment was never a factor
            _log(store, "user.mfa.factor.deactivate", factor)


def reset_all(store: Store, user_id: str) -> None:
    """Okta's `reset_factors`: every factor of the user is removed."""
    with store.transaction():
        store.run("DELETE FROM factors WHERE user_id = ?", (user_id,))
        user = get_user(store, user_id)
        if user is not None:
            system_log.record(store, "user.mfa.factor.reset_all",
                              targets=[system_log.user_ref(user)])


def forget_user(store: Store, user_id: str) -> None:
    with store.transaction():   # the user is being deleted: that is the event
        store.run("DELETE FROM factors WHERE user_id = ?", (user_id,))
        store.run("DELETE FROM mfa_failures WHERE user_id = ?", (user_id,))


def _log(store: Store, event_type: str, factor: Factor, user: User | None = None,
         result: str = "SUCCESS", reason: str | None = None) -> None:
    user = user or get_user(store, factor.user_id)
    if user is not None:
        system_log.record(store, event_type, targets=[system_log.user_ref(user)],
                          result=result, reason=reason,
                          debug={"factor": factor.factor_type, "factorId": factor.id,
                                 "provider": factor.kind.provider})


def verify_at_sign_in(store: Store, user: User, factor: Factor, *, passcode: object = None,
                      answer: object = None) -> None:
    """`verify` with Okta's sign-in lockout: the fifth wrong code in a row locks the
    user out (MfaLockedOut); a good one starts the count again."""
    try:
        verify(store, factor, passcode=passcode, answer=answer)
    except (PasscodeRejected, PasscodeReplayed):
        _log(store, "user.authentication.auth_via_mfa", factor, user,
             result="FAILURE", reason="INVALID_CREDENTIALS")
        with store.transaction() as conn:
            count = conn.execute(
                "INSERT INTO mfa_failures (user_id, count) VALUES (?, 1) ON CONFLICT (user_id)"
                " DO UPDATE SET count = count + 1 RETURNING count", (user.id,)).fetchone()[0]
            if count >= LOCKOUT_FAILURES:
                conn.execute("DELETE FROM mfa_failures WHERE user_id = ?", (user.id,))
                set_status(store, user, "LOCKED_OUT")
        if count >= LOCKOUT_FAILURES:
            raise MfaLockedOut() from None
        raise
    with store.transaction():
        store.run("DELETE FROM mfa_failures WHERE user_id = ?", (user.id,))
        _log(store, "user.authentication.auth_via_mfa", factor, user)
