"""The on-disk store of a dataset file (graph/sparql/dataset_index.py): made once, opened after,
made again for a changed file, and a bad file refused with its name and line, leaving no store."""

from __future__ import annotations

import json
import shutil

import pytest
from rdflib import Dataset, Graph
from support.cli_runner import run_cli
from support.paths import REPO, TEST_DATA

from actieplan.graph.analysis import network
from actieplan.graph.core.errors import InputError
from actieplan.graph.sparql.dataset_index import (
    MADE_FROM,
    SUMMARY,
    SUMMARY_FILE,
    file_digest,
    open_index,
    store_folder,
    summary_reads,
)
from actieplan.graph.sparql.library import answer, load_library, shaped, store_terms
from actieplan.graph.sparql.reads import type_read

CROSS_PLAN = TEST_DATA / "cross-plan"
AP = "https://w3id.org/actieplan/def#"
PLAN_IRI = "https://w3id.org/actieplan/id/plan/actieplan-radicalisering-2020-2024"  # the vendored


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("index")
    code, _, stderr = run_cli(
        "build", *map(str, sorted(CROSS_PLAN.glob("*.txt"))), "--out", str(out)
    )
    assert code == 0, stderr
    return out / "dataset.nq"


def test_the_store_holds_the_plans_and_is_made_once(built, tmp_path):
    dataset = shutil.copy(built, tmp_path / "dataset.nq")
    index = open_index(dataset)
    assert index.plan_ids == ("integratie-2022-2025", "lokaal-2023-2026", "veiligheid-2021-2024")
    assert index.digest == file_digest(dataset)
    made = (store_folder(dataset) / MADE_FROM).stat()
    again = open_index(dataset)
    assert (store_folder(dataset) / MADE_FROM).stat().st_ino == made.st_ino  # opened, not made
    assert again.triples == index.triples
    # lokaal-2023-2026's actions are 1.1-1.4 (tests/data/cross-plan/README.md)
    answer = index.store().query(
        "PREFIX ap: <https://w3id.org/actieplan/def#> "
        "SELECT ?n WHERE { ?a a ap:Action ; ap:number ?n } ORDER BY ?n",
        dataset=index.plan_dataset("lokaal-2023-2026"),
    )
    assert [str(row[0]) for row in answer.rows] == ["1.1", "1.2", "1.3", "1.4"]


def test_a_changed_file_gets_a_new_store(built, tmp_path):
    dataset = tmp_path / "dataset.nq"
    lines = built.read_text(encoding="utf-8").splitlines(keepends=True)
    dataset.write_text("".join(lines), encoding="utf-8")
    first = open_index(dataset)
    kept = [line for line in lines if "lokaal-2023-2026" not in line]
    dataset.write_text("".join(kept), encoding="utf-8")
    second = open_index(dataset)
    assert second.digest != first.digest
    assert "lokaal-2023-2026" not in second.plan_ids
    assert second.triples < first.triples


def test_a_malformed_file_is_refused_with_its_line_and_leaves_no_store(built, tmp_path):
    dataset = tmp_path / "dataset.nq"
    lines = built.read_text(encoding="utf-8").splitlines(keepends=True)
    dataset.write_text("".join([*lines[:3], "<https://x.example/s> <not closed\n"]), "utf-8")
    with pytest.raises(InputError) as refused:
        open_index(dataset)
    message = str(refused.value)
    assert str(dataset) in message and "line 4" in message
    assert not store_folder(dataset).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["dataset.nq"]  # no temporary folder left


def test_a_file_without_a_catalogue_is_no_dataset(tmp_path):
    dataset = tmp_path / "dataset.nq"
    dataset.write_text("<https://x.example/s> <https://x.example/p> <https://x.example/o> .\n")
    with pytest.raises(InputError, match="one catalogue graph"):
        open_index(dataset)


@pytest.fixture(scope="module")
def with_vendored(tmp_path_factory):
    """The vendored plan and the three small ones: every question has something to answer."""
    out = tmp_path_factory.mktemp("index-vendored")
    plans = [REPO / "data" / "source" / "actieplan-radicalisering-2020-2024.txt"]
    plans += sorted(CROSS_PLAN.glob("*.txt"))
    code, _, stderr = run_cli("build", *map(str, plans), "--out", str(out))
    assert code == 0, stderr
    return out / "dataset.nq"


def test_the_summary_answers_the_questions_across_plans_as_the_whole_store(with_vendored):
    """Every named question gets the same answer from the summary in memory as from every
    plan's graph on disk (the summary holds what they read); the question across plans gives
    the hand-checked answer (tests/data/cross-plan/README.md)."""
    index = open_index(with_vendored)
    store = index.store(with_summary=True)
    on_summary = [
        q for q in load_library().values() if q.reads is not None and q.reads <= summary_reads()
    ]
    assert len(on_summary) == len(load_library())  # every named question reads what it holds
    for query in on_summary:
        terms = store_terms(index.every_graph_store(), query, {})
        whole = answer(store, query, terms)
        summary = shaped(query, store.query(query.sparql, dataset=SUMMARY, bindings=terms))
        assert summary.rows == whole.rows, query.name  # lists sorted: GROUP_CONCAT's order is free
        assert whole.rows, query.name  # each asks something the three plans answer
    pairs = answer(
        store,
        q := load_library()["organisations-across-plans"],
        store_terms(index.every_graph_store(), q, {"min_plans": "4"}),
    )
    # in all four plans: the README's 4 actions, and 3.1, 3.7, 3.15 (ABB leads, OCAD partners)
    # and 3.8 (both partners) in the vendored plan
    assert [(str(r[1]), str(r[3]), int(r[4]), int(r[6])) for r in pairs.rows] == [
        ("Agentschap Binnenlands Bestuur", "Coördinatieorgaan voor de dreigingsanalyse", 4, 8)
    ]
    # the summary is a part of the store, and only of what the questions read: of the types,
    # only those of the classes a question asks by type
    lines = (store_folder(with_vendored) / SUMMARY_FILE).read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < index.triples * 0.6
    reads = summary_reads()
    for line in lines:
        _, predicate, value = (term.strip("<>") for term in line.split(" ", 3)[:3])
        assert predicate in reads or type_read(value) in reads, line
    assert type_read(AP + "Participation") not in reads
    # a subject at a time (in the order of the lines' bytes): an action's triples together,
    # its number among them
    assert [line.encode() for line in lines] == sorted(line.encode() for line in lines)
    action_31 = f"<{PLAN_IRI}/action/3.1> "
    together = [i for i, line in enumerate(lines) if line.startswith(action_31)]
    assert together == list(range(together[0], together[-1] + 1))
    assert f'{action_31}<{AP}number> "3.1" .' in lines


def test_the_networks_of_every_plan_read_from_the_store_are_those_of_the_whole(with_vendored):
    """The actions' facts read from the store (subject_objects, members) with the reference
    graph give each network and measure of the whole dataset: every graph but the catalogue,
    parsed into one rdflib graph."""
    index = open_index(with_vendored)
    facts = network.ActionFacts.of_plans(index)
    reference = index.read_graph(str(index.iris.reference))
    whole = Graph()
    for graph in Dataset().parse(with_vendored, format="nquads").graphs():
        if graph.identifier != index.iris.catalogue:
            whole += graph
    for actors, layer in (
        ("organisations", "roles"),
        ("organisations", "all"),
        ("ministers", "roles"),
    ):
        ours = network.actor_network(reference, actors, layer, facts=facts)
        theirs = network.actor_network(whole, actors, layer)
        assert network.shared_actions(ours) == network.shared_actions(theirs), (actors, layer)
        assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True)), (actors, layer)
        assert network.centrality(ours) == network.centrality(theirs), (actors, layer)
    two_mode = network.two_mode_network(reference, facts=facts)
    assert two_mode.nodes == network.two_mode_network(whole).nodes
    assert dict(two_mode.nodes(data="name")) == dict(
        network.two_mode_network(whole).nodes(data="name")
    )
    abb_ocad = network.actor_network(reference, facts=facts).edges["abb", "ocad"]
    assert abb_ocad["shared_actions"] == 8  # 4 in the vendored plan, 4 in the small ones


def test_a_store_made_by_an_older_version_is_made_again(built, tmp_path):
    """A store whose marker lacks this version's layout or summary (made before the summary
    existed) is made again, with the summary and the VoID figures."""
    dataset = shutil.copy(built, tmp_path / "dataset.nq")
    index = open_index(dataset)
    marker = store_folder(dataset) / MADE_FROM
    old = json.loads(marker.read_text(encoding="utf-8"))
    for key in ("layout", "summary", "figures"):
        del old[key]
    marker.write_text(json.dumps(old), encoding="utf-8")
    (store_folder(dataset) / SUMMARY_FILE).unlink()
    again = open_index(dataset)
    assert (store_folder(dataset) / SUMMARY_FILE).is_file()
    assert again.figures == index.figures
    # the three plans' 10 actions, and a triple count equal to every data graph's quads
    assert again.figures["classes"]["https://w3id.org/actieplan/def#Action"] == 10
    catalogue = sum(
        1 for line in built.read_text(encoding="utf-8").splitlines() if "graph/catalogue>" in line
    )
    assert again.figures["triples"] == again.triples - catalogue
