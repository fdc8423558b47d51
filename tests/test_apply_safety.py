"""What a person types is never lost and no duplicate is ever made, under the ways real GitHub
and real people behave: edits during a run, two runs at once, late answers, weak tokens,
renamed and archived repositories. Each scenario runs against the fake GitHub."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
import requests

from sync.errors import GitHubError
from sync.github import GitHub, Pacing
from sync.plan import Action, Change, Plan, Target
from tests.conftest import Result
from tests.fake_github import FakeGitHub
from tests.support import (
    FIRST_RUN_WRITES,
    GUIDE,
    RESOURCES,
    ROOT,
    apply,
    copy_of_guide,
    issue_of,
    marker,
)


def tracked(fake: FakeGitHub, resource_id: str) -> list[dict]:
    return [i for i in fake.issues if marker(resource_id) in (i["body"] or "")]


def resource_ids() -> list[str]:
    text = Path(GUIDE).read_text("utf-8")
    return [
        line.split("id: ", 1)[1] for line in text.splitlines() if line.strip().startswith("- id: ")
    ]


def labels_of(issue: dict) -> set[str]:
    return {label["name"] for label in issue["labels"]}


# --- what a person types while apply runs ---------------------------------------------------


def test_a_label_and_text_added_while_apply_runs_survive(fake, env, run, tmp_path):
    assert apply(run, env).code == 0
    number = issue_of(fake, "python-programming")["number"]
    edited = copy_of_guide(tmp_path, "title: Python Programming", "title: Python programming")

    def person_edits() -> None:
        # A minute into the run, after the snapshot: a label, and a line of their own.
        issue = fake.issue(number)
        fake.edit_issue(
            number,
            labels=[*labels_of(issue), "favourite"],
            body=issue["body"] + "\n\nStarted chapter 1 today.",
        )

    fake.before_request(person_edits, method="GET", path=f"/issues/{number}")
    fake.reset_log()
    assert apply(run, env, curriculum=edited).code == 0
    after = fake.issue(number)
    assert after["title"] == "Python programming"
    assert "favourite" in labels_of(after)
    assert after["body"].endswith("Started chapter 1 today.")
    # Labels were never sent as a set: GitHub replaces the whole set on an edit.
    assert not [w for w in fake.writes if w.json and "labels" in w.json and w.method == "PATCH"]


def test_labels_change_one_by_one_and_a_persons_label_added_meanwhile_stays(
    fake, env, run, tmp_path
):
    assert apply(run, env).code == 0
    number = issue_of(fake, "python-programming")["number"]
    before = labels_of(fake.issue(number))
    # Python Programming becomes a book: its kind label changes.
    moved = copy_of_guide(
        tmp_path,
        "title: Python Programming\n            kind: course",
        "title: Python Programming\n            kind: book",
    )
    fake.before_request(
        lambda: fake.edit_issue(number, labels=[*labels_of(fake.issue(number)), "favourite"]),
        method="POST",
        path=f"/issues/{number}/labels",
    )
    assert apply(run, env, curriculum=moved).code == 0
    assert labels_of(fake.issue(number)) == (before - {"kind: course"}) | {
        "kind: book",
        "favourite",
    }


# --- a person's own milestone ---------------------------------------------------------------


def test_a_persons_own_level_milestone_is_left_alone(fake, env, run):
    own = fake.add_milestone("Level 1: my own exam prep", description="flashcards, weekly")
    assert apply(run, env).code == 0
    mine = fake.milestone(own["number"])
    assert (mine["title"], mine["description"]) == (
        "Level 1: my own exam prep",
        "flashcards, weekly",
    )
    assert any(m["title"] == "Level 1: AI Safety Fundamentals" for m in fake.milestones)


# --- two runs at once -----------------------------------------------------------------------


@pytest.mark.parametrize("rival_starts_before_issue", [1, 30], ids=["at once", "midway"])
def test_two_overlapping_applies_leave_one_open_issue_per_resource(
    fake, env, run, rival_starts_before_issue
):
    """A local apply while the workflow runs: the second run starts when the first is about to
    create its Nth issue, reads the repository, and creates what it found missing."""
    rival: list[Result] = []
    creates = iter(range(rival_starts_before_issue, 0, -1))

    def maybe_start_the_rival() -> None:
        if next(creates, None) == 1:
            rival.append(apply(run, env))

    fake.before_request(
        maybe_start_the_rival,
        method="POST",
        path="/repos/learner/tracker/issues",
        times=rival_starts_before_issue,
    )
    first = apply(run, env)
    assert first.code == 0, first.err
    assert rival and rival[0].code == 0, rival[0].err if rival else "the rival never ran"
    for resource_id in resource_ids():
        issues = tracked(fake, resource_id)
        open_ = [i for i in issues if i["state"] == "open"]
        assert len(open_) == 1, (resource_id, [i["number"] for i in issues])
        for closed in (i for i in issues if i["state"] == "closed"):
            assert closed["state_reason"] == "duplicate"
            (comment,) = fake.comments[closed["number"]]
            assert f"duplicate of #{open_[0]['number']}" in comment["body"]
    assert "closing" in first.err and "as a duplicate" in first.err
    fake.reset_log()
    third = apply(run, env)
    assert third.code == 0 and fake.writes == [], third.err
    assert "both track" not in third.err  # closed copies need no one's eyes


# --- a create answered late -----------------------------------------------------------------


def test_a_create_applied_after_the_timeout_is_found_not_sent_again(fake, env, run, unpaced):
    """The client gave up on a create; GitHub applied it two look-ups later."""
    fake.lose_answer(method="POST", path="/issues", applied_after=3)
    result = apply(run, env)
    assert result.code == 0, result.err
    assert len(fake.issues) == RESOURCES
    assert all(len(tracked(fake, rid)) == 1 for rid in resource_ids())
    assert "did not answer within 15 s; checking whether GitHub made it anyway" in result.err
    assert "GitHub had made it; not sending it again" in result.err
    assert unpaced[:2] == [1.0, 2.0]  # growing pauses between the look-ups


def test_a_create_never_applied_is_sent_again_after_looking(fake, env, run):
    fake.lose_answer(method="POST", path="/milestones", applied_after=None)
    result = apply(run, env)
    assert result.code == 0, result.err
    assert len(fake.milestones) == 5
    assert "not made; sending it again" in result.err


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (requests.exceptions.ReadTimeout, "GitHub did not answer within 15 s"),
        (requests.exceptions.ChunkedEncodingError, "the answer was cut off"),
        (requests.exceptions.ConnectionError, "cannot reach https://api.github.com"),
    ],
    ids=["timeout", "cut off", "refused"],
)
def test_lost_answers_are_told_apart(fake, env, run, error, words):
    fake.lose_answer(method="GET", path="/labels", error=error, applied_after=None)
    result = run("plan", "--curriculum", GUIDE, env=env)
    assert result.code == 1
    assert words in result.err
    assert len(result.err.strip().splitlines()) == 1


# --- tokens weaker than assumed ---------------------------------------------------------------


def test_a_token_github_says_cannot_push_writes_nothing(fake, env, run):
    fake.push_access = False
    result = apply(run, env)
    assert result.code == 1
    assert "cannot push" in result.err and "Issues: Read and write" in result.err
    assert fake.writes == []


def test_dropped_labels_on_the_first_create_stop_the_run(fake, env, run, tmp_path):
    """No `permissions` in the answer (an installation token): the first create shows it."""
    assert apply(run, env).code == 0
    fake.push_access, fake.reports_permissions = False, False
    fake.author_association = "CONTRIBUTOR"
    more = copy_of_guide(
        tmp_path,
        "          - id: bostrom-superintelligence\n",
        "          - id: extra-one\n            title: Extra one\n"
        "          - id: extra-two\n            title: Extra two\n"
        "          - id: bostrom-superintelligence\n",
    )
    for _ in range(3):
        fake.reset_log()
        result = apply(run, env, curriculum=more)
        assert result.code == 1
        assert "dropped its labels" in result.err and "cannot push" in result.err
        assert len(fake.calls("POST", "/issues")) == 1
    # Three runs, three bare issues at most: each run stops at its first.
    assert len(fake.issues) == RESOURCES + 3


# --- a renamed repository -------------------------------------------------------------------


def test_a_renamed_repository_is_followed_and_every_write_lands(fake, env, run, tmp_path):
    assert apply(run, env).code == 0
    number = issue_of(fake, "alignment-newsletter")["number"]
    fake.rename("tracker-2024")
    removed = copy_of_guide(tmp_path, "id: alignment-newsletter", "id: alignment-newsletter-v2")
    fake.reset_log()
    result = apply(run, env, "--prune", curriculum=removed)
    assert result.code == 0, result.err
    assert "learner/tracker is now learner/tracker-2024" in result.err
    assert fake.issue(number)["state"] == "closed"
    assert all(w.path.startswith("/repos/learner/tracker-2024/") for w in fake.writes)
    fake.reset_log()
    again = apply(run, env, "--prune", curriculum=removed)
    assert again.code == 0 and fake.writes == [], again.err
    assert len(fake.comments[number]) == 1  # the prune comment, once


def test_a_redirect_answering_a_write_is_a_failure_not_a_success(fake, env, run, tmp_path):
    assert apply(run, env).code == 0
    renamed = copy_of_guide(tmp_path, "title: Superintelligence", "title: Superintelligence (2014)")
    fake.fail_next(307, method="PATCH")
    result = apply(run, env, curriculum=renamed)
    assert result.code == 1
    assert "answered 307" in result.err and "renamed or transferred" in result.err
    assert "Done" not in result.out


def test_an_archived_repository_is_named_as_such(fake, env, run, tmp_path):
    assert apply(run, env).code == 0
    fake.archived = True
    renamed = copy_of_guide(tmp_path, "title: Superintelligence", "title: Superintelligence (2014)")
    result = apply(run, env, curriculum=renamed)
    assert result.code == 1
    assert "the repository is archived" in result.err
    assert "lacks permission" not in result.err


# --- GitHub's reasons -----------------------------------------------------------------------


def test_a_422_shows_githubs_own_reason(fake):
    github = GitHub(token=fake.token, api_url=fake.base_url, pacing=Pacing.unpaced())
    too_long = "x" * 300
    change = Change(
        Target.ISSUE, Action.CREATE, too_long, "long", payload={"title": too_long, "body": ""}
    )
    with pytest.raises(GitHubError) as raised:
        github.execute(Plan(fake.full_name, (change,)))
    assert "title is too long (maximum is 256 characters)" in str(raised.value)
    assert fake.issues == []


# --- messages that must be true ---------------------------------------------------------------


def test_an_unwritable_run_summary_is_a_warning_not_the_exit_code(fake, env, run, tmp_path):
    env["GITHUB_STEP_SUMMARY"] = str(tmp_path / "missing" / "summary.md")
    result = apply(run, env)
    assert result.code == 0
    assert "warning: could not write the run summary" in result.err
    fake.read_only = True
    failed = apply(
        run, env, curriculum=copy_of_guide(tmp_path, "title: Superintelligence", "title: S")
    )
    assert failed.code == 1
    assert "issues: write" in failed.err  # the real failure, not the summary's


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--repo", "ghp_" + "A1b2" * 9), "looks like a token"),
        (("--repo", "a" * 40), "looks like a token"),
        (("--api-url", "https://ghp_" + "A1b2" * 9 + "@api.github.com"), "must not hold a user"),
        (("--api-url", "http://api.example.com"), "plain http only to this machine"),
    ],
    ids=["token as repo", "old-style token as repo", "token in api url", "http elsewhere"],
)
def test_a_token_pasted_into_a_flag_is_never_echoed(fake, run, args, words):
    result = run("plan", "--curriculum", GUIDE, *args, env={})
    assert result.code == 2
    assert words in result.err
    assert "A1b2" not in result.err and "a" * 40 not in result.err
    assert fake.log == []


def test_a_token_pasted_as_the_curriculum_path_is_never_echoed(run):
    result = run("validate", "--curriculum", "ghp_" + "A1b2" * 9, env={})
    assert result.code == 2
    assert "A1b2" not in result.err and "no such file" in result.err


def test_plain_http_to_this_machine_is_allowed(run):
    result = run("plan", "--curriculum", GUIDE, "--api-url", "http://127.0.0.1:9", env={})
    assert result.code == 0  # no repository: planned offline, the URL accepted


def test_a_cancelled_run_says_where_it_stopped(fake, env, run):
    fake.before_request(
        lambda: os.kill(os.getpid(), signal.SIGTERM), method="POST", path="/milestones"
    )
    result = apply(run, env)
    assert result.code == 1
    assert result.err.strip().splitlines()[-1].startswith("stopped by a cancel after 21 of ")
    assert "apply continues where it stopped" in result.err
    fake.reset_log()
    assert apply(run, env).code == 0
    assert len(fake.writes) == FIRST_RUN_WRITES - 21


def test_a_damaged_chart_is_drawn_anew(run, tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Me\n<!-- curriculum-sync:readme:begin -->\n<!-- curriculum-sync:readme:end -->\n"
    )
    chart = tmp_path / "progress.svg"
    chart.write_bytes(b"\xff\xfe<svg broken")
    args = ("readme", "--offline", "--readme", str(readme), "--chart", str(chart))
    result = run(*args, "--curriculum", str(ROOT / "curriculum.yaml"))
    assert result.code == 0, result.err
    assert chart.read_text("utf-8").startswith("<svg")


def test_copies_left_by_a_run_that_failed_are_closed_by_the_next(fake, env, run):
    """The run that made copies alongside another run fails before tidying up (GitHub keeps
    answering 500): the next run closes every untouched copy as a duplicate."""
    rival: list[Result] = []

    def rival_runs_then_github_fails() -> None:
        rival.append(apply(run, env))
        fake.fail_after_writes(5)

    fake.before_request(
        rival_runs_then_github_fails, method="POST", path="/repos/learner/tracker/issues"
    )
    first = apply(run, env)
    assert first.code == 1 and rival[0].code == 0
    fake.clear_faults()
    copies = [i for i in fake.issues if len(tracked(fake, _id(i))) > 1 and i["state"] == "open"]
    assert copies, "the failed run made no copy: nothing to show"
    fake.reset_log()
    second = apply(run, env)
    assert second.code == 0, second.err
    for resource_id in resource_ids():
        assert len([i for i in tracked(fake, resource_id) if i["state"] == "open"]) == 1
    assert {w.method for w in fake.writes} == {"PATCH", "POST"}  # closes and their comments


def _id(issue: dict) -> str:
    return (issue["body"] or "").split("id=", 1)[1].split(" ", 1)[0]


def test_readme_with_an_unwritable_chart_leaves_the_readme_alone(run, tmp_path):
    readme = tmp_path / "README.md"
    text = "# Me\n<!-- curriculum-sync:readme:begin -->\n<!-- curriculum-sync:readme:end -->\n"
    readme.write_text(text)
    (tmp_path / "chart").mkdir()
    for chart in (tmp_path / "chart", Path("/proc/no-such-folder/chart.svg")):
        result = run(
            "readme",
            "--offline",
            "--readme",
            str(readme),
            "--chart",
            str(chart),
            "--curriculum",
            GUIDE,
        )
        assert result.code == 2, result.err
        assert len(result.err.strip().splitlines()) == 1 and ".tmp" not in result.err
        assert readme.read_text() == text


def test_import_to_a_path_that_cannot_be_written_names_it(run, tmp_path):
    checklist = tmp_path / "list.md"
    checklist.write_text("# Guide\n\n## Level 1: Start\n\n- [ ] Read a book\n")
    result = run("import", str(checklist), "-o", "/proc/curriculum.yaml")
    assert result.code == 2
    assert result.err.startswith("error: /proc/curriculum.yaml: ") and ".tmp" not in result.err


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_a_pause_that_is_not_a_finite_number_is_refused(fake, run, env, value):
    result = run("apply", "--seconds-between-writes", value, "--curriculum", GUIDE, env=env)
    assert result.code == 2 and "finite" in result.err
    assert fake.log == []


def test_an_old_style_token_pasted_as_a_path_is_never_echoed(run):
    token = "0123456789abcdef0123456789abcdef01234567"
    for args in (("validate", "--curriculum", token), ("import", token)):
        result = run(*args, env={})
        assert result.code == 2
        assert token not in result.err


def test_milestones_follow_a_renamed_repository(fake, env, run):
    assert apply(run, env).code == 0
    level_one = [i for i in fake.issues if "Level 1" in (i["milestone"] or {}).get("title", "")]
    for issue in level_one:
        fake.close_issue(issue["number"])
    fake.rename("tracker-2024")
    fake.reset_log()
    result = run("milestones", "--curriculum", GUIDE, env=env)
    assert result.code == 0, result.err
    assert [w.path.split("/")[3] for w in fake.writes] == ["tracker-2024"]
    assert (
        next(m for m in fake.milestones if m["title"].startswith("Level 1:"))["state"] == "closed"
    )
