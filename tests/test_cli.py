"""Bad usage is one line and exit 2, before anything is read or sent."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

GUIDE = str(ROOT / "curriculum.yaml")


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("apply", "--seconds-between-writes", "-1"), {}, "must be 0 or more"),
        (("frobnicate",), {}, "invalid choice: 'frobnicate'"),
        (("plan", "--repo", "not-a-repo"), {}, "must look like OWNER/NAME"),
        (("plan",), {"GITHUB_REPOSITORY": "a/b/c"}, "must look like OWNER/NAME"),
        (("plan", "--repo", "a/b", "--api-url", "ftp://x"), {}, "must start with https://"),
        (("apply", "--token", "ghp_SECRET"), {}, "a token is never a flag: set GITHUB_TOKEN"),
        (("apply", "--token=ghp_SECRET"), {}, "unrecognized arguments: --token"),
        (("status",), {}, "--offline"),
    ],
    ids=[
        "negative pause",
        "unknown command",
        "bad --repo",
        "bad env repo",
        "bad api url",
        "token flag",
        "token flag with =",
        "status without repository",
    ],
)
def test_bad_usage_is_one_line_and_exit_2(fake, run, args, env, message):
    result = run(*args, "--curriculum", GUIDE, env=env)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "SECRET" not in result.err
    assert fake.log == []


def test_help_exits_0(run):
    result = run("apply", "--help")
    assert result.code == 0
    assert "--prune" in result.out
