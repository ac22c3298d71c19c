"""Keeping answers out of caches: every response that holds a secret (a token,
a code, a reset link) or one user's data goes through `no_store`.

Two spellings of the same rule, as Okta answers: the OAuth endpoints say
`no-store` (RFC 6749 5.1), the Management API and pages that carry a code or
tokens say `no-cache, no-store`. Both add `Pragma: no-cache` for HTTP/1.0 caches.
"""

from __future__ import annotations

NO_STORE = "no-store"
NO_CACHE_NO_STORE = "no-cache, no-store"


def no_store(response, cache_control: str = NO_STORE):
    response.headers["Cache-Control"] = cache_control
    response.headers["Pragma"] = "no-cache"
    return response
