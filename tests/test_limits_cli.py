"""GitHub's limits stop validate and apply at the curriculum's line, before any request."""

import pytest

from tests.test_limits import CURRICULUM


@pytest.mark.parametrize(
    ("fields", "line", "words"),
    [
        (
            {"number": 1, "title": "x" * 257, "note": "n"},
            10,
            "257 characters long; GitHub allows 256",
        ),
        ({"number": 10**44, "title": "t", "note": "n"}, 3, "GitHub allows 50 for a label name"),
        ({"number": 1, "title": "t", "note": "x" * 65_536}, 10, "GitHub allows 65,536"),
    ],
    ids=["title", "label", "body"],
)
@pytest.mark.parametrize("command", ["validate", "apply"])
def test_past_a_github_limit_exits_2_in_one_line_and_writes_nothing(
    fake, env, run, tmp_path, fields, line, words, command
):
    path = tmp_path / "curriculum.yaml"
    path.write_text(CURRICULUM.format(**fields), encoding="utf-8")
    result = run(command, "--curriculum", str(path), env=env)
    assert result.code == 2
    assert result.err.splitlines() == [result.err.strip()]
    assert result.err.startswith(f"{path}:{line}: ") and words in result.err
    assert fake.log == []
