"""The repository as plain values: labels, milestones and issues, and which issues we track.

An issue is tracked when its body carries our hidden marker *and* a trusted author
opened it. In a public repository anyone can open an issue with a copied marker;
such an issue must never move the tracker, so trust is decided here, once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sync.text import inert

BLOCK_BEGIN = "<!-- curriculum-sync:begin id={id} -->"
BLOCK_END = "<!-- curriculum-sync:end -->"
_BLOCK = re.compile(
    r"<!-- curriculum-sync:begin id=(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*) -->"
    r"(?P<content>.*?)"
    r"<!-- curriculum-sync:end -->",
    re.DOTALL,
)

# author_association values that mean the person can push to the repository.
# https://docs.github.com/en/graphql/reference/enums#commentauthorassociation
TRUSTED_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
# Issues opened with GITHUB_TOKEN in Actions; no document states their association.
ACTIONS_BOT_LOGIN = "github-actions[bot]"


@dataclass(frozen=True)
class Label:
    name: str
    color: str
    description: str | None = None


@dataclass(frozen=True)
class Milestone:
    number: int
    title: str
    description: str | None = None
    state: str = "open"
    due_on: dt.date | None = None
    html_url: str = ""


@dataclass(frozen=True)
class Issue:
    number: int
    title: str
    body: str = ""
    state: str = "open"
    state_reason: str | None = None
    labels: tuple[str, ...] = ()
    milestone: int | None = None
    author: str = ""
    author_type: str = "User"
    author_association: str = "NONE"
    created_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    html_url: str = ""

    @property
    def resource_id(self) -> str | None:
        match = _BLOCK.search(self.body)
        return match["id"] if match else None

    @property
    def trusted(self) -> bool:
        if self.author_association in TRUSTED_ASSOCIATIONS:
            return True
        return self.author == ACTIONS_BOT_LOGIN and self.author_type == "Bot"

    def has_label(self, name: str) -> bool:
        # GitHub compares label names case-insensitively.
        return name.casefold() in {label.casefold() for label in self.labels}


@dataclass(frozen=True)
class Snapshot:
    """What the tracker needs to know of a repository, read in one pass."""

    repository: str
    labels: tuple[Label, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    issues: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class Duplicate:
    resource_id: str
    kept: Issue
    ignored: Issue


@dataclass(frozen=True)
class Tracking:
    """Which issue stands for which resource id, and what was passed over and why."""

    by_id: dict[str, Issue] = field(default_factory=dict)
    duplicates: tuple[Duplicate, ...] = ()
    untrusted: tuple[Issue, ...] = ()


def track(issues: Iterable[Issue]) -> Tracking:
    """Pick the issue of each resource id: trusted authors only, the oldest when two claim one."""
    by_id: dict[str, Issue] = {}
    duplicates: list[Duplicate] = []
    untrusted: list[Issue] = []
    for issue in sorted(issues, key=_age):
        resource_id = issue.resource_id
        if resource_id is None:
            continue
        if not issue.trusted:
            untrusted.append(issue)
        elif resource_id in by_id:
            duplicates.append(Duplicate(resource_id, by_id[resource_id], issue))
        else:
            by_id[resource_id] = issue
    return Tracking(by_id, tuple(duplicates), tuple(untrusted))


def _age(issue: Issue) -> tuple[dt.datetime, int]:
    # Issue numbers grow with time too, so they break ties (and stand in when no date).
    return (issue.created_at or dt.datetime.min.replace(tzinfo=dt.UTC), issue.number)


def managed_block(resource_id: str, content: str) -> str:
    """The part of an issue body the tool owns, fenced by hidden markers.

    The content is made inert: a title or note quoting a marker would otherwise end the
    block early, and every run would add the block again above the "person's" old tail."""
    return f"{BLOCK_BEGIN.format(id=resource_id)}\n{inert(content).strip()}\n{BLOCK_END}"


def block_content(body: str) -> str | None:
    match = _BLOCK.search(body)
    return match["content"] if match else None


def splice_block(body: str, block: str) -> str:
    """Replace the managed block in ``body``, keeping every byte a person wrote around it."""
    match = _BLOCK.search(body)
    if match is None:
        return f"{block}\n\n{body}" if body.strip() else block
    return body[: match.start()] + block + body[match.end() :]
