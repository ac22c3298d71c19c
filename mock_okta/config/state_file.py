"""The export file read at start-up (`mock-okta --import FILE`, MOCK_OKTA_IMPORT).

Only what the settings need is taken here: the file's authorization servers, which
exist before the org opens. The rest of the document (keys, apps, groups, users,
policies) is written into the new org by org/state_import.py, which checks it entry by
entry. The format is org/state_export.py's.
"""

from __future__ import annotations

from mock_okta.config.file import parse_config, read_json
from mock_okta.config.settings import AuthServerSettings

FORMAT = 1
TOP_LEVEL = {"mockOkta", "orgAuthorizationServer", "authorizationServers", "apps", "groups",
             "users", "policies"}


def read_state_file(path: str) -> tuple[tuple[AuthServerSettings, ...], dict]:
    """(servers, document); ValueError with a message naming the file otherwise."""
    document = read_json(path, "import file")
    try:
        return parse_state(document), document
    except ValueError as error:
        raise ValueError(f"import file {path}: {error}") from None


def parse_state(document: object) -> tuple[AuthServerSettings, ...]:
    if not isinstance(document, dict) or not isinstance(document.get("mockOkta"), dict):
        raise ValueError("not an export of mock-okta (no mockOkta object at the top level)")
    if document["mockOkta"].get("format") != FORMAT:
        raise ValueError(f"format {document['mockOkta'].get('format')!r} is not one this "
                         f"version reads (it reads format {FORMAT})")
    unknown = set(document) - TOP_LEVEL
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))}")
    servers = document.get("authorizationServers", [])
    if not isinstance(servers, list) or not all(isinstance(entry, dict) for entry in servers):
        raise ValueError("authorizationServers must be a list of objects")
    # The keys are the org's business (state_import.py); the rest is the config file's shape.
    configured = [{k: v for k, v in entry.items() if k != "keys"} for entry in servers]
    return parse_config({"authorizationServers": configured})[0]
