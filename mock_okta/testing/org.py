"""`OktaOrg`: a running org, seen from a test. Everything goes over HTTP, through
Okta's own APIs and the kit's /_mock/ controls, so the same handle drives an org
started by the plugin and one already running as a CI service."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import requests

from mock_okta.testing.factors import Factor, FactorSteps

# Meets Okta's default password policy (and shares no part with generated logins).
DEFAULT_PASSWORD = "Correct-Horse-Battery-9"
_STATUSES = ("ACTIVE", "STAGED", "PROVISIONED", "SUSPENDED", "DEPROVISIONED",
             "PASSWORD_EXPIRED", "LOCKED_OUT")


class OrgError(AssertionError):
    """The org answered something a helper did not expect; the message has its answer."""


class SignInFailed(OrgError):
    """Primary authentication did not end in SUCCESS (wrong password, locked out, ...)."""


@dataclass
class Client:
    """An OIDC app's credentials, as a sign-in needs them."""

    client_id: str
    client_secret: str | None
    redirect_uri: str


@dataclass
class OktaOrg(FactorSteps):
    url: str                    # the org URL, e.g. http://127.0.0.1:53411
    api_token: str
    client: Client              # the app the org was seeded with
    http: requests.Session = field(default_factory=requests.Session, repr=False)
    # TOTP steps handed out per secret (FactorSteps.totp_code: never the same code twice).
    _given_steps: dict = field(default_factory=dict, repr=False)

    # --- where things are ---------------------------------------------------
    def issuer(self, server: str = "default") -> str:
        """`default` or a custom server's id; `"org"` for the org authorization server."""
        return self.url if server == "org" else f"{self.url}/oauth2/{server}"

    def api(self, method: str, path: str, *, expect: int | tuple[int, ...] = 200, **kwargs):
        """Call the Management API (`/api/v1/...` or a full path) with the API token."""
        if not path.startswith("/"):
            path = "/api/v1/" + path
        headers = {"Authorization": f"SSWS {self.api_token}", "Accept": "application/json",
                   **kwargs.pop("headers", {})}
        response = self.http.request(method, self.url + path, headers=headers, timeout=30,
                                     **kwargs)
        _expect(response, expect)
        return response.json() if response.content else None

    # --- the kit's controls ------------------------------------------------------
    def reset(self) -> None:
        """Back to the seeded state (see /_mock/reset)."""
        self._control("POST", "reset", expect=204)

    def seed(self, document: dict | str | Path) -> dict:
        """Add groups, users and apps (a dict, or a JSON file in the config file's shape);
        the org as it then is becomes the state `reset()` brings back."""
        if not isinstance(document, dict):
            document = json.loads(Path(document).read_text(encoding="utf-8"))
        response = self.http.post(f"{self.url}/_mock/seed", json=document, timeout=60,
                                  headers=self._token())
        _expect(response, 200)
        return response.json()["created"]

    def advance_clock(self, seconds: float) -> dict:
        """Move the org's clock forward (tokens, sessions, codes and links expire)."""
        return self._control("POST", "clock", json={"advanceSeconds": seconds})

    def fail(self, endpoint: str, kind: str = "http_error", *, count: int = 1, **details) -> dict:
        """Make the next `count` answers of an endpoint go wrong (see /_mock/faults)."""
        return self._control("POST", "faults", expect=201,
                             json={"endpoint": endpoint, "kind": kind, "count": count, **details})

    def forge(self, kind: str, *, token: str = "id_token", client: Client | None = None,
              claim: str | None = None, count: int = 1) -> dict:
        """Make the next token answers for a client carry a forged token (/_mock/forgeries);
        kind `jwks_without_signing_key` forges the default server's key set instead."""
        if kind == "jwks_without_signing_key":
            body = {"kind": kind, "server": "default", "count": count}
        else:
            body = {"kind": kind, "token": token, "count": count,
                    "clientId": (client or self.client).client_id}
            if claim is not None:
                body["claim"] = claim
        return self._control("POST", "forgeries", expect=201, json=body)

    def recent_requests(self, limit: int = 100) -> list[dict]:
        return self._control("GET", "requests", params={"limit": limit})

    def outbox(self, to: str | None = None) -> list[dict]:
        """Mail the org has "sent", newest first (to one address if given)."""
        response = self.http.get(f"{self.url}/_mock/outbox.json", params={"to": to} if to else None,
                                 headers=self._token(), timeout=30)
        _expect(response, 200)
        return response.json()

    def hook_deliveries(self, hook_id: str | None = None) -> list[dict]:
        """What the org sent to its event hooks (oldest first): `{hookId, eventType, uuid,
        status (PENDING | DELIVERED | FAILED), attempts, eventId, lastResult, finished}`."""
        return self._control("GET", "hooks/deliveries",
                             params={"hookId": hook_id} if hook_id else None)

    def export(self, path: str | Path | None = None) -> dict:
        """The org's lasting state (/_mock/export), also written to `path` if given: the
        file `MOCK_OKTA_IMPORT` (or `mock-okta --import`) starts an org from."""
        document = self._control("GET", "export")
        if path is not None:
            from mock_okta.serving.export_command import write_export

            write_export(str(path), document)
        return document

    def latest_mail(self, to: str) -> dict:
        """The newest mail to `to` (its `link` is the activation or reset link)."""
        mail = self.outbox(to)
        if not mail:
            raise OrgError(f"no mail to {to} in the outbox")
        return mail[0]

    # --- factories (Okta's JSON back) ---------------------------------------------
    def create_user(self, login: str | None = None, password: str | None = DEFAULT_PASSWORD, *,
                    status: str = "ACTIVE", groups: tuple[str, ...] | list[str] = (),
                    **profile) -> dict:
        """A user in any status; `groups` are names (made if missing) or group ids."""
        if status not in _STATUSES:
            raise ValueError(f"status must be one of {', '.join(_STATUSES)}, got {status!r}")
        login = login or f"user-{secrets.token_hex(4)}@example.com"
        profile = {"firstName": "Test", "lastName": "User", "email": login, **profile,
                   "login": login}
        body: dict = {"profile": profile, "groupIds": [self._group_id(g) for g in groups]}
        if password is not None and status != "PROVISIONED":
            body["credentials"] = {"password": {"value": password}}
        activate = status not in ("STAGED",)
        user = self.api("POST", "users", params={"activate": str(activate).lower()}, json=body)
        follow_up = {"SUSPENDED": "lifecycle/suspend", "DEPROVISIONED": "lifecycle/deactivate",
                     "PASSWORD_EXPIRED": "lifecycle/expire_password"}.get(status)
        if follow_up:
            self.api("POST", f"users/{user['id']}/{follow_up}")
        if status == "LOCKED_OUT":
            self._lock_out(login)
        return self.api("GET", f"users/{user['id']}") if status != "ACTIVE" else user

    def create_group(self, name: str, description: str = "") -> dict:
        return self.api("POST", "groups",
                        json={"profile": {"name": name, "description": description}})

    def create_app(self, label: str = "Test app", *, redirect_uris: list[str],
                   post_logout_redirect_uris: list[str] | None = None,
                   grant_types: list[str] | None = None, auth_method: str = "client_secret_basic",
                   application_type: str = "web") -> dict:
        """An OIDC app; its id and secret are in `credentials.oauthClient`."""
        grant_types = grant_types or ["authorization_code"]
        response_types = ["code"] + (["token", "id_token"] if "implicit" in grant_types else [])
        body = {
            "name": "oidc_client", "label": label, "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": auth_method}},
            "settings": {"oauthClient": {
                "application_type": application_type, "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": post_logout_redirect_uris or [],
                "grant_types": grant_types, "response_types": response_types}},
        }
        return self.api("POST", "apps", json=body)

    @staticmethod
    def client_of(app: dict) -> Client:
        """The credentials of an app `create_app` returned."""
        oauth = app["credentials"]["oauthClient"]
        return Client(oauth["client_id"], oauth.get("client_secret"),
                      app["settings"]["oauthClient"]["redirect_uris"][0])

    # --- signing in without a browser ----------------------------------------------
    def session_token(self, login: str, password: str = DEFAULT_PASSWORD, *,
                      factor: Factor | None = None) -> str:
        """Primary authentication (`/api/v1/authn`): a one-time sessionToken. When a policy
        asks for a second factor, `factor` (from `enroll_factor`) answers it."""
        response = self.http.post(f"{self.url}/api/v1/authn", timeout=30,
                                  json={"username": login, "password": password})
        answer = response.json() if response.content else {}
        if answer.get("status") == "MFA_REQUIRED" and factor is not None:
            response, answer = self.verify_in_authn(answer, factor)
        if response.status_code != 200 or answer.get("status") != "SUCCESS":
            raise SignInFailed(f"{login} could not sign in: {response.status_code} "
                               f"{answer.get('status') or answer.get('errorSummary')}")
        return answer["sessionToken"]

    def sign_in(self, login: str, password: str = DEFAULT_PASSWORD, *,
                client: Client | None = None, scope: str = "openid profile email",
                server: str = "default", factor: Factor | None = None) -> dict:
        """authn (and `factor`, when MFA is asked) → sessionToken → /authorize (code,
        PKCE) → /token: the token response."""
        client = client or self.client
        verifier = secrets.token_urlsafe(48)
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
        state, nonce = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
        endpoints = f"{self.url}/oauth2" if server == "org" else self.issuer(server)
        authorize = self.http.get(f"{endpoints}/v1/authorize", allow_redirects=False, timeout=30,
                                  params={
            "client_id": client.client_id, "response_type": "code", "scope": scope,
            "redirect_uri": client.redirect_uri, "state": state, "nonce": nonce,
            "code_challenge": challenge, "code_challenge_method": "S256",
            "sessionToken": self.session_token(login, password, factor=factor)})
        answer = parse_qs(urlsplit(authorize.headers.get("Location", "")).query)
        if authorize.status_code != 302 or "code" not in answer:
            raise OrgError(f"/authorize did not give a code: {authorize.status_code} "
                           f"{answer.get('error_description') or authorize.text[:300]}")
        form = {"grant_type": "authorization_code", "code": answer["code"][0],
                "redirect_uri": client.redirect_uri, "code_verifier": verifier}
        auth = None
        if client.client_secret:
            auth = (client.client_id, client.client_secret)
        else:
            form["client_id"] = client.client_id
        token = self.http.post(f"{endpoints}/v1/token", data=form, auth=auth, timeout=30)
        _expect(token, 200)
        return token.json()

    def signed_in_session(self, login: str, password: str = DEFAULT_PASSWORD) -> requests.Session:
        """A requests session holding the org's `sid` cookie (an Okta session for the user)."""
        session_json = self.api("POST", "sessions",
                                json={"sessionToken": self.session_token(login, password)})
        session = requests.Session()
        session.cookies.set("sid", session_json["id"], domain=urlsplit(self.url).hostname,
                            path="/")
        return session

    # --- inside ---------------------------------------------------------------------
    def _token(self) -> dict:
        return {"Authorization": f"SSWS {self.api_token}"}

    def _control(self, method: str, name: str, *, expect: int = 200, **kwargs):
        response = self.http.request(method, f"{self.url}/_mock/{name}", headers=self._token(),
                                     timeout=60, **kwargs)
        _expect(response, expect)
        return response.json() if response.content else None

    def _group_id(self, name_or_id: str) -> str:
        if name_or_id.startswith("00g"):
            return name_or_id
        for group in self.api("GET", "groups", params={"q": name_or_id}):
            if group["profile"]["name"] == name_or_id:
                return group["id"]
        return self.create_group(name_or_id)["id"]

    def _lock_out(self, login: str) -> None:
        for _ in range(100):  # the org's lockout threshold is a setting: try until it bites
            self.http.post(f"{self.url}/api/v1/authn", timeout=30,
                           json={"username": login, "password": "not-the-password"})
            user = self.api("GET", f"users/{login}")
            if user["status"] == "LOCKED_OUT":
                return
        raise OrgError(f"{login} was not locked out after 100 wrong passwords")


def _expect(response: requests.Response, expect: int | tuple[int, ...]) -> None:
    allowed = (expect,) if isinstance(expect, int) else expect
    if response.status_code not in allowed:
        raise OrgError(f"{response.request.method} {response.url} answered "
                       f"{response.status_code}: {response.text[:500]}")
