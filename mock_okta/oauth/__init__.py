"""Authlib's authorization server in Okta's words: the grants, client
authentication, /authorize rules, response modes, token issuance and claims,
introspection and revocation, and OAuth error wording. No views here.
"""
