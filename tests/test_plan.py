"""The plan is a pure diff: desired state against a snapshot, decided before any write."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sync.plan import Action, Target, label_edits, make_plan
from sync.snapshot import Issue, Label, Milestone, Snapshot, carry_ticks, updated_body
from sync.views import plan_as_json, plan_as_markdown, plan_as_text
from tests.support import parsed, synced_snapshot

CREATE, UPDATE, CLOSE = Action.CREATE, Action.UPDATE, Action.CLOSE
LABEL, MILESTONE, ISSUE = Target.LABEL, Target.MILESTONE, Target.ISSUE

CURRICULUM = """\
title: Test guide
levels:
  - number: 1
    title: Basics
    objective: Learn the basics.
    goals: [Read a book]
    sections:
      - title: Reading
        resources:
          - id: first-book
            title: First book
            kind: book
            authors: [A. Author]
            url: https://example.org/book
          - id: pick-some
            title: Pick some
            kind: course
            choose: "1-2"
            links:
              - {title: One, url: "https://example.org/one"}
              - {title: Two, url: "https://example.org/two"}
  - number: 2
    title: Practice
    due: 2027-03-31
    sections:
      - title: Tracks
        optional: true
        resources:
          - id: a-track
            title: A track
"""


def load(text: str = CURRICULUM):
    return parsed(text)


def synced(text: str = CURRICULUM, **issue_overrides) -> Snapshot:
    """The repository exactly as a completed apply leaves it, issues numbered from 10."""
    return synced_snapshot(load(text), first_issue=10, overrides=issue_overrides)


def changes(plan, target=None, action=None):
    return [
        c
        for c in plan.changes
        if (target is None or c.target == target) and (action is None or c.action == action)
    ]


def test_an_empty_repository_gets_everything_once():
    plan = make_plan(load(), Snapshot("learner/tracker"))
    assert [c.name for c in changes(plan, MILESTONE, CREATE)] == [
        "Level 1: Basics",
        "Level 2: Practice",
    ]
    assert [c.key for c in changes(plan, ISSUE, CREATE)] == ["first-book", "pick-some", "a-track"]
    labels = {c.name for c in changes(plan, LABEL, CREATE)}
    assert labels == {
        "level: 1",
        "level: 2",
        "kind: book",
        "kind: course",
        "optional",
        "in progress",
    }
    # One write per object: labels, milestones and issues are created with their final values.
    assert plan.write_requests == len(plan.changes) == 6 + 2 + 3
    first = changes(plan, ISSUE, CREATE)[0]
    assert first.payload["labels"] == ["level: 1", "kind: book"]
    # The milestone is made by this same plan: its number joins the payload once GitHub gives it.
    assert "milestone" not in first.payload and first.milestone_title == "Level 1: Basics"
    assert "<!-- curriculum-sync:begin id=first-book -->" in first.payload["body"]
    assert "https://example.org/book" in first.payload["body"]


def test_a_synced_repository_needs_nothing():
    plan = make_plan(load(), synced())
    assert plan.changes == ()
    assert plan.summary()[ISSUE] == {"create": 0, "update": 0, "close": 0, "unchanged": 3}


def test_milestone_due_date_is_sent_when_set():
    plan = make_plan(load(), Snapshot("r/r"))
    level2 = changes(plan, MILESTONE, CREATE)[1]
    # Noon UTC: GitHub floors due dates to midnight US-Pacific, so the date stays the same.
    assert level2.payload["due_on"] == "2027-03-31T12:00:00Z"
    assert "due_on" not in changes(plan, MILESTONE, CREATE)[0].payload


def test_a_renamed_resource_updates_its_issue_and_makes_no_second_one():
    renamed = CURRICULUM.replace("title: First book", "title: The first book")
    plan = make_plan(load(renamed), synced())
    assert [(c.action, c.number, sorted(c.what)) for c in plan.changes] == [
        (UPDATE, 10, ["body", "title"])
    ]


def test_a_resource_moved_to_another_level_keeps_its_issue_and_changes_milestone():
    moved = CURRICULUM.replace(
        "          - id: a-track\n            title: A track\n",
        "          - id: a-track\n            title: A track\n          - id: first-book\n"
        "            title: First book\n            kind: book\n            authors: [A. Author]\n"
        "            url: https://example.org/book\n",
    ).replace(
        "          - id: first-book\n            title: First book\n            kind: book\n"
        "            authors: [A. Author]\n            url: https://example.org/book\n          - id: pick",
        "          - id: pick",
        1,
    )
    plan = make_plan(load(moved), synced(**{"first-book": {"state": "closed"}}))
    (change,) = changes(plan, ISSUE)
    assert change.action == UPDATE and change.number == 10
    assert change.payload["milestone"] == 2  # the number of "Level 2: Practice"
    assert (change.add_labels, change.remove_labels) == (("level: 2", "optional"), ("level: 1",))
    assert "state" not in change.payload


def test_previous_ids_let_an_issue_follow_a_new_id():
    text = CURRICULUM.replace(
        "id: first-book", "id: book-one\n            previous_ids: [first-book]"
    )
    plan = make_plan(load(text), synced())
    (change,) = plan.changes
    assert (change.action, change.number, change.key) == (UPDATE, 10, "book-one")
    assert "<!-- curriculum-sync:begin id=book-one -->" in change.block
    assert not changes(plan, ISSUE, CLOSE) and not plan.notices


def test_a_persons_text_ticks_and_labels_survive():
    snapshot = synced()
    pick = snapshot.issues[1]
    body = (
        "My notes above.\n\n" + pick.body.replace("- [ ] [One]", "- [x] [One]") + "\n\nAnd below."
    )
    person = Issue(**{**pick.__dict__, "body": body, "labels": (*pick.labels, "favourite")})
    snapshot = Snapshot(
        snapshot.repository,
        snapshot.labels,
        snapshot.milestones,
        (snapshot.issues[0], person, snapshot.issues[2]),
    )
    assert make_plan(load(), snapshot).changes == ()
    # A curriculum edit rewrites our block only: the person's text, tick and label stay.
    edited = CURRICULUM.replace("title: Pick some", "title: Pick a few")
    (change,) = make_plan(load(edited), snapshot).changes
    body = updated_body(person.body, change.block)
    assert body.startswith("My notes above.\n\n")
    assert body.endswith("\n\nAnd below.")
    assert "- [x] [One](https://example.org/one)" in body
    assert "labels" not in change.what


def test_a_body_edited_in_the_browser_with_crlf_is_not_rewritten():
    snapshot = synced()
    crlf = [
        Issue(**{**i.__dict__, "body": i.body.replace("\n", "\r\n") + "\r\nmine"})
        for i in snapshot.issues
    ]
    snapshot = Snapshot(snapshot.repository, snapshot.labels, snapshot.milestones, tuple(crlf))
    assert make_plan(load(), snapshot).changes == ()


@pytest.mark.parametrize(
    ("have", "want", "expected"),
    [
        (("level: 1", "kind: book"), ("level: 1", "kind: book"), None),
        (("level: 1", "kind: bug", "level: hard"), ("level: 1",), None),
        (("level: 1", "kind: book", "Kind: Bug"), ("level: 1",), ["level: 1", "Kind: Bug"]),
        (("Level: 1", "KIND: book"), ("level: 1", "kind: book"), None),
        (("level: 1", "mine"), ("level: 2",), ["mine", "level: 2"]),
        (
            ("in progress", "level: 1"),
            ("level: 1", "kind: book"),
            ["in progress", "level: 1", "kind: book"],
        ),
        (("optional", "level: 2"), ("level: 2",), ["level: 2"]),
    ],
)
def test_labels_are_merged_never_replaced(have, want, expected):
    add, remove = label_edits(have, want)
    if expected is None:
        assert (add, remove) == ((), ())
    else:
        removed = {name.casefold() for name in remove}
        after = [name for name in have if name.casefold() not in removed] + list(add)
        assert after == expected


def test_ticks_carry_over_only_to_the_same_line():
    block = "- [ ] [One](u1)\n- [ ] [Two](u2)"
    assert (
        carry_ticks(block, "- [X] [Two](u2)\r\n- [ ] [One](u1)")
        == "- [ ] [One](u1)\n- [x] [Two](u2)"
    )


def test_drifted_labels_and_milestones_are_corrected():
    snapshot = synced()
    labels = (
        *(
            Label(lb.name, "000000", lb.description) if lb.name == "kind: book" else lb
            for lb in snapshot.labels
        ),
        Label("mine", "ffffff", "a person's label"),
    )
    milestones = (
        Milestone(1, "Level 1: Old name", "old text\n\n<!-- curriculum-sync:level=1 -->", "closed"),
        snapshot.milestones[1],
    )
    plan = make_plan(load(), Snapshot(snapshot.repository, labels, milestones, snapshot.issues))
    assert [(c.target, c.action, c.name, sorted(c.what)) for c in plan.changes] == [
        (LABEL, UPDATE, "kind: book", ["color"]),
        (MILESTONE, UPDATE, "Level 1: Basics", ["description", "title"]),
    ]
    assert any("'Level 1: Old name'" in notice for notice in plan.notices)


def test_a_persons_own_level_milestone_is_never_taken_over():
    """ "Level 1: my own exam prep" shares the level's prefix but not its marker: it stays as
    it is, and the level gets a milestone of its own."""
    snapshot = synced()
    own = Milestone(7, "Level 1: my own exam prep", "flashcards", "open")
    others = tuple(m for m in snapshot.milestones if not m.title.startswith("Level 1:"))
    plan = make_plan(
        load(), Snapshot(snapshot.repository, snapshot.labels, (own, *others), snapshot.issues)
    )
    assert all(c.number != 7 for c in plan.changes)
    (created,) = changes(plan, MILESTONE, CREATE)
    assert created.payload["title"] == "Level 1: Basics"


def test_a_completed_levels_record_line_is_kept():
    """The milestones command's "Completed on" line is no drift, and survives a correction."""
    snapshot = synced()
    first = snapshot.milestones[0]
    done = Milestone(1, first.title, f"{first.description}\n\nCompleted on 2026-01-26.", "closed")
    kept = Snapshot(
        snapshot.repository, snapshot.labels, (done, snapshot.milestones[1]), snapshot.issues
    )
    assert make_plan(load(), kept).changes == ()
    (change,) = make_plan(
        load(CURRICULUM.replace("Learn the basics.", "Learn more.")), kept
    ).changes
    description = change.payload["description"]
    assert "Learn more." in description and description.count("Completed on") == 1
    assert description.endswith("\n\nCompleted on 2026-01-26.")


def test_a_milestone_due_date_is_compared_as_a_date():
    snapshot = synced()
    assert snapshot.milestones[1].due_on == dt.date(2027, 3, 31)
    moved = CURRICULUM.replace("due: 2027-03-31", "due: 2027-04-30")
    (change,) = make_plan(load(moved), snapshot).changes
    assert change.payload == {"due_on": "2027-04-30T12:00:00Z"}


REMOVED = CURRICULUM.replace(
    "          - id: a-track\n            title: A track\n",
    "          - id: another\n            title: Another\n",
)


def test_removed_resources_are_reported_not_closed_without_prune():
    plan = make_plan(load(REMOVED), synced())
    assert not changes(plan, ISSUE, CLOSE)
    assert any("#12 tracks 'a-track'" in n and "--prune" in n for n in plan.notices)


def test_prune_closes_removed_resources_as_not_planned_with_a_comment():
    plan = make_plan(load(REMOVED), synced(), prune=True)
    (close,) = changes(plan, ISSUE, CLOSE)
    assert close.number == 12
    assert close.payload == {"state": "closed", "state_reason": "not_planned"}
    assert "no longer in `curriculum.yaml`" in close.comment
    assert close.requests == 2


def test_prune_leaves_already_closed_issues_alone():
    snapshot = synced(**{"a-track": {"state": "closed", "state_reason": "completed"}})
    assert not changes(make_plan(load(REMOVED), snapshot, prune=True), ISSUE, CLOSE)


def test_an_untrusted_copy_of_a_marker_changes_nothing():
    snapshot = synced()
    forged = Issue(
        number=99,
        title="Free crypto",
        body=snapshot.issues[0].body,
        author="stranger",
        author_association="NONE",
        created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    plan = make_plan(
        load(),
        Snapshot(
            snapshot.repository, snapshot.labels, snapshot.milestones, (*snapshot.issues, forged)
        ),
    )
    assert plan.changes == ()
    assert any("#99" in n and "stranger" in n for n in plan.notices)
    # Removing the resource must not make the stranger's issue a target either.
    pruned = make_plan(
        load(REMOVED),
        Snapshot(snapshot.repository, snapshot.labels, snapshot.milestones, (forged,)),
        prune=True,
    )
    assert all(c.number != 99 for c in pruned.changes)


def test_the_actions_bot_is_trusted():
    snapshot = synced(
        **{
            rid: {
                "author": "github-actions[bot]",
                "author_type": "Bot",
                "author_association": "NONE",
            }
            for rid in ("first-book", "pick-some", "a-track")
        }
    )
    assert make_plan(load(), snapshot).changes == ()


def test_two_trusted_issues_with_one_id_keep_the_oldest():
    snapshot = synced()
    newer = Issue(
        **{
            **snapshot.issues[0].__dict__,
            "number": 50,
            "title": "copy",
            "created_at": dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
        }
    )
    plan = make_plan(
        load(),
        Snapshot(
            snapshot.repository, snapshot.labels, snapshot.milestones, (newer, *snapshot.issues)
        ),
    )
    assert plan.changes == ()
    assert plan.notices == (
        "issues #10 and #50 both track 'first-book': #10, the oldest, is kept and #50 is left alone",
    )


def test_done_resources_are_created_closed_as_completed():
    text = CURRICULUM.replace("id: first-book", "id: first-book\n            done: true")
    (issue, *_) = changes(make_plan(load(text), Snapshot("r/r")), ISSUE, CREATE)
    assert issue.close_reason == "completed"
    assert issue.requests == 2
    # A create whose close was interrupted leaves the issue open, never closed: the next
    # plan finishes the job. One a person reopened stays open.
    (finish,) = make_plan(load(text), synced()).changes
    assert (finish.number, dict(finish.payload)) == (
        10,
        {"state": "closed", "state_reason": "completed"},
    )
    reopened = synced(**{"first-book": {"state_reason": "reopened"}})
    assert make_plan(load(text), reopened).changes == ()


def test_plan_renders_for_people_scripts_and_the_actions_summary():
    plan = make_plan(load(), synced(**{"first-book": {"title": "old"}}))
    text = plan_as_text(plan)
    assert "~ update issue #10 'First book' (title)" in text
    assert "issues: 1 to update, 2 unchanged" in text
    data = json.loads(plan_as_json(plan))
    assert data["changes"][0]["number"] == 10
    assert data["summary"]["issue"]["update"] == 1
    markdown = plan_as_markdown(plan, heading="Planned")
    assert "| update issue #10 | First book | title |" in markdown


@pytest.mark.parametrize(
    ("touch", "closed"),
    [
        ({}, True),
        ({"comments": 1}, False),
        ({"labels": ("level: 1", "kind: book", "favourite")}, False),
        ({"body_suffix": "\n\nmy notes"}, False),
        ({"title": "my own copy"}, False),
    ],
    ids=["untouched", "commented", "person's label", "person's text", "retitled"],
)
def test_an_untouched_copy_of_a_tracked_issue_is_closed_as_a_duplicate(touch, closed):
    snapshot = synced()
    original = snapshot.issues[0]
    touch = dict(touch)
    body = original.body + touch.pop("body_suffix", "")
    copy = Issue(
        **{
            **original.__dict__,
            "number": 50,
            "body": body,
            "created_at": dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
            **touch,
        }
    )
    issues = (*snapshot.issues, copy)
    plan = make_plan(
        load(), Snapshot(snapshot.repository, snapshot.labels, snapshot.milestones, issues)
    )
    if closed:
        (change,) = plan.changes
        assert (change.action, change.number) == (CLOSE, 50)
        assert change.payload == {"state": "closed", "state_reason": "duplicate"}
        assert "duplicate of #10" in change.comment
        assert plan.notices == ()
    else:
        assert plan.changes == ()
        assert any("#50 is left alone" in notice for notice in plan.notices)
