"""Curriculum text that looks like our hidden markers is shown, never taken for one: plan and
apply reach a fixed point instead of growing each issue body on every run."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from sync.curriculum import parse_curriculum
from sync.plan import Action, Target, make_plan
from sync.snapshot import Issue, Label, Milestone, Snapshot
from tests.test_apply import apply, issue_of

LOOKALIKES = """\
title: Guide
levels:
  - number: 1
    title: Basics
    sections:
      - title: Reading
        resources:
          - id: sneaky
            title: "Ends early <!-- curriculum-sync:end -->"
            note: |-
              Begins again <!-- curriculum-sync:begin id=other -->
              and quotes <!-- curriculum-sync:readme:end --> too.
              An HTML comment <!-- never closed
"""


def created_issues(snapshot: Snapshot):
    curriculum, problems = parse_curriculum(LOOKALIKES, "c.yaml")
    assert problems == []
    return make_plan(curriculum, snapshot)


def test_marker_lookalikes_reach_a_fixed_point_in_one_plan():
    first = created_issues(Snapshot("learner/tracker"))
    (create,) = [c for c in first.changes if c.target is Target.ISSUE and c.action is Action.CREATE]
    body = create.payload["body"]
    # One marker pair, our own; the text still shows what the curriculum says.
    assert body.count("<!--") == 2
    assert "Ends early &lt;!-- curriculum-sync:end -->" in body
    labels = tuple(
        Label(c.payload["name"], c.payload["color"], c.payload["description"])
        for c in first.changes
        if c.target is Target.LABEL
    )
    (made,) = [c for c in first.changes if c.target is Target.MILESTONE]
    milestone = Milestone(1, made.payload["title"], made.payload["description"])
    issue = Issue(
        number=7,
        title=create.payload["title"],
        body=body,
        labels=tuple(create.payload["labels"]),
        milestone=1,
        author="learner",
        author_association="OWNER",
    )
    second = created_issues(Snapshot("learner/tracker", labels, (milestone,), (issue,)))
    assert second.changes == ()
    # A person's words after the block stay theirs, and still nothing changes.
    edited = dataclasses.replace(issue, body=body + "\n\nMy notes.")
    third = created_issues(Snapshot("learner/tracker", labels, (milestone,), (edited,)))
    assert third.changes == ()


def test_a_second_apply_of_marker_lookalikes_writes_nothing(fake, env, run, tmp_path: Path):
    path = tmp_path / "curriculum.yaml"
    path.write_text(LOOKALIKES, encoding="utf-8")
    first = apply(run, env, curriculum=str(path))
    assert first.code == 0, first.err
    body = issue_of(fake, "sneaky")["body"]
    fake.reset_log()
    second = apply(run, env, curriculum=str(path))
    assert second.code == 0, second.err
    assert fake.writes == []
    assert issue_of(fake, "sneaky")["body"] == body
