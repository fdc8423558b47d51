"""The badge to share: the guide's short name, the current level and the percent done.

Committed as ``assets/badge.svg`` next to the chart, so a learner can show it in a profile
README. Text widths come from a fixed table of Verdana widths at 11 px (the font shields.io
badges use) rather than from a font on the machine, so the same progress always gives the
same bytes. Pure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from sync.curriculum import Curriculum
from sync.progress import Progress
from sync.templates import render

BADGE_TEMPLATE = "badge.svg.j2"
_PADDING = 6
_LABEL_COLOR = "#555"
_DOING_COLOR = "#007ec6"
_DONE_COLOR = "#4c1"

# Advance widths in pixels of Verdana at 11 px; anything else counts as a wide letter.
_WIDTHS = {
    " ": 3.9, "!": 4.6, "%": 11.9, "&": 7.9, "'": 2.9, "(": 4.5, ")": 4.5, "+": 9.2, ",": 3.5,
    "-": 4.6, ".": 3.5, "/": 4.9, ":": 4.6, ";": 4.6, "?": 5.9, "·": 3.5, "…": 10.8,
    **dict.fromkeys("0123456789", 7.0),
    "a": 6.7, "b": 6.9, "c": 5.8, "d": 6.9, "e": 6.6, "f": 3.9, "g": 6.9, "h": 7.0, "i": 3.0,
    "j": 3.8, "k": 6.5, "l": 3.0, "m": 10.7, "n": 7.0, "o": 6.7, "p": 6.9, "q": 6.9, "r": 4.7,
    "s": 5.7, "t": 4.3, "u": 7.0, "v": 6.5, "w": 9.0, "x": 6.5, "y": 6.5, "z": 5.8,
    "A": 7.5, "B": 7.5, "C": 7.7, "D": 8.5, "E": 6.9, "F": 6.3, "G": 8.5, "H": 8.3, "I": 4.6,
    "J": 5.0, "K": 7.6, "L": 6.1, "M": 9.2, "N": 8.2, "O": 8.7, "P": 6.6, "Q": 8.7, "R": 7.6,
    "S": 7.5, "T": 6.8, "U": 8.1, "V": 7.5, "W": 10.9, "X": 7.5, "Y": 6.8, "Z": 7.5,
}  # fmt: skip
_WIDE = 8.0
_MAX_LABEL = 40


@dataclass(frozen=True)
class Share:
    """Where the badge is seen from outside: its image on the default branch, and the page it
    links to."""

    image_url: str
    page_url: str


def share_links(*, api_url: str, repository: str, badge_path: str) -> Share:
    """Absolute links for a profile README. ``HEAD`` is the default branch, whatever its name."""
    parts = urlsplit(api_url.rstrip("/"))
    host = parts.netloc
    path = quote(badge_path.lstrip("/"), safe="/._-~")
    if host in ("api.github.com", "api.github.com:443"):
        return Share(
            f"https://raw.githubusercontent.com/{repository}/HEAD/{path}",
            f"https://github.com/{repository}",
        )
    # GitHub Enterprise Server: https://HOST/api/v3 serves the web pages at https://HOST.
    web = f"{parts.scheme}://{host}{parts.path.removesuffix('/api/v3')}"
    return Share(f"{web}/{repository}/raw/HEAD/{path}", f"{web}/{repository}")


@dataclass(frozen=True)
class Badge:
    label: str
    message: str
    alt: str
    complete: bool


def badge(curriculum: Curriculum, progress: Progress) -> Badge:
    current = progress.current
    label = _fit(curriculum.short_name, _MAX_LABEL)
    if current is None:
        return Badge(
            label, f"complete · {progress.percent}%", f"{curriculum.title}: every level done", True
        )
    levels = len(progress.levels)
    return Badge(
        label,
        f"level {current.number} · {progress.percent}%",
        f"{curriculum.title}: level {current.number} of {levels}, {progress.percent}% done",
        False,
    )


def render_badge(curriculum: Curriculum, progress: Progress) -> str:
    """The badge as a standalone SVG."""
    return render(BADGE_TEMPLATE, **_layout(badge(curriculum, progress)))


def text_width(text: str) -> int:
    return math.ceil(sum(_WIDTHS.get(char, _WIDE) for char in text))


def _layout(b: Badge) -> dict[str, Any]:
    label = _part(b.label, 0, _LABEL_COLOR)
    message = _part(b.message, label["width"], _DONE_COLOR if b.complete else _DOING_COLOR)
    return {
        "width": label["width"] + message["width"],
        "label": label,
        "message": message,
        "alt": b.alt,
    }


def _part(text: str, left: int, color: str) -> dict[str, Any]:
    inner = text_width(text)
    width = inner + 2 * _PADDING
    center = left + width / 2
    return {
        "text": text,
        "text_width": inner,
        "width": width,
        "x": f"{center:.1f}".removesuffix(".0"),
        "color": color,
    }


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
