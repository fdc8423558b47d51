"""The command line: arguments, environment, printing and exit codes. No decisions live here.

Exit codes: 0 ok, 1 a failure or a failed check, 2 bad usage or bad input.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import sys
import tempfile
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn, TextIO

from sync.curriculum import Curriculum, load_curriculum
from sync.errors import BAD_INPUT, FAILED, OK, RegionError, SyncError, UsageError
from sync.github import Pacing

DEFAULT_CURRICULUM = "curriculum.yaml"
# PyGithub's own pacing (1 s between writes, 0.25 s between requests); tests run unpaced.
BASE_PACING = Pacing()
_REPO_PATTERN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")


@dataclass(frozen=True)
class Settings:
    repository: str | None
    api_url: str
    token: str | None


def main(argv: Sequence[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    env = os.environ if env is None else env
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error already printed
        return int(exit_.code or 0)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return BAD_INPUT
    try:
        return args.run(args, env)
    except SyncError as error:
        if getattr(args, "debug", False):
            traceback.print_exc()
        for line in error.lines():
            print(line, file=sys.stderr)
        return error.exit_code
    except BrokenPipeError:
        # The reader went away (`| head`): not an error of ours, and nothing left to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except KeyboardInterrupt:
        return fail("interrupted: run the command again; apply continues where it stopped", FAILED)
    except Exception as error:
        if getattr(args, "debug", False):
            traceback.print_exc()
        if isinstance(error, OSError):
            message = f"error: {error.strerror or error}: {error.filename or ''}".rstrip(": ")
            return fail(message, FAILED)
        return fail(
            f"error: {type(error).__name__}: {error} (run with --debug for details)", FAILED
        )


def fail(message: str, code: int) -> int:
    print(message, file=sys.stderr)
    return code


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
    common = _Parser(add_help=False)
    common.add_argument(
        "--curriculum",
        default=DEFAULT_CURRICULUM,
        metavar="PATH",
        help="the curriculum file (default: curriculum.yaml)",
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks on failure")
    remote = _Parser(add_help=False)
    remote.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    remote.add_argument(
        "--api-url", metavar="URL", help="default: $GITHUB_API_URL or api.github.com"
    )

    parser = _Parser(
        prog="python -m sync",
        description="Keep a GitHub repository's issues, milestones and README in step with a "
        "study guide's curriculum.yaml. The token comes from GITHUB_TOKEN or GH_TOKEN.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, run: Callable, help: str, *parents: argparse.ArgumentParser):
        sub = commands.add_parser(name, help=help, description=help, parents=[common, *parents])
        sub.set_defaults(run=run)
        return sub

    command("validate", run_validate, "check curriculum.yaml and report every problem")

    plan = command("plan", run_plan, "show what apply would change, without changing it", remote)
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument("--prune", action="store_true", help="plan closing removed resources' issues")

    apply = command("apply", run_apply, "make the repository match curriculum.yaml", remote)
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

    readme = command("readme", run_readme, "regenerate the README's progress region", remote)
    readme.add_argument("--readme", default="README.md", metavar="PATH")
    readme.add_argument("--chart", default="assets/progress.svg", metavar="PATH")
    readme.add_argument("--check", action="store_true", help="write nothing; exit 1 if outdated")
    readme.add_argument("--offline", action="store_true", help="everything open, no network")

    status = command("status", run_status, "show progress per level", remote)
    status.add_argument("--json", action="store_true", help="print progress as JSON")
    status.add_argument("--offline", action="store_true", help="everything open, no network")

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
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


# --- configuration ---------------------------------------------------------------------


def settings_from(args: argparse.Namespace, env: Mapping[str, str]) -> Settings:
    from sync.github import DEFAULT_API_URL

    repository = args.repo or env.get("GITHUB_REPOSITORY") or None
    if repository and not _REPO_PATTERN.match(repository):
        raise UsageError(f"the repository must look like OWNER/NAME, not {repository!r}")
    api_url = (args.api_url or env.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/")
    if not re.match(r"^https?://[^\s/]+", api_url):
        raise UsageError(f"the API URL must start with https://, not {api_url!r}")
    # A token pasted from a CRLF file ends in "\r": requests would refuse the header and
    # echo it in its error. Trim the ends; anything else that is not a token's is refused.
    token = (env.get("GITHUB_TOKEN") or env.get("GH_TOKEN") or "").strip() or None
    if token and (not token.isprintable() or " " in token):
        raise UsageError("GITHUB_TOKEN (or GH_TOKEN) holds spaces or control characters")
    return Settings(repository, api_url, token)


def connect(settings: Settings, *, seconds_between_writes: float | None = None):
    from sync.github import GitHubRepository

    pacing = BASE_PACING
    if seconds_between_writes is not None:
        pacing = dataclasses.replace(pacing, seconds_between_writes=seconds_between_writes)
    return GitHubRepository(
        settings.repository or "",
        token=settings.token,
        api_url=settings.api_url,
        pacing=pacing,
    )


# --- commands --------------------------------------------------------------------------


def run_validate(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    curriculum = load_curriculum(args.curriculum)
    levels = len(curriculum.levels)
    print(f"{args.curriculum}: valid ({levels} levels, {curriculum.resource_count()} resources)")
    return OK


def run_plan(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from sync.plan import make_plan, plan_as_json, plan_as_text
    from sync.snapshot import Snapshot

    curriculum = load_curriculum(args.curriculum)
    settings = settings_from(args, env)
    if settings.repository:
        snapshot = connect(settings).read_snapshot()
    else:
        # A newcomer's first command: no repository yet, so plan against an empty one.
        snapshot = Snapshot("(no repository set: planned against an empty one)")
    plan = make_plan(curriculum, snapshot, prune=args.prune)
    print(plan_as_json(plan) if args.json else plan_as_text(plan))
    write_step_summary(env, plan, heading="Planned changes")
    return OK


def run_apply(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from sync.plan import make_plan, plan_as_text

    curriculum = load_curriculum(args.curriculum)
    settings = require_remote(settings_from(args, env), "apply")
    repo = connect(settings, seconds_between_writes=args.seconds_between_writes)
    snapshot = repo.read_snapshot()
    plan = make_plan(curriculum, snapshot, prune=args.prune)
    for notice in plan.notices:
        print(f"! {notice}", file=sys.stderr)
    reporter = ChangeReporter(len(plan.changes), sys.stdout)
    try:
        repo.execute(plan, on_change=reporter.done)
    finally:
        reporter.close()
        write_step_summary(env, plan, heading="Applied changes", done=reporter.count)
    if not plan.changes:
        print(plan_as_text(plan).splitlines()[-1])
        print(f"{settings.repository} already matches {args.curriculum}: nothing written")
    else:
        from sync.plan import summary_line

        print(f"Done: {summary_line(plan.summary(), done=True)}")
    return OK


def require_remote(settings: Settings, command: str) -> Settings:
    if not settings.repository:
        raise UsageError(
            f"{command} needs a repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY"
        )
    if not settings.token:
        raise UsageError(
            f"{command} needs a token: set GITHUB_TOKEN (or GH_TOKEN) to a token that can write "
            "issues (see the README)"
        )
    return settings


class ChangeReporter:
    """A progress bar with time left on a terminal; one plain line per change elsewhere (CI logs)."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total, self.count, self.stream = total, 0, stream
        self.bar = None
        if total and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="change", file=sys.stderr, leave=False)

    def done(self, change) -> None:
        self.count += 1
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_description_str(change.describe()[:40])
        else:
            print(f"[{self.count}/{self.total}] {change.describe()}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def write_step_summary(
    env: Mapping[str, str], plan, *, heading: str, done: int | None = None
) -> None:
    """Inside Actions, show the changes on the run's page."""
    path = env.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    from sync.plan import plan_as_markdown

    text = plan_as_markdown(plan, heading=heading, applied=done is not None)
    if done is not None and done < len(plan.changes):
        text += f"\nStopped after {done} of {len(plan.changes)} changes.\n"
    with open(path, "a", encoding="utf-8") as summary:
        summary.write(text)


def run_readme(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    from sync.readme import regenerate

    curriculum = load_curriculum(args.curriculum)
    readme_path, chart_path = Path(args.readme), Path(args.chart)
    try:
        old_readme = readme_path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise UsageError(f"{readme_path}: no such file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{readme_path}: not UTF-8 text") from None
    progress = read_progress(args, env, curriculum)
    chart_link = os.path.relpath(chart_path, readme_path.parent or Path(".")).replace(os.sep, "/")
    try:
        new_readme, svg = regenerate(old_readme, curriculum, progress, chart_path=chart_link)
    except RegionError as error:
        raise RegionError(f"{readme_path}: {error}") from None
    old_svg = chart_path.read_text("utf-8") if chart_path.exists() else None
    stale = [
        p
        for p, old, new in ((readme_path, old_readme, new_readme), (chart_path, old_svg, svg))
        if old != new
    ]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run python -m sync readme", file=sys.stderr)
        return FAILED if stale else OK
    if not stale:
        print(f"{readme_path} and {chart_path} are up to date: nothing written")
        return OK
    if old_readme != new_readme:
        write_atomically(readme_path, new_readme)
    if old_svg != svg:
        chart_path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(chart_path, svg)
    print(f"updated {' and '.join(map(str, stale))}")
    return OK


def read_progress(args: argparse.Namespace, env: Mapping[str, str], curriculum: Curriculum):
    from sync.progress import progress

    if args.offline:
        return progress(curriculum, ())
    settings = settings_from(args, env)
    if not settings.repository:
        raise UsageError(
            "no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY "
            "(or use --offline to show everything open)"
        )
    repo = connect(settings)
    issues = repo.read_issues()
    return progress(curriculum, issues, milestones=repo.read_milestones())


def run_status(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    import json

    from sync.progress import progress_as_json
    from sync.readme import status_table

    curriculum = load_curriculum(args.curriculum)
    progress = read_progress(args, env, curriculum)
    if args.json:
        print(json.dumps(progress_as_json(progress), indent=2, ensure_ascii=False))
    else:
        print(status_table(progress))
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
        from sync.github import read_repository_file

        settings = settings_from(argparse.Namespace(repo=None, api_url=None), env)
        name, raw = read_repository_file(
            where.repository, where.path, where.ref, token=settings.token, api_url=settings.api_url
        )
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
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such directory")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
