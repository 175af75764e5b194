"""README's Layout section matches the tree: one line per module of graph/ and api/, and every
path it names exists; bench/README.md lists every benchmark script.

Both sides are read from disk: the README's text and the repository's files.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def layout_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme[readme.index("## Layout\n") : readme.index("\n## ", readme.index("## Layout\n"))]


def test_one_line_per_module():
    rows = re.findall(r"^\| \**`([^`]+\.py)`\** \|", layout_section(), re.MULTILINE)
    modules = sorted(
        str(path.relative_to(REPO))
        for folder in ("graph", "api")
        for path in (REPO / folder).rglob("*.py")
    )
    assert sorted(rows) == modules
    assert len(rows) == len(set(rows))


def test_every_path_the_layout_names_exists():
    named = re.findall(r"`((?:[\w.-]+/)+[\w.*-]*)`", layout_section())
    assert "graph/core/resources.py" in named  # the pattern finds paths
    missing = [
        name
        for name in named
        if not (list(REPO.glob(name)) if "*" in name else (REPO / name).exists())
    ]
    assert missing == []


def test_bench_readme_lists_every_script():
    text = (REPO / "bench" / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([^`]+\.py)` \|", text, re.MULTILINE)
    assert sorted(listed) == sorted(path.name for path in (REPO / "bench").glob("*.py"))
