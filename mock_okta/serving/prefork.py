"""`mock-okta --workers N` (N > 1): gunicorn's pre-fork master with N `gthread`
workers, embedded through its BaseApplication.

The app is created (and the org seeded) once, in the master, before the workers
are forked (preload). SQLite forbids using a connection across fork(), so the
master closes its connection once the socket is bound (`before_fork`), and each
worker opens its own (`after_fork`); the state the workers share is in the file.
"""

from __future__ import annotations

from collections.abc import Callable

from gunicorn.app.base import BaseApplication


class PreforkServer(BaseApplication):
    def __init__(self, app, *, host: str, port: int, workers: int, threads: int,
                 ready: Callable[[str], None], before_fork: Callable[[], None],
                 after_fork: Callable[[], None]):
        self.application = app
        self._options = {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "preload_app": True,
            "proc_name": "mock-okta",
            # The start-up line must stay the first thing printed (tooling parses it).
            "loglevel": "warning",
            "accesslog": None,
            "graceful_timeout": 5,
            # As waitress here: no forwarded headers trusted, no request-line limit
            # (an authorize URL with a request object runs long).
            "secure_scheme_headers": {},
            "forwarded_allow_ips": "",
            "limit_request_line": 0,
            "limit_request_field_size": 0,
            "when_ready": lambda arbiter: (ready(_url(arbiter, host)), before_fork()),
            "post_fork": lambda arbiter, worker: after_fork(),
        }
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def _url(arbiter, host: str) -> str:
    """The URL the master bound (the port is the kernel's pick with --port 0)."""
    port = arbiter.LISTENERS[0].sock.getsockname()[1]
    return f"http://{host}:{port}"
