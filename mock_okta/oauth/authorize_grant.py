"""The /authorize grant: every response type Okta offers (`code`, `token`,
`id_token` and their combinations) on the one authorization code grant.

Authlib's OpenIDImplicitGrant and OpenIDHybridGrant were the other choice;
they do not fit without overriding nearly all of them: they authenticate the
client at /authorize as if at the token endpoint (so a confidential web app
with implicit enabled fails), sign ID tokens with their own claims and JOSE
stack, send every error by fragment whatever the response mode, and build
their own `form_post` page. Here the code grant's validation (redirect URI,
PKCE, OpenID hooks) serves every response type, codes stay redeemable by the
same grant at /token, and every token comes from `issuance`, recorded in the
token store like those from /token.
"""

from __future__ import annotations

from flask import g

from mock_okta.directory import system_log
from mock_okta.directory.event_types import oauth2_event
from mock_okta.directory.sessions import SignedIn
from mock_okta.oauth.authorize_rules import RESPONSE_TYPE_WORDS, AuthorizeRequest
from mock_okta.oauth.code_grant import CodeGrant
from mock_okta.oauth.issuance import Grant, issue
from mock_okta.oauth.response_modes import TOKEN_TYPES, Params
from mock_okta.org import current_org
from mock_okta.storage import digest


class AuthorizeGrant(CodeGrant):
    """The authorization code grant, answering any response type at /authorize."""

    @classmethod
    def check_authorization_endpoint(cls, request) -> bool:
        # In any order ("id_token code"); which ones the app may use is authorize_rules' job.
        words = (request.payload.response_type or "").split()
        return bool(words) and set(words) <= RESPONSE_TYPE_WORDS

    def authorization_params(self, signed_in: SignedIn, wanted: AuthorizeRequest) -> Params:
        """The response parameters: a code, tokens, or both (hybrid), then `state`."""
        request = self.request
        request.user = signed_in
        types = wanted.response_types
        params: Params = []
        code = None
        _log_sign_on(self.client, signed_in, "code" in types)
        if "code" in types:
            code = self.generate_authorization_code()
            self.save_authorization_code(code, request)
            params.append(("code", code))
        if types & TOKEN_TYPES:
            scope = request.scope
            if code is None:  # offline_access is ignored unless response_type holds code
                scope = " ".join(name for name in scope.split() if name != "offline_access")
            grant = Grant(client=self.client, scope=scope, user=signed_in,
                          nonce=request.payload.data.get("nonce"), access="token" in types,
                          id_token="id_token" in types, fat_id_token=wanted.fat_id_token,
                          code=code)
            if code is not None:  # a replayed code revokes these too
                grant.grant_id = grant.code_hash = digest(code)
            params.extend(issue(grant).items())
        if request.payload.state:
            params.append(("state", request.payload.state))
        return params


def _log_sign_on(client, signed_in: SignedIn, code: bool) -> None:
    """Okta logs the single sign-on to the app, then the authorize request itself."""
    org = current_org()
    system_log.update_request(client_id=client.client_id, actor=system_log.user_ref(signed_in.user))
    app = system_log.app_ref(client.client_id, client.name)
    system_log.record(org.store, "user.authentication.sso", targets=[app])
    name = "authorize.code" if code else "authorize"
    system_log.record(org.store, oauth2_event(org.org_server is g.authz, name), targets=[app])
