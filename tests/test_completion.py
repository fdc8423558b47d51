"""Levels that complete themselves: which milestone to close or reopen, and when to leave it be."""

from __future__ import annotations

import datetime as dt

import pytest

from sync.completion import describe, milestone_plan
from sync.curriculum import Curriculum, parse_curriculum
from sync.plan import Action, Target
from sync.progress import progress
from sync.snapshot import (
    LEVEL_MARKER,
    Issue,
    Milestone,
    completion_line,
    split_completion,
    with_completion,
)
from tests.support import parsed, tracked_issue

GUIDE = """
title: Guide
levels:
  - number: 1
    title: Basics
    sections:
      - title: Reading
        resources:
          - {id: a, title: A}
          - {id: b, title: B}
      - title: Extra
        optional: true
        resources:
          - {id: x, title: X}
  - number: 2
    title: Practice
    sections:
      - title: Exercises
        resources:
          - {id: c, title: C}
"""
DESCRIPTION = "Objective: Learn.\n\nGoals:\n- Read\n\n" + LEVEL_MARKER.format(number=1)


@pytest.fixture(scope="module")
def guide() -> Curriculum:
    return parsed(GUIDE)


def closed(number: int, rid: str, day: int, reason: str = "completed") -> Issue:
    when = dt.datetime(2026, 1, day, 12, tzinfo=dt.UTC)
    return tracked_issue(number, rid, state="closed", reason=reason, closed=when)


def milestone(
    number: int, *, state: str = "open", line: str | None = None, marked: bool = True
) -> Milestone:
    description = DESCRIPTION.replace("level=1", f"level={number}")
    if not marked:
        description = description.replace(LEVEL_MARKER.format(number=number), "")
    return Milestone(
        number=number,
        title=f"Level {number}: {'Basics' if number == 1 else 'Practice'}",
        description=with_completion(description, line),
        state=state,
    )


def changes(guide, issues, milestones):
    plan = milestone_plan("o/r", progress(guide, issues), milestones)
    assert all(c.target is Target.MILESTONE and c.action is Action.UPDATE for c in plan.changes)
    return plan.changes


def state(change):
    return change.payload["state"]


def test_the_last_required_close_closes_the_milestone_and_records_the_day(guide):
    issues = [closed(1, "a", 5), closed(2, "b", 9, reason="not_planned"), tracked_issue(3, "x")]
    (change,) = changes(guide, issues, [milestone(1), milestone(2)])
    assert (change.number, state(change)) == (1, "closed")
    assert change.payload["description"] == DESCRIPTION + "\n\nCompleted on 2026-01-09."
    assert describe(change) == ("closed milestone #1 'Level 1: Basics' (Completed on 2026-01-09.)")


def test_an_optional_resource_left_open_does_not_hold_a_level_back(guide):
    (change,) = changes(guide, [closed(1, "a", 5), closed(2, "b", 6)], [milestone(1)])
    assert state(change) == "closed"


def test_nothing_to_do_while_the_record_matches(guide):
    issues = [closed(1, "a", 5), closed(2, "b", 9)]
    line = "Completed on 2026-01-09."
    assert changes(guide, issues, [milestone(1, state="closed", line=line)]) == ()
    # A person reopened the completed level's milestone by hand: they are not overruled.
    assert changes(guide, issues, [milestone(1, state="open", line=line)]) == ()


def test_a_reopened_resource_reopens_the_milestone_and_clears_the_record(guide):
    issues = [closed(1, "a", 5), tracked_issue(2, "b")]
    (change,) = changes(
        guide, issues, [milestone(1, state="closed", line="Completed on 2026-01-09.")]
    )
    assert state(change) == "open" and change.payload["description"] == DESCRIPTION
    assert describe(change).startswith("reopened milestone #1 'Level 1: Basics'")


def test_a_milestone_closed_by_hand_before_the_level_completes_is_left_closed(guide):
    assert changes(guide, [closed(1, "a", 5)], [milestone(1, state="closed")]) == ()


def test_completing_again_on_another_day_closes_again(guide):
    issues = [closed(1, "a", 5), closed(2, "b", 20)]
    old = "Completed on 2026-01-09."
    (change,) = changes(guide, issues, [milestone(1, state="open", line=old)])
    assert state(change) == "closed"
    assert change.payload["description"].endswith("Completed on 2026-01-20.")
    assert change.payload["description"].count("Completed") == 1


def test_a_level_without_its_milestone_is_never_touched(guide):
    issues = [closed(1, "a", 5), closed(2, "b", 9), closed(3, "c", 10)]
    (change,) = changes(guide, issues, [milestone(2)])
    assert change.number == 2


def test_a_milestone_without_the_level_marker_is_never_touched(guide):
    issues = [closed(1, "a", 5), closed(2, "b", 9)]
    assert changes(guide, issues, [milestone(1, marked=False)]) == ()


def test_a_level_done_without_dates_is_completed_undated(guide):
    text = GUIDE.replace("{id: a, title: A}", "{id: a, title: A, done: true}").replace(
        "{id: b, title: B}", "{id: b, title: B, done: true}"
    )
    offline, problems = parse_curriculum(text, "guide.yaml")
    assert not problems
    (change,) = milestone_plan("o/r", progress(offline, []), [milestone(1)]).changes
    assert change.payload["description"].endswith("\n\nCompleted.")


@pytest.mark.parametrize(
    ("description", "base", "line"),
    [
        (None, "", None),
        ("", "", None),
        ("Objective: x", "Objective: x", None),
        ("Objective: x\n\nCompleted on 2026-01-09.", "Objective: x", "Completed on 2026-01-09."),
        (
            "Objective: x\r\n\r\nCompleted on 2026-01-09.\r\n",
            "Objective: x",
            "Completed on 2026-01-09.",
        ),
        ("Completed.", "", "Completed."),
        ("Completed on 2026-01-09. And more", "Completed on 2026-01-09. And more", None),
        ("Not Completed on 2026-01-09.", "Not Completed on 2026-01-09.", None),
    ],
)
def test_the_record_line(description, base, line):
    assert split_completion(description) == (base, line)


def test_record_round_trip():
    for day in (dt.date(2026, 2, 3), None):
        line = completion_line(day)
        assert split_completion(with_completion(DESCRIPTION, line)) == (DESCRIPTION, line)
    assert with_completion("", "Completed.") == "Completed."
