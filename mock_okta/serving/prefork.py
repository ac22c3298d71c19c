"""`mock-okta --workers N`: granian's pre-fork master with N worker processes, each
answering HTTP in Rust and running the org's WSGI app on its own threads.

The app is created (and the org seeded) once, in the master, before the workers
are forked. SQLite forbids using a connection across fork(), so the master closes
its connection once the socket is bound (`before_fork`), and each worker opens its
own (`after_fork`); the state the workers share is in the file.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import threading
import time
from collections.abc import Callable

from granian.constants import Interfaces
from granian.server import MPServer

# The kernel's backlog for the listening socket: a test suite opening many
# connections at once should queue, not be refused.
BACKLOG = 1024
KILL_AFTER = 3   # seconds a worker has to stop before it is killed
READY_WITHIN = 30   # seconds the workers have to start listening
SERVER_HEADER = ("Server", "mock-okta")
PR_SET_PDEATHSIG = 1   # linux/prctl.h


class PreforkServer:
    def __init__(self, app, *, host: str, port: int, workers: int, threads: int,
                 ready: Callable[[str], None], before_fork: Callable[[], None],
                 after_fork: Callable[[], None]):
        self.app, self.host, self.workers, self.threads = app, host, workers, threads
        # granian binds each worker's socket to the same port (SO_REUSEPORT), so port 0
        # cannot mean "any": the kernel's free port is asked for here.
        self.port = port or _free_port(host)
        self.url = f"http://[{host}]:{self.port}" if ":" in host else f"http://{host}:{self.port}"
        self._ready, self._before_fork, self._after_fork = ready, before_fork, after_fork

    def run(self) -> None:
        """Until SIGINT or SIGTERM, which the master turns into stopping its workers."""
        server = MPServer(target="mock_okta", address=self.host, port=self.port,
                          interface=Interfaces.WSGI, workers=self.workers,
                          blocking_threads=self.threads, runtime_threads=1,
                          backlog=BACKLOG, log_enabled=False,
                          # A worker stopped while it starts may miss SIGTERM: kill it then.
                          workers_kill_timeout=KILL_AFTER)

        @server.on_startup
        def starting() -> None:   # in the master, just before the workers are forked
            self._before_fork()
            # Each worker listens on its own socket (SO_REUSEPORT): announce the URL
            # once one answers, so whoever reads the line can connect at once. The
            # address is resolved here: a fork while the thread held the import lock
            # (getaddrinfo imports a codec) would leave the worker stuck on it.
            family, kind, _, _, address = socket.getaddrinfo(
                self.host, self.port, type=socket.SOCK_STREAM)[0]
            threading.Thread(target=self._announce_when_listening,
                             args=(family, kind, address), daemon=True).start()

        def load(*_args, **_kwargs):   # in each worker, right after fork
            _die_with(self._master)
            self._after_fork()
            return _named(self.app)

        self._master = os.getpid()
        server.serve(target_loader=load, wrap_loader=False)


    def _announce_when_listening(self, family, kind, address) -> None:
        deadline = time.monotonic() + READY_WITHIN
        while time.monotonic() < deadline:
            with socket.socket(family, kind) as probe:
                if probe.connect_ex(address) == 0:
                    self._ready(self.url)
                    return
            time.sleep(0.005)


def _die_with(master: int) -> None:
    """A worker ends when its master does, however the master ended (SIGKILL included):
    an orphan would go on answering on the port and writing to the file. Linux's
    parent-death signal; elsewhere the master's own shutdown stops its workers."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != master:   # the master died before the signal was asked for
        os._exit(1)


def _named(app):
    """Answers say which server they come from (`Server: mock-okta`): tooling such as
    scripts/run_demo.py tells the org from whatever else holds a port by it."""
    def named(environ, start_response):
        def start(status, headers, exc_info=None):
            return start_response(status, [*headers, SERVER_HEADER], exc_info)
        return app(environ, start)
    return named


def _free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
