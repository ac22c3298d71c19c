"""The SSWS header as Okta's own SDKs send it.

okta-sdk-python 3.x builds the header as `authorizationMode + token`, so it sends
`Authorization: SSWS00abc…` with no space; Okta accepts that, so the mock must too.
"""

from __future__ import annotations

import pytest

from tests.mock_okta.support import API_TOKEN


@pytest.mark.parametrize("header", [f"SSWS {API_TOKEN}", f"SSWS{API_TOKEN}",
                                    f"SSWS  {API_TOKEN} "], ids=["spaced", "sdk-3x", "padded"])
def test_the_api_token_is_accepted_with_or_without_a_space(client, header):
    response = client.get("/api/v1/users/demo.user@example.com",
                          headers={"Authorization": header})
    assert response.status_code == 200, response.json
    assert response.json["profile"]["login"] == "demo.user@example.com"


@pytest.mark.parametrize("header, status, code", [
    (f"SSWS{API_TOKEN}x", 401, "E0000011"),
    ("SSWSwrong", 401, "E0000011"),
    ("SSWS", 403, "E0000005"),
    (f"Bearer{API_TOKEN}", 403, "E0000005"),
])
def test_wrong_tokens_keep_their_answers_without_the_space(client, header, status, code):
    response = client.get("/api/v1/users/demo.user@example.com",
                          headers={"Authorization": header})
    assert response.status_code == status and response.json["errorCode"] == code
    assert "demo.user" not in response.get_data(as_text=True)
