"""Helpers for the tests that run `python -m mock_okta` in a child process (the CLI and
`--https`): the child's environment and a reader for its output."""

from __future__ import annotations

import os
import queue
from pathlib import Path

# tests/mock_okta/support/process.py -> the repository root, put first on the child's path.
REPO_ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 30


def child_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_OKTA_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def read_lines(stream, lines: queue.Queue):
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put(None)
