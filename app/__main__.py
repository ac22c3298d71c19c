"""`python -m app [--host 127.0.0.1] [--port 5000]`: serve the site with waitress."""

from __future__ import annotations

import argparse
import logging
import sys

from .config import ConfigError

SERVER_NAME = "okta-flask-site"


def _int_between(low: int, high: int):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"must be {low}-{high}, got {number}")
        return number

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    # Loopback by default: a development site should not be reachable from the network.
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=_int_between(1, 65535), default=5000,
                        help="port to bind (default 5000)")
    parser.add_argument("--threads", type=_int_between(1, 256), default=8,
                        help="waitress worker threads (default 8)")
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    from . import create_app  # after logging is set up, so start-up warnings are shown

    try:
        app = create_app()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2

    from waitress import serve

    print(f"Site on http://{args.host}:{args.port}/  (issuer {app.config['OKTA_ISSUER']})",
          flush=True)
    # The Server header names the site, so `make run` can tell it from another server.
    serve(app, host=args.host, port=args.port, threads=args.threads, ident=SERVER_NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
