"""Every `python -m sync` command the workflows run works against the fake GitHub.

A renamed command or flag then breaks this build instead of a learner's Action.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from tests.support import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
COMMAND = re.compile(r"python -m sync\b[^\n;&|]*")


def sync_commands() -> list[tuple[str, str]]:
    found = []
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text("utf-8"))
        for job in (workflow.get("jobs") or {}).values():
            for step in job.get("steps") or []:
                for match in COMMAND.finditer(step.get("run") or ""):
                    found.append((path.name, match.group(0).strip()))
    return found


def test_the_workflows_run_sync_commands():
    commands = {command for _, command in sync_commands()}
    assert {"python -m sync apply", "python -m sync readme"} <= commands


@pytest.mark.parametrize(("workflow", "command"), sync_commands())
def test_workflow_command_runs_against_the_fake(
    workflow, command, fake, env, run, tmp_path, monkeypatch
):
    # A checkout of the repository, as the workflow has it.
    shutil.copy(ROOT / "curriculum.yaml", tmp_path / "curriculum.yaml")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command)[3:]
    assert run("apply", env=env).code == 0  # the tracker exists, as after the first sync
    result = run(*args, env=env)
    assert result.code == 0, f"{workflow}: {command}: {result.err}"
    assert "Traceback" not in result.err
    if args[:1] == ["readme"]:
        assert Path("assets/progress.svg").exists()
