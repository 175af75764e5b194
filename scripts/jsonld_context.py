"""Writes the JSON-LD context (ontology/context.jsonld) from the graphs it describes.

    python scripts/jsonld_context.py          # (re)write ontology/context.jsonld
    python scripts/jsonld_context.py --check  # exit 1 when the file differs from the graphs'

The graphs: the vendored plan as built, the ontology and the dataset description the service
serves at /dataset (api/readmodel/json_ld.py; the rules: graph/rdf/jsonld_context.py). Run it
after a change to the data's, the ontology's or the description's properties;
tests/unit/test_jsonld_context.py fails until the file is current.
"""

from __future__ import annotations

import argparse
import sys

from fastapi.testclient import TestClient
from rdflib import Graph

from actieplan.api.app import create_app
from actieplan.api.plumbing.settings import Settings
from actieplan.api.readmodel.json_ld import derived_context
from actieplan.graph.rdf.jsonld_context import context_document, context_path
from actieplan.graph.rdf.pipeline import build


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare, write nothing")
    check = parser.parse_args().check
    data = build(serialise=False).graph
    with TestClient(create_app(Settings(query_workers=1))) as client:
        description = Graph().parse(data=client.get("/dataset.nt").text, format="nt")
    text = context_document(derived_context(data, description))
    path = context_path()
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if check:
        if current != text:
            print(f"{path} is out of date: run python scripts/jsonld_context.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
