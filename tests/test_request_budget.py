"""Request budgets at 1,000 resources: each command costs exactly its lower bound in requests.

The curriculum is benchmarks/run.py's synthetic one, so this test and the benchmark measure the
same thing. Times are the benchmark's business; only counts are asserted here.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from benchmarks.run import README_TEMPLATE, synthetic_curriculum, with_title_changed
from sync.curriculum import parse_curriculum
from sync.desired import desired_state
from sync.github import DEFAULT_MAX_CREATES

RESOURCES = 1000
TEXT = synthetic_curriculum(RESOURCES)
CURRICULUM, _ = parse_curriculum(TEXT, "curriculum.yaml")
DESIRED = desired_state(CURRICULUM)
LABELS, MILESTONES = len(DESIRED.labels), len(DESIRED.milestones)
CREATES = LABELS + MILESTONES + RESOURCES


def pages(count: int) -> int:
    """A listing costs one request per 100 items, and one when empty."""
    return max(1, math.ceil(count / 100))


# The repository, then every page of labels, milestones and issues.
EMPTY_REPOSITORY_READS = 1 + 1 + 1 + 1
NOOP_READS = 1 + pages(LABELS) + pages(MILESTONES) + pages(RESOURCES)
PROGRESS_READS = pages(RESOURCES) + 1  # readme and status: the issues, then the milestones


@pytest.fixture
def guide(tmp_path: Path) -> str:
    path = tmp_path / "curriculum.yaml"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


@pytest.fixture
def one_run(run):
    """Lift the per-run creation budget, so a first apply of 1,000 resources is one run."""
    return lambda *args, **kw: run(*args, max_creates=CREATES, **kw)


def first_apply(fake, env, run, guide: str) -> None:
    result = run("apply", "--curriculum", guide, env=env)
    assert result.code == 0, result.err
    fake.reset_log()


def test_the_synthetic_curriculum_is_what_the_bounds_assume():
    assert CURRICULUM.resource_count() == RESOURCES
    assert not any(issue.done for issue in DESIRED.issues)  # a done issue costs a second write
    assert (LABELS, MILESTONES) == (27, 10)
    assert NOOP_READS == 13


def test_first_apply_writes_once_per_label_milestone_and_issue(fake, env, run, guide, one_run):
    result = one_run("apply", "--curriculum", guide, env=env)
    assert result.code == 0, result.err
    assert len(fake.writes) == CREATES
    # After creating, one look at the issues created meanwhile, for a second run's copies.
    assert len(fake.log) == EMPTY_REPOSITORY_READS + CREATES + pages(RESOURCES)
    assert (len(fake.labels), len(fake.milestones), len(fake.issues)) == (
        LABELS,
        MILESTONES,
        RESOURCES,
    )


def test_a_no_op_apply_reads_each_listing_once_and_writes_nothing(fake, env, run, guide, one_run):
    first_apply(fake, env, one_run, guide)
    result = one_run("apply", "--curriculum", guide, env=env)
    assert result.code == 0, result.err
    assert fake.writes == []
    assert len(fake.log) == NOOP_READS
    assert len(fake.calls("GET", "/issues")) == pages(RESOURCES)


def test_one_title_change_costs_the_no_op_reads_and_one_write(
    fake, env, run, guide, one_run, tmp_path
):
    first_apply(fake, env, one_run, guide)
    changed_text, resource_id = with_title_changed(TEXT, CURRICULUM)
    changed = tmp_path / "changed.yaml"
    changed.write_text(changed_text, encoding="utf-8")
    result = one_run("apply", "--curriculum", str(changed), env=env)
    assert result.code == 0, result.err
    # The body is read again just before its edit, so text typed since the snapshot is kept.
    assert len(fake.log) == NOOP_READS + 2
    (write,) = fake.writes
    # The issue body shows the title too: both go in the one PATCH.
    assert write.method == "PATCH" and set(write.json) == {"title", "body"}
    assert write.json["title"].endswith(" (revised)")
    assert resource_id in fake.issue(int(write.path.rsplit("/", 1)[1]))["body"]


def test_readme_and_status_read_the_issues_and_the_milestones_only(
    fake, env, run, guide, one_run, tmp_path
):
    first_apply(fake, env, one_run, guide)
    readme, chart = tmp_path / "README.md", tmp_path / "assets" / "progress.svg"
    readme.write_text(README_TEMPLATE, encoding="utf-8")
    result = one_run(
        "readme", "--curriculum", guide, "--readme", str(readme), "--chart", str(chart), env=env
    )
    assert result.code == 0, result.err
    assert len(fake.log) == PROGRESS_READS
    assert fake.writes == []
    assert chart.exists()

    fake.reset_log()
    result = one_run("status", "--curriculum", guide, env=env)
    assert result.code == 0, result.err
    assert len(fake.log) == PROGRESS_READS
    assert fake.writes == []


def test_at_the_real_budget_the_first_apply_resumes_run_after_run(fake, env, run, guide):
    """conftest's pacing keeps DEFAULT_MAX_CREATES: each run stops there and the next goes on,
    re-reading what is there; nothing is written twice."""
    runs, writes = 0, 0
    while True:
        before = (len(fake.labels), len(fake.milestones), len(fake.issues))
        fake.reset_log()
        result = run("apply", "--curriculum", guide, env=env)
        runs += 1
        writes += len(fake.writes)
        reads = 1 + sum(pages(count) for count in before)
        # After creating issues, one look at those created meanwhile, for a parallel run's.
        reads += pages(len(fake.issues) - before[2])
        assert len(fake.log) == reads + len(fake.writes)
        if result.code == 0:
            break
        assert result.code == 1 and "run apply again in an hour" in result.err, result.err
        assert len(fake.writes) == DEFAULT_MAX_CREATES
        fake.advance(3600)  # as the message says: the next run an hour later
    assert runs == math.ceil(CREATES / DEFAULT_MAX_CREATES) == 3
    assert writes == CREATES
    assert len(fake.issues) == RESOURCES
