"""Small text rules every stage shares: decoding an input file, and Markdown table cells.

Pure functions; the command line reads the bytes, these decide what they mean.
"""

from __future__ import annotations

from sync.errors import InputProblems, Problem


def decode_utf8(raw: bytes, path: str) -> str:
    """The text of a file that must be UTF-8; a byte-order mark is dropped.

    Raises ``InputProblems`` naming the line of the first byte that is not UTF-8.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputProblems(
            [Problem(path, line, "the file is not UTF-8 text (save it as UTF-8)")]
        ) from None
    return text.removeprefix("\ufeff")


def table_cell(text: str) -> str:
    """Text safe inside one Markdown table cell: a pipe would end the cell, a newline the row."""
    return text.replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")
