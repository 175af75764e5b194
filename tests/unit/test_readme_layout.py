"""README and the manual (docs/*.md) match the tree.

- The manual's Layout section (docs/contributing.md) has one line per module of graph/, api/,
  cli/ and tools/, and every path it names exists; bench/README.md lists every benchmark script.
- README stays a front door (under 150 lines) that links every page of the manual, as the
  manual's contents (docs/index.md) do; every relative link of README and the manual points to
  a file that exists.

Both sides are read from disk: the Markdown text and the repository's files.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
README_MAX_LINES = 150


def layout_section() -> str:
    text = (DOCS / "contributing.md").read_text(encoding="utf-8")
    start = text.index("\n## Layout\n") + 1
    end = text.find("\n## ", start)
    return text[start:] if end == -1 else text[start:end]


def manual_pages() -> list[Path]:
    return sorted(DOCS.glob("*.md"))


def relative_links(markdown: str) -> list[str]:
    """The targets of the Markdown links and images of `markdown` that are relative paths
    (no scheme, not only a #fragment), outside code blocks and code spans."""
    prose = re.sub(r"^```.*?^```", "", markdown, flags=re.MULTILINE | re.DOTALL)
    prose = re.sub(r"`[^`\n]*`", "", prose)
    targets = re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", prose)
    return [
        target
        for target in targets
        if not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target) and not target.startswith("#")
    ]


def linked_files(markdown_file: Path) -> set[Path]:
    """The files the relative links of `markdown_file` point to (fragments stripped)."""
    text = markdown_file.read_text(encoding="utf-8")
    return {
        (markdown_file.parent / target.split("#", 1)[0]).resolve()
        for target in relative_links(text)
    }


def test_one_line_per_module():
    rows = re.findall(r"^\| \**`([^`]+\.py)`\** \|", layout_section(), re.MULTILINE)
    modules = sorted(
        str(path.relative_to(REPO))
        for folder in ("graph", "api", "cli", "tools")
        for path in (REPO / folder).rglob("*.py")
    )
    print("in the Layout section, not in the tree:", sorted(set(rows) - set(modules)))
    print("in the tree, not in the Layout section:", sorted(set(modules) - set(rows)))
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
    print("named in the Layout section, missing:", missing)
    assert missing == []


def test_bench_readme_lists_every_script():
    text = (REPO / "bench" / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([^`]+\.py)` \|", text, re.MULTILINE)
    assert sorted(listed) == sorted(path.name for path in (REPO / "bench").glob("*.py"))


def test_readme_is_a_front_door():
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) < README_MAX_LINES


def test_readme_and_contents_link_every_manual_page():
    pages = {page.resolve() for page in manual_pages()}
    assert {"index.md", "user-guide.md", "contributing.md"} <= {page.name for page in pages}
    from_readme = linked_files(REPO / "README.md")
    from_index = linked_files(DOCS / "index.md")
    assert sorted(p.name for p in pages - from_readme) == []
    assert sorted(p.name for p in pages - from_index - {(DOCS / "index.md").resolve()}) == []


def test_relative_links_point_to_files_that_exist():
    sources = [REPO / "README.md", *manual_pages()]
    assert any(relative_links(source.read_text(encoding="utf-8")) for source in sources)
    broken = [
        f"{source.relative_to(REPO)}: {target}"
        for source in sources
        for target in relative_links(source.read_text(encoding="utf-8"))
        if not (source.parent / target.split("#", 1)[0]).exists()
    ]
    assert broken == []
