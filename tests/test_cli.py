"""Bad usage is one line and exit 2, before anything is read or sent."""

from __future__ import annotations

import pytest

from tests.support import GUIDE


@pytest.mark.parametrize(
    ("args", "env", "message"),
    [
        (("apply", "--seconds-between-writes", "-1"), {}, "must be 0 or more"),
        (("ghp_SECRET",), {}, "invalid choice (choose from"),
        (("apply", "--seconds-between-writes", "ghp_SECRET"), {}, "not a number"),
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
        "pause not a number",
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


@pytest.mark.parametrize("ends", [("", "\r"), (" ", "\n"), ("", "\r\n")])
def test_a_token_with_line_ends_works(fake, run, ends):
    """As pasted from a CRLF file: requests would refuse it and echo it in the error."""
    before, after = ends
    env = {"GITHUB_REPOSITORY": fake.full_name, "GITHUB_TOKEN": before + fake.token + after}
    result = run("plan", "--curriculum", GUIDE, "--debug", env=env)
    assert result.code == 0, result.err


def test_a_token_with_spaces_inside_is_refused_without_echo(fake, run):
    env = {"GITHUB_REPOSITORY": fake.full_name, "GITHUB_TOKEN": "ghp_S3CRET and more"}
    result = run("apply", "--curriculum", GUIDE, "--debug", env=env)
    assert result.code == 2
    assert "S3CRET" not in result.out + result.err
    assert fake.log == []
