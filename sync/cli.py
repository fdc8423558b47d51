"""The command line: arguments, environment, files, printing and exit codes. No decisions
live here, and nothing imports this module.

Exit codes: 0 ok, 1 a failure or a failed check, 2 bad usage or bad input. Commands that
need no network never import PyGithub, so they start as fast as YAML and Jinja2 load.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn, TextIO
from urllib.parse import urlsplit

from sync.curriculum import Curriculum, load_curriculum
from sync.errors import BAD_INPUT, FAILED, OK, GitHubError, RegionError, SyncError, UsageError
from sync.text import decode_utf8

if TYPE_CHECKING:
    from sync.github import GitHub, Pacing
    from sync.plan import Change, Plan
    from sync.progress import Progress

DEFAULT_CURRICULUM = "curriculum.yaml"
_REPO_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
# What a token looks like, wherever it is pasted: classic and fine-grained personal tokens,
# OAuth, app and installation tokens. https://github.blog/changelog/2021-03-31-authentication-token-format-updates-are-generally-available/
# Classic personal tokens before 2021 were 40 hexadecimal characters.
_TOKEN_LIKE = re.compile(
    r"\b(?:gh[pousr]_[A-Za-z0-9_]{20,}|github_pat_[A-Za-z0-9_]{20,}|[0-9a-fA-F]{40})\b"
)


@dataclass(frozen=True)
class Settings:
    repository: str | None
    api_url: str
    token: str | None


class Stopped(Exception):
    """The job was cancelled (SIGTERM): say where the run stopped, then exit."""


def main(
    argv: Sequence[str] | None = None,
    env: Mapping[str, str] | None = None,
    *,
    pacing: Pacing | None = None,
) -> int:
    """Run one command. ``pacing`` overrides PyGithub's pauses (tests run unpaced)."""
    env = os.environ if env is None else env
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error already printed
        return int(exit_.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return BAD_INPUT
    args.pacing = pacing
    try:
        with _stopped_by_sigterm():
            return int(args.run(args, env))
    except SyncError as error:
        if getattr(args, "debug", False):
            _print_traceback()
        for line in error.lines():
            print(_redacted(line, env), file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # The reader went away (`| head`): not an error of ours, and nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except (KeyboardInterrupt, Stopped) as stop:
        how = "stopped by a cancel" if isinstance(stop, Stopped) else "interrupted"
        where = getattr(args, "where", None)
        return fail(
            f"{how}{f' after {where()}' if where else ''}: run the command again; "
            "apply continues where it stopped",
            FAILED,
        )
    except Exception as error:
        if getattr(args, "debug", False):
            _print_traceback()
        if isinstance(error, OSError):
            message = f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": ")
            return fail(_redacted(message, env), FAILED)
        message = f"error: {type(error).__name__}: {error} (run with --debug for details)"
        return fail(_redacted(message, env), FAILED)


def _print_traceback() -> None:
    import traceback  # only with --debug: every command starts without it

    traceback.print_exc()


def fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """GitHub Actions cancels a job with SIGTERM: end with a line, not a silent kill."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Stopped

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _redacted(text: str, env: Mapping[str, str]) -> str:
    """Never print a token: the one in the environment, or anything shaped like one."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        secret = (env.get(name) or "").strip()
        if len(secret) >= 8:
            text = text.replace(secret, "***")
    return _TOKEN_LIKE.sub("***", text)


# --- the parser ------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, like every other error, instead of argparse's usage block.
        self.exit(BAD_INPUT, f"error: {_without_values(message)} (see: {self.prog} --help)\n")


def _without_values(message: str) -> str:
    """argparse echoes arguments it rejects; one of them may be a token someone pasted."""
    message = re.sub(r"invalid choice: '[^']*'", "invalid choice", message)
    prefix = "unrecognized arguments: "
    if not message.startswith(prefix):
        return message
    flags = [word.split("=")[0] for word in message[len(prefix) :].split() if word.startswith("-")]
    hint = "; a token is never a flag: set GITHUB_TOKEN" if "--token" in flags else ""
    return f"{prefix}{' '.join(flags) or '(values not shown)'}{hint}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m sync",
        description="Keep a GitHub repository's issues, milestones and README in step with a "
        "study guide's curriculum.yaml. The token comes from GITHUB_TOKEN or GH_TOKEN.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(
        name: str, run: Callable[..., int], help: str, *, remote: bool = False
    ) -> argparse.ArgumentParser:
        # Options added to each command, not through parent parsers: every parser costs
        # start-up time, and validate should start about as fast as its libraries load.
        sub = commands.add_parser(name, help=help, description=help)
        sub.set_defaults(run=run)
        sub.add_argument(
            "--curriculum",
            default=DEFAULT_CURRICULUM,
            metavar="PATH",
            help="the curriculum file (default: curriculum.yaml)",
        )
        sub.add_argument("--debug", action="store_true", help="show tracebacks on failure")
        if remote:
            sub.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
            sub.add_argument(
                "--api-url", metavar="URL", help="default: $GITHUB_API_URL or api.github.com"
            )
        return sub

    command("validate", run_validate, "check curriculum.yaml and report every problem")

    plan = command(
        "plan", run_plan, "show what apply would change, without changing it", remote=True
    )
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument("--prune", action="store_true", help="plan closing removed resources' issues")

    apply = command("apply", run_apply, "make the repository match curriculum.yaml", remote=True)
    apply.add_argument(
        "--prune",
        action="store_true",
        help="close, as not planned, the issues of resources removed from the curriculum",
    )
    apply.add_argument(
        "--seconds-between-writes",
        type=_non_negative_float,
        default=None,
        metavar="S",
        help="pause between write requests (default 1, GitHub's advice)",
    )

    readme = command("readme", run_readme, "regenerate the README's progress region", remote=True)
    readme.add_argument("--readme", default="README.md", metavar="PATH")
    readme.add_argument("--chart", default="assets/progress.svg", metavar="PATH")
    readme.add_argument("--badge", metavar="PATH", help="default: badge.svg beside the chart")
    readme.add_argument("--check", action="store_true", help="write nothing; exit 1 if outdated")
    readme.add_argument("--offline", action="store_true", help="everything open, no network")

    status = command("status", run_status, "show progress per level", remote=True)
    status.add_argument("--json", action="store_true", help="print progress as JSON")
    status.add_argument("--offline", action="store_true", help="everything open, no network")

    milestones = command(
        "milestones",
        run_milestones,
        "close the milestone of each completed level, reopen it when a resource reopens",
        remote=True,
    )
    milestones.add_argument("--dry-run", action="store_true", help="say what would change")

    imports = command("import", run_import, "turn a Markdown checklist into a curriculum")
    imports.add_argument(
        "checklist",
        metavar="CHECKLIST",
        help="a Markdown file, - for stdin, or a GitHub address: https://github.com/OWNER/REPO "
        "(its README) or a file's https://github.com/OWNER/REPO/blob/BRANCH/PATH",
    )
    imports.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write the curriculum, - for stdout (default: the --curriculum path)",
    )
    imports.add_argument("--force", action="store_true", help="overwrite an existing output file")
    imports.add_argument(
        "--verbose", action="store_true", help="list every line not taken, not only the first few"
    )
    return parser


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("not a number") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more, and finite")
    return value


# --- configuration ---------------------------------------------------------------------


def settings_from(args: argparse.Namespace, env: Mapping[str, str]) -> Settings:
    repository = args.repo or env.get("GITHUB_REPOSITORY") or None
    if repository and not _REPO_PATTERN.match(repository):
        raise UsageError(f"the repository must look like OWNER/NAME, not {_shape(repository)}")
    api_url = (args.api_url or env.get("GITHUB_API_URL") or "https://api.github.com").rstrip("/")
    check_api_url(api_url)
    # A token pasted from a CRLF file ends in "\r": requests would refuse the header and
    # echo it in its error. Trim the ends; anything else that is not a token's is refused.
    token = (env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "").strip() or None
    if token and (not token.isprintable() or " " in token):
        raise UsageError("GITHUB_TOKEN (or GH_TOKEN) holds spaces or control characters")
    return Settings(repository, api_url, token)


def check_api_url(url: str) -> None:
    """https, or plain http to this machine only: a token sent over http elsewhere is exposed."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UsageError(f"the API URL must start with https://, not {_shape(url)}")
    if parts.username or parts.password:
        raise UsageError("the API URL must not hold a user or password: set GITHUB_TOKEN")
    if parts.scheme == "http" and not _is_local(parts.hostname):
        raise UsageError(
            f"the API URL must start with https:// (plain http only to this machine), not "
            f"http://{parts.hostname}"
        )


def _is_local(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shape(text: str) -> str:
    """A rejected value as something safe to print: it may be a token pasted in the wrong place."""
    if _TOKEN_LIKE.search(text) or (len(text) >= 20 and re.fullmatch(r"[A-Za-z0-9_]+", text)):
        return f"a {len(text)}-character value that looks like a token (not shown)"
    return repr(text if len(text) <= 80 else text[:77] + "...")


def connect(settings: Settings, args: argparse.Namespace) -> GitHub:
    from sync.github import GitHub, Pacing

    pacing = args.pacing or Pacing()
    seconds = getattr(args, "seconds_between_writes", None)
    if seconds is not None:
        pacing = dataclasses.replace(pacing, seconds_between_writes=seconds)
    return GitHub(token=settings.token, api_url=settings.api_url, pacing=pacing)


def require_remote(settings: Settings, command: str) -> Settings:
    if not settings.repository:
        raise UsageError(
            f"{command} needs a repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY"
        )
    if not settings.token:
        raise UsageError(
            f"{command} needs a token: set GITHUB_TOKEN (or GH_TOKEN) to a token that can write "
            "issues (see docs/commands.md)"
        )
    return settings


# --- commands --------------------------------------------------------------------------


def load_checked_curriculum(path: str) -> Curriculum:
    """The curriculum, valid and within GitHub's limits, for the commands that write to GitHub
    or promise that a write would succeed; or CurriculumError (exit 2) before any request."""
    from sync.limits import check_github_limits

    curriculum = load_curriculum(path)
    check_github_limits(curriculum, path=str(path))
    return curriculum


def run_validate(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    curriculum = load_checked_curriculum(args.curriculum)
    levels = len(curriculum.levels)
    print(f"{args.curriculum}: valid ({levels} levels, {curriculum.resource_count()} resources)")
    return OK


def run_plan(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from sync.plan import make_plan
    from sync.snapshot import Snapshot
    from sync.views import plan_as_json, plan_as_text

    curriculum = load_checked_curriculum(args.curriculum)
    settings = settings_from(args, env)
    if settings.repository:
        snapshot = connect(settings, args).read_snapshot(settings.repository)
    else:
        # A newcomer's first command: no repository yet, so plan against an empty one.
        snapshot = Snapshot("(no repository set: planned against an empty one)")
    plan = make_plan(curriculum, snapshot, prune=args.prune)
    print(plan_as_json(plan) if args.json else plan_as_text(plan))
    write_step_summary(env, plan, heading="Planned changes")
    return OK


def run_apply(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from sync.plan import make_plan
    from sync.snapshot import write_access_problem
    from sync.views import plan_as_text, summary_line

    curriculum = load_checked_curriculum(args.curriculum)
    settings = require_remote(settings_from(args, env), "apply")
    github = connect(settings, args)
    snapshot = github.read_snapshot(settings.repository or "")
    if snapshot.repository.casefold() != (settings.repository or "").casefold():
        print(
            f"! {settings.repository} is now {snapshot.repository} (renamed or transferred): "
            f"using {snapshot.repository}",
            file=sys.stderr,
        )
    plan = make_plan(curriculum, snapshot, prune=args.prune)
    problem = write_access_problem(snapshot) if plan.changes else None
    if problem:
        raise GitHubError(f"nothing written: {problem}")
    for notice in plan.notices:
        print(f"! {notice}", file=sys.stderr)
    reporter = ChangeReporter(len(plan.changes), sys.stdout)
    args.where = lambda: f"{reporter.count} of {len(plan.changes)} changes"
    try:
        github.execute(plan, on_change=reporter.done, report=reporter.say)
    finally:
        reporter.close()
        write_step_summary(env, plan, heading="Applied changes", done=reporter.count)
    if not plan.changes:
        print(plan_as_text(plan).splitlines()[-1])
        print(f"{snapshot.repository} already matches {args.curriculum}: nothing written")
    else:
        print(f"Done: {summary_line(plan.summary(), done=True)}")
    return OK


class ChangeReporter:
    """A progress bar with time left on a terminal; one plain line per change elsewhere (CI logs)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.count, self.stream = total, 0, stream
        self.bar: Any = None
        if total and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="change", file=sys.stderr, leave=False)

    def done(self, change: Change) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_description_str(change.describe()[:40])
        else:
            print(f"[{self.count}/{self.total}] {change.describe()}", file=self.stream, flush=True)

    def say(self, line: str) -> None:
        """What the run decided on its own (a lost answer checked, a duplicate closed)."""
        if self.bar is not None:
            self.bar.write(f"! {line}", file=sys.stderr)
        else:
            print(f"! {line}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def write_step_summary(
    env: Mapping[str, str], plan: Plan, *, heading: str, done: int | None = None
) -> None:
    """Inside Actions, show the changes on the run's page. Best effort: a summary that cannot
    be written is a warning, never the exit code, and never hides the run's own error."""
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    from sync.views import plan_as_markdown

    text = plan_as_markdown(plan, heading=heading, applied=done is not None)
    if done is not None and done < len(plan.changes):
        text += f"\nStopped after {done} of {len(plan.changes)} changes.\n"
    try:
        with open(path, "a", encoding="utf-8") as summary:
            summary.write(text)
    except OSError as error:
        print(
            f"warning: could not write the run summary to {path}: {error.strerror or error}",
            file=sys.stderr,
        )


def run_readme(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from sync.badge import share_links
    from sync.readme import regenerate

    curriculum = load_curriculum(args.curriculum)
    readme_path, chart_path = Path(args.readme), Path(args.chart)
    badge_path = Path(args.badge) if args.badge else chart_path.parent / "badge.svg"
    old_readme = read_text(readme_path, keep_bom=True)
    progress = read_progress(args, env, curriculum)
    # str() of both: os.path.relpath takes "" for the current folder badly as a Path.
    chart_link = os.path.relpath(str(chart_path), str(readme_path.parent)).replace(os.sep, "/")
    badge_link = os.path.relpath(str(badge_path), str(readme_path.parent)).replace(os.sep, "/")
    settings = None if args.offline else settings_from(args, env)
    # The shared link points into the repository from its root (the folder this runs in),
    # wherever the README sits.
    badge_in_repository = os.path.relpath(str(badge_path)).replace(os.sep, "/")
    share = (
        share_links(
            api_url=settings.api_url, repository=settings.repository, badge_path=badge_in_repository
        )
        if settings and settings.repository
        else None
    )
    try:
        rendered = regenerate(
            old_readme,
            curriculum,
            progress,
            chart_path=chart_link,
            badge_path=badge_link,
            share=share,
        )
    except RegionError as error:
        raise RegionError(f"{readme_path}: {error}") from None
    # Compared as bytes: an image damaged by hand (not even UTF-8) is simply written anew.
    outputs = (
        (readme_path, old_readme, rendered.readme),
        (chart_path, _bytes_of(chart_path), rendered.chart),
        (badge_path, _bytes_of(badge_path), rendered.badge),
    )
    stale = [
        (path, new)
        for path, old, new in outputs
        if old != (new if isinstance(old, str) else new.encode("utf-8"))
    ]
    names = ", ".join(str(path) for path, _, _ in outputs)
    if args.check:
        for path, _ in stale:
            print(f"{path} is out of date: run python -m sync readme", file=sys.stderr)
        return FAILED if stale else OK
    if not stale:
        print(f"{names} are up to date: nothing written")
        return OK
    for path, _ in stale:
        if path.is_dir():
            raise UsageError(f"{path}: is a directory, not a file: nothing written")
    # The images first, the README last: a README is never left pointing at an image that
    # could not be written.
    for path, text in sorted(stale, key=lambda item: item[0] == readme_path):
        if path != readme_path:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise UsageError(f"{path.parent}: {error.strerror or error}") from None
        write_atomically(path, text)
    print(f"updated {' and '.join(str(path) for path, _ in stale)}")
    return OK


def _bytes_of(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def read_text(path: Path, *, keep_bom: bool = False) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a file") from None
    return decode_utf8(raw, str(path), keep_bom=keep_bom)


def read_progress(
    args: argparse.Namespace, env: Mapping[str, str], curriculum: Curriculum
) -> Progress:
    from sync.progress import progress

    if args.offline:
        return progress(curriculum, ())
    settings = settings_from(args, env)
    if not settings.repository:
        raise UsageError(
            "no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY "
            "(or use --offline to show everything open)"
        )
    journal = connect(settings, args).read_progress(settings.repository)
    return progress(
        curriculum, journal.issues, milestones=journal.milestones, comments=journal.comments
    )


def run_status(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    import json

    from sync.pace import schedule
    from sync.views import progress_as_json, status_table

    curriculum = load_curriculum(args.curriculum)
    progress = read_progress(args, env, curriculum)
    plan = schedule(curriculum, progress)
    if args.json:
        print(json.dumps(progress_as_json(progress, plan), indent=2, ensure_ascii=False))
    else:
        print(status_table(progress, plan))
    return OK


def run_milestones(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from sync.completion import describe, milestone_plan
    from sync.progress import progress

    curriculum = load_curriculum(args.curriculum)
    settings = settings_from(args, env)
    if not args.dry_run:
        require_remote(settings, "milestones")
    elif not settings.repository:
        raise UsageError(
            "milestones needs a repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY"
        )
    github = connect(settings, args)
    # Resolved first: a renamed repository answers writes to its old name with a redirect.
    repository = github.current_name(settings.repository or "")
    journal = github.read_progress(repository, notes=False)
    plan = milestone_plan(repository, progress(curriculum, journal.issues), journal.milestones)
    if args.dry_run:
        for change in plan.changes:
            print(f"would have {describe(change)}")
    else:
        github.execute(plan, on_change=lambda change: print(describe(change)))
    if not plan.changes:
        print("every level's milestone matches its level: nothing to change")
    return OK


def run_import(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from sync.importer import checked_yaml, github_file, grouped, import_checklist, summary
    from sync.text import decode_utf8

    output = args.output or args.curriculum
    if output != "-" and Path(output).is_dir():
        raise UsageError(f"{output} is a directory: give the file to write with -o")
    if output != "-" and Path(output).exists() and not args.force:
        raise UsageError(f"{output} already exists: pass --force to overwrite it")
    where = github_file(args.checklist)
    if where is not None:
        settings = settings_from(argparse.Namespace(repo=None, api_url=None), env)
        github = connect(settings, args)
        name, raw = github.read_file(where.repository, where.path, where.ref)
        name = f"{where.repository}/{name}"
    else:
        name, raw = read_input(args.checklist)
    imported = import_checklist(decode_utf8(raw, name), source=name)
    yaml_text = checked_yaml(imported, source=name, output=output)
    for line in grouped(imported.notices, source=name, verbose=args.verbose):
        print(line, file=sys.stderr)
    if output == "-":
        sys.stdout.write(yaml_text)
    else:
        write_atomically(Path(output), yaml_text)
    last = summary(imported, written_to="stdout" if output == "-" else output)
    print(last, file=sys.stderr if output == "-" else sys.stdout)
    return OK


def read_input(path: str) -> tuple[str, bytes]:
    """(name for messages, bytes) of a file, or of stdin for '-'."""
    if path == "-":
        stream = sys.stdin
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        return "stdin", data.encode("utf-8") if isinstance(data, str) else data
    try:
        return path, Path(path).read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, not a Markdown file") from None
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror or error}") from None


# --- files -----------------------------------------------------------------------------


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, renamed over the
    target, so an interrupted run never leaves half a README, chart or curriculum."""
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such directory")
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, not a file")
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        # Named by the file asked for, not the temporary one beside it.
        raise UsageError(f"{path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
