"""The desired state of the repository: a pure function of the curriculum.

Labels, one milestone per level and one issue per resource, each exactly as
``apply`` would create it. Nothing here knows what the repository holds now.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sync.curriculum import KIND_DESCRIPTIONS, KINDS, Curriculum, Level, Placement
from sync.snapshot import LEVEL_MARKER, managed_block
from sync.templates import render_markdown

IN_PROGRESS_LABEL = "in progress"
OPTIONAL_LABEL = "optional"
LEVEL_LABEL_PREFIX = "level: "
KIND_LABEL_PREFIX = "kind: "
# GitHub rejects label descriptions longer than 100 characters.
LABEL_DESCRIPTION_LIMIT = 100

_LEVEL_COLORS = ("0e8a16", "1d76db", "5319e7", "b60205", "d93f0b", "fbca04", "006b75", "c5def5")
_KIND_COLOR = "bfdadc"


@dataclass(frozen=True)
class DesiredLabel:
    name: str
    color: str
    description: str


@dataclass(frozen=True)
class DesiredMilestone:
    level_number: int
    title: str
    description: str
    due_on: dt.date | None


@dataclass(frozen=True)
class DesiredIssue:
    resource_id: str
    previous_ids: tuple[str, ...]
    title: str
    block: str
    labels: tuple[str, ...]
    milestone_title: str
    done: bool


@dataclass(frozen=True)
class DesiredState:
    labels: tuple[DesiredLabel, ...]
    milestones: tuple[DesiredMilestone, ...]
    issues: tuple[DesiredIssue, ...]


def desired_state(curriculum: Curriculum) -> DesiredState:
    return DesiredState(
        labels=desired_labels(curriculum),
        milestones=tuple(desired_milestone(level) for level in curriculum.levels),
        issues=tuple(desired_issue(placement) for placement in curriculum.placements()),
    )


def level_label(number: int) -> str:
    return f"{LEVEL_LABEL_PREFIX}{number}"


def kind_label(kind: str) -> str:
    return f"{KIND_LABEL_PREFIX}{kind}"


_MANAGED_LABELS = re.compile(
    rf"^(?:{re.escape(LEVEL_LABEL_PREFIX)}[0-9]+|{re.escape(KIND_LABEL_PREFIX)}(?:{'|'.join(KINDS)})"
    rf"|{re.escape(OPTIONAL_LABEL)})$",
    re.IGNORECASE,
)


def is_managed_label(name: str) -> bool:
    """Labels the tool itself could have set, and so may remove when they no longer apply.
    Any other label, even one a person named `kind: bug`, is theirs and stays."""
    return _MANAGED_LABELS.match(name) is not None


def desired_labels(curriculum: Curriculum) -> tuple[DesiredLabel, ...]:
    labels = [
        DesiredLabel(
            level_label(level.number),
            _LEVEL_COLORS[(level.number - 1) % len(_LEVEL_COLORS)],
            _fit(level.milestone_title),
        )
        for level in curriculum.levels
    ]
    kinds = sorted({p.resource.kind for p in curriculum.placements() if p.resource.kind})
    labels += [DesiredLabel(kind_label(k), _KIND_COLOR, KIND_DESCRIPTIONS[k]) for k in kinds]
    if any(section.optional for level in curriculum.levels for section in level.sections):
        labels.append(
            DesiredLabel(OPTIONAL_LABEL, "ededed", "Optional: not counted toward finishing a level")
        )
    labels.append(DesiredLabel(IN_PROGRESS_LABEL, "fef2c0", "Add while you work on a resource"))
    return tuple(labels)


def desired_milestone(level: Level) -> DesiredMilestone:
    text = render_markdown("milestone_description.md.j2", level=level).strip()
    marker = LEVEL_MARKER.format(number=level.number)
    return DesiredMilestone(
        level_number=level.number,
        title=level.milestone_title,
        description=f"{text}\n\n{marker}" if text else marker,
        due_on=level.due,
    )


def due_on_timestamp(day: dt.date) -> str:
    """A milestone's due date as sent to GitHub: GitHub floors it to midnight US-Pacific, so
    midnight UTC would land on the day before; noon UTC keeps the date everywhere."""
    return f"{day.isoformat()}T12:00:00Z"


def desired_issue(placement: Placement) -> DesiredIssue:
    resource = placement.resource
    labels = [level_label(placement.level.number)]
    if resource.kind:
        labels.append(kind_label(resource.kind))
    if placement.section.optional:
        labels.append(OPTIONAL_LABEL)
    content = render_markdown(
        "issue_body.md.j2",
        resource=resource,
        level=placement.level,
        section=placement.section,
        level_title=placement.level.milestone_title,
    )
    return DesiredIssue(
        resource_id=resource.id,
        previous_ids=resource.previous_ids,
        title=resource.title,
        block=managed_block(resource.id, content),
        labels=tuple(labels),
        milestone_title=placement.level.milestone_title,
        done=resource.done,
    )


def _fit(description: str) -> str:
    if len(description) <= LABEL_DESCRIPTION_LIMIT:
        return description
    return description[: LABEL_DESCRIPTION_LIMIT - 1] + "…"
