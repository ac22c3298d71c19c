"""One error vocabulary: every domain error has its row in web/errors.py's table
and answers in each dialect; every Okta code is spelled once; views neither build
error bodies nor convert exceptions; API view names follow Okta's SDK operations."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from flask import request

from mock_okta import errors
from mock_okta.directory import lifecycle, signon
from mock_okta.directory.status import set_status
from mock_okta.directory.users import get_user
from mock_okta.errors import (
    AlreadyActive,
    CredentialsRejected,
    CursorError,
    DomainError,
    FactorWrongStatus,
    ForgotPasswordNotAllowed,
    HookNotInactive,
    HookVerificationFailed,
    LinkExpired,
    LogFilterUnsupported,
    LogQueryInvalid,
    MfaLockedOut,
    NewPasswordRefused,
    NotLockedOut,
    PasscodeRejected,
    PasscodeReplayed,
    QueryError,
    ReadOnlyGroup,
    ResendTooSoon,
    TooManyFactorAttempts,
    ValidationFailed,
    WrongStatus,
)
from mock_okta.signin.common import page_error, rerender_on
from mock_okta.web.errors import DOMAIN_ERRORS, domain_error_response
from tests.mock_okta.support import PASSWORD

PACKAGE = Path(errors.__file__).parent.parent   # mock_okta/
API_CODES = "errors/okta_api.py"   # where every E-code is spelled

# What each domain error is under /api: the contract the API tests rely on.
OKTA_ANSWERS = {
    ValidationFailed: (400, "E0000001"),
    WrongStatus: (403, "E0000038"),
    AlreadyActive: (403, "E0000016"),
    NotLockedOut: (403, "E0000032"),
    CredentialsRejected: (403, "E0000014"),
    NewPasswordRefused: (403, "E0000080"),
    ForgotPasswordNotAllowed: (403, "E0000034"),
    ReadOnlyGroup: (403, "E0000006"),
    QueryError: (400, "E0000031"),
    CursorError: (400, "E0000029"),
    LinkExpired: (401, "E0000011"),
    LogQueryInvalid: (400, "E0000053"),
    LogFilterUnsupported: (400, "E0000031"),
    HookNotInactive: (400, "E0000001"),
    HookVerificationFailed: (400, "E0000001"),
    PasscodeRejected: (403, "E0000068"),
    PasscodeReplayed: (403, "E0000082"),
    TooManyFactorAttempts: (429, "E0000047"),
    MfaLockedOut: (403, "E0000069"),
    ResendTooSoon: (429, "E0000109"),
    FactorWrongStatus: (400, "E0000001"),
}
SAMPLES = {
    ValidationFailed: lambda: ValidationFailed("login", ["login: The field cannot be left blank"]),
    WrongStatus: lambda: WrongStatus("DEPROVISIONED"),
    AlreadyActive: lambda: AlreadyActive("ACTIVE"),
    NotLockedOut: lambda: NotLockedOut("ACTIVE"),
    CredentialsRejected: lambda: CredentialsRejected(["oldPassword: wrong"]),
    NewPasswordRefused: lambda: NewPasswordRefused(["password: too weak"]),
    ForgotPasswordNotAllowed: lambda: ForgotPasswordNotAllowed("STAGED"),
    ReadOnlyGroup: lambda: ReadOnlyGroup("Everyone"),
    QueryError: lambda: QueryError("bad"),
    CursorError: lambda: CursorError("bad"),
    LinkExpired: lambda: LinkExpired(),
    LogQueryInvalid: lambda: LogQueryInvalid("field is not valid: nope"),
    LogFilterUnsupported: lambda: LogFilterUnsupported("co", "debugContext.debugData.url"),
    HookNotInactive: lambda: HookNotInactive("whoabc"),
    HookVerificationFailed: lambda: HookVerificationFailed("whoabc"),
    PasscodeRejected: lambda: PasscodeRejected("Your passcode doesn't match our records."),
    PasscodeReplayed: lambda: PasscodeReplayed(),
    TooManyFactorAttempts: lambda: TooManyFactorAttempts(),
    MfaLockedOut: lambda: MfaLockedOut(),
    ResendTooSoon: lambda: ResendTooSoon("sms"),
    FactorWrongStatus: lambda: FactorWrongStatus("factor: The factor is not active."),
}


def _domain_errors(base=DomainError) -> set[type]:
    found = set()
    for sub in base.__subclasses__():
        found |= {sub} | _domain_errors(sub)
    return found


DOMAIN_TYPES = sorted(_domain_errors(), key=lambda kind: kind.__name__)


def test_every_domain_error_has_a_row_a_sample_and_an_okta_answer():
    assert set(DOMAIN_ERRORS) == set(DOMAIN_TYPES) == set(SAMPLES) == set(OKTA_ANSWERS)


@pytest.mark.parametrize("kind", DOMAIN_TYPES, ids=lambda kind: kind.__name__)
def test_under_api_a_domain_error_is_okta_json(app, kind):
    error = SAMPLES[kind]()
    with app.test_request_context("/api/v1/users", method="POST"):
        response = domain_error_response(error)
    status, code = OKTA_ANSWERS[kind]
    assert response.status_code == status
    assert response.json["errorCode"] == response.json["errorLink"] == code
    if hasattr(error, "causes"):  # the domain's causes reach the caller as they are
        assert [cause["errorSummary"] for cause in response.json["errorCauses"]] == error.causes


@pytest.mark.parametrize("kind", DOMAIN_TYPES, ids=lambda kind: kind.__name__)
def test_at_the_token_endpoint_a_domain_error_is_rfc6749_json(app, kind):
    with app.test_request_context("/oauth2/default/v1/token", method="POST"):
        response = domain_error_response(SAMPLES[kind]())
    assert response.status_code == OKTA_ANSWERS[kind][0]
    assert response.json["error"] == DOMAIN_ERRORS[kind].error
    assert response.json["error_description"]
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("kind", DOMAIN_TYPES, ids=lambda kind: kind.__name__)
def test_at_userinfo_a_domain_error_is_an_rfc6750_challenge(app, kind):
    with app.test_request_context("/oauth2/default/v1/userinfo"):
        response = domain_error_response(SAMPLES[kind]())
    assert response.status_code == OKTA_ANSWERS[kind][0]
    assert response.get_data() == b""
    assert response.headers["WWW-Authenticate"].startswith(
        f'Bearer error="{DOMAIN_ERRORS[kind].error}", error_description="')


@pytest.mark.parametrize("kind", DOMAIN_TYPES, ids=lambda kind: kind.__name__)
def test_at_a_browser_endpoint_a_domain_error_is_the_html_page(app, kind):
    with app.test_request_context("/oauth2/default/v1/authorize"):
        html, status, headers = domain_error_response(SAMPLES[kind]())
    assert status == OKTA_ANSWERS[kind][0]
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<dd id="error-code">{DOMAIN_ERRORS[kind].error}</dd>' in html


# --- the hosted pages' own handler ------------------------------------------------

def test_a_page_rerenders_its_form_for_the_errors_it_declared(app):
    def render(*, banner, fields, status):
        return {"banner": banner, "fields": fields}, status

    with app.test_request_context("/signin/register", method="POST"):
        rerender_on(ValidationFailed, render, lambda e: ("check", {"email": e.causes[0]}))
        assert page_error(ValidationFailed("login", ["x"])) == (
            {"banner": "check", "fields": {"email": "x"}}, 400)
        _, status, _ = page_error(WrongStatus("ACTIVE"))  # not declared: the error page
        assert status == 403


def test_a_dead_link_on_a_hosted_page_gets_the_link_page(app):
    with app.test_request_context("/welcome/abc", method="POST"):
        assert not any(key.startswith("mock_okta.") for key in request.environ)
        html, status = page_error(LinkExpired())
    assert status == 404 and "This link has expired" in html


# --- services state the operation's meaning ---------------------------------------

def _store(app):
    return app.extensions["mock_okta"].store


def test_the_expired_password_change_has_its_own_errors(app, make_user):
    store = _store(app)
    user = get_user(store, make_user()["id"])
    with pytest.raises(CredentialsRejected):
        signon.change_expired_password(store, user, "not-it", "Fresh-Start-2026", 1000)
    with pytest.raises(NewPasswordRefused) as refused:
        signon.change_expired_password(store, user, PASSWORD, "short", 1000)
    assert refused.value.causes[0].startswith("password: ")
    with pytest.raises(NewPasswordRefused):
        signon.change_expired_password(store, user, PASSWORD, PASSWORD, 1000)


def test_lifecycle_refusals_say_which_rule(app, make_user):
    store = _store(app)
    user = get_user(store, make_user()["id"])
    with pytest.raises(AlreadyActive):
        lifecycle.activate(store, user)
    with pytest.raises(NotLockedOut):
        lifecycle.unlock(store, user)
    with pytest.raises(ValidationFailed) as caught:
        lifecycle.unsuspend(store, user)
    assert caught.value.field == "status"
    set_status(store, user, "DEPROVISIONED")
    with pytest.raises(WrongStatus):
        lifecycle.deactivate(store, user)


# --- the source keeps the rules -----------------------------------------------------

def _sources(*folders: str):
    for folder in folders:
        yield from sorted((PACKAGE / folder).glob("*.py"))


def test_each_okta_code_is_spelled_once_in_the_errors_module():
    spelled: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for code in re.findall(r'"(E\d{7})"', path.read_text()):
            spelled.setdefault(code, []).append(path.relative_to(PACKAGE).as_posix())
    assert spelled and all(places == [API_CODES] for places in spelled.values()), spelled
    errors_module = (PACKAGE / API_CODES).read_text()
    assert all(errors_module.count(f'"{code}"') == 1 for code in spelled)


# The only `except` clauses left in the views: local probes, not conversions.
PROBES = {("paging.py", "ValueError")}  # the JSON-body probe now lives in web/request_body.py


def test_views_convert_no_exceptions_and_build_no_error_bodies():
    handlers, inline = set(), []
    for path in _sources("api", "signin", "kit"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler):
                handlers.add((path.name, ast.unparse(node.type)))
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("ApiError", "OAuthError")):
                inline.append(f"{path.name}:{node.lineno}")
    assert handlers == PROBES
    assert inline == []


_SDK_VERBS = ("create", "get", "list", "update", "delete", "activate", "deactivate", "reactivate",
              "suspend", "unsuspend", "unlock", "reset", "expire", "change", "forgot", "add",
              "remove", "refresh", "revoke", "close", "rotate", "authenticate", "cancel",
              "enroll", "unenroll", "verify", "resend", "replace", "assign",
              "previous", "skip")


def test_api_views_are_named_after_sdk_operations_and_no_name_is_shared(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    names = [endpoint.rsplit(".", 1)[-1] for endpoint in endpoints]
    assert len(names) == len(set(names)), "two endpoints share a view name"
    api = sorted(name for endpoint, name in zip(endpoints, names, strict=True)
                 if endpoint.startswith("api."))
    assert [name for name in api if name.split("_")[0] not in _SDK_VERBS] == []
    for expected in ("create_user", "get_user", "list_users", "update_user", "deactivate_user",
                     "delete_user", "activate_user", "suspend_user", "unlock_user",
                     "create_session", "get_session", "refresh_session", "list_group_users",
                     "add_user_to_group", "remove_user_from_group"):
        assert expected in api
