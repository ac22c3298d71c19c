"""`make bench`'s pure parts (scripts/bench_report.py and friends): targets as ratios to
the fastest peer, verdicts, the printed tables, the JSON document and the path where
no peer is installed. No timing here: the figures are made up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))

import bench  # noqa: E402
import bench_browser  # noqa: E402
import bench_http  # noqa: E402
import bench_peers  # noqa: E402
import bench_report as report  # noqa: E402
import bench_users  # noqa: E402

OURS = {"startup_ms": 200.0, "login_ms": 3.0, "logins_per_s_4_threads": 600.0,
        "discovery_rps": 6000.0, "jwks_rps": 4000.0, "idle_memory_mb": 50.0, "memory_after_load_mb": 55.0}
FAST = {"startup_ms": 400.0, "login_ms": 2.0, "logins_per_s_4_threads": 500.0,
        "discovery_rps": 10000.0, "jwks_rps": 9000.0, "idle_memory_mb": 55.0, "memory_after_load_mb": 60.0}
SLOW = {"startup_ms": 300.0, "login_ms": 40.0, "logins_per_s_4_threads": 25.0,
        "discovery_rps": 1700.0, "jwks_rps": 20000.0, "idle_memory_mb": 60.0, "memory_after_load_mb": 62.0}


def peers(**servers) -> dict:
    return {"dir": "/peers", "installed": True, "note": None, "servers": servers}


def rows_by_figure(rows):
    return {row["figure"]: row for row in rows}


def test_each_design_target_is_evaluated_against_the_fastest_peer_of_its_figure():
    rows = rows_by_figure(report.evaluate(OURS, peers(fast=FAST, slow=SLOW)))
    assert list(rows) == ["startup_ms", "login_ms", "logins_per_s_4_threads", "discovery_rps",
                          "jwks_rps", "idle_memory_mb"]
    # lower is better: the smallest peer value; higher is better: the largest
    assert (rows["startup_ms"]["fastest_peer"], rows["startup_ms"]["peer_value"]) == ("slow", 300.0)
    assert (rows["jwks_rps"]["fastest_peer"], rows["jwks_rps"]["peer_value"]) == ("slow", 20000.0)
    assert rows["startup_ms"]["ratio"] == pytest.approx(200 / 300)
    assert rows["login_ms"]["ratio"] == pytest.approx(1.5)
    assert rows["discovery_rps"]["needed"] == pytest.approx(5000.0)  # 0.5 x 10,000
    verdicts = {figure: row["verdict"] for figure, row in rows.items()}
    assert verdicts == {"startup_ms": "met", "login_ms": "MISSED", "logins_per_s_4_threads": "met",
                        "discovery_rps": "met", "jwks_rps": "MISSED", "idle_memory_mb": "met"}


@pytest.mark.parametrize("figure, ours, verdict", [
    ("login_ms", 2.0, "met"),                    # exactly 1.0x is within <= 1.0x
    ("login_ms", 2.02, "MISSED"),
    ("logins_per_s_4_threads", 600.0, "met"),    # exactly 1.2x
    ("logins_per_s_4_threads", 599.0, "MISSED"),
    ("discovery_rps", 5000.0, "met"),            # exactly 0.5x
    ("discovery_rps", 4999.0, "MISSED"),
    ("idle_memory_mb", 60.0, "met"),                # absolute, whatever the peers use
    ("idle_memory_mb", 60.5, "MISSED"),
])
def test_the_bars_are_inclusive(figure, ours, verdict):
    row = rows_by_figure(report.evaluate({**OURS, figure: ours}, peers(fast=FAST)))[figure]
    assert row["verdict"] == verdict
    assert row["met"] is (verdict == "met")


def test_the_targets_read_as_design_states_them():
    described = {goal.figure: goal.describe() for goal in report.GOALS}
    assert described == {"startup_ms": "≤ 1× fastest peer", "login_ms": "≤ 1× fastest peer",
                         "logins_per_s_4_threads": "≥ 1.2× fastest peer",
                         "discovery_rps": "≥ 0.5× fastest peer", "jwks_rps": "≥ 0.5× fastest peer",
                         "idle_memory_mb": "≤ 60 MB"}


def test_missing_and_failed_peers_are_never_the_fastest():
    servers = {"gone": {"missing": "/x"}, "broken": {"error": "boom"}, "slow": SLOW}
    rows = rows_by_figure(report.evaluate(OURS, peers(**servers)))
    assert {row["fastest_peer"] for row in rows.values()} == {"slow"}


@pytest.mark.parametrize("peers_result, reason", [
    (None, report.NOT_MEASURED),
    ({"dir": "/p", "installed": False, "note": "install", "servers": {"a": {"missing": "/p/a"}}},
     report.NOT_INSTALLED),
    ({"dir": "/p", "installed": True, "note": None, "servers": {"a": {"error": "boom"}}},
     report.ALL_FAILED),
])
def test_without_a_measured_peer_the_ratios_are_na_and_absolute_figures_remain(peers_result, reason):
    rows = rows_by_figure(report.evaluate(OURS, peers_result))
    for figure, row in rows.items():
        assert row["value"] == OURS[figure]
        assert row["ratio"] is None
    assert rows["login_ms"]["verdict"] == f"n/a ({reason})"
    assert rows["idle_memory_mb"]["verdict"] == "met"  # the absolute bar needs no peer


def test_the_peers_missing_ratio_column_points_at_the_readme():
    missing = bench_peers.run_peers(Path("/nonexistent-peers"), counts=None)
    rows = report.evaluate(OURS, missing)
    printed = report.targets_table(rows, {"trivial_wsgi": {"discovery_rps": 8000.0},
                                          "rs256_sign_ms": 0.5})
    assert printed.count("n/a (peers not installed: see README)") == 5
    assert "≤ 60 MB" in printed and "met" in printed


def test_run_peers_reports_each_missing_peer_and_how_to_install(tmp_path):
    result = bench_peers.run_peers(tmp_path, counts=None)  # nothing is started
    assert result["installed"] is False
    assert set(result["servers"]) == {cls.name for cls in bench_peers.PEER_CLASSES}
    assert all(set(figures) == {"missing"} for figures in result["servers"].values())
    assert f"make bench-peers PEERS={tmp_path}" in result["note"]


def test_table_columns_line_up():
    printed = report.table(["name", "value"], [["a", "1"], ["longer name", "12,345"]])
    lines = printed.splitlines()
    assert lines[0].startswith("name") and set(lines[1]) == {"-", " "}
    assert len({len(line) for line in lines}) == 1  # right-aligned values: equal widths
    assert lines[3].endswith("12,345") and lines[2].endswith("1")


@pytest.mark.parametrize("value, unit, printed", [
    (None, "ms", "-"), (2.345, "ms", "2.35"), (45.67, "ms", "45.7"), (1234.5, "ms", "1,234"),
    (7.9, "req/s", "8"), (5707.61, "req/s", "5,708"),
])
def test_numbers(value, unit, printed):
    assert report.number(value, unit) == printed


def test_percentile_is_nearest_rank():
    samples = [float(n) for n in range(1, 201)]
    assert bench_http.percentile(samples, 99) == 198.0
    assert bench_http.percentile(samples, 50) == 100.0
    assert bench_http.percentile([5.0], 99) == 5.0


def test_next_link_follows_rel_next_only():
    class Headers:
        def __init__(self, values):
            self.values = values

        def get_all(self, name):
            return self.values

    self_only = Headers(['<http://o/api/v1/users?limit=200>; rel="self"'])
    both = Headers(['<http://o/api/v1/users?limit=200>; rel="self"',
                    '<http://o/api/v1/users?after=00u1&limit=200>; rel="next"'])
    assert bench_users.next_link(self_only) is None
    assert bench_users.next_link(both) == "http://o/api/v1/users?after=00u1&limit=200"


def test_browser_steps_are_differences_of_marks():
    assert bench_browser.steps({"home": 100.0, "sign_in": 250.0, "done": 300.0}) == {
        "home": 100.0, "sign_in": 150.0, "done": 50.0}


def test_options():
    assert bench.parse_args([]).sections == list(bench.SECTIONS)
    quick = bench.parse_args(["--quick", "--only", "core, users"])
    assert (quick.sections, quick.users, quick.browser_runs) == (["core", "users"], 5000, 2)
    assert bench.parse_args([]).users == 100_000
    with pytest.raises(SystemExit):
        bench.parse_args(["--only", "core,nonsense"])


def document(peers_result):
    core = {"ours": OURS, "baselines": {"trivial_wsgi": {"startup_ms": 40.0, "discovery_rps": 8000.0},
                                        "rs256_sign_ms": 0.3, "rs256_signatures": 10}}
    env = {"when": "now", "commit": "abc", "python": "3.11", "platform": "linux", "cpus": 2,
           "load_tool": "wrk -t1 -c8", "server_threads": 8, "login_client": "http.client",
           "load_average_1m": 1.5}
    return report.results_document(options={"sections": ["core", "peers"]}, environment=env,
                                   sections={"core": core, "peers": peers_result, "users": None})


def test_the_json_document_holds_the_run_its_sections_and_the_targets():
    doc = json.loads(json.dumps(document(peers(fast=FAST))))
    assert {"schema", "options", "environment", "core", "peers", "targets", "peers_status"} <= set(doc)
    assert "users" not in doc  # a section that did not run is absent, not null
    assert doc["peers_status"] == "measured"
    assert [row["figure"] for row in doc["targets"]] == [goal.figure for goal in report.GOALS]
    assert set(doc["targets"][0]) >= {"value", "target", "fastest_peer", "peer_value", "ratio",
                                      "verdict", "met"}


def test_a_bar_above_the_trivial_wsgi_ceiling_is_called_out():
    rows = report.evaluate(OURS, peers(fast=FAST))  # discovery needs 5,000; JWKS 4,500
    printed = report.targets_table(rows, {"trivial_wsgi": {"discovery_rps": 4800.0}})
    jwks, discovery = (next(line for line in printed.splitlines() if line.startswith(name))
                       for name in ("JWKS", "discovery"))
    assert "bar needs 5,000, above this ceiling" in discovery
    assert "above this ceiling" not in jwks


def test_the_printed_report_shows_targets_and_every_baseline():
    printed = bench.render(document(peers(fast=FAST, slow=SLOW)))
    for goal in report.GOALS:
        assert goal.describe() in printed
    assert "trivial WSGI" in printed and "RS256" in printed
    assert "fast" in printed and "slow" in printed


def test_without_peers_the_report_says_so_and_how_to_install(tmp_path):
    printed = bench.render(document(bench_peers.run_peers(tmp_path, counts=None)))
    assert "ratios n/a: peers not installed: see README" in printed
    assert f"make bench-peers PEERS={tmp_path}" in printed
    assert "not installed" in printed  # the every-server table


def test_bench_with_no_peers_installed_still_writes_its_json(tmp_path):
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, str(SCRIPTS / "bench.py"), "--only", "peers",
                          "--peers", str(tmp_path / "none"), "--json", str(out)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    doc = json.loads(out.read_text())
    assert doc["peers"]["installed"] is False and "targets" not in doc
    assert "not installed" in run.stdout and str(out) in run.stdout
