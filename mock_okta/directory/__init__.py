"""The org's records and rules: users, groups, apps, credentials, lifecycle,
sessions, sign-on, the outbox and the record of issued tokens.

No Flask here: every function takes a Store (and plain values), so the hosted
pages, the APIs and the OAuth glue share one code path.
"""
