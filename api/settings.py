"""What `actieplan serve` was asked to serve, and how (limits, engine, caching)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

SETTINGS_ENV = "ACTIEPLAN_SERVE_SETTINGS"  # JSON, for uvicorn worker processes


@dataclass
class Settings:
    graph_file: str | None = None  # a built graph; None: build `source` at start-up
    source: str | None = None  # plan text (default: the vendored plan)
    base_iri: str | None = None
    allow_unknown: bool = False
    named_graphs: list[tuple[str, str]] = field(default_factory=list)  # (graph IRI, file)
    engine: str = "oxigraph"
    query_workers: int = 2
    timeout: float = 10.0  # seconds a /sparql query may run
    max_rows: int = 100_000  # rows (or triples) a /sparql answer may hold
    max_body_bytes: int = 1_000_000  # request body cap
    cache: bool = True  # answer cache + ETag / 304
    cache_size: int = 512

    def to_env(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_env(cls) -> Settings:
        raw = os.environ.get(SETTINGS_ENV)
        if not raw:
            return cls()
        data = json.loads(raw)
        data["named_graphs"] = [tuple(pair) for pair in data.get("named_graphs", [])]
        return cls(**data)

    def describe(self) -> str:
        what = self.graph_file or f"built from {self.source or 'the vendored plan'}"
        if self.named_graphs:
            what += f" + {len(self.named_graphs)} named graph(s)"
        return what

    def check(self) -> list[str]:
        """Problems a user can fix before anything starts."""
        problems = []
        if self.graph_file and not Path(self.graph_file).is_file():
            problems.append(f"--graph {self.graph_file}: no such file")
        for name, path in self.named_graphs:
            if not Path(path).is_file():
                problems.append(f"--named-graph {name}={path}: no such file")
        if self.timeout <= 0 or self.query_workers < 1 or self.max_rows < 1:
            problems.append("--timeout, --query-workers and --max-rows must be positive")
        return problems
