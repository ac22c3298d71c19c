"""The kit in other projects' test suites: a live org as a pytest fixture
(`okta_org`, from `mock_okta.testing.plugin`), and the helpers behind it.

Names load on first use: the plugin imports this package in every pytest run,
and `requests` (the `pytest` extra) is needed only once a helper is used.
"""

_EXPORTS = {
    "DEFAULT_PASSWORD": "mock_okta.testing.org", "Client": "mock_okta.testing.org",
    "OktaOrg": "mock_okta.testing.org", "OrgError": "mock_okta.testing.org",
    "SignInFailed": "mock_okta.testing.org", "start_org": "mock_okta.testing.server",
    "start_org_process": "mock_okta.testing.server", "connect_org": "mock_okta.testing.server",
    "Factor": "mock_okta.testing.factors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'mock_okta.testing' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_EXPORTS[name]), name)
