"""A resource's kind, guessed from its words and its links' words."""

from __future__ import annotations

import re
from collections import Counter

from sync.importer.items import Draft

# (kind, words, also judged from the links' titles and addresses); the first match wins.
# Actions (write, apply, implement) are read from the title only: a link's page about
# exercises does not make "Research advice" an exercise.
_KIND_WORDS: tuple[tuple[str, str, bool], ...] = (
    ("writing", r"^write\b|\bwrite-?up\b", False),
    (
        "program",
        r"^apply (?:to|for)\b|\bprograms?\b|\bresidenc(?:y|ies)\b|\bfellowships?\b"
        r"|\bbootcamps?\b|\binternships?\b",
        False,
    ),
    ("exercise", r"^(?:re-?)?implement\b|\bexercises?\b|\bcoding\b|\bproblem sets?\b", False),
    ("competition", r"\bcompetitions?\b|\bhackathons?\b", True),
    ("project", r"\bprojects?\b|^build\b", False),
    ("article", r"^how to\b", False),
    ("paper", r"\bpapers?\b|\barxiv\b|\bet al\b|\bsurvey\b|\bpreprints?\b", True),
    (
        "course",
        r"\bcourses?\b|\bcoursera\b|\bfast\.ai\b|\bclass\b|\bcurriculum\b|\bsyllabus\b"
        r"|\b(?:cs|cse|eecs|sts|stat|math|ece|cos)\s?\d+|\bspecialization\b|\bmooc\b|\budemy\b"
        r"|\budacity\b|\bedx\b|\bcodecademy\b|\bopencourseware\b|\bcertification\b",
        True,
    ),
    ("tutorial", r"\btutorials?\b|\bguide\b|\bdocumentation\b|\bwalkthrough\b|\bhow-to\b", True),
    ("video", r"\bvideos?\b|\byoutube\b|\byoutu\.be\b|\bplaylists?\b|\blectures?\b", True),
    ("book", r"\bbooks?\b|\btextbooks?\b|\bhandbook\b|\bedition\b", True),
    ("newsletter", r"\bnewsletters?\b|\bsubstack\b", True),
    ("tool", r"\bplayground\b|\btools?\b", True),
    ("article", r"\bposts?\b|\bblogs?\b|\barticles?\b|\bessays?\b", True),
    ("forum", r"\bforums?\b", False),
    ("community", r"\bcommunity\b|\bdiscord\b|\bslack\b|\bmeetups?\b|\breading groups?\b", False),
)
_COMPILED = tuple((kind, re.compile(words), links) for kind, words, links in _KIND_WORDS)
_ORDER = {kind: index for index, (kind, _, _) in enumerate(_KIND_WORDS)}
# An italic title by named people is a book, unless its words said otherwise first.
_BEFORE_BOOKS = ("writing", "program", "exercise", "competition", "project", "article", "paper")


def guess_kind(draft: Draft) -> str:
    """A kind from the title's words, else from the links' words by majority, else article."""
    said = " ".join([draft.title, *draft.authors]).lower()
    for kind, words, _ in _COMPILED:
        if draft.italic and kind not in _BEFORE_BOOKS:
            return "book"
        if words.search(said):
            return kind
    if draft.italic:
        return "book"
    votes: Counter[str] = Counter()
    pages = [(link.title, link.url or "") for link in draft.links]
    if draft.url:
        pages.append(("", draft.url))
    for title, url in pages:
        seen = f"{title} {url}".lower()
        for kind, words, from_links in _COMPILED:
            if from_links and words.search(seen):
                votes[kind] += 1
                break
    if votes:
        return min(votes, key=lambda kind: (-votes[kind], _ORDER[kind]))
    return "article"
