"""GitHub's size limits, checked over the desired state before any request.

Past a limit GitHub answers 422 part-way through an apply; checked here, every problem is
reported at its line in the curriculum, as ``validate`` reports any other.
"""

from __future__ import annotations

from sync.curriculum import Curriculum, Placement
from sync.desired import desired_issue, level_label
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
    for placement in curriculum.placements():
        resource = placement.resource
        what = f"resource '{resource.id}'"
        if len(resource.title) > ISSUE_TITLE_LIMIT:
            problems.append(
                Problem(
                    path,
                    resource.line,
                    f"the title of {what} is {len(resource.title)} characters long; GitHub "
                    f"allows {ISSUE_TITLE_LIMIT} for an issue title",
                )
            )
        if not _body_may_be_too_long(placement):
            continue
        body = desired_issue(placement).block
        if len(body) > ISSUE_BODY_LIMIT:
            problems.append(
                Problem(
                    path,
                    resource.line,
                    f"the issue body of {what} would be {len(body):,} characters long; "
                    f"GitHub allows {ISSUE_BODY_LIMIT:,}: shorten its note or links",
                )
            )
    return problems


# What an issue body adds to the resource's own text: the template's words, the level and
# section titles, the markers. Escaping makes a character at most 4 (`<` becomes `&lt;`).
_BODY_FRAME = 4_000
_ESCAPE_GROWTH = 4


def _body_may_be_too_long(placement: Placement) -> bool:
    """Rendering every body costs most of validate's time; only a resource whose own text
    could reach the limit is rendered and measured."""
    resource = placement.resource
    texts = [resource.title, resource.note or "", resource.url or "", *resource.authors]
    texts += [f"{link.title}{link.url or ''}" for link in resource.links]
    texts += [placement.level.title, placement.section.title]
    own = sum(len(text) for text in texts) + 16 * len(resource.links)
    return _BODY_FRAME + _ESCAPE_GROWTH * own > ISSUE_BODY_LIMIT


def check_github_limits(curriculum: Curriculum, *, path: str) -> None:
    """Raise CurriculumError (exit 2) naming each line past one of GitHub's limits."""
    problems = github_limit_problems(curriculum, path=path)
    if problems:
        raise CurriculumError(sorted(problems))
