"""Levels that complete themselves: which level milestones to close, and which to reopen.

When every required resource of a level is done or skipped, its milestone is closed and its
description gains a last line, ``Completed on YYYY-MM-DD.``; when one of them is reopened, the
line goes and the milestone reopens. That line is the tool's memory between runs: while it
still says what the level's state is, the tool has nothing to do, so a person who reopened or
closed the milestone by hand is left alone until the level's state changes again. Only a
level's own milestone (the caller finds it the way ``apply`` does) is ever touched. Pure.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from sync.pace import completed_on, completes
from sync.progress import Progress
from sync.snapshot import Milestone

_LINE = re.compile(r"(?:\A|\n)[ \t]*(Completed(?: on (\d{4}-\d{2}-\d{2}))?\.)[ \t]*\s*\Z")


class Action(enum.Enum):
    CLOSE = "close"
    REOPEN = "reopen"

    @property
    def state(self) -> str:
        return "closed" if self is Action.CLOSE else "open"


@dataclass(frozen=True)
class MilestoneChange:
    level_number: int
    milestone_number: int
    title: str
    action: Action
    # The whole description to send: the completion line added or taken away.
    description: str

    def __str__(self) -> str:
        verb = "close" if self.action is Action.CLOSE else "reopen"
        return f"{verb} milestone {self.title!r}"


def completion_line(day: dt.date | None) -> str:
    return f"Completed on {day.isoformat()}." if day else "Completed."


def split_completion(description: str | None) -> tuple[str, str | None]:
    """The description without its completion line, and that line (None when it has none)."""
    text = description or ""
    match = _LINE.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), match[1]


def with_completion(description: str, line: str | None) -> str:
    base = description.rstrip()
    if line is None:
        return base
    return f"{base}\n\n{line}" if base else line


def milestone_changes(
    progress: Progress, milestones: Mapping[int, Milestone]
) -> tuple[MilestoneChange, ...]:
    """What to do to each level's milestone so it follows the level's state, once per change."""
    changes = []
    for level in progress.levels:
        milestone = milestones.get(level.number)
        if milestone is None:
            continue
        base, recorded = split_completion(milestone.description)
        if completes(level):
            line = completion_line(completed_on(level))
            if recorded != line:
                changes.append(
                    MilestoneChange(
                        level.number,
                        milestone.number,
                        milestone.title,
                        Action.CLOSE,
                        with_completion(base, line),
                    )
                )
        elif recorded is not None:
            changes.append(
                MilestoneChange(
                    level.number, milestone.number, milestone.title, Action.REOPEN, base
                )
            )
    return tuple(changes)
