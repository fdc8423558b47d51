"""A stateful fake of the GitHub REST API, served through ``responses``.

It fakes the part of the API a GitHub issue-sync tool uses through PyGithub:
one repository with its labels, milestones, issues (pull requests included),
issue comments, its files (README and contents, read-only). Only what the tool asks
of GitHub is routed; anything else answers 404. A public repository answers reads
without a token.  State lives in
plain dicts shaped like GitHub's JSON so tests can read it, every request is
recorded in :attr:`FakeGitHub.log`, and faults (5xx, secondary and primary
rate limits, read-only tokens, a crash after N writes) can be injected.

Usage::

    fake = FakeGitHub()
    fake.add_label("bug", "d73a4a")
    with responses.RequestsMock() as rsps:
        fake.install(rsps)
        gh = Github(auth=Auth.Token(fake.token), base_url=fake.base_url,
                    retry=None, seconds_between_requests=None, seconds_between_writes=None)
        gh.get_repo("learner/tracker").create_issue("Hello", labels=["bug"])
    assert fake.writes[0].path == "/repos/learner/tracker/issues"

Bodies and headers follow GitHub's documentation (github/docs and the OpenAPI
description github/rest-api-description):

- Issues: https://docs.github.com/rest/issues/issues (list repository issues,
  create, get, update an issue; the ``issue`` schema with ``state_reason``,
  ``author_association``, ``pull_request``, "labels/milestone/assignees are
  silently dropped for users without push access").
- Labels: https://docs.github.com/rest/issues/labels (list/create/get/update/
  delete; ``color`` without ``#``, ``description`` at most 100 characters).
- Milestones: https://docs.github.com/rest/issues/milestones (``state`` defaults
  to ``open``; ``sort`` ``due_on``/``completeness``, ``direction`` default ``asc``).
- Comments: https://docs.github.com/rest/issues/comments (create, list an issue's,
  list the repository's: ``sort`` created|updated, ``direction`` (ignored without
  ``sort``), ``since`` (updated at or after), by ascending id when unsorted; get,
  update and delete one; ``html_url`` ends in ``#issuecomment-ID``).
- Contents: https://docs.github.com/rest/repos/contents (get a repository README, get
  repository content: base64 ``content`` with ``encoding``; a folder is a list).
- Repositories: https://docs.github.com/rest/repos/repos#get-a-repository
  (``permissions: {admin, maintain, push, triage, pull}``).
- Pagination: https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
  (``link`` header; ``page`` or ``before/after`` cursors; "the link to the last
  page won't be included if it can't be calculated").
- Rate limits: https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
  (``x-ratelimit-limit/remaining/used/reset/resource``; primary and secondary
  limits answer 403 or 429; ``retry-after``).
- Errors: ``BasicError`` {message, documentation_url, status} and
  ``ValidationError`` {message, documentation_url, errors: [{resource, field,
  code, message?, value?}]} from the OpenAPI description; the duplicate-label
  body ``{"resource": "Label", "code": "already_exists", "field": "name"}`` as
  GitHub sends it.

Deliberate simplifications (see also the notes on each handler):

- ``due_on`` is floored to midnight US-Pacific with a *fixed* -8h offset (no
  daylight saving): ``2027-01-31T00:00:00Z`` is stored as ``2027-01-30T08:00:00Z``.
- Resource timestamps come from a fake clock (one second per write or seeding
  action); ``x-ratelimit-reset`` uses the real wall clock (``wall_clock``),
  because clients compare it with their own clock.
- ``Call.path`` is the path *below* ``base_url`` (``/repos/o/r/issues`` also
  for ``https://ghe.example.com/api/v3``), raw (still URL-quoted), without query.
- Link headers point at ``/repos/{owner}/{repo}/...``; GitHub itself often
  uses ``/repositories/{id}/...`` there (both are routed here).
- ``html_url`` uses the web host: ``github.com`` for ``api.github.com``, the
  same host without ``/api/v3`` for Enterprise, else ``base_url`` itself.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import requests
import responses

# --------------------------------------------------------------------------- constants

DOCS = "https://docs.github.com/rest"
_ISSUES_DOC = f"{DOCS}/issues/issues"
_LABELS_DOC = f"{DOCS}/issues/labels"
_MILESTONES_DOC = f"{DOCS}/issues/milestones"
_COMMENTS_DOC = f"{DOCS}/issues/comments"
PRIMARY_RATE_LIMIT_DOC = f"{DOCS}/overview/rate-limits-for-the-rest-api#about-primary-rate-limits"
SECONDARY_RATE_LIMIT_DOC = (
    f"{DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"
)

SECONDARY_RATE_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
)
CONTENT_CREATION_LIMIT_MESSAGE = (
    "You have exceeded a secondary rate limit and have been temporarily blocked from content "
    "creation. Please retry your request again later."
)
READ_ONLY_MESSAGE = "Resource not accessible by integration"
ARCHIVED_MESSAGE = "Repository was archived so is read-only."

ACTIONS_BOT_LOGIN = "github-actions[bot]"
ACTIONS_BOT_ID = 41898282

_REASONS = {
    400: "Bad Request",
    401: "Bad credentials",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    410: "Gone",
    422: "Validation Failed",
    429: "Too Many Requests",
    500: "Server Error",
    502: "Server Error",
    503: "Service Unavailable",
    504: "We couldn't respond to your request in time. Sorry about that. Please try "
    "resubmitting your request and contact us if the problem persists.",
}
_STATE_REASONS = ("completed", "not_planned", "duplicate", "reopened")
_HEX_COLOR = re.compile(r"^[0-9a-fA-F]{6}$")
_PACIFIC = timedelta(hours=-8)  # fixed offset, no daylight saving (documented above)


def iso(dt: datetime) -> str:
    """GitHub's timestamp format: ISO 8601 in UTC with a ``Z``."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_datetime(value: Any) -> datetime | None:
    """Parse an ISO 8601 date-time (``Z`` or offset). Returns None if not a date-time."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or "T" not in value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def floor_due_on(value: datetime | date | str) -> str:
    """GitHub keeps only the date of ``due_on``, taken at midnight US-Pacific.

    A date-time is shifted by -8h, truncated to its date, and returned as that
    date's 08:00:00Z.  A plain date (a person picking a day on github.com) maps
    to that day's 08:00:00Z.
    """
    if isinstance(value, datetime) or (isinstance(value, str) and "T" in value):
        dt = _parse_datetime(value)
        if dt is None:
            raise ValueError(f"not a date-time: {value!r}")
        day = (dt.astimezone(UTC) + _PACIFIC).date()
    elif isinstance(value, date):
        day = value
    else:
        day = date.fromisoformat(value)
    return iso(datetime(day.year, day.month, day.day, tzinfo=UTC) - _PACIFIC)


# --------------------------------------------------------------------------- records


@dataclass
class Call:
    """One request the fake received."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    status: int
    response: Any = field(default=None, repr=False, compare=False)


@dataclass
class _Fault:
    status: int
    method: str | None
    path: str | None
    times: int
    headers: dict[str, str]
    message: str | None
    apply_first: bool = False
    documentation_url: str | None = None

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and (
            self.path is None or self.path in path
        )


@dataclass
class _Hook:
    """Something that happens on GitHub just before a matching request is served: a person
    editing while a run goes on, or a second run at work."""

    method: str | None
    path: str | None
    action: Callable[[], Any]
    times: int

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and (
            self.path is None or self.path in path
        )


@dataclass
class _Lost:
    """An answer that never arrives: the client sees ``error``; the request itself is applied
    at once, after ``applied_after`` further requests (GitHub was slow), or never."""

    method: str | None
    path: str | None
    error: type[Exception]
    applied_after: int | None
    times: int

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and (
            self.path is None or self.path in path
        )


class _Error(Exception):
    """Raised by handlers; becomes GitHub's error body."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        errors: list | None = None,
        doc: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(status, message)
        self.status = status
        self.message = message or _REASONS.get(status, "Error")
        self.errors = errors
        self.doc = doc
        self.headers = headers or {}


def _validation(resource: str, field_: str, code: str, doc: str, **extra: Any) -> _Error:
    return _Error(
        422,
        "Validation Failed",
        doc=doc,
        errors=[{"resource": resource, "code": code, "field": field_, **extra}],
    )


@dataclass
class _Route:
    method: str
    pattern: re.Pattern
    handler: str
    doc: str


def _route(method: str, pattern: str, handler: str, doc: str) -> _Route:
    return _Route(method, re.compile(f"^{pattern}$"), handler, doc)


# Routes below /repos/{owner}/{repo} (or /repositories/{id}).
_REPO_ROUTES = [
    _route("GET", r"", "_get_repo", f"{DOCS}/repos/repos#get-a-repository"),
    _route("GET", r"/labels", "_list_labels", f"{_LABELS_DOC}#list-labels-for-a-repository"),
    _route("POST", r"/labels", "_create_label", f"{_LABELS_DOC}#create-a-label"),
    _route("GET", r"/labels/(?P<name>[^/]+)", "_get_label", f"{_LABELS_DOC}#get-a-label"),
    _route("PATCH", r"/labels/(?P<name>[^/]+)", "_update_label", f"{_LABELS_DOC}#update-a-label"),
    _route("GET", r"/milestones", "_list_milestones", f"{_MILESTONES_DOC}#list-milestones"),
    _route("POST", r"/milestones", "_create_milestone", f"{_MILESTONES_DOC}#create-a-milestone"),
    _route(
        "GET",
        r"/milestones/(?P<number>\d+)",
        "_get_milestone",
        f"{_MILESTONES_DOC}#get-a-milestone",
    ),
    _route(
        "PATCH",
        r"/milestones/(?P<number>\d+)",
        "_update_milestone",
        f"{_MILESTONES_DOC}#update-a-milestone",
    ),
    _route("GET", r"/issues", "_list_issues", f"{_ISSUES_DOC}#list-repository-issues"),
    _route("POST", r"/issues", "_create_issue", f"{_ISSUES_DOC}#create-an-issue"),
    _route("GET", r"/issues/(?P<number>\d+)", "_get_issue", f"{_ISSUES_DOC}#get-an-issue"),
    _route("PATCH", r"/issues/(?P<number>\d+)", "_update_issue", f"{_ISSUES_DOC}#update-an-issue"),
    _route(
        "GET",
        r"/issues/comments",
        "_list_repository_comments",
        f"{_COMMENTS_DOC}#list-issue-comments-for-a-repository",
    ),
    _route(
        "POST",
        r"/issues/(?P<number>\d+)/comments",
        "_create_comment",
        f"{_COMMENTS_DOC}#create-an-issue-comment",
    ),
    _route(
        "POST",
        r"/issues/(?P<number>\d+)/labels",
        "_add_issue_labels",
        f"{_LABELS_DOC}#add-labels-to-an-issue",
    ),
    _route(
        "DELETE",
        r"/issues/(?P<number>\d+)/labels/(?P<name>[^/]+)",
        "_remove_issue_label",
        f"{_LABELS_DOC}#remove-a-label-from-an-issue",
    ),
]
_CONTENTS_DOC = f"{DOCS}/repos/contents"
_REPO_ROUTES += [
    _route("GET", r"/readme", "_get_readme", f"{_CONTENTS_DOC}#get-a-repository-readme"),
    _route(
        "GET",
        r"/contents/(?P<path>.+)",
        "_get_contents",
        f"{_CONTENTS_DOC}#get-repository-content",
    ),
]
_TOP_ROUTES: list[_Route] = []
_REPO_PATH = re.compile(r"^/repos/(?P<owner>[^/]+)/(?P<repo>[^/]+)(?P<rest>/.*)?$")
_REPO_ID_PATH = re.compile(r"^/repositories/(?P<id>\d+)(?P<rest>/.*)?$")


class _AnyMethodCallback(responses.CallbackResponse):
    """One registration that answers every HTTP method on the fake's host.

    The fake is a server, not an expectation: it reports a call count of at
    least 1 so ``RequestsMock(assert_all_requests_are_fired=True)`` never
    complains about it.
    """

    def matches(self, request: Any) -> tuple[bool, str]:
        if not self._url_matches(self.url, str(request.url)):
            return False, "URL does not match"
        return True, ""

    @property
    def call_count(self) -> int:  # type: ignore[override]
        return max(1, len(self._calls))


# --------------------------------------------------------------------------- the fake


def _reactions(url: str) -> dict:
    """GitHub's reaction rollup, all zero: the fake never records reactions."""
    counts = ("+1", "-1", "laugh", "hooray", "confused", "heart", "rocket", "eyes")
    return {"url": url, "total_count": 0, **dict.fromkeys(counts, 0)}


class FakeGitHub:
    """A stateful fake GitHub holding one repository ``owner/repo``."""

    def __init__(
        self,
        *,
        base_url: str = "https://api.github.com",
        owner: str = "learner",
        repo: str = "tracker",
        token: str = "ghp_fake_token",
        private: bool = False,
        per_page_default: int = 30,
        login: str | None = None,
        user_type: str = "User",
        author_association: str = "OWNER",
        rate_limit: int = 5000,
        start_time: datetime = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC),
        html_base: str | None = None,
        wall_clock: Callable[[], float] = time.time,
    ):
        self.base_url = base_url.rstrip("/")
        self.owner, self.repo, self.token, self.private = owner, repo, token, private
        self.per_page_default = per_page_default
        # The token's user: the actor of every API write.
        self.login = login or owner
        self.user_type = user_type
        self.author_association = author_association
        self.read_only = False  # True: writes answer 403 "Resource not accessible by integration"
        # False: labels, milestone and assignees on issue writes are silently dropped.
        self.push_access = True
        self.repo_id = 700000001
        self.wall_clock = wall_clock

        parts = urllib.parse.urlsplit(self.base_url)
        self._scheme, self._host, self._port = parts.scheme, parts.hostname or "", parts.port
        self._prefix = parts.path.rstrip("/")
        self.html_base = (html_base or self._derive_html_base()).rstrip("/")

        # State, shaped like GitHub's JSON.
        self.labels: list[dict] = []
        self.milestones: list[dict] = []
        self.issues: list[dict] = []
        self.comments: dict[int, list[dict]] = {}
        # Files of the repository: {ref: {path: bytes}}; see add_file.
        self.files: dict[str, dict[str, bytes]] = {}
        self.log: list[Call] = []

        self._clock = start_time
        self._ids = {
            "label": 4000000001,
            "milestone": 9000001,
            "issue": 2000000001,
            "comment": 3000000001,
        }
        self._next_number = 1
        self._next_milestone_number = 1
        self._user_ids: dict[str, int] = {ACTIONS_BOT_LOGIN: ACTIONS_BOT_ID}
        self._faults: list[_Fault] = []
        self._fail_after: tuple[int, int] | None = None  # (writes left, status)
        self._crashed_status: int | None = None
        self._request_counter = 0
        self.rate_limit = rate_limit
        self._rl_remaining = rate_limit
        self._rl_reset = int(self.wall_clock()) + 3600
        self._primary_status = 403
        self._lock = threading.RLock()
        # A renamed or transferred repository: requests to an old name are redirected.
        self.old_names: list[str] = []
        # An archived repository answers every write 403 (repos#update-a-repository).
        self.archived = False
        # Installation tokens (GITHUB_TOKEN) may get no `permissions` on GET /repos.
        self.reports_permissions = True
        self._hooks: list[_Hook] = []
        self._lost: list[_Lost] = []
        self._deferred: list[tuple[int, Callable[[], Any]]] = []

    # ------------------------------------------------------------------ wiring

    def install(self, rsps: responses.RequestsMock) -> None:
        """Answer every request to ``base_url``'s host (``host`` and ``host:443`` forms)."""
        default_port = {"https": 443, "http": 80}.get(self._scheme)
        if self._port is None or self._port == default_port:
            port = f"(?::{default_port})?"
        else:
            port = f":{self._port}"
        pattern = re.compile(
            rf"^{re.escape(self._scheme)}://{re.escape(self._host)}{port}(?=[/?#]|$)", re.IGNORECASE
        )
        rsps.add(
            _AnyMethodCallback(
                "GET",
                pattern,
                callback=self._callback,
                content_type="application/json; charset=utf-8",
            )
        )

    def _derive_html_base(self) -> str:
        netloc = self._host + (f":{self._port}" if self._port else "")
        if self._host.startswith("api.") and self._prefix == "":
            netloc = netloc[4:]
            return f"{self._scheme}://{netloc}"
        if self._prefix.endswith("/api/v3"):
            return f"{self._scheme}://{netloc}{self._prefix[: -len('/api/v3')]}"
        return self.base_url

    # ------------------------------------------------------------------ log

    @property
    def writes(self) -> list[Call]:
        """Every non-GET call, failed ones included."""
        return [c for c in self.log if c.method not in ("GET", "HEAD")]

    def reset_log(self) -> None:
        self.log.clear()

    def calls(self, method: str | None = None, path: str | None = None) -> list[Call]:
        """Calls filtered by exact method and path substring."""
        return [
            c
            for c in self.log
            if (method is None or c.method == method.upper()) and (path is None or path in c.path)
        ]

    # ------------------------------------------------------------------ clock

    def now(self) -> str:
        return iso(self._clock)

    def advance(self, seconds: float) -> None:
        self._clock += timedelta(seconds=seconds)

    def _tick(self) -> str:
        self._clock += timedelta(seconds=1)
        return iso(self._clock)

    # ------------------------------------------------------------------ acting user

    def act_as(
        self, login: str, *, user_type: str = "User", author_association: str = "OWNER"
    ) -> None:
        """Make the token belong to ``login`` (the creator of issues/comments made through the API)."""
        self.login, self.user_type, self.author_association = login, user_type, author_association

    def act_as_actions_bot(
        self, *, author_association: str = "NONE", rate_limit: int = 1000
    ) -> None:
        """Make the token a GitHub Actions ``GITHUB_TOKEN``: ``github-actions[bot]``, type ``Bot``.

        GitHub documents no ``author_association`` for issues opened with
        ``GITHUB_TOKEN``; it is configurable here.  ``GITHUB_TOKEN``'s primary
        limit is 1,000 requests an hour per repository.
        """
        self.act_as(ACTIONS_BOT_LOGIN, user_type="Bot", author_association=author_association)
        self.rate_limit = self._rl_remaining = rate_limit

    # ------------------------------------------------------------------ URL helpers

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.repo}"

    @property
    def repo_url(self) -> str:
        return f"{self.base_url}/repos/{self.full_name}"

    @property
    def repo_html_url(self) -> str:
        return f"{self.html_base}/{self.full_name}"

    def _user(self, login: str, user_type: str = "User") -> dict:
        """GitHub's "Simple User" object."""
        uid = self._user_ids.setdefault(login, 1000 + len(self._user_ids))
        quoted = urllib.parse.quote(login, safe="")
        api = f"{self.base_url}/users/{quoted}"
        if user_type == "Bot" and login == ACTIONS_BOT_LOGIN:
            html = f"{self.html_base}/apps/github-actions"
        else:
            html = f"{self.html_base}/{login}"
        return {
            "login": login,
            "id": uid,
            "node_id": _node_id("U" if user_type == "User" else "BOT", uid),
            "avatar_url": f"{self.html_base}/avatars/{quoted}",
            "gravatar_id": "",
            "url": api,
            "html_url": html,
            "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}",
            "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs",
            "repos_url": f"{api}/repos",
            "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events",
            "type": user_type,
            "user_view_type": "public",
            "site_admin": False,
        }

    def _actor(self) -> dict:
        return self._user(self.login, self.user_type)

    def _next_id(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind] - 1

    # ------------------------------------------------------------------ JSON shapes

    def _repo_json(self) -> dict:
        u, h = self.repo_url, self.repo_html_url
        push = self.push_access and not self.read_only
        owner_user = self._user(self.owner)
        return {
            "id": self.repo_id,
            "node_id": _node_id("R", self.repo_id),
            "name": self.repo,
            "full_name": self.full_name,
            "private": self.private,
            "owner": owner_user,
            "html_url": h,
            "description": None,
            "fork": False,
            "url": u,
            "archive_url": f"{u}/{{archive_format}}{{/ref}}",
            "assignees_url": f"{u}/assignees{{/user}}",
            "blobs_url": f"{u}/git/blobs{{/sha}}",
            "branches_url": f"{u}/branches{{/branch}}",
            "collaborators_url": f"{u}/collaborators{{/collaborator}}",
            "comments_url": f"{u}/comments{{/number}}",
            "commits_url": f"{u}/commits{{/sha}}",
            "compare_url": f"{u}/compare/{{base}}...{{head}}",
            "contents_url": f"{u}/contents/{{+path}}",
            "contributors_url": f"{u}/contributors",
            "deployments_url": f"{u}/deployments",
            "downloads_url": f"{u}/downloads",
            "events_url": f"{u}/events",
            "forks_url": f"{u}/forks",
            "git_commits_url": f"{u}/git/commits{{/sha}}",
            "git_refs_url": f"{u}/git/refs{{/sha}}",
            "git_tags_url": f"{u}/git/tags{{/sha}}",
            "git_url": f"git://{h.split('://', 1)[1]}.git",
            "issue_comment_url": f"{u}/issues/comments{{/number}}",
            "issue_events_url": f"{u}/issues/events{{/number}}",
            "issues_url": f"{u}/issues{{/number}}",
            "keys_url": f"{u}/keys{{/key_id}}",
            "labels_url": f"{u}/labels{{/name}}",
            "languages_url": f"{u}/languages",
            "merges_url": f"{u}/merges",
            "milestones_url": f"{u}/milestones{{/number}}",
            "notifications_url": f"{u}/notifications{{?since,all,participating}}",
            "pulls_url": f"{u}/pulls{{/number}}",
            "releases_url": f"{u}/releases{{/id}}",
            "ssh_url": f"git@{urllib.parse.urlsplit(h).hostname}:{self.full_name}.git",
            "stargazers_url": f"{u}/stargazers",
            "statuses_url": f"{u}/statuses/{{sha}}",
            "subscribers_url": f"{u}/subscribers",
            "subscription_url": f"{u}/subscription",
            "tags_url": f"{u}/tags",
            "teams_url": f"{u}/teams",
            "trees_url": f"{u}/git/trees{{/sha}}",
            "clone_url": f"{h}.git",
            "mirror_url": None,
            "hooks_url": f"{u}/hooks",
            "svn_url": h,
            "homepage": None,
            "language": "Python",
            "forks_count": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "size": 1,
            "default_branch": "main",
            "open_issues_count": sum(1 for i in self.issues if i["state"] == "open"),
            "is_template": False,
            "topics": [],
            "has_issues": True,
            "has_projects": True,
            "has_wiki": True,
            "has_pages": False,
            "has_downloads": True,
            "has_discussions": False,
            "archived": self.archived,
            "disabled": False,
            "visibility": "private" if self.private else "public",
            "pushed_at": "2025-12-01T00:00:00Z",
            "created_at": "2025-12-01T00:00:00Z",
            "updated_at": "2025-12-01T00:00:00Z",
            **(
                {
                    "permissions": {
                        "admin": push,
                        "maintain": push,
                        "push": push,
                        "triage": push,
                        "pull": True,
                    }
                }
                if self.reports_permissions
                else {}
            ),
            "allow_forking": True,
            "web_commit_signoff_required": False,
            "license": None,
            "forks": 0,
            "open_issues": sum(1 for i in self.issues if i["state"] == "open"),
            "watchers": 0,
            "network_count": 0,
            "subscribers_count": 1,
        }

    def _new_label(self, name: str, color: str, description: str | None) -> dict:
        lid = self._next_id("label")
        label = {
            "id": lid,
            "node_id": _node_id("LA", lid),
            "url": "",
            "name": name,
            "color": color,
            "default": False,
            "description": description,
        }
        self._set_label_name(label, name)
        self.labels.append(label)
        return label

    def _set_label_name(self, label: dict, name: str) -> None:
        label["name"] = name
        label["url"] = f"{self.repo_url}/labels/{urllib.parse.quote(name, safe='')}"

    def _new_milestone(
        self,
        title: str,
        state: str,
        description: str | None,
        due_on: str | None,
        creator: dict,
        now: str,
    ) -> dict:
        mid, number = self._next_id("milestone"), self._next_milestone_number
        self._next_milestone_number += 1
        milestone = {
            "url": f"{self.repo_url}/milestones/{number}",
            "html_url": f"{self.repo_html_url}/milestone/{number}",
            "labels_url": f"{self.repo_url}/milestones/{number}/labels",
            "id": mid,
            "node_id": _node_id("MI", mid),
            "number": number,
            "title": title,
            "description": description,
            "creator": creator,
            "open_issues": 0,
            "closed_issues": 0,
            "state": state,
            "created_at": now,
            "updated_at": now,
            "due_on": due_on,
            "closed_at": now if state == "closed" else None,
        }
        self.milestones.append(milestone)
        return milestone

    def _new_issue(
        self,
        *,
        title: str,
        body: str | None,
        user: dict,
        association: str,
        labels: list[dict],
        milestone: dict | None,
        assignees: list[dict],
        created_at: str | None = None,
        pull_request: bool = False,
        draft: bool = False,
    ) -> dict:
        number, iid = self._next_number, self._next_id("issue")
        self._next_number += 1
        created = created_at or self._tick()
        u = f"{self.repo_url}/issues/{number}"
        kind = "pull" if pull_request else "issues"
        issue = {
            "url": u,
            "repository_url": self.repo_url,
            "labels_url": f"{u}/labels{{/name}}",
            "comments_url": f"{u}/comments",
            "events_url": f"{u}/events",
            "html_url": f"{self.repo_html_url}/{kind}/{number}",
            "id": iid,
            "node_id": _node_id("PR" if pull_request else "I", iid),
            "number": number,
            "title": title,
            "user": user,
            "labels": labels,
            "state": "open",
            "locked": False,
            "assignee": assignees[0] if assignees else None,
            "assignees": assignees,
            "milestone": milestone,
            "comments": 0,
            "created_at": created,
            "updated_at": created,
            "closed_at": None,
            "author_association": association,
            "type": None,
            "active_lock_reason": None,
            "sub_issues_summary": {"total": 0, "completed": 0, "percent_completed": 0},
            "issue_dependencies_summary": {
                "blocked_by": 0,
                "total_blocked_by": 0,
                "blocking": 0,
                "total_blocking": 0,
            },
            "body": body,
            "closed_by": None,
            "reactions": _reactions(f"{u}/reactions"),
            "timeline_url": f"{u}/timeline",
            "performed_via_github_app": None,
            "state_reason": None,
        }
        if pull_request:
            pu = f"{self.repo_url}/pulls/{number}"
            ph = f"{self.repo_html_url}/pull/{number}"
            issue["draft"] = draft
            issue["pull_request"] = {
                "url": pu,
                "html_url": ph,
                "diff_url": f"{ph}.diff",
                "patch_url": f"{ph}.patch",
                "merged_at": None,
            }
        self.issues.append(issue)
        self.comments.setdefault(number, [])
        return issue

    def _render_issue(self, issue: dict, *, single: bool) -> dict:
        """An issue as GitHub answers it: the list omits ``closed_by``."""
        out = dict(issue)
        if not single:
            out.pop("closed_by", None)
        return out

    def _recount(self) -> None:
        # One pass over the issues: this runs on every request.
        counts = {id(m): {"open": 0, "closed": 0} for m in self.milestones}
        for issue in self.issues:
            milestone = issue["milestone"]
            if milestone is not None and id(milestone) in counts:
                counts[id(milestone)][issue["state"]] += 1
        for m in self.milestones:
            m["open_issues"] = counts[id(m)]["open"]
            m["closed_issues"] = counts[id(m)]["closed"]

    # ------------------------------------------------------------------ lookups

    def _find_label(self, name: str) -> dict | None:
        low = name.lower()
        return next((lbl for lbl in self.labels if lbl["name"].lower() == low), None)

    def _find_milestone(self, key: int | str) -> dict | None:
        if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
            return next((m for m in self.milestones if m["number"] == int(key)), None)
        return next((m for m in self.milestones if m["title"] == key), None)

    def _find_issue(self, number: int) -> dict | None:
        return next((i for i in self.issues if i["number"] == number), None)

    def issue(self, number: int) -> dict:
        found = self._find_issue(number)
        if found is None:
            raise KeyError(f"no issue #{number}")
        return found

    def label(self, name: str) -> dict:
        found = self._find_label(name)
        if found is None:
            raise KeyError(f"no label {name!r}")
        return found

    def milestone(self, number_or_title: int | str) -> dict:
        found = self._find_milestone(number_or_title)
        if found is None:
            raise KeyError(f"no milestone {number_or_title!r}")
        return found

    # ------------------------------------------------------------------ seeding (not logged)

    def add_label(self, name: str, color: str = "ededed", description: str | None = None) -> dict:
        if self._find_label(name):
            raise ValueError(f"label {name!r} exists")
        self._tick()
        return self._new_label(name, color, description)

    def add_milestone(
        self,
        title: str,
        *,
        state: str = "open",
        description: str | None = None,
        due_on: datetime | date | str | None = None,
    ) -> dict:
        """A milestone made on github.com. ``due_on`` (date or date-time) is floored like GitHub does."""
        return self._new_milestone(
            title,
            state,
            description,
            floor_due_on(due_on) if due_on is not None else None,
            self._user(self.owner),
            self._tick(),
        )

    def add_issue(
        self,
        title: str,
        body: str = "",
        *,
        login: str = "learner",
        user_type: str = "User",
        author_association: str = "OWNER",
        state: str = "open",
        state_reason: str | None = None,
        labels: Iterable[str] = (),
        milestone: int | str | None = None,
        created_at: datetime | str | None = None,
        closed_at: datetime | str | None = None,
        assignees: Iterable[str] = (),
        pull_request: bool = False,
        draft: bool = False,
    ) -> dict:
        """An issue opened by a person on github.com. Missing labels are created."""
        with self._lock:
            ms = None
            if milestone is not None:
                ms = self.milestone(milestone)
            created = _ts(created_at) or self._tick()
            issue = self._new_issue(
                title=title,
                body=body,
                user=self._user(login, user_type),
                association=author_association,
                labels=[self._find_label(n) or self._new_label(n, "ededed", None) for n in labels],
                milestone=ms,
                assignees=[self._user(a) for a in assignees],
                created_at=created,
                pull_request=pull_request,
                draft=draft,
            )
            if state == "closed":
                closed = _ts(closed_at) or self._tick()
                issue.update(
                    state="closed",
                    state_reason=state_reason or "completed",
                    closed_at=closed,
                    updated_at=max(created, closed),
                    closed_by=self._user(self.owner),
                )
            elif state_reason:
                issue["state_reason"] = state_reason
            self._recount()
            return issue

    def add_pull_request(self, title: str, body: str = "", **kw: Any) -> dict:
        """A pull request: in the issues list with a ``pull_request`` key and a ``/pull/`` html_url."""
        return self.add_issue(title, body, pull_request=True, **kw)

    def add_comment(
        self,
        number: int,
        body: str,
        *,
        login: str = "learner",
        user_type: str = "User",
        author_association: str = "OWNER",
    ) -> dict:
        with self._lock:
            return self._new_comment(
                self.issue(number),
                body,
                self._user(login, user_type),
                author_association,
                self._tick(),
            )

    def edit_comment(self, comment_id: int, body: str) -> dict:
        """A person edits a comment on github.com: its body and ``updated_at`` change."""
        with self._lock:
            comment = self._comment_or_404(str(comment_id))
            comment.update(body=body, updated_at=self._tick())
            return comment

    def delete_comment(self, comment_id: int) -> None:
        """A person deletes a comment on github.com; the issue's ``comments`` count drops."""
        with self._lock:
            self._remove_comment(self._comment_or_404(str(comment_id)))

    def close_issue(
        self, number: int, *, reason: str = "completed", closed_at: datetime | str | None = None
    ) -> None:
        with self._lock:
            issue = self.issue(number)
            when = _ts(closed_at) or self._tick()
            issue.update(
                state="closed",
                state_reason=reason,
                closed_at=when,
                updated_at=when,
                closed_by=self._user(self.owner),
            )
            self._recount()

    def reopen_issue(self, number: int) -> None:
        with self._lock:
            issue = self.issue(number)
            issue.update(
                state="open",
                state_reason="reopened",
                closed_at=None,
                closed_by=None,
                updated_at=self._tick(),
            )
            self._recount()

    def edit_issue(self, number: int, **fields: Any) -> None:
        """Edit as a person would. ``labels`` are names (created if missing), ``milestone`` a
        number, title or None, ``assignees`` logins; ``user``/``login`` changes the author;
        any other key is set as given.  ``updated_at`` moves unless given."""
        with self._lock:
            issue = self.issue(number)
            updated = _ts(fields.pop("updated_at", None))
            now = self._tick()
            for key, value in fields.items():
                if key == "labels":
                    issue["labels"] = [
                        self._find_label(n) or self._new_label(n, "ededed", None) for n in value
                    ]
                elif key == "milestone":
                    issue["milestone"] = None if value is None else self.milestone(value)
                elif key == "assignees":
                    issue["assignees"] = [self._user(a) for a in value]
                    issue["assignee"] = issue["assignees"][0] if issue["assignees"] else None
                elif key in ("login", "user"):
                    issue["user"] = self._user(value, issue["user"]["type"])
                elif key == "user_type":
                    issue["user"] = self._user(issue["user"]["login"], value)
                elif key in ("created_at", "closed_at"):
                    issue[key] = _ts(value)
                elif key == "state" and value != issue["state"]:
                    if value == "closed":
                        issue.update(
                            state="closed",
                            closed_by=self._user(self.owner),
                            state_reason=fields.get("state_reason") or "completed",
                            closed_at=_ts(fields.get("closed_at")) or now,
                        )
                    else:
                        issue.update(
                            state="open",
                            state_reason=fields.get("state_reason") or "reopened",
                            closed_at=None,
                            closed_by=None,
                        )
                else:
                    issue[key] = value
            issue["updated_at"] = updated or now
            self._recount()

    # ------------------------------------------------------------------ fault injection

    def add_file(self, path: str, content: str | bytes, *, ref: str | None = None) -> None:
        """A file at `path` on branch `ref` (default: the default branch, "main")."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.files.setdefault(ref or "main", {})[path] = data

    def fail_next(
        self,
        status: int,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int = 1,
        headers: dict[str, str] | None = None,
        message: str | None = None,
        apply_first: bool = False,
    ) -> None:
        """The next ``times`` matching requests (method exact, path substring) answer ``status``.

        ``apply_first=True`` performs the request first, then answers the error
        (GitHub applied the write but the answer was a 5xx or was lost).
        """
        self._faults.append(
            _Fault(status, method, path, times, dict(headers or {}), message, apply_first)
        )

    def secondary_rate_limit(
        self,
        *,
        status: int = 403,
        retry_after: int | None = 60,
        method: str | None = None,
        path: str | None = None,
        times: int = 1,
        content_creation: bool = False,
    ) -> None:
        """GitHub's secondary limit: 403 or 429, ``retry-after`` (unless None), and
        "You have exceeded a secondary rate limit..." (the content-creation variant
        with ``content_creation=True``).  The primary counters stay non-zero."""
        headers = {} if retry_after is None else {"retry-after": str(retry_after)}
        message = (
            CONTENT_CREATION_LIMIT_MESSAGE if content_creation else SECONDARY_RATE_LIMIT_MESSAGE
        )
        self._faults.append(
            _Fault(
                status,
                method,
                path,
                times,
                headers,
                message,
                documentation_url=SECONDARY_RATE_LIMIT_DOC,
            )
        )

    def primary_rate_limit_exhausted(self, *, reset_in: int = 1800, status: int = 403) -> None:
        """From now on every request answers 403 "API rate limit exceeded for ...",
        ``x-ratelimit-remaining: 0`` and ``x-ratelimit-reset`` = now + ``reset_in``
        (wall clock), until the wall clock passes the reset."""
        self._rl_remaining = 0
        self._rl_reset = int(self.wall_clock()) + reset_in
        self._primary_status = status

    def fail_after_writes(self, n: int, status: int = 500) -> None:
        """After ``n`` more successful writes every request answers ``status`` (a crash mid-run)."""
        self._fail_after = (n, status)
        if n <= 0:
            self._crashed_status = status

    def rename(self, new_name: str) -> None:
        """The repository is renamed (or transferred): GitHub answers requests to the old name
        with 301 for GET and HEAD and 307 for other methods, ``location`` pointing at
        ``/repositories/{id}/...``.
        https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
        and "Repository redirects are here" (GitHub's changelog, 2015)."""
        self.old_names.append(self.repo)
        self.repo = new_name

    def before_request(
        self,
        action: Callable[[], Any],
        *,
        method: str | None = None,
        path: str | None = None,
        times: int = 1,
    ) -> None:
        """Run ``action`` just before the next ``times`` matching requests are served."""
        self._hooks.append(_Hook(method, path, action, times))

    def lose_answer(
        self,
        *,
        method: str | None = None,
        path: str | None = None,
        error: type[Exception] = requests.exceptions.ReadTimeout,
        applied_after: int | None = 0,
        times: int = 1,
    ) -> None:
        """The next matching request gets no answer: the client sees ``error`` (a read
        timeout, a cut-off answer, a refused connection). GitHub applies it at once
        (``applied_after=0``), once ``applied_after`` further requests have been served (a
        write that lands after the client gave up), or never (``None``)."""
        self._lost.append(_Lost(method, path, error, applied_after, times))

    def clear_faults(self) -> None:
        self._faults.clear()
        self._fail_after = None
        self._crashed_status = None

    @property
    def rate_limit_remaining(self) -> int:
        return self._rl_remaining

    # ------------------------------------------------------------------ request handling

    def _callback(self, request: Any) -> tuple[int, dict[str, str], str]:
        with self._lock:
            return self._serve(request)

    def _serve(self, request: Any) -> tuple[int, dict[str, str], str]:
        split = urllib.parse.urlsplit(str(request.url))
        method = request.method.upper()
        raw_path = split.path
        if raw_path == self._prefix or raw_path.startswith(self._prefix + "/"):
            path: str | None = raw_path[len(self._prefix) :] or "/"
        else:
            path = None
        query = {
            k: v[-1] for k, v in urllib.parse.parse_qs(split.query, keep_blank_values=True).items()
        }
        body, body_ok = _parse_body(request.body)
        self._request_counter += 1
        request_id = f"FAKE:{self._request_counter:06X}"
        self._run_deferred()
        for hook in [h for h in self._hooks if h.matches(method, path or raw_path)]:
            if hook not in self._hooks:  # spent meanwhile, by a request its sibling made
                continue
            hook.times -= 1
            if hook.times <= 0:
                self._hooks.remove(hook)
            hook.action()
        lost = next((x for x in self._lost if x.matches(method, path or raw_path)), None)
        if lost is not None:
            lost.times -= 1
            if lost.times <= 0:
                self._lost.remove(lost)

            def apply() -> Any:
                return self._dispatch(method, path, query, body, body_ok, request.headers, "")

            if lost.applied_after == 0:
                apply()
            elif lost.applied_after is not None:
                self._deferred.append((lost.applied_after, apply))
            self.log.append(Call(method, path or raw_path, query, body if body_ok else None, 0))
            raise lost.error(f"fake: no answer to {method} {raw_path}")

        status, headers, payload = self._dispatch(
            method, path, query, body, body_ok, request.headers, request_id
        )
        base = {
            "content-type": "application/json; charset=utf-8",
            "x-github-media-type": "github.v3; format=json",
            "x-github-api-version-selected": "2022-11-28",
            "x-github-request-id": request_id,
        }
        base.update(self._rate_headers())
        base.update(headers)
        self.log.append(
            Call(
                method,
                path if path is not None else raw_path,
                query,
                body if body_ok else None,
                status,
                payload,
            )
        )
        text = "" if payload is None else json.dumps(payload)
        return status, base, text

    def _run_deferred(self) -> None:
        """Writes GitHub applies late: each waits for its count of requests, then lands."""
        waiting = []
        for left, apply in self._deferred:
            if left <= 1:
                apply()
            else:
                waiting.append((left - 1, apply))
        self._deferred = waiting

    def _redirect(self, method: str, path: str) -> tuple[int, dict[str, str], Any] | None:
        match = _REPO_PATH.match(path)
        if not match or match["owner"].lower() != self.owner.lower():
            return None
        if match["repo"].lower() not in {name.lower() for name in self.old_names}:
            return None
        status = 301 if method in ("GET", "HEAD") else 307
        location = f"{self.base_url}/repositories/{self.repo_id}{match['rest'] or ''}"
        message = "Moved Permanently" if status == 301 else "Temporary Redirect"
        return status, {"location": location}, {"message": message, "url": location}

    def _dispatch(
        self,
        method: str,
        path: str | None,
        query: dict[str, str],
        body: Any,
        body_ok: bool,
        req_headers: Any,
        request_id: str,
    ) -> tuple[int, dict[str, str], Any]:
        """Answer one request: auth (401), primary limit (403), crash after N writes,
        injected faults, routing (404), read-only token (403), then the handler."""
        doc = DOCS
        fault: _Fault | None = None
        try:
            self._authenticate(req_headers, method)
            self._spend_rate_limit(path, request_id)
            if self._crashed_status is not None:
                raise _Error(self._crashed_status)
            fault = self._take_fault(method, path or "")
            if fault and not fault.apply_first:
                raise self._fault_error(fault, request_id)
            if path is None:
                raise _Error(404)
            redirect = self._redirect(method, path)
            if redirect is not None:
                return redirect
            route, params = self._resolve(method, path)
            doc = route.doc
            write = method not in ("GET", "HEAD")
            if write and self.archived:
                raise _Error(403, ARCHIVED_MESSAGE, doc=doc)
            if write and self.read_only:
                raise _Error(403, READ_ONLY_MESSAGE, doc=doc)
            if not body_ok:
                raise _Error(400, "Problems parsing JSON", doc=doc)
            if (
                body is not None
                and not isinstance(body, dict)
                and route.handler != "_add_issue_labels"
            ):
                raise _Error(422, "Invalid request.\n\nInvalid input: object is expected.", doc=doc)
            if write:
                self._tick()
            status, payload, headers = getattr(self, route.handler)(
                params=params,
                query=query,
                body=body if body is not None else {},
                path=path,
                doc=doc,
            )
            self._recount()
            if fault and fault.apply_first:
                raise self._fault_error(fault, request_id)
            if write and 200 <= status < 300:
                self._count_successful_write()
            return status, headers, payload
        except _Error as raised:
            err = raised
            if fault and fault.apply_first:  # the injected answer wins over the handler's
                err = self._fault_error(fault, request_id)
        body_out: dict[str, Any] = {"message": err.message}
        if err.errors is not None:
            body_out["errors"] = err.errors
        body_out.update(documentation_url=err.doc or doc, status=str(err.status))
        return err.status, dict(err.headers), body_out

    def _authenticate(self, headers: Any, method: str = "GET") -> None:
        value = headers.get("Authorization") if headers is not None else None
        if not value and method in ("GET", "HEAD") and not self.private:
            return  # a public repository reads without a token (a private one answers 404)
        if not value and method in ("GET", "HEAD"):
            raise _Error(404)
        if not value:
            raise _Error(401, "Requires authentication")
        scheme, _, credential = value.partition(" ")
        if scheme.lower() not in ("token", "bearer") or credential.strip() != self.token:
            raise _Error(401, "Bad credentials")

    def _spend_rate_limit(self, path: str | None, request_id: str) -> None:
        if self.wall_clock() >= self._rl_reset:
            self._rl_remaining = self.rate_limit
            self._rl_reset = int(self.wall_clock()) + 3600
        if self._rl_remaining <= 0:
            if self.user_type == "Bot":
                who = f"installation ID {self.repo_id % 100000}"
            else:
                who = f"user ID {self._user(self.login)['id']}"
            raise _Error(
                self._primary_status,
                f"API rate limit exceeded for {who}. If you reach out to GitHub Support for "
                f"help, please include the request ID {request_id}.",
                doc=PRIMARY_RATE_LIMIT_DOC,
            )
        self._rl_remaining -= 1

    def _rate_headers(self) -> dict[str, str]:
        return {
            "x-ratelimit-limit": str(self.rate_limit),
            "x-ratelimit-remaining": str(max(self._rl_remaining, 0)),
            "x-ratelimit-reset": str(self._rl_reset),
            "x-ratelimit-used": str(self.rate_limit - max(self._rl_remaining, 0)),
            "x-ratelimit-resource": "core",
        }

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        for fault in self._faults:
            if fault.times > 0 and fault.matches(method, path):
                fault.times -= 1
                if fault.times == 0:
                    self._faults.remove(fault)
                return fault
        return None

    def _fault_error(self, fault: _Fault, request_id: str) -> _Error:
        message = fault.message
        if message in (SECONDARY_RATE_LIMIT_MESSAGE, CONTENT_CREATION_LIMIT_MESSAGE):
            message = (
                f"{message} If you reach out to GitHub Support for help, please include "
                f"the request ID {request_id}."
            )
        return _Error(fault.status, message, doc=fault.documentation_url, headers=fault.headers)

    def _count_successful_write(self) -> None:
        if self._fail_after is None:
            return
        left, status = self._fail_after
        left -= 1
        self._fail_after = (left, status)
        if left <= 0:
            self._crashed_status = status

    def _resolve(self, method: str, path: str) -> tuple[_Route, dict[str, str]]:
        """Find the route; unknown paths and methods answer 404 like GitHub."""
        m = _REPO_PATH.match(path)
        if m:
            if (m["owner"].lower(), m["repo"].lower()) != (self.owner.lower(), self.repo.lower()):
                raise _Error(404)
            rest, routes = m["rest"] or "", _REPO_ROUTES
        elif m := _REPO_ID_PATH.match(path):
            if int(m["id"]) != self.repo_id:
                raise _Error(404)
            rest, routes = m["rest"] or "", _REPO_ROUTES
        else:
            rest, routes = path, _TOP_ROUTES
        for route in routes:
            hit = route.pattern.match(rest)
            if hit and route.method == ("GET" if method == "HEAD" else method):
                return route, {k: urllib.parse.unquote(v) for k, v in hit.groupdict().items()}
        raise _Error(404)

    # ------------------------------------------------------------------ pagination

    def _per_page(self, query: dict[str, str]) -> int:
        try:
            n = int(query.get("per_page", self.per_page_default))
        except ValueError:
            n = self.per_page_default
        return min(max(n, 1), 100) if n > 0 else self.per_page_default

    def _link(self, path: str, query: dict[str, str], **changes: Any) -> str:
        params = {k: v for k, v in query.items() if k not in ("page", "after", "before")}
        params.update({k: str(v) for k, v in changes.items()})
        return f"{self.base_url}{path}?{urllib.parse.urlencode(params)}"

    def _paginate_pages(
        self, items: list, query: dict[str, str], path: str
    ) -> tuple[list, dict[str, str]]:
        """Page-number pagination with ``rel`` prev/next/last/first (labels, milestones, comments)."""
        per_page = self._per_page(query)
        try:
            page = max(int(query.get("page", 1)), 1)
        except ValueError:
            page = 1
        last = max((len(items) + per_page - 1) // per_page, 1)
        chunk = items[(page - 1) * per_page : page * per_page]
        rels = []
        if page > 1:
            rels.append(("prev", min(page - 1, last)))
        if page < last:
            rels += [("next", page + 1), ("last", last)]
        if page > 1:
            rels.append(("first", 1))
        headers = {}
        if rels:
            headers["link"] = ", ".join(
                f'<{self._link(path, query, page=p)}>; rel="{rel}"' for rel, p in rels
            )
        return chunk, headers

    # ------------------------------------------------------------------ handlers: contents

    # GitHub's contents API answers files of up to 1 MB base64-encoded (wrapped at 60
    # characters, as GitHub sends it); 1-100 MB with ``encoding: "none"`` and empty content;
    # a folder as a list of entries; anything missing 404 "Not Found".
    _INLINE_LIMIT = 1024 * 1024

    def _tree(self, query: dict[str, str]) -> dict[str, bytes]:
        ref = query.get("ref") or "main"
        if ref not in self.files:
            raise _Error(404, f"No commit found for the ref {ref}")
        return self.files[ref]

    def _content_json(self, path: str, data: bytes, ref: str) -> dict:
        encoded = base64.b64encode(data).decode("ascii")
        inline = len(data) <= self._INLINE_LIMIT
        wrapped = "\n".join(encoded[i : i + 60] for i in range(0, len(encoded), 60)) + "\n"
        api = f"{self.repo_url}/contents/{urllib.parse.quote(path)}?ref={ref}"
        html = f"{self.repo_html_url}/blob/{ref}/{urllib.parse.quote(path)}"
        return {
            "type": "file",
            "encoding": "base64" if inline else "none",
            "size": len(data),
            "name": path.rsplit("/", 1)[-1],
            "path": path,
            "content": wrapped if inline else "",
            "sha": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest(),  # git's blob id
            "url": api,
            "git_url": None,
            "html_url": html,
            "download_url": None,
            "_links": {"self": api, "git": None, "html": html},
        }

    def _get_readme(self, query: dict, **_: Any) -> tuple[int, Any, dict]:
        tree = self._tree(query)
        for path in sorted(tree):
            if "/" not in path and path.lower().startswith("readme"):
                return 200, self._content_json(path, tree[path], query.get("ref") or "main"), {}
        raise _Error(404)

    def _get_contents(self, params: dict, query: dict, **_: Any) -> tuple[int, Any, dict]:
        tree = self._tree(query)
        path = params["path"].strip("/")
        ref = query.get("ref") or "main"
        if path in tree:
            return 200, self._content_json(path, tree[path], ref), {}
        inside = sorted(
            {p[len(path) + 1 :].split("/")[0] for p in tree if p.startswith(path + "/")}
        )
        if not inside:
            raise _Error(404)
        entries = [
            {
                "type": "file" if f"{path}/{name}" in tree else "dir",
                "name": name,
                "path": f"{path}/{name}",
                "size": len(tree.get(f"{path}/{name}", b"")),
                "sha": "0" * 40,
                "url": f"{self.repo_url}/contents/{path}/{name}?ref={ref}",
            }
            for name in inside
        ]
        return 200, entries, {}

    # ------------------------------------------------------------------ handlers: repo, user

    def _get_repo(self, **_: Any) -> tuple[int, Any, dict]:
        return 200, self._repo_json(), {}

    # ------------------------------------------------------------------ handlers: labels

    def _check_label_fields(self, body: dict, doc: str) -> None:
        color = body.get("color")
        if color is not None and (not isinstance(color, str) or not _HEX_COLOR.match(color)):
            raise _validation("Label", "color", "invalid", doc)
        description = body.get("description")
        if isinstance(description, str) and len(description) > 100:
            raise _validation(
                "Label",
                "description",
                "custom",
                doc,
                message="description is too long (maximum is 100 characters)",
            )

    def _check_label_name(self, name: Any, doc: str, *, field_: str = "name") -> str:
        if not isinstance(name, str) or not name.strip():
            raise _validation("Label", field_, "missing_field", doc)
        if len(name) > 50:  # observed on github.com, not in the docs
            raise _validation(
                "Label",
                field_,
                "custom",
                doc,
                message="name is too long (maximum is 50 characters)",
            )
        return name

    def _list_labels(self, query: dict, path: str, **_: Any) -> tuple[int, Any, dict]:
        page, headers = self._paginate_pages(
            sorted(self.labels, key=lambda lbl: lbl["id"]), query, path
        )
        return 200, page, headers

    def _create_label(self, body: dict, doc: str, **_: Any) -> tuple[int, Any, dict]:
        name = self._check_label_name(body.get("name"), doc)
        self._check_label_fields(body, doc)
        if self._find_label(name):
            raise _validation("Label", "name", "already_exists", doc)
        label = self._new_label(name, body.get("color") or "ededed", body.get("description"))
        return 201, label, {"location": label["url"]}

    def _label_or_404(self, name: str) -> dict:
        label = self._find_label(name)
        if label is None:
            raise _Error(404)
        return label

    def _get_label(self, params: dict, **_: Any) -> tuple[int, Any, dict]:
        return 200, self._label_or_404(params["name"]), {}

    def _update_label(self, params: dict, body: dict, doc: str, **_: Any) -> tuple[int, Any, dict]:
        label = self._label_or_404(params["name"])
        self._check_label_fields(body, doc)
        new_name = body.get("new_name")
        if new_name is not None:
            new_name = self._check_label_name(new_name, doc, field_="name")
            other = self._find_label(new_name)
            if other is not None and other is not label:
                raise _validation("Label", "name", "already_exists", doc)
            self._set_label_name(label, new_name)
        if "color" in body and body["color"] is not None:
            label["color"] = body["color"]
        if "description" in body:
            label["description"] = body["description"]
        return 200, label, {}

    # ------------------------------------------------------------------ handlers: milestones

    def _due_on(self, value: Any, doc: str) -> str | None:
        if value is None:
            return None
        if _parse_datetime(value) is None:
            raise _Error(
                422,
                f"Invalid request.\n\nFor 'properties/due_on', {json.dumps(value)} "
                f"is not a date-time.",
                doc=doc,
            )
        return floor_due_on(value)

    def _check_milestone_state(self, state: Any, doc: str) -> None:
        if state not in ("open", "closed"):
            raise _validation("Milestone", "state", "invalid", doc, value=state)

    def _list_milestones(self, query: dict, path: str, **_: Any) -> tuple[int, Any, dict]:
        state = query.get("state", "open")
        items = [m for m in self.milestones if state == "all" or m["state"] == state]
        reverse = query.get("direction", "asc") == "desc"
        if query.get("sort") == "completeness":

            def key(m: dict) -> tuple:
                total = m["open_issues"] + m["closed_issues"]
                return (m["closed_issues"] / total if total else 0.0, m["number"])

            items.sort(key=key, reverse=reverse)
        else:  # due_on; milestones without a due date go last either way (GitHub documents no order)
            dated = sorted(
                (m for m in items if m["due_on"]),
                key=lambda m: (m["due_on"], m["number"]),
                reverse=reverse,
            )
            items = dated + sorted((m for m in items if not m["due_on"]), key=lambda m: m["number"])
        page, headers = self._paginate_pages(items, query, path)
        return 200, page, headers

    def _create_milestone(self, body: dict, doc: str, **_: Any) -> tuple[int, Any, dict]:
        title = body.get("title")
        if not isinstance(title, str) or not title.strip():
            raise _validation("Milestone", "title", "missing_field", doc)
        state = body.get("state", "open")
        self._check_milestone_state(state, doc)
        due_on = self._due_on(body.get("due_on"), doc)
        if any(m["title"] == title for m in self.milestones):  # open or closed
            raise _validation("Milestone", "title", "already_exists", doc)
        milestone = self._new_milestone(
            title, state, body.get("description"), due_on, self._actor(), self.now()
        )
        return 201, milestone, {"location": milestone["url"]}

    def _milestone_or_404(self, number: str) -> dict:
        milestone = self._find_milestone(int(number))
        if milestone is None:
            raise _Error(404)
        return milestone

    def _get_milestone(self, params: dict, **_: Any) -> tuple[int, Any, dict]:
        return 200, self._milestone_or_404(params["number"]), {}

    def _update_milestone(
        self, params: dict, body: dict, doc: str, **_: Any
    ) -> tuple[int, Any, dict]:
        milestone = self._milestone_or_404(params["number"])
        if "title" in body:
            title = body["title"]
            if not isinstance(title, str) or not title.strip():
                raise _validation("Milestone", "title", "missing_field", doc)
            if any(m["title"] == title and m is not milestone for m in self.milestones):
                raise _validation("Milestone", "title", "already_exists", doc)
        if "state" in body:
            self._check_milestone_state(body["state"], doc)
        due_on = self._due_on(body["due_on"], doc) if "due_on" in body else milestone["due_on"]
        now = self.now()
        if "title" in body:
            milestone["title"] = body["title"]
        if "description" in body:
            milestone["description"] = body["description"]
        if "state" in body and body["state"] != milestone["state"]:
            milestone["state"] = body["state"]
            milestone["closed_at"] = now if body["state"] == "closed" else None
        milestone["due_on"] = due_on
        milestone["updated_at"] = now
        return 200, milestone, {}

    # ------------------------------------------------------------------ handlers: issues

    def _issue_or_404(self, number: str) -> dict:
        issue = self._find_issue(int(number))
        if issue is None:
            raise _Error(404)
        return issue

    def _labels_from(self, value: Any, doc: str) -> list[dict]:
        """``labels`` as names or ``{"name": ...}`` objects; unknown names become new labels."""
        if not isinstance(value, list):
            raise _validation("Issue", "labels", "invalid", doc, value=value)
        out: list[dict] = []
        for item in value:
            name = item.get("name") if isinstance(item, dict) else item
            if not isinstance(name, str) or not name.strip():
                raise _validation("Label", "name", "missing_field", doc)
            label = self._find_label(name) or self._new_label(name, "ededed", None)
            if label not in out:
                out.append(label)
        return out

    def _milestone_from(self, value: Any, doc: str) -> dict | None:
        if value is None or value == "":
            return None
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            milestone = self._find_milestone(int(value))
            if milestone is not None:
                return milestone
        raise _validation("Issue", "milestone", "invalid", doc, value=value)

    def _assignees_from(self, body: dict) -> list[dict] | None:
        if "assignees" in body and body["assignees"] is not None:
            return [self._user(login) for login in body["assignees"]]
        if "assignee" in body:
            return [self._user(body["assignee"])] if body["assignee"] else []
        return None

    def _list_issues(self, query: dict, path: str, doc: str, **_: Any) -> tuple[int, Any, dict]:
        """List repository issues (pull requests included), cursor-paginated.

        Filters: state (default open), milestone (number, ``*``, ``none``), labels
        (all of them, case-insensitive), creator, assignee (login, ``*``, ``none``),
        since (updated at or after).  Sort created|updated|comments, direction
        default desc.  The link header carries only ``rel="next"`` with an opaque
        ``after`` cursor (GitHub no longer computes ``last`` for issues).
        """
        state = query.get("state", "open")
        items = [i for i in self.issues if state == "all" or i["state"] == state]
        ms = query.get("milestone")
        if ms == "*":
            items = [i for i in items if i["milestone"] is not None]
        elif ms == "none":
            items = [i for i in items if i["milestone"] is None]
        elif ms:
            items = [
                i
                for i in items
                if i["milestone"] is not None and str(i["milestone"]["number"]) == ms
            ]
        if query.get("labels"):
            wanted = {n.strip().lower() for n in query["labels"].split(",") if n.strip()}
            items = [i for i in items if wanted <= {lbl["name"].lower() for lbl in i["labels"]}]
        if query.get("creator"):
            items = [i for i in items if i["user"]["login"].lower() == query["creator"].lower()]
        assignee = query.get("assignee")
        if assignee == "none":
            items = [i for i in items if not i["assignees"]]
        elif assignee == "*":
            items = [i for i in items if i["assignees"]]
        elif assignee:
            items = [
                i
                for i in items
                if any(a["login"].lower() == assignee.lower() for a in i["assignees"])
            ]
        if query.get("since"):
            since = _parse_datetime(query["since"])
            if since is None:
                raise _Error(422, "Invalid value for `since`", doc=doc)
            items = [i for i in items if _parse_datetime(i["updated_at"]) >= since]

        sort = query.get("sort", "created")
        field_ = {"created": "created_at", "updated": "updated_at", "comments": "comments"}.get(
            sort, "created_at"
        )
        desc = query.get("direction", "desc") != "asc"
        items.sort(key=lambda i: (i[field_], i["number"]), reverse=desc)
        per_page = self._per_page(query)

        if "after" in query:
            key = _decode_cursor(query["after"])
            if key is None:
                raise _Error(422, "Invalid cursor", doc=doc)
            items = [
                i
                for i in items
                if ((i[field_], i["number"]) < key if desc else (i[field_], i["number"]) > key)
            ]
        elif "page" in query:
            try:
                page = max(int(query["page"]), 1)
            except ValueError:
                page = 1
            items = items[(page - 1) * per_page :]

        chunk = items[:per_page]
        headers = {}
        if len(items) > per_page:
            last = chunk[-1]
            cursor = _encode_cursor([last[field_], last["number"]])
            headers["link"] = f'<{self._link(path, query, after=cursor)}>; rel="next"'
        return 200, [self._render_issue(i, single=False) for i in chunk], headers

    def _create_issue(self, body: dict, doc: str, **_: Any) -> tuple[int, Any, dict]:
        title = body.get("title")
        if isinstance(title, int) and not isinstance(title, bool):
            title = str(title)
        if not isinstance(title, str) or not title.strip():
            raise _validation("Issue", "title", "missing_field", doc)
        self._check_issue_limits(title, body.get("body"), doc)
        labels, milestone, assignees = [], None, []
        if self.push_access:  # without push access GitHub silently drops these
            milestone = self._milestone_from(body.get("milestone"), doc)
            if body.get("labels") is not None:
                labels = self._labels_from(body["labels"], doc)
            assignees = self._assignees_from(body) or []
        issue = self._new_issue(
            title=title,
            body=body.get("body"),
            user=self._actor(),
            association=self.author_association,
            labels=labels,
            milestone=milestone,
            assignees=assignees,
            created_at=self.now(),
        )
        return 201, self._render_issue(issue, single=True), {"location": issue["url"]}

    def _check_issue_limits(self, title: str, body: Any, doc: str) -> None:
        """GitHub's limits, answered with its own words in ``errors[].message``."""
        if len(title) > 256:
            raise _validation(
                "Issue",
                "title",
                "custom",
                doc,
                message="title is too long (maximum is 256 characters)",
            )
        if isinstance(body, str) and len(body) > 65536:
            raise _validation(
                "Issue",
                "body",
                "custom",
                doc,
                message="body is too long (maximum is 65536 characters)",
            )

    def _get_issue(self, params: dict, **_: Any) -> tuple[int, Any, dict]:
        return 200, self._render_issue(self._issue_or_404(params["number"]), single=True), {}

    def _update_issue(self, params: dict, body: dict, doc: str, **_: Any) -> tuple[int, Any, dict]:
        """Update an issue: title, body, state + state_reason, labels (replace), milestone
        (number, or null/"" to clear), assignees (replace)."""
        issue = self._issue_or_404(params["number"])
        changes: dict[str, Any] = {}
        if "title" in body:
            title = body["title"]
            if isinstance(title, int) and not isinstance(title, bool):
                title = str(title)
            if not isinstance(title, str) or not title.strip():
                raise _validation("Issue", "title", "missing_field", doc)
            self._check_issue_limits(title, None, doc)
            changes["title"] = title
        if "body" in body:
            changes["body"] = body["body"]
        state = body.get("state")
        if state is not None and state not in ("open", "closed"):
            raise _validation("Issue", "state", "invalid", doc, value=state)
        reason = body.get("state_reason")
        if reason is not None and reason not in _STATE_REASONS:
            raise _validation("Issue", "state_reason", "invalid", doc, value=reason)
        if self.push_access:
            if "milestone" in body:
                changes["milestone"] = self._milestone_from(body["milestone"], doc)
            if "labels" in body and body["labels"] is not None:
                changes["labels"] = self._labels_from(body["labels"], doc)
            assignees = self._assignees_from(body)
            if assignees is not None:
                changes["assignees"] = assignees
                changes["assignee"] = assignees[0] if assignees else None
        now = self.now()
        issue.update(changes)
        if state == "closed" and issue["state"] != "closed":
            issue.update(
                state="closed",
                state_reason=reason or "completed",
                closed_at=now,
                closed_by=self._actor(),
            )
        elif state == "open" and issue["state"] != "open":
            issue.update(state="open", state_reason="reopened", closed_at=None, closed_by=None)
        elif reason is not None and issue["state"] == "closed" and reason != "reopened":
            issue["state_reason"] = reason
        issue["updated_at"] = now
        return 200, self._render_issue(issue, single=True), {}

    # ------------------------------------------------------------------ handlers: comments

    def _new_comment(self, issue: dict, body: str, user: dict, association: str, now: str) -> dict:
        cid = self._next_id("comment")
        comment = {
            "url": f"{self.repo_url}/issues/comments/{cid}",
            "html_url": f"{issue['html_url']}#issuecomment-{cid}",
            "issue_url": issue["url"],
            "id": cid,
            "node_id": _node_id("IC", cid),
            "user": user,
            "created_at": now,
            "updated_at": now,
            "body": body,
            "author_association": association,
            "performed_via_github_app": None,
            "reactions": _reactions(f"{self.repo_url}/issues/comments/{cid}/reactions"),
        }
        self.comments.setdefault(issue["number"], []).append(comment)
        issue["comments"] = len(self.comments[issue["number"]])
        issue["updated_at"] = now
        return comment

    def _list_repository_comments(
        self, query: dict, path: str, doc: str, **_: Any
    ) -> tuple[int, Any, dict]:
        """Every issue and pull request comment of the repository, page-numbered.

        Unsorted, GitHub lists them by ascending id.  ``direction`` counts only with
        ``sort``; GitHub documents no default for it, the fake takes ``desc`` as the
        issues list does.
        """
        items = sorted(
            (c for comments in self.comments.values() for c in comments), key=lambda c: c["id"]
        )
        if query.get("since"):
            since = _parse_datetime(query["since"])
            if since is None:
                raise _Error(422, "Invalid value for `since`", doc=doc)
            items = [c for c in items if _parse_datetime(c["updated_at"]) >= since]
        if "sort" in query:
            field_ = {"created": "created_at", "updated": "updated_at"}.get(query["sort"])
            if field_ is None:
                raise _validation("IssueComment", "sort", "invalid", doc, value=query["sort"])
            desc = query.get("direction", "desc") != "asc"
            items.sort(key=lambda c: (c[field_], c["id"]), reverse=desc)
        page, headers = self._paginate_pages(items, query, path)
        return 200, page, headers

    def _comment_or_404(self, comment_id: str) -> dict:
        for comments in self.comments.values():
            for comment in comments:
                if comment["id"] == int(comment_id):
                    return comment
        raise _Error(404)

    def _remove_comment(self, comment: dict) -> None:
        for number, comments in self.comments.items():
            if comment in comments:
                comments.remove(comment)
                self.issue(number)["comments"] = len(comments)
                return

    def _create_comment(
        self, params: dict, body: dict, doc: str, **_: Any
    ) -> tuple[int, Any, dict]:
        issue = self._issue_or_404(params["number"])
        text = body.get("body")
        if not isinstance(text, str) or not text.strip():
            raise _validation("IssueComment", "body", "missing_field", doc)
        comment = self._new_comment(issue, text, self._actor(), self.author_association, self.now())
        return 201, comment, {"location": comment["url"]}

    # ------------------------------------------------------------------ handlers: labels on an issue

    def _issue_label_body(self, body: Any) -> list:
        return body.get("labels", []) if isinstance(body, dict) else body

    def _add_issue_labels(
        self, params: dict, body: Any, doc: str, **_: Any
    ) -> tuple[int, Any, dict]:
        issue = self._issue_or_404(params["number"])
        if self.push_access:
            for label in self._labels_from(self._issue_label_body(body), doc):
                if label not in issue["labels"]:
                    issue["labels"].append(label)
            issue["updated_at"] = self.now()
        return 200, issue["labels"], {}

    def _remove_issue_label(self, params: dict, **_: Any) -> tuple[int, Any, dict]:
        issue = self._issue_or_404(params["number"])
        label = self._find_label(params["name"])
        if label is None or label not in issue["labels"]:
            raise _Error(404, "Label does not exist")
        issue["labels"].remove(label)
        issue["updated_at"] = self.now()
        return 200, issue["labels"], {}


# --------------------------------------------------------------------------- helpers


def _node_id(prefix: str, number: int) -> str:
    return f"{prefix}_" + base64.urlsafe_b64encode(f"fake:{number}".encode()).decode().rstrip("=")


def _ts(value: datetime | str | None) -> str | None:
    if value is None:
        return None
    dt = _parse_datetime(value)
    if dt is None:
        raise ValueError(f"not an ISO 8601 date-time: {value!r}")
    return iso(dt)


def _parse_body(raw: Any) -> tuple[Any, bool]:
    if raw is None or raw == b"" or raw == "":
        return None, True
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8")
    try:
        return json.loads(raw), True
    except ValueError:
        return None, False


def _encode_cursor(key: list) -> str:
    return base64.urlsafe_b64encode(("cursor:v2:" + json.dumps(key)).encode()).decode().rstrip("=")


def _decode_cursor(text: str) -> tuple | None:
    try:
        raw = base64.urlsafe_b64decode(text.encode() + b"=" * (-len(text) % 4)).decode()
        if not raw.startswith("cursor:v2:"):
            return None
        value, number = json.loads(raw[len("cursor:v2:") :])
        return (value, int(number))
    except (ValueError, TypeError):
        return None
