"""Blocks → the checklist's outline: levels, their sections, and every task in them.

The rules, applied the same everywhere inside a level:

1. Every task item (``- [ ]``, ``- [x]``, at any depth) is a task of its own, with its tick.
   A task nested under another remembers its parent's title.
2. A plain bullet under a task belongs to that task: its links become the task's links,
   its words the task's note.
3. A plain bullet that holds tasks below it, or that is a heading (``- ### Arrays``), heads
   a section named by its text; so do deeper headings, ``**Label**:`` lines and the
   ``<summary>`` of a ``<details>`` block.
4. In a section without any task, a bullet with a web link is an optional task.
5. Any other bullet before a section's first task is the section's note; after it, it is
   reported as not taken, with its line.

The level headings are the shallowest that say "Level N" (or Stage, Part, Week, …), else
the shallowest depth where two or more headings hold tasks, else the deepest that holds one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from sync.curriculum import Acknowledgments, Link, Note, Source
from sync.importer.labels import Label, label_of, section_title
from sync.importer.markdown import (
    CLOSE,
    OPEN,
    SLOT,
    Block,
    Text,
    block_plain,
    checkbox,
    holds_checkbox,
    item_text,
    nested_lists,
    plain,
    shorten,
    squash,
    summary_title,
    task_items,
    text_of,
)
from sync.importer.notices import Kind, Notice

DEFAULT_SECTION = "Resources"


@dataclass(frozen=True)
class Task:
    """One task as written: its text after the box, its tick, what sits under it."""

    line: int
    text: Text
    done: bool = False
    checkbox: bool = True  # False: a link bullet taken as an optional task (rule 4)
    links: tuple[Link, ...] = ()
    notes: tuple[str, ...] = ()  # Markdown: paragraphs and prose bullets under the task
    parent: str | None = None  # the plain title of the task it is nested under


@dataclass(frozen=True)
class OutlineSection:
    title: str
    line: int
    tasks: tuple[Task, ...]
    optional: bool = False
    note: str | None = None


@dataclass(frozen=True)
class OutlineLevel:
    """A level as its heading says it: its number if it gives one, its title without the
    "Level N:" part, and the heading as written (kept when the number cannot be)."""

    number: int | None
    title: str
    heading: str
    line: int
    sections: tuple[OutlineSection, ...]
    objective: str | None = None
    goals: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outline:
    title: str | None
    levels: tuple[OutlineLevel, ...]
    notices: tuple[Notice, ...]
    description: str | None = None
    source: Source | None = None
    notes: tuple[Note, ...] = ()
    acknowledgments: Acknowledgments | None = None

    @property
    def task_count(self) -> int:
        return sum(t.checkbox for level in self.levels for s in level.sections for t in s.tasks)


def outline(blocks: tuple[Block, ...]) -> Outline:
    reader = _Reader()
    reader.notices.extend(_almost_tasks(blocks))
    reader.read(_chapters(blocks))
    return reader.result()


_ALMOST_TASK = re.compile(r"^\[[ xX]\]\S")


def _almost_tasks(blocks: tuple[Block, ...]) -> list[Notice]:
    """Items written like tasks that GitHub shows without a checkbox ("- [ ]word": the box
    needs a space after it). They are read as plain bullets; the person is told."""
    found = []
    for block in blocks:
        for item in block.walk():
            if item.type == "list_item" and _ALMOST_TASK.match(item_text(item).md):
                text = shorten(item_text(item).markdown())
                found.append(Notice(item.line, Kind.ALMOST_TASK, text))
    return found


# --- chapters ------------------------------------------------------------------------


@dataclass
class _Chapter:
    """A heading (None before the first one) and the blocks up to the next heading;
    `holds` says whether it or a deeper heading under it has a checklist."""

    heading: Block | None
    blocks: list[Block] = field(default_factory=list)
    holds: bool = False

    @property
    def depth(self) -> int:
        return self.heading.depth if self.heading else 0

    @property
    def title(self) -> str:
        return text_of(self.heading).plain()


def _chapters(blocks: tuple[Block, ...]) -> list[_Chapter]:
    chapters = [_Chapter(None)]
    for block in blocks:
        if block.type == "heading":
            chapters.append(_Chapter(block))
        else:
            chapters[-1].blocks.append(block)
    own = [any(map(holds_checkbox, chapter.blocks)) for chapter in chapters]
    for index, chapter in enumerate(chapters):
        end = index + 1
        while end < len(chapters) and (not chapter.heading or chapters[end].depth > chapter.depth):
            end += 1
        chapter.holds = any(own[index:end])
    return chapters


_LEVEL_WORDS = r"level|stage|part|module|unit|week|phase|step|tier|chapter|gate|day|month"
_LEVEL_HEADING = re.compile(rf"^(?:{_LEVEL_WORDS})\s+(\d+|[A-Za-z])\b\s*[:.)\-–—]?\s*(.*)$", re.I)
_NAMED_LEVEL = re.compile(r"^(?:level|stage|gate|tier)\s+(?:\d+|[A-Za-z])\b", re.I)
_NUMBERED_HEADING = re.compile(r"^(\d+)\s*[.):\-–—]\s*(.+)$")


def _level_depth(chapters: list[_Chapter]) -> int | None:
    holding: dict[int, list[_Chapter]] = defaultdict(list)
    for chapter in chapters:
        if chapter.heading and chapter.holds:
            holding[chapter.depth].append(chapter)
    if not holding:
        return None
    named = [
        depth for depth, found in holding.items() if any(_NAMED_LEVEL.match(c.title) for c in found)
    ]
    if named:
        return min(named)
    repeated = [depth for depth, found in holding.items() if len(found) >= 2]
    return min(repeated) if repeated else max(holding)


def level_title(heading: str) -> tuple[int | None, str]:
    """'Level 2: Basics' or '2. Basics' → (2, 'Basics'); 'Gate A: Review' → (None, 'Review');
    anything else → (None, heading)."""
    for pattern in (_LEVEL_HEADING, _NUMBERED_HEADING):
        match = pattern.match(heading)
        if match:
            rest = match.group(2).strip(" :-–—")
            label = match.group(1)
            number = int(label) if label.isdigit() else None
            return number, rest or heading
    return None, heading


# --- the reader ------------------------------------------------------------------------


@dataclass
class _Section:
    title: str
    line: int
    optional: bool = False
    note: str | None = None
    tasks: list[Task] = field(default_factory=list)
    checkboxes: bool = False

    def value(self) -> OutlineSection:
        optional = self.optional or not self.checkboxes
        return OutlineSection(self.title, self.line, tuple(self.tasks), optional, self.note)


@dataclass
class _Level:
    number: int | None
    title: str
    heading: str
    line: int
    objective: str | None = None
    goals: list[str] = field(default_factory=list)
    sections: list[OutlineSection] = field(default_factory=list)
    section: _Section | None = None
    expect: str | None = None  # what the last label opened: objective, goals or section
    label: tuple[str, int] | None = None  # an objective/goals label that may head a checklist


class _Reader:
    """Reads chapters in order into title, levels, notes and acknowledgments."""

    def __init__(self) -> None:
        self.title: str | None = None
        self.source: Source | None = None
        self.description: str | None = None
        self.levels: list[OutlineLevel] = []
        self.notes: list[Note] = []
        self.acknowledgments: Acknowledgments | None = None
        self.notices: list[Notice] = []
        self.level: _Level | None = None
        self.toc_reported = False

    def result(self) -> Outline:
        return Outline(
            title=self.title,
            levels=tuple(self.levels),
            notices=tuple(sorted(self.notices)),
            description=self.description,
            source=self.source,
            notes=tuple(self.notes),
            acknowledgments=self.acknowledgments,
        )

    def notice(self, line: int, kind: Kind, text: str) -> None:
        self.notices.append(Notice(line, kind, shorten(text)))

    def read(self, chapters: list[_Chapter]) -> None:
        depth = _level_depth(chapters)
        titled = next((c for c in chapters if c.depth == 1), None)
        self.title = titled.title if titled else None
        for chapter in chapters:
            heading = chapter.heading
            if chapter is titled and depth != 1:
                self.intro(chapter)
            elif heading is None:
                if depth is None:  # no heading holds the checklist: the whole page is one level
                    self.open_level(self.title or "Checklist", 1)
                    self.level_blocks(chapter.blocks)
                else:
                    self.intro(chapter)
            elif depth is not None and chapter.depth == depth and chapter.holds:
                self.open_level(chapter.title, heading.line)
                self.level_blocks(chapter.blocks)
            elif self.level is not None and depth is not None and chapter.depth > depth:
                self.open_section(chapter.title, heading.line)
                self.level_blocks(chapter.blocks)
            else:
                self.close_level()
                self.other_chapter(chapter)
        self.close_level()

    def open_level(self, heading: str, line: int) -> None:
        self.close_level()
        number, title = level_title(heading)
        self.level = _Level(number, title, heading, line)

    def close_level(self) -> None:
        level = self.level
        if level is None:
            return
        self.close_section()
        self.level = None
        if level.sections:
            self.levels.append(
                OutlineLevel(
                    number=level.number,
                    title=level.title,
                    heading=level.heading,
                    line=level.line,
                    sections=tuple(level.sections),
                    objective=level.objective,
                    goals=tuple(level.goals),
                )
            )

    # --- inside a level -------------------------------------------------------------

    def level_blocks(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block.type == "paragraph":
                for line in text_of(block).lines():
                    self.level_line(line, block.line)
            elif block.is_list:
                self.level_list(block)
            elif block.type == "table":
                self.notice(block.line, Kind.TABLE, block_plain(block))
            elif block.type == "blockquote":
                if holds := [t for b in block.walk() if b.is_list for t in task_items(b)]:
                    count = f"{len(holds)} task{'s' if len(holds) > 1 else ''}"
                    self.notice(block.line, Kind.QUOTE, f"{count}: {holds[0][1]}")
            elif (summary := summary_title(block)) is not None:
                self.open_section(summary, block.line)
            # code blocks, other HTML and rules are not content of the checklist

    def level_line(self, text: Text, line: int) -> None:
        """One line of a paragraph in a level: a label, or text for what the last one opened."""
        found = label_of(text.md)
        if found:
            self.level_label(
                Label(text.plain(found.name), text.markdown(found.rest), found.kind), line
            )
        elif text.md.strip():
            self.level_prose(text.markdown(), line)

    def level_label(self, label: Label, line: int) -> None:
        level = self.level
        assert level is not None
        level.expect = label.kind
        level.label = (label.name, line) if label.kind != "section" else None
        if label.kind == "objective" and label.rest:
            level.objective = label.rest
        elif label.kind == "goals" and label.rest:
            level.goals.append(label.rest)
        elif label.kind == "section":
            self.open_section(label.name, line, note=label.rest.strip("() ") or None)

    def level_prose(self, md: str, line: int) -> None:
        level = self.level
        assert level is not None
        section = level.section
        # Prose right under a level's heading, or after "**Objective**:", is its objective.
        opening = level.expect is None and section is None and level.objective is None
        if level.expect == "objective" or opening:
            level.objective = squash(f"{level.objective or ''} {md}")
        elif level.expect == "goals":
            level.goals.append(md)
        elif section is not None and not section.tasks:
            section.note = squash(f"{section.note or ''} {md.rstrip(':')}")
        else:
            self.notice(line, Kind.NOT_TAKEN, md)

    def open_section(self, title: str, line: int, note: str | None = None) -> None:
        self.close_section()
        level = self.level
        assert level is not None
        clean, optional = section_title(title)
        level.section = _Section(clean or DEFAULT_SECTION, line, optional=optional, note=note)
        level.expect = "section"

    def close_section(self) -> None:
        level = self.level
        if level is None or level.section is None:
            return
        section, level.section = level.section, None
        if section.tasks:
            level.sections.append(section.value())
        elif section.note:
            self.notice(section.line, Kind.NOT_TAKEN, f"{section.title}: {section.note}")

    def current_section(self, line: int) -> _Section:
        level = self.level
        assert level is not None
        if level.section is None:
            self.open_section(DEFAULT_SECTION, line)
        assert level.section is not None
        return level.section

    def level_list(self, block: Block) -> None:
        level = self.level
        assert level is not None
        if holds_checkbox(block):
            if level.expect in ("objective", "goals") and level.label:
                self.open_section(*level.label)  # "**Goals**:" heading a checklist: a section
            self.checklist(block)
        elif level.expect == "goals":
            level.goals.extend(_markdown_items(block))
            level.expect = "section" if level.section else None
        else:
            self.checklist(block)

    def checklist(self, block: Block) -> None:
        for item in block.children:
            box = checkbox(item)
            if box is not None:
                section = self.current_section(item.line)
                section.checkboxes = True
                self.add_task(item, box[1], done=box[0], to=section, parent=None)
            elif any(map(holds_checkbox, nested_lists(item))) or _is_heading_item(item):
                self.open_section(item_text(item).plain(), item.line)
                for nested in nested_lists(item):
                    self.checklist(nested)
            else:
                self.plain_bullet(item)

    def plain_bullet(self, item: Block) -> None:
        """Rules 4 and 5: a link bullet where no task is, or prose."""
        text = item_text(item)
        section = self.level.section if self.level else None
        web = [link for link in text.links if link.web]
        if section is not None and not section.checkboxes and (web or section.optional):
            section.tasks.append(_task(item, text, done=False, checkbox=False))
            return
        md = " ".join([text.markdown(), *_markdown_items_of(item)]).strip()
        if not md:
            return
        section = self.current_section(item.line)
        if not section.tasks:
            section.note = squash(f"{section.note or ''} {md}")
        else:
            self.notice(item.line, Kind.NOT_TAKEN, md)

    def add_task(
        self, item: Block, text: Text, *, done: bool, to: _Section, parent: str | None
    ) -> None:
        """Rule 1 and 2: the task, then every task nested under it, in order."""
        for link in text.links:
            if not link.web:
                self.notice(item.line, Kind.LINK, f"{link.url}")
        links: list[Link] = []
        notes = [text_of(p).markdown() for p in item.children[1:] if p.type == "paragraph"]
        nested: list[tuple[Block, Text, bool]] = []
        for sub in nested_lists(item):
            self.gather(sub, links, notes, nested)
        to.tasks.append(_task(item, text, done=done, links=links, notes=notes, parent=parent))
        title = text.plain() or parent
        for sub_item, sub_text, sub_done in nested:
            self.add_task(sub_item, sub_text, done=sub_done, to=to, parent=title)

    def gather(
        self,
        block: Block,
        links: list[Link],
        notes: list[str],
        nested: list[tuple[Block, Text, bool]],
    ) -> None:
        """What a list under a task holds: tasks (their own), and plain bullets' links and
        words (the task's), at any depth."""
        for child in block.children:
            box = checkbox(child)
            if box is not None:
                nested.append((child, box[1], box[0]))
                continue
            text = item_text(child)
            found = _links_of(text)
            if found:
                links.extend(found)
            elif text.md:
                notes.append(text.markdown())
            for sub in nested_lists(child):
                self.gather(sub, links, notes, nested)

    # --- outside the levels -----------------------------------------------------------

    def intro(self, chapter: _Chapter) -> None:
        """The page's opening: its first paragraph of prose describes the guide."""
        for block in chapter.blocks:
            text = text_of(block) if block.type == "paragraph" else None
            if text is not None and self.description is None and _words_outside_links(text) >= 3:
                self.description = text.markdown()
                self.source = self.source or _source(text)
            else:
                self.skip(block)

    def other_chapter(self, chapter: _Chapter) -> None:
        """A heading that is not a level: acknowledgments, notes, or text to pass over."""
        title = chapter.title
        if re.search(r"acknowledg|credits|thanks", title, re.I) and self.acknowledgments is None:
            self.acknowledgments = self.credits(chapter)
            return
        notes_like = re.search(r"\b(?:notes?|tips|advice)\b", title, re.I)
        for block in chapter.blocks:
            if notes_like and block.type == "paragraph":
                self.notes.append(Note(title, text_of(block).markdown()))
            elif notes_like and block.is_list and not holds_checkbox(block):
                self.notes.extend(_notes_from_list(block, title))
            else:
                self.skip(block)

    def credits(self, chapter: _Chapter) -> Acknowledgments:
        """Acknowledgments: the text before the list, the list's links, the closing after."""
        text: list[str] = []
        closing: list[str] = []
        links: list[Link] = []
        for block in chapter.blocks:
            if block.type == "paragraph":
                (closing if links else text).append(text_of(block).markdown())
            elif block.is_list and not holds_checkbox(block):
                links.extend(_credits(block))
            else:
                self.skip(block)
        return Acknowledgments(
            text=" ".join(text) or None, links=tuple(links), closing=" ".join(closing) or None
        )

    def skip(self, block: Block) -> None:
        """Blocks outside levels: report tasks, and pass quietly over the rest."""
        if holds_checkbox(block):
            for line, md in task_items(block):
                self.notice(line, Kind.OUTSIDE, md)
        elif block.is_list and _is_toc(block) and not self.toc_reported:
            self.notice(block.line, Kind.CONTENTS, block_plain(block))
            self.toc_reported = True


# --- small readers ----------------------------------------------------------------------


def _task(
    item: Block,
    text: Text,
    *,
    done: bool,
    checkbox: bool = True,
    links: list[Link] | None = None,
    notes: list[str] | None = None,
    parent: str | None = None,
) -> Task:
    return Task(
        line=item.line,
        text=text,
        done=done,
        checkbox=checkbox,
        links=tuple(links or ()),
        notes=tuple(n for n in notes or () if n),
        parent=parent,
    )


def _is_heading_item(item: Block) -> bool:
    return bool(item.children) and item.children[0].type == "heading"


def _links_of(text: Text) -> list[Link]:
    """A bullet's links as the task's links: one link names itself by the bullet's words."""
    web = [link for link in text.links if link.web]
    if len(web) == 1:
        whole = SLOT.sub(lambda m: text.links[int(m.group(1))].md, text.md)
        title = plain(whole, ()).rstrip(":") or web[0].plain
        return [Link(title or web[0].url, web[0].url)]
    return [Link(link.plain or link.url, link.url) for link in web]


def _is_toc(block: Block) -> bool:
    """A list whose every item is only links into the page itself (#anchors)."""
    items = [b for b in block.walk() if b.type == "list_item"]
    for item in items:
        text = item_text(item)
        if not text.links or any(not link.url.startswith("#") for link in text.links):
            return False
        if SLOT.sub("", text.md).strip(" -–—|,.:"):
            return False
    return bool(items)


def _markdown_items(block: Block) -> list[str]:
    """Each item of a list (nested ones too) as one line of Markdown."""
    items = []
    for item in block.children:
        if text := item_text(item).markdown():
            items.append(text)
        items.extend(_markdown_items_of(item))
    return items


def _markdown_items_of(item: Block) -> list[str]:
    return [line for nested in nested_lists(item) for line in _markdown_items(nested)]


def _words_outside_links(text: Text) -> int:
    return len(re.findall(r"\w+", plain(SLOT.sub(" ", text.md), ())))


def _source(text: Text) -> Source | None:
    """The guide the page follows: the opening paragraph's first web link with "by Author"."""
    for index, link in enumerate(text.links):
        if link.web and not link.image:
            after = text.md.split(f"{OPEN}{index}{CLOSE}", 1)[1]
            author = re.match(r"^\W*(?:\w+\s+){0,2}?by\s+((?:[A-Z][\w'’.-]*\s?){1,4})", after)
            if author:  # "the [Guide](u) by Author": the page this checklist follows
                return Source(link.url, link.plain or link.url, author.group(1).strip(" .,;:"))
    return None


def _notes_from_list(block: Block, heading: str) -> list[Note]:
    """Bold-led bullets become one note each (nested bullets its items); other bullets
    become the items of one note named after the heading."""
    notes: list[Note] = []
    loose: list[str] = []
    for item in block.children:
        text = item_text(item)
        found = label_of(text.md)
        nested = _markdown_items_of(item)
        if found:
            rest = text.markdown(found.rest) if found.rest else None
            notes.append(Note(text.plain(found.name), rest, tuple(nested)))
        else:
            loose.extend([line for line in [text.markdown()] if line] + nested)
    if loose:
        notes.append(Note(heading or "Notes", None, tuple(loose)))
    return notes


def _credits(block: Block) -> list[Link]:
    credits: list[Link] = []
    for item in block.children:
        text = item_text(item)
        web = [link for link in text.links if link.web]
        if len(web) > 1:
            credits.extend(Link(link.plain, link.url) for link in web)
        elif text.plain():
            credits.append(Link(text.plain(), web[0].url if web else None))
    return credits
