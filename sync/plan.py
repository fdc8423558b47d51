"""The plan: a pure diff between the desired state and a snapshot of the repository.

``make_plan`` decides every write before any is made, so ``plan`` and ``apply``
can never disagree, and a dry run is just not executing the plan.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sync.curriculum import Curriculum
from sync.desired import (
    DesiredIssue,
    DesiredLabel,
    DesiredMilestone,
    DesiredState,
    desired_state,
    is_managed_label,
)
from sync.snapshot import (
    Issue,
    Label,
    Milestone,
    Snapshot,
    Tracking,
    block_content,
    splice_block,
    track,
)

LABEL, MILESTONE, ISSUE = "label", "milestone", "issue"
CREATE, UPDATE, CLOSE = "create", "update", "close"
PRUNE_COMMENT = (
    "Closed as not planned: this resource is no longer in `curriculum.yaml`. Reopen it to keep it."
)


@dataclass(frozen=True)
class Change:
    """One write to make. ``fields`` holds exactly what will be sent."""

    target: str
    action: str
    name: str
    key: str
    fields: Mapping[str, Any] = field(default_factory=dict)
    number: int | None = None

    @property
    def requests(self) -> int:
        """Write requests this change costs: a close is an edit plus a comment, a done issue
        is created and then closed (GitHub cannot create an issue closed)."""
        if self.action == CLOSE:
            return 2
        if self.action == CREATE and self.fields.get("state_reason"):
            return 2
        return 1

    def describe(self) -> str:
        subject = f"{self.target} #{self.number}" if self.number else self.target
        if self.action == UPDATE:
            return f"update {subject} {self.name!r} ({', '.join(self.fields)})"
        if self.action == CLOSE:
            return f"close {subject} {self.name!r} as not planned ({self.key} left the curriculum)"
        done = " (closed as completed: marked done)" if self.fields.get("state_reason") else ""
        return f"create {subject} {self.name!r}{done}"


@dataclass(frozen=True)
class Plan:
    repository: str
    changes: tuple[Change, ...] = ()
    unchanged: Mapping[str, int] = field(default_factory=dict)
    notices: tuple[str, ...] = ()

    @property
    def write_requests(self) -> int:
        return sum(change.requests for change in self.changes)

    def summary(self) -> dict[str, dict[str, int]]:
        """Per target: how many to create, update, close, and how many are already right."""
        counts = Counter((c.target, c.action) for c in self.changes)
        return {
            target: {
                CREATE: counts[(target, CREATE)],
                UPDATE: counts[(target, UPDATE)],
                CLOSE: counts[(target, CLOSE)],
                "unchanged": self.unchanged.get(target, 0),
            }
            for target in (LABEL, MILESTONE, ISSUE)
        }


def make_plan(curriculum: Curriculum, snapshot: Snapshot, *, prune: bool = False) -> Plan:
    desired = desired_state(curriculum)
    tracking = track(snapshot.issues)
    label_changes, labels_ok = plan_labels(desired.labels, snapshot.labels)
    milestone_changes, milestones_ok, milestone_numbers = plan_milestones(
        desired.milestones, snapshot.milestones
    )
    issue_changes, issues_ok, claimed = plan_issues(desired, tracking, milestone_numbers)
    prune_changes, prune_notices = plan_prune(tracking, claimed, prune=prune)
    return Plan(
        repository=snapshot.repository,
        changes=(*label_changes, *milestone_changes, *issue_changes, *prune_changes),
        unchanged={LABEL: labels_ok, MILESTONE: milestones_ok, ISSUE: issues_ok},
        notices=(*tracking_notices(tracking), *prune_notices),
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
            fields = {"name": want.name, "color": want.color, "description": want.description}
            changes.append(Change(LABEL, CREATE, want.name, want.name, fields))
            continue
        fields = {}
        if have.color.casefold() != want.color.casefold():
            fields["color"] = want.color
        if (have.description or "") != want.description:
            fields["description"] = want.description
        if fields:
            # The edit goes to the label's current name: GitHub's URL for it.
            changes.append(Change(LABEL, UPDATE, have.name, have.name, fields))
        else:
            unchanged += 1
    return changes, unchanged


# --- milestones ------------------------------------------------------------------------


def plan_milestones(
    desired: Iterable[DesiredMilestone], existing: Iterable[Milestone]
) -> tuple[list[Change], int, dict[str, int]]:
    """Also returns the number of every milestone that already exists, by desired title."""
    existing = list(existing)
    changes, unchanged, numbers = [], 0, {}
    for want in desired:
        have = find_milestone(want, existing)
        if have is None:
            fields = {"title": want.title, "description": want.description}
            if want.due_on:
                fields["due_on"] = want.due_on
            changes.append(Change(MILESTONE, CREATE, want.title, want.title, fields))
            continue
        numbers[want.title] = have.number
        fields = milestone_differences(want, have)
        if fields:
            changes.append(Change(MILESTONE, UPDATE, want.title, want.title, fields, have.number))
        else:
            unchanged += 1
    return changes, unchanged, numbers


def find_milestone(want: DesiredMilestone, existing: list[Milestone]) -> Milestone | None:
    """By title; failing that by its "Level N:" prefix, so renaming a level renames its milestone.
    Closed milestones count too: GitHub refuses a second milestone with the same title."""
    for milestone in existing:
        if milestone.title == want.title:
            return milestone
    for milestone in existing:
        if milestone.title.startswith(want.title_prefix):
            return milestone
    return None


def milestone_differences(want: DesiredMilestone, have: Milestone) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if have.title != want.title:
        fields["title"] = want.title
    if _normalise(have.description) != _normalise(want.description):
        fields["description"] = want.description
    # GitHub stores due dates at midnight US-Pacific: compare the dates only.
    if want.due_on and have.due_on != want.due_on:
        fields["due_on"] = want.due_on
    return fields


# --- issues ----------------------------------------------------------------------------


def plan_issues(
    desired: DesiredState, tracking: Tracking, milestone_numbers: Mapping[str, int]
) -> tuple[list[Change], int, set[str]]:
    """Also returns the resource ids whose issue was claimed, including followed previous ids."""
    changes, unchanged, claimed = [], 0, set()
    for want in desired.issues:
        found = next(
            (
                (rid, tracking.by_id[rid])
                for rid in (want.resource_id, *want.previous_ids)
                if rid in tracking.by_id
            ),
            None,
        )
        if found is None:
            changes.append(Change(ISSUE, CREATE, want.title, want.resource_id, new_issue(want)))
            continue
        claimed.add(found[0])
        fields = issue_differences(want, found[1], milestone_numbers.get(want.milestone_title))
        if fields:
            changes.append(
                Change(ISSUE, UPDATE, want.title, want.resource_id, fields, found[1].number)
            )
        else:
            unchanged += 1
    return changes, unchanged, claimed


def new_issue(want: DesiredIssue) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "title": want.title,
        "body": want.block,
        "labels": list(want.labels),
        "milestone": want.milestone_title,
    }
    if want.done:
        fields["state_reason"] = "completed"
    return fields


def issue_differences(
    want: DesiredIssue, have: Issue, milestone_number: int | None
) -> dict[str, Any]:
    """What to send so the issue matches; never assignees or a person's text, and the state
    only to close a resource marked done whose issue was never closed (its close after
    creation was interrupted: a person's reopen leaves state_reason "reopened")."""
    fields: dict[str, Any] = {}
    if have.title != want.title:
        fields["title"] = want.title
    body = updated_body(have.body, want.block)
    if body != have.body:
        fields["body"] = body
    labels = merged_labels(have.labels, want.labels)
    if labels is not None:
        fields["labels"] = labels
    if milestone_number is None or have.milestone != milestone_number:
        fields["milestone"] = want.milestone_title
    if want.done and have.state == "open" and have.state_reason is None:
        fields.update(state="closed", state_reason="completed")
    return fields


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


def merged_labels(have: tuple[str, ...], want: tuple[str, ...]) -> list[str] | None:
    """GitHub replaces the whole label set on edit: send a person's labels back with ours.
    None when nothing would change."""
    wanted = {name.casefold() for name in want}
    kept = [name for name in have if not is_managed_label(name) or name.casefold() in wanted]
    present = {name.casefold() for name in kept}
    merged = kept + [name for name in want if name.casefold() not in present]
    if {n.casefold() for n in merged} == {n.casefold() for n in have}:
        return None
    return merged


# --- removed resources -----------------------------------------------------------------


def plan_prune(
    tracking: Tracking, claimed: set[str], *, prune: bool
) -> tuple[list[Change], list[str]]:
    changes, notices = [], []
    for resource_id, issue in sorted(tracking.by_id.items(), key=lambda kv: kv[1].number):
        if resource_id in claimed:
            continue
        if issue.state != "open":
            continue
        if prune:
            fields = {"state_reason": "not_planned", "comment": PRUNE_COMMENT}
            changes.append(Change(ISSUE, CLOSE, issue.title, resource_id, fields, issue.number))
        else:
            notices.append(
                f"issue #{issue.number} tracks '{resource_id}', which is no longer in the "
                "curriculum: run with --prune to close it as not planned"
            )
    return changes, notices


def tracking_notices(tracking: Tracking) -> list[str]:
    notices = [
        f"issues #{d.kept.number} and #{d.ignored.number} both track '{d.resource_id}': "
        f"#{d.kept.number}, the oldest, is kept and #{d.ignored.number} is left alone"
        for d in tracking.duplicates
    ]
    notices += [
        f"ignored issue #{i.number}: it carries the marker of '{i.resource_id}' but was opened by "
        f"@{i.author} ({i.author_association.lower()}), who cannot push to this repository"
        for i in tracking.untrusted
    ]
    return notices


def _normalise(text: str | None) -> str:
    return (text or "").replace("\r\n", "\n").strip()


# --- showing a plan --------------------------------------------------------------------

_SYMBOL = {CREATE: "+", UPDATE: "~", CLOSE: "-"}


def plan_as_text(plan: Plan) -> str:
    lines = [f"Plan for {plan.repository}:"]
    lines += [f"  {_SYMBOL[c.action]} {c.describe()}" for c in plan.changes]
    if not plan.changes:
        lines.append("  nothing to change")
    lines += [f"  ! {notice}" for notice in plan.notices]
    lines.append(summary_line(plan.summary()))
    return "\n".join(lines)


_PAST = {CREATE: "created", UPDATE: "updated", CLOSE: "closed"}


def summary_line(summary: Mapping[str, Mapping[str, int]], *, done: bool = False) -> str:
    """'labels: 3 to create, 18 unchanged; …', or once applied '3 created, …'."""
    parts = []
    for target, counts in summary.items():
        done_ = [
            f"{n} {_PAST[action] if done else f'to {action}'}"
            for action, n in counts.items()
            if n and action != "unchanged"
        ]
        done_.append(f"{counts['unchanged']} unchanged")
        parts.append(f"{target}s: {', '.join(done_)}")
    return "; ".join(parts)


def plan_as_json(plan: Plan) -> str:
    return json.dumps(
        {
            "repository": plan.repository,
            "changes": [
                {
                    "target": c.target,
                    "action": c.action,
                    "name": c.name,
                    "key": c.key,
                    "number": c.number,
                    "fields": {k: _jsonable(v) for k, v in c.fields.items()},
                }
                for c in plan.changes
            ],
            "notices": list(plan.notices),
            "summary": plan.summary(),
            "write_requests": plan.write_requests,
        },
        indent=2,
        ensure_ascii=False,
    )


def plan_as_markdown(plan: Plan, *, heading: str, applied: bool = False) -> str:
    """For GITHUB_STEP_SUMMARY, so the Actions run page shows what changed."""
    lines = [f"### {heading}", ""]
    if plan.changes:
        lines += ["| Change | What | Fields |", "| --- | --- | --- |"]
        lines += [
            f"| {c.action} {c.target}{f' #{c.number}' if c.number else ''} "
            f"| {_cell(c.name)} | {_cell(', '.join(c.fields))} |"
            for c in plan.changes
        ]
    else:
        lines.append("Nothing to change: the repository matches `curriculum.yaml`.")
    lines += [
        "",
        *[f"- {_cell(n)}" for n in plan.notices],
        "",
        summary_line(plan.summary(), done=applied),
        "",
    ]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value
