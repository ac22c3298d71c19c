#!/usr/bin/env python3
"""Racing sign-ups for the same few logins, against an org at any URL.

Many threads at once create users for a few logins, each spelled in several cases
(`Race.One.x@Example.com`, `race.one.x@example.COM`, ...), through the Users API
(POST /api/v1/users) and the hosted sign-up page (POST /signin/register). Okta's
rule holds only if exactly one user per login comes out, every other attempt is
refused as a duplicate (the API: E0000001 with the login cause; the page: its
"already exists" message, 400), and nothing answers 5xx.

    .venv/bin/python scripts/signup_race.py http://127.0.0.1:8080 [--token TOKEN]

The logins carry a random tag, so runs against the same org do not collide.
tests/mock_okta/serving/test_signup_race.py runs it against a server process.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import secrets
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field

import requests

DEFAULT_TOKEN = "00MockOktaDevelopmentApiToken"    # mock_okta.config.DEFAULT_API_TOKEN
DUPLICATE_CAUSE = "login: An object with this field already exists in the current organization"
PAGE_DUPLICATE = "A user with this Email already exists"
PASSWORD = "Correct-Horse-42"
WORDS = ("One", "Two", "Three", "Four", "Five")
TIMEOUT = 30


@dataclass
class Attempt:
    door: str          # "api" or "page"
    login: str         # as sent, in whatever case
    status: int = 0    # 0: no answer at all
    body: str = ""

    @property
    def created(self) -> bool:
        # The page answers a sign-up with a redirect (or, verifying email, its notice).
        return self.status == 200 if self.door == "api" else self.status in (200, 302)


@dataclass
class Report:
    logins: list[str]
    attempts: list[Attempt]
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        doors = Counter(attempt.door for attempt in self.attempts)
        created = sum(attempt.created for attempt in self.attempts)
        return (f"signup race: {len(self.attempts)} attempts ({doors['api']} Users API,"
                f" {doors['page']} sign-up page) for {len(self.logins)} logins:"
                f" {created} created, {len(self.attempts) - created} refused;"
                f" {len(self.problems)} problems")


def spellings(login: str, rng: random.Random) -> str:
    """The same login with each letter's case chosen at random."""
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in login)


def race(base_url: str, api_token: str = DEFAULT_TOKEN, *, logins: int = 3,
         api_attempts: int = 200, page_attempts: int = 24, threads: int = 16,
         seed: int | None = None) -> Report:
    """Fire the attempts from `threads` threads released together; then check them."""
    base_url = base_url.rstrip("/")
    rng = random.Random(seed)
    tag = secrets.token_hex(4)
    names = [f"Race.{WORDS[i % len(WORDS)]}{i}.{tag}@Example.com" for i in range(logins)]
    attempts = [Attempt("api", spellings(names[i % logins], rng)) for i in range(api_attempts)]
    attempts += [Attempt("page", spellings(names[i % logins], rng)) for i in range(page_attempts)]
    rng.shuffle(attempts)
    forms = {id(a): _open_form(base_url) for a in attempts if a.door == "page"}
    start = threading.Barrier(threads)

    def work(mine: list[Attempt]) -> None:
        with requests.Session() as api:
            api.headers.update({"Authorization": f"SSWS {api_token}",
                                "Accept": "application/json"})
            start.wait()
            for number, attempt in enumerate(mine):
                _attempt(base_url, attempt, api, forms.get(id(attempt)), number)

    workers = [threading.Thread(target=work, args=(attempts[n::threads],))
               for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    for session, _ in forms.values():
        session.close()
    report = Report(names, attempts)
    report.problems = problems(attempts) + _users_found(base_url, api_token, names)
    return report


def _open_form(base_url: str) -> tuple[requests.Session, dict]:
    """A browser at the sign-up page: its cookie and the form's hidden fields."""
    session = requests.Session()
    page = session.get(f"{base_url}/signin/register", timeout=TIMEOUT)
    page.raise_for_status()
    hidden = dict(re.findall(r'name="(csrf_token|fromURI)" value="([^"]*)"', page.text))
    return session, {name: html.unescape(value) for name, value in hidden.items()}


def _attempt(base_url: str, attempt: Attempt, api: requests.Session,
             form: tuple[requests.Session, dict] | None, number: int) -> None:
    profile = {"login": attempt.login, "email": attempt.login, "firstName": "Race",
               "lastName": "Runner"}
    try:
        if form is None:
            with_password = number % 2 == 1   # both kinds of create: staged, and active
            body = {"profile": profile}
            if with_password:
                body["credentials"] = {"password": {"value": PASSWORD}}
            answer = api.post(f"{base_url}/api/v1/users?activate={str(with_password).lower()}",
                              json=body, timeout=TIMEOUT)
        else:
            session, hidden = form
            answer = session.post(f"{base_url}/signin/register", allow_redirects=False,
                                  timeout=TIMEOUT, data={**hidden, "email": attempt.login,
                                                         "password": PASSWORD,
                                                         "firstName": "Race",
                                                         "lastName": "Runner"})
        attempt.status, attempt.body = answer.status_code, answer.text
    except requests.RequestException as error:
        attempt.body = f"no answer: {error}"


def problems(attempts: list[Attempt]) -> list[str]:
    """What the answers say against the rule (one user per login, duplicates refused)."""
    found = []
    created = Counter(attempt.login.casefold() for attempt in attempts if attempt.created)
    for login in sorted({attempt.login.casefold() for attempt in attempts}):
        if created[login] != 1:
            found.append(f"{login}: {created[login]} attempts created a user, not 1")
    for attempt in attempts:
        if attempt.created:
            continue
        if not _refused_as_duplicate(attempt):
            found.append(f"{attempt.door} {attempt.login}: {attempt.status} {attempt.body[:300]}")
    return found


def _refused_as_duplicate(attempt: Attempt) -> bool:
    if attempt.status != 400:
        return False
    if attempt.door == "page":
        return PAGE_DUPLICATE in attempt.body
    try:
        body = json.loads(attempt.body)
    except ValueError:
        return False
    return (body.get("errorCode") == "E0000001"
            and body.get("errorCauses") == [{"errorSummary": DUPLICATE_CAUSE}])


def _users_found(base_url: str, api_token: str, names: list[str]) -> list[str]:
    """The org's own view: a case-insensitive search finds exactly one user per login."""
    found = []
    with requests.Session() as api:
        for name in names:
            answer = api.get(f"{base_url}/api/v1/users",
                             params={"search": f'profile.login eq "{name.upper()}"'},
                             headers={"Authorization": f"SSWS {api_token}"}, timeout=TIMEOUT)
            if answer.status_code != 200 or len(answer.json()) != 1:
                found.append(f"search for {name}: {answer.status_code} {answer.text[:300]}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="the org's base URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the API token (SSWS)")
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--api-attempts", type=int, default=200)
    parser.add_argument("--page-attempts", type=int, default=24)
    args = parser.parse_args(argv)
    report = race(args.url, args.token, threads=args.threads, api_attempts=args.api_attempts,
                  page_attempts=args.page_attempts)
    print(report.summary())
    for problem in report.problems:
        print(f"  {problem}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
