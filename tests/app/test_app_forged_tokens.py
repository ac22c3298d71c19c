"""The site refuses every token the kit can forge (/_mock/forgeries), at the real
callback against a live org, and signs nobody in."""

from __future__ import annotations

import pytest
import requests

from app import create_app
from tests.app.support import CLIENT_ID

ID_TOKEN_FORGERIES = ["bad_signature", "unknown_kid", "alg_none", "hs256_public_key", "wrong_iss",
                      "wrong_aud", "expired", "iat_future", "nbf_future", "missing_claim",
                      "wrong_nonce", "wrong_at_hash"]


def arm(live_okta, **forgery):
    response = requests.post(f"{live_okta.url}/_mock/forgeries", json=forgery, timeout=10)
    assert response.status_code == 201, response.text


@pytest.fixture
def fresh_site(live_okta, helpers):
    """A site with nothing cached (discovery, keys), as after a deploy."""
    return create_app(helpers.site_config(OKTA_ISSUER=f"{live_okta.url}/oauth2/default"))\
        .test_client()


@pytest.mark.parametrize("kind", ID_TOKEN_FORGERIES)
def test_a_forged_id_token_signs_nobody_in(live_okta, fresh_site, make_user, headless_sign_in,
                                            kind):
    user = make_user()
    arm(live_okta, kind=kind, clientId=CLIENT_ID, token="id_token")
    response = headless_sign_in(fresh_site, user["profile"]["login"])
    assert response.status_code == 400, (kind, response.get_data(as_text=True)[:300])
    assert "could not be verified" in response.get_data(as_text=True)
    with fresh_site.session_transaction() as session:
        assert "user" not in session
    # The next, genuine answer signs in: the refusal was for the forgery only.
    assert headless_sign_in(fresh_site, user["profile"]["login"]).status_code == 302


def test_a_key_set_without_the_signing_key_signs_nobody_in(live_okta, fresh_site, make_user,
                                                           headless_sign_in):
    user = make_user()
    arm(live_okta, kind="jwks_without_signing_key", server="default", count=5)
    response = headless_sign_in(fresh_site, user["profile"]["login"])
    assert response.status_code == 400
    with fresh_site.session_transaction() as session:
        assert "user" not in session
    requests.delete(f"{live_okta.url}/_mock/forgeries", timeout=10)
