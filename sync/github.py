"""The only module that talks to GitHub: read a snapshot, execute a plan, explain failures.

Everything else works on plain values. The client keeps no state between calls: a plan
carries the repository's current name and every number it edits. The GitHub quirks this
module answers, each on purpose (see the comments where they are handled):

- the issues list holds pull requests too, and pages by cursor;
- reading an attribute a list item lacks costs PyGithub one GET per item;
- PyGithub re-sends a POST after a 5xx, which can duplicate an issue GitHub had already
  created; it never retries PATCH, and does not treat 429 as a rate limit;
- a renamed repository answers 307 to writes, which PyGithub neither follows nor raises;
- an edit's ``labels`` and ``body`` replace what GitHub holds when the edit arrives.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar
from urllib.parse import quote

import requests
from github import (
    Auth,
    Github,
    GithubException,
    GithubRetry,
    RateLimitExceededExceedsMaxWait,
    UnknownObjectException,
)
from github.ContentFile import ContentFile
from github.GithubObject import NotSet

from sync.errors import BudgetSpent, GitHubError, RateLimited, SyncError, UsageError
from sync.notes import Comment
from sync.plan import DUPLICATE_COMMENT, Action, Change, Plan, Target
from sync.snapshot import Issue, Label, Milestone, Snapshot, track, updated_body

DEFAULT_API_URL = "https://api.github.com"
# GitHub's content limits: about 80 creations a minute and 500 an hour. One run stays
# under the hourly one; the next run resumes where this one stopped.
DEFAULT_MAX_CREATES = 450
DEFAULT_MAX_WAIT = 300.0
# PyGithub's default; named so messages can say how long GitHub had to answer.
TIMEOUT = 15
WRITE_ATTEMPTS = 5
# After a create whose answer was lost, how long GitHub gets to show it before we send it
# again: a write that timed out may still be applied a few seconds later.
GHOST_LOOKUPS = (1.0, 2.0, 4.0, 8.0, 16.0)
_PAGE_SIZE = 100  # GitHub's maximum per_page

T = TypeVar("T")
Report = Callable[[str], None]

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
        fields: dict[str, Any] = {"seconds_between_writes": None, "seconds_between_requests": None}
        return cls(**{**fields, "sleep": lambda _: None, **overrides})


class _CappedRetry(GithubRetry):
    """GithubRetry, except that a retry-after longer than we are willing to wait ends the read
    with a rate-limit error: urllib3 would sleep it, up to hours, until a job timeout killed
    the run without a word. Past the cap we stop and say when to come back."""

    def increment(self, method=None, url=None, response=None, error=None, *args, **kwargs):  # type: ignore[no-untyped-def]
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
    return float(value) if value and value.strip().isdigit() else None  # GitHub: whole seconds


@dataclass(frozen=True)
class Journal:
    """What progress is computed from: the issues, the milestones and the notes' comments."""

    issues: tuple[Issue, ...]
    milestones: tuple[Milestone, ...]
    comments: tuple[Comment, ...] = ()


class GitHub:
    """GitHub (or GitHub Enterprise Server) through PyGithub: reads and writes, no state."""

    def __init__(
        self, *, token: str | None, api_url: str = DEFAULT_API_URL, pacing: Pacing | None = None
    ) -> None:
        self.api_url = api_url
        self.pacing = pacing or Pacing()
        self._client = Github(
            auth=Auth.Token(token) if token else None,
            base_url=api_url,
            per_page=_PAGE_SIZE,
            timeout=TIMEOUT,
            seconds_between_requests=self.pacing.seconds_between_requests,
            seconds_between_writes=self.pacing.seconds_between_writes,
            # Reads only: a re-sent POST can duplicate an issue and PATCH is never re-sent
            # by PyGithub, so writes are retried by _Execution, which knows which are safe.
            retry=_CappedRetry(
                total=5,
                backoff_factor=1,
                status_forcelist=[429, *range(500, 600)],
                allowed_methods=frozenset({"GET", "HEAD"}),
                max_rate_limit_wait=self.pacing.max_wait,
            ),
        )

    # --- reading ---------------------------------------------------------------------

    def read_snapshot(self, full_name: str) -> Snapshot:
        """Labels, milestones and issues in 3 + ceil(issues / 100) requests.

        The repository is read first and everything after goes to the name GitHub answers
        with: a renamed repository answers its old name with redirects, and a write
        redirected with 307 would silently go nowhere."""
        repo = self._read(
            full_name, "read the repository", lambda: self._client.get_repo(full_name)
        )
        labels = self._read(full_name, "list labels", lambda: list(repo.get_labels()))
        # state=all: a closed milestone still blocks a new one with the same title.
        milestones = self._read(
            full_name, "list milestones", lambda: list(repo.get_milestones(state="all"))
        )
        permissions = repo.raw_data.get("permissions") or {}
        return Snapshot(
            repository=repo.full_name,
            labels=tuple(Label(lb.name, lb.color, lb.description) for lb in labels),
            milestones=tuple(_milestone_value(m) for m in milestones),
            issues=self._read_issues(repo, full_name),
            can_push=permissions.get("push") if "push" in permissions else None,
        )

    def read_progress(self, full_name: str, *, notes: bool = True) -> Journal:
        """Issues, milestones and, when a closed tracked issue has any, the comments that may
        be notes: ceil(issues / 100) + 1 requests, plus ceil(comments / 100) when read."""
        repo = self._client.withLazy(True).get_repo(full_name)
        issues = self._read_issues(repo, full_name)
        milestones = self._read(
            full_name, "list milestones", lambda: list(repo.get_milestones(state="all"))
        )
        commented = notes and any(
            issue.state == "closed" and issue.comments for issue in track(issues).by_id.values()
        )
        comments = self._read_comments(repo, full_name) if commented else ()
        return Journal(issues, tuple(_milestone_value(m) for m in milestones), comments)

    def _read_comments(self, repo: Any, full_name: str) -> tuple[Comment, ...]:
        def listing() -> tuple[Comment, ...]:
            # The repository-wide listing: one request per 100 comments, however many issues
            # have them (the per-issue listing would cost one request per issue).
            # https://docs.github.com/en/rest/issues/comments#list-issue-comments-for-a-repository
            found = (_comment_value(c) for c in repo.get_issues_comments())
            return tuple(c for c in found if c is not None)

        return self._read(full_name, "list comments", listing)

    def current_name(self, full_name: str) -> str:
        """The repository's name now, in one request: a renamed or transferred one answers
        its old name with redirects, which PyGithub follows for reads only."""
        repo = self._read(
            full_name, "read the repository", lambda: self._client.get_repo(full_name)
        )
        return str(repo.full_name)

    def read_file(self, full_name: str, path: str | None, ref: str | None) -> tuple[str, bytes]:
        """(the file's path, its bytes): a repository's README (``path`` None) or one file, at
        ``ref`` (None: the default branch), in one request. A public repository needs no token.

        https://docs.github.com/rest/repos/contents#get-a-repository-readme and
        #get-repository-content: the file comes base64-encoded; one of 1-100 MB comes with
        ``encoding: none`` and no content, and a folder comes as a list.
        """
        what = f"{full_name}/{path or 'README'}" + (f" at {ref}" if ref else "")
        # Lazy: no GET of the repository first, the file's own request says all.
        repo = self._client.withLazy(True).get_repo(full_name)
        at: Any = NotSet if ref is None else ref
        try:
            found = self._read(
                full_name,
                f"read {what}",
                lambda: (
                    repo.get_readme(ref=at) if path is None else repo.get_contents(path, ref=at)
                ),
            )
        except GitHubError as error:
            if isinstance(error.__cause__, UnknownObjectException):
                private = (
                    ""
                    if self._client.requester.auth
                    else " (a private repository needs GITHUB_TOKEN)"
                )
                raise UsageError(f"{what}: not found on GitHub{private}") from None
            raise
        if not isinstance(found, ContentFile) or found.type != "file":
            raise UsageError(f"{what}: is a folder, not a Markdown file")
        if found.encoding != "base64":
            raise UsageError(f"{what}: too large to read through GitHub's API (over 1 MB)")
        return found.path, found.decoded_content

    def _read_issues(self, repo: Any, full_name: str) -> tuple[Issue, ...]:
        def listing() -> tuple[Issue, ...]:
            # PyGithub follows the cursor Link headers; totalCount would be wrong here.
            issues = repo.get_issues(state="all")
            return tuple(
                _issue_value(i) for i in _one_page_at_a_time(issues) if not _is_pull_request(i)
            )

        return self._read(full_name, "list issues", listing)

    def _read(self, full_name: str, what: str, call: Callable[[], T]) -> T:
        """A read: PyGithub's GithubRetry has already retried what it could."""
        try:
            return call()
        except GithubException as error:
            if _is_rate_limit(error):
                raise _rate_limited(what, error, _rate_limit_wait(error, 0)) from error
            raise GitHubError(explain(what, error, full_name)) from error
        except requests.RequestException as error:
            raise GitHubError(unreachable(what, error, self.api_url)) from error

    # --- writing ---------------------------------------------------------------------

    def execute(
        self,
        plan: Plan,
        *,
        on_change: Callable[[Change], None] = lambda c: None,
        report: Report = lambda line: None,
    ) -> None:
        """Make every change of the plan, in order. Stops at the first failure: what was done
        stays done, and the next run's plan holds only what is left."""
        _Execution(self, plan, report).run(plan.changes, on_change)


class _Execution:
    """One run of a plan: what it created so far, and how to write safely."""

    def __init__(self, github: GitHub, plan: Plan, report: Report) -> None:
        self.github = github
        self.full_name = plan.repository
        self.newest_seen = plan.newest_issue_seen
        self.report = report
        self.requester = github._client.requester
        self.pacing = github.pacing
        self.base = f"/repos/{self.full_name}"
        self.milestones: dict[str, int] = {}
        # Resource id and number of each issue this run created: the whole answer of each
        # is ~5 KB, too much to keep for a first apply of thousands.
        self.created_issues: list[tuple[str, int]] = []
        self.creates = 0

    def run(self, changes: Iterable[Change], on_change: Callable[[Change], None]) -> None:
        try:
            for change in changes:
                self.apply(change)
                on_change(change)
        except SyncError:
            # What was created is checked all the same, as far as GitHub lets us now; the
            # run's own error is what it reports, and the next plan closes what is left.
            with contextlib.suppress(SyncError):
                self.close_duplicates_of_a_parallel_run()
            raise
        self.close_duplicates_of_a_parallel_run()

    def apply(self, change: Change) -> None:
        if change.target is Target.LABEL:
            path = f"{self.base}/labels"
            if change.action is Action.CREATE:
                self.create(change, path, recover=lambda: self.find_label(change.payload["name"]))
            else:
                self.edit(change, f"{path}/{quote(change.name, safe='')}", change.payload)
        elif change.target is Target.MILESTONE:
            if change.action is Action.CREATE:
                made = self.create(
                    change,
                    f"{self.base}/milestones",
                    recover=lambda: self.find_milestone(change.payload["title"]),
                )
                self.milestones[change.payload["title"]] = made["number"]
            else:
                self.edit(change, f"{self.base}/milestones/{change.number}", change.payload)
        elif change.action is Action.CREATE:
            self.create_issue(change)
        elif change.action is Action.UPDATE:
            self.update_issue(change)
        else:
            self.close_issue(change)

    # --- one change at a time --------------------------------------------------------

    def create(
        self,
        change: Change,
        path: str,
        *,
        recover: Callable[[], dict[str, Any] | None],
        payload: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        self.spend_create()
        return self.write(
            f"create {change.target} {change.name!r}",
            lambda: self.send("POST", path, dict(change.payload) if payload is None else payload),
            recover=recover,
        )

    def edit(self, change: Change, path: str, payload: Any) -> dict[str, Any]:
        subject = f"#{change.number}" if change.number else repr(change.name)
        return self.write(
            f"update {change.target} {subject}", lambda: self.send("PATCH", path, payload)
        )

    def create_issue(self, change: Change) -> None:
        payload = dict(change.payload)
        if change.milestone_title is not None:
            payload["milestone"] = self.milestone_number(change.milestone_title)
        issue = self.create(
            change,
            f"{self.base}/issues",
            payload=payload,
            recover=lambda: self.find_new_issue(change.key),
        )
        self.created_issues.append((change.key, int(issue["number"])))
        self.check_kept(change, payload, issue)
        if change.close_reason:
            path = f"{self.base}/issues/{issue['number']}"
            closing = {"state": "closed", "state_reason": change.close_reason}
            self.write(
                f"close issue #{issue['number']} as {change.close_reason}",
                lambda: self.send("PATCH", path, closing),
            )

    def check_kept(self, change: Change, payload: dict[str, Any], issue: dict[str, Any]) -> None:
        """GitHub creates an issue without push access too, silently dropping its labels and
        milestone; without them it is not ours, and every later run would create another."""
        kept_labels = {label["name"].casefold() for label in issue.get("labels") or []}
        dropped = [name for name in payload.get("labels", []) if name.casefold() not in kept_labels]
        lost_milestone = payload.get("milestone") is not None and not issue.get("milestone")
        if dropped or lost_milestone:
            raise GitHubError(
                f"GitHub created issue #{issue['number']} ({change.name!r}) but dropped its "
                f"{'labels' if dropped else 'milestone'}: the token cannot push to "
                f"{self.full_name}. Stopped before creating more. Use a token with write "
                "access (a fine-grained token needs Issues: Read and write, and its owner must "
                f"be a collaborator), then close #{issue['number']} and run again"
            )

    def update_issue(self, change: Change) -> None:
        path = f"{self.base}/issues/{change.number}"
        payload = dict(change.payload)
        if change.milestone_title is not None:
            payload["milestone"] = self.milestone_number(change.milestone_title)
        if change.block is not None:
            # GitHub replaces the whole body: start from the body as it is now, not as the
            # snapshot saw it, so what a person typed since is kept.
            current = self.read_now(f"read issue #{change.number}", path) or {}
            body = current.get("body") or ""
            fresh = updated_body(body, change.block)
            if fresh != body:
                payload["body"] = fresh
        if payload:
            self.edit(change, path, payload)
        if change.add_labels:
            self.write(
                f"add labels to issue #{change.number}",
                lambda: self.send("POST", f"{path}/labels", {"labels": list(change.add_labels)}),
            )
        for name in change.remove_labels:
            label = f"{path}/labels/{quote(name, safe='')}"
            self.write(
                f"remove label {name!r} from issue #{change.number}",
                partial(self.send_unless_missing, "DELETE", label, None),
            )

    def close_issue(self, change: Change) -> None:
        path = f"{self.base}/issues/{change.number}"
        # The comment counts against the hourly budget: spend it before closing, so a closed
        # issue never misses its comment because the budget ran out in between.
        self.spend_create()
        # Close first: if the comment then fails, a re-run does not comment twice.
        self.write(
            f"close issue #{change.number}", lambda: self.send("PATCH", path, dict(change.payload))
        )
        if change.comment:
            self.write(
                f"comment on issue #{change.number}",
                lambda: self.send("POST", f"{path}/comments", {"body": change.comment}),
                recover=lambda: {},  # a lost comment is better than a repeated one
            )

    # --- two runs at once ------------------------------------------------------------

    def close_duplicates_of_a_parallel_run(self) -> None:
        """Another run (a local apply while the workflow runs) may have created the same
        resources meanwhile. Of two issues for one resource the older is kept; the run that
        made the newer one closes it. Both runs look after their own creates, so whichever
        order they interleave in, one issue per resource stays open."""
        if not self.created_issues:
            return
        newest = self.newest_issues(after=self.newest_seen)
        tracking = track(newest)
        for resource_id, number in self.created_issues:
            kept = tracking.by_id.get(resource_id)
            if kept is None or kept.number == number:
                continue
            path = f"{self.base}/issues/{number}"
            self.report(
                f"issue #{number} duplicates #{kept.number} ('{resource_id}'), which "
                f"another run created first: closing #{number} as a duplicate"
            )
            closing = {"state": "closed", "state_reason": "duplicate"}
            comment = {"body": DUPLICATE_COMMENT.format(kept=kept.number)}
            self.write(
                f"close issue #{number} as a duplicate",
                partial(self.send, "PATCH", path, closing),
            )
            self.write(
                f"comment on issue #{number}",
                partial(self.send, "POST", f"{path}/comments", comment),
                recover=lambda: {},
            )

    def newest_issues(self, *, after: int | None = None) -> list[Issue]:
        """Issues newest first: those numbered after ``after`` (made since the snapshot, by
        anyone: numbers only grow), or without it the newest page of them (one request)."""
        repo = self.github._client.withLazy(True).get_repo(self.full_name)

        def listing() -> list[Issue]:
            issues = repo.get_issues(state="all", sort="created", direction="desc")
            found = []
            pages = _one_page_at_a_time(issues) if after is not None else issues.get_page(0)
            for issue in pages:
                if after is not None and issue.number <= after:
                    break
                if not _is_pull_request(issue):
                    found.append(_issue_value(issue))
            return found

        return self.github._read(self.full_name, "list the newest issues", listing)

    # --- finding what a lost answer may have created ----------------------------------

    def find_new_issue(self, resource_id: str) -> dict[str, Any] | None:
        found = track(self.newest_issues()).by_id.get(resource_id)
        if found is None:
            return None
        # The listing tells all a create's answer would have: no need to read it again.
        return {
            "number": found.number,
            "labels": [{"name": name} for name in found.labels],
            "milestone": {"number": found.milestone} if found.milestone else None,
            "created_at": (found.created_at or dt.datetime.now(dt.UTC)).isoformat(),
        }

    def find_label(self, name: str) -> dict[str, Any] | None:
        return self.read_now(
            f"look up label {name!r}", f"{self.base}/labels/{quote(name, safe='')}", missing_ok=True
        )

    def find_milestone(self, title: str) -> dict[str, Any] | None:
        repo = self.github._client.withLazy(True).get_repo(self.full_name)
        for milestone in self.github._read(
            self.full_name, "list milestones", lambda: list(repo.get_milestones(state="all"))
        ):
            if milestone.title == title:
                return {"number": milestone.number, "title": milestone.title}
        return None

    def milestone_number(self, title: str) -> int:
        if title not in self.milestones:
            found = self.find_milestone(title)
            if found is None:
                raise GitHubError(f"milestone {title!r} is missing: run apply again")
            self.milestones[title] = found["number"]
        return self.milestones[title]

    def spend_create(self) -> None:
        if self.creates >= self.pacing.max_creates:
            raise BudgetSpent(
                f"stopped after {self.creates} new items to stay under GitHub's limit of about "
                "500 an hour: run apply again in an hour; it continues where it stopped"
            )
        self.creates += 1

    # --- requests --------------------------------------------------------------------

    def read_now(self, what: str, path: str, *, missing_ok: bool = False) -> dict[str, Any] | None:
        send = self.send_unless_missing if missing_ok else self.send
        return self.github._read(self.full_name, what, lambda: send("GET", path, None))

    def send_unless_missing(self, verb: str, path: str, payload: Any) -> dict[str, Any] | None:
        """``send``, with a 404 answered as None: a label already gone, a look-up that finds
        nothing."""
        try:
            return self.send(verb, path, payload)
        except GithubException as error:
            if error.status == 404:
                return None
            raise

    def send(self, verb: str, path: str, payload: Any) -> dict[str, Any]:
        """One request through PyGithub's requester (auth, pacing, read retries), with the
        status checked here: PyGithub returns a 307 answer to a write as if it succeeded."""
        status, headers, text = self.requester.requestJson(verb, path, input=payload)
        data = _json(text)
        if 300 <= status < 400:
            raise GitHubError(
                f"could not {verb} {path}: GitHub answered {status} (moved to "
                f"{headers.get('location', 'another address')}): the repository was renamed or "
                "transferred; run again, and set GITHUB_REPOSITORY or --repo to its new name"
            )
        if status >= 400:
            raise self.requester.createException(status, headers, data)
        return data if isinstance(data, dict) else {}

    def write(
        self, what: str, call: Callable[[], T], *, recover: Callable[[], T | None] | None = None
    ) -> T:
        """Send a write, retrying what is safe to retry.

        Rate limits (403 or 429, with retry-after or x-ratelimit-reset) and 5xx are retried
        with backoff. A 5xx or a lost answer may hide a write GitHub applied, or will apply
        a few seconds later: before re-sending a create, ``recover`` looks for what it made,
        giving GitHub time to show it, so one resource never gets two issues. A 422
        already_exists after such a retry means the first try landed.
        """
        for attempt in range(WRITE_ATTEMPTS):
            try:
                return call()
            except GithubException as error:
                if recover and _already_exists(error):
                    found = self.recover(what, recover, patient=False)
                    if found is not None:
                        return found
                wait = self.retry_wait(what, error, attempt)
                if wait is None or attempt == WRITE_ATTEMPTS - 1:
                    raise GitHubError(explain(what, error, self.full_name)) from error
                lost = error.status >= 500
                reason = f"GitHub answered {error.status}"
            except requests.RequestException as error:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise GitHubError(unreachable(what, error, self.github.api_url)) from error
                wait, lost, reason = 2.0**attempt, True, _lost_answer(error)
            if lost and recover:
                self.report(f"{what}: {reason}; checking whether GitHub made it anyway")
                found = self.recover(what, recover, patient=True)
                if found is not None:
                    self.report(f"{what}: GitHub had made it; not sending it again")
                    return found
                self.report(f"{what}: not made; sending it again")
            self.pacing.sleep(wait)
        raise AssertionError("unreachable")

    def recover(self, what: str, look_up: Callable[[], T | None], *, patient: bool) -> T | None:
        """Look for what a write may have made; after a lost answer, look again with growing
        pauses, because GitHub can apply a write it did not answer seconds later."""
        found = self.github._read(self.full_name, f"check whether GitHub applied: {what}", look_up)
        for pause in GHOST_LOOKUPS if patient else ():
            if found is not None:
                break
            self.pacing.sleep(pause)
            found = self.github._read(
                self.full_name, f"check whether GitHub applied: {what}", look_up
            )
        return found

    def retry_wait(self, what: str, error: GithubException, attempt: int) -> float | None:
        if error.status >= 500:
            return 2.0**attempt
        if not _is_rate_limit(error):
            return None
        wait = _rate_limit_wait(error, attempt)
        if wait > self.pacing.max_wait:
            raise _rate_limited(what, error, wait)
        return wait


# --- explaining failures ----------------------------------------------------------------


def explain(what: str, error: GithubException, repository: str) -> str:
    status, message = error.status, _message(error)
    answer = f"could not {what}: GitHub answered {status} {message}"
    return f"{answer}: {advice(status, message, repository)}"


def advice(status: int, message: str, repository: str) -> str:
    lowered = message.lower()
    if status == 401:
        return "the token is wrong or expired; set a valid GITHUB_TOKEN (or GH_TOKEN)"
    if status == 404:
        return (
            f"check that '{repository}' is right (--repo or GITHUB_REPOSITORY) "
            "and that the token can see it"
        )
    if status == 410:
        return (
            "issues are turned off: enable them in the repository's Settings › General › Features"
        )
    if status == 403 and "archived" in lowered:
        return (
            "the repository is archived, so nothing in it can change: unarchive it in "
            "Settings › General › Danger Zone, or track your progress in another copy"
        )
    if status == 403 and "not accessible" in lowered:
        return (
            "the token may not write issues: in a workflow give it `permissions: issues: write` "
            "and check Settings › Actions › General › Workflow permissions (an organisation can "
            "force read-only); a fine-grained token needs Issues: Read and write"
        )
    if status == 403:
        return "the token lacks permission for this; see the tokens in docs/commands.md"
    if status == 422:
        return "GitHub refused the values sent; check curriculum.yaml and run plan to see them"
    if status >= 500:
        return "GitHub is having trouble; run again later, it continues where it stopped"
    return "run again with --debug for details"


def unreachable(what: str, error: Exception, api_url: str) -> str:
    if isinstance(error, requests.exceptions.RetryError):
        return (
            f"could not {what}: GitHub kept failing after retries ({error}): "
            "run again later; it continues where it stopped"
        )
    lost = _lost_answer(error)
    if lost.startswith("cannot reach"):
        return (
            f"could not {what}: {lost} {api_url}: check --api-url / GITHUB_API_URL and the "
            "network, then run again"
        )
    return f"could not {what}: {lost}: run again; it continues where it stopped"


def _lost_answer(error: Exception) -> str:
    """Which of the ways an answer goes missing this was: each asks for something else."""
    if isinstance(error, requests.exceptions.ConnectTimeout):
        return f"cannot reach (no connection within {TIMEOUT} s)"
    if isinstance(error, requests.exceptions.Timeout):
        return f"GitHub did not answer within {TIMEOUT} s"
    if isinstance(
        error, requests.exceptions.ChunkedEncodingError | requests.exceptions.ContentDecodingError
    ):
        return "the answer was cut off"
    if isinstance(error, requests.exceptions.ConnectionError):
        if "RemoteDisconnected" in str(error) or "IncompleteRead" in str(error):
            return "the answer was cut off"
        return "cannot reach"
    return f"the request failed ({type(error).__name__})"


def _rate_limited(what: str, error: GithubException, wait: float) -> RateLimited:
    until = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=wait)
    return RateLimited(
        f"GitHub's rate limit stopped us while trying to {what} "
        f"({error.status}: {_first_sentence(_message(error))}): wait {_minutes(wait)} "
        f"(until {until:%H:%M} UTC) and run again; it continues where it stopped",
        wait,
    )


def _message(error: GithubException) -> str:
    """GitHub's message with the reasons a 422 gives for each field: its own words first
    ("title is too long (maximum is 256 characters)"), else resource, field and code."""
    data = error.data if isinstance(error.data, dict) else {}
    message = str(data.get("message") or error.message or "").strip()
    details = [
        str(
            e.get("message") or f"{e.get('resource', '')} {e.get('field', '')} {e.get('code', '')}"
        ).strip()
        for e in data.get("errors", [])
        if isinstance(e, dict)
    ]
    details += [e for e in data.get("errors", []) if isinstance(e, str)]
    return f"{message} ({'; '.join(details)})" if details else message or "no message"


def _first_sentence(message: str) -> str:
    # GitHub's rate-limit messages go on about request IDs and support; the first sentence says it.
    return message.split(". ")[0].rstrip(".")


def _header(error: GithubException, name: str) -> str | None:
    for key, value in (error.headers or {}).items():
        if key.lower() == name:
            return str(value)
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
    return 60.0 * 2.0**attempt


def _already_exists(error: GithubException) -> bool:
    data = error.data if isinstance(error.data, dict) else {}
    return error.status == 422 and any(
        isinstance(e, dict) and e.get("code") == "already_exists" for e in data.get("errors", [])
    )


def _minutes(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _json(text: str) -> Any:
    try:
        return json.loads(text) if text else None
    except ValueError:
        return {"message": text[:200]}


# --- GitHub's objects as our values -----------------------------------------------------


def _one_page_at_a_time(listing: Any) -> Iterator[Any]:
    """The items of a PyGithub listing, keeping one page of objects alive at a time.

    A PaginatedList keeps every object it fetched until the listing ends, ~25 KB an issue:
    250 MB for 10,000 issues that are wanted as small values only. PyGithub pages the same
    way; its cache of what was read is emptied as each item is handed on (``_clear`` keeps
    the cursor: the next page is still fetched from the last Link header)."""
    for item in listing:
        yield item
        listing._clear()


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
        comments=issue.comments or 0,
    )


_ISSUE_NUMBER = re.compile(r"/issues/(\d+)$")


def _comment_value(comment: Any) -> Comment | None:
    """Only attributes present in the list response; a comment on no issue we know is None."""
    match = _ISSUE_NUMBER.search(comment.issue_url or "")
    if match is None:
        return None
    user = comment.user
    return Comment(
        id=comment.id,
        issue_number=int(match[1]),
        body=comment.body or "",
        author=user.login if user else "",
        author_type=user.type if user else "",
        author_association=comment.author_association or "NONE",
        created_at=comment.created_at,
        html_url=comment.html_url or "",
    )
