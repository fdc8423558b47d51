"""`import` on the shapes real checklists take: deep nesting, headings inside lists, numbered
titles, code spans, levels numbered from 0 or lettered, other scripts, emoji, badges,
<details>, tables, and this tool's own README, which must come back with its ids."""

from __future__ import annotations

import re

import pytest
import yaml

from sync.curriculum import ID_PATTERN, load_curriculum, parse_curriculum
from sync.importer import TITLE_LIMIT, Kind, import_checklist, to_yaml
from sync.progress import progress
from sync.readme import render_region
from tests.support import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "import"
TASK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]", re.MULTILINE)


def load(name: str):
    text = (FIXTURES / name).read_text("utf-8")
    result = import_checklist(text, source=name)
    yaml_text = to_yaml(result.curriculum, source=name)
    curriculum, problems = parse_curriculum(yaml_text, name)
    assert problems == []
    return text, result, yaml_text, curriculum


def rows(curriculum) -> list[tuple[str, str, bool]]:
    return [(p.section.title, p.resource.title, p.resource.done) for p in curriculum.placements()]


@pytest.mark.parametrize(
    "name",
    ["nested-deep.md", "numbered-titles.md", "translated-ru.md", "translated-zh.md",
     "details-table.md"],
)  # fmt: skip
def test_every_task_is_a_resource_and_every_tick_is_kept(name):
    text, result, _, curriculum = load(name)
    ticks = TASK.findall(text)
    in_table = len(re.findall(r"\|\s*\[[ xX]\]\s*\|", text))  # not a task on GitHub either
    resources = [p.resource for p in curriculum.placements()]
    assert len(resources) == len(ticks) == result.tasks
    assert sum(r.done for r in resources) == sum(t != " " for t in ticks)
    assert in_table == len([n for n in result.notices if n.kind == Kind.TABLE])


def test_nested_tasks_four_deep_and_headings_inside_lists():
    _, result, _, curriculum = load("nested-deep.md")
    assert [level.title for level in curriculum.levels] == [
        "Memory",
        "Data Structures",
        "Final Review",
    ]
    data = curriculum.levels[1]
    assert [s.title for s in data.sections] == ["Arrays", "Linked Lists"]  # `- ### Arrays`
    assert rows(curriculum)[3:10] == [
        ("Arrays", "Implement a vector", False),
        ("Arrays", "size() - number of items", True),
        ("Arrays", "push(item)", False),
        ("Arrays", "grow when full", False),
        ("Arrays", "double the capacity", True),  # four deep, ticked
        ("Arrays", "Lecture 11 JavaScript", False),  # no link, still a task
        ("Arrays", "Time", False),
    ]
    by_title = {p.resource.title: p.resource for p in curriculum.placements()}
    assert by_title["double the capacity"].note == "(Part of “grow when full”.)"
    # A plain bullet under a task belongs to it: prose to its note, links to its links.
    assert by_title["Lecture 11 JavaScript"].note.startswith("start from minute 15")
    assert by_title["Time"].note == "O(1) to add at the end"
    caches = by_title["Caches"]
    assert (caches.done, [link.title for link in caches.links]) == (
        True,
        ["Cache lines explained", "False sharing (video)"],
    )
    # Prose bullets before a section's first task are its note; prose after it is reported.
    memory = curriculum.levels[0].sections[0]
    assert memory.note == "You will not implement anything here, only read and take notes."
    assert [(n.kind, n.text) for n in result.notices] == [
        (Kind.NOT_TAKEN, "Well, that is enough about memory.")
    ]
    # Nested items with the same words as another get their parent's words in the id.
    ids = [p.resource.id for p in curriculum.placements()]
    assert ids.count("push-item") == 1 and "implement-with-a-tail-pointer-push-item" in ids
    assert len(ids) == len(set(ids))


def test_numbered_titles_are_titles_and_level_labels_are_kept():
    text, result, _, curriculum = load("numbered-titles.md")
    titles = [p.resource.title for p in curriculum.placements()]
    assert titles[:3] == ["00 — Install Python", "01 — First Steps", "02 — Variables"]
    assert not any(re.fullmatch(r"[\d\W]+", title) for title in titles)
    assert "Resources 42" in titles  # a bare number gets its section's words
    first = curriculum.levels[0].sections[0].resources[1]
    assert (first.authors, first.note) == ((), "open Python, type 2+2")
    # Code spans stay code: the README shows `<body>`, not an empty HTML tag.
    assert (
        "Put a `<script>` tag at the end of the `<body>` and load any JavaScript files in "
        "the `<head>`."
    ) in titles
    # 0, 0 and A cannot be milestone numbers: levels are numbered in order and each title
    # keeps the heading as written, so "Level 1 — Functions" is not renamed "Level 4: Functions".
    assert [level.milestone_title for level in curriculum.levels] == [
        "Level 1: Level 00 — Setup",
        "Level 2: Level 0 — Basics",
        "Level 3: Gate A — Review",
        "Level 4: Level 1 — Functions",
    ]
    lines = {line: n for n, line in enumerate(text.splitlines(), 1)}
    assert [(n.line, n.text) for n in result.notices if n.kind == Kind.LEVEL_NUMBER] == [
        (lines["## Level 00 — Setup"], "Level 00 — Setup: number 0 is not a milestone number (1 or more)"),
        (lines["## Level 0 — Basics"], f"Level 0 — Basics: number 0 is also on line {lines['## Level 00 — Setup']}"),
        (lines["## Gate A — Review"], "Gate A — Review: its label is not a number"),
    ]  # fmt: skip


def test_distinct_level_numbers_are_kept_as_written():
    text = "## Level 3: C\n- [ ] c\n## Level 7: G\n- [ ] g\n"
    levels = import_checklist(text, source="t.md").curriculum.levels
    assert [(level.number, level.title) for level in levels] == [(3, "C"), (7, "G")]


def test_non_latin_titles_get_readable_ids_from_their_own_words():
    _, _, yaml_text, ru = load("translated-ru.md")
    assert [p.resource.id for p in ru.placements()] == [
        "massivy",
        "svyaznye-spiski",
        "odnosvyaznyy-spisok",
        "dvusvyaznyy-spisok",
        "sortirovka-sliyaniem",
        "bystraya-sortirovka",
    ]
    # UTF-8 as UTF-8: emoji and Cyrillic as written, never as \U escapes.
    assert "📖 Массивы" in yaml_text and "\\U" not in yaml_text and "\\u" not in yaml_text
    assert ru.title == "План обучения 📚"
    _, _, _, zh = load("translated-zh.md")
    assert [p.resource.id for p in zh.placements()][:4] == ["shu-zu", "lian-biao", "ha-xi-biao",
                                                         "gui-bing-pai-xu"]  # fmt: skip


def test_ids_do_not_shift_when_an_item_is_inserted():
    text = (FIXTURES / "translated-zh.md").read_text("utf-8")
    before = {p.resource.title: p.resource.id for p in import_checklist(text, source="a").curriculum.placements()}  # fmt: skip
    inserted = text.replace("- [ ] 链表\n", "- [ ] 栈\n- [ ] 链表\n")
    after = {p.resource.title: p.resource.id for p in import_checklist(inserted, source="b").curriculum.placements()}  # fmt: skip
    assert {title: after[title] for title in before} == before
    assert after["栈"] == "zhan"


def test_badges_details_tables_and_long_titles():
    _, result, _, curriculum = load("details-table.md")
    assert curriculum.title == "Machine Learning Checklist"  # the badges are not words
    week1 = curriculum.levels[0]
    assert [s.title for s in week1.sections] == ["Linear models", "Trees"]  # <summary>
    linear = week1.sections[0].resources[0]
    assert (linear.title, linear.url, linear.done) == (
        "Linear regression notes",
        "https://example.org/linreg",
        True,
    )
    logistic = week1.sections[0].resources[1]
    assert [link.url for link in logistic.links] == ["https://example.org/logreg-slides"]
    long = curriculum.levels[1].sections[0].resources[0]
    assert len(long.title) <= TITLE_LIMIT and long.title.endswith("…")
    assert long.note.endswith("in two textbooks of your choice")
    kinds = sorted({n.kind for n in result.notices}, key=lambda k: k.name)
    assert kinds == [Kind.LONG_TITLE, Kind.TABLE]


# --- the round trip -----------------------------------------------------------------------


def identities(curriculum) -> list:
    return [(p.resource.id, p.resource.kind, p.resource.authors) for p in curriculum.placements()]


def test_the_shipped_readme_gives_back_the_curriculums_ids_kinds_and_authors():
    result = import_checklist((ROOT / "README.md").read_text("utf-8"), source="README.md")
    curated = load_curriculum(ROOT / "curriculum.yaml")
    assert len(identities(curated)) == 67
    assert identities(result.curriculum) == identities(curated)


def test_a_generated_readme_round_trips_whatever_its_progress_and_names():
    curated = load_curriculum(ROOT / "curriculum.yaml")
    first = curated.levels[0].sections[0]
    odd = first.resources[0].__class__(
        id="odd-names", title="Odd names", kind="book", authors=("A, B", "C --> D", "E-F"),
    )  # fmt: skip
    section = first.__class__(first.title, (odd, *first.resources), first.optional, first.note)
    level = curated.levels[0].__class__(
        curated.levels[0].number, curated.levels[0].title, (section, *curated.levels[0].sections[1:])
    )  # fmt: skip
    changed = curated.__class__(curated.title, (level, *curated.levels[1:]))
    region = render_region(changed, progress(changed, ()), chart_path="assets/progress.svg")
    back = import_checklist(region, source="region.md").curriculum
    assert identities(back) == identities(changed)


def test_the_yaml_of_an_import_is_block_style_utf8():
    _, _, yaml_text, _ = load("translated-ru.md")
    data = yaml.safe_load(yaml_text)
    assert all(ID_PATTERN.match(r["id"]) for lv in data["levels"] for s in lv["sections"]
               for r in s["resources"])  # fmt: skip


def test_an_item_github_shows_without_a_checkbox_is_named():
    text = "## A\n\n- [ ] Implement:\n    - [ ]remove(item)\n    - [ ] find(item)：\n"
    result = import_checklist(text, source="t.md")
    assert [(r.title, r.done) for r in resources_of(result)] == [
        ("Implement", False),
        ("find(item)", False),
    ]
    assert [(n.line, n.kind, n.text) for n in result.notices] == [
        (4, Kind.ALMOST_TASK, "[ ]remove(item)")
    ]


def resources_of(result) -> list:
    return [p.resource for p in result.curriculum.placements()]


def test_the_shipped_readme_gives_back_titles_and_notes_too():
    """A line shows "Title (note)"; the marker says which part is which, so an apply after
    rebuilding a tracker from its README renames nothing."""
    result = import_checklist((ROOT / "README.md").read_text("utf-8"), source="README.md")
    curated = load_curriculum(ROOT / "curriculum.yaml")

    def words(curriculum) -> list:
        return [(p.resource.id, p.resource.title, p.resource.note) for p in curriculum.placements()]

    assert words(result.curriculum) == words(curated)
