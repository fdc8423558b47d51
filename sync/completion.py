"""Levels that complete themselves: which level milestones to close, and which to reopen.

When every required resource of a level is done or skipped, its milestone is closed and its
description gains a last line, ``Completed on YYYY-MM-DD.``; when one of them is reopened, the
line goes and the milestone reopens. That line is the tool's memory between runs: while it
still says what the level's state is, there is nothing to do, so a person who reopened or
closed the milestone by hand is left alone until the level's state changes again. Only a
milestone carrying the level's marker (one ``apply`` made or adopted) is ever touched. Pure:
the result is a plan the GitHub adapter executes like any other.
"""

from __future__ import annotations

from collections.abc import Iterable

from sync.pace import completed_on, completes
from sync.plan import Action, Change, Plan, Target
from sync.progress import Progress
from sync.snapshot import (
    Milestone,
    completion_line,
    find_level_milestone,
    split_completion,
    with_completion,
)

CLOSED, OPEN = "closed", "open"


def milestone_plan(repository: str, progress: Progress, milestones: Iterable[Milestone]) -> Plan:
    """What to do to each level's milestone so it follows the level's state, once per change."""
    milestones = tuple(milestones)
    changes, unchanged = [], 0
    for level in progress.levels:
        milestone = find_level_milestone(level.number, level.milestone_title, milestones)
        if milestone is None or milestone.level_number != level.number:
            continue
        base, recorded = split_completion(milestone.description)
        if completes(level):
            line = completion_line(completed_on(level))
            change = (
                None if recorded == line else _edit(milestone, CLOSED, with_completion(base, line))
            )
        else:
            change = None if recorded is None else _edit(milestone, OPEN, base)
        if change is None:
            unchanged += 1
        else:
            changes.append(change)
    return Plan(repository, tuple(changes), {Target.MILESTONE: unchanged})


def _edit(milestone: Milestone, state: str, description: str) -> Change:
    return Change(
        Target.MILESTONE,
        Action.UPDATE,
        milestone.title,
        milestone.title,
        number=milestone.number,
        payload={"state": state, "description": description},
    )


def describe(change: Change) -> str:
    """``closed milestone #1 'Level 1: …' (Completed on 2026-01-26.)``, or ``reopened …``."""
    subject = f"milestone #{change.number} {change.name!r}"
    if change.payload.get("state") == CLOSED:
        return f"closed {subject} ({split_completion(change.payload['description'])[1]})"
    return f"reopened {subject} (a resource of the level is open again)"
