"""The kit as another project installs it (run by `make test`).

Builds the wheel, checks that it holds the kit and nothing else at the top
level (no `app`), installs it with its `pytest` extra into a fresh virtualenv,
and runs the tests of examples/outside_project, a project with its own package
named `app`, which sign users in through the kit's org with the pytest plugin.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = ROOT / "examples" / "outside_project"
OPENAPI = "mock_okta/openapi/okta-mock.yaml"  # served at /_mock/openapi.yaml


def run(*argv, cwd=None) -> None:
    print("check_install:", " ".join(str(a) for a in argv), flush=True)
    subprocess.run([str(a) for a in argv], cwd=cwd, check=True)


def top_level_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name.split("/")[0] for name in archive.namelist()
                if not name.split("/")[0].endswith(".dist-info")}


def holds(wheel: Path, name: str) -> bool:
    with zipfile.ZipFile(wheel) as archive:
        return name in archive.namelist()


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kit-install-") as tmp:
        tmp = Path(tmp)
        run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir",
            tmp / "dist", ROOT)
        wheel = next((tmp / "dist").glob("okta_flask_kit-*.whl"))
        names = top_level_names(wheel)
        if names != {"mock_okta"}:
            print(f"check_install: the wheel installs {sorted(names)}, expected only mock_okta",
                  file=sys.stderr)
            return 1
        if not holds(wheel, OPENAPI):
            print(f"check_install: the wheel has no {OPENAPI} (pyproject package-data)",
                  file=sys.stderr)
            return 1
        run(sys.executable, "-m", "venv", tmp / "venv")
        python = tmp / "venv" / "bin" / "python"
        run(python, "-m", "pip", "install", "--quiet", f"{wheel}[pytest]")
        project = tmp / "outside_project"
        shutil.copytree(OUTSIDE, project, ignore=shutil.ignore_patterns("__pycache__"))
        run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    print(f"check_install: passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as error:
        print(f"check_install: failed: {error}", file=sys.stderr)
        sys.exit(1)
