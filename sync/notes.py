"""A finished resource's note: the latest comment its learner wrote on the resource's issue.

Only people who can push to the repository (OWNER, MEMBER, COLLABORATOR) write notes; a
bot's comment (such as the one ``apply --prune`` leaves) and anyone else's never become one,
so a stranger's comment on a public issue cannot reach the README. A note is shown as its
first line of text: Markdown, HTML and images are taken out, what is left is escaped, and only
an http(s) address stays a link. Pure: the comments arrive as plain values.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from sync.snapshot import TRUSTED_ASSOCIATIONS

EXCERPT_LIMIT = 120


@dataclass(frozen=True)
class Comment:
    id: int
    issue_number: int
    body: str = ""
    author: str = ""
    author_type: str = "User"
    author_association: str = "NONE"
    created_at: dt.datetime | None = None
    html_url: str = ""

    @property
    def by_learner(self) -> bool:
        """Written by someone who can push to the repository, and not by a bot."""
        return self.author_association in TRUSTED_ASSOCIATIONS and self.author_type != "Bot"


@dataclass(frozen=True)
class Span:
    """A run of plain text, or a link when ``url`` is an http(s) address."""

    text: str
    url: str | None = None


@dataclass(frozen=True)
class Note:
    comment_id: int
    url: str | None
    excerpt: tuple[Span, ...]

    @property
    def text(self) -> str:
        """The excerpt as plain text."""
        return "".join(span.text for span in self.excerpt)

    @property
    def markdown(self) -> str:
        """The excerpt as Markdown that renders exactly its text, with its http(s) links."""
        return "".join(
            f"[{escape_markdown(span.text)}]({_link_target(span.url)})"
            if span.url
            else escape_markdown(span.text)
            for span in self.excerpt
        )


def notes_by_issue(comments: Iterable[Comment]) -> dict[int, Note]:
    """Each issue's note: its latest comment by the learner (by creation, then id)."""
    latest: dict[int, Comment] = {}
    for comment in comments:
        if not comment.by_learner:
            continue
        have = latest.get(comment.issue_number)
        if have is None or _order(comment) > _order(have):
            latest[comment.issue_number] = comment
    return {number: note(comment) for number, comment in latest.items()}


def note(comment: Comment) -> Note:
    return Note(comment.id, comment_url(comment), first_line(comment.body))


def comment_url(comment: Comment) -> str | None:
    """The comment's html_url when it is a plain https link to this very comment, else None."""
    match = _COMMENT_URL.match(comment.html_url or "")
    if match and int(match[1]) == comment.issue_number and int(match[2]) == comment.id:
        return comment.html_url
    return None


def _order(comment: Comment) -> tuple[dt.datetime, int]:
    moment = comment.created_at or dt.datetime.min.replace(tzinfo=dt.UTC)
    moment = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return (moment, comment.id)


_COMMENT_URL = re.compile(
    r"^https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~-]+)*/(?:issues|pull)/(\d+)"
    r"#issuecomment-(\d+)$"
)

# --- from Markdown to one line of text ---------------------------------------------------

_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})")
# Heading marks, block quotes, list bullets and numbers, task boxes: what starts a line.
_BLOCK_MARK = re.compile(r"^\s*(?:#{1,6}(?=\s|$)|>|[-*+](?=\s)|\d{1,9}[.)](?=\s)|\[[ xX]\](?=\s))")
_INLINE = re.compile(
    r"(?P<image>!\[(?:[^\]\\]|\\.)*\](?:\([^)]*\)|\[[^\]]*\])?)"
    r"|(?P<link>\[(?P<label>(?:[^\]\\]|\\.)*)\]\(\s*<?(?P<href>(?:[^\s()<>]|\([^\s()<>]*\))*)>?"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\))"
    r"|(?P<autolink><(?P<auto>[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>)"
    r"|(?P<tag></?[A-Za-z][^<>]*>)"
    r"|(?P<bare>https?://[^\s<>]+)"
)
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"(?<!\\)(?:\*\*|__|~~|`+)|(?<![\w\\])[*_]|(?<!\\)[*_](?!\w)")
_HTTP = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
# GitHub leaves trailing punctuation out of a bare link it finds in text.
_TRAILING = ".,:;!?\"'*_~"


def first_line(body: str, *, limit: int = EXCERPT_LIMIT) -> tuple[Span, ...]:
    """The first line of ``body`` that has text left once Markdown and HTML are taken out."""
    text = _HTML_COMMENT.sub("", body.replace("\r\n", "\n").replace("\r", "\n"))
    for line in text.split("\n"):
        if _FENCE.match(line):
            continue
        spans = _spans(_strip_block_marks(line))
        if "".join(span.text for span in spans).strip():
            return _shorten(_tidy(spans), limit)
    return ()


def _strip_block_marks(line: str) -> str:
    while match := _BLOCK_MARK.match(line):
        line = line[match.end() :]
    return line


def _spans(line: str) -> list[Span]:
    spans: list[Span] = []
    position = 0
    for match in _INLINE.finditer(line):
        spans.append(Span(_plain(line[position : match.start()])))
        position = match.end()
        if match["link"]:
            href = html.unescape(match["href"])
            spans.append(Span(_plain(match["label"]), href if _HTTP.match(href) else None))
        elif match["autolink"]:
            target = match["auto"]
            spans.append(Span(target, target if _HTTP.match(target) else None))
        elif match["bare"]:
            url, rest = _trim_bare(match["bare"])
            spans += [Span(url, url), Span(rest)]
        # Images and HTML tags leave nothing behind.
    spans.append(Span(_plain(line[position:])))
    return spans


def _trim_bare(url: str) -> tuple[str, str]:
    end = len(url)
    while end and (
        url[end - 1] in _TRAILING
        or (url[end - 1] == ")" and url.count("(", 0, end) < url.count(")", 0, end))
    ):
        end -= 1
    return url[:end], url[end:]


def _plain(text: str) -> str:
    text = _EMPHASIS.sub("", text)
    return html.unescape(_ESCAPED.sub(r"\1", text))


def _tidy(spans: list[Span]) -> list[Span]:
    """Whitespace collapsed to single spaces, nothing empty, nothing at either end."""
    merged: list[Span] = []
    for span in spans:
        if merged and merged[-1].url is None and span.url is None:
            merged[-1] = Span(merged[-1].text + span.text)
        else:
            merged.append(span)
    tidy = [Span(re.sub(r"\s+", " ", span.text), span.url) for span in merged if span.text]
    if tidy:
        tidy[0] = Span(tidy[0].text.lstrip(), tidy[0].url)
        tidy[-1] = Span(tidy[-1].text.rstrip(), tidy[-1].url)
    return [span for span in tidy if span.text]


def _shorten(spans: list[Span], limit: int) -> tuple[Span, ...]:
    """At most ``limit`` characters of text, cut at a word when one ends near the limit."""
    if sum(len(span.text) for span in spans) <= limit:
        return tuple(spans)
    kept: list[Span] = []
    room = limit - 1  # for the ellipsis
    for span in spans:
        if len(span.text) <= room:
            kept.append(span)
            room -= len(span.text)
            continue
        cut = span.text[:room]
        space = cut.rfind(" ")
        if span.url is None and space >= room // 2:
            cut = cut[:space]
        kept.append(Span(cut.rstrip(), span.url))
        break
    kept.append(Span("…"))
    return tuple(span for span in _tidy(kept))


# --- back to Markdown ------------------------------------------------------------------

# Every character that could start Markdown or HTML, or an entity, is shown as itself.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#!])")


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _link_target(url: str) -> str:
    # Parentheses, brackets, spaces and angle brackets would end or break a Markdown link.
    return quote(url, safe="/:?#@!$&'*+,;=%-._~")
