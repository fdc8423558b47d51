"""Views for people and scripts: a plan as text, Markdown and JSON; progress as a terminal
table and JSON. Pure: the command line prints what these return.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

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


def status_table(progress: Progress) -> str:
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
    return "\n".join(lines)
