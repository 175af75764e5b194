"""`actieplan network ...`: who works with whom, as tables, CSV, JSON or network files.

    actieplan network shared-actions [--top N]
    actieplan network centrality
    actieplan network communities [--seed N]
    actieplan network brokerage [--by policy-domain|level] [--no-domain separate|one-group|left-out]
    actieplan network structure
    actieplan network ego ORG
    actieplan network export --format graphml|gexf|cytoscape|csv-nodes|csv-edges [--two-mode]

Every sub-command takes [--layer roles|mentions|all] [--actors organisations|ministers]
[--role ROLE] [--weight shared_actions|newman|jaccard] [--out FILE] and the graph input options
(--graph FILE, or --source PLAN built in memory).

Every answer says what it was computed on (network.context: actors, layer, roles, weight): the
first line of a terminal table ("# organisations, layer roles (roles: lead, partner), weight
shared_actions"), the ``network`` field of JSON (lists of rows come as ``{"network": ...,
"rows": [...]}``). CSV holds the rows only, for spreadsheets.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from actieplan.cli.options import add_graph_arguments, graph_from_args
from actieplan.graph.analysis import network
from actieplan.graph.analysis.exports import EXPORTERS
from actieplan.graph.core.lookup import NameLookup
from actieplan.graph.core.tables import TABLE_FORMATS, join_values, render

PROG = "actieplan network"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "network",
        help="who works with whom: shared actions, centrality, communities, ...",
        description="Network analytics of the plan's actors, computed from the graph: "
        "organisations (or ministers) linked by the actions they share.",
    )
    commands = parser.add_subparsers(dest="network_command", required=True, metavar="MEASURE")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--layer",
        choices=tuple(network.LAYERS),
        default="roles",
        help="roles: lead and partners (ministers: coordinating and involved); "
        "mentions: organisations named in descriptions; all: both",
    )
    common.add_argument("--actors", choices=network.ACTORS, default=network.ORGANISATIONS)
    common.add_argument(
        "--role", help="only one role of the layer: lead, partner, coordinating or involved"
    )
    common.add_argument(
        "--weight",
        choices=network.WEIGHTS,
        default="shared_actions",
        help="tie strength for the measures (default: shared actions)",
    )
    common.add_argument("--out", type=Path, metavar="FILE", help="write to FILE, not stdout")
    add_graph_arguments(common)
    table = argparse.ArgumentParser(add_help=False)
    table.add_argument("--format", choices=TABLE_FORMATS, default="table")

    def command(
        name: str, help_text: str, *parents: argparse.ArgumentParser
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=help_text, description=help_text, parents=[common, *parents]
        )
        sub.set_defaults(run=run)
        return sub

    command(
        "shared-actions", "pairs of actors by the number of actions they share", table
    ).add_argument(
        "--top",
        type=int,
        metavar="N",
        help="only the first N pairs, and every pair tied with the Nth (as many shared actions)",
    )
    command("centrality", "degree, weighted degree, betweenness, eigenvector, constraint", table)
    command("communities", "Louvain communities (fixed seed)", table).add_argument(
        "--seed", type=int, default=network.LOUVAIN_SEED, help="random seed of Louvain"
    )
    broker = command(
        "brokerage", "Gould-Fernandez brokerage across policy domains or levels", table
    )
    broker.add_argument("--by", choices=tuple(network.GROUPINGS), default="policy-domain")
    broker.add_argument(
        "--no-domain",
        choices=network.NO_DOMAIN,
        default=network.NO_DOMAIN[0],
        help="actors without a policy domain (or level): each a group of its own (separate, "
        "default), all one group (one-group), or in no triad and no row (left-out)",
    )
    command("structure", "components, isolates, articulation points and bridges", table)
    command("ego", "one actor's partners and the ties among them", table).add_argument(
        "actor",
        metavar="ORG",
        help="id, abbreviation, name or alias (e.g. ocad, ABB, 'Sport Vlaanderen'); "
        "with --actors ministers a minister post",
    )
    export = command("export", "the network as a file for Gephi, Cytoscape or a spreadsheet")
    export.add_argument("--format", choices=tuple(EXPORTERS), required=True)
    export.add_argument(
        "--two-mode",
        action="store_true",
        help="the actor-action network instead of the actor network",
    )


def label(graph: nx.Graph, node: str) -> str:
    """Short name for a table: the abbreviation, else the Dutch name."""
    data = graph.nodes[node]
    return data.get("abbreviation") or data.get("name") or node


def _joined(value: object) -> object:
    return join_values(value) if isinstance(value, list) else value


def table_text(
    fmt: str, rows: list[dict[str, Any]], columns: list[str], facts: dict[str, Any]
) -> str:
    """Rows as a terminal table under the line of ``facts`` (network.context), CSV (lists
    joined with "; "), or JSON ``{"network": facts, "rows": [...]}`` (lists kept)."""
    if fmt == "json":
        return _json({"network": facts, "rows": [{c: row.get(c) for c in columns} for row in rows]})
    text = render(fmt, columns, [[_joined(row.get(c)) for c in columns] for row in rows])
    return network.context_line(facts) + "\n" + text if fmt == "table" else text


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def run(args: argparse.Namespace) -> int:
    try:
        if args.role:
            network.layer_roles(args.actors, args.layer, args.role)  # fail before building
        rdf = graph_from_args(args, network.NETWORK_TRIPLES)
        text = MEASURES[args.network_command](rdf, args)
    except ValueError as error:
        print(f"{PROG} {args.network_command}: error: {error}", file=sys.stderr)
        return 2
    if args.out:
        args.out.write_text(text, encoding="utf-8", newline="")
        print(f"wrote: {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _actor_network(rdf: Graph, args: argparse.Namespace) -> nx.Graph:
    return network.actor_network(rdf, args.actors, args.layer, args.role)


def shared_actions_text(rdf: Graph, args: argparse.Namespace) -> str:
    graph = _actor_network(rdf, args)
    rows = network.shared_actions(graph, args.top)
    facts = network.context(graph, "shared_actions")
    if args.format != "table":
        columns = list(rows[0]) if rows else ["source", "target"]
        return table_text(args.format, rows, columns, facts)
    for row in rows:
        row["a"], row["b"] = label(graph, row["source"]), label(graph, row["target"])
    columns = ["a", "b", "shared_actions", "jaccard", "newman", "actions"]
    return table_text("table", rows, columns, facts)


def _columns(graph: nx.Graph, rows: list[dict[str, Any]], fmt: str, shown: list[str]) -> list[str]:
    """The columns of a per-actor table: for people (`table`) the actor's label and the
    `shown` measures (the label is added to each row); for machines every field of a row."""
    if fmt != "table":
        return list(rows[0]) if rows else ["id"]
    for row in rows:
        row["actor"] = label(graph, row["id"])
    return ["actor", *shown]


def centrality_text(rdf: Graph, args: argparse.Namespace) -> str:
    graph = _actor_network(rdf, args)
    rows = network.centrality(graph, args.weight)
    columns = _columns(
        graph,
        rows,
        args.format,
        ["action_count", "degree", "weighted_degree", "betweenness", "eigenvector", "constraint"],
    )
    return table_text(args.format, rows, columns, network.context(graph, args.weight))


def communities_text(rdf: Graph, args: argparse.Namespace) -> str:
    graph = _actor_network(rdf, args)
    groups = network.communities(graph, args.weight, args.seed)
    facts = network.context(graph, args.weight)
    if args.format == "json":
        return table_text(
            "json",
            network.community_rows(graph, args.weight, args.seed),
            ["community", "size", "members", "names"],
            facts,
        )
    rows = [
        {"community": number, "id": node, "name": graph.nodes[node]["name"]}
        for number, group in enumerate(groups, start=1)
        for node in group
    ]
    text = table_text(args.format, rows, ["community", "id", "name"], facts)
    if args.format == "table":
        score = network.modularity(graph, groups, args.weight)
        text += f"{len(groups)} communities, modularity {score:.3f} (Louvain, seed {args.seed})\n"
    return text


def brokerage_text(rdf: Graph, args: argparse.Namespace) -> str:
    graph = _actor_network(rdf, args)
    rows = network.brokerage(graph, args.by, args.no_domain)
    columns = _columns(
        graph,
        rows,
        args.format,
        ["group", "coordinator", "gatekeeper_representative", "itinerant", "liaison", "total"],
    )
    facts = {**network.context(graph), "by": args.by, "no_domain": args.no_domain}
    text = table_text(args.format, rows, columns, facts)
    if args.format == "table":
        text = text.replace("\n", f", groups by {args.by}, no domain: {args.no_domain}\n", 1)
    return text


def structure_text(rdf: Graph, args: argparse.Namespace) -> str:
    graph = _actor_network(rdf, args)
    facts = network.structure(graph)
    if args.format == "json":
        return _json({"network": network.context(graph), **facts})
    rows = [
        {"measure": "actors", "value": facts["actors"]},
        {"measure": "ties", "value": facts["ties"]},
        {"measure": "density", "value": round(facts["density"], 4)},
        {"measure": "components", "value": len(facts["components"])},
        {
            "measure": "largest component",
            "value": len(facts["components"][0]) if facts["components"] else 0,
        },
        {"measure": "isolates", "value": join_values(facts["isolates"])},
        {"measure": "articulation points", "value": join_values(facts["articulation_points"])},
        {"measure": "bridges", "value": join_values(f"{a}–{b}" for a, b in facts["bridges"])},
    ]
    rows = [{"measure": r["measure"], "value": str(r["value"])} for r in rows]
    return table_text(args.format, rows, ["measure", "value"], network.context(graph))


def ego_text(rdf: Graph, args: argparse.Namespace) -> str:
    graph = _actor_network(rdf, args)
    all_layer = network.actor_network(rdf, args.actors, "all") if args.layer != "all" else None
    found = network.ego(graph, args.actor, NameLookup.of_graph(rdf), all_layer)
    if args.format == "json":
        return _json(found)
    rows = found["neighbours"]
    columns = ["id", "name", "shared_actions", "jaccard", "newman", "actions"]
    if args.format != "table":
        return table_text(args.format, rows, columns, found["network"])
    centre = found["centre"]
    return (
        f"{centre['name']} ({centre['id']}): {len(rows)} partners, "
        f"{len(found['ties'])} ties in its ego network\n"
        + (f"note: {found['note']}\n" if found["note"] else "")
        + table_text("table", rows, columns, found["network"])
    )


def export_text(rdf: Graph, args: argparse.Namespace) -> str:
    if args.two_mode:
        graph = network.two_mode_network(rdf, args.actors, args.layer, args.role)
    else:
        graph = network.with_measures(_actor_network(rdf, args), args.weight)
    return EXPORTERS[args.format](graph)


MEASURES = {
    "shared-actions": shared_actions_text,
    "centrality": centrality_text,
    "communities": communities_text,
    "brokerage": brokerage_text,
    "structure": structure_text,
    "ego": ego_text,
    "export": export_text,
}
