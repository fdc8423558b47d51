"""A synthetic curriculum of any size, shaped like a hand-written guide, and what measuring
commands on it needs: shared by the request-budget test and benchmarks/run.py, so both
measure the same thing."""

from __future__ import annotations

import json
import re

from sync.curriculum import KINDS, Curriculum

README_TEMPLATE = """# Study tracker

My progress through the guide, kept up to date by `python -m sync readme`.

<!-- curriculum-sync:readme:begin -->
<!-- curriculum-sync:readme:end -->

## Notes

Written by hand; never touched by the tool.
"""

_TOPICS = (
    "Foundations",
    "Machine Learning",
    "Deep Learning",
    "Reinforcement Learning",
    "Interpretability",
    "Robustness",
    "Language Models",
    "Evaluation",
    "Research Practice",
    "Governance",
    "Distributed Training",
    "Theory",
)
_SECTIONS = ("Core reading", "Exercises", "Projects")
_OPTIONAL_SECTION = "Going further"
_ADJECTIVES = (
    "Practical",
    "Introductory",
    "Advanced",
    "Hands-on",
    "Visual",
    "Modern",
    "Applied",
    "Rigorous",
    "Gentle",
    "Annotated",
    "Interactive",
    "Concise",
)
_NOUNS = (
    "Handbook",
    "Lecture Series",
    "Notes",
    "Primer",
    "Workshop",
    "Survey",
    "Guide",
    "Problem Set",
    "Reading List",
    "Case Studies",
    "Walkthrough",
    "Companion",
)
_AUTHORS = (
    "Ada Lovelace",
    "Alan Turing",
    "Grace Hopper",
    "Claude Shannon",
    "Emmy Noether",
    "John von Neumann",
    "Barbara Liskov",
    "Edsger Dijkstra",
    "Frances Allen",
    "Donald Knuth",
    "Margaret Hamilton",
    "Kurt Gödel",
    "Sofia Kovalevskaya",
    "Srinivasa Ramanujan",
)
_HOSTS = (
    "https://arxiv.org/abs/2{a:03d}.{b:05d}",
    "https://www.youtube.com/watch?v=vid{b:06d}",
    "https://github.com/example-org/{slug}",
    "https://www.coursera.org/learn/{slug}",
    "https://example.com/blog/{a}/{slug}",
    "https://books.example.org/{slug}?chapter={a}",
)
_CHOOSE = ("1", "1-2", "2+", None)
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,.()'/&+-]*$")


def _q(text: str) -> str:
    """A YAML scalar: plain when that is unambiguous, else double-quoted (JSON is valid YAML)."""
    return text if _PLAIN.match(text) else json.dumps(text, ensure_ascii=False)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def synthetic_curriculum(resources: int, *, levels: int = 10) -> str:
    """YAML text of a valid curriculum with exactly ``resources`` resources, deterministic.

    ``levels`` levels (fewer when there are fewer resources), each with an objective, goals,
    three sections and, on every other level, an optional "Going further" section; resources
    cycle through every kind and carry authors, a url or links with ``choose``, notes and now
    and then a ``previous_ids`` (a renamed resource). Nothing is ``done``, so a first apply
    writes exactly one request per label, milestone and issue.
    """
    if resources < 1:
        raise ValueError("a curriculum needs at least one resource")
    levels = max(1, min(levels, resources))
    out = [
        "# A synthetic curriculum for measuring the sync tool: "
        f"{resources} resources in {levels} levels.",
        "title: Synthetic Study Guide",
        "source:",
        "  title: A Synthetic Study Guide",
        "  url: https://example.com/guides/synthetic-study-guide",
        "  author: Benchmark Generator",
        "description: >-",
        "  A generated curriculum shaped like a hand-written study guide: levels with",
        "  objectives and goals, sections of resources, some optional, with links to choose",
        "  from. Used to measure the sync tool at sizes well beyond a real guide.",
        "",
        "levels:",
    ]
    per_level, extra = divmod(resources, levels)
    g = 0  # the resource's index in the whole curriculum
    for number in range(1, levels + 1):
        topic = _TOPICS[(number - 1) % len(_TOPICS)]
        count = per_level + (1 if number <= extra else 0)
        # Every other level has an optional track with a tenth of its resources.
        optional = count // 10 if number % 2 == 0 else 0
        required = count - optional
        sections = [*_SECTIONS, _OPTIONAL_SECTION] if optional else list(_SECTIONS)
        sizes = [
            required // len(_SECTIONS) + (1 if i < required % len(_SECTIONS) else 0)
            for i in range(len(_SECTIONS))
        ]
        if optional:
            sizes.append(optional)
        out += [
            f"  # Level {number}",
            f"  - number: {number}",
            f"    title: {_q(f'{topic} {number}' if number > len(_TOPICS) else topic)}",
            "    objective: >-",
            f"      Understand the core ideas of {topic.lower()} well enough to explain them,",
            "      reproduce a key result, and decide what to study next.",
            "    goals:",
            f"      - Work through the core reading on {topic.lower()}.",
            "      - Finish at least half of the exercises and write up what you learned.",
            f"      - Build one small project that uses {topic.lower()}.",
            '      - "Share the write-up for feedback: a post, a talk or a pull request."',
        ]
        if number % 2 == 1:
            out.append(f"    due: 2027-{(number - 1) % 12 + 1:02d}-28")
        out.append("    sections:")
        for index, (title, size) in enumerate(zip(sections, sizes, strict=True)):
            if size == 0:
                continue
            out.append(f"      - title: {_q(title)}")
            if title == _OPTIONAL_SECTION:
                out += [
                    "        optional: true",
                    "        note: Pick what interests you; none of"
                    " it counts toward finishing the level.",
                ]
            elif index == 1:
                out.append('        note: "Do them in order: each builds on the last."')
            out.append("        resources:")
            for _ in range(size):
                out += _resource(g, number)
                g += 1
        out.append("")
    out += [
        "notes:",
        "  - title: How to use this guide",
        "    text: >-",
        "      Work through the levels in order; skip what you already know by closing its",
        "      issue as not planned.",
        "  - title: Risks and considerations",
        "    items:",
        "      - Pace yourself; the guide is long.",
        "      - Find peers to study with.",
        "",
        "acknowledgments:",
        "  text: This guide was generated for benchmarking; it draws on no one in particular.",
        "  links:",
        "    - title: The real guide",
        "      url: https://example.com/guides/real",
        "    - title: Discussions with friends",
        "  closing: Thanks for reading.",
        "",
    ]
    assert g == resources
    return "\n".join(out)


def _resource(g: int, level: int) -> list[str]:
    kind = KINDS[g % len(KINDS)]
    title = (
        f"{_ADJECTIVES[g % len(_ADJECTIVES)]} {_TOPICS[(g // 7) % len(_TOPICS)]} "
        f"{_NOUNS[(g // 3) % len(_NOUNS)]}"
    )
    rid = f"{_slug(title)}-{g:05d}"
    if g % 11 == 3:
        title += f", Part {g % 4 + 1}: the details"  # a colon: needs quoting in YAML
    if g % 13 == 5:
        title += " — 2nd edition"
    lines = [
        f"          - id: {rid}",
        f"            title: {_q(title)}",
        f"            kind: {kind}",
    ]
    authors = [_AUTHORS[(g + i * 5) % len(_AUTHORS)] for i in range(g % 4)]
    if authors:
        lines.append(f"            authors: [{', '.join(_q(a) for a in authors)}]")
    if g % 7 == 2:
        lines.append(f"            note: {_q(f'Chapters {g % 5 + 1}-{g % 5 + 3} of *the book*')}")
    if g % 5 == 0:
        choose = _CHOOSE[(g // 5) % len(_CHOOSE)]
        if choose:
            lines.append(f'            choose: "{choose}"')
        lines.append("            links:")
        for option in range(2 + g % 4):
            url = _HOSTS[(g + option) % len(_HOSTS)].format(
                a=level * 10 + option, b=g, slug=f"{rid}-{option}"
            )
            lines += [
                f"              - title: {_q(f'Option {option + 1}: {title}')}",
                f"                url: {url}",
            ]
    else:
        url = _HOSTS[g % len(_HOSTS)].format(a=level, b=g, slug=rid)
        lines.append(f"            url: {url}")
    if g % 97 == 50:
        lines.append(f"            previous_ids: [old-{rid}]")
    return lines


def with_title_changed(text: str, curriculum: Curriculum) -> tuple[str, str]:
    """The YAML with one resource's title changed (the middle one), and that resource's id."""
    placements = list(curriculum.placements())
    resource = placements[len(placements) // 2].resource
    at = re.search(rf"^\s*(?:- )?id: {re.escape(resource.id)}\s*$", text, re.MULTILINE)
    assert at, resource.id
    title = re.compile(r"^(\s*)title: .*$", re.MULTILINE).search(text, at.end())
    assert title, resource.id
    line = f"{title[1]}title: {json.dumps(resource.title + ' (revised)', ensure_ascii=False)}"
    return text[: title.start()] + line + text[title.end() :], resource.id
