"""Kit figures for `make bench`: what a test suite pays for the pytest plugin.

* session start: a fresh interpreter importing the kit and starting an org on a
  thread (what `okta_org_session` costs once per session or xdist worker);
* reset with a few hundred users (the `okta_org` fixture resets before each test);
* a browserless login through the plugin's helper (authn -> authorize+PKCE -> token).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

SESSION_START = """
import time
began = time.perf_counter()
from mock_okta.testing import start_org
with start_org() as org:
    print((time.perf_counter() - began) * 1000)
"""


def session_start_ms(runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", SESSION_START], capture_output=True,
                             text=True, check=True).stdout
        samples.append(float(out.strip()))
    return statistics.median(samples)


def reset_and_login_ms(users: int = 300, runs: int = 50) -> tuple[float, float]:
    """Median reset (one user made since, `users` in the seeded state) and median login."""
    from mock_okta.testing import DEFAULT_PASSWORD, start_org

    seed = {"users": [{"profile": {"login": f"seed{n}@example.com", "email": f"seed{n}@example.com",
                                   "firstName": "Seed", "lastName": f"User{n}"},
                       "credentials": {"password": {"value": DEFAULT_PASSWORD}}}
                      for n in range(users)]}
    with start_org() as org:
        org.seed(seed)
        resets, logins = [], []
        for n in range(runs):
            org.create_user(f"made{n}@example.com")
            began = time.perf_counter()
            org.reset()
            resets.append((time.perf_counter() - began) * 1000)
            began = time.perf_counter()
            org.sign_in(f"seed{n}@example.com")
            logins.append((time.perf_counter() - began) * 1000)
        return statistics.median(resets), statistics.median(logins)
