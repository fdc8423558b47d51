"""Broken characters (mojibake: UTF-8 read as Windows-1252) repaired line by line first."""

from __future__ import annotations

import re

import ftfy

from sync.importer.notices import Kind, Notice

# Only what fixes broken encodings: curly quotes, ligatures and full-width letters are
# the author's choice, and HTML entities are decoded by the Markdown parser.
_REPAIR = ftfy.TextFixerConfig(
    unescape_html=False,
    fix_line_breaks=False,
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    normalization=None,
    explain=False,
)


def repaired(text: str) -> tuple[str, tuple[Notice, ...]]:
    """The text with mojibake repaired (ftfy judges each line on its own anyway), and a
    notice for each line that needed it, showing the first word changed."""
    lines = re.split(r"(?<=\n)", text)
    fixed = [ftfy.fix_text(line, _REPAIR) if not line.isascii() else line for line in lines]
    notices = tuple(
        Notice(number, Kind.REPAIRED, "{!r} → {!r}".format(*_first_change(old, new)))
        for number, (old, new) in enumerate(zip(lines, fixed, strict=True), 1)
        if old != new
    )
    return "".join(fixed), notices


def _first_change(before: str, after: str) -> tuple[str, str]:
    for old, new in zip(before.split(), after.split(), strict=False):
        if old != new:
            return old, new
    return before, after
