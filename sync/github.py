"""The only module that talks to GitHub: read a snapshot, execute a plan, explain failures.

Everything else works on plain values. The GitHub quirks this module answers, each
on purpose (see the comments where they are handled):

- the issues list holds pull requests too, and pages by cursor;
- reading an attribute a list item lacks costs PyGithub one GET per item;
- PyGithub's retry re-sends POSTs after a 5xx, which can duplicate an issue GitHub had
  already created; it never retries PATCH, and does not treat 429 as a rate limit;
- ``Milestone.edit`` sends a date-only ``due_on``, which GitHub rejects.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import github
import requests
from github import (
    Auth,
    Github,
    GithubException,
    GithubRetry,
    RateLimitExceededExceedsMaxWait,
    UnknownObjectException,
)

from sync.errors import BudgetSpent, GitHubError, RateLimited
from sync.plan import CLOSE, CREATE, ISSUE, LABEL, MILESTONE, UPDATE, Change, Plan
from sync.snapshot import Issue, Label, Milestone, Snapshot, track

DEFAULT_API_URL = "https://api.github.com"
# GitHub's content limits: about 80 creations a minute and 500 an hour. One run stays
# under the hourly one; the next run resumes where this one stopped.
DEFAULT_MAX_CREATES = 450
DEFAULT_MAX_WAIT = 300.0
WRITE_ATTEMPTS = 5
_PAGE_SIZE = 100  # GitHub's maximum per_page

T = TypeVar("T")

# Importing github attaches an INFO handler that would print every retry; we report them.
logging.getLogger("github").setLevel(logging.WARNING)


@dataclass(frozen=True)
class Pacing:
    """How gently to talk to GitHub. Tests use ``Pacing.unpaced()``."""

    seconds_between_writes: float | None = 1.0
    seconds_between_requests: float | None = 0.25
    max_wait: float = DEFAULT_MAX_WAIT
    max_creates: int = DEFAULT_MAX_CREATES
    sleep: Callable[[float], None] = time.sleep

    @classmethod
    def unpaced(cls, **overrides: Any) -> Pacing:
        fields = {"seconds_between_writes": None, "seconds_between_requests": None}
        return cls(**{**fields, "sleep": lambda _: None, **overrides})


class _CappedRetry(GithubRetry):
    """GithubRetry, except that a retry-after longer than we are willing to wait ends the read
    with a rate-limit error: urllib3 would sleep it, up to hours, until a job timeout killed
    the run without a word. Past the cap we stop and say when to come back."""

    def increment(self, method=None, url=None, response=None, error=None, *args, **kwargs):
        if response is not None and response.status in (403, 429):
            wait = _seconds(response.headers.get("Retry-After"))
            cap = self.max_rate_limit_wait
            if wait is not None and cap is not None and wait > cap:
                raise RateLimitExceededExceedsMaxWait(
                    response.status,
                    {"message": f"GitHub asked to wait {wait:.0f} seconds"},
                    dict(response.headers),
                    wait=wait,
                )
        return super().increment(method, url, response, error, *args, **kwargs)


def _seconds(value: str | None) -> float | None:
    return float(value) if value and value.strip().isdigit() else None


class GitHubRepository:
    """One repository on GitHub (or GitHub Enterprise Server), read and written through PyGithub."""

    def __init__(
        self,
        full_name: str,
        *,
        token: str | None,
        api_url: str = DEFAULT_API_URL,
        pacing: Pacing | None = None,
    ) -> None:
        self.full_name = full_name
        self.api_url = api_url
        self.pacing = pacing or Pacing()
        self._client = Github(
            auth=Auth.Token(token) if token else None,
            base_url=api_url,
            per_page=_PAGE_SIZE,
            seconds_between_requests=self.pacing.seconds_between_requests,
            seconds_between_writes=self.pacing.seconds_between_writes,
            # Reads only: a re-sent POST can duplicate an issue and PATCH is never re-sent
            # by PyGithub, so writes are retried by _write, which knows which are safe.
            retry=_CappedRetry(
                total=5,
                backoff_factor=1,
                status_forcelist=[429, *range(500, 600)],
                allowed_methods=frozenset({"GET", "HEAD"}),
                max_rate_limit_wait=self.pacing.max_wait,
            ),
        )
        self._repo: Any = None
        # For progress: objects that fetch nothing until a listing is asked for.
        self._lazy_repo = self._client.withLazy(True).get_repo(full_name)
        self._labels: dict[str, Any] = {}
        self._milestones: dict[int, Any] = {}
        self._milestone_numbers: dict[str, int] = {}
        self.creates = 0

    # --- reading ---------------------------------------------------------------------

    def read_snapshot(self) -> Snapshot:
        """Labels, milestones and issues in 3 + ceil(issues / 100) requests."""
        repo = self._call("read the repository", lambda: self._client.get_repo(self.full_name))
        self._repo = repo
        labels = self._call("list labels", lambda: list(repo.get_labels()))
        # state=all: a closed milestone still blocks a new one with the same title.
        milestones = self._call("list milestones", lambda: list(repo.get_milestones(state="all")))
        self._labels = {label.name.casefold(): label for label in labels}
        self._milestones = {m.number: m for m in milestones}
        self._milestone_numbers = {m.title: m.number for m in milestones}
        return Snapshot(
            repository=self.full_name,
            labels=tuple(Label(lb.name, lb.color, lb.description) for lb in labels),
            milestones=tuple(_milestone_value(m) for m in milestones),
            issues=self._read_issues(repo),
        )

    def read_issues(self) -> tuple[Issue, ...]:
        """Only the issues, for progress: ceil(issues / 100) requests, no other."""
        return self._read_issues(self._lazy_repo)

    def read_milestones(self) -> tuple[Milestone, ...]:
        """One request: the milestones, for linking each level to its own."""
        repo = self._lazy_repo
        milestones = self._call("list milestones", lambda: list(repo.get_milestones(state="all")))
        return tuple(_milestone_value(m) for m in milestones)

    def _read_issues(self, repo: Any) -> tuple[Issue, ...]:
        def listing() -> tuple[Issue, ...]:
            # PyGithub follows the cursor Link headers; totalCount would be wrong here.
            # Kept as values only: a PyGithub issue object costs ~25 KB.
            issues = repo.get_issues(state="all")
            return tuple(_issue_value(i) for i in issues if not _is_pull_request(i))

        return self._call("list issues", listing)

    # --- writing ---------------------------------------------------------------------

    def execute(self, plan: Plan, *, on_change: Callable[[Change], None] = lambda c: None) -> None:
        """Make every change of the plan, in order. Stops at the first failure: what was done
        stays done, and the next run's plan holds only what is left."""
        if self._repo is None:
            raise RuntimeError("read_snapshot() must come before execute()")
        handlers = {
            (LABEL, CREATE): self._create_label,
            (LABEL, UPDATE): self._update_label,
            (MILESTONE, CREATE): self._create_milestone,
            (MILESTONE, UPDATE): self._update_milestone,
            (ISSUE, CREATE): self._create_issue,
            (ISSUE, UPDATE): self._update_issue,
            (ISSUE, CLOSE): self._close_issue,
        }
        for change in plan.changes:
            handlers[(change.target, change.action)](change)
            on_change(change)

    def _create_label(self, change: Change) -> None:
        f = change.fields
        self._spend_create()
        self._write(
            f"create label {change.name!r}",
            lambda: self._repo.create_label(f["name"], f["color"], f["description"]),
            recover=lambda: self._find_label(f["name"]),
        )

    def _update_label(self, change: Change) -> None:
        label = self._labels[change.key.casefold()]
        color = change.fields.get("color", label.color)
        description = change.fields.get("description", label.description)
        self._write(
            f"update label {change.name!r}",
            lambda: label.edit(label.name, color, description),
        )

    def _create_milestone(self, change: Change) -> None:
        f = change.fields
        self._spend_create()
        due = _due_on(f["due_on"]) if f.get("due_on") else github.GithubObject.NotSet
        milestone = self._write(
            f"create milestone {change.name!r}",
            lambda: self._repo.create_milestone(
                f["title"], description=f["description"], due_on=due
            ),
            recover=lambda: self._find_milestone(f["title"]),
        )
        self._milestones[milestone.number] = milestone
        self._milestone_numbers[f["title"]] = milestone.number

    def _update_milestone(self, change: Change) -> None:
        milestone = self._milestones[change.number]
        payload = dict(change.fields)
        if "due_on" in payload:
            # Milestone.edit sends a date-only due_on, which GitHub rejects: PATCH it ourselves,
            # at noon UTC so GitHub's floor to midnight US-Pacific keeps the same date.
            payload["due_on"] = _due_on(payload["due_on"]).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._write(
            f"update milestone {change.name!r}",
            lambda: self._client.requester.requestJsonAndCheck(
                "PATCH", milestone.url, input=payload
            ),
        )
        if "title" in payload:
            self._milestone_numbers[payload["title"]] = milestone.number

    def _create_issue(self, change: Change) -> None:
        f = change.fields
        self._spend_create()
        issue = self._write(
            f"create issue {change.name!r}",
            lambda: self._repo.create_issue(
                title=f["title"],
                body=f["body"],
                labels=f["labels"],
                milestone=self._milestone(f["milestone"]),
            ),
            recover=lambda: self._find_new_issue(change.key),
        )
        if f.get("state_reason"):
            self._write(
                f"close issue #{issue.number} as completed",
                lambda: issue.edit(state="closed", state_reason=f["state_reason"]),
            )

    def _update_issue(self, change: Change) -> None:
        issue = self._issue(change.number)
        fields = dict(change.fields)
        if "milestone" in fields:
            fields["milestone"] = self._milestone(fields["milestone"])
        self._write(f"update issue #{change.number}", lambda: issue.edit(**fields))

    def _close_issue(self, change: Change) -> None:
        issue = self._issue(change.number)
        # The comment counts against the hourly budget: spend it before closing, so a closed
        # issue never misses its comment because the budget ran out in between.
        self._spend_create()
        # Close first: if the comment then fails, a re-run does not comment twice.
        self._write(
            f"close issue #{change.number}",
            lambda: issue.edit(state="closed", state_reason=change.fields["state_reason"]),
        )
        self._write(
            f"comment on issue #{change.number}",
            lambda: issue.create_comment(change.fields["comment"]),
            recover=lambda: True,  # a lost comment is better than a repeated one
        )

    # --- recovering from writes GitHub may have applied ------------------------------

    def _find_new_issue(self, resource_id: str) -> Any:
        """The issue a failed create may have made anyway: newest issues, one request."""
        newest = self._repo.get_issues(state="all", sort="created", direction="desc").get_page(0)
        candidates = {i.number: i for i in newest if not _is_pull_request(i)}
        found = track(_issue_value(i) for i in candidates.values()).by_id.get(resource_id)
        return candidates[found.number] if found else None

    def _find_label(self, name: str) -> Any:
        try:
            return self._repo.get_label(name)
        except UnknownObjectException:
            return None

    def _find_milestone(self, title: str) -> Any:
        for milestone in self._repo.get_milestones(state="all"):
            if milestone.title == title:
                return milestone
        return None

    def _issue(self, number: int) -> Any:
        """An issue to edit, built without a request: the edit itself is the only one."""
        return self._lazy_repo.get_issue(number)

    def _milestone(self, title: str) -> Any:
        return self._milestones[self._milestone_numbers[title]]

    def _spend_create(self) -> None:
        if self.creates >= self.pacing.max_creates:
            raise BudgetSpent(
                f"stopped after {self.creates} new items to stay under GitHub's limit of about "
                "500 an hour: run apply again in an hour; it continues where it stopped"
            )
        self.creates += 1

    # --- failures --------------------------------------------------------------------

    def _call(self, what: str, call: Callable[[], T]) -> T:
        """A read: PyGithub's GithubRetry has already retried what it could."""
        try:
            return call()
        except GithubException as error:
            if _is_rate_limit(error):
                raise self._rate_limited(what, error, _rate_limit_wait(error, 0)) from error
            raise GitHubError(self.explain(what, error)) from error
        except requests.RequestException as error:
            raise GitHubError(self._unreachable(what, error)) from error

    def _write(
        self, what: str, call: Callable[[], T], *, recover: Callable[[], Any] | None = None
    ) -> T:
        """Send a write, retrying what is safe to retry.

        Rate limits (403 or 429, with retry-after or x-ratelimit-reset) and 5xx are retried
        with backoff. A 5xx or a lost connection may hide a write GitHub applied: before
        re-sending a create, ``recover`` looks for what it made, so one resource never gets
        two issues. A 422 already_exists after such a retry means the first try landed.
        """
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return call()
            except GithubException as error:
                if recover and _already_exists(error):
                    found = self._call(f"check whether GitHub applied: {what}", recover)
                    if found is not None:
                        return found
                wait = self._retry_wait(what, error, attempt)
                if wait is None or attempt == WRITE_ATTEMPTS - 1:
                    raise GitHubError(self.explain(what, error)) from error
                ambiguous = error.status >= 500
            except requests.RequestException as error:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise GitHubError(self._unreachable(what, error)) from error
                wait, ambiguous = 2.0**attempt, True
            if ambiguous and recover:
                found = self._call(f"check whether GitHub applied: {what}", recover)
                if found is not None:
                    return found
            self.pacing.sleep(wait)
        raise AssertionError("unreachable")

    def _retry_wait(self, what: str, error: GithubException, attempt: int) -> float | None:
        if error.status >= 500:
            return 2.0**attempt
        if not _is_rate_limit(error):
            return None
        wait = _rate_limit_wait(error, attempt)
        if wait > self.pacing.max_wait:
            raise self._rate_limited(what, error, wait)
        return wait

    def _rate_limited(self, what: str, error: GithubException, wait: float) -> RateLimited:
        until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
        return RateLimited(
            f"GitHub's rate limit stopped us while trying to {what} "
            f"({error.status}: {_first_sentence(_message(error))}): wait {_minutes(wait)} "
            f"(until {until:%H:%M} UTC) and run again; it continues where it stopped",
            wait,
        )

    def explain(self, what: str, error: GithubException) -> str:
        status, message = error.status, _message(error)
        answer = f"could not {what}: GitHub answered {status} {message}"
        return f"{answer}: {_advice(status, message, self.full_name, what)}"

    def _unreachable(self, what: str, error: Exception) -> str:
        if isinstance(error, requests.exceptions.RetryError):
            return (
                f"could not {what}: GitHub kept failing after retries ({error}): "
                "run again later; it continues where it stopped"
            )
        return (
            f"could not {what}: cannot reach {self.api_url} ({type(error).__name__}): "
            "check --api-url / GITHUB_API_URL and the network, then run again"
        )


def _advice(status: int, message: str, repo: str, what: str) -> str:
    lowered = message.lower()
    if status == 401:
        return "the token is wrong or expired; set a valid GITHUB_TOKEN (or GH_TOKEN)"
    if status == 404:
        return (
            f"check that '{repo}' is right (--repo or GITHUB_REPOSITORY) "
            "and that the token can see it"
        )
    if status == 410:
        return (
            "issues are turned off: enable them in the repository's Settings › General › Features"
        )
    if status == 403 and "not accessible" in lowered:
        return (
            "the token may not write issues: in a workflow give it `permissions: issues: write` "
            "and check Settings › Actions › General › Workflow permissions (an organisation can "
            "force read-only); a fine-grained token needs Issues: Read and write"
        )
    if status == 403:
        return "the token lacks permission for this; see the README's token section"
    if status == 422:
        return "GitHub refused the values sent; check curriculum.yaml and run plan to see them"
    if status >= 500:
        return "GitHub is having trouble; run again later, it continues where it stopped"
    return "run again with --debug for details"


def _message(error: GithubException) -> str:
    data = error.data if isinstance(error.data, dict) else {}
    message = str(data.get("message") or error.message or "").strip()
    details = [
        f"{e.get('resource', '')} {e.get('field', '')} {e.get('code', '')}".strip()
        for e in data.get("errors", [])
        if isinstance(e, dict)
    ]
    return f"{message} ({'; '.join(details)})" if details else message or "no message"


def _first_sentence(message: str) -> str:
    # GitHub's rate-limit messages go on about request IDs and support; the first sentence says it.
    return message.split(". ")[0].rstrip(".")


def _header(error: GithubException, name: str) -> str | None:
    for key, value in (error.headers or {}).items():
        if key.lower() == name:
            return value
    return None


def _is_rate_limit(error: GithubException) -> bool:
    # 429 is a rate limit whatever its body; a 403 is one when GitHub says so in a header or
    # the message. https://docs.github.com/en/rest/using-the-rest-api/rate-limits-for-the-rest-api
    if error.status == 429:
        return True
    if error.status != 403:
        return False
    message = _message(error).lower()
    return (
        _header(error, "retry-after") is not None
        or _header(error, "x-ratelimit-remaining") == "0"
        or "rate limit" in message
        or "temporarily blocked" in message
    )


def _rate_limit_wait(error: GithubException, attempt: int) -> float:
    """GitHub's order: retry-after; else the reset time when none remain; else a minute, doubling."""
    retry_after = _seconds(_header(error, "retry-after"))
    if retry_after is not None:
        return retry_after
    reset = _header(error, "x-ratelimit-reset")
    if _header(error, "x-ratelimit-remaining") == "0" and reset and reset.isdigit():
        return max(float(reset) - time.time(), 0.0) + 1.0
    return 60.0 * 2**attempt


def _already_exists(error: GithubException) -> bool:
    data = error.data if isinstance(error.data, dict) else {}
    return error.status == 422 and any(
        isinstance(e, dict) and e.get("code") == "already_exists" for e in data.get("errors", [])
    )


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _due_on(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC)


def _is_pull_request(issue: Any) -> bool:
    # `issue.pull_request` is absent on plain issues, and reading an absent attribute makes
    # PyGithub GET the issue: one request per issue. The list's html_url tells the same.
    return "/pull/" in issue.html_url


def _milestone_value(milestone: Any) -> Milestone:
    due = milestone.due_on
    return Milestone(
        number=milestone.number,
        title=milestone.title,
        description=milestone.description,
        state=milestone.state,
        due_on=due.date() if due else None,
        html_url=milestone.html_url or "",
    )


def _issue_value(issue: Any) -> Issue:
    """Only attributes present in the list response: any other costs a request per issue."""
    return Issue(
        number=issue.number,
        title=issue.title,
        body=issue.body or "",
        state=issue.state,
        state_reason=issue.state_reason,
        labels=tuple(label.name for label in issue.labels),
        milestone=issue.milestone.number if issue.milestone else None,
        author=issue.user.login if issue.user else "",
        author_type=issue.user.type if issue.user else "",
        author_association=issue.author_association or "NONE",
        created_at=issue.created_at,
        closed_at=issue.closed_at,
        html_url=issue.html_url,
    )


def read_repository_file(
    repository: str,
    path: str | None,
    ref: str | None,
    *,
    token: str | None,
    api_url: str = "https://api.github.com",
) -> tuple[str, bytes]:
    """(the file's path, its bytes): a repository's README (``path`` None) or one file, at
    ``ref`` (None: the default branch). A public repository needs no token.

    https://docs.github.com/rest/repos/contents#get-a-repository-readme and
    #get-repository-content: the file comes base64-encoded; one of 1-100 MB comes with
    ``encoding: none`` and no content, and a folder comes as a list.
    """
    import github as pygithub
    from github.ContentFile import ContentFile
    from github.GithubObject import NotSet

    from sync.errors import GitHubError, UsageError

    client = pygithub.Github(
        auth=pygithub.Auth.Token(token) if token else None,
        base_url=api_url,
        retry=pygithub.GithubRetry(total=3, allowed_methods=frozenset({"GET"})),
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,  # no GET of the repository first: the file's request says all
    )
    what = f"{repository}/{path or 'README'}" + (f" at {ref}" if ref else "")
    try:
        repo = client.get_repo(repository)
        at = NotSet if ref is None else ref
        found = repo.get_readme(ref=at) if path is None else repo.get_contents(path, ref=at)
    except pygithub.UnknownObjectException:
        private = "" if token else " (a private repository needs GITHUB_TOKEN)"
        raise UsageError(f"{what}: not found on GitHub{private}") from None
    except pygithub.GithubException as error:
        message = error.data.get("message") if isinstance(error.data, dict) else None
        raise GitHubError(
            f"reading {what}: GitHub answered {error.status} {message or ''}".strip()
        ) from None
    except requests.RequestException as error:
        raise GitHubError(
            f"reading {what}: GitHub could not be reached ({type(error).__name__})"
        ) from None
    if not isinstance(found, ContentFile) or found.type != "file":
        raise UsageError(f"{what}: is a folder, not a Markdown file")
    if found.encoding != "base64":
        raise UsageError(f"{what}: too large to read through GitHub's API (over 1 MB)")
    return found.path, found.decoded_content
