"""`import https://github.com/OWNER/REPO`: the checklist read through GitHub's API (the fake)."""

from __future__ import annotations

import pytest

from sync.curriculum import load_curriculum
from sync.errors import UsageError
from sync.importer import GitHubFile, github_file
from tests.support import ROOT

CHECKLIST = (ROOT / "tests" / "fixtures" / "import" / "nested-deep.md").read_text("utf-8")


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("https://github.com/learner/tracker", GitHubFile("learner/tracker")),
        ("https://github.com/learner/tracker/", GitHubFile("learner/tracker")),
        ("https://github.com/learner/tracker.git", GitHubFile("learner/tracker")),
        ("https://github.com/learner/tracker/tree/dev", GitHubFile("learner/tracker", None, "dev")),
        (
            "https://github.com/learner/tracker/blob/main/translations/README-ru.md",
            GitHubFile("learner/tracker", "translations/README-ru.md", "main"),
        ),
        (
            "https://github.com/learner/tracker/blob/main/docs/My%20Plan.md#week-1",
            GitHubFile("learner/tracker", "docs/My Plan.md", "main"),
        ),
        (
            "https://raw.githubusercontent.com/learner/tracker/main/PLAN.md",
            GitHubFile("learner/tracker", "PLAN.md", "main"),
        ),
        ("README.md", None),
        ("-", None),
        ("notes/https.md", None),
    ],
)
def test_addresses(address, expected):
    assert github_file(address) == expected


@pytest.mark.parametrize(
    "address",
    [
        "https://example.org/learner/tracker",
        "https://github.com/learner",
        "https://github.com/learner/tracker/issues/3",
        "https://github.com/-bad-/tracker",
    ],
)
def test_addresses_that_are_not_a_checklist_on_github(address):
    with pytest.raises(UsageError, match=r"not a GitHub repository or file address|OWNER/REPO"):
        github_file(address)


def test_a_public_readme_needs_no_token(fake, run, tmp_path):
    fake.add_file("README.md", CHECKLIST)
    out = tmp_path / "c.yaml"
    env = {"GITHUB_API_URL": fake.base_url}
    result = run("import", "https://github.com/learner/tracker", "-o", str(out), env=env)
    assert result.code == 0, result.err
    assert result.out == f"wrote {out}: 3 levels, 19 resources (6 done) from 19 tasks\n"
    assert "learner/tracker/README.md:14: Well, that is enough about memory." in result.err
    assert load_curriculum(out).title == "Systems Study Plan"
    assert "# Imported from learner/tracker/README.md" in out.read_text("utf-8")
    assert [(c.method, c.path) for c in fake.log] == [("GET", "/repos/learner/tracker/readme")]


def test_a_file_on_a_branch_with_a_token(fake, run, tmp_path):
    fake.private = True
    fake.add_file("plans/ru.md", "# План\n\n- [x] Массивы\n", ref="dev")
    out = tmp_path / "c.yaml"
    address = "https://github.com/learner/tracker/blob/dev/plans/ru.md"
    env = {"GITHUB_API_URL": fake.base_url, "GITHUB_TOKEN": fake.token}
    result = run("import", address, "-o", str(out), env=env)
    assert result.code == 0, result.err
    [resource] = [p.resource for p in load_curriculum(out).placements()]
    assert (resource.id, resource.title, resource.done) == ("massivy", "Массивы", True)
    assert fake.log[-1].query == {"ref": "dev"}


@pytest.mark.parametrize(
    ("address", "token", "message"),
    [
        (
            "https://github.com/learner/tracker/blob/main/NOPE.md",
            None,
            "learner/tracker/NOPE.md at main: not found on GitHub "
            "(a private repository needs GITHUB_TOKEN)",
        ),
        (
            "https://github.com/someone/else",
            "ghp_fake_token",
            "someone/else/README: not found on GitHub",
        ),
        (
            "https://github.com/learner/tracker/tree/main/plans",
            None,
            "learner/tracker/plans at main: is a folder, not a Markdown file",
        ),
        (
            "https://github.com/learner/tracker/blob/main/big.md",
            None,
            "learner/tracker/big.md at main: too large to read through GitHub's API (over 1 MB)",
        ),
    ],
)
def test_what_cannot_be_read_is_one_line_and_nothing_is_written(
    fake, run, tmp_path, address, token, message
):
    fake.add_file("README.md", CHECKLIST)
    fake.add_file("plans/a.md", "- [ ] a\n")
    fake.add_file("big.md", "- [ ] x\n" * 200_000)
    out = tmp_path / "c.yaml"
    env = {"GITHUB_API_URL": fake.base_url} | ({"GITHUB_TOKEN": token} if token else {})
    if "tree/main/plans" in address:  # a folder given as a file address
        address = address.replace("tree/main/plans", "blob/main/plans")
    result = run("import", address, "-o", str(out), env=env)
    assert (result.code, result.err) == (2, f"error: {message}\n")
    assert not out.exists()


def test_a_private_repository_without_a_token_is_not_found(fake, run, tmp_path):
    fake.private = True
    fake.add_file("README.md", CHECKLIST)
    out = tmp_path / "c.yaml"
    env = {"GITHUB_API_URL": fake.base_url}
    result = run("import", "https://github.com/learner/tracker", "-o", str(out), env=env)
    assert result.code == 2
    assert "not found on GitHub (a private repository needs GITHUB_TOKEN)" in result.err
    assert not out.exists()


def test_a_file_that_is_not_utf8(fake, run, tmp_path):
    fake.add_file("README.md", "# Caf\u00e9\n\n- [ ] Cr\u00e8me\n".encode("latin-1"))
    out = tmp_path / "c.yaml"
    env = {"GITHUB_API_URL": fake.base_url}
    result = run("import", "https://github.com/learner/tracker", "-o", str(out), env=env)
    assert result.code == 2
    assert result.err == (
        "learner/tracker/README.md:1: the file is not UTF-8 text (save it as UTF-8)\n"
    )
    assert not out.exists()
