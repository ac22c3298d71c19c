"""Serve an app on a background thread, in this process: the org the pytest plugin and
mock_okta.testing start (`mock-okta` itself serves through serving/prefork.py)."""

from __future__ import annotations

import threading

from waitress.server import create_server


class LiveServer:
    """A waitress server on 127.0.0.1; `url` is known once it is bound."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 0, threads: int = 8):
        # The socket map create_server takes: the listening socket, its trigger and
        # every open connection, so stop() can close them all.
        self._sockets: dict = {}
        self._server = create_server(app, map=self._sockets, host=host, port=port, threads=threads,
                                     ident="mock-okta", clear_untrusted_proxy_headers=True)
        self.host = host
        self.port = int(self._server.effective_port)
        self.url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.run, name=f"live-{self.port}",
                                        daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection from the server's own loop, so `run()` returns."""
        server, sockets = self._server, self._sockets

        def close_all():
            for dispatcher in list(sockets.values()):
                dispatcher.close()

        try:
            server.trigger.pull_trigger(close_all)
        except OSError:
            # The loop, already awake (a worker had pulled the trigger), ran close_all
            # between queueing it and the wake-up write, and closed the trigger.
            pass
        self._thread.join(timeout=5)
        server.task_dispatcher.shutdown(timeout=5)

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def run_in_thread(app, host: str = "127.0.0.1", port: int = 0) -> LiveServer:
    return LiveServer(app, host, port).start()
