"""The package's layout, read from its imports: a functional core, render on top of it, the
importer beside it, one module that talks to GitHub, and the command line over all of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

PACKAGE = ROOT / "sync"

# Each group and the groups of ours it may import. Anything not named is refused.
CORE = {
    "curriculum",
    "snapshot",
    "desired",
    "plan",
    "progress",
    "limits",
    "notes",
    "pace",
    "completion",
}
LAYERS: dict[str, set[str]] = {
    "errors": set(),
    "text": {"errors"},
    "core": {"errors", "text", "core", "templates"},  # templates: issue bodies, milestones
    "templates": {"errors", "text"},
    "render": {"errors", "text", "core", "templates", "render"},
    "importer": {"errors", "text", "curriculum", "importer"},  # the curriculum model alone
    "github": {"errors", "text", "core"},
    "cli": {"errors", "text", "core", "templates", "render", "importer", "github"},
    "main": {"cli"},
}
# Libraries only one group may import: the network for the adapter, the terminal for the CLI.
ONLY = {
    "github": "github",
    "requests": "github",
    "urllib3": "github",
    "tqdm": "cli",
    "argparse": "cli",
    "jinja2": "templates",
}


def group_of(module: str) -> str:
    """``sync.importer.outline`` → importer; ``sync.plan`` → core."""
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "sync"
    if name in CORE:
        return "core"
    if name in ("readme", "views", "badge"):
        return "render"
    if name == "__main__":
        return "main"
    return name


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__":
            parts.pop()
        found.append((".".join(parts), path))
    return found


def imports(path: Path) -> set[str]:
    """Every module the file imports, at its top or inside a function (a lazy import still
    ties the modules together)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


MODULES = modules()


def test_the_layout_names_every_module():
    groups = {group_of(name) for name, _ in MODULES if name != "sync"}
    assert groups <= set(LAYERS), groups - set(LAYERS)


@pytest.mark.parametrize(("module", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_each_module_imports_only_what_its_layer_allows(module, path):
    group = group_of(module)
    ours = {name for name in imports(path) if name == "sync" or name.startswith("sync.")}
    ours = {name for name in ours if name != "sync"}
    allowed = LAYERS.get(group, set())
    refused = sorted(
        name for name in ours if group_of(name) not in allowed and name.split(".")[1] not in allowed
    )
    assert refused == [], f"{module} ({group}) may not import {refused}"
    theirs = {name.split(".")[0] for name in imports(path)} - {"sync"}
    misplaced = sorted(lib for lib in theirs if lib in ONLY and ONLY[lib] != group)
    assert misplaced == [], f"{module} ({group}) may not import {misplaced}"


def test_nothing_imports_the_command_line():
    importers = [m for m, path in MODULES if "sync.cli" in imports(path) and m != "sync.__main__"]
    assert importers == []


def test_the_layout_test_sees_a_violation(tmp_path):
    """A core module importing the adapter is refused: the guard is not vacuous."""
    bad = tmp_path / "plan.py"
    bad.write_text("from sync.github import GitHub\nimport requests\n", encoding="utf-8")
    ours = {n for n in imports(bad) if n.startswith("sync.")}
    assert [n for n in ours if group_of(n) not in LAYERS["core"]] == ["sync.github"]
    assert [lib for lib in ("requests",) if ONLY[lib] != "core"] == ["requests"]


def test_errors_are_defined_in_the_errors_module_only():
    """Every error the tool reports lives in sync/errors.py with its exit code; the command
    line's own signal for a cancelled job is the one exception."""
    elsewhere = []
    for module, path in MODULES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(base, ast.Name) and base.id.endswith(("Error", "Exception")))
                or (isinstance(base, ast.Attribute) and base.attr.endswith(("Error", "Exception")))
                for base in node.bases
            ):
                elsewhere.append(f"{module}.{node.name}")
    allowed = {"sync.cli.Stopped", "sync.curriculum._AliasFound"}
    assert [name for name in elsewhere if not name.startswith("sync.errors.")] == sorted(allowed)
