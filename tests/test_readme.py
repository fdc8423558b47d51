"""The README region, the chart and the splice: golden files plus checks of what they must say.

Rewrite the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_readme.py``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sync.curriculum import Curriculum, load_curriculum
from sync.errors import RegionError
from sync.pace import schedule
from sync.progress import Progress, progress
from sync.readme import (
    BEGIN_MARKER,
    END_MARKER,
    regenerate,
    render_chart,
    render_region,
    splice_region,
    text_bar,
)
from sync.snapshot import Issue, Milestone
from sync.views import status_table
from tests.support import SHIPPED, at, parsed
from tests.support import tracked_issue as issue

GOLDEN = Path(__file__).resolve().parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"
CHART = "assets/progress.svg"

GUIDE = """
title: Test Guide & <Friends>
levels:
  - number: 1
    title: Basics | Intro
    objective: Learn the basics.
    goals: [Read one book., Write one note.]
    sections:
      - title: Reading
        resources:
          - id: book-one
            title: Book One
            authors: [Ann Author, Bob Writer]
            url: https://example.com/book-one
          - id: post-two
            title: Post Two
            note: e.g., *any* post
          - id: course-three
            title: Course Three
            choose: "1-2"
            links:
              - {title: Option A, url: https://example.com/a}
              - {title: Option B, url: https://example.com/b}
          - id: tool-four
            title: Tool Four
            previous_ids: [old-tool]
            links:
              - {title: Docs, url: https://example.com/docs}
              - {title: Source, url: https://example.com/src}
  - number: 2
    title: Practice
    sections:
      - title: Exercises
        resources:
          - {id: exercise-one, title: Exercise One}
          - {id: exercise-two, title: Exercise Two}
      - title: Specialization
        optional: true
        note: Pick one track.
        resources:
          - {id: track-a, title: Track A}
          - {id: track-b, title: Track B}
notes:
  - title: Tracking
    text: Boxes get ticked.
  - title: Risks
    items: [Burnout., Hype.]
acknowledgments:
  text: Based on a guide.
  links:
    - {title: The guide, url: "https://example.com/guide"}
    - {title: Friends}
  closing: Thanks!
"""
ALL_IDS = (
    "book-one",
    "post-two",
    "course-three",
    "tool-four",
    "exercise-one",
    "exercise-two",
    "track-a",
    "track-b",
)


@pytest.fixture(scope="module")
def guide() -> Curriculum:
    return parsed(GUIDE)


@pytest.fixture(scope="module")
def real() -> Curriculum:
    return load_curriculum(SHIPPED)


def done(number: int, resource_id: str, when: dt.datetime, **kw) -> Issue:
    return issue(number, resource_id, state="closed", reason="completed", closed=when, **kw)


def skipped(number: int, resource_id: str, when: dt.datetime) -> Issue:
    return issue(number, resource_id, state="closed", reason="not_planned", closed=when)


MILESTONES = (
    Milestone(1, "Level 1: Basics | Intro", html_url="https://github.com/o/r/milestone/1"),
    Milestone(2, "Level 2: Practice", html_url="javascript:alert(1)"),
)

STATES: dict[str, tuple[Issue, ...]] = {
    "partial": (
        done(11, "book-one", at(1, 5)),
        skipped(12, "post-two", at(1, 7)),
        issue(13, "course-three", labels=("In progress",)),
        issue(14, "old-tool"),
        done(15, "exercise-one", at(2, 1)),
        done(16, "track-a", at(2, 1)),
        # Forged: a stranger's issue with a copied marker, closed as completed.
        done(17, "exercise-two", at(2, 9), association="NONE"),
    ),
    "all_done": tuple(done(20 + n, rid, at(3, 1)) for n, rid in enumerate(ALL_IDS)),
    "skips_in_progress": (
        done(31, "book-one", at(1, 2)),
        skipped(32, "post-two", at(1, 3)),
        skipped(33, "course-three", at(1, 3)),
        done(34, "tool-four", at(1, 20)),
        issue(35, "exercise-one", labels=("in progress",)),
        issue(36, "track-b", labels=("in progress",)),
    ),
    "empty": (),
}


def state(curriculum: Curriculum, name: str) -> Progress:
    return progress(curriculum, STATES[name], milestones=MILESTONES)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_bytes().decode("utf-8")
    assert text == expected, f"{name} changed: review, then rerun with UPDATE_GOLDEN=1"


# --- golden files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty", "partial", "all_done", "skips_in_progress"])
def test_golden_region_and_chart(guide, name):
    p = state(guide, name)
    check_golden(f"readme_region_{name}.md", render_region(guide, p, chart_path=CHART))
    check_golden(f"chart_{name}.svg", render_chart(guide, p))
    check_golden(f"status_{name}.txt", status_table(p, schedule(guide, p)) + "\n")


def test_golden_real_curriculum_empty(real):
    p = progress(real, ())
    check_golden("readme_region_real_empty.md", render_region(real, p, chart_path=CHART))
    check_golden("chart_real_empty.svg", render_chart(real, p))


# --- what the region says -------------------------------------------------------------------


def checklist(region: str) -> list[str]:
    return [line for line in region.splitlines() if re.match(r"- \[[ x]\] ", line)]


def line_of(region: str, title: str) -> str:
    """The visible part of the checklist line naming `title` (without its hidden item marker)."""
    [line] = [line for line in checklist(region) if title in line]
    return re.sub(r" <!-- curriculum-sync:item [^>]*-->$", "", line)


def test_every_resource_is_one_checkbox(guide, real):
    for curriculum in (guide, real):
        region = render_region(curriculum, progress(curriculum, ()), chart_path=CHART)
        assert len(checklist(region)) == curriculum.resource_count()
        assert not any(line.startswith("- [x]") for line in checklist(region))


def test_region_marks_each_status(guide):
    region = render_region(guide, state(guide, "partial"), chart_path=CHART)
    book = line_of(region, "Book One")
    assert book.startswith(
        "- [x] [Book One](https://example.com/book-one) by Ann Author, Bob Writer"
    )
    assert book.endswith(" · [#11](https://github.com/o/r/issues/11)")
    post = line_of(region, "Post Two")
    assert post.startswith("- [ ] ~~Post Two (e.g., *any* post)~~ (skipped)")
    course = line_of(region, "Course Three")
    assert course.startswith(
        "- [ ] Course Three: Choose 1-2 from [Option A](https://example.com/a), "
    )
    assert "🚧 in progress" in course and "[#13](" in course
    tool = line_of(region, "Tool Four")
    # Links without a rule are listed without "Choose"; the issue of its previous id is linked.
    assert tool == (
        "- [ ] Tool Four: [Docs](https://example.com/docs), [Source](https://example.com/src)"
        " · [#14](https://github.com/o/r/issues/14)"
    )
    assert line_of(region, "Track A").startswith("- [x] Track A · _optional_")
    assert "**Specialization** (optional):\n\nPick one track.\n" in region


def test_forged_issue_ticks_nothing(guide):
    region = render_region(guide, state(guide, "partial"), chart_path=CHART)
    assert line_of(region, "Exercise Two") == "- [ ] Exercise Two"
    assert "#17" not in region
    assert "2025-02-09" not in region


def test_summary_table_and_recent(guide):
    region = render_region(guide, state(guide, "partial"), chart_path=CHART)
    assert "**2 of 5 resources done (40%)**, 1 skipped, as of 2025-02-01" in region
    # Level 1: 1 done, 1 skipped of 4 → 1 of 3 = 33%; the title's "|" is escaped in the table.
    assert (
        "| [Level 1: Basics \\| Intro](https://github.com/o/r/milestone/1) | 1 | 1 | 4 "
        "| ███░░░░░░░ 33% | — |" in region
    )
    # Level 2's milestone URL is not a milestone link: no link at all.
    assert "| Level 2: Practice | 1 | 0 | 2 | █████░░░░░ 50% | 1 of 2 |" in region
    assert "**Current level**: Level 1: Basics \\| Intro" in region
    recent = region.split("**Recently finished**:\n\n")[1].split("\n\n")[0].splitlines()
    assert recent == [
        "- 2025-02-01: Track A (Level 2) · [#16](https://github.com/o/r/issues/16)",
        "- 2025-02-01: Exercise One (Level 2) · [#15](https://github.com/o/r/issues/15)",
        "- 2025-01-07: ~~Post Two~~ (Level 1, skipped) · [#12](https://github.com/o/r/issues/12)",
        "- 2025-01-05: Book One (Level 1) · [#11](https://github.com/o/r/issues/11)",
    ]


def test_chart_image_has_a_text_alternative(guide):
    region = render_region(guide, state(guide, "partial"), chart_path=CHART)
    assert (
        "![Progress chart: Level 1 1 of 3 done, Level 2 1 of 2 done; 2 of 5 overall]"
        "(assets/progress.svg)" in region
    )
    odd = render_region(guide, state(guide, "empty"), chart_path="docs/my chart (1).svg")
    assert "](docs/my%20chart%20%281%29.svg)" in odd


def test_empty_and_finished_summaries(guide):
    empty = render_region(guide, state(guide, "empty"), chart_path=CHART)
    assert "**0 of 6 resources done (0%)**\n" in empty
    assert "as of" not in empty and "Recently finished" not in empty
    finished = render_region(guide, state(guide, "all_done"), chart_path=CHART)
    assert "**6 of 6 resources done (100%)**, as of 2025-03-01" in finished
    assert "**Every level finished.**" in finished and "Current level" not in finished


def test_notes_and_acknowledgments(guide):
    region = render_region(guide, state(guide, "empty"), chart_path=CHART)
    notes = region.split("## Notes\n\n")[1].split("\n\n## ")[0]
    assert notes == "- **Tracking**: Boxes get ticked.\n- **Risks**:\n  - Burnout.\n  - Hype."
    ack = region.split("## Acknowledgments\n\n")[1]
    assert ack == (
        "Based on a guide.\n\n- [The guide](https://example.com/guide)\n- Friends\n\nThanks!\n"
    )


def test_level_layout_follows_the_source(guide):
    region = render_region(guide, state(guide, "empty"), chart_path=CHART)
    level = region.split("### Level 1: Basics | Intro\n\n")[1].split("\n\n- [ ]")[0]
    assert level == (
        "**Objective**: Learn the basics.\n\n**Goals**:\n\n- Read one book.\n- Write one note."
        "\n\n**Reading**:"
    )


# --- the chart ------------------------------------------------------------------------------


def parse_svg(text: str) -> ET.Element:
    root = ET.fromstring(text)
    assert root.tag == f"{SVG}svg"
    return root


@pytest.mark.parametrize("name", ["empty", "partial", "all_done", "skips_in_progress"])
def test_chart_is_valid_accessible_svg(guide, name):
    text = render_chart(guide, state(guide, name))
    root = parse_svg(text)
    assert root.get("role") == "img"
    width, height = int(root.get("width")), int(root.get("height"))
    assert root.get("viewBox") == f"0 0 {width} {height}"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == "Test Guide & <Friends>: progress"  # escaped in the file, intact here
    assert "Level 1: Basics | Intro:" in desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    bars = root.findall(f".//{SVG}g[@class='level-bar']")
    assert [bar.get("data-level") for bar in bars] == ["1", "2"]
    # Nothing GitHub would strip or fetch: no scripts, styles, external references.
    assert not root.findall(f".//{SVG}script") and not root.findall(f".//{SVG}style")
    assert "href" not in text and "@import" not in text and "url(" not in text


def texts(element: ET.Element) -> list[str]:
    return [t.text for t in element.iter(f"{SVG}text")]


def test_chart_bars_say_done_of_total(guide):
    root = parse_svg(render_chart(guide, state(guide, "skips_in_progress")))
    bars = root.findall(f".//{SVG}g[@class='level-bar']")
    assert texts(bars[0]) == ["Level 1", "2/2 (2 skipped)"]
    assert texts(bars[1]) == ["Level 2", "0/2"]
    rects = bars[0].findall(f"{SVG}rect")
    # Background, done and skipped: 2 of 4 and 2 of 4 of the same width.
    assert len(rects) == 3
    assert rects[1].get("width") == rects[2].get("width")
    assert float(rects[1].get("width")) * 2 == pytest.approx(float(rects[0].get("width")))
    assert float(rects[2].get("x")) == pytest.approx(
        float(rects[1].get("x")) + float(rects[1].get("width"))
    )


def timeline(root: ET.Element) -> ET.Element:
    return root.find(f".//{SVG}g[@class='timeline']")


def test_chart_timeline_with_no_one_and_several_dates(guide):
    empty = timeline(parse_svg(render_chart(guide, state(guide, "empty"))))
    assert empty.find(f"{SVG}path") is None
    assert "No resources finished yet" in texts(empty)

    one = timeline(parse_svg(render_chart(guide, state(guide, "all_done"))))
    assert len(one.findall(f"{SVG}circle")) == 1
    assert "2025-03-01" in texts(one) and "6" in texts(one)

    several = timeline(parse_svg(render_chart(guide, state(guide, "skips_in_progress"))))
    # Only done resources climb the line: 2025-01-02 (1) and 2025-01-20 (2); skips do not.
    circles = several.findall(f"{SVG}circle")
    assert [c.find(f"{SVG}title").text for c in circles] == [
        "2025-01-02: 1 done",
        "2025-01-20: 2 done",
    ]
    assert float(circles[0].get("cx")) < float(circles[1].get("cx"))
    assert float(circles[0].get("cy")) > float(circles[1].get("cy"))  # higher up is more
    labels = texts(several)
    assert labels.index("2025-01-02") < labels.index("2025-01-20")


def test_real_curriculum_chart_has_a_bar_per_level(real):
    root = parse_svg(render_chart(real, progress(real, ())))
    bars = root.findall(f".//{SVG}g[@class='level-bar']")
    assert len(bars) == len(real.levels) == 5
    assert [texts(bar)[0] for bar in bars] == [f"Level {n}" for n in range(1, 6)]


# --- splicing -------------------------------------------------------------------------------

REGION = "## Progress\n\nnew content\n"


def test_splice_replaces_only_the_region():
    readme = f"# Title\n\nIntro.\n\n{BEGIN_MARKER}\nold\nstuff\n{END_MARKER}\n\n## After\n"
    assert splice_region(readme, REGION) == (
        f"# Title\n\nIntro.\n\n{BEGIN_MARKER}\n\n## Progress\n\nnew content\n\n{END_MARKER}\n\n"
        "## After\n"
    )


def test_splice_keeps_crlf_and_a_missing_final_newline_byte_for_byte():
    before = "# Title\r\n\r\nIntro  \r\nwith trailing spaces\t\r\n\r\n"
    after = "\r\n## After\r\nno final newline"
    readme = f"{before}{BEGIN_MARKER}\r\nold\r\n{END_MARKER}{after}"
    out = splice_region(readme, REGION)
    assert out.startswith(before + BEGIN_MARKER + "\r\n")
    assert out.endswith(END_MARKER + after)
    middle = out[len(before) + len(BEGIN_MARKER) : -len(END_MARKER + after)]
    assert middle == "\r\n\r\n## Progress\r\n\r\nnew content\r\n\r\n"
    assert "\n" not in middle.replace("\r\n", "")


def test_splice_of_an_lf_file_writes_no_cr():
    readme = f"{BEGIN_MARKER}\n{END_MARKER}"
    assert splice_region(readme, "a\r\nb\n") == f"{BEGIN_MARKER}\n\na\nb\n\n{END_MARKER}"


def test_splice_is_idempotent_and_regenerate_is_deterministic(guide):
    readme = f"# Mine\n\n{BEGIN_MARKER}\n{END_MARKER}\n\nMy footer.\n"
    p = state(guide, "partial")
    first = regenerate(readme, guide, p, chart_path=CHART)
    once = first.readme
    again = regenerate(once, guide, p, chart_path=CHART)
    assert (once, first.chart, first.badge) == (again.readme, again.chart, again.badge)
    assert once.startswith(f"# Mine\n\n{BEGIN_MARKER}\n\n## Progress\n")
    assert once.endswith(f"\n\n{END_MARKER}\n\nMy footer.\n")
    shuffled = progress(guide, tuple(reversed(STATES["partial"])), milestones=MILESTONES)
    assert regenerate(readme, guide, shuffled, chart_path=CHART) == first


def test_markers_may_be_indented_and_shown_in_code_fences():
    readme = (
        "To set up, add:\n\n```markdown\n"
        f"{BEGIN_MARKER}\n{END_MARKER}\n```\n\n"
        f"  {BEGIN_MARKER}  \nold\n{END_MARKER}\n"
    )
    out = splice_region(readme, "new\n")
    assert out == readme.replace("\nold\n", "\n\nnew\n\n")


B, E = BEGIN_MARKER, END_MARKER


@pytest.mark.parametrize(
    ("readme", "words"),
    [
        ("# Title\n", ["no generated region", B, E]),
        (f"# Title\n{E}\n", ["no line", B, "line 2"]),
        (f"{B}\n# Title\n", ["no line", E, "line 1"]),
        (f"{B}\n{E}\n{B}\n{E}\n", [B, "lines 1 and 3"]),
        (f"{B}\n{B}\n{E}\n", [B, "lines 1 and 2"]),
        (f"{B}\n{E}\n{E}\n", [E, "lines 2 and 3"]),
        (f"x\n{E}\ny\n{B}\n", [E, "line 2", B, "line 4", "before"]),
        (f"```\n{B}\n{E}\n```\n", ["no generated region"]),
    ],
)
def test_marker_problems_raise_one_clear_line(guide, readme, words):
    with pytest.raises(RegionError) as raised:
        splice_region(readme, REGION)
    message = str(raised.value)
    assert raised.value.exit_code == 2  # bad input, like every marker problem
    assert "\n" not in message
    for word in words:
        assert word in message
    with pytest.raises(RegionError):
        regenerate(readme, guide, state(guide, "empty"), chart_path=CHART)


def test_a_marker_in_the_region_is_shown_not_taken_for_one():
    once = splice_region(f"{B}\n{E}\n", f"text\n{E}\n{B}\n")
    assert once == f"{B}\n\ntext\n&lt;!-- curriculum-sync:readme:end -->\n" + (
        f"&lt;!-- curriculum-sync:readme:begin -->\n\n{E}\n"
    )
    assert splice_region(once, "new\n") == f"{B}\n\nnew\n\n{E}\n"


# Each README shows the markers where they must not count, then has the real pair.
NOT_MARKERS = {
    "in a fence": f"```\n{B}\n{E}\n```\n",
    "in a tilde fence with a longer closer": f"~~~~ md\n{B}\n~~~\n{E}\n~~~~~\n",
    "in an indented code block": f"Set up:\n\n    {B}\n    {E}\n",
    "in an indented code block in a list": f"- step\n\n          {B}\n          {E}\n",
    "in a comment": f"<!--\n{B}\n-->\n<!-- {E}\n-->\n",
    "in a one-line comment": f"<!-- {B} -->\n",
}


@pytest.mark.parametrize("shown", NOT_MARKERS.values(), ids=NOT_MARKERS)
def test_markers_shown_in_code_or_comments_do_not_count(shown):
    readme = f"# Title\n\n{shown}\n{B}\nold\n{E}\n\nafter\n"
    assert splice_region(readme, "new\n") == readme.replace("\nold\n", "\n\nnew\n\n")


def test_a_fence_left_open_in_a_list_item_ends_with_the_item():
    # CommonMark closes a list item's blocks when the item ends: the end marker is real.
    readme = f"{B}\n- a note:\n\n  ```python\n  print(1)\n\n{E}\n"
    assert splice_region(readme, "new\n") == f"{B}\n\nnew\n\n{E}\n"


def test_a_fence_left_open_at_the_top_hides_what_follows():
    # As GitHub shows it, everything after an unclosed fence is code: no end marker.
    with pytest.raises(RegionError, match="no line `<!-- curriculum-sync:readme:end -->`"):
        splice_region(f"{B}\n```\n{E}\n", "new\n")


def test_a_byte_order_mark_before_the_first_marker_is_kept():
    readme = f"\ufeff{B}\r\nold\r\n{E}\r\n"
    assert splice_region(readme, "new\n") == f"\ufeff{B}\r\n\r\nnew\r\n\r\n{E}\r\n"


def test_markers_inside_html_blocks_count():
    readme = f"<details>\n{B}\nold\n{E}\n</details>\n"
    assert splice_region(readme, "new\n") == readme.replace("\nold\n", "\n\nnew\n\n")


# --- terminal and helpers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "skipped", "total", "bar"),
    [
        (0, 0, 4, "░░░░░░░░░░ 0%"),
        (1, 1, 3, "█████░░░░░ 50%"),
        (1, 1, 4, "███░░░░░░░ 33%"),
        (4, 0, 4, "██████████ 100%"),
        (0, 0, 0, "██████████ 100%"),
        (99, 0, 100, "█████████░ 99%"),
    ],
)
def test_text_bar(done, skipped, total, bar):
    assert text_bar(done, skipped, total) == bar


def test_status_table_columns(guide):
    table = status_table(state(guide, "partial")).splitlines()
    assert table[0].split() == [
        "Level",
        "Done",
        "Skipped",
        "In",
        "progress",
        "Total",
        "Percent",
        "Optional",
    ]
    assert table[2].split()[-7:] == ["1", "1", "1", "4", "33%", "-", "███░░░░░░░"]
    assert table[5].split() == ["Overall", "2", "1", "1", "6", "40%", "1/2", "████░░░░░░"]
    assert table[6] == "Current level: Level 1: Basics | Intro"
    assert table[7] == "As of 2025-02-01"


def test_rendering_twice_gives_the_same_bytes(guide, real):
    for curriculum, p in ((guide, state(guide, "partial")), (real, progress(real, ()))):
        assert render_region(curriculum, p, chart_path=CHART) == render_region(
            curriculum, p, chart_path=CHART
        )
        assert render_chart(curriculum, p) == render_chart(curriculum, p)
