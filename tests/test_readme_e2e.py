"""readme and status end to end: apply, close issues on the fake GitHub, regenerate the README."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import ROOT
from tests.test_apply import issue_of

OUTSIDE_BEFORE = "# My tracker\r\n\r\nMy own words, kept byte for byte.\r\n\r\n"
OUTSIDE_AFTER = "\r\n\r\nMore of my words, no newline at the end"


@pytest.fixture
def tracker(tmp_path, monkeypatch, fake, env, run):
    """A learner's checkout after the first sync."""
    shutil.copy(ROOT / "curriculum.yaml", tmp_path / "curriculum.yaml")
    (tmp_path / "README.md").write_bytes(
        (
            OUTSIDE_BEFORE
            + "<!-- curriculum-sync:readme:begin -->\r\n<!-- curriculum-sync:readme:end -->"
            + OUTSIDE_AFTER
        ).encode("utf-8")
    )
    monkeypatch.chdir(tmp_path)
    assert run("apply", env=env).code == 0
    return tmp_path


def close(fake, resource_id: str, reason: str, day: int) -> int:
    number = issue_of(fake, resource_id)["number"]
    fake.close_issue(number, reason=reason, closed_at=datetime(2026, 3, day, 9, tzinfo=UTC))
    return number


def test_closed_issues_tick_the_readme(tracker: Path, fake, env, run):
    done = [
        close(fake, "bostrom-superintelligence", "completed", 2),
        close(fake, "russell-human-compatible", "completed", 3),
        close(fake, "alignment-newsletter", "completed", 5),
    ]
    skipped = close(fake, "ai-alignment-forum", "not_planned", 4)
    fake.edit_issue(
        issue_of(fake, "ngo-agi-safety-from-first-principles")["number"],
        labels=["level: 1", "kind: article", "in progress"],
    )
    fake.reset_log()

    result = run("readme", env=env)
    assert result.code == 0, result.err
    # One listing of the issues, one of the milestones: nothing per issue.
    assert [c.method for c in fake.log] == ["GET", "GET"]

    text = (tracker / "README.md").read_bytes().decode("utf-8")
    assert text.startswith(OUTSIDE_BEFORE)
    assert text.endswith(OUTSIDE_AFTER)
    region = text[len(OUTSIDE_BEFORE) : -len(OUTSIDE_AFTER)]
    assert "**3 of 63 resources done (4%)**" in region  # the skipped one leaves the total
    assert (
        "| [Level 1: AI Safety Fundamentals](https://github.com/learner/tracker/milestone/1) | 3 | 1 | 13 |"
        in region
    )
    for number in done:
        assert f"/issues/{number})" in region
    lines = region.split("\r\n")
    ticked = [line for line in lines if line.startswith("- [x]")]
    assert len(ticked) == 3
    assert any("Superintelligence" in line for line in ticked)
    (skip_line,) = [
        line for line in lines if f"/issues/{skipped})" in line and line.startswith("- [")
    ]
    assert "~~" in skip_line
    assert any(
        "in progress" in line and "AGI safety from first principles" in line for line in lines
    )
    assert "as of 2026-03-05" in region

    svg = ET.fromstring((tracker / "assets" / "progress.svg").read_text("utf-8"))
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    bars = svg.findall(".//{http://www.w3.org/2000/svg}g[@class='level-bar']")
    assert len(bars) == 5
    assert "3/12" in "".join(bars[0].itertext())

    # Nothing changed on GitHub: the second run writes nothing, and --check agrees.
    before = (
        (tracker / "README.md").stat().st_mtime_ns,
        (tracker / "assets" / "progress.svg").stat().st_mtime_ns,
    )
    again = run("readme", env=env)
    assert again.code == 0 and "nothing written" in again.out
    after = (
        (tracker / "README.md").stat().st_mtime_ns,
        (tracker / "assets" / "progress.svg").stat().st_mtime_ns,
    )
    assert before == after
    assert run("readme", "--check", env=env).code == 0

    # Another close makes the README stale: --check says so and writes nothing.
    close(fake, "80000-hours-ai-safety-career-profile", "completed", 6)
    stale = run("readme", "--check", env=env)
    assert stale.code == 1
    assert "README.md is out of date" in stale.err
    assert (tracker / "README.md").read_bytes().decode("utf-8") == text


def test_status_shows_the_same_numbers(tracker: Path, fake, env, run):
    close(fake, "bostrom-superintelligence", "completed", 2)
    close(fake, "ai-alignment-forum", "not_planned", 4)
    result = run("status", "--json", env=env)
    assert result.code == 0, result.err
    data = json.loads(result.out)
    level1 = data["levels"][0]
    assert (level1["done"], level1["skipped"], level1["total"]) == (1, 1, 13)
    assert level1["percent"] == 8
    table = run("status", env=env)
    level_line = next(line for line in table.out.splitlines() if line.startswith("Level 1:"))
    assert level_line.split()[-7:-3] == ["1", "1", "0", "13"]


def test_a_forged_issue_ticks_nothing(tracker: Path, fake, env, run):
    body = issue_of(fake, "bostrom-superintelligence")["body"]
    forged = fake.add_issue(
        "Superintelligence", body=body, login="stranger", author_association="NONE"
    )
    fake.close_issue(forged["number"], reason="completed")
    assert run("readme", env=env).code == 0
    text = (tracker / "README.md").read_text("utf-8")
    assert not [line for line in text.splitlines() if line.startswith("- [x]")]
    assert f"/issues/{forged['number']})" not in text


@pytest.mark.parametrize(
    ("readme", "message"),
    [
        ("# no markers\n", "no generated region"),
        ("<!-- curriculum-sync:readme:begin -->\n", "curriculum-sync:readme:end"),
        ("<!-- curriculum-sync:readme:end -->\n<!-- curriculum-sync:readme:begin -->\n", "before"),
    ],
    ids=["missing", "no end", "out of order"],
)
def test_bad_markers_exit_2_and_touch_nothing(tmp_path, monkeypatch, run, readme, message):
    shutil.copy(ROOT / "curriculum.yaml", tmp_path / "curriculum.yaml")
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("readme", "--offline", env={})
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert (tmp_path / "README.md").read_text("utf-8") == readme
    assert not (tmp_path / "assets").exists()


def test_readme_without_a_repository_asks_for_one_or_offline(tmp_path, monkeypatch, run):
    shutil.copy(ROOT / "curriculum.yaml", tmp_path / "curriculum.yaml")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    monkeypatch.chdir(tmp_path)
    result = run("readme", env={})
    assert result.code == 2
    assert "--offline" in result.err


@pytest.mark.parametrize("status", [403, 429])
def test_a_read_asked_to_wait_an_hour_stops_and_says_so(tracker, fake, env, run, status):
    fake.secondary_rate_limit(status=status, retry_after=3600, method="GET", path="/issues")
    result = run("status", env=env)
    assert result.code == 1
    assert "wait 60 minutes" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_a_read_asked_to_wait_briefly_is_retried(tracker, fake, env, run):
    fake.secondary_rate_limit(status=429, retry_after=5, method="GET", path="/issues")
    assert run("status", env=env).code == 0


def test_a_wrong_repository_says_what_to_check(tracker, fake, env, run):
    result = run("readme", env={**env, "GITHUB_REPOSITORY": "learner/nope"})
    assert result.code == 1
    assert "check that 'learner/nope' is right" in result.err


def guide_with_markdown_notes(tmp_path: Path) -> None:
    """The guide, with a note that leaves a code fence open and a resource note that quotes
    the README's end marker."""
    text = (ROOT / "curriculum.yaml").read_text("utf-8")
    note = "  - title: Progress Tracking\n    text: >-\n"
    assert note in text
    text = text.replace(
        note,
        "  - title: Progress Tracking\n    text: |-\n      Run this:\n      ```sh\n"
        "      python -m sync readme\n    unused: >-\n",
        1,
    ).replace("    unused: >-\n", "  - title: Was progress tracking\n    text: >-\n", 1)
    resource = "          - id: bostrom-superintelligence\n"
    assert resource in text
    text = text.replace(
        resource,
        f"{resource}            note: ends with <!-- curriculum-sync:readme:end -->\n",
        1,
    )
    (tmp_path / "curriculum.yaml").write_text(text, encoding="utf-8")


def test_a_note_with_an_open_fence_never_hides_the_end_marker(tmp_path, monkeypatch, run):
    guide_with_markdown_notes(tmp_path)
    readme = (
        "# Mine\n\n<!-- curriculum-sync:readme:begin -->\n<!-- curriculum-sync:readme:end -->\n"
    )
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = run("readme", "--offline", env={})
    assert first.code == 0, first.err
    second = run("readme", "--offline", env={})
    assert second.code == 0, second.err
    assert "up to date: nothing written" in second.out
    text = (tmp_path / "README.md").read_text("utf-8")
    # What follows the note still reads as Markdown, and the quoted marker is shown, not hidden.
    blocks = MarkdownIt("commonmark").parse(text)
    headings = [blocks[i + 1].content for i, t in enumerate(blocks) if t.type == "heading_open"]
    assert "Acknowledgments" in headings
    assert "ends with &lt;!-- curriculum-sync:readme:end -->" in text


def test_a_readme_with_a_byte_order_mark_is_updated_and_keeps_it(tmp_path, monkeypatch, run):
    shutil.copy(ROOT / "curriculum.yaml", tmp_path / "curriculum.yaml")
    readme = "<!-- curriculum-sync:readme:begin -->\r\n<!-- curriculum-sync:readme:end -->\r\n"
    (tmp_path / "README.md").write_bytes(b"\xef\xbb\xbf" + readme.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    first = run("readme", "--offline", env={})
    assert first.code == 0, first.err
    written = (tmp_path / "README.md").read_bytes()
    assert written.startswith(
        b"\xef\xbb\xbf<!-- curriculum-sync:readme:begin -->\r\n\r\n## Progress"
    )
    assert run("readme", "--offline", env={}).out.endswith("nothing written\n")
    assert (tmp_path / "README.md").read_bytes() == written
