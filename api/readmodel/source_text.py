"""The printed text the graph was built from, line by line, for the pages that show it.

The graph names its source document (`ap:SourceDocument`: file name, line count, sha256); the
service reads the text from `--source` or the vendored plan and shows it only when it is that
document (same sha256). A graph file without a sha256 read with no `--source` cannot be matched
to a text, and neither can a text that has changed: then the pages say the text is not
available.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF

from actieplan.api.plumbing.settings import Settings
from actieplan.graph.core.resources import default_source
from actieplan.graph.core.vocab import AP


@dataclass(frozen=True)
class SourceText:
    file_name: str
    sha256: str
    lines: tuple[str, ...]  # line n is lines[n - 1], numbered as graph/core/parser.py does

    def span(self, first: int, last: int) -> list[tuple[int, str]]:
        """Lines first..last (1-based, inclusive) as (number, text), within the text."""
        first, last = max(first, 1), min(last, len(self.lines))
        return [(number, self.lines[number - 1]) for number in range(first, last + 1)]


def graph_sha256(graph: Graph) -> str | None:
    """The sha256 the graph records for its source document, if it records one."""
    for document in graph.subjects(RDF.type, AP.SourceDocument):
        value = graph.value(document, AP.sha256)
        if isinstance(value, Literal):
            return str(value)
    return None


def read_source_text(graph: Graph, settings: Settings) -> SourceText | None:
    """The source text of `graph`, or None when it is not on this machine (see the module doc)."""
    expected = graph_sha256(graph)
    if expected is None and settings.graph_file and not settings.source:
        return None
    path = Path(settings.source) if settings.source else default_source()
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(raw).hexdigest()
    if expected is not None and digest != expected:
        return None
    text = raw.decode("utf-8", errors="replace")
    # The same line breaks as the parser counts (parse_text), so line numbers agree.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return SourceText(path.name, digest, tuple(lines))
