"""One task's text → title, authors, url, note, links and choose.

"Topic: Choose 1-2 from [a](u), [b](u)" and "Topic: [a](u)" give links; one link anywhere
else gives the url; "*Title* by A, B and C (note)" gives title, authors and a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sync.curriculum import Link
from sync.importer.markdown import CLOSE, OPEN, SLOT, Text, markdown, plain, squash
from sync.importer.markdown import Link as MarkdownLink


@dataclass(frozen=True)
class Draft:
    """A task read as a resource, before it has an id and a kind. ``italic`` says the
    title was written in italics (with authors: how books are written)."""

    title: str
    authors: tuple[str, ...] = ()
    url: str | None = None
    note: str | None = None
    choose: str | None = None
    links: tuple[Link, ...] = ()
    italic: bool = False


_CHOOSE = re.compile(
    r"\(?\b(?:choose|pick|select|complete)\s+(?P<least>at least\s+)?"
    r"(?P<n>(?:[1-9]\d*|one|two|three|four|five)\b"
    r"(?:\s*(?:-|–|to)\s*(?:[1-9]\d*|two|three|four|five)\b)?)(?P<plus>\+|\s+or\s+more\b)?"
    r"(?:\s+(?:of|from|among)\b(?:\s+(?:these|the following|them))?)?\s*\)?\s*:?",
    re.I,
)
_NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def choose_rule(text: str) -> str | None:
    """ "Choose 1 to 2" → "1-2", "at least two" → "2+", as the schema writes them."""
    match = _CHOOSE.search(text)
    return _choose_rule(match) if match else None


def _choose_rule(match: re.Match[str]) -> str:
    words = re.sub(
        r"[a-z]+", lambda m: _NUMBER_WORDS.get(m.group(0), m.group(0)), match.group("n").lower()
    )
    rule = re.sub(r"\s*(?:-|–|to)\s*", "-", words)
    return rule + "+" if (match.group("plus") or match.group("least")) and "-" not in rule else rule


def read_item(text: Text, nested: tuple[Link, ...], authors: tuple[str, ...] | None) -> Draft:
    """A task's text as a draft resource. ``authors``, when this tool's own README says
    them (its item marker), are taken as they are instead of being guessed."""
    md = _inline_bad_links(text)
    if authors:
        md = md.replace(f" by {', '.join(authors)}", "", 1)
    links = text.links
    web = [int(index) for index in SLOT.findall(md)]
    first = f"{OPEN}{web[0]}{CLOSE}" if web else None
    head, tail = md.split(first, 1) if first else (md, "")
    choose = _CHOOSE.search(head)
    if choose and not (web or nested):
        choose = None  # "choose 2" with nothing to choose from is just words
    draft = None
    if web or choose:
        head = head[: choose.start()] if choose else head
        draft = _topic_item(head, f"{first or ''}{tail}", links, web, labelled=bool(choose))
    if draft is None:
        draft = _described_item(md, links, web, guess_authors=authors is None)
    if authors:
        draft = replace(draft, authors=authors)
    if nested:
        draft = replace(draft, links=draft.links + nested)
    if choose and draft.links:
        draft = replace(draft, choose=_choose_rule(choose))
    return draft


def _inline_bad_links(text: Text) -> str:
    """The item's Markdown with links that are not web addresses turned back into text."""

    def keep(match: re.Match[str]) -> str:
        link = text.links[int(match.group(1))]
        return match.group(0) if link.web else link.md

    return SLOT.sub(keep, text.md)


def _topic_item(
    head: str, tail: str, links: tuple[MarkdownLink, ...], web: list[int], *, labelled: bool
) -> Draft | None:
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
    title = plain(title_md, links)
    if not has_words(title):
        return None
    found = tuple(Link(links[i].plain or links[i].url, links[i].url) for i in web)
    return Draft(title=title, note=note, links=found)


def _leftover_note(tail: str, links: tuple[MarkdownLink, ...]) -> str | None:
    """What a list of links says besides the links: "[a](u) (Sections 1-3)" → "*a*: Sections 1-3"."""
    parts: list[str] = []

    def aside(match: re.Match[str]) -> str:
        parts.append(f"*{links[int(match.group(1))].plain}*: {markdown(match.group(2), links)}")
        return " "

    rest = re.sub(f"{OPEN}(\\d+){CLOSE}\\s*\\(([^()]*)\\)", aside, tail)
    rest = SLOT.sub(" ", rest)
    rest = re.sub(r"(?:[\s,;:|/.()]|\b(?:and|or)\b)+", " ", rest).strip()
    if re.search(r"\w", rest):
        parts.append(rest)
    return "; ".join(parts) or None


def _plain_links_md(md: str, links: tuple[MarkdownLink, ...]) -> str | None:
    text = squash(SLOT.sub(lambda m: links[int(m.group(1))].md, md)).strip(" ,;:()")
    return text or None


def _described_item(
    md: str, links: tuple[MarkdownLink, ...], web: list[int], *, guess_authors: bool
) -> Draft:
    """An item that is its own title: one link (if any) is its url; links inside read as text."""
    whole = SLOT.sub(lambda m: links[int(m.group(1))].md, md)
    title_md, note = _trailing_note(whole)
    authors: list[str] = []
    if guess_authors:
        title_md, authors = _authors(title_md)
    italic = bool(authors) and bool(re.fullmatch(r"\*[^*].*\*", title_md))
    many = tuple(Link(links[i].plain or links[i].url, links[i].url) for i in web)
    return Draft(
        title=plain(title_md, ()),
        authors=tuple(authors),
        url=links[web[0]].url if len(web) == 1 else None,
        note=note,
        links=many if len(web) > 1 else (),
        italic=italic,
    )


def _trailing_note(md: str) -> tuple[str, str | None]:
    """'Title (selected chapters)' → ('Title', 'selected chapters'); a short '(ROME)' stays."""
    match = re.match(r"^(?P<title>.*?\S)\s+\((?P<note>[^()]*(?:\([^()]*\)[^()]*)*)\)$", md.strip())
    if not match:
        return md.strip(), None
    note = match.group("note").strip()
    if " " not in note and not note[:1].islower():
        return md.strip(), None
    if not has_words(plain(match.group("title"), ())):
        return md.strip(), None
    return match.group("title"), squash(note) or None


_NAME_WORD = r"(?:[A-Z][\w'’.-]*|van|von|de|der|den|da|di|du|la|le|dos|bin)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}}(?:\s+et al\.?)?$")
_ORGANISATION = re.compile(r"^(?:[A-Z][\w.&'’-]*)(?:\s+[A-Z][\w.&'’-]*){0,3}$")


def has_words(text: str) -> bool:
    """A title must say something: not only digits, punctuation or symbols."""
    return any(ch.isalpha() for ch in text)


def _authors(md: str) -> tuple[str, list[str]]:
    """'*Title* by A, B, and C' → ('*Title*', [A, B, C]); 'Title - Org' → ('Title', [Org]).

    Never when what would be left as the title has no words: "01 — First Steps" is the
    first step, not a book called "01"."""
    if " by " in md:
        title, names = md.rsplit(" by ", 1)
        people = [
            plain(p, ()) for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names) if p
        ]
        # One-word "names" only after an italic title: "Learn by Doing" is no book by Doing.
        italic = bool(re.fullmatch(r"\*[^*].*\*", title.strip()))
        named = all(_NAME.match(p) for p in people)
        if (
            has_words(plain(title, ()))
            and people
            and named
            and (italic or all(" " in p for p in people))
        ):
            return title.strip(), people
    match = re.match(r"^(?P<title>.+\S)\s+[-–—]\s+(?P<who>[^-–—]+)$", md.strip())
    if match and has_words(plain(match.group("title"), ())):
        who = plain(match.group("who"), ())
        words = who.split()
        acronym = any(w.isupper() and len(w) >= 2 for w in words)
        if _ORGANISATION.match(who) and (len(words) >= 2 or acronym) and not re.search(r"\d", who):
            return match.group("title"), [who]
    return md, []
