"""What an import tells its user: notices with their line, grouped by kind for printing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    """Each kind of notice, with the sentence that heads its group."""

    REPAIRED = "lines had broken characters, repaired"
    NOT_TAKEN = "lines not taken (text in a level that is neither a task nor a heading for one)"
    OUTSIDE = "tasks outside any level, not taken"
    ALMOST_TASK = "items without a space after [ ], which GitHub shows as text, not as tasks"
    TABLE = "tables not taken (GitHub shows no checkboxes in a table)"
    QUOTE = "block quotes not taken"
    LINK = "links that are not http(s) addresses, kept as text"
    LEVEL_NUMBER = "level numbers that cannot be milestone numbers (levels numbered in order)"
    LONG_TITLE = "titles longer than GitHub's 256 characters, cut (the rest is in the note)"
    SKIPPED = "paragraphs with links outside the levels, skipped"
    CONTENTS = "tables of contents, skipped"


@dataclass(frozen=True, order=True)
class Notice:
    """One thing the import did not take as written, at its 1-based line."""

    line: int
    kind: Kind
    text: str


def grouped(
    notices: Iterable[Notice], *, source: str, verbose: bool = False, first: int = 3
) -> list[str]:
    """Lines to print: one heading per kind with its count, then its first notices
    (all of them when verbose) as ``source:line: text``."""
    by_kind: dict[Kind, list[Notice]] = {}
    for notice in sorted(notices, key=lambda n: (n.line, n.text)):
        by_kind.setdefault(notice.kind, []).append(notice)
    lines: list[str] = []
    for kind in Kind:
        found = by_kind.get(kind, [])
        if not found:
            continue
        lines.append(f"warning: {len(found)} {kind.value}:")
        shown = found if verbose else found[:first]
        lines.extend(f"  {source}:{n.line}: {n.text}" for n in shown)
        if len(found) > len(shown):
            lines.append(f"  … and {len(found) - len(shown)} more (--verbose shows all)")
    return lines
