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
# In a milestone's description: the level it stands for, so a renamed level finds its
# milestone and a person's own "Level 1: …" milestone is never taken for it.
LEVEL_MARKER = "<!-- curriculum-sync:level={number} -->"
_LEVEL_MARKER = re.compile(r"<!-- curriculum-sync:level=(?P<number>[0-9]+) -->")
# The last line of a completed level's milestone description: what the `milestones` command
# last did, so a person's own close or reopen stands until the level's state changes again.
_COMPLETION = re.compile(r"(?:\A|\n)[ \t]*(Completed(?: on \d{4}-\d{2}-\d{2})?\.)\s*\Z")
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

    @property
    def level_number(self) -> int | None:
        """The level whose marker the description carries: a milestone this tool made."""
        match = _LEVEL_MARKER.search(self.description or "")
        return int(match["number"]) if match else None


def completion_line(day: dt.date | None) -> str:
    return f"Completed on {day.isoformat()}." if day else "Completed."


def split_completion(description: str | None) -> tuple[str, str | None]:
    """The description without its completion line, and that line (None when it has none)."""
    text = description or ""
    match = _COMPLETION.search(text)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), match[1]


def with_completion(description: str, line: str | None) -> str:
    base = description.rstrip()
    if line is None:
        return base
    return f"{base}\n\n{line}" if base else line


def find_level_milestone(
    number: int, title: str, milestones: Iterable[Milestone]
) -> Milestone | None:
    """A level's milestone: the one titled exactly as the level, else the one carrying the
    level's marker (the level was renamed). Closed milestones count too: GitHub refuses a
    second milestone with the title of a closed one."""
    milestones = tuple(milestones)
    exact = [m for m in milestones if m.title == title]
    marked = [m for m in milestones if m.level_number == number]
    return next(iter(exact + marked), None)


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
    # How many comments GitHub counts on it: the issues list says, so notes are read only
    # when a closed issue has any.
    comments: int = 0

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
    # GitHub's `permissions.push` for the token, when it says (a user token does; an
    # installation token such as GITHUB_TOKEN may not).
    can_push: bool | None = None


def write_access_problem(snapshot: Snapshot) -> str | None:
    """Why a write must not start: GitHub silently drops the labels and milestone of issues
    created without push access, and such issues are not trusted, so every later run would
    create them again."""
    if snapshot.can_push is not False:
        return None
    return (
        f"the token cannot push to {snapshot.repository}, so GitHub would drop every issue's "
        "labels and milestone. In a workflow, give the job `permissions: issues: write` and "
        "check Settings › Actions › General › Workflow permissions; a fine-grained token needs "
        "Issues: Read and write on this repository, and its owner must be a collaborator"
    )


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

    def find(self, resource_id: str, previous_ids: Iterable[str] = ()) -> tuple[str, Issue] | None:
        """The issue of a resource: by its id, else by one of its previous ids (it was renamed)."""
        for candidate in (resource_id, *previous_ids):
            if candidate in self.by_id:
                return candidate, self.by_id[candidate]
        return None


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


def body_is_only_the_block(body: str) -> bool:
    """The body as the tool wrote it: the block, no box ticked in it, nothing around it."""
    content = block_content(body)
    if content is None or splice_block(body, "").strip():
        return False
    return not any(line.lstrip().startswith(("- [x]", "- [X]")) for line in content.splitlines())


def updated_body(body: str, block: str) -> str:
    """The body with our block brought up to date, ticks and surrounding text kept."""
    current = block_content(body)
    if current is not None:
        block = carry_ticks(block, current)
    # Bodies edited in the browser come back with CRLF; match them so nothing flips back and forth.
    if "\r\n" in body:
        block = block.replace("\n", "\r\n")
    return splice_block(body, block)


def carry_ticks(block: str, current: str) -> str:
    ticked = {
        line[6:].rstrip()
        for line in current.replace("\r\n", "\n").split("\n")
        if line.startswith(("- [x] ", "- [X] "))
    }
    return "\n".join(
        f"- [x] {line[6:]}" if line.startswith("- [ ] ") and line[6:] in ticked else line
        for line in block.split("\n")
    )
