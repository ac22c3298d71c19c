"""The pure half of `make bench`: the targets (DESIGN: ratios to the fastest peer of the
same run, and one absolute bar), their evaluation, the printed tables and the JSON.
No I/O here but `write_json`; tests/scripts/test_bench_report.py pins it down."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

NOT_INSTALLED = "peers not installed: see README"
NOT_MEASURED = "peers not measured (--only)"
ALL_FAILED = "no peer could be measured"


@dataclass(frozen=True)
class Goal:
    figure: str
    label: str
    unit: str
    op: str           # "<=": lower is better; ">=": higher is better
    limit: float
    relative: bool    # True: a ratio to the fastest peer; False: an absolute bar

    @property
    def lower_is_better(self) -> bool:
        return self.op == "<="

    def describe(self) -> str:
        sign = "≤" if self.lower_is_better else "≥"
        if self.relative:
            return f"{sign} {self.limit:g}× fastest peer"
        return f"{sign} {self.limit:g} {self.unit}"


GOALS = (
    Goal("startup_ms", "start-up (spawn → discovery 200)", "ms", "<=", 1.0, True),
    Goal("login_ms", "one headless login", "ms", "<=", 1.0, True),
    Goal("logins_per_s_4_threads", "logins/s, 4 client threads", "/s", ">=", 1.2, True),
    Goal("discovery_rps", "discovery", "req/s", ">=", 0.5, True),
    Goal("jwks_rps", "JWKS", "req/s", ">=", 0.5, True),
    Goal("idle_memory_mb", "idle memory (PSS)", "MB", "<=", 60, False),
)
FIGURES = [goal.figure for goal in GOALS] + ["memory_after_load_mb"]


def fastest_peer(goal: Goal, servers: dict[str, dict]) -> tuple[str, float] | None:
    """The peer with the best value of `goal.figure` (skipping missing and failed peers)."""
    measured = [(name, figures[goal.figure]) for name, figures in servers.items()
                if isinstance(figures.get(goal.figure), int | float)]
    if not measured:
        return None
    pick = min if goal.lower_is_better else max
    return pick(measured, key=lambda item: item[1])


def meets(goal: Goal, value: float) -> bool:
    return value <= goal.limit if goal.lower_is_better else value >= goal.limit


def peers_reason(peers: dict | None) -> str | None:
    """Why ratios cannot be given, or None when at least one peer was measured."""
    if peers is None:
        return NOT_MEASURED
    if not peers.get("installed"):
        return NOT_INSTALLED
    if not any(not ({"missing", "error"} & set(f)) for f in peers["servers"].values()):
        return ALL_FAILED
    return None


def evaluate(ours: dict, peers: dict | None) -> list[dict]:
    """One row per goal: our value, the fastest peer, the ratio ours/peer and the verdict."""
    reason = peers_reason(peers)
    servers = peers["servers"] if peers and reason is None else {}
    rows = []
    for goal in GOALS:
        value = ours.get(goal.figure)
        best = fastest_peer(goal, servers)
        row = {"figure": goal.figure, "label": goal.label, "unit": goal.unit, "value": value,
               "target": goal.describe(), "relative": goal.relative,
               "fastest_peer": best[0] if best else None,
               "peer_value": best[1] if best else None, "ratio": None, "needed": None,
               "met": None}
        if value is None:
            row["verdict"] = "not measured"
        elif goal.relative and best is None:
            row["verdict"] = f"n/a ({reason or ALL_FAILED})"
        else:
            if best is not None and best[1]:
                row["ratio"] = value / best[1]
                if goal.relative:  # the value that would just meet the bar
                    row["needed"] = goal.limit * best[1]
            row["met"] = meets(goal, row["ratio"] if goal.relative else value)
            row["verdict"] = "met" if row["met"] else "MISSED"
        rows.append(row)
    return rows


# ------------------------------------------------------------------ printing


def number(value, unit: str = "") -> str:
    """A figure as printed: rates whole, milliseconds to 2 significant decimals."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if unit in ("req/s", "/s", "users/s") or abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) < 10:
        return f"{value:.2f}"
    return f"{value:.1f}"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Plain columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        first, *rest = (str(c) for c in cells)
        return "  ".join([first.ljust(widths[0]), *(c.rjust(w) for c, w in zip(rest, widths[1:],
                                                                                  strict=True))])

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def targets_table(rows: list[dict], baselines: dict) -> str:
    ceiling = baselines.get("trivial_wsgi", {}).get("discovery_rps")
    floor = baselines.get("rs256_sign_ms")
    out = []
    for row in rows:
        ratio = f"{row['ratio']:.2f}×" if row["ratio"] is not None else (
            row["verdict"] if row["verdict"].startswith("n/a") else "-")
        peer = (f"{number(row['peer_value'], row['unit'])} {row['fastest_peer']}"
                if row["fastest_peer"] else "-")
        other = "-"
        if row["figure"] in ("discovery_rps", "jwks_rps") and ceiling and row["value"]:
            other = f"trivial WSGI {number(ceiling, 'req/s')} (ours {row['value'] / ceiling:.2f}×)"
            if row["needed"] and row["needed"] > ceiling:
                other += f"; bar needs {number(row['needed'], 'req/s')}, above this ceiling"
        elif row["figure"] == "login_ms" and floor and row["value"]:
            other = f"RS256 sign {floor:.3f} ms (login {row['value'] / floor:.0f}×)"
        verdict = "n/a" if row["verdict"].startswith("n/a") else row["verdict"]
        out.append([row["label"], f"{number(row['value'], row['unit'])} {row['unit']}", row["target"],
                    peer, ratio, verdict, other])
    return table(["figure", "ours", "target", "fastest peer (same run)", "ratio", "verdict",
                  "other baseline (same run)"], out)


def servers_table(ours: dict, peers: dict | None, trivial: dict | None,
                  workers: dict | None = None) -> str:
    """Every server of the run side by side, one figure a row."""
    columns = [("mock_okta (ours)", ours)]
    if workers:
        columns.append(("ours, --workers 2", workers))
    if peers:
        columns += [(name, figures) for name, figures in peers["servers"].items()]
    if trivial:
        columns.append(("trivial WSGI", trivial))
    rows = []
    for figure in FIGURES:
        cells = [figure]
        for _, figures in columns:
            if "missing" in figures:
                cells.append("not installed")
            elif "error" in figures:
                cells.append("error")
            else:
                cells.append(number(figures.get(figure)))
        rows.append(cells)
    return table(["figure", *(name for name, _ in columns)], rows)


def key_value_table(title: str, values: dict, units: dict | None = None) -> str:
    units = units or {}
    rows = [[name, number(value, units.get(name, "")), units.get(name, "")]
            for name, value in values.items() if not isinstance(value, dict | list)]
    return title + "\n" + table(["figure", "value", "unit"], rows)


# ------------------------------------------------------------------ JSON


def results_document(*, options: dict, environment: dict, sections: dict) -> dict:
    """The JSON written by `make bench`: what ran, where, and each section's figures.
    `targets` is present when the core section ran."""
    doc = {"schema": 1, "options": options, "environment": environment}
    doc.update({name: value for name, value in sections.items() if value is not None})
    core = sections.get("core")
    if core is not None:
        doc["targets"] = evaluate(core["ours"], sections.get("peers"))
        workers = core.get("workers_2")
        if workers and "error" not in workers:
            doc["targets_workers_2"] = evaluate(workers, sections.get("peers"))
        reason = peers_reason(sections.get("peers"))
        doc["peers_status"] = reason or "measured"
    return doc


def write_json(path: Path, document: dict) -> None:
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n")
