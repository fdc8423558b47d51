"""Notes: which comment becomes a finished resource's note, and how its first line is shown."""

from __future__ import annotations

import datetime as dt

import pytest

from sync.notes import Comment, Span, first_line, notes_by_issue

T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def comment(
    cid: int,
    issue: int,
    body: str,
    *,
    minutes: int = 0,
    association: str = "OWNER",
    author: str = "learner",
    author_type: str = "User",
    url: str | None = None,
) -> Comment:
    return Comment(
        id=cid,
        issue_number=issue,
        body=body,
        author=author,
        author_type=author_type,
        author_association=association,
        created_at=T0 + dt.timedelta(minutes=minutes),
        html_url=f"https://github.com/o/r/issues/{issue}#issuecomment-{cid}"
        if url is None
        else url,
    )


# --------------------------------------------------------------------------- whose comment


def test_the_latest_comment_by_the_learner_is_the_note():
    notes = notes_by_issue(
        [
            comment(1, 7, "first thoughts", minutes=0),
            comment(2, 7, "Finished: loved chapter 3", minutes=5),
            comment(3, 8, "on another issue", minutes=1),
        ]
    )
    assert notes[7].text == "Finished: loved chapter 3"
    assert notes[7].url == "https://github.com/o/r/issues/7#issuecomment-2"
    assert notes[8].text == "on another issue"


@pytest.mark.parametrize("association", ["OWNER", "MEMBER", "COLLABORATOR"])
def test_people_who_can_push_write_notes(association):
    assert notes_by_issue([comment(1, 7, "mine", association=association)])[7].text == "mine"


@pytest.mark.parametrize(
    "association",
    ["CONTRIBUTOR", "FIRST_TIMER", "FIRST_TIME_CONTRIBUTOR", "MANNEQUIN", "NONE"],
)
def test_an_outsider_never_writes_a_note(association):
    outsider = comment(2, 7, "buy my course", minutes=9, association=association, author="x")
    assert notes_by_issue([outsider]) == {}
    mine = comment(1, 7, "my reflection")
    assert notes_by_issue([mine, outsider])[7].text == "my reflection"


def test_a_bot_never_writes_a_note_even_when_trusted():
    bot = comment(
        2, 7, "Closed: removed", minutes=9, author="github-actions[bot]", author_type="Bot"
    )
    assert notes_by_issue([bot]) == {}
    assert notes_by_issue([bot, comment(1, 7, "mine")])[7].text == "mine"


def test_equal_times_fall_back_to_the_later_id():
    assert notes_by_issue([comment(5, 7, "later id"), comment(4, 7, "earlier id")])[7].text == (
        "later id"
    )


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://github.com/o/r/issues/7#issuecomment-1",
        "https://github.com/o/r/issues/8#issuecomment-1",
        "https://github.com/o/r/issues/7#issuecomment-2",
        "https://github.com/o/r/issues/7#issuecomment-1)](javascript:alert(1)",
        "javascript:alert(1)//https://github.com/o/r/issues/7#issuecomment-1",
    ],
)
def test_a_link_that_is_not_plainly_this_comment_is_dropped(url):
    note = notes_by_issue([comment(1, 7, "text", url=url)])[7]
    assert note.url is None and note.text == "text"


# --------------------------------------------------------------------------- the first line


@pytest.mark.parametrize(
    ("body", "text"),
    [
        ("Done!\nMore thoughts below.", "Done!"),
        ("\n\n   \r\nAfter blank lines\r\nsecond", "After blank lines"),
        ("## A heading\nbody", "A heading"),
        ("> quoted *reflection*", "quoted reflection"),
        ("- [x] **all** exercises", "all exercises"),
        ("1. step one", "step one"),
        ("<!-- hidden -->\nvisible", "visible"),
        ("<!--\nhidden\nacross lines\n-->shown", "shown"),
        ("![screenshot](https://x.test/a.png)\nUnder the image", "Under the image"),
        ('<img src="https://x.test/a.png"> certificate', "certificate"),
        ("<b>bold</b> and <script>alert(1)</script>", "bold and alert(1)"),
        ("`code` and ``more``", "code and more"),
        ("snake_case_name and 2*3", "snake_case_name and 2*3"),
        (r"\*literal stars\*", "*literal stars*"),
        ("fish &amp; chips &lt;3", "fish & chips <3"),
        ("```\nprint('inside a fence')\n```", "print('inside a fence')"),
        ("tabs\tand   spaces", "tabs and spaces"),
        ("", ""),
        ("![only an image](https://x.test/a.png)", ""),
    ],
)
def test_first_line_is_plain_text(body, text):
    assert "".join(span.text for span in first_line(body)) == text


def test_http_and_https_addresses_stay_links():
    spans = first_line("Wrote [my summary](https://blog.test/p?a=1) and see http://x.test/y.")
    assert spans == (
        Span("Wrote "),
        Span("my summary", "https://blog.test/p?a=1"),
        Span(" and see "),
        Span("http://x.test/y", "http://x.test/y"),
        Span("."),
    )


@pytest.mark.parametrize(
    "body",
    [
        "[click](javascript:alert(1))",
        "[click](data:text/html;base64,xx)",
        "[click](ftp://x.test/file)",
        "[click](/relative/path)",
    ],
)
def test_other_addresses_lose_their_link(body):
    assert first_line(body) == (Span("click"),)


def test_autolinks_keep_only_http():
    assert first_line("<https://x.test/a> <mailto:me@x.test>") == (
        Span("https://x.test/a", "https://x.test/a"),
        Span(" mailto:me@x.test"),
    )


def test_a_bare_link_in_parentheses_keeps_its_own_parentheses():
    assert first_line("(see https://en.wikipedia.test/wiki/A_(b))")[1] == Span(
        "https://en.wikipedia.test/wiki/A_(b)", "https://en.wikipedia.test/wiki/A_(b)"
    )


def test_a_long_line_is_cut_at_a_word_with_an_ellipsis():
    body = "word " * 60
    text = "".join(span.text for span in first_line(body))
    assert len(text) <= 120
    assert text.endswith("word …") or text.endswith("word…")
    assert "wor…" not in text


def test_a_long_link_is_cut_in_its_text_but_still_links():
    url = "https://x.test/" + "a" * 200
    spans = first_line(f"see {url}")
    assert spans[1].url == url
    assert sum(len(span.text) for span in spans) <= 120
    assert spans[-1].text == "…"


# --------------------------------------------------------------------------- back to Markdown


@pytest.mark.parametrize(
    ("body", "markdown"),
    [
        ("plain words", "plain words"),
        (r"\*not bold\* \[not a link\](x) a|b", r"\*not bold\* \[not a link\](x) a\|b"),
        ("fish &amp; chips &lt;b&gt;", r"fish \& chips \<b\>"),
        ("<https://x.test/a_b>", r"[https://x.test/a\_b](https://x.test/a_b)"),
        ("[a (b)](https://x.test/p_(1))", "[a (b)](https://x.test/p_%281%29)"),
        ("#1 and !\\[", r"\#1 and \!\["),
    ],
)
def test_markdown_shows_exactly_the_text(body, markdown):
    note = notes_by_issue([comment(1, 7, body)])[7]
    assert note.markdown == markdown


def test_nothing_an_outsider_could_smuggle_survives_as_markup():
    body = '<a href="javascript:x">hi</a> ![x](https://t.test/p.png) [y](javascript:z) <img src=x>'
    note = notes_by_issue([comment(1, 7, body)])[7]
    assert "javascript" not in note.markdown
    assert "<" not in note.markdown.replace(r"\<", "")
    assert note.markdown == "hi y"
