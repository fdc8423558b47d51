"""Markdown tokens → a tree of blocks, and inline runs as text with their links set aside.

Only what GitHub renders counts: task markers inside code blocks, block quotes or HTML
comments are what the parser says they are, never tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from sync.curriculum import URL_PATTERN

# Tables so that a table is one block (not a paragraph of pipes); strikethrough so that
# ~~done~~ survives into notes as written.
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

# Each link of a run is replaced by ⟨index⟩ in private-use characters, so that splitting
# the text at colons, parentheses and "by" can never cut through a URL.
OPEN, CLOSE = "\ue000", "\ue001"
SLOT = re.compile(f"{OPEN}(\\d+){CLOSE}")
_CHECKBOX = re.compile(r"^\[([ xX])\](?:[ \t]+|$)")
_ITEM_MARKER = re.compile(r"<!--\s*curriculum-sync:item\s+(?P<fields>[^>]*?)\s*-->")


@dataclass(frozen=True)
class Block:
    """One Markdown block: its token type without _open, its 1-based first line, a
    heading's depth, the inline token it holds (paragraphs, headings), raw HTML, children."""

    type: str
    line: int
    depth: int = 0
    inline: Token | None = None
    html: str = ""
    children: tuple[Block, ...] = ()

    @property
    def is_list(self) -> bool:
        return self.type in ("bullet_list", "ordered_list")

    def walk(self) -> Iterator[Block]:
        yield self
        for child in self.children:
            yield from child.walk()


def blocks(text: str) -> tuple[Block, ...]:
    """The document's top-level blocks, built from markdown-it's flat open/close stream."""
    # [kind, line, depth, inline token, html, children]: mutable while the stream is read.
    root: list[Any] = ["root", 0, 0, None, "", []]
    stack = [root]
    for token in MARKDOWN.parse(text):
        line = token.map[0] + 1 if token.map else stack[-1][1]
        if token.nesting == 1:
            depth = int(token.tag[1]) if token.type == "heading_open" else 0
            node: list[Any] = [token.type.removesuffix("_open"), line, depth, None, "", []]
            stack[-1][5].append(node)
            stack.append(node)
        elif token.nesting == -1:
            stack.pop()
        elif token.type == "inline":
            stack[-1][3] = token
        else:
            stack[-1][5].append([token.type, line, 0, None, token.content, []])
    return _frozen(root).children


def _frozen(node: list[Any]) -> Block:
    kind, line, depth, inline, html, children = node
    return Block(kind, line, depth, inline, html, tuple(_frozen(child) for child in children))


# --- inline text ---------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
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
class Text:
    """An inline run as Markdown with its links in slots, the links, and the fields of a
    ``<!-- curriculum-sync:item … -->`` marker if the run carries one."""

    md: str
    links: tuple[Link, ...] = ()
    marker: tuple[tuple[str, str], ...] = ()

    def lines(self) -> list[Text]:
        return [Text(part, self.links) for part in self.md.split("\n")]

    def plain(self, part: str | None = None) -> str:
        return plain(self.md if part is None else part, self.links)

    def markdown(self, part: str | None = None) -> str:
        return markdown(self.md if part is None else part, self.links)

    def replace(self, md: str) -> Text:
        return Text(md, self.links, self.marker)


def text_of(block: Block | None) -> Text:
    """The inline content of a paragraph or heading."""
    if block is None or block.inline is None:
        return Text("")
    links: list[Link] = []
    marker: list[tuple[str, str]] = []
    md = _render(block.inline.children or [], links, marker)
    return Text(md.strip(), tuple(links), tuple(marker))


def _render(children: list[Token], links: list[Link], marker: list[tuple[str, str]]) -> str:
    """Inline tokens back to Markdown (emphasis as *, links as slots, badges dropped)."""
    out: list[str] = []
    index = 0
    while index < len(children):
        token = children[index]
        if token.type == "link_open":
            end = index + 1
            while children[end].type != "link_close":
                end += 1
            inner = children[index + 1 : end]
            image = bool(inner) and all(t.type in ("image", "softbreak") for t in inner)
            href = str(token.attrGet("href") or "")
            if not image:  # a linked image is a badge or a logo: not part of the text
                text_md = _render(inner, [], [])
                links.append(Link(text_md.strip(), plain_tokens(inner), href))
                out.append(f"{OPEN}{len(links) - 1}{CLOSE}")
            index = end
        elif token.type == "html_inline" and (found := _ITEM_MARKER.match(token.content)):
            marker.extend(_marker_fields(found.group("fields")))
        else:
            out.append(_render_one(token))
        index += 1
    return "".join(out)


def _marker_fields(fields: str) -> list[tuple[str, str]]:
    """'id=x kind=book authors=A%20B' → [(id, x), (kind, book), (authors, A%20B)]."""
    return [tuple(part.split("=", 1)) for part in fields.split() if "=" in part]  # type: ignore[misc]


_MARKS = {"em": "*", "strong": "**", "s": "~~"}


def _render_one(token: Token) -> str:
    kind = token.type
    if kind in ("text", "text_special"):
        # Our own emphasis is written with *, so a literal one must stay literal.
        return token.content.replace("*", "\\*")
    if kind == "code_inline":
        return _code(token.content)
    if kind in ("softbreak", "hardbreak"):
        return "\n"
    if kind.endswith(("_open", "_close")) and kind.rsplit("_", 1)[0] in _MARKS:
        return _MARKS[kind.rsplit("_", 1)[0]]
    if kind == "html_inline" and re.match(r"<br\s*/?>", token.content, re.I):
        return "\n"
    return ""  # images (badges) and other inline HTML (comments, tags) are not text


def _code(content: str) -> str:
    fence = "``" if "`" in content else "`"
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def plain_tokens(children: list[Token]) -> str:
    """Inline tokens as text people read: code spans keep their backticks (a title about
    `<head>` must not turn into an HTML tag), images and HTML say nothing."""
    parts = []
    for token in children:
        if token.type in ("text", "text_special"):
            parts.append(token.content)
        elif token.type == "code_inline":
            parts.append(_code(token.content))
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return squash("".join(parts))


def plain(md: str, links: tuple[Link, ...]) -> str:
    """A Markdown fragment as plain text: emphasis gone, links as their text, code kept."""
    tokens = MARKDOWN.parseInline(md)
    text = plain_tokens(tokens[0].children or []) if tokens else ""
    return squash(SLOT.sub(lambda m: links[int(m.group(1))].plain, text))


def markdown(md: str, links: tuple[Link, ...]) -> str:
    """A Markdown fragment on one line with its links written out again."""

    def link(match: re.Match[str]) -> str:
        found = links[int(match.group(1))]
        return f"[{found.md}]({found.url})"

    return squash(SLOT.sub(link, md))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, width: int = 80) -> str:
    text = squash(text)
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --- list items --------------------------------------------------------------------------


def item_text(item: Block) -> Text:
    """A list item's own line: its first paragraph, or the heading it starts with (`- ### X`)."""
    first = item.children[0] if item.children else None
    if first is not None and first.type in ("paragraph", "heading"):
        return text_of(first)
    return Text("")


def checkbox(item: Block) -> tuple[bool, Text] | None:
    """(ticked, text after the box) when the item is a task item, else None."""
    first = item.children[0] if item.children else None
    if first is None or first.type != "paragraph":
        return None
    text = text_of(first)
    match = _CHECKBOX.match(text.md)
    if not match:
        return None
    return match.group(1) != " ", text.replace(text.md[match.end() :].strip())


def nested_lists(item: Block) -> list[Block]:
    return [child for child in item.children if child.is_list]


def holds_checkbox(block: Block) -> bool:
    """A list with a task item at any depth (block quotes and HTML are not looked into)."""
    if not block.is_list:
        return False
    return any(
        checkbox(item) is not None or any(map(holds_checkbox, nested_lists(item)))
        for item in block.children
    )


def task_items(block: Block) -> Iterator[tuple[int, str]]:
    for item in (b for b in block.walk() if b.type == "list_item"):
        box = checkbox(item)
        if box is not None:
            yield item.line, box[1].markdown()


def block_plain(block: Block) -> str:
    return shorten(" ".join(text_of(b).plain() for b in block.walk() if b.inline is not None))


def has_links(block: Block) -> bool:
    return any(text_of(b).links for b in block.walk() if b.inline is not None)


_SUMMARY = re.compile(r"<summary[^>]*>(?P<title>.*?)</summary>", re.I | re.S)


def summary_title(block: Block) -> str | None:
    """The text of a ``<summary>`` in an HTML block: the title of what ``<details>`` holds."""
    if block.type != "html_block":
        return None
    found = _SUMMARY.search(block.html)
    if not found:
        return None
    inner = re.sub(r"<[^>]+>", " ", found.group("title"))
    return plain(inner, ()) or None
