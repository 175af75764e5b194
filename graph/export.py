"""Write a built graph to a folder: Turtle, N-Triples, JSON-LD and actions.csv.

Output is deterministic (sorted) so the same input gives byte-identical files, and it is
written to a temporary folder first and moved into place only when every file is complete.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

from rdflib import Graph

from graph.rdf_writer import to_jsonld, to_turtle
from graph.resolve import NameRef, ResolvedPlan
from graph.vocab import PREFIXES

CSV_COLUMNS = (
    "action", "objective", "title", "coordinating_minister", "involved_ministers", "lead",
    "partners", "timing_text", "start", "end", "ongoing", "budget_text", "budget_eur",
    "budget_per_year", "budget_regular_means",
)
LIST_SEPARATOR = "; "
# Appended to a provisional (unresolved) name in the CSV, which has no column of its own for it.
UNRESOLVED_MARK = " [unresolved]"
GRAPH_FILES = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}


def serialize(graph: Graph, fmt: str) -> str:
    """One of turtle, nt, json-ld; sorted so that output does not depend on hashing order."""
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    if fmt == "turtle":
        return to_turtle(graph, prefixes)
    if fmt == "json-ld":
        return to_jsonld(graph, prefixes)
    if fmt == "nt":
        lines = sorted(line for line in graph.serialize(format="nt").splitlines() if line)
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown format {fmt!r}: use turtle, nt or json-ld")


def _bool(value: bool) -> str:
    return "true" if value else "false"


def action_rows(resolved: ResolvedPlan) -> list[dict[str, str]]:
    """One row per action, ministers and organisations by canonical Dutch name."""
    rows = []

    def post_name(ref: NameRef) -> str:
        post = resolved.minister_post(ref.entity_id)
        return post.label_nl + (UNRESOLVED_MARK if post.provisional else "")

    def org_name(ref: NameRef) -> str:
        org = resolved.organisation(ref.entity_id)
        return org.name_nl + (UNRESOLVED_MARK if org.provisional else "")

    for item in resolved.actions:
        action, timing, budget = item.action, item.timing, item.budget
        rows.append({
            "action": action.number,
            "objective": str(action.objective),
            "title": action.title.text,
            "coordinating_minister": post_name(item.coordinating_minister)
            if item.coordinating_minister else "",
            "involved_ministers": LIST_SEPARATOR.join(map(post_name, item.involved_ministers)),
            "lead": org_name(item.lead) if item.lead else "",
            "partners": LIST_SEPARATOR.join(map(org_name, item.partners)),
            "timing_text": timing.text,
            "start": timing.start.iso if timing.start else "",
            "end": timing.end.iso if timing.end else "",
            "ongoing": _bool(timing.ongoing),
            "budget_text": budget.text,
            "budget_eur": LIST_SEPARATOR.join(str(a.eur) for a in budget.amounts),
            "budget_per_year": LIST_SEPARATOR.join(_bool(a.per_year) for a in budget.amounts),
            "budget_regular_means": _bool(budget.regular_means),
        })
    return rows


def actions_csv(resolved: ResolvedPlan) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(action_rows(resolved))
    return buffer.getvalue()


def write_outputs(out_dir: Path, files: dict[str, str]) -> list[Path]:
    """Write all files or none: into a temporary folder, then move each into out_dir."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"{out_dir} exists and is not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out_dir))
    try:
        for name, content in files.items():
            (staging / name).write_text(content, encoding="utf-8", newline="")
        written = []
        for name in files:
            target = out_dir / name
            os.replace(staging / name, target)
            written.append(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)
