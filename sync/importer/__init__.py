"""`python -m sync import`: a Markdown checklist in, a valid curriculum.yaml out.

The stages, one module each: ``repair`` (broken characters) → ``markdown`` (tokens → blocks
and inline text) → ``outline`` (levels, sections, every task; its docstring states the
rules) → ``resources`` (each task a resource: ``items`` reads its words, ``kinds`` and
``ids`` name it) → ``yaml_text``. ``location`` reads a GitHub address; ``notices`` says
what was not taken as written, grouped for printing.

Pure: the command line reads the file (or GitHub), prints, and writes.
"""

from __future__ import annotations

from sync.curriculum import parse_curriculum
from sync.errors import InvalidImport, NoChecklistError
from sync.importer.location import GitHubFile, github_file
from sync.importer.markdown import blocks, holds_checkbox
from sync.importer.notices import Kind, Notice, grouped
from sync.importer.outline import outline
from sync.importer.repair import repaired
from sync.importer.resources import TITLE_LIMIT, Imported, curriculum_of
from sync.importer.yaml_text import to_yaml

__all__ = [
    "TITLE_LIMIT",
    "GitHubFile",
    "Imported",
    "InvalidImport",
    "Kind",
    "NoChecklistError",
    "Notice",
    "checked_yaml",
    "github_file",
    "grouped",
    "import_checklist",
    "summary",
    "to_yaml",
]


def import_checklist(text: str, *, source: str) -> Imported:
    """Read a Markdown checklist; raise NoChecklistError if it has no task to import."""
    text, repairs = repaired(text.removeprefix("\ufeff"))
    found = blocks(text)
    if not any(holds_checkbox(block) for block in found):
        raise NoChecklistError(
            f"{source}: no checkboxes found (expected task items like '- [ ] Title')"
        )
    imported = curriculum_of(outline(found))
    if not imported.curriculum.levels:
        raise NoChecklistError(f"{source}: no task could be placed in a level")
    return Imported(imported.curriculum, tuple(sorted(repairs + imported.notices)), imported.tasks)


def checked_yaml(imported: Imported, *, source: str, output: str) -> str:
    """The curriculum as YAML, validated as `validate` would; raise InvalidImport if not valid."""
    text = to_yaml(imported.curriculum, source=source)
    _, problems = parse_curriculum(text, output)
    if problems:
        raise InvalidImport(problems)
    return text


def summary(imported: Imported, *, written_to: str) -> str:
    """The last line an import prints: what it wrote, and that every task is in it."""
    c = imported.curriculum
    resources = [p.resource for p in c.placements()]
    done = sum(1 for r in resources if r.done)
    return (
        f"wrote {written_to}: {len(c.levels)} levels, {len(resources)} resources "
        f"({done} done) from {imported.tasks} tasks"
    )
