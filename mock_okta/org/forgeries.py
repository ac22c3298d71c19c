"""Forged tokens: make the next token answers for a client carry a token its
relying party must refuse, or the next key sets leave out the signing key.

Pure state and rules; kit/forgeries.py arms them, oauth/forgery.py forges.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from mock_okta.errors import ValidationFailed
from mock_okta.org.armed import Armed
from mock_okta.storage import Store

TOKEN_KINDS = ("bad_signature", "unknown_kid", "alg_none", "hs256_public_key", "wrong_iss",
               "wrong_aud", "expired", "iat_future", "nbf_future", "missing_claim",
               "wrong_nonce", "wrong_at_hash")
ID_TOKEN_ONLY = ("wrong_nonce", "wrong_at_hash")
JWKS_KIND = "jwks_without_signing_key"
TOKENS = ("id_token", "access_token")
_KEYS = {"kind", "clientId", "token", "claim", "count", "server"}


@dataclass
class Forgery:
    id: int
    kind: str
    remaining: int
    client_id: str | None = None   # token forgeries: whose next token answers
    token: str = "id_token"        # which token in the answer
    claim: str | None = None       # missing_claim: which claim goes
    server: str | None = None      # jwks_without_signing_key: whose key set

    def as_json(self) -> dict:
        names = {"client_id": "clientId"}
        return {names.get(k, k): v for k, v in asdict(self).items() if v is not None}


def parse_forgery(body: dict, forgery_id: int) -> Forgery:
    unknown = sorted(set(body) - _KEYS)
    if unknown:
        _invalid(unknown[0], f"unknown property; expected some of {', '.join(sorted(_KEYS))}")
    kind = body.get("kind")
    if kind not in (*TOKEN_KINDS, JWKS_KIND):
        _invalid("kind", f"must be one of {', '.join((*TOKEN_KINDS, JWKS_KIND))}")
    times = body.get("count", 1)
    if isinstance(times, bool) or not isinstance(times, int) or not 1 <= times <= 1000:
        _invalid("count", "must be a whole number from 1 to 1000")
    if kind == JWKS_KIND:
        server = body.get("server", "default")
        if not isinstance(server, str) or not server:
            _invalid("server", "must be an authorization server id, or org")
        if set(body) & {"clientId", "token", "claim"}:
            _invalid("kind", "jwks_without_signing_key takes server and count only")
        return Forgery(forgery_id, kind, times, server=server)
    client_id, token = body.get("clientId"), body.get("token", "id_token")
    if not isinstance(client_id, str) or not client_id:
        _invalid("clientId", "is required: the client whose next token answers are forged")
    if token not in TOKENS:
        _invalid("token", f"must be one of {', '.join(TOKENS)}")
    if kind in ID_TOKEN_ONLY and token != "id_token":
        _invalid("token", f"{kind} applies to the id_token")
    claim = body.get("claim")
    if kind == "missing_claim":
        claim = claim if claim is not None else "sub"
        if not isinstance(claim, str) or not claim:
            _invalid("claim", "must name the claim to leave out, e.g. sub")
    elif claim is not None:
        _invalid("claim", "applies to missing_claim only")
    return Forgery(forgery_id, kind, times, client_id=client_id, token=token, claim=claim)


class Forgeries(Armed[Forgery]):
    """The armed forgeries of one org."""

    def __init__(self, store: Store):
        super().__init__(store, "forgery", Forgery, parse_forgery)

    def take_token(self, client_id: str, answer: dict) -> Forgery | None:
        """A forgery for this client whose token is in this answer (else none is spent)."""
        return self.take(lambda f: f.kind != JWKS_KIND and f.client_id == client_id
                         and f.token in answer)

    def take_jwks(self, server_id: str) -> Forgery | None:
        return self.take(lambda f: f.kind == JWKS_KIND and f.server == server_id)


def _invalid(field: str, message: str):
    raise ValidationFailed(field, [f"{field}: {message}"])
