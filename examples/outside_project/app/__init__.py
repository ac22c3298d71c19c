"""A small Okta-protected API of "another project": its own package named `app`,
which must not collide with anything the kit installs.

`/me` trusts access tokens from the issuer it is given, checked locally with PyJWT
against the issuer's keys; `/profile` asks the issuer's /userinfo, so it sees the
org's own view of the token (revoked, expired on the org's clock).
"""

from __future__ import annotations

import jwt
import requests
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

    @app.get("/profile")
    def profile():
        answer = requests.get(f"{issuer}/v1/userinfo", timeout=10,
                              headers={"Authorization": request.headers.get("Authorization", "")})
        if answer.status_code == 401:
            return jsonify(error="your session has ended: sign in again"), 401
        answer.raise_for_status()
        return jsonify(name=answer.json().get("name"))

    return app
