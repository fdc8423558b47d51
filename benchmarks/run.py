"""Benchmark the sync tool against the fake GitHub: request counts, CPU time, memory, pacing.

    python benchmarks/run.py                  # curriculum.yaml (67) and synthetic 1,000 and 10,000
    python benchmarks/run.py --sizes 67,1000  # the size of curriculum.yaml means that file itself

First, start-up: the process CPU time (user + sys) of ``python -m sync validate`` on
curriculum.yaml against ``python -c "import yaml, jinja2"``, the median of ``--startup-runs``
interleaved runs of each, as a ratio with its target (at most 1.5), with the package's bytecode
compiled first, as an install has it. On a shared machine the ratio moves by a tenth or so
from one run to the next.

Then every size runs in child processes of its own, so memory figures do not mix:

- ``measure``: times (best of 3, wall and CPU) of load and validate, plan and README render on
  plain values; then the commands a user runs, in-process through ``cli.main`` against the
  stateful fake GitHub of ``tests/fake_github.py`` on ``responses``, unpaced, counting every
  request the fake answers; then (up to ``--resume-limit`` creations) a first apply at the tool's
  real per-run budget, run again until it finishes; and the process's max RSS.
- ``memory``: the same commands under ``tracemalloc``, for the peak of traced memory.

One Markdown table goes to stdout, with the machine above it; progress goes to stderr. The whole
default run takes about 5 minutes on 2 cores, most of it the 10,000-resource first apply through
the fake, which is pure Python. To measure a patched copy of the package without touching this
one: ``PYTHONPATH=/path/to/copy python benchmarks/run.py`` (the copy's ``sync/`` is used).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime as dt
import gc
import io
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: make `sync`, `tests` and `benchmarks` importable
    # After PYTHONPATH's entries, so that a patched copy of `sync` there can be measured instead.
    _FIRST = 1 + len([p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])
    sys.path.insert(_FIRST, str(ROOT))

REAL_CURRICULUM = ROOT / "curriculum.yaml"
DEFAULT_SIZES = (67, 1000, 10000)
REPEATS = 3
# GitHub's content limits: about 80 creations a minute and 500 an hour.
CREATES_PER_MINUTE, CREATES_PER_HOUR = 80, 500
ASSUMED_LATENCY = 0.5  # seconds GitHub takes to answer, for the second estimate only
TARGETS = {  # for 10,000 resources
    "load": 1.5,
    "plan": 1.0,
    "render": 1.0,
    "memory_mb": 300.0,
}
# Start-up: `python -m sync validate` on curriculum.yaml against loading its libraries alone.
STARTUP_RUNS = 15
STARTUP_TARGET = 1.5
VALIDATE = ("-m", "sync", "validate", "--curriculum", str(REAL_CURRICULUM))
LIBRARIES = ("-c", "import yaml, jinja2")

# --- request bounds ----------------------------------------------------------------------


def read_bound(labels: int, milestones: int, issues: int) -> int:
    """What reading the repository costs apply: the repository itself, then every page of
    labels, of milestones and of issues as they stand when the run starts."""
    from tests.support import pages

    return 1 + pages(labels) + pages(milestones) + pages(issues)


def duplicates_bound(created_issues: int) -> int:
    """What apply reads after creating issues: the issues numbered after its snapshot, newest
    first, 100 a page, for copies another run made meanwhile (none when it created none)."""
    from tests.support import pages

    return pages(created_issues) if created_issues else 0


def apply_bound(before: tuple[int, int, int], after: tuple[int, int, int], writes: int) -> int:
    """An apply from state ``before`` (labels, milestones, issues) to ``after``."""
    return read_bound(*before) + writes + duplicates_bound(after[2] - before[2])


def progress_bound(issues: int) -> int:
    """What ``readme`` and ``status`` cost: every page of issues, and the milestones."""
    from tests.support import pages

    return pages(issues) + 1


# --- inputs ------------------------------------------------------------------------------


def real_resource_count() -> int:
    from sync.curriculum import load_curriculum

    return load_curriculum(REAL_CURRICULUM).resource_count()


def curriculum_for(size: int) -> tuple[str, str]:
    """(name, YAML text): the real curriculum.yaml when ``size`` is its size, else synthetic."""
    if REAL_CURRICULUM.exists() and size == real_resource_count():
        return f"curriculum.yaml ({size})", REAL_CURRICULUM.read_text("utf-8")
    from tests.synthetic import synthetic_curriculum

    return f"synthetic {size:,}", synthetic_curriculum(size)


def learner_activity(n: int) -> tuple[str, str | None, dt.datetime | None, bool]:
    """What a learner did with issue ``n``: (state, state_reason, closed_at, in progress).
    About 30% done, 5% skipped, 10% in progress, closed over some 200 days."""
    closed_at = dt.datetime(2026, 2, 1, 18, tzinfo=dt.UTC) + dt.timedelta(days=n % 200, hours=n % 7)
    if n % 10 in (0, 1, 2):
        return "closed", "completed", closed_at, False
    if n % 20 == 3:
        return "closed", "not_planned", closed_at, False
    if n % 10 == 4:
        return "open", None, None, True
    return "open", None, None, False


def studied_snapshot(curriculum: Any) -> Any:
    """The repository after apply and some months of study, as plain values (no HTTP):
    every label, milestone and issue as apply made them, then closed, ticked, labelled and
    annotated by the learner the way a person does, none of which apply would change."""
    from sync.desired import IN_PROGRESS_LABEL
    from tests.support import synced_snapshot

    synced = synced_snapshot(curriculum)
    issues = []
    for issue in synced.issues:
        n = issue.number
        state, reason, closed_at, in_progress = learner_activity(n)
        body = issue.body.replace("- [ ] ", "- [x] ", 1) if n % 2 else issue.body
        if n % 25 == 0:  # edited in the browser: a note above the block, CRLF line endings
            body = "My notes: start with chapter 2.\r\n\r\n" + body.replace("\n", "\r\n")
        labels = (*issue.labels, IN_PROGRESS_LABEL) if in_progress else issue.labels
        issues.append(
            dataclasses.replace(
                issue,
                body=body,
                state=state,
                state_reason=reason,
                labels=labels,
                closed_at=closed_at,
            )
        )
    return dataclasses.replace(synced, issues=tuple(issues))


def learner_works_through(fake: Any) -> None:
    """The same activity on the fake's issues, as a person on github.com (not logged)."""
    from sync.desired import IN_PROGRESS_LABEL

    in_progress = fake.label(IN_PROGRESS_LABEL)
    closes = []
    for issue in fake.issues:
        state, reason, closed_at, working = learner_activity(issue["number"])
        if working:
            issue["labels"] = [*issue["labels"], in_progress]
        elif state == "closed":
            closes.append((issue, reason, closed_at))
    # FakeGitHub.close_issue recounts every milestone's issues each time: quadratic at 10,000.
    # Close all but the last directly, the way close_issue does, and the last through it.
    for issue, reason, closed_at in closes[:-1]:
        when = closed_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        issue.update(state="closed", state_reason=reason, closed_at=when, updated_at=when)
        issue["closed_by"] = issue["user"]
    if closes:
        issue, reason, closed_at = closes[-1]
        fake.close_issue(issue["number"], reason=reason, closed_at=closed_at)


# --- measuring ---------------------------------------------------------------------------


def best_of(call: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, float, Any]:
    """Best wall and best CPU seconds of ``repeats`` calls, and the last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), result


def time_phases(path: Path) -> dict[str, Any]:
    """Load and validate, plan against a synced repository, README render: no HTTP."""
    from sync.curriculum import load_curriculum
    from sync.plan import make_plan
    from sync.progress import progress
    from sync.readme import regenerate
    from tests.synthetic import README_TEMPLATE

    load = best_of(lambda: load_curriculum(path))
    curriculum = load[2]
    snapshot = studied_snapshot(curriculum)
    plan = best_of(lambda: make_plan(curriculum, snapshot))
    changes = plan[2].changes
    assert not changes, f"a synced repository should need no change: {changes[:3]}"

    def render() -> Any:
        done = progress(curriculum, snapshot.issues, milestones=snapshot.milestones)
        return regenerate(README_TEMPLATE, curriculum, done, chart_path="assets/progress.svg")

    readme = best_of(render)
    assert "[x]" in readme[2].readme and "<svg" in readme[2].chart
    return {
        name: {"wall": wall, "cpu": cpu}
        for name, (wall, cpu, _) in (("load", load), ("plan", plan), ("render", readme))
    }


class _Tail(io.TextIOBase):
    """Where the CLI prints: keeps the last lines only (apply prints one per change)."""

    def __init__(self, keep: int = 12) -> None:
        self.lines: list[str] = []
        self.keep = keep

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        self.lines = (self.lines + text.splitlines())[-self.keep :]
        return len(text)


class Session:
    """A fresh FakeGitHub on responses, as tests/conftest.py sets it up, and the CLI run in it."""

    def __init__(
        self, stack: contextlib.ExitStack, *, pacing: Any, on_command: Callable | None = None
    ) -> None:
        import responses

        from tests.fake_github import FakeGitHub
        from tests.support import env_for

        # The fake's own primary rate limit (5,000 an hour) would stop 10,000 resources.
        self.fake = FakeGitHub(rate_limit=10**9)
        self.rsps = stack.enter_context(responses.RequestsMock(assert_all_requests_are_fired=False))
        self.fake.install(self.rsps)
        self.env = env_for(self.fake)
        self.pacing = pacing
        self.on_command = on_command

    def state(self) -> tuple[int, int, int]:
        return len(self.fake.labels), len(self.fake.milestones), len(self.fake.issues)

    def run(self, *args: str, may_fail: bool = False) -> dict[str, Any]:
        from sync import cli

        self.fake.reset_log()
        # responses keeps every request and response; only the fake's log is counted.
        self.rsps.calls.reset()
        for registered in self.rsps.registered():
            registered.calls.reset()
        tail = _Tail()
        before = self.state()
        if self.on_command:
            self.on_command("start")
        wall, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(tail), contextlib.redirect_stderr(tail):
            code = cli.main(list(args), self.env, pacing=self.pacing)
        result = {
            "requests": len(self.fake.log),
            "writes": len(self.fake.writes),
            "code": code,
            "wall": time.perf_counter() - wall,
            "cpu": time.process_time() - cpu,
            "state_before": before,
            "state_after": self.state(),
            "tail": tail.lines,
        }
        if self.on_command:
            result.update(self.on_command("end"))
        if code != 0 and not may_fail:
            raise RuntimeError(f"{' '.join(args)} exited {code}:\n" + "\n".join(tail.lines))
        return result


def run_commands(
    text: str, work: Path, *, on_command: Callable | None = None, log: Callable = print
) -> dict[str, Any]:
    """First apply, no-op apply, one title change, readme, status: through cli.main."""
    from sync.curriculum import parse_curriculum
    from sync.github import Pacing
    from tests.synthetic import README_TEMPLATE, with_title_changed

    path, changed = work / "curriculum.yaml", work / "curriculum-changed.yaml"
    readme, chart = work / "README.md", work / "assets" / "progress.svg"
    path.write_text(text, encoding="utf-8")
    curriculum, problems = parse_curriculum(text, str(path))
    assert curriculum is not None, problems
    changed_text, _ = with_title_changed(text, curriculum)
    changed.write_text(changed_text, encoding="utf-8")
    readme.write_text(README_TEMPLATE, encoding="utf-8")
    apply, remote = ["apply", "--curriculum"], ["--curriculum", str(changed)]

    # Unpaced, and without the per-run budget so the first apply is one run (see resumed_apply).
    pacing = Pacing.unpaced(max_creates=sys.maxsize)
    results: dict[str, Any] = {}
    with contextlib.ExitStack() as stack:
        session = Session(stack, pacing=pacing, on_command=on_command)
        log("first apply")
        results["first_apply"] = session.run(*apply, str(path))
        log("no-op apply")
        results["noop_apply"] = session.run(*apply, str(path))
        log("one title change")
        results["title_change"] = session.run(*apply, str(changed))
        learner_works_through(session.fake)
        log("readme")
        results["readme"] = session.run(
            "readme", *remote, "--readme", str(readme), "--chart", str(chart)
        )
        assert "[x]" in readme.read_text("utf-8") and chart.exists()
        log("status")
        results["status"] = session.run("status", *remote)
        results["github"] = {"labels": len(session.fake.labels)}
    return results


def resumed_apply(text: str, work: Path, log: Callable = print) -> dict[str, Any]:
    """A first apply at the tool's real budget, run again until done, as a scheduled workflow
    does: runs, requests and writes in all, and each run's reads at the state it started from."""
    from sync.github import Pacing

    path = work / "curriculum.yaml"
    path.write_text(text, encoding="utf-8")
    runs, requests, writes, bound_requests = 0, 0, 0, 0
    with contextlib.ExitStack() as stack:
        session = Session(stack, pacing=Pacing.unpaced())
        while True:
            result = session.run("apply", "--curriculum", str(path), may_fail=True)
            runs += 1
            requests += result["requests"]
            writes += result["writes"]
            bound_requests += apply_bound(
                result["state_before"], result["state_after"], result["writes"]
            )
            if result["code"] == 0:
                break
            if not any("run apply again in an hour" in line for line in result["tail"]):
                raise RuntimeError("apply failed:\n" + "\n".join(result["tail"]))
            log(f"resumed apply: run {runs} stopped at the budget")
            session.fake.advance(3600)  # as the message says: the next run an hour later
    return {"runs": runs, "requests": requests, "writes": writes, "bound": bound_requests}


def shape_of(text: str) -> dict[str, int]:
    from sync.curriculum import parse_curriculum
    from sync.desired import desired_state

    curriculum, _ = parse_curriculum(text, "curriculum.yaml")
    desired = desired_state(curriculum)
    return {
        "resources": len(desired.issues),
        "labels": len(desired.labels),
        "milestones": len(desired.milestones),
        # A resource marked done is created, then closed: one more write.
        "done": sum(issue.done for issue in desired.issues),
    }


def child(size: int, mode: str, out: Path, resume_limit: int) -> None:
    def log(message: str) -> None:
        print(f"  [{size:,} {mode}] {message}", file=sys.stderr, flush=True)

    name, text = curriculum_for(size)
    data: dict[str, Any] = {"size": size, "name": name, "shape": shape_of(text)}
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
        work = Path(tmp)
        path = work / "timed.yaml"
        path.write_text(text, encoding="utf-8")
        if mode == "measure":
            log("timing load, plan, render")
            data["times"] = time_phases(path)
            data["commands"] = run_commands(text, work, log=log)
            shape = data["shape"]
            if shape["labels"] + shape["milestones"] + shape["resources"] <= resume_limit:
                (work / "resumed").mkdir()
                data["resumed"] = resumed_apply(text, work / "resumed", log=log)
            data["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        else:
            tracemalloc.start()
            marks: dict[str, float] = {}

            def on_command(moment: str) -> dict[str, float]:
                if moment == "start":
                    tracemalloc.reset_peak()
                    return {}
                _, peak = tracemalloc.get_traced_memory()
                gc.collect()
                held, _ = tracemalloc.get_traced_memory()
                marks["peak"] = max(marks.get("peak", 0.0), peak)
                # What the fake and responses still hold once the command's objects are gone.
                return {"peak_mb": peak / 1e6, "held_after_mb": held / 1e6}

            data["commands"] = run_commands(text, work, on_command=on_command, log=log)
            data["tracemalloc_peak_mb"] = (
                max(tracemalloc.get_traced_memory()[1], marks["peak"]) / 1e6
            )
            tracemalloc.stop()
    out.write_text(json.dumps(data), encoding="utf-8")


# --- start-up ----------------------------------------------------------------------------


def child_cpu(args: tuple[str, ...], *, cwd: str, env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one child Python process, from getrusage's totals for
    the children waited for, before and after it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup(runs: int = STARTUP_RUNS) -> dict[str, float]:
    """Median CPU seconds of ``python -m sync validate`` on curriculum.yaml and of
    ``python -c "import yaml, jinja2"``, interleaved so that both see the same machine, and
    their ratio. Both run outside the checkout with the same environment, so the ``sync``
    measured is the one the rest of the benchmark imports (PYTHONPATH's, if set)."""
    import compileall

    import sync

    package = Path(sync.__file__).resolve().parent
    # As an install has it: with PYTHONDONTWRITEBYTECODE set, every run would compile the
    # package's sources again, while the libraries' bytecode was written when pip installed them.
    compileall.compile_dir(package, quiet=1)
    path = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    package_parent = str(package.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*path, package_parent])}
    validate, libraries = [], []
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as cwd:
        for _ in range(runs):
            validate.append(child_cpu(VALIDATE, cwd=cwd, env=env))
            libraries.append(child_cpu(LIBRARIES, cwd=cwd, env=env))
    median_validate, median_libraries = statistics.median(validate), statistics.median(libraries)
    return {
        "runs": runs,
        "validate": median_validate,
        "libraries": median_libraries,
        "ratio": median_validate / median_libraries,
    }


def startup_table(measured: dict[str, float]) -> str:
    ratio = measured["ratio"]
    met = "✓ met" if ratio <= STARTUP_TARGET else "✗ missed"
    return "\n".join(
        [
            "| start-up: process CPU, user + sys, median of "
            f"{measured['runs']} interleaved runs | s |",
            "|---|---:|",
            f"| `python -m sync validate` on curriculum.yaml | {measured['validate']:.3f} |",
            f'| `python -c "import yaml, jinja2"` | {measured["libraries"]:.3f} |',
            f"| ratio (target: at most {STARTUP_TARGET}) | {ratio:.2f}× {met} |",
        ]
    )


# --- GitHub, paced -----------------------------------------------------------------------


def github_estimate(shape: dict[str, int], *, latency: float = 0.0) -> dict[str, Any]:
    """A first apply on GitHub at the default pacing: runs of at most ``max_creates`` creations,
    an hour apart; PyGithub waits its pause after each answer, so every request also costs
    ``latency``. Reads are the repository and its listings as each run finds them."""
    from sync.github import Pacing

    pacing = Pacing()
    per_read = (pacing.seconds_between_requests or 0.0) + latency
    per_write = (pacing.seconds_between_writes or 0.0) + latency
    # In plan order: labels, then milestones, then issues.
    todo = [shape["labels"], shape["milestones"], shape["resources"]]
    have = [0, 0, 0]
    runs, seconds, busy = 0, 0.0, 0.0
    while sum(todo):
        reads = read_bound(*have)
        issues_before = have[2]
        budget = pacing.max_creates
        creates = 0
        for i in range(3):
            n = min(todo[i], budget - creates)
            todo[i] -= n
            have[i] += n
            creates += n
        reads += duplicates_bound(have[2] - issues_before)
        writes = creates + (shape["done"] if not sum(todo) else 0)
        run = reads * per_read + writes * per_write
        runs += 1
        busy += run
        seconds += run
    seconds += (runs - 1) * 3600.0
    creates_total = shape["labels"] + shape["milestones"] + shape["resources"]
    assert runs == math.ceil(creates_total / pacing.max_creates)
    return {
        "runs": runs,
        "seconds": seconds,
        "busy": busy,
        "max_creates": pacing.max_creates,
        "per_minute": 60.0 / per_write,
    }


# --- the table ---------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _check(measured: int, bound: int) -> str:
    if measured == bound:
        return f"{_n(measured)} ✓"
    return f"**{_n(measured)} ≠ {_n(bound)}** ✗"


def _seconds(value: float) -> str:
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def _duration(seconds: float) -> str:
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def table(results: list[dict[str, Any]]) -> tuple[str, list[str]]:
    """The Markdown table, and the targets that were missed (or a line saying all held)."""
    rows: list[tuple[str, list[str]]] = []
    flags: list[str] = []

    def row(label: str, cells: list[str]) -> None:
        rows.append((label, cells))

    def bound_row(label: str, pick: Callable[[dict], tuple[int, int]]) -> None:
        cells = []
        for r in results:
            measured, bound = pick(r)
            cells.append(_check(measured, bound))
            if measured != bound:
                flags.append(f"{r['name']}: {label}: {measured} ≠ bound {bound}")
        row(label, cells)

    def bounds(r: dict) -> dict[str, int]:
        s, c = r["shape"], r["commands"]
        creates = s["labels"] + s["milestones"] + s["resources"]
        writes = creates + s["done"]
        noop = read_bound(s["labels"], s["milestones"], s["resources"])
        first = c["first_apply"]
        return {
            "first_writes": writes,
            "first_requests": apply_bound(first["state_before"], first["state_after"], writes),
            "noop": noop,
            "progress": progress_bound(s["resources"]),
        }

    row(
        "labels · milestones · issues",
        [
            f"{r['shape']['labels']} · {r['shape']['milestones']} · {_n(r['shape']['resources'])}"
            for r in results
        ],
    )
    bound_row(
        "first apply: requests (bound: 4 reads of an empty repository + writes + ⌈N/100⌉ "
        "reads of the issues made meanwhile, for a parallel run's copies)",
        lambda r: (r["commands"]["first_apply"]["requests"], bounds(r)["first_requests"]),
    )
    bound_row(
        "first apply: writes (bound: labels + milestones + issues)",
        lambda r: (r["commands"]["first_apply"]["writes"], bounds(r)["first_writes"]),
    )
    bound_row(
        "no-op apply: requests (bound: 1 + ⌈labels/100⌉ + ⌈levels/100⌉ + ⌈N/100⌉)",
        lambda r: (r["commands"]["noop_apply"]["requests"], bounds(r)["noop"]),
    )
    bound_row("no-op apply: writes (bound 0)", lambda r: (r["commands"]["noop_apply"]["writes"], 0))
    bound_row(
        "one title change: requests (bound: no-op + 1 read of the issue just before its edit + 1)",
        lambda r: (r["commands"]["title_change"]["requests"], bounds(r)["noop"] + 2),
    )
    bound_row(
        "one title change: writes (bound 1)", lambda r: (r["commands"]["title_change"]["writes"], 1)
    )
    bound_row(
        "`readme`: requests (bound: ⌈N/100⌉ + 1)",
        lambda r: (r["commands"]["readme"]["requests"], bounds(r)["progress"]),
    )
    bound_row(
        "`status`: requests (bound: ⌈N/100⌉ + 1)",
        lambda r: (r["commands"]["status"]["requests"], bounds(r)["progress"]),
    )
    bound_row(
        "`readme` and `status`: writes (bound 0)",
        lambda r: (r["commands"]["readme"]["writes"] + r["commands"]["status"]["writes"], 0),
    )

    cells = []
    for r in results:
        resumed, estimate = r.get("resumed"), r["github"]
        if resumed is None:
            cells.append(f"{estimate['runs']} (derived; not run)")
            continue
        ok = (resumed["runs"], resumed["requests"], resumed["writes"]) == (
            estimate["runs"],
            resumed["bound"],
            bounds(r)["first_writes"],
        )
        if not ok:
            flags.append(
                f"{r['name']}: resumed first apply: {resumed} (derived {estimate['runs']})"
            )
        cells.append(
            f"{resumed['runs']} run{'s' if resumed['runs'] > 1 else ''}, {_n(resumed['requests'])} requests, "
            f"{_n(resumed['writes'])} writes {'✓' if ok else '✗'}"
        )
    row(
        f"first apply at the real budget ({results[0]['github']['max_creates']} creations a run), "
        "run again until done (bound: ⌈creations/budget⌉ runs)",
        cells,
    )

    def time_row(label: str, key: str) -> None:
        cells = []
        for r in results:
            t = r["times"][key]
            cells.append(f"{_seconds(t['wall'])} / {_seconds(t['cpu'])}")
        row(label, cells)

    time_row("load and validate: wall / CPU s (best of 3)", "load")
    time_row("plan (desired state + diff) against a synced repository: wall / CPU s", "plan")
    time_row("README render (`progress` + `regenerate`): wall / CPU s", "render")
    row(
        "peak traced memory, whole run (tracemalloc) · the tool's share¹",
        [f"{r['tracemalloc_peak_mb']:.0f} MB · {r['tool_peak_mb']:.0f} MB" for r in results],
    )
    order = ("first_apply", "noop_apply", "title_change", "readme", "status")
    row(
        "… the tool's share by command: first apply · no-op · title change · readme · status",
        [
            " · ".join(
                f"{m['peak_mb'] - m['held_after_mb']:.0f}"
                for m in (r["commands"][key]["memory"] for key in order)
            )
            + " MB"
            for r in results
        ],
    )
    row(
        "max RSS of the run (getrusage, without tracemalloc)",
        [f"{r['max_rss_mb']:.0f} MB" for r in results],
    )
    row(
        "through the fake: first apply · no-op apply, wall s",
        [
            f"{_seconds(r['commands']['first_apply']['wall'])} · "
            f"{_seconds(r['commands']['noop_apply']['wall'])}"
            for r in results
        ],
    )
    row(
        "first apply on GitHub at the default pacing² (runs)",
        [
            f"{_duration(r['github']['seconds'])} ({r['github']['runs']} "
            f"run{'s' if r['github']['runs'] > 1 else ''})"
            for r in results
        ],
    )
    row(
        f"… the same if GitHub answers in {ASSUMED_LATENCY} s",
        [_duration(r["github_latency"]["seconds"]) for r in results],
    )

    header = "| | " + " | ".join(r["name"] for r in results) + " |"
    lines = [header, "|---|" + "---:|" * len(results)]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in rows]
    return "\n".join(lines), flags


def targets(results: list[dict[str, Any]]) -> list[str]:
    big = [r for r in results if r["size"] >= 10000]
    lines = []
    for r in big:
        for key, label in (
            ("load", "load and validate"),
            ("plan", "plan"),
            ("render", "README render"),
        ):
            wall = r["times"][key]["wall"]
            ok = wall < TARGETS[key]
            lines.append(
                f"{'✓' if ok else '✗'} {r['name']}: {label} {wall:.3f} s "
                f"(target < {TARGETS[key]} s)"
            )
        for value, label in (
            (r["tracemalloc_peak_mb"], "peak traced memory, whole run"),
            (r["tool_peak_mb"], "peak traced memory, the tool's share"),
            (r["max_rss_mb"], "max RSS"),
        ):
            ok = value < TARGETS["memory_mb"]
            lines.append(
                f"{'✓' if ok else '✗'} {r['name']}: {label} {value:.0f} MB "
                f"(target < {TARGETS['memory_mb']:.0f} MB)"
            )
    return lines


def machine() -> str:
    from importlib.metadata import version

    import yaml

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import sync

    loader = "C" if hasattr(yaml, "CSafeLoader") else "pure-Python"
    measured = Path(sync.__file__).parent
    where = "" if measured == ROOT / "sync" else f"; measuring the `sync` in {measured}"
    return (
        f"Machine: {platform.platform()}; {cpu}; {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()} ({platform.python_implementation()}); "
        f"PyYAML {yaml.__version__} ({loader} loader), PyGithub {version('PyGithub')}, "
        f"Jinja2 {version('Jinja2')}, responses {version('responses')}{where}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, DEFAULT_SIZES)),
        help="resource counts, comma-separated (default 67,1000,10000); the size "
        "of curriculum.yaml means that file",
    )
    parser.add_argument(
        "--resume-limit",
        type=int,
        default=2000,
        metavar="N",
        help="run the resumed first apply only up to N creations (default 2000)",
    )
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=STARTUP_RUNS,
        metavar="N",
        help=f"interleaved runs of each start-up command (default {STARTUP_RUNS}; 0 skips it)",
    )
    parser.add_argument("--no-install", action="store_true", help="skip benchmarks/install.py")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--mode", choices=("measure", "memory"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.child, args.mode, args.out, args.resume_limit)
        return 0

    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    started = time.perf_counter()
    measured_startup = None
    if args.startup_runs > 0:
        print(f"start-up: {args.startup_runs} runs of each …", file=sys.stderr, flush=True)
        measured_startup = startup(args.startup_runs)
    results = []
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as tmp:
        for size in sizes:
            merged: dict[str, Any] = {}
            for mode in ("measure", "memory"):
                out = Path(tmp) / f"{size}-{mode}.json"
                print(f"{size:,} resources: {mode} …", file=sys.stderr, flush=True)
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        str(size),
                        "--mode",
                        mode,
                        "--out",
                        str(out),
                        "--resume-limit",
                        str(args.resume_limit),
                    ],
                    check=True,
                    cwd=ROOT,
                )
                part = json.loads(out.read_text("utf-8"))
                if mode == "memory":
                    for key, command in part["commands"].items():
                        if "requests" in command:  # the same counts, run again
                            assert command["requests"] == merged["commands"][key]["requests"], key
                            merged["commands"][key]["memory"] = command
                    merged["tracemalloc_peak_mb"] = part["tracemalloc_peak_mb"]
                    merged["tool_peak_mb"] = max(
                        c["peak_mb"] - c["held_after_mb"]
                        for c in part["commands"].values()
                        if "peak_mb" in c
                    )
                else:
                    merged.update(part)
            merged["github"] = github_estimate(merged["shape"])
            merged["github_latency"] = github_estimate(merged["shape"], latency=ASSUMED_LATENCY)
            results.append(merged)

    text, flags = table(results)
    print(machine())
    print()
    if measured_startup is not None:
        print(startup_table(measured_startup))
        print()
    print(text)
    print()
    print(
        "¹ The whole run holds the fake GitHub's state and logs too; the tool's share is the "
        "largest peak of one command less what the fake and responses still hold after it.  \n"
        f"² {pacing_note()}"
    )
    print()
    print("Request counts: " + ("every count equals its bound." if not flags else "DIFFER:"))
    for flag in flags:
        print(f"- {flag}")
    target_lines = targets(results)
    if measured_startup is not None:
        ratio = measured_startup["ratio"]
        target_lines.insert(
            0,
            f"{'✓' if ratio <= STARTUP_TARGET else '✗'} start-up: `python -m sync validate` "
            f"takes {ratio:.2f}× the CPU time of loading its libraries "
            f"(target at most {STARTUP_TARGET}×)",
        )
    if target_lines:
        print("Targets:")
        for line in target_lines:
            print(f"- {line}")
    if not args.no_install:  # the install row: needs PyPI, about 2 minutes
        from benchmarks import install

        print("\n" + install.table(install.measure(3, lambda m: print(m, file=sys.stderr))))
    print(f"\n(benchmark took {_duration(time.perf_counter() - started)})", file=sys.stderr)
    return 0


def pacing_note() -> str:
    from sync.github import Pacing

    p = Pacing()
    return (
        f"PyGithub's pacing ({p.seconds_between_writes} s between writes, "
        f"{p.seconds_between_requests} s between requests, each counted from the previous "
        f"answer), at most {p.max_creates} creations a run (`DEFAULT_MAX_CREATES`) under GitHub's "
        f"{CREATES_PER_HOUR} an hour, an hour between runs; {CREATES_PER_MINUTE} a minute is never "
        "reached at one write a second. Network time is left out unless stated."
    )


if __name__ == "__main__":
    raise SystemExit(main())
