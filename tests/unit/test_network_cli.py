"""`actieplan network ...` and the export files: they parse back with the right counts.

Counts are the hand-counted ones of tests/unit/test_network.py: 20 organisations with a role, 89
pairs sharing an action; 50 actions and 130 lead/partner links in the two-mode network.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from support.cli_runner import run_cli as run_actieplan

from actieplan.cli import network as network_command
from actieplan.graph.analysis.exports import NODE_COLUMNS


def run_cli(*args: str) -> tuple[int, str, str]:
    return run_actieplan("network", *args)


@pytest.fixture(scope="module")
def graph_file(built, tmp_path_factory) -> Path:
    """The built plan as a Turtle file."""
    path = tmp_path_factory.mktemp("network") / "graph.ttl"
    path.write_text(built.files["graph.ttl"], encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def session_graph(plan_graph, monkeypatch):
    """Commands get the session's plan graph instead of parsing --graph each time (the
    loading itself is graph.loading's, tested there and in test_the_graph_file_is_read)."""
    monkeypatch.setattr(network_command, "graph_from_args", lambda args, part=None: plan_graph)


@pytest.fixture(scope="module")
def exports(plan_graph, graph_file, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("exports")
    files = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(network_command, "graph_from_args", lambda args, part=None: plan_graph)
        for fmt, name in [
            ("graphml", "net.graphml"),
            ("gexf", "net.gexf"),
            ("cytoscape", "net.json"),
            ("csv-nodes", "nodes.csv"),
            ("csv-edges", "edges.csv"),
        ]:
            code, _, err = run_cli(
                "export", "--format", fmt, "--graph", str(graph_file), "--out", str(out / name)
            )
            assert code == 0, err
            files[fmt] = out / name
    return files


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_graph_file_is_read(graph_file, monkeypatch):
    monkeypatch.undo()  # this once, parse the file
    code, text, _ = run_cli(
        "shared-actions", "--top", "1", "--format", "json", "--graph", str(graph_file)
    )
    assert code == 0 and json.loads(text)["rows"][0]["shared_actions"] == 13


def test_graphml_parses_back(exports):
    graph = nx.read_graphml(exports["graphml"])
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (20, 89)
    assert graph.nodes["ocad"]["name"] == "Coördinatieorgaan voor de dreigingsanalyse"
    assert graph.edges["abb", "agii"]["shared_actions"] == 13
    assert graph.nodes["abb"]["degree"] == 14  # measures travel with the nodes


def test_gexf_parses_back(exports):
    graph = nx.read_gexf(exports["gexf"])
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (20, 89)
    assert graph.nodes["abb"]["label"] == "Agentschap Binnenlands Bestuur"
    assert "lastmodifieddate" not in exports["gexf"].read_text(encoding="utf-8")


def test_cytoscape_json(exports):
    document = json.loads(exports["cytoscape"].read_text(encoding="utf-8"))
    nodes, edges = document["elements"]["nodes"], document["elements"]["edges"]
    assert (len(nodes), len(edges)) == (20, 89)
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    pair = next(e["data"] for e in edges if e["data"]["id"] == "abb--agii")
    assert pair["shared_actions"] == 13 and pair["actions"][0] == "1.1"


def test_csv_node_and_edge_lists(exports):
    assert exports["csv-nodes"].read_bytes().startswith(b"id,name,")
    nodes = read_csv(exports["csv-nodes"])
    assert len(nodes) == 20 and list(nodes[0])[: len(NODE_COLUMNS)] == list(NODE_COLUMNS)
    by_id = {n["id"]: n for n in nodes}
    assert by_id["abb"]["degree"] == "14" and by_id["vdab"]["constraint"] == ""
    edges = read_csv(exports["csv-edges"])
    assert len(edges) == 89
    pair = next(e for e in edges if (e["source"], e["target"]) == ("abb", "agii"))
    assert pair["shared_actions"] == "13"
    assert pair["actions"].startswith("1.1; 1.2; 3.1")


def test_two_mode_export(graph_file):
    code, text, _ = run_cli(
        "export", "--format", "graphml", "--two-mode", "--graph", str(graph_file)
    )
    assert code == 0
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (70, 130)


def test_exports_are_deterministic(graph_file):
    for fmt in ("graphml", "gexf", "cytoscape", "csv-nodes", "csv-edges"):
        first = run_cli("export", "--format", fmt, "--graph", str(graph_file))[1]
        assert first == run_cli("export", "--format", fmt, "--graph", str(graph_file))[1]


def test_shared_actions_table(graph_file):
    code, text, _ = run_cli("shared-actions", "--top", "2", "--graph", str(graph_file))
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "# organisations, layer roles (roles: lead, partner), weight shared_actions"
    assert lines[1].split()[:3] == ["a", "b", "shared_actions"]
    assert lines[3].split()[:3] == ["ABB", "AgII", "13"]
    assert lines[4].split()[:3] == ["ABB", "Justitiehuizen", "12"]
    assert lines[-1] == "(2 rows)"


def test_shared_actions_csv_and_json(graph_file):
    code, text, _ = run_cli("shared-actions", "--format", "csv", "--graph", str(graph_file))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert code == 0 and len(rows) == 89
    code, text, _ = run_cli(
        "shared-actions",
        "--format",
        "json",
        "--top",
        "1",
        "--actors",
        "ministers",
        "--graph",
        str(graph_file),
    )
    answer = json.loads(text)
    assert answer["network"] == {
        "actors": "ministers",
        "layer": "roles",
        "roles": ["coordinating", "involved"],
        "weight": "shared_actions",
    }
    # --top 1 keeps the tie: two pairs of posts share 14 actions
    assert [(r["source"], r["target"], r["shared_actions"]) for r in answer["rows"]] == [
        ("binnenlands-bestuur", "justitie", 14),
        ("justitie", "welzijn", 14),
    ]


def test_ego_and_brokerage_and_structure(graph_file):
    code, text, _ = run_cli("ego", "ocad", "--graph", str(graph_file))
    assert code == 0 and text.startswith(
        "Coördinatieorgaan voor de dreigingsanalyse (ocad): 13 partners"
    )
    code, text, _ = run_cli("brokerage", "--format", "json", "--graph", str(graph_file))
    rows = {r["id"]: r for r in json.loads(text)["rows"]}
    assert rows["welzijn-en-samenleving"]["gatekeeper_representative"] == 6
    code, text, _ = run_cli("structure", "--format", "json", "--graph", str(graph_file))
    assert json.loads(text)["articulation_points"] == ["welzijn-en-samenleving"]


def test_communities_and_centrality(graph_file):
    code, text, _ = run_cli("communities", "--graph", str(graph_file))
    assert code == 0 and "modularity" in text.splitlines()[-1]
    code, text, _ = run_cli("centrality", "--format", "csv", "--graph", str(graph_file))
    first = next(csv.DictReader(io.StringIO(text)))
    assert (first["id"], first["degree"], first["weighted_degree"]) == ("abb", "14", "77")


def test_mentions_layer_from_the_command_line(graph_file):
    code, text, _ = run_cli(
        "ego",
        "Kazerne Dossin",
        "--layer",
        "mentions",
        "--format",
        "json",
        "--graph",
        str(graph_file),
    )
    assert code == 0
    # 1.1 names Kazerne Dossin, the Wij-Zij-netwerk and lokale besturen; 2.3 only Dossin
    assert {r["id"] for r in json.loads(text)["neighbours"]} == {
        "wij-zij-netwerk",
        "lokale-besturen",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["centrality", "--actors", "ministers", "--layer", "mentions"], "name organisations only"),
        (["centrality", "--role", "boss"], "use one of lead, partner"),
        (["ego", "nobody"], "no single organisation 'nobody'"),
    ],
)
def test_errors_say_what_to_do(graph_file, args, message):
    code, _, err = run_cli(*args, "--graph", str(graph_file))
    assert code == 2 and message in err
