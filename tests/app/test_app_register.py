"""/register: the org's hosted sign-up page, continuing into our own authorization request."""

from urllib.parse import urlsplit

import pytest


@pytest.fixture
def idp(fake_idp):
    fake_idp.serve_oidc()
    fake_idp.user()
    return fake_idp


def test_register_goes_to_the_hosted_sign_up_page(fake_client, idp, helpers):
    response = fake_client.get("/register")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(f"{idp.url}/signin/register?fromURI=http%3A%2F%2F")
    parts = urlsplit(location)
    assert parts.path == "/signin/register"
    assert list(helpers.query_of(location)) == ["fromURI"]
    authorize = helpers.query_of(location)["fromURI"]
    assert authorize.startswith(f"{idp.issuer}/v1/authorize?")
    params = helpers.query_of(authorize)
    assert params["redirect_uri"] == "http://localhost/authorization-code/callback"
    assert params["code_challenge_method"] == "S256"
    assert params["client_id"] == helpers.CLIENT_ID


@pytest.mark.parametrize("query, landing", [("", "/dashboard"), ("?next=/", "/"),
                                            ("?next=//evil.com", "/dashboard")])
def test_the_sign_up_request_finishes_like_a_sign_in(fake_client, idp, helpers, query, landing):
    location = fake_client.get("/register" + query).headers["Location"]
    params = helpers.query_of(helpers.query_of(location)["fromURI"])
    idp.token_response(idp.id_token({"nonce": params["nonce"]}))
    response = fake_client.get(
        f"/authorization-code/callback?code=c&state={params['state']}")
    assert response.status_code == 302
    assert response.headers["Location"] == landing
    page = fake_client.get("/dashboard").get_data(as_text=True)
    assert '<span id="user-first-name">Fay</span>' in page


def test_register_uses_the_configured_org_url(fake_idp, helpers):
    from app import create_app
    fake_idp.serve_oidc()
    client = create_app(helpers.site_config(OKTA_ISSUER=fake_idp.issuer,
                                            OKTA_ORG_URL="https://example.okta.com")).test_client()
    location = client.get("/register").headers["Location"]
    assert location.startswith("https://example.okta.com/signin/register?fromURI=")
