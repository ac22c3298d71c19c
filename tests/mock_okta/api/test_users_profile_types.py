"""Okta's base profile attributes are typed strings: a number or a boolean is
refused with E0000001 and nothing is stored; custom attributes keep their JSON type."""

from __future__ import annotations

import pytest

BASE = {"firstName": "Ty", "lastName": "Ped", "email": "ty@example.com", "login": "ty@example.com"}


@pytest.mark.parametrize("attribute, value", [("city", 700), ("locale", False),
                                              ("countryCode", 33), ("displayName", ["x"]),
                                              ("secondEmail", {"a": 1})])
def test_a_base_attribute_of_the_wrong_type_is_refused(client, api_headers, attribute, value):
    response = client.post("/api/v1/users?activate=false", headers=api_headers,
                           json={"profile": {**BASE, attribute: value}})
    assert response.status_code == 400 and response.json["errorCode"] == "E0000001"
    assert response.json["errorSummary"] == f"Api validation failed: {attribute}"
    assert response.json["errorCauses"] == [
        {"errorSummary": f"{attribute}: Does not match required type: string"}]
    assert client.get("/api/v1/users/ty@example.com", headers=api_headers).status_code == 404


def test_an_update_with_a_wrong_type_changes_nothing(client, api_headers):
    created = client.post("/api/v1/users?activate=false", headers=api_headers,
                          json={"profile": {**BASE, "city": "Lyon"}}).json
    response = client.post(f"/api/v1/users/{created['id']}", headers=api_headers,
                           json={"profile": {"city": 69}})
    assert response.status_code == 400 and response.json["errorSummary"].endswith(": city")
    stored = client.get(f"/api/v1/users/{created['id']}", headers=api_headers).json
    assert stored["profile"]["city"] == "Lyon"


def test_null_base_attributes_and_typed_custom_attributes_are_kept(client, api_headers):
    response = client.post("/api/v1/users?activate=false", headers=api_headers,
                           json={"profile": {**BASE, "city": None, "badgeNumber": 7,
                                             "isContractor": True}})
    assert response.status_code == 200
    profile = response.json["profile"]
    assert profile.get("city") is None and profile["badgeNumber"] == 7
    assert profile["isContractor"] is True
