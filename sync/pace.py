"""How fast the learner is going and when, at that pace, each level and the guide will be done.

Dated by the latest close, never by the clock: weeks are counted back from the day the most
recent resource was closed, and projections run forward from it, so the README stays the
same byte for byte until something happens. Counts are the required resources done (what
the progress headline counts); skipped ones leave the work to do, and optional ones never
join it. Pure: exact fractions inside, rounded only for display.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from sync.curriculum import Curriculum
from sync.progress import DONE, LevelProgress, Progress

RECENT_WEEKS = 4


@dataclass(frozen=True)
class Pace:
    """Required resources done per week: lately, and since the first one."""

    as_of: dt.date | None
    # Over the last RECENT_WEEKS weeks that had something done: a break does not count.
    recent: Fraction | None
    recent_weeks: int
    # Over every week from the first done resource to ``as_of``, quiet ones included.
    overall: Fraction | None


@dataclass(frozen=True)
class LevelSchedule:
    number: int
    completed_on: dt.date | None
    projected_finish: dt.date | None
    due: dt.date | None

    @property
    def days_behind(self) -> int | None:
        """Days past the due date the level finished or is projected to; None when unknown."""
        if self.due is None:
            return None
        day = self.completed_on or self.projected_finish
        return None if day is None else (day - self.due).days

    @property
    def due_status(self) -> str | None:
        """``on track`` or ``N days behind`` (finished: ``done in time`` or ``done N days late``)."""
        behind = self.days_behind
        if behind is None:
            return None
        if self.completed_on is not None:
            return "done in time" if behind <= 0 else f"done {_days(behind)} late"
        return "on track" if behind <= 0 else f"{_days(behind)} behind"


@dataclass(frozen=True)
class Schedule:
    pace: Pace
    levels: tuple[LevelSchedule, ...]
    completed_on: dt.date | None
    projected_finish: dt.date | None

    def of(self, number: int) -> LevelSchedule | None:
        return next((level for level in self.levels if level.number == number), None)


def completes(level: LevelProgress) -> bool:
    """Every required resource done or skipped (a level with none required never completes)."""
    return level.total > 0 and level.finished


def completed_on(level: LevelProgress) -> dt.date | None:
    """The day the last required resource was closed, for a completed level; else None."""
    if not completes(level):
        return None
    return max(
        (r.closed_on for r in level.resources if not r.optional and r.closed_on), default=None
    )


def pace(progress: Progress) -> Pace:
    as_of = progress.as_of
    days = [
        r.closed_on
        for level in progress.levels
        for r in level.resources
        if r.status == DONE and not r.optional and r.closed_on is not None
    ]
    if as_of is None or not days:
        return Pace(as_of, None, 0, None)
    # Week 0 is the seven days ending on as_of, week 1 the seven before, and so on.
    per_week = Counter((as_of - day).days // 7 for day in days)
    recent = sorted(per_week)[:RECENT_WEEKS]
    return Pace(
        as_of=as_of,
        recent=Fraction(sum(per_week[week] for week in recent), len(recent)),
        recent_weeks=len(recent),
        overall=Fraction(len(days), max(per_week) + 1),
    )


def schedule(curriculum: Curriculum, progress: Progress) -> Schedule:
    """Each level's completion or projected finish, working through the levels in order."""
    rate = pace(progress)
    due = {level.number: level.due for level in curriculum.levels}
    levels: list[LevelSchedule] = []
    left = 0
    for level in progress.levels:
        done_on = completed_on(level)
        projected = None
        if not completes(level) and level.total > 0:
            left += level.total - level.done - level.skipped
            projected = _projected(rate, left)
        levels.append(LevelSchedule(level.number, done_on, projected, due.get(level.number)))
    counted = [level for level in progress.levels if level.total > 0]
    every_level_done = bool(counted) and all(completes(level) for level in counted)
    return Schedule(
        pace=rate,
        levels=tuple(levels),
        completed_on=(
            max((s.completed_on for s in levels if s.completed_on), default=None)
            if every_level_done
            else None
        ),
        projected_finish=None if every_level_done else _projected(rate, left),
    )


def _projected(rate: Pace, left: int) -> dt.date | None:
    if rate.as_of is None or not rate.recent:
        return None
    return rate.as_of + dt.timedelta(days=math.ceil(Fraction(left * 7) / rate.recent))


def per_week(value: Fraction | None) -> str | None:
    """A pace for people: one decimal, ``2.5``, ``1``."""
    if value is None:
        return None
    text = f"{round(value * 10) / 10:.1f}"
    return text.removesuffix(".0")


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"
