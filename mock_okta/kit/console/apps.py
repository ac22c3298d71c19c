"""Console section: OIDC apps. Redirect URIs and grant types are edited as a full
update through the Apps API's own parse (app_spec.parse_app) and update_app; the
client secret is shown only when asked for."""

from __future__ import annotations

from flask import request

from mock_okta.directory.app_spec import ALLOWED_GRANTS, GRANT_TYPES, app_json, parse_app
from mock_okta.directory.apps import StoredApp, get_app, list_apps, update_app
from mock_okta.errors import ApiError
from mock_okta.kit.console import action, done, page, render, section
from mock_okta.org import current_org

APPS_SHOWN = 200


def _app(app_id: str) -> StoredApp:
    app = get_app(current_org().store, app_id)
    if app is None:
        raise ApiError.not_found(app_id, "AppInstance")
    return app


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@page("/apps")
def apps():
    return render("apps.html", apps=list_apps(current_org().store, limit=APPS_SHOWN))


@page("/apps/<app_id>")
def app_page(app_id):
    return _show(_app(app_id), show_secret=False)


@page("/apps/<app_id>/secret")
def app_secret(app_id):
    return _show(_app(app_id), show_secret=True)


def _show(app: StoredApp, *, show_secret: bool):
    allowed = [g for g in GRANT_TYPES if g in ALLOWED_GRANTS[app.client.application_type]]
    return render("app.html", app=app, client=app.client, grants=allowed,
                  show_secret=show_secret)


@action("/apps/<app_id>")
def update_app_settings(app_id):
    """A full update (as PUT /api/v1/apps/{id}) of the app as it is, with the form's
    redirect URIs and grant types; response types follow the grants."""
    org, app = current_org(), _app(app_id)
    body = app_json(app.client, created=app.created, last_updated=app.last_updated,
                    org_url=org.url(), consent_method=app.consent_method)
    settings = body["settings"]["oauthClient"]
    settings["redirect_uris"] = _lines(request.form.get("redirect_uris", ""))
    settings["post_logout_redirect_uris"] = _lines(request.form.get("post_logout_redirect_uris", ""))
    settings["grant_types"] = request.form.getlist("grant_types")
    del settings["response_types"]
    spec = parse_app(body, existing_type=app.client.application_type)
    update_app(org.store, app, spec)
    return done("App saved.", app_page, app_id=app.client.client_id)


section("Apps", apps, place=30)
