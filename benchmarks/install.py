"""The install row: the workflows' installer against `pip install .`, in one run.

    python benchmarks/install.py             # median of 3 timed installs of each
    python benchmarks/install.py --runs 5

Each install goes into a fresh virtual environment (created untimed) of the running Python,
from a copy of the project, with a warm cache: one untimed install of each fills a cache of
its own (in a temporary directory) first. Then the timed installs alternate, so a slow moment
of the machine or the network hits both:

- ``pip install .``, what the workflows ran before uv.lock: the venv's own pip resolves the
  ranges of pyproject.toml against PyPI, builds the package and installs it. This machine's
  pip configuration is left out (``PIP_CONFIG_FILE=/dev/null``), so both read PyPI;
- ``uv sync --locked --no-install-project``, what they run now: exactly uv.lock, every file
  checked against its hash, with the locked uv (from the test extra).

Last, ``python -m sync readme --offline`` in the uv environment: the local part of a Progress
run after the install (start-up, imports, render, write), for the README's cost estimate.
Needs the network (PyPI) for the warm-up; prints one Markdown table.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("pyproject.toml", "uv.lock", "README.md", "curriculum.yaml")
UV_COMMAND = ("sync", "--locked", "--no-install-project", "--no-config")


def uv_binary() -> str:
    from uv import find_uv_bin  # the locked uv, installed with the test extra

    return find_uv_bin()


def copy_project(to: Path) -> Path:
    to.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, to / name)
    shutil.copytree(ROOT / "sync", to / "sync", ignore=shutil.ignore_patterns("__pycache__"))
    (to / "assets").mkdir()
    return to


def pip_env(cache: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PIP_")}
    env.update(
        PIP_CONFIG_FILE=os.devnull,
        PIP_CACHE_DIR=str(cache),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
    )
    return env


def uv_env(cache: Path, venv: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("UV_")}
    env.update(UV_CACHE_DIR=str(cache), UV_PROJECT_ENVIRONMENT=str(venv))
    env.pop("VIRTUAL_ENV", None)
    return env


def run(args: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    """Seconds the command took; its output is kept out of the table, and shown if it fails."""
    started = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def fresh_pip_venv(where: Path, env: dict[str, str]) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True, env=env)
    return where / "bin" / "python"


def measure(runs: int, log: Callable[[str], None]) -> dict[str, object]:
    uv = uv_binary()
    with tempfile.TemporaryDirectory(prefix="sync-install-bench-") as tmp:
        work = Path(tmp)
        project = copy_project(work / "project")
        pip_cache, uv_cache = work / "pip-cache", work / "uv-cache"

        def pip_install(n: int) -> float:
            env = pip_env(pip_cache)
            python = fresh_pip_venv(work / f"pip-venv-{n}", env)
            # A clean tree each time, as a checkout is: no build/ or egg-info left over.
            shutil.rmtree(project / "build", ignore_errors=True)
            for info in project.glob("*.egg-info"):
                shutil.rmtree(info)
            return run([str(python), "-m", "pip", "install", "-q", "."], cwd=project, env=env)

        def uv_sync(n: int) -> float:
            venv = work / f"uv-venv-{n}"
            env = uv_env(uv_cache, venv)
            subprocess.run(
                [uv, "venv", "-q", "--python", sys.executable, str(venv)], check=True, env=env
            )
            return run([uv, *UV_COMMAND], cwd=project, env=env)

        log("warming both caches (untimed) …")
        pip_install(0)
        uv_sync(0)
        pip_times, uv_times = [], []
        for n in range(1, runs + 1):
            log(f"timed install {n} of {runs} …")
            pip_times.append(pip_install(n))
            uv_times.append(uv_sync(n))

        venv = work / f"uv-venv-{runs}"
        readme = run(
            [str(venv / "bin" / "python"), "-m", "sync", "readme", "--offline"],
            cwd=project,
            env=uv_env(uv_cache, venv),
        )
        pip_version = subprocess.run(
            [str(work / "pip-venv-1" / "bin" / "python"), "-m", "pip", "--version"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[1]
        uv_version = subprocess.run(
            [uv, "--version"], capture_output=True, text=True, check=True
        ).stdout.split()[1]
    return {
        "pip": pip_times,
        "uv": uv_times,
        "readme": readme,
        "pip_version": pip_version,
        "uv_version": uv_version,
    }


def _spread(times: list[float]) -> str:
    median = statistics.median(times)
    return f"{median:.2f} s ({min(times):.2f}–{max(times):.2f})"


def table(result: dict) -> str:
    pip_times, uv_times = result["pip"], result["uv"]
    ratio = statistics.median(pip_times) / statistics.median(uv_times)
    runs = len(pip_times)
    return "\n".join(
        [
            f"| install into a fresh virtual environment, warm cache (median of {runs}; "
            "min–max) | seconds |",
            "|---|---:|",
            f"| `pip install .` (pip {result['pip_version']}; ranges resolved on PyPI, "
            f"package built) | {_spread(pip_times)} |",
            f"| `uv {' '.join(UV_COMMAND[:3])}`, the workflows' (uv {result['uv_version']}; "
            f"uv.lock, hashes checked) | {_spread(uv_times)} |",
            f"| **ratio** | **{ratio:.0f}× faster** |",
            f"| then `python -m sync readme --offline` in that environment | "
            f"{result['readme']:.2f} s |",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="timed installs of each (default 3)")
    args = parser.parse_args(argv)
    result = measure(args.runs, lambda message: print(message, file=sys.stderr, flush=True))
    print(table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
