"""`python -m sync import`: a Markdown checklist in, a valid curriculum.yaml out.

The seed is the guide's published README: imported, it must match the hand-curated
curriculum.yaml level by level, section by section and link by link. The small READMEs
under tests/fixtures/import/ each try another shape of checklist.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

import sync.importer
from sync.cli import main
from sync.curriculum import ID_PATTERN, load_curriculum, load_schema, parse_curriculum
from sync.importer import Imported, Kind, NoChecklistError, import_checklist, to_yaml
from tests.support import ROOT, SEED, SHIPPED

FIXTURES = ROOT / "tests" / "fixtures" / "import"

# Written with escapes: the repository is scanned for mojibake (see test_curriculum.py).
MOJIBAKE = re.compile(
    "\\u00c3[\\u0080-\\u00bf]|\\u00e2\\u20ac|\\u00c2[\\u00b7\\u00a0]|\\u00f0\\u0178"
)
REPAIRED = ("G\u00e9ron", "\U0001f917", "DALL\u00b7E", "Tech\u2019s")


def imported(path: Path, text: str | None = None) -> tuple[Imported, str, object]:
    """Import a checklist; return the result, its YAML, and the YAML read back (valid)."""
    result = import_checklist(path.read_text("utf-8") if text is None else text, source=path.name)
    yaml_text = to_yaml(result.curriculum, source=path.name)
    curriculum, problems = parse_curriculum(yaml_text, "imported.yaml")
    assert problems == []
    assert curriculum == result.curriculum  # the YAML says exactly what was imported
    return result, yaml_text, curriculum


def notices(result: Imported, kind: Kind | None = None) -> list[tuple[int, str]]:
    return [(n.line, n.text) for n in result.notices if kind is None or n.kind == kind]


def resources(curriculum) -> list:
    return [p.resource for p in curriculum.placements()]


def urls(resource) -> list[str]:
    return ([resource.url] if resource.url else []) + [link.url for link in resource.links]


def outline(curriculum) -> list:
    """Levels → sections → resources, as comparable tuples."""
    return [
        (
            level.number,
            level.title,
            [
                (
                    section.title,
                    section.optional,
                    [(r.title, r.kind, urls(r), r.choose, r.done) for r in section.resources],
                )
                for section in level.sections
            ],
        )
        for level in curriculum.levels
    ]


# --- the seed against the curated curriculum -----------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return imported(SEED)


@pytest.fixture(scope="module")
def guide():
    return load_curriculum(SHIPPED)


def test_the_seed_has_the_guides_levels(seed, guide):
    _, _, curriculum = seed
    assert [(lv.number, lv.title) for lv in curriculum.levels] == [
        (lv.number, lv.title) for lv in guide.levels
    ]
    assert [(lv.objective, lv.goals) for lv in curriculum.levels] == [
        (lv.objective, lv.goals) for lv in guide.levels
    ]


def test_the_seed_has_the_guides_sections(seed, guide):
    _, _, curriculum = seed

    def sections(c):
        return [
            [(s.title, s.optional, s.note, len(s.resources)) for s in lv.sections]
            for lv in c.levels
        ]

    assert sections(curriculum) == sections(guide)
    optional = [s for lv in curriculum.levels for s in lv.sections if s.optional]
    assert [s.title for s in optional] == ["Sub-field Specialization"]  # "(Optional)" stripped


def test_every_curated_resource_has_a_counterpart_with_the_same_links(seed, guide):
    _, _, curriculum = seed
    pairs = list(zip(guide.placements(), curriculum.placements(), strict=True))
    assert len(pairs) == 67
    for curated, found in pairs:
        assert set(urls(found.resource)) == set(urls(curated.resource)), curated.resource.id
        assert found.resource.choose == curated.resource.choose, curated.resource.id
        assert found.resource.authors == curated.resource.authors, curated.resource.id


# Where the import reads the README differently from the hand-curated file. Resource
# titles: none differ. Kinds: two (id in curriculum.yaml: curated, imported).
KIND_DIFFERENCES = {
    # a Udacity *course* among the links outvotes the two shell tutorials
    "command-line": ("tutorial", "course"),
    # "Implement …" reads as an exercise; the curator called reimplementing papers a project
    "implement-5-papers": ("project", "exercise"),
}
NOTE_DIFFERENCES = {
    # the curator rewrote "(e.g., from [a](…), [b](…))"; the import keeps the links' names
    "implement-5-papers": (
        "e.g., from the sources linked below",
        "e.g., from Machine Learning Reading List - Ought, Interpretability: Circuits - Olah et al.",
    ),
}


def test_titles_kinds_and_notes_match_but_for_the_listed_differences(seed, guide):
    _, _, curriculum = seed
    kinds, notes = {}, {}
    for curated, found in zip(guide.placements(), curriculum.placements(), strict=True):
        a, b = curated.resource, found.resource
        assert b.title == a.title
        assert [link.title for link in b.links] == [link.title for link in a.links]
        if a.kind != b.kind:
            kinds[a.id] = (a.kind, b.kind)
        if a.note != b.note:
            notes[a.id] = (a.note, b.note)
    assert kinds == KIND_DIFFERENCES
    assert notes == NOTE_DIFFERENCES


def test_the_seeds_title_is_its_own_heading_and_the_rest_is_kept(seed, guide):
    _, _, curriculum = seed
    # The README's "# …" heading, not the guide's name that the curator chose.
    assert curriculum.title == "AI Safety Research Engineering Progress Tracker"
    # The checklist credits the guide to Thomas Woodside; the post's author is Gabriel Mukobi
    # ("Gabe M" on LessWrong), and the curated file credits him. Everything else is kept.
    assert curriculum.source == dataclasses.replace(guide.source, author="Thomas Woodside")
    assert curriculum.notes == guide.notes
    woodside = guide.acknowledgments.text.replace("Gabriel Mukobi", "Thomas Woodside")
    assert curriculum.acknowledgments == dataclasses.replace(guide.acknowledgments, text=woodside)


def test_the_seed_imports_67_resources_none_done_and_nothing_left_over(seed):
    result, _, curriculum = seed
    assert curriculum.resource_count() == 67
    assert not any(p.resource.done for p in curriculum.placements())
    assert [n for n in result.notices if n.kind != Kind.REPAIRED] == []


def test_broken_characters_are_repaired_and_counted(seed):
    result, yaml_text, _ = seed
    assert not MOJIBAKE.search(yaml_text)
    for word in REPAIRED:
        assert word in yaml_text
    repaired = notices(result, Kind.REPAIRED)
    assert len(repaired) == 7
    assert repaired[0] == (60, "'Tech\u00e2\u20ac\u2122s' \u2192 'Tech\u2019s'")


def test_ids_are_readable_unique_and_short(seed):
    _, _, curriculum = seed
    ids = [p.resource.id for p in curriculum.placements()]
    assert len(ids) == len(set(ids))
    assert all(ID_PATTERN.match(i) and len(i) <= 50 for i in ids)
    assert ids[:3] == [
        "existential-risk-from-artificial-intelligence",
        "superintelligence",
        "human-compatible",
    ]
    # A repeated title gets -2; a long one is cut between words, not after "a" or "of".
    assert "deep-learning-2" in ids
    assert "post-hoc-interpretability-for-neural-nlp-a-survey" in ids
    assert "alignment-forum-posts-on-interpretability" in ids
    assert "use-transformers" in ids  # the emoji has no ASCII spelling


def test_the_yaml_reads_like_the_curated_file(seed):
    _, yaml_text, _ = seed
    lines = yaml_text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=./sync/curriculum.schema.json"
    assert lines[2] == "# Imported from tracker-readme.md"
    assert "  # Level 3: Advanced Machine Learning\n  - number: 3\n" in yaml_text
    assert '            choose: "1-2"\n' in yaml_text
    assert "            authors: [Ian Goodfellow, Yoshua Bengio, Aaron Courville]\n" in yaml_text
    assert "{" not in yaml_text  # block style
    # Keys in curriculum.yaml's order.
    assert (
        "          - id: existential-risk-from-artificial-intelligence\n"
        "            title: Existential Risk from Artificial Intelligence\n"
        "            authors: [Toby Ord]\n"
        "            kind: book\n"
        "            note: Chapter from *The Precipice*\n"
    ) in yaml_text


def test_the_yaml_satisfies_the_schema(seed):
    _, yaml_text, _ = seed
    validator = jsonschema.Draft202012Validator(load_schema())
    assert [e.message for e in validator.iter_errors(yaml.safe_load(yaml_text))] == []


def test_importing_is_deterministic(seed):
    _, yaml_text, _ = seed
    assert imported(SEED)[1] == yaml_text


# --- checklists of other shapes -----------------------------------------------------------


def test_numbered_headings_markers_code_quotes_comments_and_a_contents_list():
    result, _, curriculum = imported(FIXTURES / "numbered-stages.md")
    mdn = "https://developer.mozilla.org/en-US/docs/Learn"
    fcc = "https://www.freecodecamp.org/learn/2022/responsive-web-design/"
    react = ["https://react.dev/learn/tutorial-tic-tac-toe", "https://fullstackopen.com/en/"]
    assert outline(curriculum) == [
        (1, "Foundations", [
            ("Reading", False, [
                ("MDN Learn Web Development - Mozilla", "article", [mdn], None, True),  # * [x]
                ("Eloquent JavaScript", "book", [], None, False),
                ("Build a personal homepage", "project", [], None, False),  # + [ ], no link
            ]),
            ("Practice", False, [
                ("Write a blog post about the box model", "writing", [], None, False),
                ("freeCodeCamp Responsive Web Design", "course", [fcc], None, True),
            ]),
        ]),
        (2, "Frameworks", [
            ("Practice", False, [
                ("React", "tutorial", react, "1", False),
                ("Kaggle competitions", "competition", [], None, False),
                ("Take the Vue.js course", "course", ["https://vuejs.org/tutorial/"], None, True),
            ]),
        ]),
    ]  # fmt: skip
    eloquent = curriculum.levels[0].sections[0].resources[1]
    assert (eloquent.authors, eloquent.note) == (("Marijn Haverbeke",), "chapters 1-6")
    assert curriculum.title == "Web Development Study Plan"
    assert curriculum.description == "A plan for learning web development, one stage at a time."
    assert [(n.title, n.text, n.items) for n in curriculum.notes] == [
        ("Pace", "One stage per month.", ()),
        ("Notes", None, ("Ask questions in the forum.",)),
    ]
    # The fenced, indented and commented-out tasks vanish; the quoted one is reported.
    text = (FIXTURES / "numbered-stages.md").read_text("utf-8")
    assert notices(result) == [
        (line_of(text, "- [Foundations]"), "Foundations Frameworks Practice Notes"),
        (line_of(text, "> - [ ] a quoted"), "1 task: a quoted task is not a task either"),
    ]


def test_plain_headings_labels_deep_nesting_and_an_optional_track():
    result, _, curriculum = imported(FIXTURES / "plain-nested.md")
    stat110 = "https://projects.iq.harvard.edu/stat110"
    theory = "https://seeing-theory.brown.edu/"
    chapter1 = "https://seeing-theory.brown.edu/basic-probability/"
    sets = ["https://example.org/ps1.pdf", "https://example.org/ps2.pdf"]
    bayes = ["https://greenteapress.com/wp/think-bayes/", "https://www.bayesrulesbook.com/"]
    rethinking = "https://www.youtube.com/playlist?list=PLDcUM9US4XdPz-KxHM4XHt7uUVGWWVSus"
    lecture = "https://www.youtube.com/watch?v=jGwO_UgTS7I"
    assert outline(curriculum) == [
        (1, "Statistics", [  # no numbers in the headings: numbered in order
            ("Core", False, [
                ("Think Stats", "book", [], None, True),
                ("Probability course", "course", [stat110, theory, chapter1], "2+", False),
                # Nested task items are resources of their own, each with its tick.
                ("Exercises", "exercise", [], None, False),
                ("Problem set 1", "exercise", sets[:1], None, False),
                ("Problem set 2", "exercise", sets[1:], None, True),
            ]),
            ("Extra reading", True, [
                ("Bayes", "article", bayes, "1", False),
                ("Statistical Rethinking lectures", "video", [rethinking], None, False),
            ]),
        ]),
        (2, "Machine Learning", [  # plain bullets over task items head sections
            ("Week 1", False, [
                ("Watch lecture 1", "video", [lecture], None, False),
                ("Read the course notes", "course", [], None, False),
            ]),
            ("Week 2", False, [("Implement logistic regression", "exercise", [], None, True)]),
        ]),
    ]  # fmt: skip
    statistics = curriculum.levels[0]
    assert statistics.objective == "Get comfortable with probability and inference."
    assert statistics.goals == ("Explain a p-value.", "Fit a linear model.")
    assert statistics.sections[1].note == "Pick one of the links in each."
    assert statistics.sections[0].resources[0].authors == ("Allen B. Downey",)
    links = statistics.sections[0].resources[1].links
    assert [link.title for link in links] == [
        "Harvard Stat 110",
        "Seeing Theory",
        "Seeing Theory chapter 1",
    ]
    ack = curriculum.acknowledgments
    assert ack.text == "Thanks to the people who suggested resources:"
    assert [(c.title, c.url) for c in ack.links] == [
        ("Ana", "https://example.org/ana"),
        ("Bo", None),
    ]
    assert ack.closing == "Happy learning!"
    assert result.notices == ()


def crlf_text() -> str:
    """The CRLF fixture, with CRLF endings even if a checkout normalised them."""
    text = (FIXTURES / "crlf-levels.md").read_bytes().decode("utf-8")
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def line_of(text: str, start: str) -> int:
    """The 1-based number of the line that starts with `start`."""
    lines = [line.rstrip("\r") for line in text.split("\n")]
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def test_windows_line_endings_level_headings_under_a_container_and_leftovers():
    text = crlf_text()
    assert "\r\n" in text
    result, yaml_text, curriculum = imported(FIXTURES / "crlf-levels.md", text)
    assert "\r" not in yaml_text
    assert outline(curriculum) == [
        (1, "Basics", [
            ("Resources", False, [
                ("The Rust Book chapters 1-10", "book", ["https://doc.rust-lang.org/book/"], None, True),
                ("Rustlings exercises", "exercise", [], None, False),
            ]),
        ]),
        (2, "Async", [
            ("Reading", False, [
                ("Async Book", "book", ["https://rust-lang.github.io/async-book/"], None, False),
                ("Local notes", "article", [], None, False),  # a relative link is no url
            ]),
        ]),
    ]  # fmt: skip
    assert curriculum.levels[0].objective == "Learn ownership and borrowing."
    assert curriculum.source.title == "Rust by Example"
    assert curriculum.source.author == "The Rust Team"
    assert notices(result, Kind.OUTSIDE) == [
        (line_of(text, "- [ ] Install rustup"), "Install rustup")
    ]
    assert notices(result, Kind.NOT_TAKEN) == [
        (line_of(text, "This paragraph"), "This paragraph after the checklist cannot be placed."),
        (line_of(text, "#### Videos"), "Videos: A plain bullet without a link"),
    ]
    assert notices(result, Kind.LINK) == [(line_of(text, "- [ ] [Local notes]"), "notes/async.md")]


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("- [ ] Read [A](https://a.example.org)", [("Read A", ["https://a.example.org"])]),
        (
            "- [ ] Topic: [a](https://a.example.org), [b](https://b.example.org)",
            [("Topic", ["https://a.example.org", "https://b.example.org"])],
        ),
        ("- [ ] Same\n- [ ] Same", [("Same", []), ("Same", [])]),
        ("1. [x] First\n2. [ ] Second", [("First", []), ("Second", [])]),
    ],
)
def test_single_items(markdown, expected):
    result = import_checklist(markdown, source="t.md")
    assert [(r.title, urls(r)) for r in resources(result.curriculum)] == expected


@pytest.mark.parametrize(
    ("item", "title", "authors", "note", "kind"),
    [
        ("*Thing* by Bob (chapters 2-3)", "Thing", ["Bob"], "chapters 2-3", "book"),
        ("Learn by Doing", "Learn by Doing", None, None, "article"),  # "Doing" is no author
        ("Course notes - Jane Doe", "Course notes", ["Jane Doe"], None, "course"),
        ("Editing GPT (ROME) by Meng et al.", "Editing GPT (ROME)", ["Meng et al."], None, "paper"),
        (
            "Apply to a fellowship (e.g., MATS)",
            "Apply to a fellowship",
            None,
            "e.g., MATS",
            "program",
        ),
    ],
)
def test_titles_authors_notes_and_kinds(item, title, authors, note, kind):
    [resource] = resources(import_checklist(f"- [ ] {item}\n", source="t.md").curriculum)
    assert (resource.title, resource.authors, resource.note, resource.kind) == (
        title,
        tuple(authors or ()),
        note,
        kind,
    )


def test_plain_objective_and_goals_labels_and_container_headings():
    text = (
        "## Level 1: A\n\nObjective: learn things.\n\nGoals:\n- g1\n\n"
        "### Part\n\n#### Books\n\nRead one a week.\n\n- [ ] B\n"
    )
    result = import_checklist(text, source="t.md")
    level = result.curriculum.levels[0]
    assert (level.objective, level.goals) == ("learn things.", ("g1",))
    # "### Part" holds only a deeper heading: nothing of its own is lost, so nothing is reported.
    assert [(s.title, s.note) for s in level.sections] == [("Books", "Read one a week.")]
    assert result.notices == ()


def test_repeated_titles_get_numbered_ids_and_levels_are_renumbered():
    text = "## Level 0: A\n- [ ] Same\n- [ ] Same\n## Level 0: B\n- [ ] Same\n"
    result = import_checklist(text, source="t.md")
    levels = result.curriculum.levels
    # Numbered in order; each title keeps the heading's own label.
    assert [(level.number, level.title) for level in levels] == [
        (1, "Level 0: A"),
        (2, "Level 0: B"),
    ]
    assert [r.id for r in resources(result.curriculum)] == ["same", "same-2", "same-3"]
    assert notices(result, Kind.LEVEL_NUMBER) == [
        (1, "Level 0: A: number 0 is not a milestone number (1 or more)"),
        (4, "Level 0: B: number 0 is also on line 1"),
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        "",
        "# Title\n\nNo boxes here.\n\n- a plain list\n",
        "> - [ ] quoted\n",
        "```\n- [ ] fenced\n```\n",
        "<!--\n- [ ] commented\n-->\n",
    ],
)
def test_no_checklist_at_all(markdown):
    with pytest.raises(NoChecklistError, match="no checkboxes found"):
        import_checklist(markdown, source="t.md")


# --- the command --------------------------------------------------------------------------


def one_error_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


def test_import_then_validate(tmp_path, capsys):
    out = tmp_path / "curriculum.yaml"
    assert main(["import", str(SEED), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"wrote {out}: 5 levels, 67 resources (0 done) from 64 tasks\n"
    assert "warning: 7 lines had broken characters, repaired:" in captured.err
    assert main(["validate", "--curriculum", str(out)]) == 0
    assert "valid (5 levels, 67 resources)" in capsys.readouterr().out


def test_the_curriculum_flag_names_the_file_written(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["import", str(SEED), "--curriculum", "mine.yaml"]) == 0
    assert capsys.readouterr().out.startswith("wrote mine.yaml: 5 levels")
    assert load_curriculum(tmp_path / "mine.yaml").resource_count() == 67
    assert not (tmp_path / "curriculum.yaml").exists()


def test_every_flag_in_the_help_says_what_it_does(capsys):
    assert main(["import", "--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "-o PATH, --output PATH where to write the curriculum, - for stdout" in help_text
    assert "--force overwrite an existing output file" in help_text
    assert "--verbose list every line not taken" in help_text
    assert "--curriculum PATH the curriculum file" in help_text
    assert "https://github.com/OWNER/REPO (its README)" in help_text


def test_an_existing_output_is_kept_without_force(tmp_path, capsys):
    out = tmp_path / "curriculum.yaml"
    out.write_text("precious\n", "utf-8")
    assert main(["import", str(SEED), "-o", str(out)]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "already exists" in line and "--force" in line
    assert out.read_text("utf-8") == "precious\n"
    assert main(["import", str(SEED), "-o", str(out), "--force"]) == 0
    assert out.read_text("utf-8").startswith("# yaml-language-server:")


def test_done_items_are_counted(tmp_path, capsys):
    out = tmp_path / "c.yaml"
    assert main(["import", str(FIXTURES / "numbered-stages.md"), "-o", str(out)]) == 0
    assert capsys.readouterr().out == f"wrote {out}: 2 levels, 8 resources (3 done) from 8 tasks\n"
    assert load_curriculum(out).resource_count() == 8


@pytest.mark.parametrize("binary", [True, False])
def test_reading_stdin(tmp_path, capsys, monkeypatch, binary):
    data = (FIXTURES / "plain-nested.md").read_bytes()
    stream = io.TextIOWrapper(io.BytesIO(data), "utf-8") if binary else io.StringIO(data.decode())
    monkeypatch.setattr(sys, "stdin", stream)
    out = tmp_path / "c.yaml"
    assert main(["import", "-", "-o", str(out)]) == 0
    assert "2 levels, 10 resources (3 done) from 8 tasks" in capsys.readouterr().out
    assert load_curriculum(out).title == "Data Science Checklist"


def test_writing_to_stdout(capsys):
    assert main(["import", str(FIXTURES / "plain-nested.md"), "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert parse_curriculum(captured.out, "stdout")[1] == []
    assert captured.err.splitlines()[-1].startswith("wrote stdout: 2 levels")


def test_a_missing_file(tmp_path, capsys):
    out = tmp_path / "c.yaml"
    assert main(["import", str(tmp_path / "nope.md"), "-o", str(out)]) == 2
    assert "nope.md: no such file" in one_error_line(capsys.readouterr().err)
    assert not out.exists()


def test_input_that_is_not_utf8(tmp_path, capsys, monkeypatch):
    path = tmp_path / "latin1.md"
    path.write_bytes("# Caf\u00e9\n\n- [ ] Cr\u00e8me\n".encode("latin-1"))
    assert main(["import", str(path), "-o", str(tmp_path / "c.yaml")]) == 2
    assert "not UTF-8" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    assert main(["import", "-", "-o", str(tmp_path / "c.yaml")]) == 2
    assert capsys.readouterr().err == "stdin:1: the file is not UTF-8 text (save it as UTF-8)\n"
    assert not (tmp_path / "c.yaml").exists()


def test_input_without_checkboxes(tmp_path, capsys):
    path = tmp_path / "plain.md"
    path.write_text("# Reading list\n\n- [A](https://example.org/a)\n", "utf-8")
    assert main(["import", str(path), "-o", str(tmp_path / "c.yaml")]) == 2
    assert "no checkboxes found" in one_error_line(capsys.readouterr().err)
    assert not (tmp_path / "c.yaml").exists()


def test_lines_not_taken_are_grouped_with_their_lines(tmp_path, capsys):
    text = crlf_text()
    path = tmp_path / "log.md"
    path.write_bytes(text.encode("utf-8"))
    assert main(["import", str(path), "-o", str(tmp_path / "c.yaml")]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    expected = line_of(text, "This paragraph")
    assert "warning: 2 lines not taken" in err
    assert f"  {path}:{expected}: This paragraph after the checklist cannot be placed." in err
    assert "warning: 1 tasks outside any level, not taken:" in err


def test_many_notices_show_the_first_few_unless_verbose(tmp_path, capsys):
    path = tmp_path / "many.md"
    prose = "".join(f"Remark number {n}.\n\n" for n in range(1, 8))
    path.write_text(f"# Plan\n\n## A\n\n- [ ] Task\n\n{prose}", "utf-8")
    assert main(["import", str(path), "-o", str(tmp_path / "c.yaml")]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("warning: 7 lines not taken")
    assert [line for line in err if "Remark" in line] == [
        f"  {path}:7: Remark number 1.",
        f"  {path}:9: Remark number 2.",
        f"  {path}:11: Remark number 3.",
    ]
    assert err[4] == "  … and 4 more (--verbose shows all)"
    assert main(["import", str(path), "-o", str(tmp_path / "d.yaml"), "--verbose"]) == 0
    assert capsys.readouterr().err.count("Remark number") == 7


def test_an_invalid_result_is_never_written(tmp_path, capsys, monkeypatch):
    real = sync.importer.import_checklist

    def broken(text, *, source):
        found = real(text, source=source)
        level = found.curriculum.levels[0]
        section = level.sections[0]
        bad = dataclasses.replace(section.resources[0], url="not a url")
        section = dataclasses.replace(section, resources=(bad, *section.resources[1:]))
        level = dataclasses.replace(level, sections=(section, *level.sections[1:]))
        curriculum = dataclasses.replace(found.curriculum, levels=(level,))
        return dataclasses.replace(found, curriculum=curriculum)

    monkeypatch.setattr(sync.importer, "import_checklist", broken)
    out = tmp_path / "c.yaml"
    # Exit 2, like validate on the same file: bad input, not a failure of the tool.
    assert main(["import", str(SEED), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "nothing was written" in err and "malformed URL" in err and "Traceback" not in err
    assert not out.exists()


def test_done_when_import_then_validate_in_a_shell(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = (
        f'"{sys.executable}" -m sync import "{SEED}" -o imported.yaml && '
        f'"{sys.executable}" -m sync validate --curriculum imported.yaml'
    )
    done = subprocess.run(
        command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "imported.yaml: valid (5 levels, 67 resources)" in done.stdout
