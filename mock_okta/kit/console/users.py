"""Console section: users. Search, create, edit the profile, set the password,
every lifecycle action, group memberships, org sessions and factors (their
actions: user_factors.py), each through the directory functions the Users API calls."""

from __future__ import annotations

from flask import request

from mock_okta.directory import deletion, factors, lifecycle, outbox, sessions
from mock_okta.directory import groups as group_core
from mock_okta.directory import users as core
from mock_okta.directory.user_search import filter_users, list_users, q_users
from mock_okta.errors import ApiError
from mock_okta.kit.console import action, done, page, render, section
from mock_okta.kit.console.user_factors import factor_rows
from mock_okta.org import current_org

LIST_LIMIT = 200
PROFILE_FIELDS = ("login", "email", "firstName", "lastName", "mobilePhone", "secondEmail")


def _user(user_id: str) -> core.User:
    user = core.get_user(current_org().store, user_id)
    if user is None:
        raise ApiError.not_found(user_id, "User")
    return user


@page("/users")
def users():
    store, args = current_org().store, request.args
    q, filter_ = args.get("q", "").strip(), args.get("filter", "").strip()
    if filter_:
        found = filter_users(store, filter_, limit=LIST_LIMIT, after=None).users
    elif q:
        found = q_users(store, q, limit=LIST_LIMIT)
    else:
        found = list_users(store, limit=LIST_LIMIT, after=None).users
    return render("users.html", users=found, q=q, filter=filter_)


@action("/users")
def create_user():
    form, org = request.form, current_org()
    profile = {name: form.get(name, "").strip() for name in ("email", "firstName", "lastName")}
    profile["login"] = form.get("login", "").strip() or profile["email"]
    user = core.create_user(org.store, profile, password=form.get("password") or None,
                            activate="activate" in form,
                            hash_iterations=org.settings.password_hash_iterations)
    outbox.welcome_if_provisioned(org.store, user, org.url())
    return done(f"Created {user.login} ({user.status}).", user_page, user_id=user.id)


@page("/users/<user_id>")
def user_page(user_id):
    store = current_org().store
    user = _user(user_id)
    member_of = group_core.user_groups(store, user.id)
    joined = {group.id for group in member_of}
    others = [g for g in group_core.list_groups(store, limit=10_000, after=None)[0]
              if g.id not in joined and not g.built_in]
    return render("user.html", user=user, member_of=member_of, other_groups=others,
                  sessions=sessions.user_sessions(store, user.id), fields=PROFILE_FIELDS,
                  factors=factor_rows(factors.list_factors(store, user.id)))


@action("/users/<user_id>/profile")
def update_profile(user_id):
    org = current_org()
    user = _user(user_id)
    changes = {name: request.form[name].strip() for name in PROFILE_FIELDS if name in request.form}
    core.update_user(org.store, user, changes,
                     hash_iterations=org.settings.password_hash_iterations)
    return done("Profile saved.", user_page, user_id=user.id)


@action("/users/<user_id>/password")
def set_password(user_id):
    org = current_org()
    user = _user(user_id)
    core.update_user(org.store, user, {}, password=request.form.get("password", ""),
                     hash_iterations=org.settings.password_hash_iterations)
    return done("Password set.", user_page, user_id=user.id)


@action("/users/<user_id>/lifecycle/<operation>")
def lifecycle_action(user_id, operation):
    org = current_org()
    user = _user(user_id)
    if operation not in OPERATIONS:
        raise ApiError.path_not_found()
    message = OPERATIONS[operation](org, user)
    if core.get_user(org.store, user.id) is None:   # deleted: nothing left to show
        return done(message, users)
    return done(message, user_page, user_id=user.id)


@action("/users/<user_id>/groups")
def add_to_group(user_id):
    store = current_org().store
    user, group = _user(user_id), _group(request.form.get("group_id", ""))
    group_core.add_member(store, group, user.id)
    return done(f"Added to {group.name}.", user_page, user_id=user.id)


@action("/users/<user_id>/groups/<group_id>/remove")
def remove_from_group(user_id, group_id):
    store = current_org().store
    user, group = _user(user_id), _group(group_id)
    group_core.remove_member(store, group, user.id)
    return done(f"Removed from {group.name}.", user_page, user_id=user.id)


@action("/users/<user_id>/sessions/clear")
def clear_sessions(user_id):
    """As DELETE /api/v1/users/{id}/sessions, `oauthTokens` from the form's checkbox."""
    user = _user(user_id)
    ended = sessions.clear_user_sessions(current_org().store, user.id,
                                         oauth_tokens="oauthTokens" in request.form)
    revoked = " and revoked its tokens" if "oauthTokens" in request.form else ""
    return done(f"Ended {ended} session(s){revoked}.", user_page, user_id=user.id)


def _group(group_id: str) -> group_core.Group:
    group = group_core.get_group(current_org().store, group_id)
    if group is None:
        raise ApiError.not_found(group_id, "UserGroup")
    return group


def _mail_activation(user, token: str) -> None:
    org = current_org()
    outbox.activation_mail(org.store, user, lifecycle.activation_link(org.url(), token))


def _activate(org, user) -> str:
    _mail_activation(user, lifecycle.activate(org.store, user))
    return "Activation mail sent (see the outbox)."


def _reactivate(org, user) -> str:
    _mail_activation(user, lifecycle.reactivate(org.store, user))
    return "Activation mail sent again (see the outbox)."


def _reset_password(org, user) -> str:
    token = lifecycle.reset_password(org.store, user)
    outbox.reset_mail(org.store, user, lifecycle.reset_link(org.url(), token))
    return "Password reset: the link is in the outbox."


def _expire_password(org, user) -> str:
    lifecycle.expire_password(org.store, user,
                              hash_iterations=org.settings.password_hash_iterations)
    return "Password expired: a new one is asked at the next sign-in."


def _simple(step, said: str):
    def run(org, user) -> str:
        step(org.store, user)
        return said
    return run


def _delete(org, user) -> str:
    if deletion.deactivate_or_delete(org.store, user):
        return f"Deleted {user.login}."
    return "Deactivated (delete again to remove the user)."


# Each answers the notice shown after it; the order is the buttons' order.
OPERATIONS = {
    "activate": _activate,
    "reactivate": _reactivate,
    "deactivate": _simple(lifecycle.deactivate, "Deactivated."),
    "suspend": _simple(lifecycle.suspend, "Suspended."),
    "unsuspend": _simple(lifecycle.unsuspend, "Unsuspended."),
    "unlock": _simple(lifecycle.unlock, "Unlocked."),
    "expire_password": _expire_password,
    "reset_password": _reset_password,
    "delete": _delete,
}

section("Users", users, place=10)
