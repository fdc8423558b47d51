"""Benchmark `import`: CPU time to turn a checklist of N tasks into validated curriculum YAML.

    python benchmarks/import_bench.py                 # 500 tasks (the goal: under 1 s of CPU)
    python benchmarks/import_bench.py --tasks 2000    # another size
    python benchmarks/import_bench.py --file README.md

The synthetic checklist has the shapes real ones have: levels under "##", sections as
"- ### Heading" inside lists, tasks nested four deep, reference links under tasks, ticks,
code spans and a few non-Latin titles. The figure is the best of five runs of the whole
pure import (parse, outline, resources, YAML, validation), in CPU seconds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sync.importer import checked_yaml, import_checklist

GOAL_SECONDS = 1.0


def synthetic_checklist(tasks: int) -> str:
    """A checklist of exactly `tasks` task items in levels of 50, sections of 10."""
    lines = ["# Synthetic Study Plan", "", "A plan made up to measure the import.", ""]
    for n in range(tasks):
        if n % 50 == 0:
            lines += ["", f"## Level {n // 50 + 1}: Topic {n // 50 + 1}", ""]
        if n % 10 == 0:
            lines += [f"- ### Part {n // 10 + 1}"]
        tick = "x" if n % 3 == 0 else " "
        depth = (n % 10) % 4  # 0, 1, 2, 3, 0, …: each task under the one before, four deep
        indent = "    " * (depth + 1)
        if n % 7 == 0:
            lines.append(f"{indent}- [{tick}] Связный список {n} и `код_{n}()`")
        else:
            url = f"https://example.org/{n}"
            lines.append(f"{indent}- [{tick}] [Resource {n}: about `thing_{n}`]({url}) (video)")
        if n % 5 == 0:
            lines.append(f"{indent}    - [Slides {n}](https://example.org/slides/{n})")
    return "\n".join(lines) + "\n"


def measure(text: str, name: str, repeat: int = 5) -> tuple[float, int]:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        start = time.process_time()
        imported = import_checklist(text, source=name)
        checked_yaml(imported, source=name, output="benchmark.yaml")
        best = min(best, time.process_time() - start)
        count = imported.curriculum.resource_count()
    return best, count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--file", type=Path, help="import this Markdown file instead")
    args = parser.parse_args()
    if args.file:
        text, name = args.file.read_text("utf-8"), str(args.file)
    else:
        text, name = synthetic_checklist(args.tasks), f"synthetic {args.tasks}-task checklist"
    seconds, resources = measure(text, name)
    if not args.file and resources != args.tasks:
        print(f"error: {resources} resources from {args.tasks} tasks", file=sys.stderr)
        return 1
    verdict = "within" if seconds < GOAL_SECONDS else "OVER"
    print(
        f"import of {name}: {resources} resources in {seconds:.3f} s of CPU "
        f"(best of 5; {verdict} the {GOAL_SECONDS:.0f} s goal)"
    )
    return 0 if seconds < GOAL_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
