"""Client authentication at /token, /introspect and /revoke: the five methods
Okta offers, one set of credentials per request, Okta's 401/400 split."""

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from tests.mock_okta.support import REDIRECT_URI, Pkce
from tests.mock_okta.support.token import (
    ASSERTION_TYPE,
    INTROSPECT,
    REVOKE,
    SERVICE_ID,
    SERVICE_SECRET,
    SPA_ID,
    TOKEN,
    assertion,
    authorization_code,
    basic,
    register,
    register_standard_apps,
)

JWT_SECRET_ID = "0oaSecretJwtApp00001"
JWT_SECRET = "a-client-secret-of-at-least-32-characters-" + "0123456789abcdef" * 2
PRIVATE_KEY_ID = "0oaPrivateKeyApp0001"
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
OTHER_RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_jwks() -> dict:
    rsa_jwk = RSAAlgorithm.to_jwk(RSA_KEY.public_key(), as_dict=True)
    ec_jwk = ECAlgorithm.to_jwk(EC_KEY.public_key(), as_dict=True)
    return {"keys": [{**rsa_jwk, "kid": "rsa-1", "use": "sig"},
                     {**ec_jwk, "kid": "ec-1", "use": "sig"}]}


@pytest.fixture(autouse=True)
def apps(app):
    register_standard_apps(app)
    register(app, JWT_SECRET_ID, secret=JWT_SECRET, grant_types=("client_credentials",),
             auth_method="client_secret_jwt", application_type="service")
    register(app, PRIVATE_KEY_ID, grant_types=("client_credentials",),
             auth_method="private_key_jwt", application_type="service", jwks=public_jwks())


ENDPOINTS = {
    "token": (TOKEN, {"grant_type": "client_credentials", "scope": "orders.read"}),
    "introspect": (INTROSPECT, {"token": "some-token"}),
    "revoke": (REVOKE, {"token": "some-token"}),
}


def call(client, endpoint, headers=None, **form):
    path, base = ENDPOINTS[endpoint]
    data = {k: v for k, v in {**base, **form}.items() if v is not None}
    return client.post(path, data=data, headers=headers or {})


def secret_assertion(**kwargs):
    return assertion(JWT_SECRET_ID, JWT_SECRET, algorithm="HS256", **kwargs)


def key_assertion(key=RSA_KEY, algorithm="RS256", kid="rsa-1", **kwargs):
    return assertion(PRIVATE_KEY_ID, key, algorithm=algorithm, headers={"kid": kid}, **kwargs)


def with_assertion(value, client_id=None):
    form = {"client_assertion_type": ASSERTION_TYPE, "client_assertion": value}
    if client_id:
        form["client_id"] = client_id
    return form


def assert_401(response, description=None):
    assert response.status_code == 401, response.data
    assert response.json["error"] == "invalid_client"
    if description:
        assert response.json["error_description"] == description


# --- the methods that work ---------------------------------------------------------------

@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_client_secret_basic(client, endpoint):
    assert call(client, endpoint, basic(SERVICE_ID, SERVICE_SECRET)).status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_client_secret_post(client, endpoint):
    response = call(client, endpoint, client_id=SERVICE_ID, client_secret=SERVICE_SECRET)
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("algorithm", ["HS256", "HS384", "HS512"])
def test_client_secret_jwt(client, endpoint, algorithm):
    value = assertion(JWT_SECRET_ID, JWT_SECRET, algorithm=algorithm,
                      aud=f"http://localhost{ENDPOINTS[endpoint][0]}")
    assert call(client, endpoint, **with_assertion(value)).status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("key, algorithm, kid", [(RSA_KEY, "RS256", "rsa-1"),
                                                 (RSA_KEY, "RS384", "rsa-1"),
                                                 (EC_KEY, "ES256", "ec-1")])
def test_private_key_jwt(client, endpoint, key, algorithm, kid):
    value = key_assertion(key, algorithm, kid)
    response = call(client, endpoint, **with_assertion(value, client_id=PRIVATE_KEY_ID))
    assert response.status_code == 200, response.data


def test_assertion_may_name_the_token_endpoint_at_any_endpoint(client):
    assert call(client, "introspect", **with_assertion(secret_assertion())).status_code == 200


def test_assertion_without_jti_is_accepted(client):
    assert call(client, "token", **with_assertion(secret_assertion(jti=None))).status_code == 200


@pytest.mark.parametrize("endpoint", ["introspect", "revoke"])
def test_public_client_uses_its_client_id(client, endpoint):
    assert call(client, endpoint, client_id=SPA_ID).status_code == 200


# --- public clients and PKCE -------------------------------------------------------------

def test_public_client_must_send_the_pkce_verifier(client, make_user):
    user = make_user()
    code = authorization_code(client, user["profile"]["login"], client_id=SPA_ID, scope="openid")
    response = client.post(TOKEN, data={"grant_type": "authorization_code", "code": code,
                                        "redirect_uri": REDIRECT_URI, "client_id": SPA_ID})
    assert response.status_code == 400
    assert response.json == {"error": "invalid_request",
                             "error_description": "PKCE verification failed."}


def test_public_client_code_flow_with_pkce(client, make_user):
    user, pkce = make_user(), Pkce.new()
    code = authorization_code(client, user["profile"]["login"], client_id=SPA_ID,
                              scope="openid", pkce=pkce)
    response = client.post(TOKEN, data={"grant_type": "authorization_code", "code": code,
                                        "redirect_uri": REDIRECT_URI, "client_id": SPA_ID,
                                        "code_verifier": pkce.verifier})
    assert response.status_code == 200


@pytest.mark.parametrize("form", [{"client_secret": "anything"}, {}])
def test_public_client_cannot_use_a_secret(client, form):
    response = call(client, "introspect", basic(SPA_ID, "anything") if not form else None,
                    client_id=SPA_ID if form else None, **form)
    assert_401(response)


def test_confidential_client_cannot_use_none(client):
    assert_401(call(client, "token", client_id=SERVICE_ID))


# --- the error table ---------------------------------------------------------------------

MULTIPLE = ("Can't supply multiple client credentials. Use one of the following: credentials "
            "in the Authorization header, credentials in the post body, or a client_assertion "
            "in the post body.")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("header, form", [
    (True, {"client_secret": SERVICE_SECRET}),
    (True, {"client_secret": SERVICE_SECRET, "client_id": SERVICE_ID}),
    (True, "assertion"),
    (False, {"client_id": SERVICE_ID, "client_secret": SERVICE_SECRET,
             "client_assertion_type": ASSERTION_TYPE, "client_assertion": "x.y.z"}),
])
def test_credentials_in_header_and_body_are_invalid_request(client, endpoint, header, form):
    if form == "assertion":
        form = with_assertion(secret_assertion())
    headers = basic(SERVICE_ID, SERVICE_SECRET) if header else None
    response = call(client, endpoint, headers, **form)
    assert response.status_code == 400
    assert response.json == {"error": "invalid_request", "error_description": MULTIPLE}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("form, description", [
    ({"client_assertion_type": "urn:example:other", "client_assertion": "x.y.z"},
     "The client_assertion_type is invalid."),
    ({"client_assertion_type": ASSERTION_TYPE}, None),
    ({"client_assertion_type": ASSERTION_TYPE, "client_assertion": ""}, None),
    ({"client_assertion": "x.y.z"}, "The client_assertion_type is invalid."),
])
def test_bad_assertion_parameters_are_invalid_request(client, endpoint, form, description):
    response = call(client, endpoint, **form)
    assert response.status_code == 400 and response.json["error"] == "invalid_request"
    if description:
        assert response.json["error_description"] == description


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("headers, form, description", [
    (None, {}, "No client credentials found."),
    ({"Authorization": "Bearer abc"}, {}, "No client credentials found."),
    (basic("0oaNoSuchClient00001", "x"), {}, "Invalid value for 'client_id' parameter."),
    (None, {"client_id": "0oaNoSuchClient00001", "client_secret": "x"},
     "Invalid value for 'client_id' parameter."),
    (None, {"client_id": "0oaNoSuchClient00001"}, "Invalid value for 'client_id' parameter."),
    (basic(SERVICE_ID, "wrong"), {},
     "The client secret supplied for a confidential client is invalid."),
    (None, {"client_id": SERVICE_ID, "client_secret": "wrong"},
     "The client secret supplied for a confidential client is invalid."),
    (basic(SERVICE_ID, SERVICE_SECRET), {"client_id": SPA_ID}, None),  # names another client
    ({"Authorization": "Basic !!!not-base64!!!"}, {}, None),
    ({"Authorization": "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode()}, {}, None),
    ({"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()}, {}, None),
    ({"Authorization": "Basic "}, {}, None),
    # found by the fuzzing suite: one word and a space made Authlib's reading raise (a 500)
    ({"Authorization": "x "}, {"client_id": SERVICE_ID}, None),
    ({"Authorization": "\x1c x"}, {"client_id": SERVICE_ID}, None),
])
def test_bad_client_credentials_are_401(client, endpoint, headers, form, description):
    assert_401(call(client, endpoint, headers, **form), description)


def test_inactive_client_is_401(client, app):
    register(app, "0oaInactiveApp000001", secret="s", grant_types=("client_credentials",),
             status="INACTIVE")
    assert_401(call(client, "token", basic("0oaInactiveApp000001", "s")),
               "Invalid value for 'client_id' parameter.")


def now():
    return int(time.time())


@pytest.mark.parametrize("make, description", [
    (lambda: secret_assertion(aud="http://localhost/oauth2/default/v1/authorize"), None),
    (lambda: secret_assertion(aud="http://localhost/oauth2/v1/token"), None),
    (lambda: secret_assertion(lifetime=2 * 3600),
     "The client_assertion token has an expiration too far into the future."),
    (lambda: secret_assertion(lifetime=-300), None),  # expired
    (lambda: assertion(JWT_SECRET_ID, "not-the-secret-but-long-enough-0123456789",
                       algorithm="HS256"), None),
    (lambda: assertion(JWT_SECRET_ID, JWT_SECRET, algorithm="HS256", iss=SERVICE_ID), None),
    (lambda: assertion("0oaNoSuchClient00001", JWT_SECRET, algorithm="HS256"),
     "Invalid value for 'client_id' parameter."),
    (lambda: assertion(SERVICE_ID, SERVICE_SECRET + "-" * 20, algorithm="HS256"), None),
    (lambda: assertion(JWT_SECRET_ID, RSA_KEY, algorithm="RS256"), None),  # for an HMAC app
    (lambda: key_assertion(OTHER_RSA_KEY), None),  # a key the app never registered
    (lambda: key_assertion(kid="unknown"), None),
    (lambda: assertion(SPA_ID, RSA_KEY, algorithm="RS256"), None),  # public client
    (lambda: "not-a-jwt", None),
    (lambda: "a.b.c", None),
    (lambda: unsigned_assertion(), None),
    (lambda: secret_assertion(jti=123), None),
    (lambda: secret_assertion(exp="tomorrow"), None),
])
def test_bad_assertions_are_401(client, make, description):
    assert_401(call(client, "token", **with_assertion(make())), description)


def unsigned_assertion():
    header = base64.urlsafe_b64encode(json.dumps({"alg": "none"}).encode()).rstrip(b"=")
    claims = {"iss": JWT_SECRET_ID, "sub": JWT_SECRET_ID,
              "aud": "http://localhost/oauth2/default/v1/token", "exp": now() + 60}
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
    return f"{header.decode()}.{body.decode()}."


def test_assertion_jti_is_single_use(client):
    value = secret_assertion(jti="only-once")
    assert call(client, "token", **with_assertion(value)).status_code == 200
    assert_401(call(client, "token", **with_assertion(value)),
               "The client_assertion token has already been used.")
    # Another assertion with the same jti is a replay too.
    assert_401(call(client, "token", **with_assertion(secret_assertion(jti="only-once"))))


def test_assertion_client_id_must_match_the_body(client):
    response = call(client, "token", **with_assertion(secret_assertion(), client_id=SERVICE_ID))
    assert_401(response)


def test_private_key_app_without_keys_is_401(client, app):
    register(app, "0oaNoKeysApp00000001", grant_types=("client_credentials",),
             auth_method="private_key_jwt", jwks={"keys": [{"kty": "RSA", "n": "bad"}]})
    value = assertion("0oaNoKeysApp00000001", RSA_KEY, algorithm="RS256")
    assert_401(call(client, "token", **with_assertion(value)))


def test_secret_app_cannot_fall_back_to_basic(client):
    assert_401(call(client, "token", basic(JWT_SECRET_ID, JWT_SECRET)))


@pytest.mark.parametrize("jwks", [{"keys": [{"kty": "oct", "k": "AAAA"}]}, "not-a-key-set",
                                  {"keys": "x"}, {"keys": [1]}, {"no_keys": 1},
                                  {"keys": [{"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}]}])
@pytest.mark.parametrize("algorithm", ["RS256", "ES256", "HS256"])
@pytest.mark.filterwarnings("ignore:Key size should be")
def test_unusable_registered_keys_are_401(client, app, jwks, algorithm):
    register(app, "0oaWeirdKeys00000001", grant_types=("client_credentials",),
             auth_method="private_key_jwt", jwks=jwks)
    key = {"RS256": RSA_KEY, "ES256": EC_KEY, "HS256": "k" * 64}[algorithm]
    value = assertion("0oaWeirdKeys00000001", key, algorithm=algorithm)
    assert_401(call(client, "token", **with_assertion(value)))


@pytest.mark.parametrize("claims", [{"sub": 5}, {"sub": None}, {"exp": None}, {"iat": "x"},
                                    {"nbf": 9_999_999_999}, {"jti": ""}])
def test_malformed_assertion_claims_are_401(client, claims):
    assert_401(call(client, "token", **with_assertion(secret_assertion(**claims))))


def test_assertion_audience_may_be_a_list(client):
    value = secret_assertion(aud=["https://elsewhere.example",
                                  "http://localhost/oauth2/default/v1/token"])
    assert call(client, "token", **with_assertion(value)).status_code == 200
