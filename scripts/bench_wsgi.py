"""`make bench`'s ceiling: a WSGI app that answers every GET with a small fixed JSON,
under the server `mock-okta` runs on (granian, one worker, the mock's thread count).
Usage: bench_wsgi.py PORT THREADS"""

from __future__ import annotations

import sys

BODY = b'{"issuer":"http://127.0.0.1/oauth2/default","keys":[]}'
HEADERS = [("Content-Type", "application/json"), ("Content-Length", str(len(BODY)))]


def app(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]


if __name__ == "__main__":
    from granian.constants import Interfaces
    from granian.server import MPServer

    MPServer("bench_wsgi:app", address="127.0.0.1", port=int(sys.argv[1]),
             interface=Interfaces.WSGI, workers=1, blocking_threads=int(sys.argv[2]),
             log_enabled=False).serve(target_loader=lambda *_: app, wrap_loader=False)
