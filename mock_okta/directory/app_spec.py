"""OIDC apps as Okta's Apps API shapes them: request JSON in, validated spec out;
stored app out, app JSON back. Pure functions, no storage, no Flask.

Rules (Okta's Apps API reference, "Add OAuth 2.0 client application"):

* `name` is `oidc_client` and `signOnMode` is `OPENID_CONNECT` (the only kind of app
  this mock holds);
* `settings.oauthClient.application_type` is `web`, `native`, `browser` or `service`
  and cannot change after creation; each type allows only some grant types, and
  `web`/`native` must have `authorization_code`;
* at least one redirect URI and response type, unless the app uses only the
  `client_credentials` or `password` grants; redirect URIs are absolute, without
  a fragment;
* `credentials.oauthClient.token_endpoint_auth_method` defaults to
  `client_secret_basic`; `browser` apps use `none`, `web` and `service` apps never do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from mock_okta.clock import iso
from mock_okta.errors import ValidationFailed

APP_NAME = "oidc_client"
SIGN_ON_MODE = "OPENID_CONNECT"
APPLICATION_TYPES = ("web", "native", "browser", "service")
# Client authentication: every method Okta offers (the token endpoint, introspection,
# revocation and discovery all use this list), and the two that present the secret
# itself, between which an app may switch freely.
SECRET_METHODS = ("client_secret_basic", "client_secret_post")
AUTH_METHODS = (*SECRET_METHODS, "client_secret_jwt", "private_key_jwt", "none")
RESPONSE_TYPES = ("code", "token", "id_token")
_DEVICE = "urn:ietf:params:oauth:grant-type:device_code"
_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
_SAML = "urn:ietf:params:oauth:grant-type:saml2-bearer"
_JWT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
_CIBA = "urn:openid:params:grant-type:ciba"
GRANT_TYPES = ("authorization_code", "implicit", "password", "refresh_token",
               "client_credentials", _DEVICE, _EXCHANGE, _SAML, _JWT, _CIBA)
ALLOWED_GRANTS = {
    "web": {"authorization_code", "implicit", "refresh_token", "client_credentials", "password",
            _EXCHANGE, _SAML, _JWT, _CIBA},
    "browser": {"authorization_code", "implicit", "refresh_token"},
    "native": {"authorization_code", "implicit", "password", "refresh_token", _DEVICE, _EXCHANGE},
    "service": {"client_credentials", _EXCHANGE, _SAML, _JWT},
}
_NO_REDIRECT_GRANTS = {"client_credentials", "password"}
_SECRET_LENGTH = (14, 100)
_BLANK = "The field cannot be left blank"


@dataclass(frozen=True)
class AppSpec:
    """A validated OIDC app, as a create or full update (PUT) describes it."""

    label: str
    application_type: str
    token_endpoint_auth_method: str
    grant_types: tuple[str, ...]
    response_types: tuple[str, ...]
    redirect_uris: tuple[str, ...]
    post_logout_redirect_uris: tuple[str, ...]
    client_id: str | None = None
    client_secret: str | None = None
    jwks: dict | None = None
    consent_method: str = "TRUSTED"


def _object(value, name: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationFailed(name, [f"{name}: Does not match required type: object"])
    return value


def _string(value, name: str, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationFailed(name, [f"{name}: {_BLANK}"])
        return None
    if not isinstance(value, str):
        raise ValidationFailed(name, [f"{name}: Does not match required type: string"])
    return value.strip()


def _strings(value, name: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationFailed(name, [f"{name}: Does not match required type: array of strings"])
    return tuple(dict.fromkeys(item.strip() for item in value if item.strip()))


_SCRIPT_SCHEMES = {"javascript", "data", "vbscript"}


def _check_uris(uris: tuple[str, ...], name: str) -> None:
    for uri in uris:
        parts = urlsplit(uri)
        bad = (not parts.scheme or parts.fragment or re.search(r"[\s\x00-\x1f]", uri)
               or (parts.scheme in ("http", "https") and not parts.hostname)
               # Native apps may use custom schemes; never ones that run script.
               or parts.scheme.lower() in _SCRIPT_SCHEMES)
        if bad:
            raise ValidationFailed(name, [
                f"{name}: '{uri}' must be an absolute URI without a fragment"])


def parse_app(body: dict, *, existing_type: str | None = None) -> AppSpec:
    """Validate an Apps API body (create or PUT); raises ValidationFailed."""
    if _string(body.get("name"), "name", required=True) != APP_NAME:
        raise ValidationFailed("name", [f"name: Only OpenID Connect apps (name '{APP_NAME}') "
                                        "are supported by this org"])
    mode = _string(body.get("signOnMode"), "signOnMode") or SIGN_ON_MODE
    if mode != SIGN_ON_MODE:
        raise ValidationFailed("signOnMode", [
            f"signOnMode: must be {SIGN_ON_MODE} for {APP_NAME}"])
    label = _string(body.get("label"), "label", required=True)
    credentials = _object(_object(body.get("credentials"), "credentials").get("oauthClient"),
                          "credentials.oauthClient")
    settings = _object(_object(body.get("settings"), "settings").get("oauthClient"),
                       "settings.oauthClient")
    app_type = _string(settings.get("application_type"), "application_type") or "web"
    if app_type not in APPLICATION_TYPES:
        raise ValidationFailed("application_type", [
            f"application_type: must be one of {', '.join(APPLICATION_TYPES)}"])
    if existing_type and app_type != existing_type:
        raise ValidationFailed("application_type", [
            "application_type: The application type cannot be changed after creation"])
    grants = _grants(settings, app_type)
    responses = _response_types(settings, grants)
    redirects = _strings(settings.get("redirect_uris"), "redirect_uris") or ()
    if set(grants) - _NO_REDIRECT_GRANTS and not redirects:
        raise ValidationFailed("redirect_uris", [
            "redirect_uris: At least one redirect URI is required for the "
            f"{', '.join(g for g in grants if g not in _NO_REDIRECT_GRANTS)} grant type"])
    _check_uris(redirects, "redirect_uris")
    logout = _strings(settings.get("post_logout_redirect_uris"), "post_logout_redirect_uris") or ()
    _check_uris(logout, "post_logout_redirect_uris")
    method = _auth_method(credentials, app_type)
    secret = _string(credentials.get("client_secret"), "client_secret")
    if secret is not None and not _SECRET_LENGTH[0] <= len(secret) <= _SECRET_LENGTH[1]:
        raise ValidationFailed("client_secret", [
            "client_secret: Client secret must be between 14 and 100 characters in length"])
    jwks = _object(settings.get("jwks"), "jwks") or None
    if method == "private_key_jwt" and not (jwks and isinstance(jwks.get("keys"), list)
                                            and jwks["keys"]):
        raise ValidationFailed("jwks", ["jwks: A JSON Web Key Set is required for private_key_jwt"])
    consent = _string(settings.get("consent_method"), "consent_method") or "TRUSTED"
    if consent not in ("TRUSTED", "REQUIRED"):
        raise ValidationFailed("consent_method", ["consent_method: must be TRUSTED or REQUIRED"])
    client_id = _string(credentials.get("client_id"), "client_id")
    if client_id is not None and not re.fullmatch(r"[A-Za-z0-9._~-]{1,100}", client_id):
        raise ValidationFailed("client_id", ["client_id: may hold letters, digits and . _ ~ - only"])
    return AppSpec(label=label, application_type=app_type, token_endpoint_auth_method=method,
                   grant_types=grants, response_types=responses, redirect_uris=redirects,
                   post_logout_redirect_uris=logout, client_id=client_id,
                   client_secret=None if method == "none" else secret, jwks=jwks,
                   consent_method=consent)


def _grants(settings: dict, app_type: str) -> tuple[str, ...]:
    default = ("client_credentials",) if app_type == "service" else ("authorization_code",)
    grants = _strings(settings.get("grant_types"), "grant_types") or default
    unknown = [grant for grant in grants if grant not in GRANT_TYPES]
    if unknown:
        raise ValidationFailed("grant_types", [
            f"grant_types: '{grant}' is not a valid grant type" for grant in unknown])
    refused = [grant for grant in grants if grant not in ALLOWED_GRANTS[app_type]]
    if refused:
        raise ValidationFailed("grant_types", [
            f"grant_types: '{grant}' is not allowed for {app_type} applications"
            for grant in refused])
    if app_type in ("web", "native") and "authorization_code" not in grants:
        raise ValidationFailed("grant_types", [
            f"grant_types: {app_type} applications must have at least authorization_code"])
    return grants


def _response_types(settings: dict, grants: tuple[str, ...]) -> tuple[str, ...]:
    raw = _strings(settings.get("response_types"), "response_types")
    if raw is None:
        raw = (("code",) if "authorization_code" in grants else ()) + (
            ("token", "id_token") if "implicit" in grants else ())
    unknown = [kind for kind in raw if kind not in RESPONSE_TYPES]
    if unknown:
        raise ValidationFailed("response_types", [
            f"response_types: '{kind}' is not a valid response type" for kind in unknown])
    if "code" in raw and "authorization_code" not in grants:
        raise ValidationFailed("response_types", [
            "response_types: 'code' requires the authorization_code grant type"])
    if {"token", "id_token"} & set(raw) and "implicit" not in grants:
        raise ValidationFailed("response_types", [
            "response_types: 'token' and 'id_token' require the implicit grant type"])
    return raw


def _auth_method(credentials: dict, app_type: str) -> str:
    default = "none" if app_type == "browser" else "client_secret_basic"
    method = _string(credentials.get("token_endpoint_auth_method"),
                     "token_endpoint_auth_method") or default
    if method not in AUTH_METHODS:
        raise ValidationFailed("token_endpoint_auth_method", [
            f"token_endpoint_auth_method: must be one of {', '.join(AUTH_METHODS)}"])
    if app_type == "browser" and method != "none":
        raise ValidationFailed("token_endpoint_auth_method", [
            "token_endpoint_auth_method: browser applications must use none"])
    if app_type in ("web", "service") and method == "none":
        raise ValidationFailed("token_endpoint_auth_method", [
            f"token_endpoint_auth_method: {app_type} applications cannot use none"])
    return method


def app_json(client, *, created: float, last_updated: float, org_url: str,
             consent_method: str = "TRUSTED") -> dict:
    """An app as GET /api/v1/apps/{id} returns it (`client` is a clients.Client)."""
    href = f"{org_url}/api/v1/apps/{client.client_id}"
    lifecycle = "deactivate" if client.status == "ACTIVE" else "activate"
    oauth_settings = {
        "redirect_uris": list(client.redirect_uris),
        "post_logout_redirect_uris": list(client.post_logout_redirect_uris),
        "response_types": list(client.response_types),
        "grant_types": list(client.grant_types),
        "application_type": client.application_type,
        "consent_method": consent_method,
        "issuer_mode": "ORG_URL",
    }
    if client.jwks:
        oauth_settings["jwks"] = client.jwks
    return {
        "id": client.client_id,
        "name": APP_NAME,
        "label": client.name,
        "status": client.status,
        "lastUpdated": iso(last_updated),
        "created": iso(created),
        "accessibility": {"selfService": False, "errorRedirectUrl": None,
                          "loginRedirectUrl": None},
        "visibility": {"autoLaunch": False, "autoSubmitToolbar": False,
                       "hide": {"iOS": True, "web": True},
                       "appLinks": {"oidc_client_link": True}},
        "features": [],
        "signOnMode": SIGN_ON_MODE,
        "credentials": {
            "userNameTemplate": {"template": "${source.login}", "type": "BUILT_IN"},
            "signing": {},
            "oauthClient": {"autoKeyRotation": True, "client_id": client.client_id,
                            "client_secret": client.client_secret,
                            "token_endpoint_auth_method": client.token_endpoint_auth_method},
        },
        "settings": {"app": {}, "notifications": {"vpn": {"network": {"connection": "DISABLED"},
                                                          "message": None, "helpUrl": None}},
                     "oauthClient": oauth_settings},
        "_links": {
            "self": {"href": href},
            "users": {"href": f"{href}/users"},
            "groups": {"href": f"{href}/groups"},
            lifecycle: {"href": f"{href}/lifecycle/{lifecycle}"},
        },
    }
