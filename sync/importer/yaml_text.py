"""The imported curriculum as curriculum.yaml text, written as a person would write it:
block style, keys in the file's order, UTF-8 as UTF-8, a comment naming each level."""

from __future__ import annotations

import re
from typing import Any

import yaml

from sync.curriculum import Acknowledgments, Curriculum, Level, Link, Note, Resource, Section

SCHEMA_LINE = "# yaml-language-server: $schema=./sync/curriculum.schema.json"


def to_yaml(curriculum: Curriculum, *, source: str | None = None) -> str:
    body = yaml.dump(
        _curriculum(curriculum),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        default_flow_style=False,
    )
    return _header(source) + "\n" + _space_out(body, curriculum)


# --- values as plain data, in the file's key order, empty fields left out ----------------


def _kept(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    return {key: value for key, value in pairs if value not in (None, (), [], False, "")}


def _curriculum(c: Curriculum) -> dict[str, Any]:
    source = c.source and _kept([("url", c.source.url), ("title", c.source.title),
                                 ("author", c.source.author)])  # fmt: skip
    return _kept(
        [
            ("title", c.title),
            ("source", source),
            ("description", c.description),
            ("levels", [_level(level) for level in c.levels]),
            ("notes", [_note(note) for note in c.notes]),
            ("acknowledgments", _acknowledgments(c.acknowledgments)),
        ]
    )


def _level(level: Level) -> dict[str, Any]:
    return _kept(
        [
            ("number", level.number),
            ("title", level.title),
            ("objective", level.objective),
            ("goals", list(level.goals)),
            ("sections", [_section(s) for s in level.sections]),
        ]
    )


def _section(section: Section) -> dict[str, Any]:
    return _kept(
        [
            ("title", section.title),
            ("optional", section.optional),
            ("note", section.note),
            ("resources", [_resource(r) for r in section.resources]),
        ]
    )


def _resource(r: Resource) -> dict[str, Any]:
    return _kept(
        [
            ("id", r.id),
            ("title", r.title),
            ("authors", _FlowList(r.authors)),
            ("kind", r.kind),
            ("url", r.url),
            ("note", r.note),
            ("choose", _Quoted(r.choose) if r.choose else None),
            ("links", [_link(link) for link in r.links]),
            ("done", r.done),
        ]
    )


def _link(link: Link) -> dict[str, Any]:
    return _kept([("title", link.title), ("url", link.url)])


def _note(note: Note) -> dict[str, Any]:
    return _kept([("title", note.title), ("text", note.text), ("items", list(note.items))])


def _acknowledgments(ack: Acknowledgments | None) -> dict[str, Any] | None:
    if ack is None:
        return None
    links = [_link(link) for link in ack.links]
    return _kept([("text", ack.text), ("links", links), ("closing", ack.closing)]) or None


# --- the dumper --------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style with list items indented under their key, and "double quotes" when a
    string needs quoting, as curriculum.yaml is written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        if style in ("'", '"') and isinstance(self.event, yaml.ScalarEvent):
            # PyYAML's double-quoted style escapes every character beyond U+FFFF
            # (an emoji becomes "\U0001F4D6"); single quotes keep them as they are.
            astral = any(ord(ch) > 0xFFFF for ch in self.event.value)
            single_ok = self.analysis is not None and self.analysis.allow_single_quoted
            return "'" if astral and single_ok else '"'
        return style


class _FlowList(list[str]):
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


def _space_out(body: str, curriculum: Curriculum) -> str:
    """Blank lines between top-level parts, levels and sections; a comment naming each level."""
    titles = iter(level.milestone_title for level in curriculum.levels)
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
