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

from sync.curriculum import Curriculum, Level, Resource, level_title
from sync.desired import IN_PROGRESS_LABEL
from sync.notes import Comment, Note, notes_by_issue
from sync.snapshot import Issue, Milestone, Tracking, find_level_milestone, track

DONE = "done"
SKIPPED = "skipped"
IN_PROGRESS = "in_progress"
OPEN = "open"

# Closed "as not planned" is how a person skips a resource; a duplicate is not work left either.
# https://docs.github.com/en/issues/tracking-your-work-with-issues/administering-issues/closing-an-issue
_SKIP_REASONS = frozenset({"not_planned", "duplicate"})

# What an issue or milestone link may look like before it reaches Markdown: https, a host,
# a plain path ending in the expected number, nothing that could end a Markdown link early.
_ISSUE_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~-]+)*/issues/(\d+)$")
_MILESTONE_URL = re.compile(
    r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~-]+)*/milestone/(\d+)$"
)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


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
    # The learner's note, on a finished resource only.
    note: Note | None = None

    @property
    def finished(self) -> bool:
        return self.status in (DONE, SKIPPED)

    @property
    def closed_on(self) -> dt.date | None:
        return _utc_date(self.closed_at) if self.closed_at else None


class Counts:
    """Done, skipped, in progress and total over required resources, and the optional ones
    apart: derived from the resources counted, never stored beside them."""

    @property
    def required(self) -> tuple[ResourceProgress, ...]:
        raise NotImplementedError

    @property
    def optional(self) -> tuple[ResourceProgress, ...]:
        raise NotImplementedError

    def _count(self, status: str) -> int:
        return sum(item.status == status for item in self.required)

    @property
    def done(self) -> int:
        return self._count(DONE)

    @property
    def skipped(self) -> int:
        return self._count(SKIPPED)

    @property
    def in_progress(self) -> int:
        return self._count(IN_PROGRESS)

    @property
    def total(self) -> int:
        return len(self.required)

    @property
    def counted(self) -> int:
        """What is left to count once skips are taken out: "3 of 63" once one of 64 is skipped."""
        return self.total - self.skipped

    @property
    def optional_done(self) -> int:
        return sum(item.status == DONE for item in self.optional)

    @property
    def optional_total(self) -> int:
        return len(self.optional)

    @property
    def percent(self) -> int:
        return percent(self.done, self.skipped, self.total)

    @property
    def finished(self) -> bool:
        return self.done + self.skipped >= self.total


@dataclass(frozen=True)
class LevelProgress(Counts):
    """Counts cover the level's required resources; its optional track is counted apart."""

    number: int
    title: str
    resources: tuple[ResourceProgress, ...]
    milestone_url: str | None = None

    @property
    def milestone_title(self) -> str:
        return level_title(self.number, self.title)

    @property
    def required(self) -> tuple[ResourceProgress, ...]:
        return tuple(item for item in self.resources if not item.optional)

    @property
    def optional(self) -> tuple[ResourceProgress, ...]:
        return tuple(item for item in self.resources if item.optional)


@dataclass(frozen=True)
class Progress(Counts):
    levels: tuple[LevelProgress, ...]
    resources: Mapping[str, ResourceProgress]
    recent: tuple[ResourceProgress, ...]
    as_of: dt.date | None

    @property
    def required(self) -> tuple[ResourceProgress, ...]:
        return tuple(item for level in self.levels for item in level.required)

    @property
    def optional(self) -> tuple[ResourceProgress, ...]:
        return tuple(item for level in self.levels for item in level.optional)

    @property
    def current(self) -> LevelProgress | None:
        """The first level not finished; None when every level is."""
        return next((level for level in self.levels if not level.finished), None)

    def of(self, resource_id: str) -> ResourceProgress | None:
        return self.resources.get(resource_id)


def percent(done: int, skipped: int, total: int) -> int:
    """Done out of what is left to do once skips are taken out; rounded down, so 100 means all."""
    return share(done, total - skipped, 100)


def share(part: int, whole: int, scale: int) -> int:
    """``part`` out of ``whole`` on a scale (100 for percent, a bar's width), rounded down so
    the full scale means all; nothing left to count is all done."""
    return scale if whole <= 0 else part * scale // whole


def progress(
    curriculum: Curriculum,
    issues: Iterable[Issue],
    *,
    milestones: Iterable[Milestone] = (),
    comments: Iterable[Comment] = (),
    recent: int = 5,
) -> Progress:
    tracking = track(issues)
    notes = notes_by_issue(comments)
    milestones = tuple(milestones)
    levels: list[LevelProgress] = []
    resources: dict[str, ResourceProgress] = {}
    for level in curriculum.levels:
        items = tuple(
            resource_progress(level, section.title, section.optional, resource, tracking, notes)
            for section in level.sections
            for resource in section.resources
        )
        resources.update((item.resource.id, item) for item in items)
        levels.append(level_progress(level, items, milestone_url(level, milestones)))
    finished = [r for r in resources.values() if r.finished and r.closed_at is not None]
    finished.sort(key=lambda r: (_utc(r.closed_at or _EPOCH), r.issue_number or 0), reverse=True)
    return Progress(
        levels=tuple(levels),
        resources=resources,
        recent=tuple(finished[: max(recent, 0)]),
        as_of=max((r.closed_on for r in finished if r.closed_on), default=None),
    )


def resource_progress(
    level: Level,
    section_title: str,
    optional: bool,
    resource: Resource,
    tracking: Tracking,
    notes: Mapping[int, Note] | None = None,
) -> ResourceProgress:
    found = tracking.find(resource.id, resource.previous_ids)
    if found is None:
        # Not on GitHub yet (or --offline): the curriculum's own `done: true` is all we know.
        status = DONE if resource.done else OPEN
        return ResourceProgress(resource, level.number, section_title, optional, status)
    issue = found[1]
    closed = issue.state.lower() == "closed"
    return ResourceProgress(
        resource,
        level.number,
        section_title,
        optional,
        status=issue_status(issue),
        issue_number=issue.number,
        issue_url=issue_url(issue),
        closed_at=issue.closed_at if closed else None,
        note=(notes or {}).get(issue.number) if closed else None,
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
    """The level's milestone page, when its html_url is a plain https link to that milestone."""
    milestone = find_level_milestone(level.number, level.milestone_title, milestones)
    if milestone is None:
        return None
    match = _MILESTONE_URL.match(milestone.html_url or "")
    return milestone.html_url if match and int(match[1]) == milestone.number else None


def level_progress(
    level: Level, items: tuple[ResourceProgress, ...], milestone: str | None
) -> LevelProgress:
    return LevelProgress(
        number=level.number, title=level.title, resources=items, milestone_url=milestone
    )


def _utc(moment: dt.datetime) -> dt.datetime:
    # GitHub sends UTC; a naive datetime is taken as UTC already.
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _utc_date(moment: dt.datetime) -> dt.date:
    return _utc(moment).date()
