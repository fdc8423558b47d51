"""The README this repository ships: its region covers the whole curriculum, its commands are CI's."""

from __future__ import annotations

import re

from sync.curriculum import load_curriculum
from sync.readme import BEGIN_MARKER, END_MARKER
from tests.support import ROOT

README = (ROOT / "README.md").read_text("utf-8")


def region() -> str:
    start, end = README.index(BEGIN_MARKER), README.index(END_MARKER)
    return README[start:end]


def test_the_region_lists_every_level_section_and_resource():
    """Whatever is ticked: a learner's progress never breaks this, a curriculum edit
    without `python -m sync readme` does."""
    text = region()
    curriculum = load_curriculum(ROOT / "curriculum.yaml")
    missing = []
    for level in curriculum.levels:
        if f"Level {level.number}: {level.title}" not in text:
            missing.append(f"level {level.number}")
        for section in level.sections:
            if f"**{section.title}" not in text:
                missing.append(f"section {section.title}")
            for resource in section.resources:
                urls = [resource.url] if resource.url else [link.url for link in resource.links]
                if resource.title not in text or any(u not in text for u in urls if u):
                    missing.append(f"resource {resource.id}")
    assert missing == [], "run: python -m sync readme --offline"


def test_ci_runs_exactly_the_readmes_test_command():
    ci = (ROOT / ".ci" / "run").read_text("utf-8").strip().splitlines()[-1]
    commands = re.findall(r"^python3 -m venv .*$", README, flags=re.MULTILINE)
    assert ci in commands
    assert ci.endswith("pip install -e '.[test]' && pytest")


def test_the_readme_shows_the_offline_plan_as_the_first_command():
    first = re.findall(r"^python3 -m venv .*$", README, flags=re.MULTILINE)[0]
    assert first.endswith("pip install -e . && python -m sync plan")
