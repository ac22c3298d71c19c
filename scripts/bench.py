"""`make bench`: this project's mock measured beside its same-run baselines.

Sections (all by default; `--only core,peers,...` picks some):
  core     our `python -m mock_okta`: start-up, idle memory, discovery/JWKS req/s, one
           headless login (authn -> authorize -> token) and logins/s with 4 client threads;
           with the trivial-WSGI ceiling and the raw RS256 signature floor
  peers    the same figures for the other local OIDC mocks (bench_peers.py), the
           baselines the targets are ratios to
  users    the Users API holding --users users (bench_users.py)
  kit      what the pytest plugin costs a test suite (bench_kit.py)
  browser  the whole Chromium journey through the example site (bench_browser.py)
Prints every figure beside its target and baselines, and writes --json.
Loopback only; counts and times are bounded; every server started is stopped.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_peers  # noqa: E402
import bench_report as report  # noqa: E402  (beside this script)
import bench_targets as targets  # noqa: E402
from bench_http import load_tool  # noqa: E402

SECTIONS = ("core", "peers", "users", "kit", "browser")
KIT_RESET_GOAL = report.Goal("reset_ms_300_users", "kit reset, 300 users", "ms", "<=", 5, False)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n", 2)[2])
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help="comma-separated sections to run (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="smaller counts and shorter load runs (a few figures move more)")
    parser.add_argument("--peers", type=Path, default=bench_peers.DEFAULT_DIR, metavar="DIR",
                        help="where the peers are installed (default: %(default)s)")
    parser.add_argument("--users", type=int, default=None, metavar="N",
                        help="users in the Users API section (default 100000; 5000 with --quick)")
    parser.add_argument("--browser-runs", type=int, default=None, metavar="N",
                        help="browser journeys, median reported (default 5; 2 with --quick)")
    parser.add_argument("--json", type=Path, default=targets.ROOT / "bench-results.json", metavar="PATH",
                        help="where to write the results (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    args.sections = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = sorted(set(args.sections) - set(SECTIONS))
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    if args.users is None:
        args.users = 5000 if args.quick else 100_000
    if args.browser_runs is None:
        args.browser_runs = 2 if args.quick else 5
    if args.users < 1 or args.browser_runs < 1:
        parser.error("--users and --browser-runs must be at least 1")
    return args


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def environment() -> dict:
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=targets.ROOT,
                                capture_output=True, text=True, check=False).stdout.strip() or None
    except OSError:
        commit = None
    return {"when": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit,
            "python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "load_tool": load_tool(), "server_threads": targets.server_threads(),
            "login_client": "python http.client, one keep-alive connection per thread",
            "load_average_1m": os.getloadavg()[0]}


def run_servers(args: argparse.Namespace, counts: targets.Counts) -> tuple[dict | None, dict | None]:
    """The core and peers sections, measured together in interleaved rounds."""
    pool: list[targets.Target] = []
    if "core" in args.sections:
        pool += [targets.Ours(), targets.OursWorkers(), targets.TrivialWsgi()]
    installed, missing = bench_peers.split_installed(args.peers)
    if "peers" in args.sections:
        pool += installed
        progress(f"== peers from {args.peers}: {len(installed)} installed, {len(missing)} missing")
    progress("== servers: " + ", ".join(t.name for t in pool))
    measured = targets.measure_all(pool, counts, log=progress) if pool else {}
    core = peers = None
    if "core" in args.sections:
        ours = measured[targets.Ours.name]
        if "error" in ours:
            raise SystemExit(f"bench: our mock could not be measured: {ours['error']}")
        core = {"ours": ours, "workers_2": measured[targets.OursWorkers.name], "baselines": {
            "trivial_wsgi": measured[targets.TrivialWsgi.name],
            "rs256_sign_ms": targets.rs256_sign_ms(counts.signatures),
            "rs256_signatures": counts.signatures}}
    if "peers" in args.sections:
        peer_figures = {p.name: measured[p.name] for p in installed}
        peers = bench_peers.peers_result(args.peers, peer_figures, missing)
    return core, peers


def run_kit(quick: bool) -> dict:
    import bench_kit

    progress("== kit: pytest plugin session start, reset, login ...")
    runs = 10 if quick else 50
    reset_ms, login_ms = bench_kit.reset_and_login_ms(runs=runs)
    result = {"session_start_ms": bench_kit.session_start_ms(runs=2 if quick else 5),
              "reset_ms_300_users": reset_ms, "login_ms": login_ms, "runs": runs}
    result["reset_target"] = KIT_RESET_GOAL.describe()
    result["reset_met"] = report.meets(KIT_RESET_GOAL, reset_ms)
    return result


def run_sections(args: argparse.Namespace) -> dict:
    counts = targets.QUICK if args.quick else targets.Counts()
    sections: dict = {name: None for name in SECTIONS}
    if {"core", "peers"} & set(args.sections):
        sections["core"], sections["peers"] = run_servers(args, counts)
    if "kit" in args.sections:
        sections["kit"] = run_kit(args.quick)
    if "browser" in args.sections:
        import bench_browser

        progress("== browser: home -> sign in -> dashboard -> log out ...")
        sections["browser"] = bench_browser.run_browser(args.browser_runs, log=progress)
    if "users" in args.sections:
        import bench_users

        progress(f"== users: Users API with {args.users:,} users ...")
        sections["users"] = bench_users.run_users(args.users, samples=50 if args.quick else 200,
                                                  log=progress)
    return sections


def render(doc: dict) -> str:
    """Everything `make bench` prints after the run, from its JSON document."""
    env = doc["environment"]
    out = [f"mock_okta benchmark  {env['when']}  commit {env['commit']}  {env['cpus']} CPUs  "
           f"Python {env['python']}  load average {env['load_average_1m']:.1f} (others' work "
           f"on the machine moves absolute figures; servers are measured in interleaved rounds)",
           f"load: {env['load_tool']} for discovery/JWKS; logins: {env['login_client']}; "
           f"servers: granian, {env['server_threads']} threads per worker"]
    if "core" in doc:
        peers = doc.get("peers")
        out += ["", "Targets (ratio = ours / fastest peer of this run)",
                report.targets_table(doc["targets"], doc["core"]["baselines"])]
        if doc["peers_status"] != "measured":
            out.append(f"ratios n/a: {doc['peers_status']}")
            if peers and peers.get("note"):
                out.append(peers["note"])
        if doc.get("targets_workers_2"):
            out += ["", "The same targets with both cores (mock-okta --workers 2)",
                    report.targets_table(doc["targets_workers_2"], doc["core"]["baselines"])]
        out += ["", "Same-run baselines, every server",
                report.servers_table(doc["core"]["ours"], peers, doc["core"]["baselines"]["trivial_wsgi"],
                                     workers=doc["core"].get("workers_2")),
                f"raw RS256 signature (cryptography, RSA-2048): "
                f"{doc['core']['baselines']['rs256_sign_ms']:.3f} ms median of "
                f"{doc['core']['baselines']['rs256_signatures']}"]
    elif "peers" in doc:
        out += ["", "Peers (core not run: no targets)", report.servers_table({}, doc["peers"], None)]
    if "kit" in doc:
        kit = doc["kit"]
        out += ["", "Kit (pytest plugin)", report.table(["figure", "value", "target"], [
            ["session start (fresh interpreter)", f"{report.number(kit['session_start_ms'])} ms", "-"],
            ["reset, 300 users", f"{report.number(kit['reset_ms_300_users'])} ms",
             f"{kit['reset_target']} ({'met' if kit['reset_met'] else 'MISSED'})"],
            ["browserless login (plugin helper)", f"{report.number(kit['login_ms'])} ms", "-"]])]
    if "browser" in doc:
        out += ["", "Browser journey (Chromium: home -> sign in -> dashboard -> log out)"]
        browser = doc["browser"]
        if "skipped" in browser:
            out.append(f"skipped: {browser['skipped']}")
        else:
            rows = [[f"journey, median of {browser['runs']}", f"{browser['journey_median_ms']:.0f} ms"],
                    ["journey, first run", f"{browser['journey_first_ms']:.0f} ms"],
                    *([f"  step: {name}", f"{ms:.0f} ms"]
                      for name, ms in browser["median_run_steps_ms"].items()),
                    ["mock + site start (both answering)", f"{browser['servers_start_ms']:.0f} ms"],
                    ["Chromium launch", f"{browser['browser_launch_ms']:.0f} ms"]]
            out.append(report.table(["figure", "value"], rows))
    if "users" in doc:
        import bench_users

        users = doc["users"]
        out += ["", f"Users API with {users['users']:,} users ({users['create']['how']})",
                report.table(["request", "p50 ms", "p99 ms", "notes"], bench_users.rows(users))]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    began, load_at_start = time.perf_counter(), os.getloadavg()[0]
    sections = run_sections(args)
    options = {"sections": args.sections, "quick": args.quick, "peers_dir": str(args.peers),
               "users": args.users if "users" in args.sections else None,
               "browser_runs": args.browser_runs if "browser" in args.sections else None}
    env = environment()
    env["load_average_1m_at_start"] = load_at_start
    doc = report.results_document(options=options, environment=env, sections=sections)
    doc["seconds"] = time.perf_counter() - began
    report.write_json(args.json, doc)
    print(render(doc))
    print(f"\nwrote {args.json} ({doc['seconds']:.0f} s in all)")
    missed = [row["figure"] for row in doc.get("targets", []) if row["met"] is False]
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
