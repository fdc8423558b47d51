"""GitHub's limits on titles, label names and bodies are found before any request, each at its
line in the curriculum."""

from __future__ import annotations

import re

import pytest

from sync.curriculum import KINDS, load_curriculum, parse_curriculum
from sync.desired import kind_label
from sync.errors import CurriculumError
from sync.limits import (
    ISSUE_BODY_LIMIT,
    ISSUE_TITLE_LIMIT,
    LABEL_NAME_LIMIT,
    check_github_limits,
    github_limit_problems,
)
from tests.conftest import ROOT

CURRICULUM = """\
title: Guide
levels:
  - number: {number}
    title: Basics
    sections:
      - title: Reading
        resources:
          - id: short
            title: Short
          - id: long
            title: "{title}"
            note: "{note}"
"""


def curriculum(*, number: int = 1, title: str = "Long", note: str = "A note."):
    parsed, problems = parse_curriculum(
        CURRICULUM.format(number=number, title=title, note=note), "c.yaml"
    )
    assert problems == []
    return parsed


def refusal(**fields) -> list[str]:
    with pytest.raises(CurriculumError) as raised:
        check_github_limits(curriculum(**fields), path="c.yaml")
    assert raised.value.exit_code == 2  # bad input: nothing was sent
    return raised.value.lines()


def test_an_issue_title_past_256_characters_is_refused_at_its_resource():
    assert github_limit_problems(curriculum(title="x" * ISSUE_TITLE_LIMIT), path="c.yaml") == []
    assert refusal(title="x" * (ISSUE_TITLE_LIMIT + 1)) == [
        "c.yaml:10: the title of resource 'long' is 257 characters long; "
        "GitHub allows 256 for an issue title"
    ]


def test_a_level_number_making_its_label_past_50_characters_is_refused_at_the_number():
    fits = 10 ** (LABEL_NAME_LIMIT - len("level: ") - 1)  # "level: 1000…0", 50 characters
    assert github_limit_problems(curriculum(number=fits), path="c.yaml") == []
    assert refusal(number=fits * 10) == [
        f"c.yaml:3: the label 'level: {fits * 10}' is 51 characters long; GitHub allows 50 "
        "for a label name: use a smaller level number"
    ]


def test_an_issue_body_past_65536_characters_is_refused_at_its_resource():
    assert github_limit_problems(curriculum(note="x" * 60_000), path="c.yaml") == []
    (line,) = refusal(note="x" * ISSUE_BODY_LIMIT)
    # The whole rendered body counts: the note, and the words and markers around it.
    match = re.fullmatch(
        r"c\.yaml:10: the issue body of resource 'long' would be ([0-9,]+) characters long; "
        r"GitHub allows 65,536: shorten its note or links",
        line,
    )
    assert match and int(match[1].replace(",", "")) > ISSUE_BODY_LIMIT


def test_every_problem_is_reported_at_once():
    lines = refusal(title="x" * 300, note="y" * ISSUE_BODY_LIMIT)
    assert [line.split(": ")[0] for line in lines] == ["c.yaml:10", "c.yaml:10"]


def test_the_shipped_curriculum_and_every_kind_label_fit():
    guide = load_curriculum(ROOT / "curriculum.yaml")
    assert github_limit_problems(guide, path="curriculum.yaml") == []
    assert max(len(kind_label(kind)) for kind in KINDS) <= LABEL_NAME_LIMIT
