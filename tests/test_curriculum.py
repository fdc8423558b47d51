"""The shipped curriculum is the whole guide, and every broken copy is explained by line."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from sync.cli import main
from sync.curriculum import YamlLoader, load_curriculum, load_schema, parse_curriculum

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "fixtures" / "tracker-readme.md"


@pytest.fixture(scope="module")
def guide():
    return load_curriculum(ROOT / "curriculum.yaml")


def test_the_guide_has_five_levels_and_67_resources(guide):
    assert [level.number for level in guide.levels] == [1, 2, 3, 4, 5]
    assert guide.levels[0].title == "AI Safety Fundamentals"
    assert guide.resource_count() == 67
    assert all(level.objective and level.goals for level in guide.levels)


def test_sections_are_the_guides_own(guide):
    sections = [[s.title for s in level.sections] for level in guide.levels]
    assert sections == [
        ["Resources"],
        ["Software Engineering Skills", "Foundational Mathematics", "Machine Learning Resources"],
        ["Resources", "Sub-field Specialization", "Understanding Transformers"],
        ["Resources", "Reading and Implementing Papers"],
        ["Resources", "Research Advice and Open Questions"],
    ]
    optional = [s for level in guide.levels for s in level.sections if s.optional]
    assert [r.title for s in optional for r in s.resources] == ["NLP", "CV", "RL"]


def test_every_checkbox_of_the_source_is_a_resource(guide):
    checkboxes = [line for line in SEED.read_text("utf-8").splitlines() if "- [ ]" in line]
    required = [p for p in guide.placements() if not p.section.optional]
    assert len(checkboxes) == len(required) == 64


def test_every_link_of_the_source_is_kept(guide):
    source_urls = set(re.findall(r"\]\((https?://[^)\s]+)\)", SEED.read_text("utf-8")))
    text = (ROOT / "curriculum.yaml").read_text("utf-8")
    assert source_urls, "the seed has links"
    assert sorted(url for url in source_urls if url not in text) == []


def test_choose_rules_keep_every_option(guide):
    by_id = {p.resource.id: p.resource for p in guide.placements()}
    python = by_id["python-programming"]
    assert python.choose == "1-2"
    assert python.links[0].title == "www.learnpython.org"
    assert len(python.links) == 4
    assert by_id["git-github"].choose == "2+"


def test_ids_are_unique(guide):
    ids = [p.resource.id for p in guide.placements()]
    assert len(ids) == len(set(ids))


def test_unicode_is_repaired_in_the_guide(guide):
    text = (ROOT / "curriculum.yaml").read_text("utf-8")
    for word in ("Géron", "’", "🤗", "DALL·E"):
        assert word in text


MOJIBAKE = re.compile(
    "\\u00c3[\\u0080-\\u00bf]|\\u00e2\\u20ac|\\u00c2[\\u00b7\\u00a0]|\\u00f0\\u0178"
)
BROKEN_ON_PURPOSE = {"tests/fixtures"}  # inputs that reproduce the published page as it is


def test_no_mojibake_in_the_repository():
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    broken = []
    for name in files:
        if any(name.startswith(prefix) for prefix in BROKEN_ON_PURPOSE):
            continue
        try:
            text = (ROOT / name).read_text("utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        if MOJIBAKE.search(text):
            broken.append(name)
    assert broken == []


def test_the_first_line_points_editors_at_the_schema():
    first = (ROOT / "curriculum.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=./sync/curriculum.schema.json"
    assert (ROOT / "sync" / "curriculum.schema.json").exists()


def _as_json(value):
    """YAML dates are dates; JSON Schema sees them as the strings they were written as."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def schema_errors(text: str) -> list[str]:
    data = _as_json(yaml.load(text, Loader=YamlLoader))
    validator = jsonschema.Draft202012Validator(
        load_schema(), format_checker=jsonschema.FormatChecker()
    )
    return [error.message for error in validator.iter_errors(data)]


def test_the_shipped_curriculum_satisfies_the_schema():
    assert schema_errors((ROOT / "curriculum.yaml").read_text("utf-8")) == []


# --- broken copies ---------------------------------------------------------------------

VALID = """\
title: A guide
levels:
  - number: 1
    title: Basics
    due: 2027-01-31
    sections:
      - title: Reading
        resources:
          - id: first-book
            title: First book
            kind: book
            url: https://example.org/book
          - id: pick-some
            title: Pick some
            choose: "1-2"
            links:
              - title: One
                url: https://example.org/one
              - title: Two
                url: https://example.org/two
  - number: 2
    title: More
    sections:
      - title: Practice
        resources:
          - id: an-exercise
            title: An exercise
"""


def test_the_small_valid_curriculum_is_valid():
    curriculum, problems = parse_curriculum(VALID, "c.yaml")
    assert problems == []
    assert curriculum.levels[0].due == dt.date(2027, 1, 31)
    assert schema_errors(VALID) == []


def _break(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


# (name, broken text, line, part of the message, does the schema also reject it?)
BROKEN = [
    (
        "unknown key",
        _break("    title: Basics", "    titel: Basics"),
        4,
        "unknown key 'titel'",
        True,
    ),
    ("empty title", _break("title: First book", "title: ''"), 10, "'title' of resource", True),
    ("missing title", _break("            title: An exercise\n", ""), 26, "has no 'title'", True),
    ("unknown kind", _break("kind: book", "kind: bok"), 11, "did you mean 'book'", True),
    (
        "malformed url",
        _break("https://example.org/book", "example.org/book"),
        12,
        "malformed URL",
        True,
    ),
    ("link url", _break("https://example.org/two", "htp:/two"), 20, "malformed URL", True),
    (
        "duplicate id",
        _break("id: an-exercise", "id: first-book"),
        26,
        "duplicate id 'first-book' (first on line 9)",
        False,
    ),
    ("duplicate level", _break("number: 2", "number: 1"), 21, "duplicate level number 1", False),
    (
        "no resources",
        _break(
            "        resources:\n          - id: an-exercise\n            title: An exercise\n",
            "        resources: []\n",
        ),
        21,
        "level 2 has no resources",
        True,
    ),
    ("bad id", _break("id: pick-some", "id: Pick Some"), 13, "lowercase letters", True),
    ("bad choose", _break('choose: "1-2"', 'choose: "some"'), 15, "'choose'", True),
    ("bad date", _break("due: 2027-01-31", "due: next week"), 5, "'due' of level 1", True),
    ("impossible date", _break("due: 2027-01-31", "due: 2027-02-30"), 5, "'2027-02-30'", True),
    (
        "duplicate key",
        _break("    title: Basics", "    title: Basics\n    title: Again"),
        5,
        "duplicate key 'title'",
        False,
    ),
    ("not a mapping", "- just\n- a list\n", 1, "must be a mapping", True),
]


@pytest.mark.parametrize(
    ("name", "text", "line", "message", "schema_rejects"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_each_broken_copy_is_explained_at_its_line(name, text, line, message, schema_rejects):
    curriculum, problems = parse_curriculum(text, "c.yaml")
    assert curriculum is None
    assert any(p.line == line and message in p.message for p in problems), problems
    # The schema editors use agrees wherever JSON Schema can say it (not uniqueness).
    assert bool(schema_errors(text)) is schema_rejects


def test_every_problem_is_reported_at_once():
    text = _break("kind: book", "kind: bok")
    text = text.replace("id: an-exercise", "id: first-book")
    _, problems = parse_curriculum(text, "c.yaml")
    assert [p.line for p in problems] == [11, 26]


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        (b"", 1, "the file is empty"),
        (b"# only a comment\n", 1, "the file is empty"),
        (b"title: x\nlevels: [\n", 3, "invalid YAML"),
        (b"title: x\n  bad: indent\n", 2, "invalid YAML"),
        (b"title: caf\xe9\n", 1, "not UTF-8"),
        (b"title: ok\nlevels:\n  - number: 1\n    title: caf\xe9\n", 4, "not UTF-8"),
    ],
)
def test_unreadable_files_are_explained(raw, line, message):
    curriculum, problems = parse_curriculum(raw, "c.yaml")
    assert curriculum is None
    assert [(p.line, message in p.message) for p in problems] == [(line, True)]


# "Billion laughs": nine nested aliases, 363 bytes, standing for 9**9 copies of "lol".
ALIAS_BOMB = "title: ha\n" + "a: &a [" + ",".join(['"lol"'] * 9) + "]\n"
ALIAS_BOMB += "".join(
    f"{name}: &{name} [{','.join([f'*{previous}'] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
ALIAS_BOMB += "levels: *i\n"


def test_an_alias_bomb_is_refused_at_its_first_anchor():
    assert len(ALIAS_BOMB.encode()) == 363
    curriculum, problems = parse_curriculum(ALIAS_BOMB, "c.yaml")
    assert curriculum is None
    assert [str(p) for p in problems] == [
        "c.yaml:2: anchors and aliases (&name, *name) are not supported: "
        "write each value out in full"
    ]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        # An anchor nothing refers to, and an alias into a resource further down.
        (_break("    title: Basics", "    title: &basics Basics"), 4),
        (
            _break("            title: An exercise", "            title: *t").replace(
                "title: First book", "title: &t First book"
            ),
            10,
        ),
    ],
)
def test_any_anchor_or_alias_is_refused(text, line):
    _, problems = parse_curriculum(text, "c.yaml")
    assert [(p.line, "anchors and aliases" in p.message) for p in problems] == [(line, True)]


def test_text_with_ampersands_and_stars_is_not_an_anchor():
    text = _break("title: First book", "title: Q&A with *stars* & more")
    curriculum, problems = parse_curriculum(text, "c.yaml")
    assert problems == []
    assert curriculum.levels[0].sections[0].resources[0].title == "Q&A with *stars* & more"


# --- through the command line ----------------------------------------------------------


def test_validate_accepts_the_shipped_curriculum(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["validate"]) == 0
    assert "67 resources" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "text", "line", "message", "_"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_validate_exits_2_with_file_and_line(tmp_path, capsys, name, text, line, message, _):
    path = tmp_path / "curriculum.yaml"
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    assert main(["validate", "--curriculum", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:{line}: " in err
    assert message in err
    assert "Traceback" not in err
    assert path.read_bytes() == before


def test_validate_refuses_an_alias_bomb_in_one_line(tmp_path, capsys):
    path = tmp_path / "curriculum.yaml"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    assert main(["validate", "--curriculum", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"{path}:2: anchors and aliases (&name, *name) are not supported: "
        "write each value out in full"
    ]


def test_validate_names_a_missing_file(tmp_path, capsys):
    assert main(["validate", "--curriculum", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_python_dash_m_sync_runs_as_documented(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_bytes(b"title: caf\xe9\n")
    result = subprocess.run(
        [sys.executable, "-m", "sync", "validate", "--curriculum", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"{bad}:1: the file is not UTF-8 text (save it as UTF-8)"


def test_schema_lists_the_same_kinds_as_the_validator():
    schema = json.loads((ROOT / "sync" / "curriculum.schema.json").read_text("utf-8"))
    from sync.curriculum import KINDS

    options = schema["$defs"]["resource"]["properties"]["kind"]["oneOf"]
    assert tuple(option["const"] for option in options) == KINDS
