"""Write a network (from graph/network.py) as files other tools open.

GraphML (yEd, Cytoscape desktop, networkx), GEXF (Gephi), Cytoscape.js JSON, and CSV node and
edge lists for spreadsheets (header row, UTF-8, CRLF line ends like actions.csv). Each function
returns the file's text; the same network always gives the same text.

File formats hold only text and numbers, so lists (an edge's action numbers) are joined with
"; " (graph.core.tables.join_values) and missing values are left out. The CSV files are
written by graph.core.tables.render_csv, like every other table.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from actieplan.graph.core.tables import join_values, render_csv

NODE_COLUMNS = ("id", "name", "abbreviation", "policy_domain", "level", "kind", "action_count")
EDGE_COLUMNS = (
    "source",
    "target",
    "source_name",
    "target_name",
    "shared_actions",
    "actions",
    "jaccard",
    "newman",
)


def _flat(value: object) -> object:
    """A list as one text (join_values); any other value as it is."""
    if isinstance(value, (list, tuple, set)):
        return join_values(value)
    return value


def flat_copy(network: nx.Graph) -> nx.Graph:
    """The network with list attributes joined into text and None values dropped."""
    flat = nx.Graph() if not network.is_directed() else nx.DiGraph()
    flat.graph.update({k: _flat(v) for k, v in network.graph.items() if v is not None})
    for node, data in network.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in data.items() if v is not None})
    for a, b, data in network.edges(data=True):
        flat.add_edge(a, b, **{k: _flat(v) for k, v in data.items() if v is not None})
    return flat


def to_graphml(network: nx.Graph) -> str:
    return "\n".join(nx.generate_graphml(flat_copy(network))) + "\n"


def to_gexf(network: nx.Graph) -> str:
    """GEXF 1.2 with each node labelled by its Dutch name (Gephi shows the label)."""
    flat = flat_copy(network)
    for _, data in flat.nodes(data=True):
        data["label"] = data.get("name", "")
    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph(flat)
    # networkx stamps today's date in the header; leave it out so the file is reproducible
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
    return str(writer)


def to_cytoscape(network: nx.Graph) -> str:
    """Cytoscape.js elements JSON: {"data": {...}, "elements": {"nodes": [...], "edges": [...]}}.

    Every node's ``data`` has ``id`` and ``label`` (its name); every edge's ``data`` has ``id``
    ("source--target"), ``source`` and ``target``, then the attributes.
    """
    nodes = [
        {"data": {**data, "id": str(node), "label": data.get("name", str(node))}}
        for node, data in network.nodes(data=True)
    ]
    edges = [
        {"data": {"id": f"{a}--{b}", "source": str(a), "target": str(b), **data}}
        for a, b, data in network.edges(data=True)
    ]
    document = {"data": dict(network.graph), "elements": {"nodes": nodes, "edges": edges}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_cell(value: object) -> str:
    """A cell of a network CSV: lists joined (join_values), None empty, anything else as
    str() gives it (a float in full, 0.3333333333333333: these files feed other tools)."""
    if value is None:
        return ""
    return str(_flat(value))


def csv_text(rows: Sequence[dict[str, object]], columns: Sequence[str]) -> str:
    """CSV (render_csv) with a header row and one row per dict, in `columns` order."""
    return render_csv(columns, [[_csv_cell(row.get(key)) for key in columns] for row in rows])


def nodes_csv(network: nx.Graph) -> str:
    """One row per node: NODE_COLUMNS first, then any other attributes (measures), sorted."""
    extra = sorted(
        {key for _, data in network.nodes(data=True) for key in data} - set(NODE_COLUMNS) - {"iri"}
    )
    rows = [dict(data, id=node) for node, data in network.nodes(data=True)]
    return csv_text(rows, [*NODE_COLUMNS, *extra, "iri"])


def edges_csv(network: nx.Graph) -> str:
    """One row per tie: source and target ids and names, shared actions, Jaccard, Newman.

    Ties come in the network's own order: in a projection the smaller id is the source, in a
    two-mode network the actor is the source and the action the target.
    """
    extra = sorted(
        {key for *_, data in network.edges(data=True) for key in data} - set(EDGE_COLUMNS)
    )
    rows = [
        {
            **data,
            "source": a,
            "target": b,
            "source_name": network.nodes[a].get("name", ""),
            "target_name": network.nodes[b].get("name", ""),
        }
        for a, b, data in network.edges(data=True)
    ]
    columns = [
        c
        for c in EDGE_COLUMNS
        if c in {"source", "target", "source_name", "target_name"} or any(c in row for row in rows)
    ]
    return csv_text(rows, [*columns, *extra])


EXPORTERS = {
    "graphml": to_graphml,
    "gexf": to_gexf,
    "cytoscape": to_cytoscape,
    "csv-nodes": nodes_csv,
    "csv-edges": edges_csv,
}
