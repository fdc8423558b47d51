"""Pace and projected finish, dated by the latest close: golden files for fixed dates, plus the
rules each number follows.

Rewrite the golden files after an intended change with ``UPDATE_GOLDEN=1 pytest tests/test_pace.py``
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

from sync.curriculum import Curriculum
from sync.pace import completed_on, completes, pace, per_week, schedule
from sync.progress import Progress, progress
from sync.snapshot import Issue
from sync.views import progress_as_json
from tests.support import parsed, tracked_issue

GOLDEN = Path(__file__).resolve().parent / "golden"

GUIDE = """
title: Pace Guide
levels:
  - number: 1
    title: Basics
    due: 2026-02-01
    sections:
      - title: Reading
        resources:
          - {id: a, title: A}
          - {id: b, title: B}
          - {id: c, title: C}
          - {id: d, title: D}
  - number: 2
    title: Practice
    due: 2026-02-15
    sections:
      - title: Exercises
        resources:
          - {id: e, title: E}
          - {id: f, title: F}
          - {id: g, title: G}
          - {id: h, title: H}
          - {id: i, title: I}
          - {id: j, title: J}
      - title: Tracks
        optional: true
        resources:
          - {id: x, title: X}
          - {id: y, title: Y}
  - number: 3
    title: Research
    sections:
      - title: Papers
        resources:
          - {id: k, title: K}
          - {id: l, title: L}
          - {id: m, title: M}
          - {id: n, title: N}
"""
IDS = "abcdefghijxyklmn"


@pytest.fixture(scope="module")
def guide() -> Curriculum:
    return parsed(GUIDE)


def day(month: int, d: int, hour: int = 18) -> dt.datetime:
    return dt.datetime(2026, month, d, hour, tzinfo=dt.UTC)


def closed(resource_id: str, when: dt.datetime, reason: str = "completed") -> Issue:
    return tracked_issue(
        IDS.index(resource_id) + 1, resource_id, state="closed", reason=reason, closed=when
    )


def state(guide: Curriculum, *issues: Issue) -> Progress:
    return progress(guide, issues)


SCENARIOS = {
    # One a week, every week, then the first of level 2.
    "steady": [
        closed("a", day(1, 5)),
        closed("b", day(1, 12)),
        closed("c", day(1, 19)),
        closed("d", day(1, 26)),
        closed("e", day(2, 2)),
    ],
    # Two on one day, a skip, eight quiet weeks, two more and an optional track.
    "break": [
        closed("a", day(1, 5, 9)),
        closed("b", day(1, 5, 20)),
        closed("c", day(1, 6), reason="not_planned"),
        closed("d", day(3, 2)),
        closed("e", day(3, 3)),
        closed("x", day(3, 4)),
    ],
    "empty": [],
    "all_done": [closed(rid, day(2, 1 + index)) for index, rid in enumerate(IDS) if rid != "y"],
}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_golden_schedule(guide, name):
    p = state(guide, *SCENARIOS[name])
    data = progress_as_json(p, schedule(guide, p))
    dated = ("completed_on", "projected_finish", "due", "due_status")
    paced = ("pace_per_week", "pace_per_week_since_start", "completed_on", "projected_finish")
    shown = {
        "as_of": data["as_of"],
        **{key: data["overall"][key] for key in paced},
        "levels": {level["number"]: {key: level[key] for key in dated} for level in data["levels"]},
    }
    text = json.dumps(shown, indent=2) + "\n"
    path = GOLDEN / f"pace_{name}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed: review, then rerun"


def test_steady_pace_projects_each_level_in_order(guide):
    s = schedule(guide, state(guide, *SCENARIOS["steady"]))
    assert s.pace.as_of == dt.date(2026, 2, 2)
    assert s.pace.recent == 1 and s.pace.recent_weeks == 4
    assert s.pace.overall == 1  # five done over the five weeks since the first
    level1, level2, level3 = s.levels
    assert level1.completed_on == dt.date(2026, 1, 26) and level1.due_status == "done in time"
    # Five left in level 2 at one a week: five weeks after the latest close.
    assert level2.projected_finish == dt.date(2026, 3, 9)
    assert level2.due_status == "22 days behind"
    # Level 3 comes after level 2: nine left in all.
    assert level3.projected_finish == dt.date(2026, 4, 6) == s.projected_finish
    assert level3.due is None and level3.due_status is None


def test_a_break_does_not_drag_the_recent_pace_down(guide):
    s = schedule(guide, state(guide, *SCENARIOS["break"]))
    # Weeks end on the latest close (the optional track, 4 March); the eight quiet weeks
    # between January and March are not among the last four with something done.
    assert s.pace.as_of == dt.date(2026, 3, 4)
    assert s.pace.recent == 2 and s.pace.recent_weeks == 2
    assert s.pace.overall == Fraction(4, 9)
    assert s.levels[0].completed_on == dt.date(2026, 3, 2)
    assert s.levels[0].due_status == "done 29 days late"
    # Five left at two a week: 17.5 days, rounded up.
    assert s.levels[1].projected_finish == dt.date(2026, 3, 22)
    assert s.levels[1].due_status == "35 days behind"


def test_nothing_done_means_nothing_projected(guide):
    s = schedule(guide, state(guide))
    assert s.pace.recent is None and s.pace.overall is None
    assert s.projected_finish is None and s.completed_on is None
    assert all(level.projected_finish is None for level in s.levels)
    assert s.levels[0].due_status is None


def test_only_skips_give_no_pace(guide):
    s = schedule(guide, state(guide, closed("a", day(1, 5), reason="not_planned")))
    assert s.pace.as_of == dt.date(2026, 1, 5)
    assert s.pace.recent is None and s.projected_finish is None


def test_every_level_done(guide):
    s = schedule(guide, state(guide, *SCENARIOS["all_done"]))
    assert s.projected_finish is None
    assert s.completed_on == dt.date(2026, 2, 16)
    assert [level.projected_finish for level in s.levels] == [None, None, None]


def test_a_level_completes_on_its_last_required_close_and_undone_on_reopen(guide):
    last_of_level_1 = [closed(r, day(1, 5 + i)) for i, r in enumerate("abcd")]
    level = state(guide, *last_of_level_1, closed("x", day(2, 20))).levels[0]
    assert completes(level) and completed_on(level) == dt.date(2026, 1, 8)
    reopened = state(guide, *last_of_level_1[:3], tracked_issue(4, "d")).levels[0]
    assert not completes(reopened) and completed_on(reopened) is None


@pytest.mark.parametrize(
    ("value", "text"),
    [(Fraction(1), "1"), (Fraction(5, 2), "2.5"), (Fraction(4, 9), "0.4"), (None, None)],
)
def test_pace_for_people(value, text):
    assert per_week(value) == text


def test_pace_of_nothing(guide):
    assert pace(state(guide)).as_of is None
