"""The outline → the curriculum: every task a resource with its id, kind and tick.

A task written by this tool's own README carries an invisible marker
(``<!-- curriculum-sync:item id=… kind=… authors=… -->``): its id, kind and authors are
taken from it as they are, so a tracker can be rebuilt from its README alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import unquote

from sync.curriculum import Curriculum, Level, Resource, Section
from sync.importer.ids import slug, unique
from sync.importer.items import Draft, choose_rule, has_words, read_item
from sync.importer.kinds import guess_kind
from sync.importer.markdown import CLOSE, OPEN, Text, squash
from sync.importer.notices import Kind, Notice
from sync.importer.outline import DEFAULT_SECTION, Outline, OutlineLevel, OutlineSection, Task

# GitHub refuses longer issue titles (422).
TITLE_LIMIT = 256
# What the README template adds after an item's own text, one " · " at a time: the optional
# mark, "in progress", and the links to the issue ("#12") and to the note (links are slots).
_GENERATED_PART = re.compile(
    rf"\s+·\s+(?:[_*]optional[_*]|🚧 in progress|{OPEN}(?P<link>\d+){CLOSE})\s*$"
)
_GENERATED_LINK = re.compile(r"#\d+|note")
_SKIPPED = re.compile(r"^~~(?P<text>.*)~~ \(skipped\)$", re.S)


@dataclass(frozen=True)
class Imported:
    """The curriculum read from a checklist, what was not taken as written, and how many
    task items the checklist has (every one of them is a resource)."""

    curriculum: Curriculum
    notices: tuple[Notice, ...]
    tasks: int


def curriculum_of(outline: Outline) -> Imported:
    notices = list(outline.notices)
    taken = {
        dict(task.text.marker)["id"]
        for level in outline.levels
        for section in level.sections
        for task in section.tasks
        if "id" in dict(task.text.marker)
    }
    numbered = _numbered(outline.levels, notices)
    levels = []
    for (number, title), level in zip(numbered, outline.levels, strict=True):
        sections = tuple(_section(section, taken, notices) for section in level.sections)
        levels.append(
            Level(
                number=number,
                title=title,
                sections=tuple(s for s in sections if s.resources),
                objective=level.objective,
                goals=level.goals,
            )
        )
    curriculum = Curriculum(
        title=outline.title or "Checklist",
        levels=tuple(level for level in levels if level.sections),
        source=outline.source,
        description=outline.description,
        notes=outline.notes,
        acknowledgments=outline.acknowledgments,
    )
    return Imported(curriculum, tuple(sorted(notices)), outline.task_count)


def _numbered(levels: tuple[OutlineLevel, ...], notices: list[Notice]) -> list[tuple[int, str]]:
    """The headings' numbers when every level has a distinct one ≥ 1. Otherwise levels are
    numbered in order, and a level whose heading gave a number or label keeps the heading
    as written for its title, so nothing the source says is replaced by an invented number."""
    numbers = [level.number for level in levels]
    if all(n is not None and n >= 1 for n in numbers) and len(set(numbers)) == len(numbers):
        return [(n or 0, level.title) for n, level in zip(numbers, levels, strict=True)]
    first_line: dict[int, int] = {}
    for level in levels:
        labelled = level.heading != level.title
        if level.number is not None and level.number in first_line:
            why = f"number {level.number} is also on line {first_line[level.number]}"
        elif level.number is not None and level.number < 1:
            why = f"number {level.number} is not a milestone number (1 or more)"
        elif level.number is None and labelled:
            why = "its label is not a number"
        else:
            why = None
        if level.number is not None:
            first_line.setdefault(level.number, level.line)
        if why:
            notices.append(Notice(level.line, Kind.LEVEL_NUMBER, f"{level.heading}: {why}"))
    return [
        (index, level.heading if level.heading != level.title else level.title)
        for index, level in enumerate(levels, 1)
    ]


def _section(section: OutlineSection, taken: set[str], notices: list[Notice]) -> Section:
    resources = [_resource(task, section, taken, notices) for task in section.tasks]
    found = tuple(r for r in resources if r is not None)
    rule = choose_rule(section.note or "") if section.optional else None
    if rule:  # "… complete 1-2 resources" applies to each of an optional track's link lists
        found = tuple(replace(r, choose=r.choose or rule) if r.links else r for r in found)
    return Section(section.title, found, section.optional, section.note)


def _resource(
    task: Task, section: OutlineSection, taken: set[str], notices: list[Notice]
) -> Resource | None:
    marker = dict(task.text.marker)
    text, notes = _own_text(task, generated=bool(marker))
    authors = (
        tuple(unquote(a) for a in marker["authors"].split(",")) if "authors" in marker else None
    )
    draft = read_item(text, task.links, authors if marker else None)
    draft = replace(draft, title=draft.title.rstrip(" :："))
    if "title" in marker:
        # The line shows "Title (note)": which part is which, only the marker can say.
        draft = replace(draft, title=unquote(marker["title"]), note=unquote(marker.get("note", "")))
        notes = []
    if not has_words(draft.title):
        context = task.parent or section.title
        draft = replace(draft, title=squash(f"{context} {draft.title}"))
    if not draft.title:
        notices.append(Notice(task.line, Kind.NOT_TAKEN, "a task with no text"))
        return None
    if task.parent:
        notes.append(f"(Part of “{task.parent.rstrip(' :：')}”.)")
    draft = _within_limit(draft, task.line, notices)
    note = squash(" ".join(part for part in [draft.note or "", *notes] if part)) or None
    kind = marker.get("kind", guess_kind(draft)) if marker else guess_kind(draft)
    if "id" in marker:
        resource_id = marker["id"]
    else:
        candidates = [slug(draft.title)]
        if task.parent:
            candidates.append(slug(f"{task.parent} {draft.title}"))
        if section.title != DEFAULT_SECTION:
            candidates.append(slug(f"{section.title} {draft.title}"))
        resource_id = unique(candidates, taken)
    return Resource(
        id=resource_id,
        title=draft.title,
        kind=kind or None,
        authors=draft.authors,
        url=draft.url,
        note=note,
        choose=draft.choose,
        links=draft.links,
        done=task.done,
    )


def _own_text(task: Task, *, generated: bool) -> tuple[Text, list[str]]:
    """The task's words for its title, and what goes to its note: the lines after the first
    when the first one introduces them (ends with ":") or the whole would be too long."""
    text = task.text
    notes = list(task.notes)
    if generated:
        md = _without_generated_tail(text)
        skipped = _SKIPPED.match(md)
        text = text.replace(skipped.group("text") if skipped else md)
    first, _, rest = text.md.partition("\n")
    if rest.strip() and (first.rstrip().endswith((":", "：")) or len(text.plain()) > TITLE_LIMIT):
        text = text.replace(first.rstrip().rstrip(":"))
        notes.insert(0, text.markdown(rest))
    return text, notes


def _without_generated_tail(text: Text) -> str:
    md = text.md
    while found := _GENERATED_PART.search(md):
        link = found.group("link")
        if link is not None and not _GENERATED_LINK.fullmatch(text.links[int(link)].plain):
            break
        md = md[: found.start()]
    return md


def _within_limit(draft: Draft, line: int, notices: list[Notice]) -> Draft:
    if len(draft.title) <= TITLE_LIMIT:
        return draft
    cut = draft.title[: TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—") + "…"
    notices.append(Notice(line, Kind.LONG_TITLE, cut[:60] + "…"))
    note = squash(f"{draft.title} {draft.note or ''}")
    return replace(draft, title=cut, note=note)
