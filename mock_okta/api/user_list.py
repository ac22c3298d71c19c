"""GET /api/v1/users: list, `q`, `filter`, `search`, with Okta's paging."""

from __future__ import annotations

from flask import request

from mock_okta.api import bp, require_api_token
from mock_okta.api.paging import collection, parse_limit
from mock_okta.directory import user_search
from mock_okta.directory.user_json import user_json
from mock_okta.directory.user_search import DEFAULT_LIMIT, MAX_LIMIT, Q_DEFAULT_LIMIT
from mock_okta.org import current_org


@bp.get("/users")
@require_api_token
def list_users():
    org = current_org()
    args = request.args
    after = args.get("after") or None
    # Okta gives `search` precedence over `filter`, and both over `q`.
    if args.get("search") is not None:
        page = user_search.search_users(
            org.store, args["search"], user_type_id=org.user_type_id,
            limit=parse_limit(DEFAULT_LIMIT, MAX_LIMIT), after=after,
            sort_by=args.get("sortBy") or None, sort_order=args.get("sortOrder") or None)
    elif args.get("filter") is not None:
        page = user_search.filter_users(org.store, args["filter"],
                                        limit=parse_limit(DEFAULT_LIMIT, MAX_LIMIT), after=after)
    elif args.get("q") is not None:
        users = user_search.q_users(org.store, args["q"],
                                    limit=parse_limit(Q_DEFAULT_LIMIT, MAX_LIMIT))
        return collection(_documents(users), None)
    else:
        page = user_search.list_users(org.store, limit=parse_limit(DEFAULT_LIMIT, MAX_LIMIT),
                                      after=after)
    return collection(_documents(page.users), page.next_cursor)


def _documents(users) -> list[dict]:
    org = current_org()
    base = org.url()
    return [user_json(user, base, user_type_id=org.user_type_id, collection=True)
            for user in users]
