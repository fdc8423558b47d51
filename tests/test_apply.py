"""plan and apply end to end, through PyGithub, against the stateful fake GitHub."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.fake_github import FakeGitHub
from tests.support import (
    FIRST_RUN_WRITES,
    GUIDE,
    LABELS,
    LEVELS,
    RESOURCES,
    apply,
    copy_of_guide,
    issue_of,
)


def guide_marking_superintelligence_done(tmp_path: Path) -> str:
    return copy_of_guide(
        tmp_path,
        "          - id: bostrom-superintelligence\n",
        "          - id: bostrom-superintelligence\n            done: true\n",
    )


def test_first_apply_creates_everything_with_one_write_each(fake, env, run):
    result = apply(run, env)
    assert result.code == 0, result.err
    assert len(fake.labels) == LABELS
    assert fake.milestones[0]["title"] == "Level 1: AI Safety Fundamentals"
    assert len(fake.milestones) == LEVELS
    assert len(fake.issues) == RESOURCES
    assert len(fake.writes) == FIRST_RUN_WRITES
    assert {w.method for w in fake.writes} == {"POST"}
    book = issue_of(fake, "bostrom-superintelligence")
    assert book["title"] == "Superintelligence"
    assert {label["name"] for label in book["labels"]} == {"level: 1", "kind: book"}
    assert book["milestone"]["title"] == "Level 1: AI Safety Fundamentals"
    assert "by Nick Bostrom" in book["body"]
    assert "close this issue as *completed*" in book["body"]
    optional = issue_of(fake, "subfield-nlp")
    assert "optional" in {label["name"] for label in optional["labels"]}
    assert "Done: labels: 21 created, 0 unchanged" in result.out


def test_second_apply_writes_nothing_within_the_request_budget(fake, env, run):
    apply(run, env)
    fake.reset_log()
    result = apply(run, env)
    assert result.code == 0, result.err
    assert fake.writes == []
    assert len(fake.log) <= math.ceil(RESOURCES / 100) + 4
    assert "nothing written" in result.out


def test_plan_never_writes_and_matches_what_apply_does(fake, env, run):
    result = run("plan", "--curriculum", GUIDE, "--json", env=env)
    assert result.code == 0, result.err
    assert fake.writes == []
    planned = json.loads(result.out)
    assert planned["write_requests"] == FIRST_RUN_WRITES
    apply(run, env)
    assert len(fake.writes) == planned["write_requests"]


def test_plan_without_a_repository_runs_offline(fake, run):
    result = run("plan", "--curriculum", GUIDE, env={})
    assert result.code == 0, result.err
    assert fake.log == []
    assert "67 to create" in result.out


def test_a_renamed_resource_updates_its_issue(fake, env, run, tmp_path):
    apply(run, env)
    renamed = copy_of_guide(tmp_path, "title: Superintelligence", "title: Superintelligence (2014)")
    fake.reset_log()
    assert apply(run, env, curriculum=renamed).code == 0
    assert [(w.method, w.path) for w in fake.writes] == [
        (
            "PATCH",
            f"/repos/{fake.full_name}/issues/{issue_of(fake, 'bostrom-superintelligence')['number']}",
        )
    ]
    assert issue_of(fake, "bostrom-superintelligence")["title"] == "Superintelligence (2014)"
    assert len(fake.issues) == RESOURCES


def test_everything_a_person_changed_survives(fake, env, run, tmp_path):
    apply(run, env)
    number = issue_of(fake, "python-programming")["number"]
    issue = fake.issue(number)
    ticked = issue["body"].replace("- [ ] [www.learnpython.org]", "- [x] [www.learnpython.org]")
    # Edited in the browser: GitHub stores what the browser sends, CRLF line endings.
    body = ("My notes: start with this one.\n\n" + ticked + "\n\nFinished chapter 3.").replace(
        "\n", "\r\n"
    )
    fake.edit_issue(
        number, body=body, labels=["level: 2", "kind: course", "favourite"], assignees=["learner"]
    )
    fake.close_issue(number, reason="completed")
    fake.reset_log()
    assert apply(run, env).code == 0
    assert fake.writes == []

    # A curriculum change rewrites only the block; the person's text, tick, label,
    # assignee and closed state stay.
    edited = copy_of_guide(tmp_path, "title: Python Programming", "title: Python programming")
    assert apply(run, env, curriculum=edited).code == 0
    after = fake.issue(number)
    assert after["title"] == "Python programming"
    assert after["body"].startswith("My notes: start with this one.\r\n")
    assert after["body"].endswith("Finished chapter 3.")
    assert "- [x] [www.learnpython.org]" in after["body"]
    assert {label["name"] for label in after["labels"]} == {"level: 2", "kind: course", "favourite"}
    assert [a["login"] for a in after["assignees"]] == ["learner"]
    assert after["state"] == "closed"


def test_removed_resources_are_reported_then_closed_with_prune(fake, env, run, tmp_path):
    apply(run, env)
    number = issue_of(fake, "alignment-newsletter")["number"]
    removed = copy_of_guide(
        tmp_path,
        "      - id: alignment-newsletter\n",
        "      - id: alignment-newsletter-2\n",
    )
    fake.reset_log()
    result = apply(run, env, curriculum=removed)
    assert result.code == 0
    assert f"#{number} tracks 'alignment-newsletter'" in result.err
    assert fake.issue(number)["state"] == "open"
    assert len([w for w in fake.writes if w.method == "POST"]) == 1  # the new id's issue

    fake.reset_log()
    assert apply(run, env, "--prune", curriculum=removed).code == 0
    closed = fake.issue(number)
    assert (closed["state"], closed["state_reason"]) == ("closed", "not_planned")
    assert len(fake.comments[number]) == 1
    assert len(fake.writes) == 2
    fake.reset_log()
    assert apply(run, env, "--prune", curriculum=removed).code == 0
    assert fake.writes == []


def test_a_forged_issue_changes_nothing(fake, env, run):
    apply(run, env)
    original = issue_of(fake, "bostrom-superintelligence")
    forged = fake.add_issue(
        "Superintelligence",
        body=original["body"].replace("Nick Bostrom", "spam"),
        login="stranger",
        author_association="NONE",
    )
    fake.reset_log()
    result = apply(run, env, "--prune")
    assert result.code == 0
    assert fake.writes == []
    assert f"ignored issue #{forged['number']}" in result.err
    assert fake.issue(forged["number"])["body"] == forged["body"]


def test_two_trusted_issues_with_one_marker_keep_the_oldest(fake, env, run):
    apply(run, env)
    original = issue_of(fake, "bostrom-superintelligence")
    copy = fake.add_issue("Superintelligence (copy)", body=original["body"])
    fake.reset_log()
    result = run("plan", "--curriculum", GUIDE, env=env)
    assert f"#{original['number']}, the oldest, is kept" in result.out
    assert apply(run, env).code == 0
    assert fake.writes == []
    assert fake.issue(copy["number"])["title"] == "Superintelligence (copy)"


def test_pull_requests_in_the_issue_list_are_never_touched(fake, env, run):
    apply(run, env)
    pr = fake.add_pull_request("Fix typo", body=issue_of(fake, "alignment-newsletter")["body"])
    fake.reset_log()
    assert apply(run, env, "--prune").code == 0
    assert fake.writes == []
    assert not [c for c in fake.log if str(pr["number"]) in c.path]


def test_a_create_github_applied_but_answered_502_leaves_one_issue(fake, env, run):
    fake.fail_next(502, method="POST", path="/issues", apply_first=True)
    result = apply(run, env)
    assert result.code == 0, result.err
    assert len(fake.issues) == RESOURCES
    assert len({i["body"] for i in fake.issues}) == RESOURCES


@pytest.mark.parametrize("applied", [True, False], ids=["applied", "not applied"])
@pytest.mark.parametrize("path", ["/labels", "/milestones", "/issues"])
def test_a_create_answered_502_leaves_exactly_one_of_each(fake, env, run, path, applied):
    fake.fail_next(502, method="POST", path=path, apply_first=applied)
    assert apply(run, env).code == 0
    assert len(fake.labels) == LABELS
    # Made by apply, not auto-created by GitHub for an issue (those have no description).
    assert all(label["description"] for label in fake.labels)
    assert len(fake.milestones) == LEVELS
    assert len(fake.issues) == RESOURCES
    assert len({i["body"] for i in fake.issues}) == RESOURCES


def test_secondary_rate_limits_are_waited_out(fake, env, run, unpaced):
    fake.secondary_rate_limit(status=403, retry_after=61, method="POST", path="/issues")
    fake.secondary_rate_limit(status=429, retry_after=7, method="POST", path="/issues")
    result = apply(run, env)
    assert result.code == 0, result.err
    assert len(fake.issues) == RESOURCES
    assert unpaced == [61.0, 7.0]


def test_rate_limited_edits_are_retried(fake, env, run, tmp_path, unpaced):
    apply(run, env)
    renamed = copy_of_guide(tmp_path, "title: Superintelligence", "title: Superintelligence!")
    fake.secondary_rate_limit(status=429, retry_after=30, method="PATCH")
    fake.fail_next(502, method="PATCH")
    assert apply(run, env, curriculum=renamed).code == 0
    assert issue_of(fake, "bostrom-superintelligence")["title"] == "Superintelligence!"
    assert unpaced[0] == 30.0


def test_transient_5xx_on_reads_are_retried(fake, env, run):
    fake.fail_next(502, method="GET", path="/issues", times=2)
    assert apply(run, env).code == 0
    assert len(fake.issues) == RESOURCES


def test_the_hourly_limit_stops_with_how_long_to_wait(fake, env, run):
    apply(run, env)
    fake.primary_rate_limit_exhausted(reset_in=1800)
    result = apply(run, env)
    assert result.code == 1
    assert "rate limit" in result.err
    assert "30 minutes" in result.err or "31 minutes" in result.err
    assert "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_long_secondary_wait_stops_and_says_when_to_resume(fake, env, run):
    fake.secondary_rate_limit(status=403, retry_after=3600, method="POST", path="/issues")
    result = apply(run, env)
    assert result.code == 1
    assert "wait 60 minutes" in result.err
    assert "continues where it stopped" in result.err


def test_an_interrupted_apply_resumes_without_duplicates(fake, env, run):
    fake.fail_after_writes(40)
    first = apply(run, env)
    assert first.code == 1
    assert "Traceback" not in first.err
    assert 0 < len(fake.issues) < RESOURCES
    fake.clear_faults()
    second = apply(run, env)
    assert second.code == 0, second.err
    assert len(fake.issues) == RESOURCES
    assert len({i["body"] for i in fake.issues}) == RESOURCES
    assert len(fake.labels) == LABELS and len(fake.milestones) == LEVELS


def test_the_hourly_budget_is_respected_and_the_next_run_continues(fake, env, run):
    first = apply(run, env, max_creates=50)
    assert first.code == 1
    assert "stopped after 50 new items" in first.err
    assert len(fake.writes) == 50
    second = apply(run, env)
    assert second.code == 0, second.err
    assert len(fake.issues) == RESOURCES
    assert len(fake.writes) == FIRST_RUN_WRITES


def test_more_than_250_resources_page_through_the_issue_list(fake, env, run, tmp_path):
    lines = ["title: Big", "levels:"]
    for level in range(1, 4):
        lines += [
            f"  - number: {level}",
            f"    title: Level {level}",
            "    sections:",
            "      - title: All",
            "        resources:",
        ]
        lines += [
            f"          - {{id: r-{level}-{i}, title: Resource {level}.{i}}}" for i in range(90)
        ]
    big = tmp_path / "big.yaml"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert apply(run, env, curriculum=str(big)).code == 0
    assert len(fake.issues) == 270
    fake.reset_log()
    assert apply(run, env, curriculum=str(big)).code == 0
    assert fake.writes == []
    issue_pages = [c for c in fake.log if c.path.endswith("/issues")]
    assert len(issue_pages) == 3
    assert all(c.query.get("per_page") == "100" for c in issue_pages)
    assert len(fake.log) == 3 + 3  # the repository, labels, milestones, three pages


def test_labels_a_person_named_like_ours_survive(fake, env, run):
    apply(run, env)
    number = issue_of(fake, "bostrom-superintelligence")["number"]
    fake.edit_issue(number, labels=["level: 1", "kind: book", "kind: bug", "level: hard"])
    fake.reset_log()
    assert apply(run, env).code == 0
    assert fake.writes == []


def test_a_done_resource_whose_close_was_interrupted_is_closed_next_run(fake, env, run, tmp_path):
    done = guide_marking_superintelligence_done(tmp_path)
    fake.secondary_rate_limit(status=403, retry_after=3600, method="PATCH")
    first = apply(run, env, curriculum=done)
    assert first.code == 1 and "continues where it stopped" in first.err
    assert issue_of(fake, "bostrom-superintelligence")["state"] == "open"
    assert apply(run, env, curriculum=done).code == 0
    book = issue_of(fake, "bostrom-superintelligence")
    assert (book["state"], book["state_reason"]) == ("closed", "completed")
    # A person reopening it is the last word.
    fake.reopen_issue(book["number"])
    fake.reset_log()
    assert apply(run, env, curriculum=done).code == 0
    assert fake.writes == []


def test_done_resources_are_created_closed(fake, env, run, tmp_path):
    done = guide_marking_superintelligence_done(tmp_path)
    assert apply(run, env, curriculum=done).code == 0
    book = issue_of(fake, "bostrom-superintelligence")
    assert (book["state"], book["state_reason"]) == ("closed", "completed")
    assert len(fake.writes) == FIRST_RUN_WRITES + 1


def test_an_invalid_curriculum_makes_no_request(fake, env, run, tmp_path):
    broken = copy_of_guide(tmp_path, "kind: book", "kind: bok")
    for command in ("plan", "apply", "readme", "status"):
        result = run(command, "--curriculum", broken, env=env)
        assert result.code == 2
        assert f"{broken}:" in result.err and "unknown kind 'bok'" in result.err
    assert fake.log == []


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda f, e: e.update(GITHUB_TOKEN="ghp_wrong_secret_value"), "401 Bad credentials"),
        (
            lambda f, e: e.update(GITHUB_REPOSITORY="learner/missing"),
            "check that 'learner/missing' is right",
        ),
        (lambda f, e: setattr(f, "read_only", True), "issues: write"),
    ],
    ids=["bad token", "missing repository", "read-only token"],
)
def test_failures_are_one_clear_line_without_the_token(fake, env, run, setup, expected):
    setup(fake, env)
    result = apply(run, env)
    assert result.code == 1
    assert expected in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err
    assert env["GITHUB_TOKEN"] not in result.out + result.err


def test_the_token_never_appears_in_any_output(fake, env, run):
    env["GITHUB_TOKEN"] = fake.token = "ghp_S3CRET_never_print_me"
    outputs = []
    for args in (("plan",), ("plan", "--json"), ("apply",), ("apply", "--debug")):
        result = run(*args, "--curriculum", GUIDE, env=env)
        outputs += [result.out, result.err]
    fake.read_only = True
    result = run(
        "apply",
        "--debug",
        "--curriculum",
        GUIDE,
        env={**env, "GITHUB_TOKEN": "ghp_S3CRET_never_print_me"},
    )
    outputs += [result.out, result.err]
    assert not [o for o in outputs if "S3CRET" in o]


def test_apply_needs_a_repository_and_a_token(fake, run):
    assert run("apply", "--curriculum", GUIDE, env={"GITHUB_TOKEN": "x"}).code == 2
    result = run("apply", "--curriculum", GUIDE, env={"GITHUB_REPOSITORY": fake.full_name})
    assert result.code == 2
    assert "GITHUB_TOKEN" in result.err
    assert fake.log == []


def test_gh_token_and_flags_override_the_environment(fake, run):
    env = {"GITHUB_REPOSITORY": "someone/else", "GH_TOKEN": fake.token}
    result = run(
        "apply",
        "--curriculum",
        GUIDE,
        "--repo",
        fake.full_name,
        "--api-url",
        fake.base_url,
        env=env,
    )
    assert result.code == 0, result.err
    assert len(fake.issues) == RESOURCES


def test_github_enterprise_server_api_url(run):
    import responses

    ghe = FakeGitHub(base_url="https://ghe.example.com/api/v3")
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        ghe.install(rsps)
        env = {
            "GITHUB_REPOSITORY": ghe.full_name,
            "GITHUB_API_URL": ghe.base_url,
            "GITHUB_TOKEN": ghe.token,
        }
        assert apply(run, env).code == 0
    assert len(ghe.issues) == RESOURCES


def test_the_actions_run_page_gets_a_summary(fake, env, run, tmp_path):
    summary = tmp_path / "summary.md"
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    apply(run, env)
    text = summary.read_text("utf-8")
    assert "| create issue | Superintelligence |" in text
    assert "### Applied changes" in text


def test_issues_opened_by_the_actions_bot_are_tracked(fake, env, run):
    fake.act_as_actions_bot()
    assert apply(run, env).code == 0
    assert {i["user"]["login"] for i in fake.issues} == {"github-actions[bot]"}
    fake.reset_log()
    assert apply(run, env).code == 0
    assert fake.writes == []


def test_drifted_labels_and_milestones_are_put_back_through_their_own_endpoints(
    fake, env, run, tmp_path
):
    """A label recoloured and a milestone retitled by hand come back; a due date lands on
    the day written in the curriculum, not the day before (GitHub floors due dates to
    midnight US-Pacific)."""
    due = copy_of_guide(
        tmp_path,
        "    title: AI Safety Fundamentals\n",
        "    title: AI Safety Fundamentals\n    due: 2027-01-31\n",
    )
    assert apply(run, env, curriculum=due).code == 0
    level_one = next(m for m in fake.milestones if m["title"].startswith("Level 1:"))
    assert level_one["due_on"].startswith("2027-01-31")
    fake.label("level: 1")["color"] = "000000"
    # Retitled by hand (its description, and the level's marker in it, kept); another's
    # description rewritten under the level's own title.
    level_one["title"] = "Level 1: renamed by hand"
    level_two = next(m for m in fake.milestones if m["title"].startswith("Level 2:"))
    level_two["description"] = "my words"
    fake.reset_log()
    moved = copy_of_guide(
        tmp_path,
        "    title: AI Safety Fundamentals\n",
        "    title: AI Safety Fundamentals\n    due: 2027-02-28\n",
    )
    assert apply(run, env, curriculum=moved).code == 0
    assert sorted((w.method, w.path.rsplit("/", 2)[-2]) for w in fake.writes) == [
        ("PATCH", "labels"),
        ("PATCH", "milestones"),
        ("PATCH", "milestones"),
    ]
    assert fake.label("level: 1")["color"] == "0e8a16"
    level_one = fake.milestone(level_one["number"])
    assert level_one["title"] == "Level 1: AI Safety Fundamentals"
    assert level_one["due_on"].startswith("2027-02-28")
    assert "my words" not in (fake.milestone(level_two["number"])["description"] or "")
    fake.reset_log()
    assert apply(run, env, curriculum=moved).code == 0
    assert fake.writes == []
