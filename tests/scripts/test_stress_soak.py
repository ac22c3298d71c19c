"""The soak's verdict: memory that keeps growing after warm-up fails the run; memory
that rises while caches fill and then holds does not."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import stress_soak  # noqa: E402


def test_flat_after_warm_up_passes():
    samples = [40, 55, 60, 61, 61, 60, 61, 62, 61]
    assert stress_soak.grew(samples, allow_mb=8) == (False, 60, 62)


def test_steady_growth_fails():
    samples = [40 + 5 * n for n in range(12)]
    grew, early, late = stress_soak.grew(samples, allow_mb=8)
    assert grew and (early, late) == (55, 95)


def test_growth_within_the_allowance_passes():
    assert not stress_soak.grew([50, 50, 50, 57, 57, 57], allow_mb=8)[0]


def test_one_sample_compares_with_itself():
    assert stress_soak.grew([50.0], allow_mb=0) == (False, 50.0, 50.0)


@pytest.mark.parametrize("argv", [["--minutes", "0"], ["--minutes", "61"], ["--threads", "0"]])
def test_unbounded_runs_are_refused(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        stress_soak.main(argv)
    assert exited.value.code == 2
    assert "--minutes must be in (0, 60]" in capsys.readouterr().err
