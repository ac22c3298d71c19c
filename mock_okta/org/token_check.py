"""A JWT taken apart for a person to read (the dev console): its header, its
claims, and whether one of the org's authorization servers signed it, checked
with that server's keys (KeyRing.verify), never with a key the token names."""

from __future__ import annotations

from dataclasses import dataclass

import jwt

from mock_okta.clock import now
from mock_okta.org.servers import AuthServer


@dataclass(frozen=True)
class TokenCheck:
    header: dict | None
    claims: dict | None
    verified: bool
    verdict: str          # one line saying why it verifies or not
    expired: bool = False


def check_token(token: str, servers: list[AuthServer], org_url: str) -> TokenCheck:
    """Decode `token` and verify it against the server whose issuer its `iss` names."""
    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.InvalidTokenError as error:
        return TokenCheck(None, None, False, f"Not a JWT: {error}")
    issuer = claims.get("iss")
    server = next((s for s in servers if s.issuer(org_url) == issuer), None)
    exp = claims.get("exp")
    expired = isinstance(exp, int | float) and exp <= now()
    if server is None:
        return TokenCheck(header, claims, False, f"No authorization server of this org has the "
                                                 f"issuer {issuer!r}", expired)
    try:
        server.keyring.verify(token, issuer=issuer, verify_exp=False)
    except jwt.InvalidTokenError as error:
        return TokenCheck(header, claims, False, f"Signature does not verify against the keys "
                                                 f"of {server.name}: {error}", expired)
    return TokenCheck(header, claims, True, f"Signed by {server.name} (kid "
                                            f"{header.get('kid')})", expired)
