"""The shipped OpenAPI description (/_mock/openapi.yaml) and the routes stay in step:
every route the org serves is described, and every described operation is served."""

from __future__ import annotations

import copy
import re

import pytest
import schemathesis
import yaml

from mock_okta.kit.openapi import DESCRIPTION
from tests.mock_okta.support.api import assert_okta_error

IGNORED_METHODS = {"HEAD", "OPTIONS"}  # answered by Flask for every route


def normalized(path: str) -> str:
    """Parameter names aside: Flask's `<id_or_login>` and OpenAPI's `{userId}` are one slot."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", path)


def served(app) -> set[tuple[str, str]]:
    return {(normalized(rule.rule), method) for rule in app.url_map.iter_rules()
            for method in rule.methods - IGNORED_METHODS}


def described(document: dict) -> set[tuple[str, str]]:
    methods = {"get", "put", "post", "delete", "patch"}
    return {(normalized(path), method.upper()) for path, item in document["paths"].items()
            for method in item if method in methods}


@pytest.fixture(scope="module")
def document():
    return yaml.safe_load(DESCRIPTION.read_text(encoding="utf-8"))


def test_every_route_is_described(app, document):
    assert served(app) - described(document) == set()


def test_every_described_operation_is_served(app, document):
    assert described(document) - served(app) == set()


def test_the_comparison_sees_a_missing_route(app, document):
    document = copy.deepcopy(document)
    del document["paths"]["/api/v1/users/{userId}/groups"]
    assert served(app) - described(document) == {("/api/v1/users/{}/groups", "GET")}


def test_the_org_serves_its_description(client, document):
    response = client.get("/_mock/openapi.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert yaml.safe_load(response.get_data(as_text=True)) == document


def test_the_description_loads_as_openapi(document):
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(described(document))


def test_without_controls_the_description_is_not_served(settings):
    from dataclasses import replace

    from mock_okta import create_app
    client = create_app(replace(settings, controls=False)).test_client()
    assert_okta_error(client.get("/_mock/openapi.yaml"), 404, "E0000008")
