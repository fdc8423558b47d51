"""The reference pages in docs/ stay true: linked from the README, every command, option,
curriculum key, workflow and module they document exists, and everything that exists is
documented."""

from __future__ import annotations

import json
import re

import pytest

from sync.cli import build_parser
from sync.curriculum import KINDS
from tests.support import ROOT

DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text("utf-8")
PAGES = sorted(DOCS.glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def page(name: str) -> str:
    return (DOCS / name).read_text("utf-8")


def test_every_page_is_linked_from_the_readme_and_every_link_resolves():
    linked = {target.split("#")[0] for target in LINK.findall(README) if target.startswith("docs/")}
    assert linked == {f"docs/{p.name}" for p in PAGES}
    for path in [ROOT / "README.md", *PAGES]:
        for target in LINK.findall(path.read_text("utf-8")):
            if re.match(r"^[a-z]+:|^#", target):
                continue
            assert (path.parent / target.split("#")[0]).exists(), f"{path.name}: {target}"


def subcommands() -> dict[str, list[str]]:
    parser = build_parser()
    (group,) = [a for a in parser._subparsers._group_actions]
    return {
        name: [
            option
            for action in sub._actions
            for option in action.option_strings
            if option.startswith("--") and option not in ("--help", "--debug", "--curriculum")
        ]
        for name, sub in group.choices.items()
    }


@pytest.mark.parametrize(("command", "options"), sorted(subcommands().items()))
def test_commands_page_documents_every_command_and_option(command, options):
    text = page("commands.md")
    row = next(
        (ln for ln in text.splitlines() if ln.startswith(f"| `python -m sync {command}")), None
    )
    assert row is not None, f"docs/commands.md has no row for {command}"
    shared = {"--repo", "--api-url"}  # in the configuration table
    for option in options:
        assert option in (text if option in shared else row), f"{command} {option} undocumented"


def test_curriculum_page_shows_every_key_and_kind():
    text = page("curriculum.md")
    schema = json.loads((ROOT / "sync" / "curriculum.schema.json").read_text("utf-8"))
    keys = set(schema["properties"])
    for definition in schema["$defs"].values():
        keys |= set(definition.get("properties", {}))
    missing = sorted(key for key in keys if not re.search(rf"\b{key}:", text))
    assert missing == []
    assert all(kind in text for kind in KINDS)


def test_workflows_page_lists_every_workflow():
    text = page("workflows.md")
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        assert f"`{path.name}`" in text, path.name


def test_development_page_lists_every_module_and_no_other():
    text = page("development.md")
    modules = [p.name for p in (ROOT / "sync").glob("*.py") if not p.name.startswith("__")]
    assert [m for m in modules if f"sync/{m}" not in text] == []
    importer = [p.stem for p in (ROOT / "sync" / "importer").glob("*.py") if p.stem != "__init__"]
    assert [m for m in importer if f"`{m}`" not in text] == []
    named = set(re.findall(r"`sync/([a-z_]+\.py)`", text))
    assert named - {p.name for p in (ROOT / "sync").glob("*.py")} == set()


def test_troubleshooting_quotes_what_the_tool_says():
    text = page("troubleshooting.md")
    sources = "".join(
        p.read_text("utf-8")
        for p in [*(ROOT / "sync").glob("*.py"), *(ROOT / ".github" / "workflows").glob("*.yml")]
    )
    for said in [
        "was refused although the branch has not moved",
        "GitHub's rate limit",
    ]:
        assert said in text and said in sources
