"""Views for people and scripts: a plan as text, Markdown and JSON; progress as a terminal
table and JSON. Pure: the command line prints what these return.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from sync.pace import Schedule, per_week
from sync.plan import Action, Change, Plan
from sync.progress import LevelProgress, Progress
from sync.readme import text_bar
from sync.text import table_cell

# --- a plan ----------------------------------------------------------------------------

_SYMBOL = {Action.CREATE: "+", Action.UPDATE: "~", Action.CLOSE: "-"}
_PAST = {"create": "created", "update": "updated", "close": "closed"}


def plan_as_text(plan: Plan) -> str:
    lines = [f"Plan for {plan.repository}:"]
    lines += [f"  {_SYMBOL[c.action]} {c.describe()}" for c in plan.changes]
    if not plan.changes:
        lines.append("  nothing to change")
    lines += [f"  ! {notice}" for notice in plan.notices]
    lines.append(summary_line(plan.summary()))
    return "\n".join(lines)


def summary_line(summary: Mapping[str, Mapping[str, int]], *, done: bool = False) -> str:
    """'labels: 3 to create, 18 unchanged; …', or once applied '3 created, …'."""
    parts = []
    for target, counts in summary.items():
        said = [
            f"{n} {_PAST[action] if done else f'to {action}'}"
            for action, n in counts.items()
            if n and action != "unchanged"
        ]
        said.append(f"{counts['unchanged']} unchanged")
        parts.append(f"{target}s: {', '.join(said)}")
    return "; ".join(parts)


def change_as_json(change: Change) -> dict[str, Any]:
    """Exactly what will be sent, and the parts only known while the plan runs, named."""
    return {
        "target": str(change.target),
        "action": str(change.action),
        "name": change.name,
        "key": change.key,
        "number": change.number,
        "payload": dict(change.payload),
        "milestone_title": change.milestone_title,
        "block": change.block,
        "add_labels": list(change.add_labels),
        "remove_labels": list(change.remove_labels),
        "close_reason": change.close_reason,
        "comment": change.comment,
        "write_requests": change.requests,
    }


def plan_as_json(plan: Plan) -> str:
    return json.dumps(
        {
            "repository": plan.repository,
            "changes": [change_as_json(c) for c in plan.changes],
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
            f"| {table_cell(c.name)} | {table_cell(', '.join(c.what))} |"
            for c in plan.changes
        ]
    else:
        lines.append("Nothing to change: the repository matches `curriculum.yaml`.")
    lines += [
        "",
        *[f"- {table_cell(n)}" for n in plan.notices],
        "",
        summary_line(plan.summary(), done=applied),
        "",
    ]
    return "\n".join(lines)


# --- progress --------------------------------------------------------------------------


def progress_as_json(p: Progress, plan: Schedule) -> dict[str, Any]:
    """For ``status --json``: plain numbers, dates as ``YYYY-MM-DD``, null when unknown."""
    current = p.current
    levels = []
    for level in p.levels:
        sched = plan.of(level.number)
        levels.append(
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
                "completed_on": _iso(sched.completed_on) if sched else None,
                "projected_finish": _iso(sched.projected_finish) if sched else None,
                "due": _iso(sched.due) if sched else None,
                "due_status": sched.due_status if sched else None,
                "resources": [
                    {
                        "id": item.resource.id,
                        "status": item.status,
                        "optional": item.optional,
                        "issue": item.issue_number,
                        "closed_on": _iso(item.closed_on),
                        "note_url": item.note.url if item.note else None,
                    }
                    for item in level.resources
                ],
            }
        )
    return {
        "as_of": _iso(p.as_of),
        "current_level": current.number if current else None,
        "levels": levels,
        "overall": {
            "done": p.done,
            "skipped": p.skipped,
            "in_progress": p.in_progress,
            "total": p.total,
            "percent": p.percent,
            "optional_done": p.optional_done,
            "optional_total": p.optional_total,
            "pace_per_week": _rate(plan.pace.recent),
            "pace_per_week_since_start": _rate(plan.pace.overall),
            "completed_on": _iso(plan.completed_on),
            "projected_finish": _iso(plan.projected_finish),
        },
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _rate(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


# --- the terminal ----------------------------------------------------------------------


def _status_row(name: str, counts: LevelProgress | Progress) -> tuple[str, ...]:
    """One line of the status table: a level, or all levels (both count the same way)."""
    optional = f"{counts.optional_done}/{counts.optional_total}" if counts.optional_total else "-"
    return (
        name,
        str(counts.done),
        str(counts.skipped),
        str(counts.in_progress),
        str(counts.total),
        f"{counts.percent}%",
        optional,
        text_bar(counts.done, counts.skipped, counts.total).split(" ")[0],
    )


def status_table(progress: Progress, plan: Schedule | None = None) -> str:
    """Progress per level for a terminal: aligned columns, an overall line, the current level."""
    header = ("Level", "Done", "Skipped", "In progress", "Total", "Percent", "Optional", "")
    rows = [_status_row(level.milestone_title, level) for level in progress.levels]
    overall = _status_row("Overall", progress)
    table = [header, *rows, overall]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:-1], widths[1:-1], strict=True)]
        cells.append(row[-1])
        return "  ".join(cells).rstrip()

    rule = "-" * len(line(tuple("-" * w for w in widths)))
    lines = [line(header), rule, *map(line, rows), rule, line(overall)]
    current = progress.current
    lines.append(
        f"Current level: {current.milestone_title}" if current else "Every level finished."
    )
    if progress.as_of:
        lines.append(f"As of {progress.as_of.isoformat()}")
    if plan is not None:
        lines += _schedule_lines(progress, plan)
    return "\n".join(lines)


def _schedule_lines(progress: Progress, plan: Schedule) -> list[str]:
    lines = []
    if plan.pace.recent:
        lines.append(
            f"Pace: {per_week(plan.pace.recent)} a week lately "
            f"({per_week(plan.pace.overall)} a week since the first)"
        )
    for level in progress.levels:
        sched = plan.of(level.number)
        if sched is None:
            continue
        said = []
        if sched.completed_on:
            said.append(f"completed {sched.completed_on.isoformat()}")
        elif sched.projected_finish:
            said.append(f"projected {sched.projected_finish.isoformat()}")
        if sched.due:
            said.append(
                f"due {sched.due.isoformat()}"
                + (f", {sched.due_status}" if sched.due_status else "")
            )
        if said:
            lines.append(f"{level.milestone_title}: {'; '.join(said)}")
    if plan.projected_finish:
        lines.append(f"Whole guide projected: {plan.projected_finish.isoformat()}")
    return lines
