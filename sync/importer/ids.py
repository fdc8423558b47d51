"""Readable, stable ids: from the resource's own words, transliterated where the script
allows (Привет → privet, 数组 → shu-zu), never from its position in the list."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from anyascii import anyascii

ID_LENGTH = 50
_SMALL_WORDS = {"a", "an", "and", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with"}


def slug(title: str, length: int = ID_LENGTH) -> str:
    """ASCII, lowercase, hyphens, at most `length` characters, cut between words. A title
    with nothing to spell in ASCII gets a short digest of its text: stable, not positional."""
    spelled = re.sub(r"[^a-z0-9]+", "-", _ascii(title).lower()).strip("-")
    if not spelled:
        digest = hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]
        return f"item-{digest}"
    return cut(spelled, length)


def _ascii(text: str) -> str:
    """Emoji and symbols dropped; each CJK ideograph or Hangul syllable spelled as a word."""
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        if unicodedata.category(ch).startswith(("S", "C")):
            out.append(" ")
            continue
        spelled = anyascii(ch)
        name = unicodedata.name(ch, "")
        wordlike = name.startswith(("CJK UNIFIED", "CJK COMPATIBILITY", "HANGUL SYLLABLE"))
        out.append(f" {spelled} " if wordlike else spelled)
    return "".join(out)


def cut(spelled: str, length: int) -> str:
    """At most `length` characters, cut between words and not ending on "a", "of", "the"..."""
    if len(spelled) <= length:
        return spelled
    words = spelled[: length + 1].split("-")[:-1] or [spelled[:length]]
    while len(words) > 1 and words[-1] in _SMALL_WORDS:
        words.pop()
    return "-".join(words)


def unique(candidates: list[str], taken: set[str]) -> str:
    """The first candidate not taken, else the first with -2, -3, …; claimed in `taken`."""
    for candidate in candidates:
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    base, count = candidates[0], 1
    while True:
        count += 1
        suffix = f"-{count}"
        candidate = cut(base, ID_LENGTH - len(suffix)) + suffix
        if candidate not in taken:
            taken.add(candidate)
            return candidate
