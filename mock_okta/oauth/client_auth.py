"""Client authentication at /token, /introspect and /revoke, as Okta does it.

Authlib authenticates: `client_secret_basic`, `client_secret_post` and `none`
built in, the two RFC 7523 JWT methods registered from here. Around it this
module adds what Okta checks besides: one set of credentials per request, a
`client_assertion` that lives at most an hour and whose `jti` is single-use,
and Okta's words for each failure.
"""

from __future__ import annotations

import base64

import jwt
from authlib.oauth2.rfc6749 import InvalidClientError, InvalidRequestError
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from flask import g
from flask import request as flask_request

from mock_okta.clock import now
from mock_okta.directory import tokens
from mock_okta.directory.app_spec import AUTH_METHODS
from mock_okta.directory.apps import find_client
from mock_okta.oauth.errors import okta_worded
from mock_okta.org import current_org

ASSERTION_TYPE = JWTBearerClientAssertion.CLIENT_ASSERTION_TYPE
ALL_METHODS = list(AUTH_METHODS)
MAX_ASSERTION_LIFETIME = 3600
# Claims are Authlib's to check (verify_claims), with its leeway.
_SIGNATURE_ONLY = {"verify_exp": False, "verify_nbf": False, "verify_iat": False,
                   "verify_aud": False, "verify_iss": False, "verify_sub": False,
                   "verify_jti": False}

MULTIPLE_CREDENTIALS = ("Can't supply multiple client credentials. Use one of the following: "
                        "credentials in the Authorization header, credentials in the post body, "
                        "or a client_assertion in the post body.")
_OKTA_GENERIC = ("Client authentication failed. Either the client or the client credentials "
                 "are invalid.")
NO_CREDENTIALS = "No client credentials found."
UNKNOWN_CLIENT = "Invalid value for 'client_id' parameter."
BAD_SECRET = "The client secret supplied for a confidential client is invalid."
BAD_ASSERTION_TYPE = "The client_assertion_type is invalid."
NO_ASSERTION = "The client_assertion is required with a client_assertion_type."
ASSERTION_TOO_LONG = "The client_assertion token has an expiration too far into the future."
ASSERTION_REUSED = "The client_assertion token has already been used."
_BODY_CREDENTIALS = {"client_id", "client_secret", "client_assertion", "client_assertion_type"}


def _invalid_client(description: str) -> InvalidClientError:
    return okta_worded(InvalidClientError(description=description, status_code=401))


def _basic_credentials(headers) -> tuple[str, str] | None:
    """(client_id, secret) from `Authorization: Basic` as Authlib reads it (the
    reading its own client_secret_basic uses), None for any other scheme."""
    header = headers.get("Authorization") or ""
    words = header.split(None, 1)  # Authlib's split: any whitespace, not only spaces
    if " " in header and len(words) < 2:
        # A space but one word (" x", "\x1c x"): Authlib's own reading fails on it.
        raise _invalid_client(_OKTA_GENERIC)
    if not words or words[0].lower() != "basic":
        return None
    value = words[1] if len(words) == 2 else ""
    try:
        # Okta refuses what is not strictly base64; Authlib's decoding skips bad characters.
        base64.b64decode(value.strip(), validate=True)
        client_id, secret = extract_basic_authorization(headers)
    except ValueError:  # not base64, not UTF-8, or nothing after the scheme
        client_id = secret = None
    # Okta: a Basic header that names no client and secret is invalid_client.
    if not client_id or secret is None:
        raise _invalid_client(_OKTA_GENERIC)
    return client_id, secret


def check_credentials(request) -> None:
    """Reject what Okta rejects before looking at any one method."""
    form = request.form
    basic = _basic_credentials(request.headers)
    in_body = "client_secret" in form
    assertion_type = form.get("client_assertion_type")
    assertion = "client_assertion" in form or assertion_type is not None
    if sum((basic is not None, in_body, assertion)) > 1:
        raise okta_worded(InvalidRequestError(MULTIPLE_CREDENTIALS))
    if assertion:
        if assertion_type != ASSERTION_TYPE:
            raise okta_worded(InvalidRequestError(BAD_ASSERTION_TYPE))
        if not form.get("client_assertion"):
            raise okta_worded(InvalidRequestError(NO_ASSERTION))
    elif basic is None and not form.get("client_id"):
        raise _invalid_client(NO_CREDENTIALS)


def authenticate(authenticate_with, request, methods, endpoint):
    """Authlib's authentication with Okta's checks around it and Okta's words after it."""
    public = _public_client_named_in_basic(request, endpoint)
    if public is not None:
        request.client = public
        return public
    check_credentials(request)
    try:
        client = authenticate_with(request, methods, endpoint)
    except InvalidClientError as error:
        raise _invalid_client(_describe(error, request)) from None
    body_client_id = request.form.get("client_id")
    if body_client_id and body_client_id != client.client_id:
        raise _invalid_client(_OKTA_GENERIC)  # client_id names another client
    request.client = client  # known from here on, for Okta's unauthorized_client text
    return client


def _public_client_named_in_basic(request, endpoint: str):
    """Okta's browser SDK calls /introspect and /revoke for a public app with
    `Authorization: Basic base64(client_id)` and no secret, and Okta accepts it: a
    public app has no secret to check. Only there, only for a public app, and only
    when nothing else in the request claims to be a credential."""
    if endpoint not in ("introspection", "revocation"):
        return None
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "basic" or set(request.form) & _BODY_CREDENTIALS:
        return None
    try:
        client_id, _, secret = base64.b64decode(value.strip(), validate=True).decode().partition(":")
    except ValueError:
        return None
    if secret or not client_id:
        return None
    client = find_client(current_org().store, client_id)
    return client if client is not None and client.is_public else None


def _describe(error: InvalidClientError, request) -> str:
    if getattr(error, "okta_worded", False):
        return error.description
    if "does not exist" in (error.description or ""):
        return UNKNOWN_CLIENT
    basic = _basic_credentials(request.headers)
    if (basic and basic[1]) or request.form.get("client_secret"):
        return BAD_SECRET
    return _OKTA_GENERIC


class _AssertionAuth(JWTBearerClientAssertion):
    """RFC 7523 client assertions, checked as Okta checks them."""

    ALGORITHMS: list[str] = []

    def __init__(self):
        super().__init__(validate_jti=False)  # Okta: `jti` optional, single-use when sent

    def __call__(self, query_client, request):
        """Take only assertions signed with this method's algorithms; the other
        JWT method gets the rest."""
        assertion = request.form.get("client_assertion")
        if not assertion or request.form.get("client_assertion_type") != ASSERTION_TYPE:
            return None
        try:
            headers, _ = self.extract_assertion(assertion)
        except InvalidClientError:
            raise _invalid_client(_OKTA_GENERIC) from None
        if headers.get("alg") not in self.ALGORITHMS:
            return None
        return super().__call__(query_client, request)

    def get_audiences(self):
        """The token endpoint's URL, or the URL of the endpoint being called."""
        org_url = current_org().url()
        base = g.authz.endpoint_base(org_url)
        return [f"{base}/v1/token", org_url + flask_request.path]

    def resolve_client_public_key(self, client):
        """A function from the assertion's JOSE header to the PyJWT key to verify it with."""
        raise NotImplementedError

    def process_assertion_claims(self, assertion, resolve_key):
        """PyJWT checks the signature, Authlib's `verify_claims` the claims.
        `resolve_key` is what `resolve_client_public_key` returned: Authlib hands
        over anything but a dict or a string unchanged."""
        try:
            key = resolve_key(jwt.get_unverified_header(assertion))
            claims = jwt.decode(assertion, key, algorithms=self.ALGORITHMS,
                                options=_SIGNATURE_ONLY)
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            raise _invalid_client(_OKTA_GENERIC) from None
        self.verify_claims(claims)
        return claims

    def verify_claims(self, claims):
        super().verify_claims(claims)
        exp = claims["exp"]
        if not isinstance(exp, (int, float)) or exp > now() + MAX_ASSERTION_LIFETIME + self.leeway:
            raise _invalid_client(ASSERTION_TOO_LONG)
        jti = claims.get("jti")
        if jti is None:
            return
        if not isinstance(jti, str) or not jti:
            raise _invalid_client(_OKTA_GENERIC)
        if not tokens.use_assertion_id(current_org().store, claims["sub"], jti, float(exp)):
            raise _invalid_client(ASSERTION_REUSED)


class ClientSecretJWT(_AssertionAuth):
    """`client_secret_jwt`: HMAC-signed with the client secret."""

    CLIENT_AUTH_METHOD = "client_secret_jwt"
    ALGORITHMS = ["HS256", "HS384", "HS512"]

    def resolve_client_public_key(self, client):
        if not client.client_secret:
            raise _invalid_client(_OKTA_GENERIC)
        secret = client.client_secret.encode()
        return lambda header: secret


class PrivateKeyJWT(_AssertionAuth):
    """`private_key_jwt`: signed with a private key whose public half the app registered."""

    CLIENT_AUTH_METHOD = "private_key_jwt"
    ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"]

    def resolve_client_public_key(self, client):
        jwks = client.jwks if isinstance(client.jwks, dict) else {}
        try:
            key_set = jwt.PyJWKSet.from_dict(jwks)
        except (jwt.PyJWTError, ValueError, TypeError):
            raise _invalid_client(_OKTA_GENERIC) from None
        # PyJWT skips the keys it cannot use; Okta checks keys when they are
        # registered and would never hold such a set: refuse it whole.
        if len(key_set.keys) != len(jwks["keys"]):
            raise _invalid_client(_OKTA_GENERIC)

        def by_kid(header):
            kid = header.get("kid")
            if kid is None:  # no kid: only a set of one key says which key
                if len(key_set.keys) != 1:
                    raise KeyError("no kid")
                return key_set.keys[0].key
            return key_set[kid].key  # KeyError: no such key

        return by_kid


def register(server) -> None:
    for method in (ClientSecretJWT(), PrivateKeyJWT()):
        server.register_client_auth_method(method.CLIENT_AUTH_METHOD, method)
