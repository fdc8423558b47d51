"""uv.lock, the dependency set every workflow installs, matches pyproject.toml.

pyproject.toml holds the ranges; uv.lock the exact versions and their hashes. A
change of ranges without `uv lock` fails here rather than in a learner's Action,
where `uv sync --locked` would refuse the stale lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support import ROOT

LOCK = ROOT / "uv.lock"
PUBLIC_INDEX = "https://pypi.org/simple"
# Settings that would point uv at another index than the one the lock records: a
# developer's own mirror must not make the check fail, nor be written into the lock.
UV_INDEX_SETTINGS = {
    "UV_INDEX",
    "UV_INDEX_URL",
    "UV_DEFAULT_INDEX",
    "UV_EXTRA_INDEX_URL",
    "UV_FIND_LINKS",
    "UV_NO_INDEX",
}


def uv_lock_check(project: Path) -> subprocess.CompletedProcess[str]:
    """`uv lock --check` on a project directory: offline, and deaf to local index settings."""
    env = {key: value for key, value in os.environ.items() if key not in UV_INDEX_SETTINGS}
    return subprocess.run(
        [sys.executable, "-m", "uv", "lock", "--check", "--offline", "--no-config"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def uv_installed() -> None:
    pytest.importorskip("uv", reason="uv comes with the test extra: pip install -e '.[test]'")


def test_the_lock_matches_pyproject(uv_installed):
    result = uv_lock_check(ROOT)
    assert result.returncode == 0, (
        "uv.lock does not match pyproject.toml's dependencies: run `uv lock` and commit "
        "uv.lock with the change.\n" + result.stdout + result.stderr
    )


def test_a_range_changed_without_a_new_lock_fails_the_check(uv_installed, tmp_path):
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    assert uv_lock_check(tmp_path).returncode == 0

    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    assert '"PyGithub>=2.10,<3"' in text
    pyproject.write_text(text.replace('"PyGithub>=2.10,<3"', '"PyGithub>=2.9,<3"'), "utf-8")

    assert uv_lock_check(tmp_path).returncode != 0


def test_the_lock_installs_from_the_public_index_with_hashes():
    """Every package comes from PyPI itself, never from a mirror the locking machine had,
    as a wheel, and every file it may download carries a hash."""
    lock = tomllib.loads(LOCK.read_text("utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["name"]
    problems = []
    for package in lock["package"]:
        source = package["source"]
        if package["name"] == project:
            if source != {"editable": "."}:
                problems.append(f"{project}: source {source}, expected this directory")
            continue
        if source != {"registry": PUBLIC_INDEX}:
            problems.append(f"{package['name']}: source {source}, expected {PUBLIC_INDEX}")
        if not package.get("wheels"):
            # Only a source archive: installing it would build it with a build backend
            # that is not in the lock.
            problems.append(f"{package['name']}: no wheel recorded")
        files = [*package.get("wheels", []), *([package["sdist"]] if "sdist" in package else [])]
        for file in files:
            if not file.get("hash", "").startswith("sha256:"):
                problems.append(f"{package['name']}: {file.get('url')} has no sha256 hash")
            if not file.get("url", "").startswith("https://files.pythonhosted.org/"):
                problems.append(f"{package['name']}: {file.get('url')} is not on PyPI")
    assert problems == []
