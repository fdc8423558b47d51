"""Labels that open a part of a level: "**Objective**: …", "**Goals**:", "**Books** (optional):"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sync.importer.markdown import squash

_LABEL = re.compile(r"^\*\*(?P<label>(?:[^*]|\\\*)+?)\*\*\s*(?P<rest>.*)$", re.S)
_OBJECTIVE = re.compile(r"^(?:objectives?|aims?|purpose|overview)$", re.I)
_GOALS = re.compile(r"^(?:goals?|learning goals|outcomes?|learning outcomes)$", re.I)
_OPTIONAL = re.compile(r"\s*[(\[]\s*optional\s*[)\]]\s*", re.I)
_OPTIONAL_THEN_COLON = re.compile(r"^[(\[]\s*optional\s*[)\]]\s*:", re.I)
_PLAIN_LABEL = re.compile(r"^(?P<label>objectives?|goals?)\s*:\s*(?P<rest>.*)$", re.I | re.S)


@dataclass(frozen=True)
class Label:
    """A label's name (Markdown), the text after it on the line, and what it opens:
    "objective", "goals" or "section"."""

    name: str
    rest: str
    kind: str


def label_of(md: str) -> Label | None:
    """'**Goals**: rest' or '**Goals:** rest' → Label('Goals', 'rest'); also a plain 'Goals:'."""
    plain = _PLAIN_LABEL.match(md.strip())
    if plain:
        return _labelled(plain.group("label"), plain.group("rest").strip())
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
    return _labelled(label, rest) if label else None


def _labelled(name: str, rest: str) -> Label:
    if _OBJECTIVE.match(name):
        return Label(name, rest, "objective")
    if _GOALS.match(name):
        return Label(name, rest, "goals")
    return Label(name, rest, "section")


def section_title(title: str) -> tuple[str, bool]:
    """A section title without '(Optional)', and whether it said so."""
    cleaned = squash(_OPTIONAL.sub(" ", title)).rstrip(":").strip()
    return (cleaned or title), cleaned != squash(title).rstrip(":").strip()
