"""Small text rules every stage shares: decoding an input file, Markdown table cells, and
curriculum text made safe to place between our hidden markers.

Pure functions; the command line reads the bytes, these decide what they mean.
"""

from __future__ import annotations

import re

from sync.errors import InputProblems, Problem


def decode_utf8(raw: bytes, path: str, *, keep_bom: bool = False) -> str:
    """The text of a file that must be UTF-8; a byte-order mark is dropped unless the text is
    to be written back (a README keeps its bytes).

    Raises ``InputProblems`` naming the line of the first byte that is not UTF-8.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputProblems(
            [Problem(path, line, "the file is not UTF-8 text (save it as UTF-8)")]
        ) from None
    return text if keep_bom else text.removeprefix("\ufeff")


def table_cell(text: str) -> str:
    """Text safe inside one Markdown table cell: a pipe would end the cell, a newline the row."""
    return text.replace("|", "\\|").replace("\r\n", " ").replace("\n", " ")


# CommonMark's HTML blocks that run past blank lines until their closer: comments, <!…>
# declarations, CDATA, <?…?> and <pre>/<script>/<style>/<textarea>. A curriculum's text
# that opened one would swallow everything after it, our end marker included, and "<!--"
# is how a text could forge a marker. "&lt;" shows the same "<" on GitHub but opens nothing.
# https://spec.commonmark.org/0.31.2/#html-blocks
# The one exception is the README item marker, a whole comment on one line that can hide
# nothing: a macro's output is printed (and so passed through here) by the macro calling it.
_RUNAWAY_HTML = re.compile(
    r"<(?!!-- curriculum-sync:item [^\n<>]*? -->)(?=[!?]|(?:pre|script|style|textarea)(?:[\s>]|$))",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")


def inert(text: str) -> str:
    """``text`` with nothing that opens an HTML comment or another block running past blank
    lines, so it cannot hide or forge the hidden markers around it."""
    return _RUNAWAY_HTML.sub("&lt;", text)


def close_fences(text: str) -> str:
    """``text`` with a code fence it opens and never closes closed at its end, so what follows
    it (the next resource, our end marker) is not taken for code."""
    if "```" not in text and "~~~" not in text:
        return text
    fence = None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is None:
            # A backtick fence's info string may not hold a backtick: such a line is inline code.
            if match and not (match[1][0] == "`" and "`" in match[2]):
                fence = match[1]
        elif (
            match
            and match[1][0] == fence[0]
            and len(match[1]) >= len(fence)
            and not match[2].strip()
        ):
            fence = None
    # The closing line stands alone: a template may go on right after the value ("(note)").
    return text if fence is None else f"{text}\n{fence}\n"


def embeddable(value: object) -> object:
    """A curriculum value as templates place it into Markdown: closed fences, no runaway HTML."""
    return inert(close_fences(value)) if isinstance(value, str) else value
