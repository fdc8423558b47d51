"""GitHub's size limits, checked over the desired state before any request.

Past a limit GitHub answers 422 part-way through an apply; checked here, every problem is
reported at its line in the curriculum, as ``validate`` reports any other.
"""

from __future__ import annotations

from sync.curriculum import Curriculum
from sync.desired import desired_state, level_label
from sync.errors import CurriculumError, Problem

# https://github.com/dead-claudia/github-limits (GitHub's 422 messages: "title is too long
# (maximum is 256 characters)", "name is too long (maximum is 50 characters)"); GitHub
# counts characters, as len() does. GitHub documents no limit for milestone titles.
ISSUE_TITLE_LIMIT = 256
LABEL_NAME_LIMIT = 50
ISSUE_BODY_LIMIT = 65_536


def github_limit_problems(curriculum: Curriculum, *, path: str) -> list[Problem]:
    """Every label, issue title and issue body the curriculum would make that GitHub refuses."""
    problems = []
    for level in curriculum.levels:
        label = level_label(level.number)
        if len(label) > LABEL_NAME_LIMIT:
            problems.append(
                Problem(
                    path,
                    level.line,
                    f"the label '{label}' is {len(label)} characters long; GitHub allows "
                    f"{LABEL_NAME_LIMIT} for a label name: use a smaller level number",
                )
            )
    lines = {
        placement.resource.id: placement.resource.line for placement in curriculum.placements()
    }
    for issue in desired_state(curriculum).issues:
        line = lines[issue.resource_id]
        what = f"resource '{issue.resource_id}'"
        if len(issue.title) > ISSUE_TITLE_LIMIT:
            problems.append(
                Problem(
                    path,
                    line,
                    f"the title of {what} is {len(issue.title)} characters long; GitHub allows "
                    f"{ISSUE_TITLE_LIMIT} for an issue title",
                )
            )
        if len(issue.block) > ISSUE_BODY_LIMIT:
            problems.append(
                Problem(
                    path,
                    line,
                    f"the issue body of {what} would be {len(issue.block):,} characters long; "
                    f"GitHub allows {ISSUE_BODY_LIMIT:,}: shorten its note or links",
                )
            )
    return problems


def check_github_limits(curriculum: Curriculum, *, path: str) -> None:
    """Raise CurriculumError (exit 2) naming each line past one of GitHub's limits."""
    problems = github_limit_problems(curriculum, path=path)
    if problems:
        raise CurriculumError(sorted(problems))
