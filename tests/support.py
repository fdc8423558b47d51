"""What the tests share: paths, the shipped guide's counts, dates, small guides, issue and
snapshot values, and the helpers that run and inspect apply against the fake GitHub."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sync.curriculum import Curriculum, parse_curriculum
from sync.desired import desired_state
from sync.snapshot import Issue, Label, Milestone, Snapshot, managed_block

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "curriculum.yaml"
# The seed checklist the shipped curriculum was imported from.
SEED = ROOT / "tests" / "fixtures" / "tracker-readme.md"

# The shipped guide: what a first apply of it creates.
GUIDE = str(SHIPPED)
RESOURCES, LABELS, LEVELS = 67, 21, 5
FIRST_RUN_WRITES = RESOURCES + LABELS + LEVELS

PAGE = 100  # GitHub's largest page, which the tool asks for

EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def at(month: int, day: int, hour: int = 12) -> dt.datetime:
    """A moment in 2025, UTC."""
    return dt.datetime(2025, month, day, hour, tzinfo=dt.UTC)


def pages(count: int) -> int:
    """Requests to list ``count`` items, 100 a page: an empty listing still takes one."""
    return max(1, math.ceil(count / PAGE))


# --- small guides ------------------------------------------------------------------------

# One level with a short resource and one whose title and note are filled in with
# ``str.format(number=..., title=..., note=...)``: for GitHub's limits.
LIMITS_TEMPLATE = """\
title: Guide
levels:
  - number: {number}
    title: Basics
    sections:
      - title: Reading
        resources:
          - id: short
            title: Short
          - id: long
            title: "{title}"
            note: "{note}"
"""


def parsed(text: str) -> Curriculum:
    """A curriculum from YAML text that must be valid."""
    curriculum, problems = parse_curriculum(text, "c.yaml")
    assert problems == []
    assert curriculum is not None
    return curriculum


# --- values as GitHub holds them ---------------------------------------------------------


def tracked_issue(
    number: int,
    resource_id: str,
    *,
    state: str = "open",
    reason: str | None = None,
    labels: tuple[str, ...] = (),
    closed: dt.datetime | None = None,
    association: str = "OWNER",
    created: dt.datetime | None = None,
    url: str | None = None,
) -> Issue:
    """An issue carrying ``resource_id``'s marker; issue numbers order creation times."""
    return Issue(
        number=number,
        title=resource_id,
        body=managed_block(resource_id, "tracked"),
        state=state,
        state_reason=reason,
        labels=labels,
        author="owner",
        author_association=association,
        created_at=created or EPOCH + dt.timedelta(minutes=number),
        closed_at=closed,
        html_url=f"https://github.com/o/r/issues/{number}" if url is None else url,
    )


def synced_snapshot(
    curriculum: Curriculum,
    *,
    repository: str = "learner/tracker",
    first_issue: int = 1,
    overrides: Mapping[str, Mapping[str, Any]] | None = None,
) -> Snapshot:
    """The repository exactly as a completed apply leaves it: every label, milestone and
    issue as apply made them, issues numbered from ``first_issue`` in plan order, made by the
    repository's owner. ``overrides`` replaces fields of the issue of a resource id."""
    overrides = overrides or {}
    desired = desired_state(curriculum)
    html = f"https://github.com/{repository}"
    milestones = tuple(
        Milestone(n, m.title, m.description, "open", m.due_on, f"{html}/milestone/{n}")
        for n, m in enumerate(desired.milestones, 1)
    )
    number_of = {m.title: m.number for m in milestones}
    created = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    issues = tuple(
        Issue(
            **{
                "number": n,
                "title": want.title,
                "body": want.block,
                "labels": want.labels,
                "milestone": number_of[want.milestone_title],
                "author": repository.split("/")[0],
                "author_association": "OWNER",
                "created_at": created + dt.timedelta(seconds=n),
                "html_url": f"{html}/issues/{n}",
                **overrides.get(want.resource_id, {}),
            }
        )
        for n, want in enumerate(desired.issues, first_issue)
    )
    labels = tuple(Label(want.name, want.color, want.description) for want in desired.labels)
    return Snapshot(repository, labels, milestones, issues)


# --- the fake GitHub ---------------------------------------------------------------------


def env_for(fake: Any) -> dict[str, str]:
    """The environment GitHub Actions sets, pointed at the fake."""
    return {
        "GITHUB_REPOSITORY": fake.full_name,
        "GITHUB_API_URL": fake.base_url,
        "GITHUB_TOKEN": fake.token,
    }


def marker(resource_id: str) -> str:
    return f"<!-- curriculum-sync:begin id={resource_id} -->"


def issue_of(fake: Any, resource_id: str) -> dict:
    """The one issue on the fake tracking ``resource_id``."""
    (issue,) = [i for i in fake.issues if marker(resource_id) in (i["body"] or "")]
    return issue


def apply(run: Any, env: dict[str, str], *args: str, curriculum: str = GUIDE, **pacing: Any):
    return run("apply", "--curriculum", curriculum, *args, env=env, **pacing)


def copy_of_guide(tmp_path: Path, old: str = "", new: str = "") -> str:
    """The shipped guide written to ``tmp_path``, with ``old`` replaced by ``new`` once."""
    text = SHIPPED.read_text("utf-8")
    if old:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "curriculum.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)
