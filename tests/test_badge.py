"""The badge: golden files for fixed progress, and what it must say."""

from __future__ import annotations

import datetime as dt
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sync.badge import badge, render_badge, text_width
from sync.curriculum import Curriculum, load_curriculum, parse_curriculum
from sync.progress import progress
from tests.support import SHIPPED, parsed, tracked_issue

GOLDEN = Path(__file__).resolve().parent / "golden"
SVG = "{http://www.w3.org/2000/svg}"

GUIDE = """
title: A Guide With A Long Name <& Friends>
short_title: Guide & Co
levels:
  - number: 1
    title: Basics
    sections:
      - title: Reading
        resources:
          - {id: a, title: A}
          - {id: b, title: B}
  - number: 2
    title: Practice
    sections:
      - title: Exercises
        resources:
          - {id: c, title: C}
          - {id: d, title: D}
"""


@pytest.fixture(scope="module")
def guide() -> Curriculum:
    return parsed(GUIDE)


def closed(number: int, rid: str):
    when = dt.datetime(2026, 1, number, 12, tzinfo=dt.UTC)
    return tracked_issue(number, rid, state="closed", reason="completed", closed=when)


STATES = {
    "start": [],
    "level_2": [closed(1, "a"), closed(2, "b"), closed(3, "c")],
    "complete": [closed(1, "a"), closed(2, "b"), closed(3, "c"), closed(4, "d")],
}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with UPDATE_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8"), f"{name} changed: review, then rerun"


@pytest.mark.parametrize("name", sorted(STATES))
def test_golden_badge(guide, name):
    check_golden(f"badge_{name}.svg", render_badge(guide, progress(guide, STATES[name])))


def test_golden_badge_of_the_shipped_guide():
    real = load_curriculum(SHIPPED)
    check_golden("badge_real_start.svg", render_badge(real, progress(real, [])))


def texts(svg: str) -> list[str]:
    return [node.text for node in ET.fromstring(svg).iter(f"{SVG}text")]


def test_the_badge_says_the_current_level_and_percent(guide):
    svg = render_badge(guide, progress(guide, STATES["level_2"]))
    root = ET.fromstring(svg)  # well-formed XML, the title's "<&" escaped
    assert "Guide & Co" in texts(svg) and "level 2 · 75%" in texts(svg)
    alt = "A Guide With A Long Name <& Friends>: level 2 of 2, 75% done"
    assert root.get("aria-label") == alt and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == alt


def test_a_finished_guide_says_complete(guide):
    b = badge(guide, progress(guide, STATES["complete"]))
    assert (b.message, b.complete) == ("complete · 100%", True)
    assert b.alt.endswith(": every level done")


def test_width_follows_the_text(guide):
    start = ET.fromstring(render_badge(guide, progress(guide, [])))
    widths = [int(r.get("width")) for r in start.iter(f"{SVG}rect")][1:3]
    assert widths == [text_width("Guide & Co") + 12, text_width("level 1 · 0%") + 12]
    assert int(start.get("width")) == sum(widths)


def test_the_title_stands_in_when_there_is_no_short_title():
    bare, _ = parse_curriculum(GUIDE.replace("short_title: Guide & Co\n", ""), "g.yaml")
    label = badge(bare, progress(bare, [])).label
    assert label == "A Guide With A Long Name <& Friends>"
    longer, _ = parse_curriculum(GUIDE.replace("Guide & Co", "x" * 60), "g.yaml")
    assert badge(longer, progress(longer, [])).label == "x" * 39 + "…"
