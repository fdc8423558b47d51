"""Where on GitHub a checklist lives, read from the address a person copies from the browser."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from sync.errors import UsageError


@dataclass(frozen=True)
class GitHubFile:
    """A repository, and in it a file (None: its README) at a branch, tag or commit (None:
    the default branch)."""

    repository: str
    path: str | None = None
    ref: str | None = None

    @property
    def name(self) -> str:
        """How messages name it: OWNER/REPO/path (README.md when GitHub picks the file)."""
        return f"{self.repository}/{self.path or 'README.md'}"


_NAME = r"[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}"


def github_file(address: str) -> GitHubFile | None:
    """github.com/OWNER/REPO, …/blob/REF/PATH, …/tree/REF, raw.githubusercontent.com/OWNER/
    REPO/REF/PATH → a GitHubFile; anything that is not a web address → None (a local path).

    A branch name holding "/" cannot be told from the path in such an address; the first
    segment is taken as the ref, as most branch names have none."""
    if not re.match(r"^https?://", address, re.I):
        return None
    parts = urlsplit(address)
    host = (parts.hostname or "").lower()
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if host in ("github.com", "www.github.com") and len(segments) >= 2:
        repository = "/".join(segments[:2]).removesuffix(".git")
        rest = segments[2:]
        if not rest:
            return _checked(GitHubFile(repository), address)
        if rest[0] == "tree" and len(rest) >= 2:
            return _checked(GitHubFile(repository, "/".join(rest[2:]) or None, rest[1]), address)
        if rest[0] in ("blob", "raw") and len(rest) >= 3:
            return _checked(GitHubFile(repository, "/".join(rest[2:]), rest[1]), address)
    if host == "raw.githubusercontent.com" and len(segments) >= 4:
        repository = "/".join(segments[:2])
        return _checked(GitHubFile(repository, "/".join(segments[3:]), segments[2]), address)
    raise UsageError(
        f"{address}: not a GitHub repository or file address (expected "
        "https://github.com/OWNER/REPO or https://github.com/OWNER/REPO/blob/BRANCH/FILE.md)"
    )


def _checked(found: GitHubFile, address: str) -> GitHubFile:
    if not re.fullmatch(_NAME, found.repository):
        raise UsageError(f"{address}: {found.repository!r} is not an OWNER/REPO name")
    if found.path and found.path.endswith("/"):
        raise UsageError(f"{address}: names a folder, not a Markdown file")
    return found
