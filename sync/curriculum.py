"""The curriculum as plain, frozen values: loading it from YAML and validating it.

Every problem is reported with the line it stands on, all at once, so a person
editing ``curriculum.yaml`` by hand can fix everything in one pass.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sync.errors import CurriculumError, InputProblems, Problem
from sync.text import decode_utf8

SCHEMA_FILE = "curriculum.schema.json"


def load_schema() -> dict[str, Any]:
    """The JSON Schema shipped for editors; the validator takes its closed lists from it."""
    # Package data sits beside this module in every install (wheel or editable).
    schema: dict[str, Any] = json.loads(Path(__file__).with_name(SCHEMA_FILE).read_text("utf-8"))
    return schema


# The schema is the one home of the kinds: each with the description its label gets.
KIND_DESCRIPTIONS: dict[str, str] = {
    option["const"]: option["description"]
    for option in load_schema()["$defs"]["resource"]["properties"]["kind"]["oneOf"]
}
KINDS: tuple[str, ...] = tuple(KIND_DESCRIPTIONS)
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ID_MAX_LENGTH = 80
URL_PATTERN = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+\S*$")
CHOOSE_PATTERN = re.compile(r"^[1-9][0-9]*(\+|-[1-9][0-9]*)?$")


@dataclass(frozen=True)
class Link:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Resource:
    id: str
    title: str
    kind: str | None = None
    authors: tuple[str, ...] = ()
    url: str | None = None
    note: str | None = None
    choose: str | None = None
    links: tuple[Link, ...] = ()
    previous_ids: tuple[str, ...] = ()
    done: bool = False
    # Where it stands in the file, for problems found past parsing (GitHub's limits).
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Section:
    title: str
    resources: tuple[Resource, ...]
    optional: bool = False
    note: str | None = None


@dataclass(frozen=True)
class Level:
    number: int
    title: str
    sections: tuple[Section, ...]
    objective: str | None = None
    goals: tuple[str, ...] = ()
    due: dt.date | None = None
    line: int = field(default=0, compare=False)

    @property
    def milestone_title(self) -> str:
        return level_title(self.number, self.title)


def level_title(number: int, title: str) -> str:
    """How a level is named everywhere: its milestone, the README, the chart, the issue body."""
    return f"Level {number}: {title}"


@dataclass(frozen=True)
class Note:
    title: str
    text: str | None = None
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Acknowledgments:
    text: str | None = None
    links: tuple[Link, ...] = ()
    closing: str | None = None


@dataclass(frozen=True)
class Source:
    url: str
    title: str | None = None
    author: str | None = None


@dataclass(frozen=True)
class Placement:
    """Where a resource sits: what its issue's milestone, labels and body depend on."""

    level: Level
    section: Section
    resource: Resource


@dataclass(frozen=True)
class Curriculum:
    title: str
    levels: tuple[Level, ...]
    source: Source | None = None
    description: str | None = None
    notes: tuple[Note, ...] = ()
    acknowledgments: Acknowledgments | None = None
    # The guide's name where there is little room (the badge); the title when not given.
    short_title: str | None = None

    @property
    def short_name(self) -> str:
        return self.short_title or self.title

    def placements(self) -> Iterator[Placement]:
        for level in self.levels:
            for section in level.sections:
                for resource in section.resources:
                    yield Placement(level, section, resource)

    def resource_count(self) -> int:
        return sum(len(s.resources) for level in self.levels for s in level.sections)


def load_curriculum(path: str | Path) -> Curriculum:
    """Read, parse and validate a curriculum file, or raise CurriculumError."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CurriculumError([Problem(str(path), 0, "no such file")]) from None
    except OSError as error:
        raise CurriculumError([Problem(str(path), 0, error.strerror or str(error))]) from None
    curriculum, problems = parse_curriculum(raw, str(path))
    if problems or curriculum is None:
        raise CurriculumError(problems)
    return curriculum


def parse_curriculum(raw: bytes | str, path: str) -> tuple[Curriculum | None, list[Problem]]:
    """Parse curriculum YAML; return the curriculum (None when invalid) and every problem."""
    text, problem = _decode(raw, path)
    if problem:
        return None, [problem]
    try:
        data, lines = _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        if isinstance(error, _AliasFound):
            return None, [Problem(path, line, str(error.problem))]
        return None, [Problem(path, line, f"invalid YAML: {error.problem or error}")]
    except yaml.YAMLError as error:
        return None, [Problem(path, 1, f"invalid YAML: {error}")]
    if data is None:
        return None, [Problem(path, 1, "the file is empty: expected 'title' and 'levels'")]
    checker = _Checker(path, lines.positions)
    checker.problems.extend(Problem(path, line, msg) for line, msg in lines.duplicates)
    curriculum = checker.curriculum(data)
    problems = sorted(set(checker.problems))
    return (None if problems else curriculum), problems


def _decode(raw: bytes | str, path: str) -> tuple[str, Problem | None]:
    if isinstance(raw, str):
        return raw, None
    try:
        return decode_utf8(raw, path), None
    except InputProblems as error:
        return "", error.problems[0]


# PyYAML's C loader is ~10x faster and keeps node marks, which is all we need for lines.
class YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, except that an impossible date (2027-02-30) stays text for the
    validator to report at its line, instead of aborting the whole load."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


YamlLoader.add_constructor("tag:yaml.org,2002:timestamp", YamlLoader.construct_yaml_timestamp)

Path_ = tuple[str | int, ...]


@dataclass
class _Lines:
    positions: dict[Path_, int] = field(default_factory=dict)
    duplicates: list[tuple[int, str]] = field(default_factory=list)


class _AliasFound(yaml.MarkedYAMLError):
    """An anchor or alias, refused before anything is composed from it."""


def _refuse_anchors(text: str) -> None:
    """A curriculum has no use for anchors (&name) and aliases (*name), and nine nested
    aliases in a few hundred bytes stand for a billion values ("billion laughs"): walking
    them for line numbers would take minutes and gigabytes. Refused from the event stream,
    which never expands them."""
    # Every alias names an anchor, and an anchor is only ever written with "&": without
    # one, the second pass over the text (a third of the load time) is not needed.
    if "&" not in text:
        return
    for event in yaml.parse(text, Loader=YamlLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _AliasFound(
                problem="anchors and aliases (&name, *name) are not supported: "
                "write each value out in full",
                problem_mark=event.start_mark,  # type: ignore[arg-type]  # C and Python marks alike
            )


def _compose(text: str) -> tuple[Any, _Lines]:
    _refuse_anchors(text)
    # A large curriculum is ~16 nodes a resource, all alive at once: the cyclic garbage
    # collector would rescan them again and again (half the load time at 10,000 resources)
    # while none of them can be garbage before we return.
    collecting = gc.isenabled()
    gc.disable()
    try:
        loader = YamlLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
        lines = _Lines()
        if node is not None:
            _record_lines(node, (), lines)
        return data, lines
    finally:
        if collecting:
            gc.enable()


def _record_lines(node: yaml.Node, at: Path_, lines: _Lines) -> None:
    """Map each value's path to its 1-based line, and note repeated keys (YAML keeps the last)."""
    lines.positions[at] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                lines.duplicates.append((key_node.start_mark.line + 1, f"duplicate key '{key}'"))
            seen.add(key)
            lines.positions[(*at, key, "<key>")] = key_node.start_mark.line + 1
            _record_lines(value_node, (*at, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*at, index), lines)


_TOP_KEYS = ("title", "short_title", "source", "description", "levels", "notes", "acknowledgments")
_SOURCE_KEYS = ("url", "title", "author")
_LEVEL_KEYS = ("number", "title", "objective", "goals", "due", "sections")
_SECTION_KEYS = ("title", "optional", "note", "resources")
_RESOURCE_KEYS = (
    "id",
    "title",
    "kind",
    "authors",
    "url",
    "note",
    "choose",
    "links",
    "previous_ids",
    "done",
)
_LINK_KEYS = ("title", "url")
_NOTE_KEYS = ("title", "text", "items")
_ACK_KEYS = ("text", "links", "closing")


class _Checker:
    """Turns loaded YAML into a Curriculum while collecting every problem with its line."""

    def __init__(self, path: str, positions: dict[Path_, int]) -> None:
        self.path = path
        self.positions = positions
        self.problems: list[Problem] = []
        self.ids: dict[str, Path_] = {}
        self.level_numbers: dict[int, Path_] = {}

    def report(self, at: Path_, message: str) -> None:
        self.problems.append(Problem(self.path, self.line_of(at), message))

    def line_of(self, at: Path_) -> int:
        while at and at not in self.positions:
            at = at[:-1]
        return self.positions.get(at, 1)

    # --- generic shapes -------------------------------------------------------------

    def mapping(
        self, value: Any, at: Path_, allowed: tuple[str, ...], what: str
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.report(at, f"{what} must be a mapping of keys to values")
            return None
        for key in value:
            if key not in allowed:
                self.report((*at, key, "<key>"), _unknown_key_message(key, what, allowed))
        return value

    def sequence(self, value: Any, at: Path_, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.report(at, f"'{at[-1]}' of {what} must be a list")
            return []
        return value

    def text(
        self, data: dict[str, Any], key: str, at: Path_, what: str, *, required: bool = False
    ) -> Any:
        value = data.get(key)
        if value is None:
            if required:
                where = (*at, key) if key in data else at
                self.report(where, f"{what} has no '{key}'")
            return None
        if not isinstance(value, str) or not value.strip():
            self.report((*at, key), f"'{key}' of {what} must be non-empty text")
            return None
        return value.strip()

    def texts(self, data: dict[str, Any], key: str, at: Path_, what: str) -> tuple[str, ...]:
        items = self.sequence(data.get(key), (*at, key), what)
        good = []
        for index, item in enumerate(items):
            if isinstance(item, str) and item.strip():
                good.append(item.strip())
            else:
                self.report((*at, key, index), f"'{key}' of {what} must list non-empty text")
        return tuple(good)

    def url(self, data: dict[str, Any], key: str, at: Path_, what: str) -> Any:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not URL_PATTERN.match(value):
            self.report(
                (*at, key), f"malformed URL {value!r} in {what} (expected http(s)://host/...)"
            )
            return None
        return value

    def flag(self, data: dict[str, Any], key: str, at: Path_, what: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            self.report((*at, key), f"'{key}' of {what} must be true or false")
            return False
        return value

    # --- the curriculum's own objects ------------------------------------------------

    def curriculum(self, data: Any) -> Curriculum | None:
        top = self.mapping(data, (), _TOP_KEYS, "the curriculum")
        if top is None:
            return None
        title = self.text(top, "title", (), "the curriculum", required=True)
        levels_data = self.sequence(top.get("levels"), ("levels",), "the curriculum")
        if not levels_data:
            self.report(("levels",), "the curriculum has no levels: add a 'levels:' list")
        levels = tuple(
            level
            for index, item in enumerate(levels_data)
            if (level := self.level(item, ("levels", index))) is not None
        )
        return Curriculum(
            title=title or "",
            levels=levels,
            source=self.source(top.get("source")),
            description=self.text(top, "description", (), "the curriculum"),
            notes=self.notes(top),
            acknowledgments=self.acknowledgments(top.get("acknowledgments")),
            short_title=self.text(top, "short_title", (), "the curriculum"),
        )

    def source(self, data: Any) -> Source | None:
        if data is None:
            return None
        at: Path_ = ("source",)
        src = self.mapping(data, at, _SOURCE_KEYS, "the source") or {}
        url = self.url(src, "url", at, "the source")
        if "url" not in src:
            self.report(at, "the source has no 'url'")
        return Source(
            url=url or "",
            title=self.text(src, "title", at, "the source"),
            author=self.text(src, "author", at, "the source"),
        )

    def level(self, data: Any, at: Path_) -> Level | None:
        what = f"level {_position(at)}"
        level = self.mapping(data, at, _LEVEL_KEYS, what)
        if level is None:
            return None
        number = self.level_number(level.get("number"), at)
        if number is not None:
            what = f"level {number}"
        title = self.text(level, "title", at, what, required=True)
        sections_data = self.sequence(level.get("sections"), (*at, "sections"), what)
        sections = tuple(
            section
            for index, item in enumerate(sections_data)
            if (section := self.section(item, (*at, "sections", index), what)) is not None
        )
        if not any(section.resources for section in sections):
            self.report(at, f"{what} has no resources: add a section with at least one resource")
        return Level(
            number=number or 0,
            title=title or "",
            sections=sections,
            objective=self.text(level, "objective", at, what),
            goals=self.texts(level, "goals", at, what),
            due=self.due_date(level.get("due"), (*at, "due"), what),
            line=self.line_of((*at, "number")),
        )

    def level_number(self, value: Any, at: Path_) -> int | None:
        if value is None:
            self.report(at, f"level {_position(at)} has no 'number'")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.report((*at, "number"), f"level number must be a whole number ≥ 1, not {value!r}")
            return None
        if value in self.level_numbers:
            first = self.line_of(self.level_numbers[value])
            self.report((*at, "number"), f"duplicate level number {value} (first on line {first})")
        else:
            self.level_numbers[value] = (*at, "number")
        return value

    def due_date(self, value: Any, at: Path_, what: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.report(at, f"'due' of {what} must be a date like 2027-01-31, not {value!r}")
        return None

    def section(self, data: Any, at: Path_, level_what: str) -> Section | None:
        what = f"section {_position(at)} of {level_what}"
        section = self.mapping(data, at, _SECTION_KEYS, what)
        if section is None:
            return None
        title = self.text(section, "title", at, what, required=True)
        if title:
            what = f"section '{title}'"
        items = self.sequence(section.get("resources"), (*at, "resources"), what)
        resources = tuple(
            resource
            for index, item in enumerate(items)
            if (resource := self.resource(item, (*at, "resources", index))) is not None
        )
        return Section(
            title=title or "",
            resources=resources,
            optional=self.flag(section, "optional", at, what),
            note=self.text(section, "note", at, what),
        )

    def resource(self, data: Any, at: Path_) -> Resource | None:
        what = "a resource"
        resource = self.mapping(data, at, _RESOURCE_KEYS, what)
        if resource is None:
            return None
        resource_id = self.resource_id(resource.get("id"), at)
        if resource_id:
            what = f"resource '{resource_id}'"
        links = self.links(resource.get("links"), (*at, "links"), what)
        choose = self.choose(resource.get("choose"), (*at, "choose"), what, has_links=bool(links))
        return Resource(
            id=resource_id or "",
            title=self.text(resource, "title", at, what, required=True) or "",
            kind=self.kind(resource.get("kind"), (*at, "kind"), what),
            authors=self.texts(resource, "authors", at, what),
            url=self.url(resource, "url", at, what),
            note=self.text(resource, "note", at, what),
            choose=choose,
            links=links,
            previous_ids=self.previous_ids(resource, at, what),
            done=self.flag(resource, "done", at, what),
            line=self.line_of(at),
        )

    def resource_id(self, value: Any, at: Path_) -> str | None:
        if value is None:
            self.report(at, "a resource has no 'id' (a short lowercase-hyphen name, never reused)")
            return None
        if not self.well_formed_id(value, (*at, "id")):
            return None
        self.claim_id(value, (*at, "id"))
        return str(value)

    def well_formed_id(self, value: Any, at: Path_) -> bool:
        if isinstance(value, str) and ID_PATTERN.match(value) and len(value) <= ID_MAX_LENGTH:
            return True
        self.report(
            at,
            f"id {value!r} must be lowercase letters, digits and single hyphens, "
            f"at most {ID_MAX_LENGTH} characters",
        )
        return False

    def claim_id(self, value: str, at: Path_) -> None:
        if value in self.ids:
            first = self.line_of(self.ids[value])
            self.report(at, f"duplicate id '{value}' (first on line {first})")
        else:
            self.ids[value] = at

    def previous_ids(self, resource: dict[str, Any], at: Path_, what: str) -> tuple[str, ...]:
        items = self.sequence(resource.get("previous_ids"), (*at, "previous_ids"), what)
        good = []
        for index, item in enumerate(items):
            where = (*at, "previous_ids", index)
            if self.well_formed_id(item, where):
                self.claim_id(item, where)
                good.append(item)
        return tuple(good)

    def kind(self, value: Any, at: Path_, what: str) -> str | None:
        if value is None:
            return None
        if value not in KINDS:
            import difflib  # only when there is a mistake to name

            close = difflib.get_close_matches(str(value), KINDS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"one of: {', '.join(KINDS)}"
            self.report(at, f"unknown kind {value!r} for {what} ({hint})")
            return None
        return str(value)

    def choose(self, value: Any, at: Path_, what: str, *, has_links: bool) -> str | None:
        if value is None:
            return None
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        if not isinstance(text, str) or not CHOOSE_PATTERN.match(text):
            self.report(
                at, f'\'choose\' of {what} must read like "1", "1-2" or "2+", not {value!r}'
            )
            return None
        if not has_links:
            self.report(at, f"{what} says 'choose' but has no 'links' to choose from")
        return text

    def links(
        self, value: Any, at: Path_, what: str, *, url_required: bool = True
    ) -> tuple[Link, ...]:
        links = []
        for index, item in enumerate(self.sequence(value, at, what)):
            where = (*at, index)
            link = self.mapping(item, where, _LINK_KEYS, f"a link of {what}")
            if link is None:
                continue
            title = self.text(link, "title", where, f"a link of {what}", required=True)
            url = self.url(link, "url", where, f"a link of {what}")
            if url_required and "url" not in link:
                self.report(where, f"a link of {what} has no 'url'")
            if title:
                links.append(Link(title, url))
        return tuple(links)

    def notes(self, top: dict[str, Any]) -> tuple[Note, ...]:
        notes = []
        for index, item in enumerate(self.sequence(top.get("notes"), ("notes",), "the curriculum")):
            at: Path_ = ("notes", index)
            note = self.mapping(item, at, _NOTE_KEYS, "a note")
            if note is not None:
                title = self.text(note, "title", at, "a note", required=True)
                text = self.text(note, "text", at, "a note")
                notes.append(Note(title or "", text, self.texts(note, "items", at, "a note")))
        return tuple(notes)

    def acknowledgments(self, data: Any) -> Acknowledgments | None:
        if data is None:
            return None
        at: Path_ = ("acknowledgments",)
        ack = self.mapping(data, at, _ACK_KEYS, "the acknowledgments") or {}
        return Acknowledgments(
            text=self.text(ack, "text", at, "the acknowledgments"),
            links=self.links(
                ack.get("links"), (*at, "links"), "the acknowledgments", url_required=False
            ),
            closing=self.text(ack, "closing", at, "the acknowledgments"),
        )


def _unknown_key_message(key: Any, what: str, allowed: tuple[str, ...]) -> str:
    close = [name for name in allowed if _similar(str(key), name)]
    hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
    return f"unknown key '{key}' in {what}{hint}"


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.75


def _position(at: Path_) -> int:
    """The 1-based position of the list item at the end of a path, for messages."""
    index = at[-1]
    return index + 1 if isinstance(index, int) else 0
