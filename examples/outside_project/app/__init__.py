"""A small Okta-protected API of "another project": its own package named `app`,
which must not collide with anything the kit installs. It trusts access tokens
from the issuer it is given, checked with PyJWT against the issuer's keys."""

from __future__ import annotations

import jwt
from flask import Flask, jsonify, request


def create_app(issuer: str, audience: str = "api://default") -> Flask:
    app = Flask(__name__)
    keys = jwt.PyJWKClient(f"{issuer}/v1/keys")

    @app.get("/me")
    def me():
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        try:
            claims = jwt.decode(token, keys.get_signing_key_from_jwt(token), algorithms=["RS256"],
                                issuer=issuer, audience=audience)
        except jwt.PyJWTError as error:
            return jsonify(error=str(error)), 401
        return jsonify(login=claims["sub"], user_id=claims["uid"])

    return app
