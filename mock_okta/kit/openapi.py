"""The mock's OpenAPI description, `GET /_mock/openapi.yaml`: every route it
serves, for a user's own tools (schemathesis, Swagger UI, client generators).
The file ships in the package (mock_okta/openapi/okta-mock.yaml); a test keeps it
and the routes in step."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from flask import Response

from mock_okta.kit import bp

DESCRIPTION = files("mock_okta") / "openapi" / "okta-mock.yaml"


@cache
def description() -> str:
    return DESCRIPTION.read_text(encoding="utf-8")


@bp.get("/openapi.yaml")
def openapi_description():
    return Response(description(), mimetype="application/yaml")
