"""Every error the tool reports, each carrying the exit code it ends the command with.

A leaf module: it imports nothing of ours, so every stage can raise from it and only the
command line turns an error into its one line and its exit code.
"""

from __future__ import annotations

from dataclasses import dataclass

OK, FAILED, BAD_INPUT = 0, 1, 2


class SyncError(Exception):
    """A failure explained in words a learner can act on. Exit 1 unless a subclass says 2."""

    exit_code = FAILED

    def lines(self) -> list[str]:
        """What the command line prints, one line each."""
        return [f"error: {self}"]


class BadInput(SyncError):
    """Bad usage, flags, environment or input file: exit 2, and nothing was changed."""

    exit_code = BAD_INPUT


class UsageError(BadInput):
    """Bad flags or environment."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at its 1-based line (0 when the file is unreadable)."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class InputProblems(BadInput):
    """An input file cannot be used; ``problems`` says every reason with its line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]


class CurriculumError(InputProblems):
    """The curriculum cannot be used."""


class NoChecklistError(BadInput):
    """The Markdown given to import has no checklist in it."""


class InvalidImport(CurriculumError):
    """What an import made is not a valid curriculum (its own fault, or the checklist's)."""

    def lines(self) -> list[str]:
        header = "error: the imported curriculum is not valid; nothing was written:"
        return [header, *(f"  {problem}" for problem in self.problems)]


class RegionError(BadInput):
    """The README's marker lines are missing, repeated or out of order; says which and how to fix."""


class GitHubError(SyncError):
    """GitHub refused or failed: what failed, GitHub's answer, and what to do."""


class RateLimited(GitHubError):
    """GitHub asked us to wait longer than we are willing to block."""

    def __init__(self, message: str, wait: float) -> None:
        super().__init__(message)
        self.wait = wait


class BudgetSpent(GitHubError):
    """This run created as much as GitHub's hourly content limit allows."""
