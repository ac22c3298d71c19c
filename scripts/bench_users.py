"""`make bench` users section: the Users API of one `python -m mock_okta` holding N users
(default 100,000), all created through POST /api/v1/users with a password, then read
back: by id, by login, `q=`, `filter=`, `search=` (p50/p99 of single requests) and a
whole listing with limit=200 following Link rel="next"."""

from __future__ import annotations

import json
import random
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from bench_http import Client, Server, free_port, median, percentile, timed_ms
from bench_targets import Ours

API_TOKEN = "00BenchUsersApiToken"
HEADERS = {"Authorization": f"SSWS {API_TOKEN}", "Accept": "application/json",
           "Content-Type": "application/json"}
PASSWORD = "Sunny-Meadow-42"
LAST_NAMES = 1000
FIRST_NAMES = ("Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim")
CREATE_THREADS = 8


def profile(n: int) -> dict:
    login = f"user{n:06d}@bench.example.com"
    return {"login": login, "email": login, "firstName": FIRST_NAMES[n % len(FIRST_NAMES)],
            "lastName": f"Surname{n % LAST_NAMES:04d}"}


def create_users(base: str, count: int, threads: int = CREATE_THREADS) -> tuple[list[str], float]:
    """Create users 0..count-1 with a password over `threads` clients: (ids, seconds)."""
    ids: list[str | None] = [None] * count
    errors: list[str] = []

    def run(start: int) -> None:
        client = Client(base)
        try:
            for n in range(start, count, threads):
                body = json.dumps({"profile": profile(n),
                                   "credentials": {"password": {"value": PASSWORD}}})
                status, _, answer = client.call("POST", "/api/v1/users?activate=true", body, HEADERS)
                if status != 200:
                    errors.append(f"create {n}: {status} {answer[:200]!r}")
                    return
                ids[n] = json.loads(answer)["id"]
        finally:
            client.close()

    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise RuntimeError(errors[0])
    return [i for i in ids if i], elapsed


def next_link(headers) -> str | None:
    for value in headers.get_all("Link") or []:
        for part in value.split(","):
            if 'rel="next"' in part:
                return part.split(";")[0].strip().strip("<>")
    return None


def page_through(client: Client, limit: int = 200) -> tuple[int, int, float]:
    """Every user, `limit` a page, following Link rel=next: (users, pages, seconds)."""
    url: str | None = f"/api/v1/users?limit={limit}"
    users = pages = 0
    began = time.perf_counter()
    while url:
        status, headers, body = client.call("GET", url, headers=HEADERS)
        if status != 200:
            raise RuntimeError(f"listing page {pages + 1}: {status} {body[:200]!r}")
        users += len(json.loads(body))
        pages += 1
        url = next_link(headers)
    return users, pages, time.perf_counter() - began


def latency(client: Client, paths: list[str], expect_some: bool = True) -> dict:
    """p50/p99 (ms) of single GETs; each answer must be 200 (and non-empty when a list)."""

    pending = iter(paths)

    def one():
        path = next(pending)
        status, _, body = client.call("GET", path, headers=HEADERS)
        if status != 200 or (expect_some and body in (b"[]", b"[]\n")):
            raise RuntimeError(f"GET {path}: {status} {body[:200]!r}")

    samples = timed_ms(one, len(paths))
    return {"p50_ms": median(samples), "p99_ms": percentile(samples, 99), "n": len(samples)}


def queries(count: int, ids: list[str], samples: int, rng: random.Random) -> dict[str, list[str]]:
    picks = [rng.randrange(count) for _ in range(samples)]
    lasts = [f"Surname{rng.randrange(min(count, LAST_NAMES)):04d}" for _ in range(samples)]
    stems = [name[:-1] for name in lasts]

    def users(**query) -> str:
        return "/api/v1/users?" + urlencode(query)

    return {
        "get_by_id": [f"/api/v1/users/{ids[n]}" for n in picks],
        "get_by_login": [f"/api/v1/users/{quote(profile(n)['login'])}" for n in picks],
        "q_prefix": [users(q=f"user{n:06d}") for n in picks],
        "filter_last_name_eq": [users(filter=f'profile.lastName eq "{last}"') for last in lasts],
        "filter_status_active_limit_200": [users(filter='status eq "ACTIVE"', limit=200)] * samples,
        "search_last_name_sw": [users(search=f'profile.lastName sw "{stem}"') for stem in stems],
        "search_login_eq": [users(search=f'profile.login eq "{profile(n)["login"]}"') for n in picks],
    }


def run_users(count: int, samples: int = 200, log=print) -> dict:
    ours = Ours()
    env = dict(ours.env(), MOCK_OKTA_API_TOKEN=API_TOKEN, MOCK_OKTA_RATE_LIMIT=str(10**9))
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with Server(ours.argv(port, Path(tmp)), env=env, cwd=Path(tmp)) as server:
            server.start(base, ours.discovery_path)
            log(f"  creating {count:,} users through POST /api/v1/users ...")
            ids, seconds = create_users(base, count)
            result = {
                "users": count,
                "create": {"users_per_s": count / seconds, "seconds": seconds,
                           "how": f"POST /api/v1/users?activate=true, each with a password "
                                  f"(PBKDF2, the default cost), {CREATE_THREADS} client threads, "
                                  f"one keep-alive connection each"},
            }
            client = Client(base)
            latency(client, [f"/api/v1/users/{i}" for i in ids[:20]])  # warm
            for name, paths in queries(count, ids, samples, random.Random(7)).items():
                log(f"  {name} ...")
                result[name] = latency(client, paths)
            listed, pages, took = page_through(client)
            if listed < count:
                raise RuntimeError(f"paging listed {listed} users of {count}")
            result["page_all_limit_200"] = {"seconds": took, "pages": pages, "users": listed}
            result["memory_mb"] = server.memory_mb()
            result["db_mb"] = (Path(tmp) / "okta.sqlite3").stat().st_size / 2**20
            client.close()
    return result


def rows(result: dict) -> list[list[str]]:
    """The printed table: one line per measured request kind."""
    from bench_report import number

    out = [["create (users/s)", number(result["create"]["users_per_s"], "users/s"), "-",
            f"{result['create']['seconds']:.1f} s for {result['users']:,}"]]
    for name, figures in result.items():
        if isinstance(figures, dict) and "p50_ms" in figures:
            out.append([name, number(figures["p50_ms"]), number(figures["p99_ms"]), f"n={figures['n']}"])
    paging = result["page_all_limit_200"]
    out.append(["page all, limit=200, Link next", f"{paging['seconds']:.2f} s", "-",
                f"{paging['pages']} pages, {paging['users']:,} users"])
    out.append(["server memory (PSS) / SQLite file", f"{result['memory_mb']:.0f} MB", "-",
                f"db {result['db_mb']:.0f} MB"])
    return out
