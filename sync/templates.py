"""The Jinja2 environment for everything the tool renders (issue bodies, milestones, README, chart).

The words and the markup live in ``sync/templates/``: an issue body or the README's region
can be reworded there alone. The chart's geometry and colours are computed in ``readme.py``
and arrive formatted, so the same progress always gives the same bytes.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2

from sync.text import embeddable


@cache
def environment(*, markdown: bool = False) -> jinja2.Environment:
    # StrictUndefined: a typo in a template fails loudly instead of rendering blanks.
    return jinja2.Environment(
        loader=jinja2.PackageLoader("sync", "templates"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates are compiled once per run; without this, every render stats the file.
        auto_reload=False,
        # Markdown templates render trusted curriculum text as written; the SVG is XML and
        # must escape whatever reaches it.
        autoescape=jinja2.select_autoescape(enabled_extensions=("svg.j2",), default=False),
        # Every value a Markdown template prints goes through here: a curriculum's text can
        # neither leave a code fence open nor open an HTML comment, so it can never hide
        # or forge the hidden markers around what the tool writes.
        finalize=embeddable if markdown else None,
    )


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def render_markdown(name: str, **context: Any) -> str:
    """Render a Markdown template; runs of blank lines collapse to one, as Markdown reads them."""
    text = environment(markdown=True).get_template(name).render(**context)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
