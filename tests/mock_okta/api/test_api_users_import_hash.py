"""Users API: importing password hashes (`credentials.password.hash`) as Okta accepts
them, signing in with the original password, and the upgrade at first sign-in."""

from __future__ import annotations

import base64
import hashlib

import pytest

from mock_okta.directory import passwords
from tests.mock_okta.support.api import assert_okta_error, count_users
from tests.mock_okta.support.pages import post_login, sid_cookie_header
from tests.mock_okta.support.token import password_grant, register_standard_apps

SECRET = "Legacy-Pass-2019"
SALT = b"\x00salt\xffbytes"
LOGIN = "imported@example.com"
SUMMARY = "Api validation failed: password"


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def digest_hash(algorithm="SHA-512", password=SECRET, salt=SALT, order="PREFIX") -> dict:
    """The hash object a migration script would send, built with hashlib."""
    name = {"SHA-512": "sha512", "SHA-256": "sha256", "SHA-1": "sha1", "MD5": "md5"}[algorithm]
    data = password.encode()
    if salt:
        data = salt + data if order == "PREFIX" else data + salt
    spec = {"algorithm": algorithm, "value": b64(hashlib.new(name, data).digest())}
    if salt:
        spec.update(salt=b64(salt), saltOrder=order)
    return spec


def pbkdf2_hash(digest="SHA256_HMAC", password=SECRET, salt=SALT, iterations=4096,
                key_size=32) -> dict:
    name = {"SHA256_HMAC": "sha256", "SHA512_HMAC": "sha512"}[digest]
    derived = hashlib.pbkdf2_hmac(name, password.encode(), salt, iterations, dklen=key_size)
    return {"algorithm": "PBKDF2", "digestAlgorithm": digest, "iterationCount": iterations,
            "keySize": key_size, "salt": b64(salt), "value": b64(derived)}


BCRYPT = {"algorithm": "BCRYPT", "workFactor": 10, "salt": "qRRx8rli7Lvs2h2CNgCQ2O",
          "value": "mVA2NDdomRGoGFrAXDZcno0OZ6CoOU2"}


def body_with(password: dict, login=LOGIN) -> dict:
    return {"profile": {"firstName": "Ima", "lastName": "Ported", "email": login,
                        "login": login},
            "credentials": {"password": password}}


@pytest.fixture
def import_user(client, api_headers):
    def create(spec: dict, query="?activate=true", login=LOGIN):
        return client.post(f"/api/v1/users{query}", json=body_with({"hash": spec}, login),
                           headers=api_headers)
    return create


def authn(client, password=SECRET, login=LOGIN):
    return client.post("/api/v1/authn", json={"username": login, "password": password})


def stored_hash(app, login=LOGIN) -> str:
    row = app.extensions["mock_okta"].store.one(
        "SELECT password_hash FROM users WHERE login_key = ?", (login,))
    return row["password_hash"]


# --- every supported algorithm round-trips ----------------------------------

ROUND_TRIPS = {
    **{f"{alg} {order or 'unsalted'}": digest_hash(alg, salt=SALT if order else b"",
                                                   order=order)
       for alg in ("SHA-512", "SHA-256", "SHA-1", "MD5")
       for order in ("PREFIX", "POSTFIX", None)},
    "PBKDF2 SHA256_HMAC": pbkdf2_hash("SHA256_HMAC"),
    "PBKDF2 SHA512_HMAC 64-byte key": pbkdf2_hash("SHA512_HMAC", key_size=64),
    "PBKDF2 SHA256_HMAC 20-byte key": pbkdf2_hash("SHA256_HMAC", key_size=20),
}


@pytest.mark.parametrize("spec", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_imported_hash_signs_in_with_the_original_password(client, import_user, spec):
    response = import_user(spec)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "ACTIVE"
    assert authn(client, "Not-The-Password-1").status_code == 401
    answer = authn(client)
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "SUCCESS"


@pytest.mark.parametrize("spec", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_wrong_password_is_refused(client, import_user, spec):
    import_user(spec)
    for wrong in ("Legacy-Pass-2018", SECRET.lower(), "", SECRET + " "):
        assert_okta_error(authn(client, wrong), 401, "E0000004")


def test_unicode_password_hashes_as_utf8(client, import_user):
    import_user(digest_hash("SHA-256", password="Pässwörd-Ünïcode-9"))
    assert authn(client, "Pässwörd-Ünïcode-9").json["status"] == "SUCCESS"


def test_salt_order_matters(client, import_user):
    prefixed = digest_hash("SHA-256", order="PREFIX")
    import_user({**prefixed, "saltOrder": "POSTFIX"})
    assert_okta_error(authn(client), 401, "E0000004")


def test_salt_is_base64_decoded_before_hashing(client, import_user):
    # Hashing the Base64 text itself (not the salt's bytes) is a different hash.
    spec = digest_hash("SHA-512")
    wrong = hashlib.sha512(spec["salt"].encode() + SECRET.encode()).digest()
    import_user({**spec, "value": b64(wrong)})
    assert_okta_error(authn(client), 401, "E0000004")


def test_unpadded_base64_is_accepted(client, import_user):
    spec = digest_hash("SHA-1")
    import_user({**spec, "value": spec["value"].rstrip("="), "salt": spec["salt"].rstrip("=")})
    assert authn(client).json["status"] == "SUCCESS"


def test_user_json_never_shows_the_hash(client, api_headers, import_user):
    spec = digest_hash("SHA-512")
    created = import_user(spec)
    fetched = client.get(f"/api/v1/users/{created.json['id']}", headers=api_headers)
    for response in (created, fetched):
        assert response.json["credentials"]["password"] == {}
        text = response.get_data(as_text=True)
        assert spec["value"] not in text and spec["salt"] not in text
        assert response.json["passwordChanged"] is not None


# --- the other doors: hosted sign-in page and the password grant ------------

def test_hosted_sign_in_page_accepts_the_original_password(app, client, import_user):
    import_user(pbkdf2_hash())
    assert post_login(client, LOGIN, "Wrong-Password-1").status_code == 401
    response = post_login(client, LOGIN, SECRET)
    assert response.status_code == 302
    assert sid_cookie_header(response)
    assert stored_hash(app).startswith("pbkdf2_sha256$")


def test_password_grant_accepts_the_original_password(app, client, import_user):
    register_standard_apps(app)
    import_user(digest_hash("MD5"))
    response = password_grant(client, LOGIN, SECRET)
    assert response.status_code == 200, response.json
    assert "access_token" in response.json
    assert stored_hash(app).startswith("pbkdf2_sha256$")


# --- upgrade at first sign-in --------------------------------------------------

@pytest.mark.parametrize("spec, scheme", [
    (digest_hash("SHA-512"), "import_sha512$PREFIX$"),
    (digest_hash("SHA-256", order="POSTFIX"), "import_sha256$POSTFIX$"),
    (digest_hash("SHA-1", salt=b""), "import_sha1$$$"),
    (digest_hash("MD5"), "import_md5$PREFIX$"),
    (pbkdf2_hash("SHA512_HMAC", iterations=5000), "import_pbkdf2_sha512$5000$"),
])
def test_first_sign_in_rehashes_with_the_orgs_pbkdf2(app, client, import_user, spec, scheme):
    import_user(spec)
    before = stored_hash(app)
    assert before.startswith(scheme)
    assert_okta_error(authn(client, "Wrong-Password-1"), 401, "E0000004")
    assert stored_hash(app) == before, "a failed attempt must not touch the hash"

    assert authn(client).json["status"] == "SUCCESS"
    after = stored_hash(app)
    iterations = app.extensions["mock_okta"].settings.password_hash_iterations
    assert after.startswith(f"pbkdf2_sha256${iterations}$")
    assert not passwords.needs_rehash(after)
    assert passwords.verify_password(SECRET, after)

    assert authn(client).json["status"] == "SUCCESS"        # still works
    assert stored_hash(app) == after                         # and is not re-hashed again
    assert_okta_error(authn(client, "Wrong-Password-1"), 401, "E0000004")


def test_no_upgrade_without_a_successful_sign_in(app, client, import_user):
    import_user(digest_hash(), query="?activate=false")        # STAGED cannot sign in
    before = stored_hash(app)
    assert_okta_error(authn(client), 401, "E0000004")
    assert stored_hash(app) == before


def test_change_password_accepts_the_imported_hash_as_old(app, client, api_headers,
                                                          import_user):
    user = import_user(digest_hash("SHA-256")).json
    response = client.post(f"/api/v1/users/{user['id']}/credentials/change_password",
                           json={"oldPassword": {"value": SECRET},
                                 "newPassword": {"value": "Brand-New-Pass-3"}},
                           headers=api_headers)
    assert response.status_code == 200, response.json
    assert authn(client, "Brand-New-Pass-3").json["status"] == "SUCCESS"
    assert_okta_error(authn(client), 401, "E0000004")


# --- statuses, like a password value -------------------------------------------

def test_activate_false_is_staged_then_activation_makes_it_active(client, api_headers,
                                                                   import_user):
    user = import_user(digest_hash(), query="?activate=false").json
    assert user["status"] == "STAGED"
    assert user["credentials"]["password"] == {}
    response = client.post(f"/api/v1/users/{user['id']}/lifecycle/activate?sendEmail=false",
                           headers=api_headers)
    assert response.status_code == 200
    assert client.get(f"/api/v1/users/{user['id']}", headers=api_headers).json["status"] \
        == "ACTIVE"
    assert authn(client).json["status"] == "SUCCESS"


def test_next_login_change_password_expires_the_imported_password(client, import_user):
    user = import_user(digest_hash(), query="?activate=true&nextLogin=changePassword").json
    assert user["status"] == "PASSWORD_EXPIRED"
    assert authn(client).json["status"] == "PASSWORD_EXPIRED"


def test_imported_password_skips_the_policy(client, import_user):
    """Okta cannot check a password it never sees: a weak original still imports."""
    assert import_user(digest_hash(password="abc")).status_code == 200
    assert authn(client, "abc").json["status"] == "SUCCESS"


# --- update: only a STAGED user takes a hash ------------------------------------

@pytest.mark.parametrize("method", ["POST", "PUT"])
def test_update_imports_a_hash_for_a_staged_user(client, api_headers, method):
    created = client.post("/api/v1/users?activate=false",
                          json={"profile": body_with({})["profile"]}, headers=api_headers).json
    body = body_with({"hash": pbkdf2_hash()})
    response = client.open(f"/api/v1/users/{created['id']}", method=method, json=body,
                           headers=api_headers)
    assert response.status_code == 200, response.json
    assert response.json["status"] == "STAGED"
    assert response.json["credentials"]["password"] == {}
    client.post(f"/api/v1/users/{created['id']}/lifecycle/activate?sendEmail=false",
                headers=api_headers)
    assert authn(client).json["status"] == "SUCCESS"


def test_update_refuses_a_hash_for_a_user_not_staged(app, client, api_headers, import_user):
    user = import_user(digest_hash()).json                 # ACTIVE
    before = stored_hash(app)
    response = client.post(f"/api/v1/users/{user['id']}", headers=api_headers,
                           json={"credentials": {"password": {"hash": digest_hash("MD5")}}})
    body = assert_okta_error(response, 400, "E0000001", SUMMARY)
    assert "STAGED" in body["errorCauses"][0]["errorSummary"]
    assert stored_hash(app) == before


def test_update_with_a_bad_hash_writes_nothing(app, client, api_headers):
    created = client.post("/api/v1/users?activate=false",
                          json={"profile": body_with({})["profile"]}, headers=api_headers).json
    response = client.post(f"/api/v1/users/{created['id']}", headers=api_headers,
                           json={"profile": {"firstName": "Changed"},
                                 "credentials": {"password": {"hash": {"algorithm": "SHA-3"}}}})
    assert_okta_error(response, 400, "E0000001", SUMMARY)
    fetched = client.get(f"/api/v1/users/{created['id']}", headers=api_headers).json
    assert fetched["profile"]["firstName"] == "Ima"
    assert stored_hash(app) is None


# --- bad input: 400 E0000001 `Api validation failed: password`, nothing written ---

def with_(spec: dict, **changes) -> dict:
    """A copy of `spec` with changes; a value of ... removes the key."""
    out = {**spec, **changes}
    return {k: v for k, v in out.items() if v is not ...}


SHA = digest_hash("SHA-512")
PBKDF2 = pbkdf2_hash()
BAD_HASHES = {
    "not an object": ("SHA-512", "hash: Does not match required type: object"),
    "no algorithm": (with_(SHA, algorithm=...), "hash.algorithm: The field cannot be left blank"),
    "unknown algorithm": (with_(SHA, algorithm="SHA-384"), "Unsupported hash algorithm 'SHA-384'"),
    "lower-case algorithm": (with_(SHA, algorithm="sha-512"), "Unsupported hash algorithm"),
    "algorithm not a string": (with_(SHA, algorithm=512), "Unsupported hash algorithm"),
    "no value": (with_(SHA, value=...), "hash.value: The field cannot be left blank"),
    "empty value": (with_(SHA, value=""), "hash.value: The field cannot be left blank"),
    "value not a string": (with_(SHA, value=12345), "hash.value: Does not match required type"),
    "value not base64": (with_(SHA, value="not base64!"), "hash.value: Must be Base64-encoded"),
    "value url-safe alphabet": (with_(SHA, value=SHA["value"].replace("+", "-")
                                      .replace("/", "_") + "-_"),
                                "hash.value: Must be Base64-encoded"),
    "value impossible length": (with_(SHA, value="QUJDR"), "hash.value: Must be Base64-encoded"),
    "value wrong digest size": (with_(digest_hash("SHA-256"), algorithm="SHA-512"),
                                "A SHA-512 digest is 64 bytes, this one is 32"),
    "salt not base64": (with_(SHA, salt="*salt*"), "hash.salt: Must be Base64-encoded"),
    "salt not a string": (with_(SHA, salt=42), "hash.salt: Does not match required type"),
    "salt without saltOrder": (with_(SHA, saltOrder=...), "hash.saltOrder: The field cannot be "
                               "left blank"),
    "unknown saltOrder": (with_(SHA, saltOrder="MIDDLE"), "hash.saltOrder: Must be PREFIX or "
                          "POSTFIX"),
    "lower-case saltOrder": (with_(SHA, saltOrder="prefix"), "hash.saltOrder: Must be PREFIX"),
    "PBKDF2 no digestAlgorithm": (with_(PBKDF2, digestAlgorithm=...),
                                  "hash.digestAlgorithm: Must be SHA256_HMAC or SHA512_HMAC"),
    "PBKDF2 SHA1_HMAC": (with_(PBKDF2, digestAlgorithm="SHA1_HMAC"),
                         "hash.digestAlgorithm: Must be SHA256_HMAC or SHA512_HMAC"),
    "PBKDF2 no iterationCount": (with_(PBKDF2, iterationCount=...),
                                 "hash.iterationCount: The field cannot be left blank"),
    "PBKDF2 iterationCount 4095": (with_(PBKDF2, iterationCount=4095),
                                   "hash.iterationCount: Must be between 4096 and 10000000"),
    "PBKDF2 iterationCount too large": (with_(PBKDF2, iterationCount=10_000_001),
                                        "hash.iterationCount: Must be between 4096"),
    "PBKDF2 iterationCount string": (with_(PBKDF2, iterationCount="5000"),
                                     "hash.iterationCount: Does not match required type: integer"),
    "PBKDF2 iterationCount bool": (with_(PBKDF2, iterationCount=True),
                                   "hash.iterationCount: Does not match required type: integer"),
    "PBKDF2 iterationCount float": (with_(PBKDF2, iterationCount=5000.5),
                                    "hash.iterationCount: Does not match required type: integer"),
    "PBKDF2 no keySize": (with_(PBKDF2, keySize=...), "hash.keySize: The field cannot be left "
                          "blank"),
    "PBKDF2 keySize 0": (with_(PBKDF2, keySize=0), "hash.keySize: Must be between 1 and 256"),
    "PBKDF2 keySize too large": (with_(PBKDF2, keySize=257), "hash.keySize: Must be between 1"),
    "PBKDF2 keySize not the value's": (with_(PBKDF2, keySize=64),
                                       "The derived key is 32 bytes, keySize says 64"),
    "PBKDF2 no salt": (with_(PBKDF2, salt=...), "hash.salt: The field cannot be left blank"),
    "PBKDF2 no value": (with_(PBKDF2, value=...), "hash.value: The field cannot be left blank"),
    "PBKDF2 value not base64": (with_(PBKDF2, value="%%%"), "hash.value: Must be Base64-encoded"),
    "BCRYPT well-formed": (BCRYPT, "The mock does not support BCRYPT hashes"),
    "BCRYPT no workFactor": (with_(BCRYPT, workFactor=...),
                             "hash.workFactor: The field cannot be left blank"),
    "BCRYPT workFactor 0": (with_(BCRYPT, workFactor=0), "hash.workFactor: Must be between 1 "
                            "and 20"),
    "BCRYPT workFactor 21": (with_(BCRYPT, workFactor=21), "hash.workFactor: Must be between 1 "
                             "and 20"),
    "BCRYPT workFactor string": (with_(BCRYPT, workFactor="10"),
                                 "hash.workFactor: Does not match required type: integer"),
    "BCRYPT salt 21 characters": (with_(BCRYPT, salt=BCRYPT["salt"][:-1]),
                                  "hash.salt: A BCRYPT salt is 22 characters"),
    "BCRYPT salt outside radix-64": (with_(BCRYPT, salt="+" + BCRYPT["salt"][1:]),
                                     "hash.salt: A BCRYPT salt is 22 characters"),
    "BCRYPT value 30 characters": (with_(BCRYPT, value=BCRYPT["value"][:-1]),
                                   "hash.value: A BCRYPT value is 31 characters"),
    "BCRYPT no value": (with_(BCRYPT, value=...), "hash.value: The field cannot be left blank"),
}


@pytest.mark.parametrize("spec, cause", BAD_HASHES.values(), ids=BAD_HASHES.keys())
def test_bad_hash_is_refused_and_nothing_written(app, import_user, spec, cause):
    users = count_users(app)
    response = import_user(spec)
    body = assert_okta_error(response, 400, "E0000001", SUMMARY)
    [only] = body["errorCauses"]
    assert only["errorSummary"].startswith("password: ")
    assert cause in only["errorSummary"]
    assert count_users(app) == users


BAD_PASSWORDS = {
    "value and hash": ({"value": SECRET, "hash": SHA},
                       "Only one of value, hash or hook may be given, not value and hash"),
    "hash and hook": ({"hash": SHA, "hook": {"type": "default"}},
                      "Only one of value, hash or hook may be given, not hash and hook"),
    "default hook": ({"hook": {"type": "default"}},
                     "The mock does not support password import inline hooks"),
    "unknown hook type": ({"hook": {"type": "custom"}}, "hook.type must be default"),
    "hook not an object": ({"hook": "default"}, "hook.type must be default"),
    "password not an object": ("plain-text", "Does not match required type: string"),
    "empty password object": ({}, "Does not match required type: string"),
}


@pytest.mark.parametrize("password, cause", BAD_PASSWORDS.values(), ids=BAD_PASSWORDS.keys())
def test_bad_password_object_is_refused(app, client, api_headers, password, cause):
    users = count_users(app)
    response = client.post("/api/v1/users?activate=true", json=body_with(password),
                           headers=api_headers)
    body = assert_okta_error(response, 400, "E0000001", SUMMARY)
    [only] = body["errorCauses"]
    assert only["errorSummary"].startswith(f"password: {cause}")
    assert count_users(app) == users


def test_a_bad_hash_never_answers_500(client, api_headers):
    """Odd JSON shapes anywhere in the hash object get a 400, never a traceback."""
    odd_values = (None, [], {}, 1.5, -1, 2 ** 70, "", "\u0000", "é" * 300)
    for key in ("algorithm", "value", "salt", "saltOrder", "iterationCount", "keySize",
                "digestAlgorithm", "workFactor"):
        for base in (SHA, PBKDF2, BCRYPT):
            for odd in odd_values:
                response = client.post("/api/v1/users?activate=true",
                                       json=body_with({"hash": {**base, key: odd}}),
                                       headers=api_headers)
                assert response.status_code in (200, 400), (key, odd, response.data)
                client.delete(f"/api/v1/users/{LOGIN}", headers=api_headers)
                client.delete(f"/api/v1/users/{LOGIN}", headers=api_headers)


def test_verify_password_treats_a_damaged_stored_hash_as_a_mismatch():
    for damaged in ("import_sha512$PREFIX$", "import_sha3$PREFIX$AA$AA",
                    "import_sha512$SIDEWAYS$c2FsdA$AA", "import_pbkdf2_md4$5000$AA$AA",
                    "import_pbkdf2_sha256$0$AA$AA", "import_pbkdf2_sha256$x$AA$AA",
                    "import_md5$$$", "import_$", "import_sha512$PREFIX$!!$!!"):
        assert passwords.verify_password(SECRET, damaged) is False
