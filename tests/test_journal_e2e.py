"""The learning journal end to end, as a new user meets it: apply, finish level 1 (some
resources with a closing comment), an outsider comments too; the workflow's commands
`milestones` and `readme` then show notes, pace, the completed level and the badge."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sync.curriculum import load_curriculum
from tests.support import ROOT, issue_of

OUTSIDER_TEXT = "Buy my course at scam.example"
# The last three of level 1 (so all three are among the five recently finished).
NOTES = {
    10: "Loved chapter 3. Wrote up [my summary](https://blog.example/summary) too.",
    11: "**Reflection**: the *orthogonality* thesis finally clicked <img src=x>",
    12: "Done, see https://gist.example/abc for my exercises.",
}


@pytest.fixture
def tracker(tmp_path, monkeypatch, fake, env, run):
    shutil.copy(ROOT / "curriculum.yaml", tmp_path / "curriculum.yaml")
    (tmp_path / "README.md").write_text(
        "# My journal\n\n<!-- curriculum-sync:readme:begin -->\n"
        "<!-- curriculum-sync:readme:end -->\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert run("apply", env=env).code == 0
    return tmp_path


def level_one() -> list[str]:
    curriculum = load_curriculum(ROOT / "curriculum.yaml")
    return [r.id for s in curriculum.levels[0].sections if not s.optional for r in s.resources]


def finish_level_one(fake) -> dict[int, dict]:
    """One resource a day from 2 to 14 March 2026; the last three closed with a comment."""
    comments = {}
    for index, resource_id in enumerate(level_one()):
        number = issue_of(fake, resource_id)["number"]
        fake.close_issue(number, closed_at=datetime(2026, 3, 2 + index, 18, tzinfo=UTC))
        if index in NOTES:
            comments[number] = fake.add_comment(number, NOTES[index])
    return comments


def outputs(tracker: Path) -> str:
    return "".join(
        (tracker / name).read_text("utf-8")
        for name in ("README.md", "assets/progress.svg", "assets/badge.svg")
    )


def test_a_finished_level_with_notes_as_a_new_user_sees_it(tracker, fake, env, run):
    comments = finish_level_one(fake)
    noted = sorted(comments)
    # An outsider comments last on a noted issue and on another one: never a note.
    fake.add_comment(noted[0], OUTSIDER_TEXT, login="stranger", author_association="NONE")
    other = issue_of(fake, level_one()[5])["number"]
    fake.add_comment(other, OUTSIDER_TEXT, login="stranger", author_association="CONTRIBUTOR")

    fake.reset_log()
    result = run("milestones", env=env)
    assert result.code == 0, result.err
    assert "closed milestone #1 'Level 1: AI Safety Fundamentals' (Completed on 2026-03-14.)" in (
        result.out
    )
    milestone = fake.milestone(1)
    assert milestone["state"] == "closed"
    assert milestone["description"].endswith("\n\nCompleted on 2026-03-14.")
    assert [m["state"] for m in fake.milestones[1:]] == ["open"] * 4
    assert [(c.method, c.path) for c in fake.writes] == [
        ("PATCH", "/repos/learner/tracker/milestones/1")
    ]

    fake.reset_log()
    result = run("readme", env=env)
    assert result.code == 0, result.err
    # ⌈67 issues/100⌉ + ⌈6 comments/100⌉ + the milestones: three reads, no write.
    assert [c.path for c in fake.log] == [
        "/repos/learner/tracker/issues",
        "/repos/learner/tracker/milestones",
        "/repos/learner/tracker/issues/comments",
    ]
    readme = (tracker / "README.md").read_text("utf-8")

    # Three checklist lines link to their notes; no other line has a note.
    for number, comment in comments.items():
        (line,) = [
            ln for ln in readme.splitlines() if ln.startswith("- [") and f"/issues/{number})" in ln
        ]
        assert f" · [note]({comment['html_url']})" in line
    assert readme.count("· [note](") == 3
    # The outsider's words are nowhere: not in the README, the chart or the badge.
    assert "scam.example" not in outputs(tracker) and "Buy my course" not in outputs(tracker)

    # The recent list shows each note's first line as plain text, http(s) links kept.
    assert "[my summary](https://blog.example/summary)" in readme
    assert "Reflection: the orthogonality thesis finally clicked" in readme
    assert "<img" not in readme
    assert "[https://gist.example/abc](https://gist.example/abc)" in readme

    # Level 1 completed on its last close; the event heads the recent list.
    assert "| 13 | 0 | 13 | ██████████ 100% | — | 2026-03-14 |" in readme
    recent = readme.split("**Recently finished**:")[1].split("![")[0].strip().splitlines()
    assert recent[0] == "- 2026-03-14: **Level 1 complete**"

    # 13 done over two weeks (8 to 14 and 2 to 7 March): 6.5 a week. Level 2's 17 take 19 days
    # from 14 March; the 51 left in the guide take 55.
    assert "**Pace**: 6.5 a week over the last 2 weeks with something finished" in readme
    assert "Level 2: Machine Learning Fundamentals by 2026-04-02" in readme
    assert "the whole guide by 2026-05-08" in readme

    badge = (tracker / "assets" / "badge.svg").read_text("utf-8")
    assert "level 2 · 20%" in badge
    assert (
        'aria-label="Levelling Up in AI Safety Research Engineering: level 2 of 5, 20% done"'
        in (badge)
    )
    assert (
        "[![Levelling Up in AI Safety Research Engineering: progress]"
        "(https://raw.githubusercontent.com/learner/tracker/HEAD/assets/badge.svg)]"
        "(https://github.com/learner/tracker)" in readme
    )

    # A second run changes nothing, and neither does the milestones command.
    before = outputs(tracker)
    fake.reset_log()
    again = run("readme", env=env)
    assert again.code == 0 and "nothing written" in again.out
    assert outputs(tracker) == before
    assert run("milestones", env=env).code == 0
    assert fake.writes == []


def test_editing_or_deleting_the_note_changes_the_readme(tracker, fake, env, run):
    comments = finish_level_one(fake)
    number, comment = next(iter(comments.items()))
    assert run("readme", env=env).code == 0
    fake.edit_comment(comment["id"], "Rewritten: a better summary")
    assert run("readme", env=env).code == 0
    readme = (tracker / "README.md").read_text("utf-8")
    assert "Rewritten: a better summary" in readme and "Loved chapter 3" not in readme
    fake.delete_comment(comment["id"])
    assert run("readme", env=env).code == 0
    readme = (tracker / "README.md").read_text("utf-8")
    assert "Rewritten" not in readme
    (line,) = [
        ln for ln in readme.splitlines() if ln.startswith("- [") and f"/issues/{number})" in ln
    ]
    assert "[note]" not in line


def test_no_comment_no_comment_request(tracker, fake, env, run):
    """Comments on open issues are no notes: with none on a closed issue, none is read."""
    number = issue_of(fake, level_one()[0])["number"]
    fake.add_comment(number, "starting this one")
    fake.close_issue(issue_of(fake, level_one()[1])["number"])
    fake.reset_log()
    assert run("readme", env=env).code == 0
    assert [c.path for c in fake.log] == [
        "/repos/learner/tracker/issues",
        "/repos/learner/tracker/milestones",
    ]


def test_reopening_reopens_and_a_persons_choice_stands(tracker, fake, env, run):
    finish_level_one(fake)
    assert run("milestones", env=env).code == 0
    assert fake.milestone(1)["state"] == "closed"

    # The learner reopens the milestone by hand: the next run leaves it open.
    fake.milestone(1)["state"] = "open"
    fake.reset_log()
    assert run("milestones", env=env).code == 0
    assert fake.writes == [] and fake.milestone(1)["state"] == "open"

    # A resource of the level is reopened: the level's state changed, the record goes.
    last = issue_of(fake, level_one()[-1])["number"]
    fake.reopen_issue(last)
    fake.milestone(1)["state"] = "closed"  # and, meanwhile, closed by hand again
    assert run("milestones", env=env).code == 0
    assert fake.milestone(1)["state"] == "open"
    assert "Completed on" not in fake.milestone(1)["description"]

    # Closed by hand while the level is unfinished: left closed.
    fake.milestone(1)["state"] = "closed"
    fake.reset_log()
    assert run("milestones", env=env).code == 0
    assert fake.writes == []

    # The level completes again on another day: closed, with the new date.
    fake.close_issue(last, closed_at=datetime(2026, 3, 20, 9, tzinfo=UTC))
    assert run("milestones", env=env).code == 0
    assert fake.milestone(1)["description"].endswith("Completed on 2026-03-20.")
    # And apply keeps the record when it has nothing else to correct.
    fake.reset_log()
    assert run("apply", env=env).code == 0
    assert fake.writes == []


def test_a_milestone_the_tool_did_not_make_is_never_touched(tracker, fake, env, run):
    own = fake.add_milestone("Level 1: my own exam prep", description="flashcards")
    finish_level_one(fake)
    assert run("milestones", env=env).code == 0
    assert own["state"] == "open" and own["description"] == "flashcards"


def test_milestones_dry_run_writes_nothing(tracker, fake, env, run):
    finish_level_one(fake)
    fake.reset_log()
    result = run("milestones", "--dry-run", env=env)
    assert result.code == 0, result.err
    assert "would have closed milestone #1" in result.out
    assert fake.writes == []


def test_the_badge_goes_beside_the_chart_unless_told(tmp_path, monkeypatch, run):
    work, elsewhere = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    (elsewhere / "img").mkdir(parents=True)
    shutil.copy(ROOT / "curriculum.yaml", work / "curriculum.yaml")
    readme = elsewhere / "README.md"
    readme.write_text(
        "<!-- curriculum-sync:readme:begin -->\n<!-- curriculum-sync:readme:end -->\n"
    )
    monkeypatch.chdir(work)
    chart = elsewhere / "img" / "chart.svg"
    args = ("readme", "--offline", "--readme", str(readme), "--chart", str(chart))
    assert run(*args).code == 0
    assert (elsewhere / "img" / "badge.svg").is_file()
    assert not (work / "assets").exists()
    assert "](img/badge.svg)" in readme.read_text("utf-8")
    assert run(*args, "--badge", str(elsewhere / "b.svg")).code == 0
    assert "](b.svg)" in readme.read_text("utf-8")


def test_the_shared_badge_link_points_from_the_repository_root(tracker, env, run):
    """A README kept in a folder links its images relatively, but the link to share on a
    profile is absolute, from the repository's root."""
    (tracker / "docs").mkdir()
    (tracker / "README.md").rename(tracker / "docs" / "README.md")
    result = run("readme", "--readme", "docs/README.md", env=env)
    assert result.code == 0, result.err
    readme = (tracker / "docs" / "README.md").read_text("utf-8")
    assert "](../assets/badge.svg)" in readme
    assert "(https://raw.githubusercontent.com/learner/tracker/HEAD/assets/badge.svg)" in readme


def test_a_journal_readme_with_notes_and_progress_imports_back_to_its_curriculum(
    tracker, fake, env, run
):
    from sync.importer import import_checklist

    finish_level_one(fake)
    assert run("readme", env=env).code == 0
    readme = (tracker / "README.md").read_text("utf-8")
    assert "· [note](" in readme and "- [x] " in readme
    back = import_checklist(readme, source="README.md").curriculum
    curated = load_curriculum(ROOT / "curriculum.yaml")

    def words(curriculum) -> list:
        return [(p.resource.id, p.resource.title, p.resource.note) for p in curriculum.placements()]

    assert words(back) == words(curated)
    assert sum(p.resource.done for p in back.placements()) == len(level_one())
