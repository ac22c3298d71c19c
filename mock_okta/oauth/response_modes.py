"""How an /authorize answer reaches the client: the one place that turns
response parameters (a code, tokens, or an error, plus `state`) into a
response in the requested `response_mode`. Success and error paths both
come through `deliver`.

| Mode | Response | Source |
|---|---|---|
| `query` | 302 to `redirect_uri?…`, `Referrer-Policy: no-referrer` | OIDC-md |
| `fragment` | 302 to `redirect_uri#…`, `Referrer-Policy: no-referrer` | OIDC-md |
| `form_post` | 200 HTML: hidden inputs auto-submitted by POST to `redirect_uri` | RN-2018 |
| `okta_post_message` | 200 HTML: `postMessage(data, origin of redirect_uri)` | OIDC-md |

`query` is the default for `code`; `fragment` whenever a token or ID token is
in the response, and then `query` is refused (`unsupported_response_mode`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from authlib.common.urls import add_params_to_uri
from flask import Response, redirect, render_template

QUERY, FRAGMENT, FORM_POST, POST_MESSAGE = "query", "fragment", "form_post", "okta_post_message"
MODES = (QUERY, FRAGMENT, FORM_POST, POST_MESSAGE)
PAGE_MODES = (FORM_POST, POST_MESSAGE)   # answered with an HTML page, not a redirect
# Response types that put a token in the front channel: never in a query string.
TOKEN_TYPES = frozenset({"token", "id_token"})

Params = list[tuple[str, str]]


def default_mode(response_types) -> str:
    return FRAGMENT if TOKEN_TYPES & set(response_types) else QUERY


def mode_allowed(mode: str, response_types, redirect_uri: str) -> bool:
    """Known, no tokens in a query string, and pages only for web redirect URIs
    (a form posted to `javascript:` would run in the org's origin)."""
    if mode not in MODES or (mode == QUERY and TOKEN_TYPES & set(response_types)):
        return False
    return mode not in PAGE_MODES or urlsplit(redirect_uri).scheme in ("http", "https")


def error_mode(params: dict) -> str:
    """The mode an error goes back in: the one asked for when it is usable,
    else the default for the response type (so a refused `query` with
    `id_token` is answered by fragment)."""
    response_types = params.get("response_type", "").split()
    requested = params.get("response_mode")
    if requested and mode_allowed(requested, response_types, params.get("redirect_uri", "")):
        return requested
    return default_mode(response_types)


def deliver(redirect_uri: str, params: Params, mode: str) -> Response:
    params = [(name, str(value)) for name, value in params if value is not None]
    if mode in (QUERY, FRAGMENT):
        location = add_params_to_uri(redirect_uri, params, fragment=mode == FRAGMENT)
        response = redirect(location, code=302)
        response.headers["Referrer-Policy"] = "no-referrer"
        return response
    if mode == FORM_POST:
        html = render_template("form_post.html", action=redirect_uri, params=params)
    else:
        html = render_template("post_message.html", data=dict(params),
                               origin=origin_of(redirect_uri))
    response = Response(html, status=200, mimetype="text/html")
    # Codes and tokens in a page: never sent on as a referrer (nor cached: the view).
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def origin_of(uri: str) -> str:
    """`scheme://host[:port]` of a redirect URI: the only window that may read the message."""
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"
