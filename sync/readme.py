"""The README's generated region and the progress chart, rendered from templates, and the splice.

Only what lies between the two marker lines is ours; every byte around them belongs to a
person and is kept as it is (line endings included). Pure: the CLI reads and writes files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from markdown_it import MarkdownIt

from sync.badge import Share, badge, render_badge
from sync.curriculum import Curriculum, Level, Section
from sync.errors import RegionError
from sync.notes import escape_markdown
from sync.pace import LevelSchedule, Schedule, per_week, schedule
from sync.progress import (
    DONE,
    LevelProgress,
    Progress,
    ResourceProgress,
    percent,
    share,
)
from sync.templates import render, render_markdown
from sync.text import inert, table_cell

BEGIN_MARKER = "<!-- curriculum-sync:readme:begin -->"
END_MARKER = "<!-- curriculum-sync:readme:end -->"

REGION_TEMPLATE = "readme_region.md.j2"
CHART_TEMPLATE = "chart_progress.svg.j2"
BAR_WIDTH = 10


# --- the whole job ---------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    readme: str
    chart: str
    badge: str


def regenerate(
    readme_text: str,
    curriculum: Curriculum,
    progress: Progress,
    *,
    chart_path: str,
    badge_path: str = "assets/badge.svg",
    share: Share | None = None,
) -> Rendered:
    """The README with its region brought up to date, the chart's and the badge's SVG.
    Raises RegionError."""
    region = render_region(
        curriculum, progress, chart_path=chart_path, badge_path=badge_path, share=share
    )
    return Rendered(
        splice_region(readme_text, region),
        render_chart(curriculum, progress),
        render_badge(curriculum, progress),
    )


# --- splicing --------------------------------------------------------------------------

# Block structure only: which lines are code, HTML or text. Inline parsing would triple the
# time on a 10,000-resource README and says nothing about where a block starts.
_BLOCKS = MarkdownIt("commonmark").disable("inline")
_NEWLINE = re.compile(r"\r\n|\r|\n")
_BOM = "\ufeff"


@dataclass(frozen=True)
class _Line:
    number: int
    start: int
    end: int  # just past the line's newline (or the end of the text)
    crlf: bool


def splice_region(readme_text: str, region: str) -> str:
    """Replace what lies between the marker lines with ``region``; the rest stays byte for byte.

    The region is made inert first, so whatever the curriculum says can never read as a
    marker or hide the end marker from the next run."""
    begin, end = _region_bounds(readme_text)
    newline = "\r\n" if begin.crlf else "\n"
    body = inert(region).replace("\r\n", "\n").strip("\n").replace("\n", newline)
    middle = f"{newline}{body}{newline}{newline}" if body else newline
    return readme_text[: begin.end] + middle + readme_text[end.start :]


def _region_bounds(text: str) -> tuple[_Line, _Line]:
    begins, ends = _marker_lines(text)
    b, e = f"`{BEGIN_MARKER}`", f"`{END_MARKER}`"
    if not begins and not ends:
        raise RegionError(
            f"no generated region: add a line {b} and, below it, a line {e} "
            "where the progress should appear"
        )
    if len(begins) > 1:
        raise RegionError(
            f"{b} appears on lines {_numbers(begins)}: keep exactly one, with one {e} line below it"
        )
    if len(ends) > 1:
        raise RegionError(
            f"{e} appears on lines {_numbers(ends)}: keep exactly one, below the one {b} line"
        )
    if not begins:
        raise RegionError(
            f"no line {b}: add it above the line {e} (line {ends[0].number}) "
            "where the progress should start"
        )
    if not ends:
        raise RegionError(
            f"no line {e}: add it below the line {b} (line {begins[0].number}) "
            "where the progress should end"
        )
    if ends[0].start < begins[0].start:
        raise RegionError(
            f"the line {e} (line {ends[0].number}) comes before the line {b} "
            f"(line {begins[0].number}): swap them so {b} comes first"
        )
    return begins[0], ends[0]


def _marker_lines(text: str) -> tuple[list[_Line], list[_Line]]:
    """The marker lines as GitHub reads the README: a line holding only a marker counts when it
    is an HTML comment of its own, not when it is shown in a code block (fenced, even one left
    open, or indented) or sits inside a larger comment."""
    # A byte-order mark belongs to the file, not to its first line (an editor on Windows
    # may add one): look past it, and keep it when the file is written back.
    skip = len(_BOM) if text.startswith(_BOM) else 0
    lines = _split_lines(text, skip)
    wanted: dict[str, list[_Line]] = {BEGIN_MARKER: [], END_MARKER: []}
    candidates = {
        index for index, line in enumerate(lines) if _line_text(text, line).strip() in wanted
    }
    if not candidates:
        return [], []
    for token in _BLOCKS.parse(text[skip:]):
        if token.type != "html_block" or token.map is None:
            continue
        first, past = token.map
        opened = False  # inside a comment begun on an earlier line of this block
        for index in range(first, past):
            line_text = _line_text(text, lines[index])
            if index in candidates and not opened:
                wanted[line_text.strip()].append(lines[index])
            opened = _opens_comment(line_text, opened)
    return wanted[BEGIN_MARKER], wanted[END_MARKER]


def _split_lines(text: str, skip: int) -> list[_Line]:
    # Line breaks as CommonMark counts them, so token line numbers and ours agree.
    lines, start, number = [], skip, 1
    for match in _NEWLINE.finditer(text, skip):
        lines.append(_Line(number, start, match.end(), match[0] == "\r\n"))
        start, number = match.end(), number + 1
    if start < len(text) or not lines:
        lines.append(_Line(number, start, len(text), False))
    return lines


def _line_text(text: str, line: _Line) -> str:
    return text[line.start : line.end].rstrip("\r\n")


def _opens_comment(line: str, opened: bool) -> bool:
    """Whether an HTML comment is still open after ``line``."""
    at = 0
    while True:
        if opened:
            close = line.find("-->", at)
            if close < 0:
                return True
            opened, at = False, close + 3
        else:
            start = line.find("<!--", at)
            if start < 0:
                return False
            opened, at = True, start + 4


def _numbers(lines: list[_Line]) -> str:
    numbers = [str(line.number) for line in lines]
    return ", ".join(numbers[:-1]) + " and " + numbers[-1]


# --- the region ------------------------------------------------------------------------


def render_region(
    curriculum: Curriculum,
    progress: Progress,
    *,
    chart_path: str,
    badge_path: str = "assets/badge.svg",
    share: Share | None = None,
) -> str:
    """The Markdown between the markers: summary, pace, chart, badge, every level's checklist,
    notes."""
    plan = schedule(curriculum, progress)
    return render_markdown(
        REGION_TEMPLATE,
        curriculum=curriculum,
        summary=_summary(progress, plan, chart_path),
        journal=_journal(curriculum, progress, plan, badge_path, share),
        levels=[_level_view(level, progress) for level in curriculum.levels],
    )


def text_bar(done: int, skipped: int, total: int, *, width: int = BAR_WIDTH) -> str:
    """``█████░░░░░ 50%``: done out of what is not skipped, rounded down."""
    filled = share(done, total - skipped, width)
    return f"{'█' * filled}{'░' * (width - filled)} {percent(done, skipped, total)}%"


def chart_alt_text(progress: Progress) -> str:
    levels = ", ".join(
        f"Level {level.number} {level.done} of {level.counted} done" for level in progress.levels
    )
    counted = progress.counted
    return f"Progress chart: {levels}; {progress.done} of {counted} overall"


def _summary(progress: Progress, plan: Schedule, chart_path: str) -> dict[str, Any]:
    current = progress.current
    levels = [(level, plan.of(level.number)) for level in progress.levels]
    columns = {
        # Each column only when it says something for at least one level.
        "completed": any(s and s.completed_on for _, s in levels),
        "projected": any(s and s.projected_finish for _, s in levels),
        "due": any(s and s.due for _, s in levels),
    }
    return {
        "columns": columns,
        "extra_header": "".join(f" {name} |" for key, name in _SCHEDULE_COLUMNS if columns[key]),
        "extra_rule": " --- |" * sum(columns.values()),
        "done": progress.done,
        "total": progress.total,
        # Skipped resources leave the denominator: "3 of 63" once one of 64 is skipped.
        "counted": progress.counted,
        "percent": progress.percent,
        "as_of": _date(progress.as_of),
        "rows": [_summary_row(level, sched, columns) for level, sched in levels],
        "overall_bar": text_bar(progress.done, progress.skipped, progress.total),
        "skipped": progress.skipped,
        "optional_done": progress.optional_done,
        "optional_total": progress.optional_total,
        "current": table_cell(current.milestone_title) if current else None,
        "recent": _recent(progress, plan),
        "chart_alt": chart_alt_text(progress),
        "chart_path": quote(chart_path, safe="/._-~"),
    }


_SCHEDULE_COLUMNS = (("completed", "Completed"), ("projected", "Projected finish"), ("due", "Due"))


def _summary_row(
    level: LevelProgress, sched: LevelSchedule | None, columns: dict[str, bool]
) -> dict[str, Any]:
    title = table_cell(level.milestone_title)
    cells = {
        "completed": _date(sched.completed_on) if sched else None,
        "projected": _date(sched.projected_finish) if sched else None,
        "due": (
            f"{sched.due.isoformat()}" + (f" · {sched.due_status}" if sched.due_status else "")
            if sched and sched.due
            else None
        ),
    }
    return {
        "extra": "".join(f" {cells[key] or '—'} |" for key, _ in _SCHEDULE_COLUMNS if columns[key]),
        "level": f"[{title}]({level.milestone_url})" if level.milestone_url else title,
        "done": level.done,
        "skipped": level.skipped,
        "total": level.total,
        "bar": text_bar(level.done, level.skipped, level.total),
        "optional": (
            f"{level.optional_done} of {level.optional_total}" if level.optional_total else "—"
        ),
    }


def _recent(progress: Progress, plan: Schedule) -> list[dict[str, Any]]:
    """The latest finished resources, with a "Level N complete" line on the day a level was,
    when that day falls among them."""
    events: list[dict[str, Any]] = [
        {"date": item.closed_on, "level": None, "item": item} for item in progress.recent
    ]
    oldest = min((e["date"] for e in events), default=None)
    events += [
        {"date": s.completed_on, "level": s.number, "item": None}
        for s in plan.levels
        if s.completed_on and oldest and s.completed_on >= oldest
    ]
    # Newest first; on one day the level's completion heads the resources that completed it.
    events.sort(key=lambda e: (e["date"], e["level"] is not None), reverse=True)
    return events


def _journal(
    curriculum: Curriculum,
    progress: Progress,
    plan: Schedule,
    badge_path: str,
    share: Share | None,
) -> dict[str, Any]:
    current = progress.current
    ahead = plan.of(current.number) if current else None
    b = badge(curriculum, progress)
    return {
        "recent_pace": per_week(plan.pace.recent),
        "recent_weeks": plan.pace.recent_weeks,
        "overall_pace": per_week(plan.pace.overall),
        "current_finish": _date(ahead.projected_finish) if ahead else None,
        "current": current.milestone_title if current else None,
        "finish": _date(plan.projected_finish),
        "completed_on": _date(plan.completed_on),
        "badge_alt": escape_markdown(b.alt),
        # Pasted elsewhere, the text must stay true as the image changes: no level in it.
        "share_alt": escape_markdown(f"{curriculum.title}: progress"),
        "badge_path": quote(badge_path, safe="/._-~"),
        "share": share,
    }


def _level_view(level: Level, progress: Progress) -> dict[str, Any]:
    return {
        "heading": level.milestone_title,
        "objective": level.objective,
        "goals": level.goals,
        "sections": [_section_view(level, section, progress) for section in level.sections],
    }


def _section_view(level: Level, section: Section, progress: Progress) -> dict[str, Any]:
    items = [
        progress.of(resource.id)
        or ResourceProgress(resource, level.number, section.title, section.optional)
        for resource in section.resources
    ]
    return {
        "title": section.title,
        "optional": section.optional,
        "note": section.note,
        "entries": items,
    }


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# --- the chart -------------------------------------------------------------------------

_WIDTH = 720
_PAD = 24
_BAR_X = 104
_BAR_WIDTH = 440
_ROW = 32
_PLOT_LEFT = 56
_PLOT_RIGHT = _WIDTH - 56
_PLOT_HEIGHT = 150


def render_chart(curriculum: Curriculum, progress: Progress) -> str:
    """A standalone SVG: a bar per level and the cumulative count of finished resources."""
    return render(CHART_TEMPLATE, **_chart(curriculum, progress))


def _chart(curriculum: Curriculum, progress: Progress) -> dict[str, Any]:
    bars_top = 84
    bars = [_bar(level, bars_top + index * _ROW) for index, level in enumerate(progress.levels)]
    legend_y = bars_top + len(bars) * _ROW + 12
    plot_title_y = legend_y + 44
    plot_top = plot_title_y + 20
    plot_bottom = plot_top + _PLOT_HEIGHT
    height = plot_bottom + 40
    line = _timeline(progress, top=plot_top, bottom=plot_bottom)
    return {
        "width": _WIDTH,
        "height": height,
        "title": f"{curriculum.title}: progress",
        "desc": _chart_description(progress, line),
        "headline": f"{progress.done} of {progress.counted} resources done "
        f"({progress.percent}%)" + (f", {progress.skipped} skipped" if progress.skipped else ""),
        "as_of": _date(progress.as_of),
        "pad": _PAD,
        "bars": bars,
        "bar_x": _BAR_X,
        "bar_width": _BAR_WIDTH,
        "count_x": _BAR_X + _BAR_WIDTH + 12,
        "legend_y": legend_y,
        "legend": [
            {"x": _PAD + offset, "label": label, "color": color, "stroke": _AXIS_COLOR}
            for offset, (label, color) in zip(
                (0, 80, 176),
                (("Done", _DONE_COLOR), ("Skipped", _SKIPPED_COLOR), ("To do", _TODO_COLOR)),
                strict=True,
            )
        ],
        "plot_title_y": plot_title_y,
        "plot": line,
        "colors": {
            "done": _DONE_COLOR,
            "skipped": _SKIPPED_COLOR,
            "todo": _TODO_COLOR,
            "text": "#1f2328",
            "muted": "#59636e",
            "axis": _AXIS_COLOR,
        },
    }


_DONE_COLOR = "#1f883d"
_SKIPPED_COLOR = "#8c959f"
_TODO_COLOR = "#eaeef2"
_AXIS_COLOR = "#d0d7de"


def _bar(level: LevelProgress, y: int) -> dict[str, Any]:
    scale = _BAR_WIDTH / level.total if level.total else 0.0
    done_width = level.done * scale
    skipped_width = level.skipped * scale
    count = f"{level.done}/{level.counted}"
    if level.skipped:
        count += f" ({level.skipped} skipped)"
    return {
        "number": level.number,
        "label": f"Level {level.number}",
        "title": f"{level.milestone_title}: {level.done} of {level.counted} done",
        "y": y,
        "text_y": y + 20,
        "bar_y": y + 8,
        "done_width": _num(done_width),
        "skipped_x": _num(_BAR_X + done_width),
        "skipped_width": _num(skipped_width),
        "done": level.done,
        "skipped": level.skipped,
        "total": level.total,
        "count": count,
    }


def _timeline(progress: Progress, *, top: int, bottom: int) -> dict[str, Any]:
    """Cumulative required resources done per day, as a step line over the dates they closed."""
    done = [
        item
        for level in progress.levels
        for item in level.resources
        if item.status == DONE and not item.optional
    ]
    per_day: dict[dt.date, int] = {}
    undated = 0
    for item in done:
        if item.closed_on is None:
            undated += 1
        else:
            per_day[item.closed_on] = per_day.get(item.closed_on, 0) + 1
    days = sorted(per_day)
    top_value = max(progress.total, len(done), 1)

    def y(count: int) -> float:
        return bottom - count * (bottom - top) / top_value

    points, path = [], ""
    if days:
        first, last = days[0], days[-1]
        span = (last - first).days

        def x(day: dt.date) -> float:
            if span == 0:
                return (_PLOT_LEFT + _PLOT_RIGHT) / 2
            return _PLOT_LEFT + (day - first).days * (_PLOT_RIGHT - _PLOT_LEFT) / span

        count = undated
        start_x = _PLOT_LEFT if span == 0 else x(first)
        steps = [f"M{_num(start_x)},{_num(y(count))}"]
        for day in days:
            count += per_day[day]
            steps.append(f"H{_num(x(day))}V{_num(y(count))}")
            points.append(
                {"x": _num(x(day)), "y": _num(y(count)), "count": count, "date": _date(day)}
            )
        if span == 0:
            steps.append(f"H{_num(_PLOT_RIGHT)}")
        path = "".join(steps)
    return {
        "left": _PLOT_LEFT,
        "right": _PLOT_RIGHT,
        "top": top,
        "bottom": bottom,
        "middle_x": _num((_PLOT_LEFT + _PLOT_RIGHT) / 2),
        "middle_y": _num((top + bottom) / 2),
        "max": top_value,
        "path": path,
        "points": points,
        "final": points[-1]["count"] if points else undated,
        "first_date": _date(days[0]) if days else None,
        "last_date": _date(days[-1]) if days else None,
        "date_y": bottom + 18,
        "empty_text": (
            f"No dates yet for the {undated} done" if undated else "No resources finished yet"
        ),
    }


def _chart_description(progress: Progress, line: dict[str, Any]) -> str:
    parts = [
        f"{level.milestone_title}: {level.done} of {level.total} done"
        + (f", {level.skipped} skipped" if level.skipped else "")
        + "."
        for level in progress.levels
    ]
    parts.append(f"Overall {progress.done} of {progress.total} done ({progress.percent}%).")
    if line["first_date"] is None:
        parts.append("No dated completions yet.")
    elif line["first_date"] == line["last_date"]:
        parts.append(f"{line['final']} finished by {line['last_date']}.")
    else:
        parts.append(
            f"Finished over time: {line['final']} between {line['first_date']} "
            f"and {line['last_date']}."
        )
    return " ".join(parts)


def _num(value: float) -> str:
    """Fixed precision, so the same state always gives the same bytes."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
