"""The GitHub fake behaves like GitHub's documented REST API, as seen through PyGithub."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from github import Auth, Github, GithubException, GithubRetry
from github.GithubException import (
    BadCredentialsException,
    RateLimitExceededException,
    UnknownObjectException,
)

from tests.fake_github import (
    ACTIONS_BOT_LOGIN,
    SECONDARY_RATE_LIMIT_MESSAGE,
    FakeGitHub,
    floor_due_on,
)

REPO = "learner/tracker"


@pytest.fixture
def fake() -> FakeGitHub:
    return FakeGitHub()


@pytest.fixture
def rsps():
    with responses.RequestsMock() as mock:
        yield mock


def client(fake: FakeGitHub, token: str | None = None, **kw) -> Github:
    options = dict(
        auth=Auth.Token(token or fake.token),
        base_url=fake.base_url,
        per_page=100,
        seconds_between_requests=None,
        seconds_between_writes=None,
        retry=None,
    )
    options.update(kw)
    return Github(**options)


@pytest.fixture
def repo(fake, rsps):
    fake.install(rsps)
    r = client(fake).get_repo(REPO)
    fake.reset_log()
    return r


def raw_get(fake: FakeGitHub, path: str, **params) -> requests.Response:
    return requests.get(
        f"{fake.base_url}{path}",
        params=params,
        headers={"Authorization": f"Bearer {fake.token}"},
        timeout=5,
    )


# --------------------------------------------------------------------------- auth, repository


def test_wrong_token_is_401_bad_credentials(fake, rsps):
    fake.install(rsps)
    with pytest.raises(BadCredentialsException) as caught:
        client(fake, token="ghp_wrong").get_repo(REPO)
    assert caught.value.status == 401
    assert caught.value.data["message"] == "Bad credentials"
    assert "documentation_url" in caught.value.data
    assert fake.log[-1].status == 401


def test_bearer_scheme_is_accepted_and_missing_auth_reads_only_public(fake, rsps):
    fake.install(rsps)
    assert raw_get(fake, f"/repos/{REPO}").status_code == 200
    # Like GitHub: a public repository reads without a token, a private one is not found,
    # and no write is accepted without one.
    anonymous = requests.get(f"{fake.base_url}/repos/{REPO}", timeout=5)
    assert anonymous.status_code == 200
    write = requests.post(f"{fake.base_url}/repos/{REPO}/labels", json={"name": "x"}, timeout=5)
    assert write.status_code == 401
    fake.private = True
    assert requests.get(f"{fake.base_url}/repos/{REPO}", timeout=5).status_code == 404


def test_unknown_owner_or_repo_is_404(fake, rsps):
    fake.install(rsps)
    gh = client(fake)
    for name in ("learner/nope", "someone/tracker"):
        with pytest.raises(UnknownObjectException) as caught:
            gh.get_repo(name)
        assert caught.value.data["message"] == "Not Found"


def test_unrouted_path_is_404(repo, fake):
    with pytest.raises(UnknownObjectException):
        list(repo.get_pulls())
    assert fake.log[-1].status == 404


def test_get_repository_fields(fake, rsps):
    fake.install(rsps)
    r = client(fake).get_repo(REPO)
    assert r.full_name == REPO
    assert r.private is False
    assert r.html_url == "https://github.com/learner/tracker"
    assert r.url == "https://api.github.com/repos/learner/tracker"
    assert r.has_issues is True
    p = r.permissions
    assert (p.admin, p.maintain, p.push, p.triage, p.pull) == (True, True, True, True, True)


def test_read_only_token_sees_push_false_and_writes_403(rsps):
    fake = FakeGitHub(private=True)
    fake.read_only = True
    fake.install(rsps)
    r = client(fake).get_repo(REPO)
    assert r.private is True
    assert r.permissions.push is False and r.permissions.pull is True
    with pytest.raises(GithubException) as caught:
        r.create_issue("x")
    assert caught.value.status == 403
    assert caught.value.data["message"] == "Resource not accessible by integration"
    assert fake.issues == []
    assert [c.status for c in fake.writes] == [403]


def test_owner_and_repo_names_are_case_insensitive(fake, rsps):
    fake.install(rsps)
    assert client(fake).get_repo("Learner/Tracker").full_name == REPO


# --------------------------------------------------------------------------- labels


def test_labels_page_by_number_with_full_link_header(fake, rsps):
    for i in range(5):
        fake.add_label(f"l{i}")
    fake.install(rsps)
    page2 = raw_get(fake, f"/repos/{REPO}/labels", per_page=2, page=2)
    assert [lbl["name"] for lbl in page2.json()] == ["l2", "l3"]
    links = page2.links
    assert set(links) == {"prev", "next", "last", "first"}
    assert links["next"]["url"].startswith(f"{fake.base_url}/repos/{REPO}/labels?")
    assert "page=3" in links["next"]["url"] and "per_page=2" in links["next"]["url"]
    assert "page=3" in links["last"]["url"]
    assert "page=1" in links["first"]["url"] and "page=1" in links["prev"]["url"]

    gh = client(fake, per_page=2)
    labels = gh.get_repo(REPO).get_labels()
    assert [lbl.name for lbl in labels] == [f"l{i}" for i in range(5)]
    assert labels.totalCount == 5  # computed from rel="last"


def test_create_label_and_duplicate_is_case_insensitive_422(repo, fake):
    label = repo.create_label("Bug", "d73a4a", "Something isn't working")
    assert (label.name, label.color, label.description) == (
        "Bug",
        "d73a4a",
        "Something isn't working",
    )
    assert fake.labels[0]["name"] == "Bug"
    with pytest.raises(GithubException) as caught:
        repo.create_label("bug", "ffffff")
    assert caught.value.status == 422
    assert caught.value.data["message"] == "Validation Failed"
    assert caught.value.data["errors"] == [
        {"resource": "Label", "code": "already_exists", "field": "name"}
    ]
    assert [c.status for c in fake.writes] == [201, 422]


@pytest.mark.parametrize(
    ("color", "description", "field"),
    [("#d73a4a", None, "color"), ("d73a4a", "x" * 101, "description")],
)
def test_create_label_validates_color_and_description(repo, fake, color, description, field):
    kwargs = {} if description is None else {"description": description}
    with pytest.raises(GithubException) as caught:
        repo.create_label("bug", color, **kwargs)
    assert caught.value.status == 422
    assert caught.value.data["errors"][0]["field"] == field
    assert fake.labels == []


def test_description_of_exactly_100_characters_is_fine(repo):
    assert len(repo.create_label("bug", "d73a4a", "x" * 100).description) == 100


def test_get_and_patch_label_by_quoted_name(repo, fake):
    fake.add_label("in progress", "fbca04")
    label = repo.get_label("in progress")
    assert label.color == "fbca04"
    assert fake.log[-1].path == f"/repos/{REPO}/labels/in%20progress"
    label.edit("doing", "0e8a16", "Being worked on")
    assert fake.writes[-1].method == "PATCH"
    assert fake.writes[-1].path == f"/repos/{REPO}/labels/in%20progress"
    assert fake.writes[-1].json == {
        "new_name": "doing",
        "color": "0e8a16",
        "description": "Being worked on",
    }
    assert [lbl["name"] for lbl in fake.labels] == ["doing"]
    assert label.url == f"{fake.base_url}/repos/{REPO}/labels/doing"
    with pytest.raises(UnknownObjectException):
        repo.get_label("in progress").color  # noqa: B018


def test_renamed_label_shows_on_its_issues(repo, fake):
    fake.add_label("todo")
    fake.add_issue("a", labels=["todo"])
    repo.get_label("todo").edit("next", "ededed")
    assert [lbl.name for lbl in repo.get_issue(1).labels] == ["next"]


# --------------------------------------------------------------------------- milestones


def test_milestones_list_defaults_to_open(repo, fake):
    fake.add_milestone("Level 1", state="closed")
    fake.add_milestone("Level 2")
    assert [m.title for m in repo.get_milestones()] == ["Level 2"]
    assert "state" not in fake.log[-1].query
    assert [m.title for m in repo.get_milestones(state="closed")] == ["Level 1"]
    assert [m.title for m in repo.get_milestones(state="all")] == ["Level 1", "Level 2"]


def test_milestones_sort_and_direction(repo, fake):
    fake.add_milestone("late", due_on="2027-03-01")
    fake.add_milestone("early", due_on="2027-01-01")
    fake.add_milestone("undated")
    assert [m.title for m in repo.get_milestones()] == ["early", "late", "undated"]
    assert [m.title for m in repo.get_milestones(direction="desc")] == ["late", "early", "undated"]
    fake.add_issue("done", milestone="late", state="closed")
    fake.add_issue("todo", milestone="early")
    by_completeness = repo.get_milestones(sort="completeness", direction="desc")
    titles = [m.title for m in by_completeness]
    assert titles[0] == "late"  # 100% complete first


def test_creating_a_milestone_whose_title_is_taken_by_a_closed_one_is_422(repo, fake):
    fake.add_milestone("Level 1", state="closed")
    with pytest.raises(GithubException) as caught:
        repo.create_milestone("Level 1")
    assert caught.value.status == 422
    assert caught.value.data["errors"] == [
        {"resource": "Milestone", "code": "already_exists", "field": "title"}
    ]


def test_milestone_object_and_issue_counts(repo, fake):
    m = repo.create_milestone("Level 1", description="First steps")
    assert (m.number, m.title, m.description, m.state) == (1, "Level 1", "First steps", "open")
    assert (m.open_issues, m.closed_issues, m.due_on) == (0, 0, None)
    fake.add_issue("a", milestone=1)
    fake.add_issue("b", milestone=1, state="closed")
    fake.add_pull_request("c", milestone=1)
    fresh = repo.get_milestone(1)
    assert (fresh.open_issues, fresh.closed_issues) == (2, 1)
    assert fake.milestones[0]["open_issues"] == 2


@pytest.mark.parametrize(
    ("sent", "stored"),
    [
        ("2027-01-31T00:00:00Z", "2027-01-30T08:00:00Z"),
        ("2027-01-31T12:00:00Z", "2027-01-31T08:00:00Z"),
        ("2027-01-31T07:59:59Z", "2027-01-30T08:00:00Z"),
        ("2027-01-31T08:00:00Z", "2027-01-31T08:00:00Z"),
    ],
)
def test_due_on_is_floored_to_midnight_pacific(repo, fake, sent, stored):
    m = repo.create_milestone("Level 1", due_on=dt.datetime.fromisoformat(sent))
    assert fake.writes[-1].json["due_on"].startswith(sent[:19])
    assert fake.milestones[0]["due_on"] == stored
    assert m.due_on == dt.datetime.fromisoformat(stored)
    assert floor_due_on(sent) == stored


def test_pygithub_date_due_on_lands_on_the_previous_day(repo, fake):
    repo.create_milestone("Level 1", due_on=dt.date(2027, 1, 31))
    assert fake.writes[-1].json["due_on"] == "2027-01-31T00:00:00Z"
    assert fake.milestones[0]["due_on"] == "2027-01-30T08:00:00Z"


def test_date_only_due_on_is_422(repo, fake):
    m = repo.create_milestone("Level 1")
    with pytest.raises(GithubException) as caught:
        m.edit("Level 1", due_on=dt.date(2027, 1, 31))  # PyGithub sends "2027-01-31"
    assert caught.value.status == 422
    assert fake.writes[-1].json["due_on"] == "2027-01-31"
    assert fake.milestones[0]["due_on"] is None


def test_patch_milestone(repo, fake):
    m = repo.create_milestone("Level 1")
    m.edit("Level one", state="closed", description="done")
    stored = fake.milestones[0]
    assert (stored["title"], stored["state"], stored["description"]) == (
        "Level one",
        "closed",
        "done",
    )
    assert stored["closed_at"] is not None
    assert m.state == "closed"


# --------------------------------------------------------------------------- issues: list


def test_issue_list_defaults_to_open_and_includes_pull_requests(repo, fake):
    fake.add_issue("open one")
    fake.add_issue("closed one", state="closed")
    fake.add_pull_request("a pull request")
    issues = list(repo.get_issues())
    assert [i.title for i in issues] == ["a pull request", "open one"]  # created desc
    assert fake.log[-1].query == {"per_page": "100"}
    raw = raw_get(fake, f"/repos/{REPO}/issues").json()
    assert [("pull_request" in i) for i in raw] == [True, False]
    assert raw[0]["html_url"] == "https://github.com/learner/tracker/pull/3"
    assert raw[1]["html_url"] == "https://github.com/learner/tracker/issues/1"
    assert {i.title for i in repo.get_issues(state="all")} == {
        "open one",
        "closed one",
        "a pull request",
    }
    assert [i.title for i in repo.get_issues(state="closed")] == ["closed one"]


def test_issue_list_pages_by_cursor_with_only_rel_next(fake, rsps):
    for n in range(5):
        fake.add_issue(f"issue {n}")
    fake.install(rsps)
    first = raw_get(fake, f"/repos/{REPO}/issues", per_page=2, state="all")
    assert set(first.links) == {"next"}
    nxt = first.links["next"]["url"]
    assert nxt.startswith(f"{fake.base_url}/repos/{REPO}/issues?")
    params = parse_qs(urlsplit(nxt).query)
    assert set(params) == {"per_page", "state", "after"}
    assert (params["per_page"], params["state"]) == (["2"], ["all"])
    seen = [i["number"] for i in first.json()]
    while "next" in first.links:
        first = requests.get(
            first.links["next"]["url"],
            headers={"Authorization": f"token {fake.token}"},
            timeout=5,
        )
        seen += [i["number"] for i in first.json()]
    assert seen == [5, 4, 3, 2, 1]


def test_per_page_is_capped_at_100_and_defaults_to_30(fake, rsps):
    for n in range(120):
        fake.add_issue(f"issue {n}")
    fake.install(rsps)
    assert len(raw_get(fake, f"/repos/{REPO}/issues").json()) == 30
    assert len(raw_get(fake, f"/repos/{REPO}/issues", per_page=500).json()) == 100


def test_issue_list_filters(repo, fake):
    fake.add_milestone("Level 1")
    fake.add_issue("mine", labels=["Level 1", "bug"], milestone=1)
    fake.add_issue("theirs", login="someone", author_association="NONE", labels=["bug"])
    fake.add_issue("plain")
    fake.advance(3600)
    since = dt.datetime.fromisoformat(fake.now())
    fake.edit_issue(3, body="touched")

    def titles(**kw):
        return [i.title for i in repo.get_issues(**kw)]

    assert titles(labels=["bug"]) == ["theirs", "mine"]
    assert titles(labels=["BUG", "level 1"]) == ["mine"]
    assert titles(creator="someone") == ["theirs"]
    assert titles(milestone=repo.get_milestone(1)) == ["mine"]
    assert titles(milestone="none") == ["plain", "theirs"]
    assert titles(milestone="*") == ["mine"]
    assert titles(since=since) == ["plain"]
    assert titles(sort="created", direction="asc") == ["mine", "theirs", "plain"]
    assert titles(sort="updated") == ["plain", "theirs", "mine"]


def test_listing_250_issues_costs_three_requests_and_no_lazy_loads(fake, rsps):
    fake.add_milestone("Level 1")
    for n in range(1, 251):
        if n % 50 == 0:
            fake.add_pull_request(f"pr {n}", labels=["bug"])
        elif n % 3 == 0:
            fake.add_issue(f"skip {n}", state="closed", state_reason="not_planned", milestone=1)
        else:
            fake.add_issue(f"issue {n}", f"body {n}", labels=["Level 1"], milestone=1)
    fake.install(rsps)
    r = client(fake).get_repo(REPO)
    fake.reset_log()

    rows = []
    for i in r.get_issues(state="all"):
        rows.append(
            (
                i.number,
                i.title,
                i.body,
                i.state,
                i.state_reason,
                [lbl.name for lbl in i.labels],
                i.milestone.title if i.milestone else None,
                i.user.login,
                i.user.type,
                i.author_association,
                i.created_at,
                i.closed_at,
                i.html_url,
            )
        )
    assert len(rows) == 250
    assert [c.method for c in fake.log] == ["GET", "GET", "GET"]
    assert all(c.path == f"/repos/{REPO}/issues" for c in fake.log)
    assert rows[-1][0] == 1 and rows[0][0] == 250
    assert {row[4] for row in rows} == {None, "not_planned"}
    assert any("/pull/" in row[-1] for row in rows)


def test_every_list_key_is_present(repo, fake):
    fake.add_issue("a")
    item = raw_get(fake, f"/repos/{REPO}/issues").json()[0]
    required = {
        "id", "node_id", "url", "repository_url", "labels_url", "comments_url", "events_url",
        "html_url", "number", "state", "state_reason", "title", "body", "user", "labels",
        "assignee", "assignees", "milestone", "locked", "active_lock_reason", "comments",
        "closed_at", "created_at", "updated_at", "author_association", "reactions",
        "timeline_url", "performed_via_github_app", "type", "sub_issues_summary",
    }  # fmt: skip
    assert required <= set(item)
    assert "pull_request" not in item
    assert item["user"]["type"] == "User"


# --------------------------------------------------------------------------- issues: create, edit


def test_create_issue_as_the_token_user(repo, fake):
    fake.add_label("bug")
    fake.add_milestone("Level 1")
    issue = repo.create_issue(
        "Read chapter 1",
        body="Body",
        labels=["bug", "new-label"],
        milestone=repo.get_milestone(1),
        assignees=["learner"],
    )
    assert fake.writes[-1].status == 201
    assert issue.number == 1
    assert (issue.user.login, issue.user.type, issue.author_association) == (
        "learner",
        "User",
        "OWNER",
    )
    assert [lbl.name for lbl in issue.labels] == ["bug", "new-label"]
    assert fake.label("new-label")["color"] == "ededed"  # created, as GitHub does
    assert issue.milestone.number == 1
    assert [a.login for a in issue.assignees] == ["learner"]
    assert fake.issue(1)["body"] == "Body"


def test_create_issue_as_the_actions_bot(repo, fake):
    fake.act_as_actions_bot(author_association="CONTRIBUTOR")
    issue = repo.create_issue("From a workflow")
    assert (issue.user.login, issue.user.type) == (ACTIONS_BOT_LOGIN, "Bot")
    assert issue.author_association == "CONTRIBUTOR"
    assert fake.issue(1)["user"]["id"] == 41898282


@pytest.mark.parametrize("title", ["", "   "])
def test_create_issue_without_title_is_422(repo, fake, title):
    with pytest.raises(GithubException) as caught:
        repo.create_issue(title)
    assert caught.value.status == 422
    assert caught.value.data["errors"][0]["field"] == "title"
    assert fake.issues == []


def test_create_issue_with_unknown_milestone_is_422(repo, fake):
    fake.add_milestone("Level 1")
    milestone = repo.get_milestone(1)
    assert milestone.title == "Level 1"
    fake.milestones.clear()  # deleted on github.com meanwhile
    with pytest.raises(GithubException) as caught:
        repo.create_issue("x", milestone=milestone)
    assert caught.value.status == 422
    assert caught.value.data["errors"][0]["field"] == "milestone"
    assert fake.issues == []


def test_without_push_access_labels_and_milestone_are_silently_dropped(repo, fake):
    fake.add_milestone("Level 1")
    fake.push_access = False
    issue = repo.create_issue("x", labels=["bug"], milestone=repo.get_milestone(1))
    assert issue.labels == [] and issue.milestone is None
    assert fake.labels == []


def test_edit_issue_fields_labels_and_milestone(repo, fake):
    fake.add_milestone("Level 1")
    fake.add_issue("old", labels=["theirs"], milestone=1)
    before = fake.issue(1)["updated_at"]
    issue = repo.get_issue(1)
    issue.edit(title="new", body="text", labels=["ours"], milestone=None)
    stored = fake.issue(1)
    assert (stored["title"], stored["body"]) == ("new", "text")
    assert [lbl["name"] for lbl in stored["labels"]] == ["ours"]  # replaced, not merged
    assert stored["milestone"] is None
    assert stored["updated_at"] > before
    assert fake.writes[-1].json["milestone"] == ""  # PyGithub's way of sending "no milestone"
    issue.edit(milestone=repo.get_milestone(1))
    assert fake.issue(1)["milestone"]["number"] == 1


def test_close_as_not_planned_then_reopen(repo, fake):
    fake.add_issue("x")
    issue = repo.get_issue(1)
    issue.edit(state="closed", state_reason="not_planned")
    stored = fake.issue(1)
    assert (stored["state"], stored["state_reason"]) == ("closed", "not_planned")
    assert stored["closed_at"] == stored["updated_at"]
    assert issue.closed_at is not None
    issue.edit(state="open")
    assert (stored["state"], stored["state_reason"], stored["closed_at"]) == (
        "open",
        "reopened",
        None,
    )
    issue.edit(state="closed")
    assert stored["state_reason"] == "completed"


def test_invalid_state_reason_is_422(repo, fake):
    fake.add_issue("x")
    with pytest.raises(GithubException) as caught:
        repo.get_issue(1).edit(state="closed", state_reason="wontfix")
    assert caught.value.status == 422
    assert fake.issue(1)["state"] == "open"


def test_comment_increments_comments(repo, fake):
    fake.add_issue("x")
    issue = repo.get_issue(1)
    comment = issue.create_comment("Done in [abc123]")
    assert comment.body == "Done in [abc123]"
    assert comment.user.login == "learner"
    assert fake.issue(1)["comments"] == 1
    assert fake.comments[1][0]["body"] == "Done in [abc123]"
    assert repo.get_issue(1).comments == 1


def test_issue_label_endpoints(repo, fake):
    fake.add_issue("x", labels=["a"])
    issue = repo.get_issue(1)
    issue.add_to_labels("b")
    assert [lbl["name"] for lbl in fake.issue(1)["labels"]] == ["a", "b"]
    issue.remove_from_labels("a")
    assert [lbl["name"] for lbl in fake.issue(1)["labels"]] == ["b"]


def test_seeding_is_not_logged_and_people_act_on_the_fake(repo, fake):
    fake.add_issue("x")
    fake.close_issue(1, reason="duplicate")
    assert fake.log == []
    assert repo.get_issue(1).state_reason == "duplicate"
    fake.reopen_issue(1)
    assert repo.get_issue(1).state_reason == "reopened"
    fake.edit_issue(1, title="renamed", labels=["mine"])
    assert repo.get_issue(1).title == "renamed"
    assert [c.method for c in fake.log] == ["GET", "GET", "GET"]
    assert fake.writes == []


# --------------------------------------------------------------------------- clock, headers, URLs


def test_clock_advances_one_second_per_write(repo, fake):
    a = repo.create_issue("a")
    b = repo.create_issue("b")
    assert b.created_at - a.created_at == dt.timedelta(seconds=1)
    assert fake.issue(1)["created_at"].endswith("Z")
    assert [i.title for i in repo.get_issues(sort="created", direction="asc")] == ["a", "b"]


def test_rate_limit_headers_on_every_response(fake, rsps):
    fake.install(rsps)
    first = raw_get(fake, f"/repos/{REPO}")
    second = raw_get(fake, f"/repos/{REPO}/labels")
    missing = raw_get(fake, "/nowhere")
    for resp in (first, second, missing):
        for header in (
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-reset",
            "x-ratelimit-used",
            "x-ratelimit-resource",
        ):
            assert header in resp.headers
    assert missing.status_code == 404
    assert (
        int(second.headers["x-ratelimit-remaining"])
        == int(first.headers["x-ratelimit-remaining"]) - 1
    )
    assert second.headers["x-ratelimit-used"] == "2"
    assert first.headers["x-ratelimit-resource"] == "core"
    gh = client(fake)
    gh.get_repo(REPO)
    assert gh.rate_limiting == (4996, 5000)
    assert gh.rate_limiting_resettime == int(first.headers["x-ratelimit-reset"])


def test_host_with_port_443_is_answered(fake, rsps):
    fake.install(rsps)
    resp = requests.get(
        f"https://api.github.com:443/repos/{REPO}",
        headers={"Authorization": f"token {fake.token}"},
        timeout=5,
    )
    assert resp.status_code == 200
    assert resp.json()["url"] == f"https://api.github.com/repos/{REPO}"


def test_enterprise_base_url(rsps):
    fake = FakeGitHub(base_url="https://ghe.example.com/api/v3", owner="org", repo="guide")
    for n in range(150):
        fake.add_issue(f"issue {n}")
    fake.add_label("in progress")
    fake.install(rsps)
    r = client(fake).get_repo("org/guide")
    assert r.url == "https://ghe.example.com/api/v3/repos/org/guide"
    assert r.html_url == "https://ghe.example.com/org/guide"
    issues = list(r.get_issues())
    assert len(issues) == 150
    assert issues[0].url.startswith("https://ghe.example.com/api/v3/repos/org/guide/issues/")
    assert issues[0].html_url.startswith("https://ghe.example.com/org/guide/issues/")
    r.get_label("in progress").edit("doing", "ededed")
    assert [c.path for c in fake.log] == [
        "/repos/org/guide",
        "/repos/org/guide/issues",
        "/repos/org/guide/issues",
        "/repos/org/guide/labels/in%20progress",
        "/repos/org/guide/labels/in%20progress",
    ]


def test_plain_http_base_url_with_a_port(rsps):
    fake = FakeGitHub(base_url="http://127.0.0.1:8765")
    for n in range(3):
        fake.add_issue(f"issue {n}")
    fake.install(rsps)
    r = client(fake, per_page=2).get_repo(REPO)
    assert [i.number for i in r.get_issues()] == [3, 2, 1]
    assert r.html_url == "http://127.0.0.1:8765/learner/tracker"


def test_repository_id_paths_are_routed(fake, rsps):
    fake.add_issue("x")
    fake.install(rsps)
    resp = raw_get(fake, f"/repositories/{fake.repo_id}/issues")
    assert [i["title"] for i in resp.json()] == ["x"]


# --------------------------------------------------------------------------- faults


def test_fail_next_with_apply_first_creates_the_issue_but_answers_502(repo, fake):
    fake.fail_next(502, method="POST", path="/issues", apply_first=True)
    with pytest.raises(GithubException) as caught:
        repo.create_issue("Read chapter 1")
    assert caught.value.status == 502
    assert [i["title"] for i in fake.issues] == ["Read chapter 1"]
    assert [(c.method, c.status) for c in fake.writes] == [("POST", 502)]
    # only once: the next create succeeds
    repo.create_issue("Read chapter 2")
    assert len(fake.issues) == 2


def test_fail_next_without_apply_first_changes_nothing(repo, fake):
    fake.fail_next(500, method="POST", path="/issues", times=2, message="boom")
    for _ in range(2):
        with pytest.raises(GithubException) as caught:
            repo.create_issue("x")
        assert caught.value.data["message"] == "boom"
    assert fake.issues == []
    repo.create_issue("x")
    assert [c.status for c in fake.writes] == [500, 500, 201]


def test_fail_next_matches_method_and_path(repo, fake):
    fake.add_issue("x")
    fake.fail_next(503, method="PATCH", path="/issues/1")
    assert repo.get_issue(1).title == "x"  # a GET is not matched
    with pytest.raises(GithubException) as caught:
        repo.get_issue(1).edit(title="y")
    assert caught.value.status == 503


def test_secondary_rate_limit_403(repo, fake):
    fake.secondary_rate_limit(method="POST", path="/issues")
    with pytest.raises(RateLimitExceededException) as caught:
        repo.create_issue("x")
    assert caught.value.status == 403
    assert caught.value.headers["retry-after"] == "60"
    message = caught.value.data["message"]
    assert message.startswith(SECONDARY_RATE_LIMIT_MESSAGE)
    assert message.startswith(
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
    )
    assert caught.value.data["documentation_url"].endswith("#about-secondary-rate-limits")
    assert int(caught.value.headers["x-ratelimit-remaining"]) > 0
    assert fake.issues == []


def test_secondary_rate_limit_429(repo, fake):
    fake.secondary_rate_limit(status=429, retry_after=30, content_creation=True)
    with pytest.raises(GithubException) as caught:
        repo.create_issue("x")
    assert caught.value.status == 429  # PyGithub does not treat 429 as a rate limit
    assert not isinstance(caught.value, RateLimitExceededException)
    assert caught.value.headers["retry-after"] == "30"
    assert "temporarily blocked from content creation" in caught.value.data["message"]


def test_githubretry_waits_out_a_secondary_limit_on_a_get(fake, rsps):
    fake.add_issue("x")
    fake.secondary_rate_limit(retry_after=0, method="GET", path="/issues/1")
    fake.install(rsps)
    gh = client(fake, retry=GithubRetry(total=3, secondary_rate_wait=0))
    assert gh.get_repo(REPO).get_issue(1).title == "x"
    assert [c.status for c in fake.calls("GET", "/issues/1")] == [403, 200]


def test_primary_rate_limit_exhausted(repo, fake):
    fake.primary_rate_limit_exhausted(reset_in=1800)
    with pytest.raises(RateLimitExceededException) as caught:
        list(repo.get_issues())
    assert caught.value.status == 403
    assert caught.value.data["message"].startswith("API rate limit exceeded for ")
    assert caught.value.headers["x-ratelimit-remaining"] == "0"
    reset = int(caught.value.headers["x-ratelimit-reset"])
    assert 1700 <= reset - int(fake.wall_clock()) <= 1800


def test_primary_limit_ends_at_reset(repo, fake):
    now = [1_900_000_000.0]
    fake.wall_clock = lambda: now[0]
    fake.primary_rate_limit_exhausted(reset_in=60)
    with pytest.raises(RateLimitExceededException):
        repo.create_issue("x")
    now[0] += 61
    repo.create_issue("x")
    assert fake.rate_limit_remaining == fake.rate_limit - 1


def test_fail_after_writes_simulates_a_crash(repo, fake):
    fake.fail_after_writes(2)
    repo.create_issue("a")
    repo.create_issue("b")
    with pytest.raises(GithubException) as caught:
        repo.create_issue("c")
    assert caught.value.status == 500
    with pytest.raises(GithubException):
        list(repo.get_issues())
    assert [i["title"] for i in fake.issues] == ["a", "b"]
    assert [c.status for c in fake.writes] == [201, 201, 500]


def test_writes_and_reset_log(repo, fake):
    repo.create_label("a", "ededed")
    list(repo.get_labels())
    with pytest.raises(GithubException):
        repo.create_label("A", "ededed")
    assert [(c.method, c.status) for c in fake.writes] == [("POST", 201), ("POST", 422)]
    assert fake.writes[0].json == {"name": "a", "color": "ededed"}
    assert fake.log[1].method == "GET"
    fake.reset_log()
    assert fake.log == [] and fake.writes == []


# --------------------------------------------------------------------------- comments, repository-wide


def test_repository_comments_list_every_issue_in_ascending_id(repo, fake):
    fake.add_issue("a")
    fake.add_issue("b")
    fake.add_comment(2, "second issue first")
    fake.add_comment(1, "first issue", author_association="NONE", login="stranger")
    comments = list(repo.get_issues_comments())
    assert [c.body for c in comments] == ["second issue first", "first issue"]
    assert comments[0].html_url == f"{fake.repo_html_url}/issues/2#issuecomment-{comments[0].id}"
    assert comments[0].issue_url.endswith("/issues/2")
    assert comments[1].author_association == "NONE"
    assert comments[1].user.login == "stranger"
    assert [c.path for c in fake.log] == [f"/repos/{REPO}/issues/comments"]


def test_repository_comments_page_by_number(repo, fake):
    fake.add_issue("a")
    for n in range(5):
        fake.add_comment(1, f"note {n}")
    page = raw_get(fake, f"/repos/{REPO}/issues/comments", per_page=2, page=2)
    assert [c["body"] for c in page.json()] == ["note 2", "note 3"]
    assert 'rel="next"' in page.headers["link"] and 'rel="last"' in page.headers["link"]
    everything = list(client(fake, per_page=2).get_repo(REPO).get_issues_comments())
    assert len(everything) == 5


def test_repository_comments_since_and_sort(repo, fake):
    fake.add_issue("a")
    old = fake.add_comment(1, "old")
    fake.advance(3600)
    fake.add_comment(1, "new")
    fake.advance(3600)
    fake.edit_comment(old["id"], "old, edited")
    since = raw_get(fake, f"/repos/{REPO}/issues/comments", since=fake.now())
    assert [c["body"] for c in since.json()] == ["old, edited"]
    by_update = raw_get(fake, f"/repos/{REPO}/issues/comments", sort="updated", direction="desc")
    assert [c["body"] for c in by_update.json()] == ["old, edited", "new"]
    ascending = raw_get(fake, f"/repos/{REPO}/issues/comments", sort="created", direction="asc")
    assert [c["body"] for c in ascending.json()] == ["old, edited", "new"]


def test_comment_seeding_edit_and_delete(fake):
    fake.add_issue("a")
    comment = fake.add_comment(1, "draft")
    created = comment["updated_at"]
    fake.edit_comment(comment["id"], "final")
    assert comment["body"] == "final" and comment["updated_at"] > created
    fake.delete_comment(comment["id"])
    assert fake.comments[1] == [] and fake.issue(1)["comments"] == 0
