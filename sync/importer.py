"""`python -m sync import`: turn a Markdown checklist README into a curriculum.

The way through: Markdown → markdown-it's token stream → a small tree of blocks →
chapters (a heading and the blocks up to the next heading) → levels, sections and
resources as plain dicts → repaired strings, ids and kinds → YAML, which is validated
with the same checker as ``validate`` before anything is written.

Only real list items count as checkboxes: task markers inside code blocks, block quotes
or HTML comments are never resources, because the parser sees those as what they are.
Whatever cannot be placed is reported with its line instead of being dropped quietly.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ftfy
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from sync.curriculum import URL_PATTERN, parse_curriculum
from sync.errors import BadInput, CurriculumError, UsageError

SCHEMA_LINE = "# yaml-language-server: $schema=./sync/curriculum.schema.json"
ID_LENGTH = 50
DEFAULT_SECTION = "Resources"

# Tables so that a table is one block (not a paragraph of pipes); strikethrough so that
# ~~done~~ survives into notes as written.
_MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# Only what fixes broken encodings: curly quotes, ligatures and full-width letters are
# the author's choice, and HTML entities were already decoded by the Markdown parser.
_REPAIR = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_line_breaks=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization=None,
    explain=False,
)


# --- the public functions -----------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """An import's outcome: the curriculum as plain data (the YAML's shape), warning lines
    ready to print, and (line, text) for every piece of the checklist that found no place."""

    data: dict[str, Any]
    warnings: list[str]
    unplaced: list[tuple[int, str]]


class NoChecklistError(BadInput):
    """The Markdown has no checklist to import."""


def parse_checklist(text: str, source_name: str = "CHECKLIST.md") -> ImportResult:
    """Read a Markdown checklist into curriculum data; raise NoChecklistError if it has none."""
    text, repair = _repair_text(text.removeprefix("\ufeff"))
    chapters = _chapters(_block_tree(_MARKDOWN.parse(text)))
    if not any(_holds_checkbox(block) for chapter in chapters for block in chapter.blocks):
        raise NoChecklistError(
            f"{source_name}: no checkboxes found (expected task items like '- [ ] Title')"
        )
    document = _Document(source_name)
    document.read(chapters)
    if not document.levels:
        raise NoChecklistError(f"{source_name}: no checklist item could be placed in a level")
    data = document.data()
    warnings = ([repair] if repair else []) + document.warnings
    _number_levels(data["levels"], warnings)
    _finish_resources(data["levels"])
    return ImportResult(data, warnings, sorted(document.unplaced, key=lambda found: found[0]))


def to_yaml(data: dict[str, Any], source: str | None = None) -> str:
    """The curriculum data as curriculum.yaml text: schema line, header, block style."""
    body = yaml.dump(
        _flow_authors(data),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        default_flow_style=False,
    )
    return _header(source) + "\n" + _space_out(body, data)


class InvalidImport(CurriculumError):
    """What the importer made is not a valid curriculum (its own fault, or the checklist's)."""

    def lines(self) -> list[str]:
        header = "error: the imported curriculum is not valid; nothing was written:"
        return [header, *(f"  {problem}" for problem in self.problems)]


def run(args: Any, write_atomically: Callable[[Path, str], None]) -> int:
    """The `import` command: read, parse, validate, then write (or refuse to)."""
    name, text = _read_checklist(args.checklist, UsageError)
    output = args.output
    if output != "-" and Path(output).is_dir():
        raise UsageError(f"{output} is a directory: give the file to write with -o")
    if output != "-" and Path(output).exists() and not args.force:
        raise UsageError(f"{output} already exists: pass --force to overwrite it")
    result = parse_checklist(text, name)
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    for line, what in result.unplaced:
        print(f"{name}:{line}: could not place: {what}", file=sys.stderr)
    yaml_text = to_yaml(result.data, source=name)
    _, problems = parse_curriculum(yaml_text, output)
    if problems:
        raise InvalidImport(problems)
    if output == "-":
        sys.stdout.write(yaml_text)
    else:
        write_atomically(Path(output), yaml_text)
    print(_summary(result.data, output), file=sys.stderr if output == "-" else sys.stdout)
    return 0


# --- reading and writing files --------------------------------------------------------


def _read_checklist(path: str, usage_error: type[Exception]) -> tuple[str, str]:
    """(name for messages, text) of the checklist file, or of stdin for '-'."""
    if path == "-":
        stream = sys.stdin
        raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        name = "stdin"
    else:
        name = path
        try:
            raw = Path(path).read_bytes()
        except FileNotFoundError:
            raise usage_error(f"{path}: no such file") from None
        except IsADirectoryError:
            raise usage_error(f"{path}: is a directory, not a Markdown file") from None
        except OSError as error:
            raise usage_error(f"{path}: {error.strerror or error}") from None
    if isinstance(raw, str):
        return name, raw
    try:
        return name, raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise usage_error(f"{name}: not UTF-8 text (line {line}): save it as UTF-8") from None


def _summary(data: dict[str, Any], output: str) -> str:
    resources = [r for level in data["levels"] for s in level["sections"] for r in s["resources"]]
    done = sum(1 for r in resources if r.get("done"))
    where = "stdout" if output == "-" else output
    return (
        f"imported {len(data['levels'])} levels, {len(resources)} resources ({done} done) "
        f"into {where}"
    )


# --- Markdown blocks ------------------------------------------------------------------


@dataclass
class _Block:
    """One Markdown block: its token type without _open, its 1-based first line, a
    heading's depth, the inline token it holds (paragraphs, headings) and its children."""

    type: str
    line: int
    depth: int = 0
    inline: Token | None = None
    children: list[_Block] = field(default_factory=list)


def _block_tree(tokens: list[Token]) -> list[_Block]:
    """Fold markdown-it's flat open/close token stream into a tree of blocks."""
    root = _Block("root", 0)
    stack = [root]
    for token in tokens:
        line = token.map[0] + 1 if token.map else stack[-1].line
        if token.nesting == 1:
            depth = int(token.tag[1]) if token.type == "heading_open" else 0
            block = _Block(token.type.removesuffix("_open"), line, depth)
            stack[-1].children.append(block)
            stack.append(block)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "inline":
            stack[-1].inline = token
        else:
            stack[-1].children.append(_Block(token.type, line))
    return root.children


def _is_list(block: _Block) -> bool:
    return block.type in ("bullet_list", "ordered_list")


# --- inline text: Markdown with links set aside ---------------------------------------

# Each link of a run is replaced by ⟨index⟩ in private-use characters, so that splitting
# the text at colons, parentheses and "by" can never cut through a URL.
_OPEN, _CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_CHECKBOX = re.compile(r"^\[([ xX])\](?:[ \t]+|$)")


@dataclass(frozen=True)
class _Link:
    """A link as written: its text as Markdown and as plain text, and its target."""

    md: str
    plain: str
    url: str
    image: bool = False

    @property
    def web(self) -> bool:
        """An http(s) address the curriculum accepts (not an anchor or a relative path)."""
        return bool(URL_PATTERN.match(self.url))


@dataclass(frozen=True)
class _Text:
    """An inline run as Markdown with its links in slots, and the links themselves."""

    md: str
    links: tuple[_Link, ...] = ()

    def lines(self) -> list[_Text]:
        return [_Text(part, self.links) for part in self.md.split("\n")]

    def plain(self, part: str | None = None) -> str:
        return _plain(self.md if part is None else part, self.links)

    def markdown(self, part: str | None = None) -> str:
        return _markdown(self.md if part is None else part, self.links)


def _text(block: _Block | None) -> _Text:
    """The inline content of a paragraph or heading."""
    if block is None or block.inline is None:
        return _Text("")
    links: list[_Link] = []
    md = _render(block.inline.children or [], links)
    return _Text(md.strip(), tuple(links))


def _render(children: list[Token], links: list[_Link]) -> str:
    """Inline tokens back to Markdown (emphasis as *, links as slots)."""
    out: list[str] = []
    index = 0
    while index < len(children):
        token = children[index]
        if token.type == "link_open":
            end = index + 1
            while children[end].type != "link_close":
                end += 1
            inner = children[index + 1 : end]
            text_md = _render(inner, [])
            image = bool(inner) and all(t.type == "image" for t in inner)
            href = token.attrGet("href") or ""
            links.append(_Link(text_md.strip(), _plain_tokens(inner), str(href), image))
            out.append(f"{_OPEN}{len(links) - 1}{_CLOSE}")
            index = end
        else:
            out.append(_render_one(token))
        index += 1
    return "".join(out)


_MARKS = {"em": "*", "strong": "**", "s": "~~"}


def _render_one(token: Token) -> str:
    kind = token.type
    if kind in ("text", "text_special"):
        # Our own emphasis is written with *, so a literal one must stay literal.
        return token.content.replace("*", "\\*")
    if kind == "code_inline":
        fence = "``" if "`" in token.content else "`"
        return f"{fence}{token.content}{fence}"
    if kind in ("softbreak", "hardbreak"):
        return "\n"
    if kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in _MARKS:
        return _MARKS[kind.rsplit("_", 1)[0]]
    if kind == "image":
        return _plain_tokens(token.children or [])
    if kind == "html_inline" and re.match(r"<br\s*/?>", token.content, re.I):
        return "\n"
    return ""  # other inline HTML (comments, tags) is markup, not text


def _plain_tokens(children: list[Token]) -> str:
    parts = []
    for token in children:
        if token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif token.type == "image":
            parts.append(_plain_tokens(token.children or []))
    return _squash("".join(parts))


def _plain(md: str, links: tuple[_Link, ...]) -> str:
    """A Markdown fragment as plain text: emphasis and code marks gone, links as their text."""
    tokens = _MARKDOWN.parseInline(md)
    text = _plain_tokens(tokens[0].children or []) if tokens else ""
    return _squash(_SLOT.sub(lambda m: links[int(m.group(1))].plain, text))


def _markdown(md: str, links: tuple[_Link, ...]) -> str:
    """A Markdown fragment on one line with its links written out again."""

    def link(match: re.Match[str]) -> str:
        found = links[int(match.group(1))]
        return f"[{found.md}]({found.url})"

    return _squash(_SLOT.sub(link, md))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _shorten(text: str, width: int = 80) -> str:
    text = _squash(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --- checkboxes -----------------------------------------------------------------------


def _item_text(item: _Block) -> _Text:
    """A list item's first paragraph (its own line of text)."""
    first = item.children[0] if item.children else None
    return _text(first) if first is not None and first.type == "paragraph" else _Text("")


def _checkbox(item: _Block) -> tuple[bool, _Text] | None:
    """(ticked, text after the box) when the item is a task item, else None."""
    text = _item_text(item)
    match = _CHECKBOX.match(text.md)
    if not match:
        return None
    return match.group(1) != " ", _Text(text.md[match.end() :].strip(), text.links)


def _nested_lists(item: _Block) -> list[_Block]:
    return [child for child in item.children if _is_list(child)]


def _holds_checkbox(block: _Block) -> bool:
    """A list with a task item at any depth (block quotes and HTML are not looked into)."""
    if not _is_list(block):
        return False
    return any(
        _checkbox(item) is not None or any(map(_holds_checkbox, _nested_lists(item)))
        for item in block.children
    )


# --- chapters and levels ---------------------------------------------------------------


@dataclass
class _Chapter:
    """A heading (None before the first one) and the blocks up to the next heading;
    `holds` says whether it or a deeper heading under it has a checklist."""

    heading: _Block | None
    blocks: list[_Block] = field(default_factory=list)
    holds: bool = False

    @property
    def depth(self) -> int:
        return self.heading.depth if self.heading else 0

    @property
    def title(self) -> str:
        return _text(self.heading).plain()


def _chapters(blocks: list[_Block]) -> list[_Chapter]:
    chapters = [_Chapter(None)]
    for block in blocks:
        if block.type == "heading":
            chapters.append(_Chapter(block))
        else:
            chapters[-1].blocks.append(block)
    own = [any(map(_holds_checkbox, chapter.blocks)) for chapter in chapters]
    for index, chapter in enumerate(chapters):
        end = index + 1
        while end < len(chapters) and (not chapter.heading or chapters[end].depth > chapter.depth):
            end += 1
        chapter.holds = any(own[index:end])
    return chapters


_LEVEL_WORDS = r"level|stage|part|module|unit|week|phase|step|tier|chapter"
_LEVEL_HEADING = re.compile(rf"^(?:{_LEVEL_WORDS})\s+(\d+)\b\s*[:.)\-–—]?\s*(.*)$", re.I)
_NUMBERED_HEADING = re.compile(r"^(\d+)\s*[.):\-–—]\s*(.+)$")


def _level_depth(chapters: list[_Chapter]) -> int | None:
    """The heading depth of levels: the shallowest whose headings say "Level N", else the shallowest
    depth where two or more headings hold checklists, else the deepest that holds one."""
    holding: dict[int, list[_Chapter]] = defaultdict(list)
    for chapter in chapters:
        if chapter.heading and chapter.holds:
            holding[chapter.depth].append(chapter)
    if not holding:
        return None
    named = [
        depth
        for depth, found in holding.items()
        if any(re.match(r"level\s+\d", c.title, re.I) for c in found)
    ]
    if named:
        return min(named)
    repeated = [depth for depth, found in holding.items() if len(found) >= 2]
    return min(repeated) if repeated else max(holding)


def _level_title(title: str) -> tuple[int | None, str]:
    """'Level 2: Basics' or '2. Basics' → (2, 'Basics'); anything else → (None, title)."""
    for pattern in (_LEVEL_HEADING, _NUMBERED_HEADING):
        match = pattern.match(title)
        if match:
            rest = match.group(2).strip(" :-–—")
            return int(match.group(1)), rest or title
    return None, title


def _number_levels(levels: list[dict[str, Any]], warnings: list[str]) -> None:
    """Keep the headings' numbers when every level has a distinct one ≥ 1; else 1..n."""
    numbers = [level["number"] for level in levels]
    if all(numbers) and len(set(numbers)) == len(numbers):
        return
    if any(number is not None for number in numbers):
        warnings.append(
            f"warning: level numbers {numbers} are not distinct numbers from 1: "
            "numbered 1..n in order instead"
        )
    for index, level in enumerate(levels, 1):
        level["number"] = index


# --- labels ---------------------------------------------------------------------------

_LABEL = re.compile(r"^\*\*(?P<label>(?:[^*]|\\\*)+?)\*\*\s*(?P<rest>.*)$", re.S)
_OBJECTIVE = re.compile(r"^(?:objectives?|aims?|purpose|overview)$", re.I)
_GOALS = re.compile(r"^(?:goals?|learning goals|outcomes?|learning outcomes)$", re.I)
_OPTIONAL = re.compile(r"\s*[(\[]\s*optional\s*[)\]]\s*", re.I)


_OPTIONAL_THEN_COLON = re.compile(r"^[(\[]\s*optional\s*[)\]]\s*:", re.I)
_PLAIN_LABEL = re.compile(r"^(?P<label>objectives?|goals?)\s*:\s*(?P<rest>.*)$", re.I | re.S)


def _label(md: str) -> tuple[str, str] | None:
    """'**Goals**: rest' or '**Goals:** rest' → ('Goals', 'rest'); also a plain 'Goals:'."""
    plain = _PLAIN_LABEL.match(md.strip())
    if plain:
        return plain.group("label"), plain.group("rest").strip()
    match = _LABEL.match(md.strip())
    if not match:
        return None
    label = match.group("label").strip()
    rest = match.group("rest").strip()
    optional = _OPTIONAL_THEN_COLON.match(rest)
    if optional:
        # '**Tracks** (optional):', as this tool's own README writes optional sections.
        label, rest = f"{label} (optional)", rest[optional.end() :].strip()
    elif label.endswith(":"):
        label = label[:-1].strip()
    elif rest.startswith(":"):
        rest = rest[1:].strip()
    elif rest:
        return None  # bold words at the start of a sentence, not a label
    return (label, rest) if label else None


def _label_kind(label: str) -> str:
    if _OBJECTIVE.match(label):
        return "objective"
    if _GOALS.match(label):
        return "goals"
    return "section"


def _section_title(title: str) -> tuple[str, bool]:
    """A section title without '(Optional)', and whether it said so."""
    cleaned = _squash(_OPTIONAL.sub(" ", title)).rstrip(":").strip()
    return (cleaned or title), cleaned != _squash(title).rstrip(":").strip()


# --- the document ---------------------------------------------------------------------


@dataclass
class _Section:
    """A section being filled: its resources, where it starts, and how it was made."""

    title: str
    line: int
    optional: bool = False
    note: str | None = None
    resources: list[dict[str, Any]] = field(default_factory=list)
    checkboxes: bool = False  # has task items (then plain bullets are not its resources)

    def data(self) -> dict[str, Any]:
        section: dict[str, Any] = {"title": self.title}
        if self.optional or not self.checkboxes:
            section["optional"] = True
        if self.note:
            section["note"] = self.note
        section["resources"] = self.resources
        return section


@dataclass
class _Level:
    """A level being filled from its heading's chapter and the chapters under it."""

    number: int | None
    title: str
    line: int
    objective: str | None = None
    goals: list[str] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    section: _Section | None = None
    expect: str | None = None  # what the last label opened: objective, goals or section
    label: tuple[str, int] | None = None  # an objective/goals label that may head a checklist

    def data(self) -> dict[str, Any]:
        level: dict[str, Any] = {"number": self.number, "title": self.title}
        if self.objective:
            level["objective"] = self.objective
        if self.goals:
            level["goals"] = self.goals
        level["sections"] = self.sections
        return level


class _Document:
    """Reads chapters in order into title, levels, notes and acknowledgments, collecting
    warnings and everything it could not place."""

    def __init__(self, source_name: str) -> None:
        self.source_name = source_name
        self.title: str | None = None
        self.source: dict[str, str] | None = None
        self.description: str | None = None
        self.levels: list[dict[str, Any]] = []
        self.notes: list[dict[str, Any]] = []
        self.acknowledgments: dict[str, Any] | None = None
        self.warnings: list[str] = []
        self.unplaced: list[tuple[int, str]] = []
        self.level: _Level | None = None
        self.toc_reported = False

    def data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"title": self.title or "Checklist"}
        if self.source:
            data["source"] = self.source
        if self.description:
            data["description"] = self.description
        data["levels"] = self.levels
        if self.notes:
            data["notes"] = self.notes
        if self.acknowledgments:
            data["acknowledgments"] = self.acknowledgments
        return data

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(f"{self.source_name}:{line}: warning: {message}")

    def cannot_place(self, line: int, what: str) -> None:
        self.unplaced.append((line, _shorten(what)))

    # --- chapters ------------------------------------------------------------------

    def read(self, chapters: list[_Chapter]) -> None:
        depth = _level_depth(chapters)
        titled = next((c for c in chapters if c.depth == 1), None)
        self.title = titled.title if titled else None
        for chapter in chapters:
            heading = chapter.heading
            if chapter is titled and depth != 1:
                self.intro(chapter)
                continue
            if heading is None:
                if depth is None:  # no heading holds the checklist: the whole page is one level
                    self.open_level(None, self.title or "Checklist", 1)
                    self.level_blocks(chapter.blocks)
                else:
                    self.intro(chapter)
            elif depth is not None and chapter.depth == depth and chapter.holds:
                number, title = _level_title(chapter.title)
                self.open_level(number, title, heading.line)
                self.level_blocks(chapter.blocks)
            elif self.level is not None and depth is not None and chapter.depth > depth:
                self.level_label(chapter.title, "", heading.line)
                self.level_blocks(chapter.blocks)
            else:
                self.close_level()
                self.other_chapter(chapter)
        self.close_level()

    def open_level(self, number: int | None, title: str, line: int) -> None:
        self.close_level()
        self.level = _Level(number, title, line)

    def close_level(self) -> None:
        level = self.level
        if level is None:
            return
        self.close_section()
        self.level = None
        if level.sections:
            self.levels.append(level.data())
        else:
            self.cannot_place(level.line, f"level '{level.title}' (no checklist items)")

    # --- inside a level ------------------------------------------------------------

    def level_blocks(self, blocks: list[_Block]) -> None:
        for block in blocks:
            if block.type == "paragraph":
                for line in _text(block).lines():
                    self.level_line(line, block.line)
            elif _is_list(block):
                self.level_list(block)
            elif block.type in ("blockquote", "table"):
                what = "block quote" if block.type == "blockquote" else "table"
                self.cannot_place(block.line, f"{what}: {_block_plain(block)}")
            # code blocks, HTML and rules are not content of the checklist

    def level_line(self, text: _Text, line: int) -> None:
        """One line of a paragraph in a level: a label, or text for what the last one opened."""
        found = _label(text.md)
        if found:
            label, rest = found
            self.level_label(text.plain(label), text.markdown(rest), line)
        elif text.md.strip():
            self.level_prose(text.markdown(), line)

    def level_label(self, label: str, rest: str, line: int) -> None:
        level = self.level
        assert level is not None
        kind = _label_kind(label)
        level.expect = kind
        level.label = (label, line) if kind != "section" else None
        if kind == "objective" and rest:
            level.objective = rest
        elif kind == "goals" and rest:
            level.goals.append(rest)
        elif kind == "section":
            self.open_section(label, line, note=rest.strip("() ") or None)

    def level_prose(self, md: str, line: int) -> None:
        level = self.level
        assert level is not None
        section = level.section
        # Prose right under a level's heading, or after "**Objective**:", is its objective.
        opening = level.expect is None and section is None and level.objective is None
        if level.expect == "objective" or opening:
            level.objective = _squash(f"{level.objective or ''} {md}")
        elif level.expect == "goals":
            level.goals.append(md)
        elif section is not None and not section.resources:
            section.note = _squash(f"{section.note or ''} {md.rstrip(':')}")
        else:
            self.cannot_place(line, md)

    def open_section(self, title: str, line: int, note: str | None = None) -> None:
        self.close_section()
        level = self.level
        assert level is not None
        clean, optional = _section_title(title)
        level.section = _Section(clean, line, optional=optional, note=note)
        level.expect = "section"

    def close_section(self) -> None:
        level = self.level
        if level is None or level.section is None:
            return
        section, level.section = level.section, None
        if not section.resources:
            # A heading over deeper headings holds nothing of its own: only a note is lost.
            if section.note:
                self.cannot_place(section.line, f"section '{section.title}': {section.note}")
            return
        if section.optional or not section.checkboxes:
            _choose_from_note(section)
        level.sections.append(section.data())

    def level_list(self, block: _Block) -> None:
        level = self.level
        assert level is not None
        if _holds_checkbox(block):
            if level.expect in ("objective", "goals") and level.label:
                self.open_section(*level.label)  # "**Goals**:" heading a checklist: a section
            self.checklist(block)
        elif level.expect == "goals":
            level.goals.extend(_markdown_items(block))
            level.expect = "section" if level.section else None
        elif level.section is not None and not level.section.checkboxes:
            self.plain_bullets(block, level.section)
        else:
            for item in block.children:
                self.cannot_place(item.line, _item_text(item).markdown() or "(empty item)")

    def checklist(self, block: _Block) -> None:
        """Task items become resources; a plain item over task items opens a section."""
        level = self.level
        assert level is not None
        for item in block.children:
            box = _checkbox(item)
            if box is not None:
                if level.section is None:
                    self.open_section(DEFAULT_SECTION, item.line)
                section = level.section
                assert section is not None
                section.checkboxes = True
                self.add_resource(item, box[1], done=box[0], to=section)
            elif any(map(_holds_checkbox, _nested_lists(item))):
                self.open_section(_item_text(item).plain(), item.line)
                for nested in _nested_lists(item):
                    self.checklist(nested)
            else:
                self.cannot_place(item.line, _item_text(item).markdown() or "(empty item)")

    def plain_bullets(self, block: _Block, section: _Section) -> None:
        """Bullets without boxes in a checklist level: optional resources, one per bullet,
        when the section says "(Optional)" or the bullet links somewhere."""
        for item in block.children:
            text = _item_text(item)
            if section.optional or any(link.web for link in text.links):
                self.add_resource(item, text, done=False, to=section)
            else:
                self.cannot_place(item.line, text.markdown() or "(empty item)")

    def add_resource(self, item: _Block, text: _Text, *, done: bool, to: _Section) -> None:
        links = self.nested_links(item)
        for link in text.links:
            if not link.web and not link.image:
                self.warn(item.line, f"link {link.url!r} is not an http(s) address: kept as text")
        resource = _read_item(text, links)
        if not resource.get("title"):
            self.cannot_place(item.line, "a checklist item with no text")
            return
        extra = [_text(p).markdown() for p in item.children[1:] if p.type == "paragraph"]
        if extra:
            resource["note"] = _squash(" ".join([resource.get("note") or "", *extra]))
        if done:
            resource["done"] = True
        to.resources.append(resource)

    def nested_links(self, item: _Block) -> list[dict[str, str]]:
        """The links of the items nested under an item, at any depth."""
        links: list[dict[str, str]] = []
        for nested in _nested_lists(item):
            for child in nested.children:
                links.extend(self.child_links(child))
                links.extend(self.nested_links(child))
        return links

    def child_links(self, child: _Block) -> list[dict[str, str]]:
        text = _item_text(child)
        box = _checkbox(child)
        if box is not None:
            text = box[1]
        web = [link for link in text.links if link.web]
        if len(web) == 1:
            whole = _SLOT.sub(lambda m: text.links[int(m.group(1))].md, text.md)
            return [{"title": _plain(whole, ()).rstrip(":") or web[0].plain, "url": web[0].url}]
        if web:
            return [{"title": link.plain or link.url, "url": link.url} for link in web]
        self.cannot_place(child.line, f"nested item without a link: {text.markdown()}")
        return []

    # --- outside the levels ----------------------------------------------------------

    def intro(self, chapter: _Chapter) -> None:
        """The page's opening: its first paragraph of prose describes the guide."""
        for block in chapter.blocks:
            text = _text(block) if block.type == "paragraph" else None
            if text is not None and self.description is None and _words_outside_links(text) >= 3:
                self.description = text.markdown()
                self.source = self.source or _source(text)
            else:
                self.skip(block)

    def other_chapter(self, chapter: _Chapter) -> None:
        """A heading that is not a level: acknowledgments, notes, or prose to skip."""
        title = chapter.title
        if re.search(r"acknowledg|credits|thanks", title, re.I) and self.acknowledgments is None:
            self.acknowledgments = self.credits(chapter)
            return
        notes_like = re.search(r"\b(?:notes?|tips|advice)\b", title, re.I)
        for block in chapter.blocks:
            if block.type == "paragraph" and notes_like:
                self.notes.append({"title": title, "text": _text(block).markdown()})
            elif _is_list(block) and not _holds_checkbox(block) and not _is_toc(block):
                self.notes.extend(_notes_from_list(block, title))
            else:
                self.skip(block)

    def credits(self, chapter: _Chapter) -> dict[str, Any]:
        """Acknowledgments: the text before the list, the list's links, the closing after."""
        found: dict[str, Any] = {"text": [], "links": [], "closing": []}
        for block in chapter.blocks:
            if block.type == "paragraph":
                part = "closing" if found["links"] else "text"
                found[part].append(_text(block).markdown())
            elif _is_list(block) and not _holds_checkbox(block):
                found["links"].extend(_credits(block))
            else:
                self.skip(block)
        credits: dict[str, Any] = {}
        for key in ("text", "links", "closing"):
            if found[key]:
                credits[key] = found[key] if key == "links" else " ".join(found[key])
        return credits

    def skip(self, block: _Block) -> None:
        """Blocks outside levels that nothing reads: report checklists, warn about prose
        that links somewhere, and pass quietly over the rest."""
        if _holds_checkbox(block):
            for line, md in _task_items(block):
                self.cannot_place(line, f"checklist item outside any level: {md}")
        elif _is_list(block) and _is_toc(block):
            if not self.toc_reported:
                self.warn(block.line, "skipped a table of contents")
            self.toc_reported = True
        elif block.type in ("paragraph", "bullet_list", "ordered_list"):
            text = _block_plain(block)
            if _has_links(block) or re.search(r"\[[ xX]\]", text):
                self.warn(block.line, f"skipped prose: {_shorten(text, 60)}")


# --- small readers ----------------------------------------------------------------------


def _walk(block: _Block) -> Iterator[_Block]:
    yield block
    for child in block.children:
        yield from _walk(child)


def _block_plain(block: _Block) -> str:
    return _shorten(" ".join(_text(b).plain() for b in _walk(block) if b.inline is not None))


def _has_links(block: _Block) -> bool:
    return any(_text(b).links for b in _walk(block) if b.inline is not None)


def _is_toc(block: _Block) -> bool:
    """A list whose every item is only links into the page itself (#anchors)."""
    items = [b for b in _walk(block) if b.type == "list_item"]
    for item in items:
        text = _item_text(item)
        if not text.links or any(not link.url.startswith("#") for link in text.links):
            return False
        if _SLOT.sub("", text.md).strip(" -–—|,.:"):
            return False
    return bool(items)


def _task_items(block: _Block) -> Iterator[tuple[int, str]]:
    for item in (b for b in _walk(block) if b.type == "list_item"):
        box = _checkbox(item)
        if box is not None:
            yield item.line, box[1].markdown()


def _markdown_items(block: _Block) -> list[str]:
    """Each item of a list (nested ones too) as one line of Markdown."""
    items = []
    for item in block.children:
        if text := _item_text(item).markdown():
            items.append(text)
        for nested in _nested_lists(item):
            items.extend(_markdown_items(nested))
    return items


def _words_outside_links(text: _Text) -> int:
    return len(re.findall(r"\w+", _plain(_SLOT.sub(" ", text.md), ())))


def _source(text: _Text) -> dict[str, str] | None:
    """The guide the page follows: the opening paragraph's first web link with "by Author"."""
    for index, link in enumerate(text.links):
        if link.web and not link.image:
            after = text.md.split(f"{_OPEN}{index}{_CLOSE}", 1)[1]
            author = re.match(r"^\W*(?:\w+\s+){0,2}?by\s+((?:[A-Z][\w'’.-]*\s?){1,4})", after)
            if author:  # "the [Guide](u) by Author": the page this checklist follows
                title = link.plain or link.url
                return {"title": title, "url": link.url, "author": author.group(1).strip(" .,;:")}
    return None


def _notes_from_list(block: _Block, heading: str) -> list[dict[str, Any]]:
    """Bold-led bullets become one note each (nested bullets its items); other bullets
    become the items of one note named after the heading."""
    notes: list[dict[str, Any]] = []
    loose: list[str] = []
    for item in block.children:
        text = _item_text(item)
        found = _label(text.md)
        nested = [line for n in _nested_lists(item) for line in _markdown_items(n)]
        if found:
            note: dict[str, Any] = {"title": text.plain(found[0])}
            if found[1]:
                note["text"] = text.markdown(found[1])
            if nested:
                note["items"] = nested
            notes.append(note)
        else:
            loose.extend([line for line in [text.markdown()] if line] + nested)
    if loose:
        notes.append({"title": heading or "Notes", "items": loose})
    return notes


def _credits(block: _Block) -> list[dict[str, str]]:
    credits = []
    for item in block.children:
        text = _item_text(item)
        web = [link for link in text.links if link.web]
        if len(web) > 1:
            credits.extend({"title": link.plain, "url": link.url} for link in web)
        elif text.plain():
            credit = {"title": text.plain()}
            if web:
                credit["url"] = web[0].url
            credits.append(credit)
    return credits


# --- one checklist item -----------------------------------------------------------------

_CHOOSE = re.compile(
    r"\(?\b(?:choose|pick|select|complete)\s+(?P<least>at least\s+)?"
    r"(?P<n>(?:[1-9]\d*|one|two|three|four|five)\b"
    r"(?:\s*(?:-|–|to)\s*(?:[1-9]\d*|two|three|four|five)\b)?)(?P<plus>\+|\s+or\s+more\b)?"
    r"(?:\s+(?:of|from|among)\b(?:\s+(?:these|the following|them))?)?\s*\)?\s*:?",
    re.I,
)


_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def _choose_rule(match: re.Match[str]) -> str:
    """ "Choose 1 to 2" → "1-2", "at least two" → "2+", as the schema writes them."""
    words = re.sub(
        r"[a-z]+", lambda m: _NUMBER_WORDS.get(m.group(0), m.group(0)), match.group("n").lower()
    )
    rule = re.sub(r"\s*(?:-|–|to)\s*", "-", words)
    return rule + "+" if (match.group("plus") or match.group("least")) and "-" not in rule else rule


def _read_item(text: _Text, nested: list[dict[str, str]]) -> dict[str, Any]:
    """A checklist item's text as a resource: title, authors, url, note, choose, links.

    "Topic: Choose 1-2 from [a](u), [b](u)" and "Topic: [a](u)" give links; one link
    anywhere else gives the url; "*Title* by A, B and C (note)" gives title, authors and
    a note."""
    md = _inline_bad_links(text)
    links = text.links
    web = [int(index) for index in _SLOT.findall(md)]
    first = f"{_OPEN}{web[0]}{_CLOSE}" if web else None
    head, tail = md.split(first, 1) if first else (md, "")
    choose = _CHOOSE.search(head)
    if choose and not (web or nested):
        choose = None  # "choose 2" with nothing to choose from is just words
    resource = None
    if web or choose:
        head = head[: choose.start()] if choose else head
        resource = _topic_item(head, f"{first or ''}{tail}", links, web, labelled=bool(choose))
    if resource is None:
        resource = _described_item(md, links, web)
    if nested:
        resource["links"] = resource.get("links", []) + nested
    if choose and resource.get("links"):
        resource["choose"] = _choose_rule(choose)
    return resource


def _inline_bad_links(text: _Text) -> str:
    """The item's Markdown with links that are not web addresses turned back into text."""

    def keep(match: re.Match[str]) -> str:
        link = text.links[int(match.group(1))]
        return match.group(0) if link.web else link.md

    return _SLOT.sub(keep, text.md)


def _topic_item(
    head: str, tail: str, links: tuple[_Link, ...], web: list[int], labelled: bool
) -> dict[str, Any] | None:
    """A "Topic: [a](u), [b](u)" or "Title (e.g., from [a](u))" → title, links and note."""
    stripped = head.rstrip()
    opened = stripped.rfind("(")
    if labelled or stripped.endswith(":"):
        title_md, note = stripped.rstrip(":–—- ").strip(), _leftover_note(tail, links)
    elif opened > stripped.rfind(")") and opened >= 0:
        title_md = stripped[:opened].strip()
        inner = stripped[opened + 1 :] + " " + tail.rsplit(")", 1)[0]
        note = _plain_links_md(inner, links)
    else:
        return None
    if not _plain(title_md, links):
        return None
    resource: dict[str, Any] = {"title": _plain(title_md, links)}
    if note:
        resource["note"] = note
    resource["links"] = [
        {"title": links[i].plain or links[i].url, "url": links[i].url} for i in web
    ]
    return resource


def _leftover_note(tail: str, links: tuple[_Link, ...]) -> str | None:
    """What a list of links says besides the links: "[a](u) (Sections 1-3)" → "*a*: Sections 1-3"."""
    parts: list[str] = []

    def aside(match: re.Match[str]) -> str:
        parts.append(f"*{links[int(match.group(1))].plain}*: {_markdown(match.group(2), links)}")
        return " "

    rest = re.sub(f"{_OPEN}(\\d+){_CLOSE}\\s*\\(([^()]*)\\)", aside, tail)
    rest = _SLOT.sub(" ", rest)
    rest = re.sub(r"(?:[\s,;:|/.()]|\b(?:and|or)\b)+", " ", rest).strip()
    if re.search(r"\w", rest):
        parts.append(rest)
    return "; ".join(parts) or None


def _plain_links_md(md: str, links: tuple[_Link, ...]) -> str | None:
    text = _squash(_SLOT.sub(lambda m: links[int(m.group(1))].md, md)).strip(" ,;:()")
    return text or None


def _described_item(md: str, links: tuple[_Link, ...], web: list[int]) -> dict[str, Any]:
    """An item that is its own title: one link (if any) is its url; links inside read as text."""
    whole = _SLOT.sub(lambda m: links[int(m.group(1))].md, md)
    title_md, note = _trailing_note(whole)
    title_md, authors = _authors(title_md)
    italic = bool(authors) and bool(re.fullmatch(r"\*[^*].*\*", title_md))
    resource: dict[str, Any] = {"title": _plain(title_md, ())}
    if authors:
        resource["authors"] = authors
    if len(web) == 1:
        resource["url"] = links[web[0]].url
    if note:
        resource["note"] = note
    if len(web) > 1:
        resource["links"] = [
            {"title": links[i].plain or links[i].url, "url": links[i].url} for i in web
        ]
    resource["_italic"] = italic
    return resource


def _trailing_note(md: str) -> tuple[str, str | None]:
    """'Title (selected chapters)' → ('Title', 'selected chapters'); a short '(ROME)' stays."""
    match = re.match(r"^(?P<title>.*?\S)\s*\((?P<note>[^()]*(?:\([^()]*\)[^()]*)*)\)$", md.strip())
    if not match:
        return md.strip(), None
    note = match.group("note").strip()
    if " " not in note and not note[:1].islower():
        return md.strip(), None
    return match.group("title"), _squash(note) or None


_NAME_WORD = r"(?:[A-Z][\w'’.-]*|van|von|de|der|den|da|di|du|la|le|dos|bin)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}(?:\s+et al\.?)?$")
_ORGANISATION = re.compile(r"^(?:[A-Z][\w.&'’-]*)(?:\s+[A-Z][\w.&'’-]*){0,3}$")


def _authors(md: str) -> tuple[str, list[str]]:
    """'*Title* by A, B, and C' → ('*Title*', [A, B, C]); 'Title - Org' → ('Title', [Org])."""
    if " by " in md:
        title, names = md.rsplit(" by ", 1)
        people = [
            _plain(p, ()) for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names) if p
        ]
        # One-word "names" only after an italic title: "Learn by Doing" is no book by Doing.
        italic = bool(re.fullmatch(r"\*[^*].*\*", title.strip()))
        named = all(_NAME.match(p) for p in people)
        if title.strip() and people and named and (italic or all(" " in p for p in people)):
            return title.strip(), people
    match = re.match(r"^(?P<title>.+\S)\s+[-–—]\s+(?P<who>[^-–—]+)$", md.strip())
    if match:
        who = _plain(match.group("who"), ())
        words = who.split()
        acronym = any(w.isupper() and len(w) >= 2 for w in words)
        if _ORGANISATION.match(who) and (len(words) >= 2 or acronym) and not re.search(r"\d", who):
            return match.group("title"), [who]
    return md, []


def _choose_from_note(section: _Section) -> None:
    """An optional track's "… complete 1-2 resources" applies to each of its link lists."""
    match = _CHOOSE.search(section.note or "")
    if not match:
        return
    for resource in section.resources:
        if resource.get("links") and "choose" not in resource:
            resource["choose"] = _choose_rule(match)


# --- kinds and ids ------------------------------------------------------------------------

# (kind, words, also judged from the links' titles and addresses); the first match wins.
# Actions (write, apply, implement) are read from the title only: a link's page about
# exercises does not make "Research advice" an exercise.
_KIND_WORDS: tuple[tuple[str, str, bool], ...] = (
    ("writing", r"^write\b|\bwrite-?up\b", False),
    (
        "program",
        r"^apply (?:to|for)\b|\bprograms?\b|\bresidenc(?:y|ies)\b|\bfellowships?\b"
        r"|\bbootcamps?\b|\binternships?\b",
        False,
    ),
    ("exercise", r"^(?:re-?)?implement\b|\bexercises?\b|\bcoding\b|\bproblem sets?\b", False),
    ("competition", r"\bcompetitions?\b|\bhackathons?\b", True),
    ("project", r"\bprojects?\b|^build\b", False),
    ("article", r"^how to\b", False),
    ("paper", r"\bpapers?\b|\barxiv\b|\bet al\b|\bsurvey\b|\bpreprints?\b", True),
    ("book", "(?!)", False),  # placeholder: an italic title "by" people (see _guess_kind)
    (
        "course",
        r"\bcourses?\b|\bcoursera\b|\bfast\.ai\b|\bclass\b|\bcurriculum\b|\bsyllabus\b"
        r"|\b(?:cs|cse|eecs|sts|stat|math|ece|cos)\s?\d+|\bspecialization\b|\bmooc\b|\budemy\b"
        r"|\budacity\b|\bedx\b|\bcodecademy\b|\bopencourseware\b|\bcertification\b",
        True,
    ),
    ("tutorial", r"\btutorials?\b|\bguide\b|\bdocumentation\b|\bwalkthrough\b|\bhow-to\b", True),
    ("video", r"\bvideos?\b|\byoutube\b|\byoutu\.be\b|\bplaylists?\b|\blectures?\b", True),
    ("book", r"\bbooks?\b|\btextbooks?\b|\bhandbook\b|\bedition\b", True),
    ("newsletter", r"\bnewsletters?\b|\bsubstack\b", True),
    ("tool", r"\bplayground\b|\btools?\b", True),
    ("article", r"\bposts?\b|\bblogs?\b|\barticles?\b|\bessays?\b", True),
    ("forum", r"\bforums?\b", False),
    ("community", r"\bcommunity\b|\bdiscord\b|\bslack\b|\bmeetups?\b|\breading groups?\b", False),
)


def _guess_kind(resource: dict[str, Any]) -> str:
    """A kind from the title's words, else from the links' words by majority, else article."""
    said = " ".join([resource["title"], *resource.get("authors", [])]).lower()
    for kind, words, _ in _KIND_WORDS:
        if kind == "book" and words == "(?!)":
            if resource.get("_italic"):
                return "book"
        elif re.search(words, said):
            return kind
    votes: Counter[str] = Counter()
    order = {kind: index for index, (kind, _, _) in enumerate(_KIND_WORDS)}
    pages = [(link["title"], link["url"]) for link in resource.get("links", [])]
    if resource.get("url"):
        pages.append(("", resource["url"]))
    for title, url in pages:
        seen = f"{title} {url}".lower()
        for kind, words, from_links in _KIND_WORDS:
            if from_links and re.search(words, seen):
                votes[kind] += 1
                break
    if votes:
        return min(votes, key=lambda kind: (-votes[kind], order[kind]))
    return "article"


def _slug(title: str) -> str:
    """A readable id: ASCII, lowercase, hyphens, at most ID_LENGTH characters, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "resource"
    return _cut(slug, ID_LENGTH)


_SMALL_WORDS = {"a", "an", "and", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


def _cut(slug: str, length: int) -> str:
    """At most `length` characters, cut between words and not ending on "a", "of", "the"..."""
    if len(slug) <= length:
        return slug
    words = slug[: length + 1].split("-")[:-1] or [slug[:length]]
    while len(words) > 1 and words[-1] in _SMALL_WORDS:
        words.pop()
    return "-".join(words)


def _finish_resources(levels: list[dict[str, Any]]) -> None:
    """Give every resource its id (unique: a repeated title gets -2, -3) and its kind, and
    put its keys in curriculum.yaml's order."""
    taken: set[str] = set()
    for level in levels:
        for section in level["sections"]:
            section["resources"] = [_finished(r, taken) for r in section["resources"]]


_RESOURCE_ORDER = ("id", "title", "authors", "kind", "url", "note", "choose", "links", "done")


def _finished(resource: dict[str, Any], taken: set[str]) -> dict[str, Any]:
    base = _slug(resource["title"])
    candidate, count = base, 1
    while candidate in taken:
        count += 1
        suffix = f"-{count}"
        candidate = _cut(base, ID_LENGTH - len(suffix)) + suffix
    taken.add(candidate)
    resource["id"] = candidate
    resource["kind"] = _guess_kind(resource)
    return {key: resource[key] for key in _RESOURCE_ORDER if resource.get(key) not in (None, [])}


# --- broken characters --------------------------------------------------------------------


def _repair_text(text: str) -> tuple[str, str | None]:
    """The text with mojibake repaired line by line (ftfy judges each line on its own
    anyway), and a warning saying how many lines needed it, with the first repair."""
    lines = re.split(r"(?<=\n)", text)
    fixed = [ftfy.fix_text(line, _REPAIR) for line in lines]
    changed = [
        index for index, (old, new) in enumerate(zip(lines, fixed, strict=True)) if old != new
    ]
    if not changed:
        return text, None
    first = changed[0]
    before, after = _first_change(lines[first], fixed[first])
    count = len(changed)
    warning = (
        f"warning: repaired broken characters on {count} line{'s' if count != 1 else ''} "
        f"(e.g. line {first + 1}: {before!r} → {after!r})"
    )
    return "".join(fixed), warning


def _first_change(before: str, after: str) -> tuple[str, str]:
    """The first word that the repair changed, to show in the warning."""
    for old, new in zip(before.split(), after.split(), strict=False):
        if old != new:
            return old, new
    return before, after


# --- YAML -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, and "double quotes" when a
    string needs quoting, as curriculum.yaml is written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


class _FlowList(list):
    """A short list written on one line: authors: [Toby Ord]."""


class _Quoted(str):
    """A string always written in quotes: choose: "1-2" (a bare 1 would read as a number)."""


_Dumper.add_representer(
    _FlowList,
    lambda dumper, value: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=True
    ),
)
_Dumper.add_representer(
    _Quoted,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"'),
)


def _flow_authors(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _FlowList(item)
            if key == "authors"
            else _Quoted(item)
            if key == "choose"
            else _flow_authors(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_flow_authors(item) for item in value]
    return value


def _header(source: str | None) -> str:
    origin = f"# Imported from {source}\n" if source else ""
    return (
        f"{SCHEMA_LINE}\n"
        "#\n"
        f"{origin}"
        "# by `python -m sync import`. Check the titles, kinds and ids\n"
        "# before the first `python -m sync apply`: an id names its resource's issue\n"
        "# forever (to rename one later, list the old id under `previous_ids`).\n"
        "# Then run `python -m sync validate` and `python -m sync plan`.\n"
    )


def _space_out(body: str, data: dict[str, Any]) -> str:
    """Blank lines between top-level parts, levels and sections; a comment naming each level."""
    titles = iter(f"Level {level['number']}: {level['title']}" for level in data["levels"])
    out: list[str] = []
    for line in body.splitlines():
        if re.match(r"^(?:levels|notes|acknowledgments):", line):
            out.append("")
        elif line.startswith("  - number: "):
            out.extend(
                ["", f"  # {next(titles)}"] if out[-1] != "levels:" else [f"  # {next(titles)}"]
            )
        elif line.startswith("      - title: ") and not out[-1].endswith("sections:"):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"
