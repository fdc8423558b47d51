"""How far along the guide is: per resource, per level and overall, as plain frozen values.

Shared by ``readme`` (the README region and the chart) and ``status``. Pure: no I/O,
no clock. Which issue stands for a resource is decided by ``snapshot.track`` alone, so
an issue a stranger opened with a copied marker never ticks anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sync.curriculum import Curriculum, Level, Resource
from sync.desired import IN_PROGRESS_LABEL
from sync.snapshot import Issue, Milestone, track

DONE = "done"
SKIPPED = "skipped"
IN_PROGRESS = "in_progress"
OPEN = "open"
STATUSES = (DONE, SKIPPED, IN_PROGRESS, OPEN)

# Closed "as not planned" is how a person skips a resource; a duplicate is not work left either.
# https://docs.github.com/en/issues/tracking-your-work-with-issues/administering-issues/closing-an-issue
_SKIP_REASONS = frozenset({"not_planned", "duplicate"})

# What an issue or milestone link may look like before it reaches Markdown: https, a host,
# a plain path ending in the expected number, nothing that could end a Markdown link early.
_ISSUE_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~-]+)*/issues/(\d+)$")
_MILESTONE_URL = re.compile(
    r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~-]+)*/milestone/(\d+)$"
)


@dataclass(frozen=True)
class ResourceProgress:
    resource: Resource
    level_number: int
    section_title: str
    optional: bool
    status: str = OPEN
    issue_number: int | None = None
    issue_url: str | None = None
    closed_at: dt.datetime | None = None

    @property
    def finished(self) -> bool:
        return self.status in (DONE, SKIPPED)

    @property
    def closed_on(self) -> dt.date | None:
        return _utc_date(self.closed_at) if self.closed_at else None


@dataclass(frozen=True)
class LevelProgress:
    """Counts cover the level's required resources; its optional track is counted apart."""

    number: int
    title: str
    done: int
    skipped: int
    in_progress: int
    total: int
    optional_done: int
    optional_total: int
    resources: tuple[ResourceProgress, ...]
    milestone_url: str | None = None

    @property
    def milestone_title(self) -> str:
        return f"Level {self.number}: {self.title}"

    @property
    def percent(self) -> int:
        return percent(self.done, self.skipped, self.total)

    @property
    def finished(self) -> bool:
        return self.done + self.skipped >= self.total


@dataclass(frozen=True)
class Progress:
    levels: tuple[LevelProgress, ...]
    resources: Mapping[str, ResourceProgress]
    recent: tuple[ResourceProgress, ...]
    as_of: dt.date | None

    @property
    def done(self) -> int:
        return sum(level.done for level in self.levels)

    @property
    def skipped(self) -> int:
        return sum(level.skipped for level in self.levels)

    @property
    def in_progress(self) -> int:
        return sum(level.in_progress for level in self.levels)

    @property
    def total(self) -> int:
        return sum(level.total for level in self.levels)

    @property
    def optional_done(self) -> int:
        return sum(level.optional_done for level in self.levels)

    @property
    def optional_total(self) -> int:
        return sum(level.optional_total for level in self.levels)

    @property
    def percent(self) -> int:
        return percent(self.done, self.skipped, self.total)

    @property
    def current(self) -> LevelProgress | None:
        """The first level not finished; None when every level is."""
        return next((level for level in self.levels if not level.finished), None)

    def of(self, resource_id: str) -> ResourceProgress | None:
        return self.resources.get(resource_id)


def percent(done: int, skipped: int, total: int) -> int:
    """Done out of what is left to do once skips are taken out; rounded down, so 100 means all."""
    counted = total - skipped
    return 100 if counted <= 0 else done * 100 // counted


def progress(
    curriculum: Curriculum,
    issues: Iterable[Issue],
    *,
    milestones: Iterable[Milestone] = (),
    recent: int = 5,
) -> Progress:
    by_id = track(issues).by_id
    milestones = tuple(milestones)
    levels, resources = [], {}
    for level in curriculum.levels:
        items = tuple(
            resource_progress(level, section.title, section.optional, resource, by_id)
            for section in level.sections
            for resource in section.resources
        )
        resources.update((item.resource.id, item) for item in items)
        levels.append(level_progress(level, items, milestone_url(level, milestones)))
    finished = [r for r in resources.values() if r.finished and r.closed_at is not None]
    finished.sort(key=lambda r: (_utc(r.closed_at), r.issue_number or 0), reverse=True)
    return Progress(
        levels=tuple(levels),
        resources=resources,
        recent=tuple(finished[: max(recent, 0)]),
        as_of=max((r.closed_on for r in finished), default=None),
    )


def resource_progress(
    level: Level, section_title: str, optional: bool, resource: Resource, by_id: Mapping[str, Issue]
) -> ResourceProgress:
    """The issue tracking the resource's id, or failing that one of its previous ids."""
    issue = next(
        (by_id[rid] for rid in (resource.id, *resource.previous_ids) if rid in by_id), None
    )
    if issue is None:
        # Not on GitHub yet (or --offline): the curriculum's own `done: true` is all we know.
        status = DONE if resource.done else OPEN
        return ResourceProgress(resource, level.number, section_title, optional, status)
    return ResourceProgress(
        resource,
        level.number,
        section_title,
        optional,
        status=issue_status(issue),
        issue_number=issue.number,
        issue_url=issue_url(issue),
        closed_at=issue.closed_at if issue.state.lower() == "closed" else None,
    )


def issue_status(issue: Issue) -> str:
    if issue.state.lower() == "closed":
        return SKIPPED if issue.state_reason in _SKIP_REASONS else DONE
    return IN_PROGRESS if issue.has_label(IN_PROGRESS_LABEL) else OPEN


def issue_url(issue: Issue) -> str | None:
    """The issue's html_url when it is a plain https link to this very issue, else None."""
    match = _ISSUE_URL.match(issue.html_url or "")
    return issue.html_url if match and int(match[1]) == issue.number else None


def milestone_url(level: Level, milestones: tuple[Milestone, ...]) -> str | None:
    """The level's milestone by exact title, else by its "Level N:" prefix (a renamed level)."""
    prefix = f"Level {level.number}:"
    candidates = [m for m in milestones if m.title == level.milestone_title]
    candidates += [m for m in milestones if m.title.startswith(prefix)]
    for milestone in candidates:
        match = _MILESTONE_URL.match(milestone.html_url or "")
        if match and int(match[1]) == milestone.number:
            return milestone.html_url
    return None


def level_progress(
    level: Level, items: tuple[ResourceProgress, ...], milestone: str | None
) -> LevelProgress:
    required = [item for item in items if not item.optional]
    optional = [item for item in items if item.optional]
    return LevelProgress(
        number=level.number,
        title=level.title,
        done=sum(item.status == DONE for item in required),
        skipped=sum(item.status == SKIPPED for item in required),
        in_progress=sum(item.status == IN_PROGRESS for item in required),
        total=len(required),
        optional_done=sum(item.status == DONE for item in optional),
        optional_total=len(optional),
        resources=items,
        milestone_url=milestone,
    )


def progress_as_json(p: Progress) -> dict[str, Any]:
    """For ``status --json``: plain numbers, dates as ISO text."""
    current = p.current
    return {
        "as_of": p.as_of.isoformat() if p.as_of else None,
        "current_level": current.number if current else None,
        "levels": [
            {
                "number": level.number,
                "title": level.title,
                "done": level.done,
                "skipped": level.skipped,
                "in_progress": level.in_progress,
                "total": level.total,
                "percent": level.percent,
                "finished": level.finished,
                "optional_done": level.optional_done,
                "optional_total": level.optional_total,
            }
            for level in p.levels
        ],
        "overall": {
            "done": p.done,
            "skipped": p.skipped,
            "in_progress": p.in_progress,
            "total": p.total,
            "percent": p.percent,
            "optional_done": p.optional_done,
            "optional_total": p.optional_total,
        },
    }


def _utc(moment: dt.datetime) -> dt.datetime:
    # GitHub sends UTC; a naive datetime is taken as UTC already.
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _utc_date(moment: dt.datetime) -> dt.date:
    return _utc(moment).date()
