"""Home, dashboard, error pages, headers: what the browser sees."""

import pytest

from app import create_app


def test_home_signed_out_offers_login_and_sign_up(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<a id="login" href="/login">Log In / Register</a>' in page
    assert page.count("Log In / Register") == 1 and page.count('href="/login"') == 1
    assert '<a id="register" href="/register">sign up</a>' in page
    assert 'id="dashboard"' not in page
    assert 'id="logout"' not in page


def test_home_signed_in_offers_dashboard_and_logout(client, sign_in_as):
    sign_in_as(client)
    page = client.get("/").get_data(as_text=True)
    assert '<a id="dashboard" href="/dashboard">Dashboard</a>' in page
    assert '<form class="inline" method="post" action="/logout">' in page
    assert '<button id="logout" type="submit">Log Out</button>' in page
    assert 'name="csrf_token" value="' in page
    assert 'id="login"' not in page and 'id="register"' not in page
    assert "Hello, Ada." in page


def test_dashboard_shows_the_user(client, sign_in_as):
    sign_in_as(client, id="00uDash0000000000001", firstName="Grace", lastName="Hopper",
               email="grace@example.com", login="grace.login@example.com")
    response = client.get("/dashboard")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<span id="user-first-name">Grace</span>' in page
    assert '<code id="user-id">00uDash0000000000001</code>' in page
    assert "grace@example.com" in page
    assert "grace.login@example.com" in page
    assert "Hopper" in page


def test_profile_values_are_escaped(client, sign_in_as):
    sign_in_as(client, firstName='<script>alert("x")</script>', lastName="<b>bold</b>")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page


@pytest.mark.parametrize("method, path, status, text", [
    ("get", "/no-such-page", 404, "Page not found"),
    ("get", "/dashboard/extra", 404, "Page not found"),
    ("put", "/", 405, "Method not allowed"),
    ("delete", "/logout", 405, "Method not allowed"),
    ("post", "/login", 405, "Method not allowed"),
    ("post", "/authorization-code/callback", 405, "Method not allowed"),
])
def test_http_errors_are_readable_pages(client, method, path, status, text):
    response = getattr(client, method)(path)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert f"<h1>{text}</h1>" in page
    assert "Traceback" not in page
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_unexpected_exceptions_are_a_readable_500(helpers):
    app = create_app(helpers.site_config(TESTING=False))

    @app.get("/boom")
    def boom():
        raise KeyError("secret internals")

    response = app.test_client().get("/boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_security_headers_on_pages(client):
    headers = client.get("/").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert headers["Cache-Control"] == "no-store"


def test_session_cookie_is_named_and_flagged(client, sign_in_as):
    sign_in_as(client)
    cookie = client.get("/").headers["Set-Cookie"]  # the nav's CSRF token writes the session
    assert cookie.startswith("flask_site_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http on loopback by default


@pytest.mark.parametrize("base_url", ["https://localhost", "https://site.example.com:8443"])
def test_the_cookie_is_secure_over_https_without_any_setting(app, base_url):
    client = app.test_client()
    # Signed out too: the cookie holding a sign-in notice must not travel in clear either.
    cookie = client.get("/dashboard", base_url=base_url).headers["Set-Cookie"]
    assert "; Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The same site over http in the same process: not Secure (it would never come back).
    plain = app.test_client().get("/dashboard").headers["Set-Cookie"]
    assert "Secure" not in plain and "HttpOnly" in plain and "SameSite=Lax" in plain


def test_secure_cookie_when_configured(helpers, sign_in_as):
    client = create_app(helpers.site_config(SESSION_COOKIE_SECURE="true")).test_client()
    sign_in_as(client)
    assert "Secure" in client.get("/").headers["Set-Cookie"]


def test_static_css_is_served_locally(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.mimetype == "text/css"
    page = client.get("/").get_data(as_text=True)
    assert '<link rel="stylesheet" href="/static/style.css">' in page
    assert "http" not in page.split("<body>")[0].split("<title>")[1]  # no CDN assets in <head>


def test_home_drops_a_lone_state_from_the_address_bar(client):
    response = client.get("/?state=abc123")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/?other=1").status_code == 200


@pytest.mark.parametrize("path", ["/favicon.ico", "/static/favicon.svg"])
def test_the_site_has_a_favicon(client, path):
    response = client.get(path)
    assert response.status_code == 200 and response.content_type.startswith("image/svg+xml")
    assert 'rel="icon"' in client.get("/").get_data(as_text=True)


def test_the_lair_is_a_second_protected_page(client, sign_in_as):
    signed_out = client.get("/lair")
    assert signed_out.status_code == 302 and signed_out.headers["Location"] == "/login?next=/lair"
    sign_in_as(client, firstName="Grace")
    page = client.get("/lair").get_data(as_text=True)
    assert '<h1 id="lair-title">The lair</h1>' in page and ">Grace<" in page
    assert '<a id="lair" href="/lair">Lair</a>' in client.get("/").get_data(as_text=True)
