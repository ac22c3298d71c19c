"""Console section: the System Log as a timeline, newest first, with filters
(the same query as GET /api/v1/logs: directory/log_query.py)."""

from __future__ import annotations

from flask import request

from mock_okta.directory import log_query
from mock_okta.errors import DomainError
from mock_okta.kit.console import page, render, section
from mock_okta.org import current_org

OUTCOMES = ("SUCCESS", "FAILURE", "DENY", "ALLOW", "CHALLENGE")
SHOWN = 100          # a page of the timeline; older events are a narrower filter away
REFRESH_SECONDS = 5  # `live`: the page reloads itself, no script needed


def _quoted(value: str) -> str:
    # Okta's filter strings are double-quoted; ids and event types never hold quotes.
    return '"' + value.replace("\\", "").replace('"', "") + '"'


def log_filter(event_type: str, user: str, outcome: str) -> str | None:
    """The form's choices as one Okta filter expression (None: no filter)."""
    terms = []
    if event_type:
        terms.append(f"eventType sw {_quoted(event_type)}")
    if user:
        terms.append(f"(actor.id eq {_quoted(user)} or target.id eq {_quoted(user)})")
    if outcome in OUTCOMES:
        terms.append(f"outcome.result eq {_quoted(outcome)}")
    return " and ".join(terms) or None


@page("/logs")
def system_log():
    args = request.args
    chosen = {name: args.get(name, "").strip() for name in ("eventType", "user", "outcome", "q")}
    query_args = {"sortOrder": "DESCENDING", "limit": str(SHOWN)}
    expression = log_filter(chosen["eventType"], chosen["user"], chosen["outcome"])
    if expression:
        query_args["filter"] = expression
    if chosen["q"]:
        query_args["q"] = chosen["q"]
    problem, events = None, []
    try:
        events, _ = log_query.search(current_org().store, log_query.parse_query(query_args))
    except DomainError as error:   # a search a person typed: say why, keep the form
        problem = str(error) or "That search is not one the System Log can answer."
    return render("system_log.html", events=events, chosen=chosen, outcomes=OUTCOMES,
                  problem=problem, live=args.get("live") == "1", refresh=REFRESH_SECONDS,
                  shown=SHOWN)


section("System Log", system_log, place=55)
