"""Console: a user's factors, on the user's page (users.py shows them with
`factor_rows`). What Okta's
admin console offers: reset one factor, or reset them all, through the same
directory functions as DELETE /api/v1/users/{id}/factors/{factorId} and
POST …/lifecycle/reset_factors (so the same System Log events). Nothing secret
is shown: no TOTP shared secret, no QR code, no answer."""

from __future__ import annotations

from mock_okta.directory import factors as core
from mock_okta.directory.users import get_user
from mock_okta.errors import ApiError
from mock_okta.kit.console import action, done
from mock_okta.org import current_org

# The profile fields a person may see (Okta's admin view shows them unmasked).
SHOWN_PROFILE = {"phoneNumber": "Phone", "email": "Email", "questionText": "Question",
                 "credentialId": "Account"}


def factor_rows(factors: list[core.Factor]) -> list[dict]:
    """What the page shows of each factor: never its secret, QR token or answer."""
    return [{"id": factor.id, "type": factor.factor_type, "provider": factor.provider,
             "status": factor.status, "created": factor.created,
             "last_verified": factor.last_verified,
             "details": [(label, factor.profile[name]) for name, label in SHOWN_PROFILE.items()
                         if isinstance(factor.profile.get(name), str)]}
            for factor in factors]


def _user(user_id: str):
    user = get_user(current_org().store, user_id)
    if user is None:
        raise ApiError.not_found(user_id, "User")
    return user


@action("/users/<user_id>/factors/<factor_id>/reset")
def reset_factor(user_id, factor_id):
    store, user = current_org().store, _user(user_id)
    factor = core.get_factor(store, user.id, factor_id)
    if factor is None:
        raise ApiError.not_found(factor_id, "UserFactor")
    core.delete(store, factor)
    return done(f"Reset the {factor.factor_type} factor ({factor.provider}).", "user_page",
                user_id=user.id)


@action("/users/<user_id>/factors/reset")
def reset_factors(user_id):
    user = _user(user_id)
    core.reset_all(current_org().store, user.id)
    return done("Reset all factors.", "user_page", user_id=user.id)
