"""`mock-okta` / `python -m mock_okta`: serve the org over HTTP with granian's
pre-fork master and `--workers N` worker processes (serving/prefork.py), or, with
`--https`, from one process through werkzeug's threaded server over TLS (tls.py).

`mock-okta export FILE` writes a running org's state to FILE (GET /_mock/export);
`--import FILE` starts an org from such a file, `--export-on-exit FILE` writes one
when the server stops (Ctrl-C or SIGTERM)."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from mock_okta.config import DEFAULT_DB_PATH, Settings, from_env


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="mock-okta",
                                     description="A local Okta org for development and tests.")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default: loopback only)")
    parser.add_argument("--port", type=int, default=8080, help="port; 0 picks a free one (default: 8080)")
    parser.add_argument("--db", default=os.environ.get("MOCK_OKTA_DB", DEFAULT_DB_PATH),
                        help="SQLite file, or :memory: (default: %(default)s)")
    parser.add_argument("--no-demo-user", action="store_true", help="do not seed the demo user")
    parser.add_argument("--no-controls", action="store_true",
                        help="turn off the kit's control API under /_mock/ (reset, ...)")
    parser.add_argument("--threads", type=int, default=8,
                        help="threads per worker process (default: 8)")
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes, forked once the org is seeded; above 1 they "
                             "share the database file (HTTP only; default: 1)")
    parser.add_argument("--config", metavar="PATH", default=None,
                        help="JSON file with apps and authorization servers "
                             "(default: $MOCK_OKTA_CONFIG; format: mock_okta/config_file.py)")
    parser.add_argument("--https", action="store_true",
                        help="serve TLS with a local certificate kept beside the database")
    parser.add_argument("--import", dest="import_path", metavar="FILE", default=None,
                        help="start a new org from an export file (`mock-okta export`); "
                             "the database is :memory: unless --db or MOCK_OKTA_DB names one")
    parser.add_argument("--export-on-exit", metavar="FILE", default=None,
                        help="write the org's state to FILE when the server stops")
    args = parser.parse_args(argv)
    given = sys.argv[1:] if argv is None else argv
    args.shared_memory = None   # --workers N with :memory: (see _shared_memory_file)
    args.db_given = bool(os.environ.get("MOCK_OKTA_DB")) or any(
        arg == "--db" or arg.startswith("--db=") for arg in given)
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be between 0 and 65535, got {args.port}")
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    if args.workers < 1:
        parser.error(f"--workers must be at least 1, got {args.workers}")
    if args.workers > 1 and args.https:
        parser.error("--https serves from one process: use --workers 1 with it "
                     "(several workers serve plain HTTP only)")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["export"]:
        from mock_okta.serving.export_command import export_command

        return export_command(argv[1:])
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    # Authlib refuses plain http for non-loopback hosts unless told; this
    # process is a development IdP, so a compose service name must work too.
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")
    try:
        overrides = {"db_path": args.db}
        if args.no_demo_user:
            overrides["demo_user"] = None
        if args.no_controls:
            overrides["controls"] = False
        if args.config:
            overrides["config_path"] = args.config
        if args.import_path:
            overrides["import_path"] = args.import_path
            if not args.db_given:   # the file is the state (as Firebase's emulator's --import)
                overrides["db_path"] = ":memory:"
        if not args.https:   # served by forked workers (serving/prefork.py)
            overrides["workers"], overrides["forked"] = args.workers, True
            if overrides["db_path"] == ":memory:":   # a memory database does not cross fork
                overrides["db_path"] = args.shared_memory = _shared_memory_file()
        settings = from_env(**overrides)
        from mock_okta import create_app

        app = create_app(settings)  # seeding the configuration file's users may refuse one
    except ValueError as error:
        print(f"mock-okta: {error}", file=sys.stderr)
        return 2

    if args.https:
        return _serve_https(args, settings, app)
    return _serve_prefork(args, settings, app)


def _serve_https(args: argparse.Namespace, settings: Settings, app) -> int:
    """TLS through werkzeug's threaded server, in this process (see tls.py)."""
    from pathlib import Path
    from urllib.parse import urlsplit

    from mock_okta.serving.tls import TlsServer, ensure_certificate

    db = settings.db_path if settings.db_path != ":memory:" else DEFAULT_DB_PATH
    hosts = [args.host if args.host not in ("0.0.0.0", "::", "") else "",
             urlsplit(settings.org_url or "").hostname or ""]
    try:
        files = ensure_certificate(Path(db).parent / "tls", hosts)
    except OSError as error:
        print(f"mock-okta: cannot write the TLS certificate: {error}", file=sys.stderr)
        return 2
    server = TlsServer(app, files, host=args.host, port=args.port)
    print(f"mock-okta: serving {server.url} (issuer {settings.org_url or server.url}/oauth2/default, "
          f"db {settings.db_path})", flush=True)
    ca = files.ca.resolve()
    # Each client reads its own variable: requests ignores SSL_CERT_FILE, ssl ignores
    # REQUESTS_CA_BUNDLE, and Node reads neither.
    print(f"mock-okta: TLS certificate authority {ca} (trust it: REQUESTS_CA_BUNDLE={ca} for "
          f"requests and the example site; SSL_CERT_FILE={ca} for Python's ssl, urllib and "
          f"aiohttp, which Okta's Python SDK uses; NODE_EXTRA_CA_CERTS={ca} for Node)",
          flush=True)
    _stop_on_sigterm()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return _export_on_exit(args, app, server.url)


def _shared_memory_file() -> str:
    """`--db :memory:` served by forked workers: a file in a temporary directory,
    removed when the master exits (atexit: whichever way it stops)."""
    import atexit
    import shutil
    import tempfile

    folder, master = tempfile.mkdtemp(prefix="mock-okta-"), os.getpid()

    def remove() -> None:
        if os.getpid() == master:   # a worker exits through here too, while others serve
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    return os.path.join(folder, "memory.sqlite3")


def _serve_prefork(args: argparse.Namespace, settings: Settings, app) -> int:
    """granian's master (serving/prefork.py): it handles SIGTERM and Ctrl-C itself,
    stopping its workers; the export, if asked for, is written after."""
    from mock_okta.serving.prefork import PreforkServer

    org = app.extensions["mock_okta"]
    served = {}
    where = (f"db :memory:, as a temporary file {settings.db_path} removed at exit"
             if args.shared_memory else f"db {settings.db_path}")
    workers = f", {args.workers} workers" if args.workers > 1 else ""

    def ready(url: str) -> None:
        served["url"] = url
        print(f"mock-okta: serving {url} (issuer {settings.org_url or url}/oauth2/default, "
              f"{where}{workers})", flush=True)

    server = PreforkServer(app, host=args.host, port=args.port, workers=args.workers,
                           threads=args.threads, ready=ready,
                           before_fork=org.store.close_for_fork, after_fork=org.after_fork)
    try:
        server.run()
    except Exception as error:   # granian could not listen: the port is taken, ...
        print(f"mock-okta: cannot serve on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    if "url" not in served:
        return 1
    if not args.export_on_exit:
        return 0
    org.store.reopen()   # the master closed its connection before forking
    return _export_on_exit(args, app, served["url"])


def _stop_on_sigterm() -> None:
    """SIGTERM (docker stop, a CI runner) stops the server as Ctrl-C does, so that
    --export-on-exit still runs."""
    import signal

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def _export_on_exit(args: argparse.Namespace, app, url: str) -> int:
    if not args.export_on_exit:
        return 0
    from mock_okta.org.state_export import export_state
    from mock_okta.serving.export_command import write_export

    try:
        write_export(args.export_on_exit, export_state(app.extensions["mock_okta"], url))
    except OSError as error:
        print(f"mock-okta: cannot write {args.export_on_exit}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"mock-okta: exported the org to {args.export_on_exit}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
