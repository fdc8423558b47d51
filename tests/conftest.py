"""Shared fixtures: the fake GitHub, an unpaced client, and running the CLI like a user."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import responses

from sync import cli
from sync.github import Pacing
from tests.fake_github import FakeGitHub
from tests.support import env_for


@pytest.fixture
def unpaced() -> list[float]:
    """The waits the tool asked for: tests run unpaced, and record them instead of sleeping."""
    return []


@pytest.fixture
def fake() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()
    # Anything not answered by the fake fails the test: nothing reaches the network.
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        fake.install(rsps)
        yield fake


@pytest.fixture
def env(fake: FakeGitHub) -> dict[str, str]:
    """The environment GitHub Actions sets, pointed at the fake."""
    return env_for(fake)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], unpaced: list[float]):
    """Run ``python -m sync ARGS`` in-process with the given environment, unpaced; ``pacing``
    overrides (e.g. a smaller creation budget) keep the recorded waits."""

    def run(*args: str, env: dict[str, str] | None = None, **pacing: Any) -> Result:
        unpaced_pacing = Pacing.unpaced(sleep=unpaced.append, **pacing)
        code = cli.main(list(args), env or {}, pacing=unpaced_pacing)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
