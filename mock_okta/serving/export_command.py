"""`mock-okta export FILE`: a running org's state, from its control API, to a file.

The file is what `mock-okta --import FILE` starts from (org/state_export.py has the
format): commit it beside a project's tests and every run starts from the same org.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

DEFAULT_URL = "http://127.0.0.1:8080"


def write_export(path: str, document: dict) -> None:
    """Atomically: a reader (or a crash) never sees half a file."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(document, out, indent=2, ensure_ascii=False)
            out.write("\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def export_command(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="mock-okta export",
                                     description="Write a running org's state to FILE.")
    parser.add_argument("file", metavar="FILE", help="where to write the export (JSON)")
    parser.add_argument("--url", default=os.environ.get("MOCK_OKTA_URL", DEFAULT_URL),
                        help="the running org (default: $MOCK_OKTA_URL or %(default)s)")
    parser.add_argument("--api-token", default=os.environ.get("MOCK_OKTA_API_TOKEN"),
                        help="needed when the org is not on this machine's loopback")
    args = parser.parse_args(argv)
    request = urllib.request.Request(f"{args.url.rstrip('/')}/_mock/export",
                                     headers={"Accept": "application/json"})
    if args.api_token:
        request.add_header("Authorization", f"SSWS {args.api_token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            document = json.load(response)
    except urllib.error.HTTPError as error:
        print(f"mock-okta export: {args.url} answered {error.code} ({error.reason}); is it a "
              "mock-okta with its controls on?", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        print(f"mock-okta export: cannot read {args.url}/_mock/export ({reason})", file=sys.stderr)
        return 1
    try:
        write_export(args.file, document)
    except OSError as error:
        print(f"mock-okta export: cannot write {args.file}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"mock-okta export: wrote {len(document.get('users', []))} users, "
          f"{len(document.get('groups', []))} groups and {len(document.get('apps', []))} apps "
          f"to {args.file}")
    return 0
