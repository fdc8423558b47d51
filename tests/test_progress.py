"""Progress math on plain values: statuses, per-level counts, what counts and what never does."""

from __future__ import annotations

import datetime as dt

import pytest

from sync.curriculum import Curriculum, load_curriculum, parse_curriculum
from sync.pace import schedule
from sync.progress import (
    DONE,
    IN_PROGRESS,
    OPEN,
    SKIPPED,
    percent,
    progress,
)
from sync.snapshot import Issue, Milestone, managed_block
from sync.views import progress_as_json
from tests.support import SHIPPED, at, parsed
from tests.support import tracked_issue as issue

GUIDE = """
title: Test Guide
levels:
  - number: 1
    title: Basics
    sections:
      - title: Reading
        resources:
          - {id: book-one, title: Book One}
          - {id: post-two, title: Post Two}
          - {id: course-three, title: Course Three}
          - {id: tool-four, title: Tool Four, previous_ids: [old-tool]}
  - number: 2
    title: Practice
    sections:
      - title: Exercises
        resources:
          - {id: exercise-one, title: Exercise One}
          - {id: exercise-two, title: Exercise Two, done: true}
      - title: Specialization
        optional: true
        resources:
          - {id: track-a, title: Track A}
          - {id: track-b, title: Track B}
"""
LEVEL_ONE = ("book-one", "post-two", "course-three", "tool-four")


@pytest.fixture(scope="module")
def guide() -> Curriculum:
    return parsed(GUIDE)


def closed(number: int, resource_id: str, reason: str | None = "completed", **kw) -> Issue:
    kw.setdefault("closed", at(1, 2))
    return issue(number, resource_id, state="closed", reason=reason, **kw)


# --- one resource's status ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "reason", "labels", "expected"),
    [
        ("closed", "completed", (), DONE),
        ("closed", None, (), DONE),
        ("closed", "not_planned", (), SKIPPED),
        ("closed", "duplicate", (), SKIPPED),
        ("closed", "completed", ("in progress",), DONE),
        ("open", None, (), OPEN),
        ("open", "reopened", (), OPEN),
        ("open", None, ("in progress",), IN_PROGRESS),
        ("open", None, ("In Progress",), IN_PROGRESS),
        ("open", None, ("IN PROGRESS", "bug"), IN_PROGRESS),
        ("open", None, ("in-progress",), OPEN),
        ("open", None, ("bug",), OPEN),
    ],
)
def test_status_of_a_tracked_issue(guide, state, reason, labels, expected):
    tracked = issue(7, "book-one", state=state, reason=reason, labels=labels, closed=at(1, 3))
    item = progress(guide, [tracked]).of("book-one")
    assert item.status == expected
    assert item.issue_number == 7
    assert item.issue_url == "https://github.com/o/r/issues/7"
    assert item.closed_at == (at(1, 3) if state == "closed" else None)


def test_no_issue_means_open_unless_the_curriculum_says_done(guide):
    p = progress(guide, ())
    assert p.of("book-one").status == OPEN
    assert p.of("book-one").issue_number is None
    assert p.of("exercise-two").status == DONE
    # Once an issue exists, its state is what counts (someone reopened it).
    assert progress(guide, [issue(3, "exercise-two")]).of("exercise-two").status == OPEN


# --- who counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("association", ["NONE", "CONTRIBUTOR", "FIRST_TIMER", "MANNEQUIN"])
def test_forged_issue_with_a_copied_marker_ticks_nothing(guide, association):
    forged = closed(99, "book-one", association=association, created=at(1, 1, 0))
    p = progress(guide, [forged])
    assert p.of("book-one").status == OPEN
    assert p.of("book-one").issue_number is None
    assert p.levels[0].done == 0
    assert p.recent == ()
    assert p.as_of is None


def test_forged_issue_older_than_the_real_one_does_not_shadow_it(guide):
    forged = closed(1, "book-one", association="NONE", created=at(1, 1, 0))
    real = issue(2, "book-one", labels=("in progress",), created=at(1, 5))
    item = progress(guide, [forged, real]).of("book-one")
    assert (item.status, item.issue_number) == (IN_PROGRESS, 2)


def test_actions_bot_issues_count():
    curriculum, _ = parse_curriculum(GUIDE, "guide.yaml")
    bot = Issue(
        number=4,
        title="Book One",
        body=managed_block("book-one", "x"),
        state="closed",
        state_reason="completed",
        author="github-actions[bot]",
        author_type="Bot",
        author_association="NONE",
        closed_at=at(1, 2),
        html_url="https://github.com/o/r/issues/4",
    )
    assert progress(curriculum, [bot]).of("book-one").status == DONE


def test_oldest_trusted_issue_wins(guide):
    older = issue(10, "book-one", created=at(1, 1))
    newer = closed(5, "book-one", created=at(1, 9))
    assert progress(guide, [newer, older]).of("book-one").status == OPEN


def test_issue_tracking_a_previous_id_counts_for_the_renamed_resource(guide):
    p = progress(guide, [closed(8, "old-tool")])
    assert p.of("tool-four").status == DONE
    assert p.of("tool-four").issue_number == 8


def test_current_id_is_preferred_over_a_previous_id(guide):
    p = progress(guide, [closed(8, "old-tool"), issue(9, "tool-four")])
    assert (p.of("tool-four").status, p.of("tool-four").issue_number) == (OPEN, 9)


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://github.com/o/r/issues/12", True),
        ("https://ghe.example.com:8443/o/r/issues/12", True),
        ("http://github.com/o/r/issues/12", False),
        ("https://github.com/o/r/issues/13", False),
        ("https://github.com/o/r/pull/12", False),
        ("https://github.com/o/r/issues/12)", False),
        ("https://github.com/o/r/issues/12?x=1", False),
        ("https://github.com/o/r/issues/12#frag", False),
        ("https://github.com/o/r/issues/12 onclick", False),
        ("https://github.com/o r/issues/12", False),
        ("javascript:alert(1)//issues/12", False),
        ("https:///issues/12", False),
        ("", False),
    ],
)
def test_issue_url_is_validated(guide, url, kept):
    item = progress(guide, [issue(12, "book-one", url=url)]).of("book-one")
    assert item.issue_url == (url if kept else None)
    assert item.issue_number == 12


# --- per level --------------------------------------------------------------------------------

_S = {"d": ("closed", "completed"), "s": ("closed", "not_planned"), "p": ("open", None), "o": None}


@pytest.mark.parametrize(
    ("statuses", "done", "skipped", "in_progress", "pct", "finished"),
    [
        ("oooo", 0, 0, 0, 0, False),
        ("dooo", 1, 0, 0, 25, False),
        ("dsoo", 1, 1, 0, 33, False),  # skipped leaves the denominator: 1 of 3
        ("ddso", 2, 1, 0, 66, False),  # rounded down: 100 only when all done
        ("dpoo", 1, 0, 1, 25, False),
        ("ddds", 3, 1, 0, 100, True),
        ("dddd", 4, 0, 0, 100, True),
        ("ssss", 0, 4, 0, 100, True),  # nothing left to do
        ("pppp", 0, 0, 4, 0, False),
    ],
)
def test_level_counts(guide, statuses, done, skipped, in_progress, pct, finished):
    issues = []
    for number, (rid, code) in enumerate(zip(LEVEL_ONE, statuses, strict=True), start=1):
        if _S[code] is None:
            continue
        state, reason = _S[code]
        labels = ("in progress",) if code == "p" else ()
        issues.append(
            issue(number, rid, state=state, reason=reason, labels=labels, closed=at(1, number + 1))
        )
    level = progress(guide, issues).levels[0]
    assert (level.done, level.skipped, level.in_progress, level.total) == (
        done,
        skipped,
        in_progress,
        4,
    )
    assert level.percent == pct
    assert level.finished is finished


@pytest.mark.parametrize(
    ("done", "skipped", "total", "expected"),
    [(0, 0, 0, 100), (0, 0, 3, 0), (1, 1, 4, 33), (2, 0, 3, 66), (3, 0, 3, 100), (0, 2, 2, 100)],
)
def test_percent(done, skipped, total, expected):
    assert percent(done, skipped, total) == expected


def test_optional_resources_are_counted_apart(guide):
    p = progress(guide, [closed(1, "track-a"), closed(2, "track-b", reason="not_planned")])
    level = p.levels[1]
    assert (level.done, level.skipped, level.total) == (1, 0, 2)  # exercise-two is done: true
    assert (level.optional_done, level.optional_total) == (1, 2)
    assert not level.finished
    assert (p.done, p.total, p.optional_done, p.optional_total) == (1, 6, 1, 2)
    # The required resources alone finish the level, with the optional track untouched.
    level = progress(guide, [closed(3, "exercise-one")]).levels[1]
    assert level.finished and level.percent == 100
    assert (level.optional_done, level.optional_total) == (0, 2)


def test_overall_and_current_level(guide):
    p = progress(guide, [closed(1, "book-one"), closed(2, "post-two", reason="not_planned")])
    assert (p.done, p.skipped, p.total, p.percent) == (2, 1, 6, 40)
    assert p.current is p.levels[0]
    level_one_finished = [closed(n, rid) for n, rid in enumerate(LEVEL_ONE, start=1)]
    assert progress(guide, level_one_finished).current.number == 2
    everything = [*level_one_finished, closed(9, "exercise-one")]
    assert progress(guide, everything).current is None


# --- recent and as_of ---------------------------------------------------------------------------


def test_recent_is_latest_closed_first_ties_by_issue_number(guide):
    issues = [
        closed(1, "book-one", closed=at(1, 3)),
        closed(2, "post-two", reason="not_planned", closed=at(1, 5)),
        closed(4, "course-three", closed=at(1, 5)),
        closed(3, "exercise-one", closed=at(1, 4)),
        closed(5, "track-a", closed=at(1, 1)),
        issue(6, "tool-four", closed=at(1, 9)),  # reopened: its old closed_at means nothing
    ]
    p = progress(guide, issues, recent=3)
    assert [r.issue_number for r in p.recent] == [4, 2, 3]
    assert [r.issue_number for r in progress(guide, issues).recent] == [4, 2, 3, 1, 5]
    assert progress(guide, issues, recent=0).recent == ()
    assert p.as_of == dt.date(2025, 1, 5)


def test_as_of_is_the_latest_closing_date_in_utc_never_the_clock(guide):
    assert progress(guide, ()).as_of is None
    late_evening = dt.datetime(2025, 3, 1, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    skipped_only = [closed(1, "book-one", reason="not_planned", closed=late_evening)]
    assert progress(guide, skipped_only).as_of == dt.date(2025, 3, 2)
    naive = [closed(1, "book-one", closed=dt.datetime(2024, 12, 31, 23, 59))]
    assert progress(guide, naive).as_of == dt.date(2024, 12, 31)


# --- milestones ---------------------------------------------------------------------------------


def test_milestone_links_by_title_then_marker_and_only_when_valid(guide):
    milestones = [
        Milestone(
            3,
            "Level 2: Old name",
            "<!-- curriculum-sync:level=2 -->",
            html_url="https://github.com/o/r/milestone/3",
        ),
        Milestone(5, "Level 2: my own", html_url="https://github.com/o/r/milestone/5"),
        Milestone(1, "Level 1: Basics", html_url="https://github.com/o/r/milestone/1"),
        Milestone(9, "Level 10: Other", html_url="https://github.com/o/r/milestone/9"),
    ]
    p = progress(guide, (), milestones=milestones)
    assert [level.milestone_url for level in p.levels] == [
        "https://github.com/o/r/milestone/1",
        "https://github.com/o/r/milestone/3",
    ]
    bad = [Milestone(1, "Level 1: Basics", html_url='https://github.com/o/r/milestone/1"><x')]
    assert progress(guide, (), milestones=bad).levels[0].milestone_url is None
    assert progress(guide, ()).levels[0].milestone_url is None


# --- JSON and the real curriculum ---------------------------------------------------------------


def test_progress_as_json(guide):
    issues = [
        closed(1, "book-one", closed=at(1, 4)),
        closed(2, "post-two", reason="not_planned"),
        issue(3, "course-three", labels=("in progress",)),
        closed(4, "track-a"),
    ]
    p = progress(guide, issues)
    data = progress_as_json(p, schedule(guide, p))
    dated = ("completed_on", "projected_finish", "due", "due_status")
    resources = [level.pop("resources") for level in data["levels"]]
    schedules = [{key: level.pop(key) for key in dated} for level in data["levels"]]
    pace = {
        key: data["overall"].pop(key)
        for key in (
            "pace_per_week",
            "pace_per_week_since_start",
            "completed_on",
            "projected_finish",
        )
    }
    # One done a week (on 4 January): two left in level 1, then one in level 2.
    assert schedules == [
        {"completed_on": None, "projected_finish": "2025-01-18", "due": None, "due_status": None},
        {"completed_on": None, "projected_finish": "2025-01-25", "due": None, "due_status": None},
    ]
    assert pace == {
        "pace_per_week": 1.0,
        "pace_per_week_since_start": 1.0,
        "completed_on": None,
        "projected_finish": "2025-01-25",
    }
    assert resources[0][0] == {
        "id": "book-one",
        "status": "done",
        "optional": False,
        "issue": 1,
        "closed_on": "2025-01-04",
        "note_url": None,
    }
    assert [r["status"] for r in resources[0]] == ["done", "skipped", "in_progress", "open"]
    assert data == {
        "as_of": "2025-01-04",
        "current_level": 1,
        "levels": [
            {
                "number": 1,
                "title": "Basics",
                "done": 1,
                "skipped": 1,
                "in_progress": 1,
                "total": 4,
                "percent": 33,
                "finished": False,
                "optional_done": 0,
                "optional_total": 0,
            },
            {
                "number": 2,
                "title": "Practice",
                "done": 1,
                "skipped": 0,
                "in_progress": 0,
                "total": 2,
                "percent": 50,
                "finished": False,
                "optional_done": 1,
                "optional_total": 2,
            },
        ],
        "overall": {
            "done": 2,
            "skipped": 1,
            "in_progress": 1,
            "total": 6,
            "percent": 40,
            "optional_done": 1,
            "optional_total": 2,
        },
    }


def test_real_curriculum_with_no_issues():
    curriculum = load_curriculum(SHIPPED)
    p = progress(curriculum, ())
    assert len(p.levels) == 5
    assert p.total + p.optional_total == curriculum.resource_count()
    assert p.optional_total == sum(
        len(s.resources) for level in curriculum.levels for s in level.sections if s.optional
    )
    assert p.optional_total > 0
    assert (p.done, p.skipped, p.percent, p.as_of, p.recent) == (0, 0, 0, None, ())
    assert p.current.number == 1


def test_same_issues_in_any_order_give_equal_progress(guide):
    issues = [closed(1, "book-one", closed=at(1, 3)), closed(2, "post-two", closed=at(1, 3))]
    assert progress(guide, issues) == progress(guide, list(reversed(issues)))
