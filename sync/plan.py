"""The plan: a pure diff between the desired state and a snapshot of the repository.

``make_plan`` decides every write before any is made, so ``plan`` and ``apply`` can
never disagree, and a dry run is just not executing the plan.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sync.curriculum import Curriculum
from sync.desired import (
    DesiredIssue,
    DesiredLabel,
    DesiredMilestone,
    DesiredState,
    desired_state,
    due_on_timestamp,
    is_managed_label,
)
from sync.snapshot import (
    Issue,
    Label,
    Milestone,
    Snapshot,
    Tracking,
    body_is_only_the_block,
    find_level_milestone,
    split_completion,
    track,
    updated_body,
    with_completion,
)

PRUNE_COMMENT = (
    "Closed as not planned: this resource is no longer in `curriculum.yaml`. Reopen it to keep it."
)
DUPLICATE_COMMENT = (
    "Closed as a duplicate of #{kept}: another run of the tracker created it at the same time."
)


class Target(StrEnum):
    LABEL = "label"
    MILESTONE = "milestone"
    ISSUE = "issue"


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    CLOSE = "close"


@dataclass(frozen=True)
class Change:
    """One write, decided before any is made.

    ``payload`` is exactly the JSON sent to GitHub. Three things are only known while the
    plan runs, and are named fields so nothing hides in the payload:

    - ``milestone_title``: a new issue's milestone when this plan creates that milestone;
      its number joins the payload once GitHub has given it one;
    - ``block``: an issue's managed block, spliced into the body as GitHub holds it just
      before the edit, so text a person typed since the snapshot is kept;
    - ``add_labels`` / ``remove_labels``: one request each through GitHub's add and remove
      endpoints, because an edit's ``labels`` replaces the whole set, including a label a
      person added since the snapshot.

    ``close_reason`` closes a new issue right after creating it (GitHub cannot create one
    closed); ``comment`` is posted after a close.
    """

    target: Target
    action: Action
    name: str
    key: str
    number: int | None = None
    payload: Mapping[str, Any] = field(default_factory=dict)
    milestone_title: str | None = None
    block: str | None = None
    add_labels: tuple[str, ...] = ()
    remove_labels: tuple[str, ...] = ()
    close_reason: str | None = None
    comment: str | None = None

    @property
    def what(self) -> tuple[str, ...]:
        """The fields this change sets, as a person reads them."""
        what = [*self.payload]
        if self.block is not None:
            what.append("body")
        if self.add_labels or self.remove_labels:
            what.append("labels")
        if self.milestone_title is not None and "milestone" not in what:
            what.append("milestone")
        return tuple(what)

    @property
    def requests(self) -> int:
        """Write requests this change costs (the re-read of a body before its edit is a read)."""
        if self.action is Action.CLOSE:
            return 1 + (self.comment is not None)
        edit = 1 if self.action is Action.CREATE or self.payload or self.block is not None else 0
        labels = (1 if self.add_labels else 0) + len(self.remove_labels)
        return edit + labels + (self.close_reason is not None)

    def describe(self) -> str:
        subject = f"{self.target} #{self.number}" if self.number else str(self.target)
        if self.action is Action.UPDATE:
            return f"update {subject} {self.name!r} ({', '.join(self.what)})"
        if self.action is Action.CLOSE and self.payload.get("state_reason") == "duplicate":
            return f"close {subject} {self.name!r} as a duplicate ({self.key} has an older issue)"
        if self.action is Action.CLOSE:
            return f"close {subject} {self.name!r} as not planned ({self.key} left the curriculum)"
        done = " (closed as completed: marked done)" if self.close_reason else ""
        return f"create {subject} {self.name!r}{done}"


@dataclass(frozen=True)
class Plan:
    repository: str
    changes: tuple[Change, ...] = ()
    unchanged: Mapping[Target, int] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    # The newest issue number the snapshot held: any issue after it was made while this
    # plan ran, by this run or by another one running at the same time.
    newest_issue_seen: int = 0

    @property
    def write_requests(self) -> int:
        return sum(change.requests for change in self.changes)

    def summary(self) -> dict[str, dict[str, int]]:
        """Per target: how many to create, update, close, and how many are already right."""
        counts = Counter((c.target, c.action) for c in self.changes)
        return {
            str(target): {
                **{str(action): counts[(target, action)] for action in Action},
                "unchanged": self.unchanged.get(target, 0),
            }
            for target in Target
        }


def make_plan(curriculum: Curriculum, snapshot: Snapshot, *, prune: bool = False) -> Plan:
    desired = desired_state(curriculum)
    tracking = track(snapshot.issues)
    label_changes, labels_ok = plan_labels(desired.labels, snapshot.labels)
    milestone_changes, milestones_ok, milestone_numbers, adopted = plan_milestones(
        desired.milestones, snapshot.milestones
    )
    issue_changes, issues_ok, claimed = plan_issues(desired, tracking, milestone_numbers)
    prune_changes, prune_notices = plan_prune(tracking, claimed, prune=prune)
    duplicate_changes = plan_duplicates(tracking)
    return Plan(
        repository=snapshot.repository,
        changes=(
            *label_changes,
            *milestone_changes,
            *issue_changes,
            *duplicate_changes,
            *prune_changes,
        ),
        unchanged={
            Target.LABEL: labels_ok,
            Target.MILESTONE: milestones_ok,
            Target.ISSUE: issues_ok,
        },
        notices=(*adopted, *tracking_notices(tracking), *prune_notices),
        newest_issue_seen=max((issue.number for issue in snapshot.issues), default=0),
    )


# --- labels ----------------------------------------------------------------------------


def plan_labels(
    desired: Iterable[DesiredLabel], existing: Iterable[Label]
) -> tuple[list[Change], int]:
    by_name = {label.name.casefold(): label for label in existing}
    changes, unchanged = [], 0
    for want in desired:
        have = by_name.get(want.name.casefold())
        if have is None:
            payload = {"name": want.name, "color": want.color, "description": want.description}
            changes.append(
                Change(Target.LABEL, Action.CREATE, want.name, want.name, payload=payload)
            )
            continue
        fields: dict[str, Any] = {}
        if have.color.casefold() != want.color.casefold():
            fields["color"] = want.color
        if (have.description or "") != want.description:
            fields["description"] = want.description
        if fields:
            # The edit goes to the label's current name: GitHub's URL for it.
            changes.append(
                Change(Target.LABEL, Action.UPDATE, have.name, have.name, payload=fields)
            )
        else:
            unchanged += 1
    return changes, unchanged


# --- milestones ------------------------------------------------------------------------


def plan_milestones(
    desired: Iterable[DesiredMilestone], existing: Iterable[Milestone]
) -> tuple[list[Change], int, dict[str, int], list[str]]:
    """Also returns the number of every milestone that already exists, by desired title, and
    a notice for each milestone adopted under another title."""
    existing = tuple(existing)
    changes, unchanged, numbers, adopted = [], 0, {}, []
    for want in desired:
        have = find_level_milestone(want.level_number, want.title, existing)
        if have is None:
            payload: dict[str, Any] = {"title": want.title, "description": want.description}
            if want.due_on:
                payload["due_on"] = due_on_timestamp(want.due_on)
            changes.append(
                Change(Target.MILESTONE, Action.CREATE, want.title, want.title, payload=payload)
            )
            continue
        numbers[want.title] = have.number
        if have.title != want.title:
            adopted.append(
                f"milestone #{have.number} '{have.title}' is level {want.level_number}'s "
                f"(it carries the level's marker): renamed to '{want.title}'"
            )
        fields = milestone_differences(want, have)
        if fields:
            changes.append(
                Change(
                    Target.MILESTONE,
                    Action.UPDATE,
                    want.title,
                    want.title,
                    number=have.number,
                    payload=fields,
                )
            )
        else:
            unchanged += 1
    return changes, unchanged, numbers, adopted


def milestone_differences(want: DesiredMilestone, have: Milestone) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if have.title != want.title:
        fields["title"] = want.title
    # A completed level's "Completed on" line is the milestones command's record: kept.
    have_description, completion = split_completion(have.description)
    if _normalise(have_description) != _normalise(want.description):
        fields["description"] = with_completion(want.description, completion)
    # GitHub stores due dates at midnight US-Pacific: compare the dates only.
    if want.due_on and have.due_on != want.due_on:
        fields["due_on"] = due_on_timestamp(want.due_on)
    return fields


# --- issues ----------------------------------------------------------------------------


def plan_issues(
    desired: DesiredState, tracking: Tracking, milestone_numbers: Mapping[str, int]
) -> tuple[list[Change], int, set[str]]:
    """Also returns the resource ids whose issue was claimed, including followed previous ids."""
    changes: list[Change] = []
    unchanged, claimed = 0, set()
    for want in desired.issues:
        found = tracking.find(want.resource_id, want.previous_ids)
        number = milestone_numbers.get(want.milestone_title)
        if found is None:
            changes.append(new_issue(want, number))
            continue
        claimed.add(found[0])
        change = issue_update(want, found[1], number)
        if change is None:
            unchanged += 1
        else:
            changes.append(change)
    return changes, unchanged, claimed


def new_issue(want: DesiredIssue, milestone_number: int | None) -> Change:
    payload: dict[str, Any] = {"title": want.title, "body": want.block, "labels": list(want.labels)}
    if milestone_number is not None:
        payload["milestone"] = milestone_number
    return Change(
        Target.ISSUE,
        Action.CREATE,
        want.title,
        want.resource_id,
        payload=payload,
        milestone_title=None if milestone_number is not None else want.milestone_title,
        close_reason="completed" if want.done else None,
    )


def issue_update(want: DesiredIssue, have: Issue, milestone_number: int | None) -> Change | None:
    """What to send so the issue matches; never assignees or a person's text, and the state
    only to close a resource marked done whose issue was never closed (its close after
    creation was interrupted: a person's reopen leaves state_reason "reopened")."""
    payload: dict[str, Any] = {}
    if have.title != want.title:
        payload["title"] = want.title
    if milestone_number is not None and have.milestone != milestone_number:
        payload["milestone"] = milestone_number
    if want.done and have.state == "open" and have.state_reason is None:
        payload.update(state="closed", state_reason="completed")
    block = want.block if updated_body(have.body, want.block) != have.body else None
    add, remove = label_edits(have.labels, want.labels)
    pending = want.milestone_title if milestone_number is None else None
    if not (payload or block or add or remove or pending):
        return None
    return Change(
        Target.ISSUE,
        Action.UPDATE,
        want.title,
        want.resource_id,
        number=have.number,
        payload=payload,
        milestone_title=pending,
        block=block,
        add_labels=add,
        remove_labels=remove,
    )


def label_edits(
    have: Iterable[str], want: Iterable[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The labels to add, and the ones to remove: only labels the tool itself could have set
    are ever removed. Any other label, even one a person named `kind: bug`, stays."""
    have, want = tuple(have), tuple(want)
    present = {name.casefold() for name in have}
    wanted = {name.casefold() for name in want}
    add = tuple(name for name in want if name.casefold() not in present)
    remove = tuple(n for n in have if is_managed_label(n) and n.casefold() not in wanted)
    return add, remove


# --- removed resources -----------------------------------------------------------------


def plan_prune(
    tracking: Tracking, claimed: set[str], *, prune: bool
) -> tuple[list[Change], list[str]]:
    changes, notices = [], []
    for resource_id, issue in sorted(tracking.by_id.items(), key=lambda kv: kv[1].number):
        if resource_id in claimed or issue.state != "open":
            continue
        if prune:
            changes.append(
                Change(
                    Target.ISSUE,
                    Action.CLOSE,
                    issue.title,
                    resource_id,
                    number=issue.number,
                    payload={"state": "closed", "state_reason": "not_planned"},
                    comment=PRUNE_COMMENT,
                )
            )
        else:
            notices.append(
                f"issue #{issue.number} tracks '{resource_id}', which is no longer in the "
                "curriculum: run with --prune to close it as not planned"
            )
    return changes, notices


def plan_duplicates(tracking: Tracking) -> list[Change]:
    """Close the newer of two issues for one resource when nobody has touched it: what a run
    that made a copy alongside another run, then stopped before tidying up, leaves behind."""
    return [
        Change(
            Target.ISSUE,
            Action.CLOSE,
            d.ignored.title,
            d.resource_id,
            number=d.ignored.number,
            payload={"state": "closed", "state_reason": "duplicate"},
            comment=DUPLICATE_COMMENT.format(kept=d.kept.number),
        )
        for d in tracking.duplicates
        if untouched_copy(d.ignored, d.kept)
    ]


def untouched_copy(issue: Issue, kept: Issue) -> bool:
    """Open, as the tool made it: the older issue's title, its body only the block, its labels
    only the tool's, and no comment. A copy a person made or used is theirs to close."""
    return (
        issue.state == "open"
        and issue.title == kept.title
        and body_is_only_the_block(issue.body)
        and issue.comments == 0
        and all(is_managed_label(name) for name in issue.labels)
    )


def tracking_notices(tracking: Tracking) -> list[str]:
    notices = [
        f"issues #{d.kept.number} and #{d.ignored.number} both track '{d.resource_id}': "
        f"#{d.kept.number}, the oldest, is kept and #{d.ignored.number} is left alone"
        for d in tracking.duplicates
        # A copy already closed as a duplicate, or about to be, needs no one's eyes.
        if d.ignored.state_reason != "duplicate" and not untouched_copy(d.ignored, d.kept)
    ]
    notices += [
        f"ignored issue #{i.number}: it carries the marker of '{i.resource_id}' but was opened by "
        f"@{i.author} ({i.author_association.lower()}), who cannot push to this repository"
        for i in tracking.untrusted
    ]
    return notices


def _normalise(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()
