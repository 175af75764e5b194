"""Many plans in one dataset (issue 22 point 1): `actieplan build FOLDER --out DIR` builds the
vendored plan and two generated plans (tools/plan_generator.py, fixed seeds, names of the
shipped reference data only) into dataset.trig / dataset.nq / actions.csv.

Asked for the vendored plan alone (`--plan`), the dataset read back from dataset.trig gives
what the single-plan build gives: the same triples, the same answer to every named query (with
its default parameters) and the same value of every network measure. The expected values are
the single-plan build's (the `built` fixture), computed apart from the dataset; the catalogue's
facts are checked against the files themselves (hashlib over their bytes, their first lines).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF
from support.cli_runner import run_cli

from actieplan.graph.analysis import network
from actieplan.graph.core.errors import InputError
from actieplan.graph.core.lookup import NameLookup
from actieplan.graph.core.reference import load_reference
from actieplan.graph.core.resources import default_source
from actieplan.graph.core.vocab import AP, DCAT, SD, DatasetIris
from actieplan.graph.rdf.dataset import PlanDataset
from actieplan.graph.rdf.loading import read_dataset_file, read_dataset_union
from actieplan.graph.sparql.library import load_library, run_query
from actieplan.graph.sparql.store import open_dataset_store, open_store
from actieplan.tools.plan_generator import SHIPPED_NAME_FORMS, generate_plan

BASE = "https://w3id.org/actieplan/id/"  # the `built` fixture's base IRI
VENDORED = "actieplan-radicalisering-2020-2024"  # the stem of data/source's plan file
GENERATED = {"plan-001": 101, "plan-002": 102}  # plan id: seed
GENERATED_ACTIONS = 20
ENGINES = ("oxigraph", "rdflib")


@pytest.fixture(scope="module")
def plans_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("plans")
    shutil.copy(default_source(), folder / default_source().name)
    reference = load_reference()
    for name, seed in GENERATED.items():
        plan = generate_plan(seed, GENERATED_ACTIONS, SHIPPED_NAME_FORMS, reference, name)
        (folder / f"{name}.txt").write_text(plan.text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built_dataset(plans_folder, tmp_path_factory) -> tuple[Path, str]:
    """The dataset's folder, and what the build printed."""
    out = tmp_path_factory.mktemp("dataset") / "out"
    code, stdout, stderr = run_cli(
        "build", str(plans_folder), "--out", str(out), "--base-iri", BASE
    )
    assert code == 0, stderr
    assert "plans:          3" in stdout
    return out, stdout


@pytest.fixture(scope="module")
def out(built_dataset) -> Path:
    return built_dataset[0]


@pytest.fixture(scope="module")
def dataset(out) -> PlanDataset:
    return read_dataset_file(out / "dataset.trig")


@pytest.fixture(scope="module")
def vendored(dataset) -> Graph:
    return dataset.plan(VENDORED)


def test_a_folder_gives_the_three_dataset_files(out):
    assert sorted(path.name for path in out.iterdir()) == [
        "actions.csv",
        "dataset.nq",
        "dataset.trig",
    ]


def test_plans_named_one_by_one_give_a_dataset_of_those_plans(plans_folder, tmp_path):
    plans = [plans_folder / "plan-002.txt", plans_folder / "plan-001.txt"]
    code, _, stderr = run_cli("build", *map(str, plans), "--out", str(tmp_path / "out"))
    assert code == 0, stderr
    assert read_dataset_file(tmp_path / "out" / "dataset.trig").plan_ids == ["plan-001", "plan-002"]


def test_the_files_are_the_same_for_any_number_of_workers(plans_folder, tmp_path):
    """Plans built in this process (--workers 1) and in two (--workers 2) give the same bytes:
    the plans are written in plan id order whichever process built them."""
    for workers in ("1", "2"):
        out = tmp_path / workers
        code, _, stderr = run_cli(
            "build", str(plans_folder), "--out", str(out), "--base-iri", BASE, "--workers", workers
        )
        assert code == 0, stderr
    for name in ("dataset.trig", "dataset.nq", "actions.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_workers_under_one_is_an_error(plans_folder, tmp_path):
    code, _, stderr = run_cli("build", str(plans_folder), "--out", str(tmp_path), "--workers", "0")
    assert code == 2
    assert "--workers: expected a whole number of 1 or more, not '0'" in stderr


def test_each_plans_summary_is_that_of_its_single_plan_build(built_dataset, built):
    """The vendored plan's part of the printout is what `actieplan build` of it alone prints:
    5728 triples, the reference entities among them (it warns of nothing, so no file name)."""
    _, stdout = built_dataset
    alone = "".join(f"  {line}\n" for line in built.summary().splitlines())
    assert "triples:        5728 (5023 stated, 647 entailed" in alone
    assert f"{VENDORED}:\n{alone}" in stdout


def test_the_plan_ids_are_the_file_stems(dataset):
    assert dataset.plan_ids == sorted([VENDORED, *GENERATED])


def test_trig_and_nquads_hold_the_same_dataset(out, dataset):
    from_nquads = read_dataset_file(out / "dataset.nq")
    assert from_nquads.plan_ids == dataset.plan_ids
    assert set(from_nquads.union()) == set(dataset.union())
    assert set(from_nquads.catalogue) == set(dataset.catalogue)


def test_all_plans_read_in_one_graph_are_the_union(out, dataset):
    assert set(read_dataset_union(out / "dataset.trig")) == set(dataset.union())


def test_reading_one_plan_keeps_only_its_graph(out, dataset):
    one = read_dataset_file(out / "dataset.nq", "plan-001")
    assert sorted(one.plans) == ["plan-001"]
    assert one.plan_ids == dataset.plan_ids  # the catalogue still lists every plan
    assert set(one.plan("plan-001")) == set(dataset.plan("plan-001"))


@pytest.mark.parametrize(
    "text, message",
    [
        ("<a> <b> .\n", "bad.nq:1 [syntax]: not valid nquads"),
        ("<http://x/s> <http://x/p> <http://x/o> <http://x/g> .\n", "graph/catalogue, not one"),
    ],
)
def test_a_file_that_is_no_dataset_of_plans_is_an_error_naming_it(tmp_path, text, message):
    bad = tmp_path / "bad.nq"
    bad.write_text(text, encoding="utf-8")
    for read in (read_dataset_file, read_dataset_union):
        with pytest.raises(InputError) as raised:
            read(bad)
        assert message in str(raised.value)


def test_one_plan_of_the_dataset_is_its_single_plan_build(vendored, built):
    assert set(vendored) == set(built.graph)


def test_the_reference_entities_are_in_no_plan_graph(dataset):
    # data/reference/organisations.toml: OCAD's abbreviation; the vendored plan names OCAD
    ocad = (URIRef(f"{BASE}organisation/ocad"), AP.abbreviation, Literal("OCAD"))
    assert ocad in dataset.reference
    assert all(ocad not in dataset.plan_graph(plan_id) for plan_id in dataset.plan_ids)


def test_an_unknown_plan_id_lists_the_known_ones(dataset):
    with pytest.raises(InputError) as raised:
        dataset.plan("plan-999")
    assert "plan-999" in str(raised.value)
    assert all(plan_id in str(raised.value) for plan_id in dataset.plan_ids)


# --- the catalogue -------------------------------------------------------------------------


def test_the_catalogue_names_each_plans_graph_and_source(dataset, plans_folder):
    iris = DatasetIris(BASE)
    catalogue = dataset.catalogue
    for plan_id in dataset.plan_ids:
        graph, plan = iris.plan(plan_id), URIRef(f"{BASE}plan/{plan_id}")
        assert (graph, SD.name, graph) in catalogue
        assert catalogue.value(graph, FOAF.primaryTopic) == plan
        source = catalogue.value(plan, DCTERMS.source)
        file = next(plans_folder.glob(f"{plan_id}.txt"))
        assert catalogue.value(source, AP.fileName) == Literal(file.name)
        sha256 = hashlib.sha256(file.read_bytes()).hexdigest()
        assert catalogue.value(source, AP.sha256) == Literal(sha256)


def _period(catalogue: Graph, plan_id: str) -> tuple[str, str]:
    period = catalogue.value(URIRef(f"{BASE}plan/{plan_id}"), DCTERMS.temporal)
    return str(catalogue.value(period, DCAT.startDate)), str(catalogue.value(period, DCAT.endDate))


def test_the_catalogue_has_the_title_and_period_each_plan_states(dataset, plans_folder):
    catalogue = dataset.catalogue
    # The vendored plan: its title on line 3, "2020-2024" under it and in its file name.
    vendored = URIRef(f"{BASE}plan/{VENDORED}")
    assert str(catalogue.value(vendored, DCTERMS.title)) == (
        "Actieplan ter preventie van gewelddadige radicalisering, extremisme, terrorisme en "
        "polarisatie"
    )
    assert _period(catalogue, VENDORED) == ("2020-01-01", "2024-12-31")
    # A generated plan's first line is its title, ending in its years: "Actieplan X 2022-2026".
    for plan_id in GENERATED:
        title = (plans_folder / f"{plan_id}.txt").read_text(encoding="utf-8").splitlines()[0]
        first, last = title.rsplit(" ", 1)[1].split("-")
        assert str(catalogue.value(URIRef(f"{BASE}plan/{plan_id}"), DCTERMS.title)) == title
        assert _period(catalogue, plan_id) == (f"{first}-01-01", f"{last}-12-31")


# --- the vendored plan's answers are those of its single-plan build ------------------------


@pytest.fixture(scope="module")
def stores(vendored, built):
    return open_store(vendored, "oxigraph"), open_store(built.graph, "oxigraph")


@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_named_query_answers_as_in_the_single_plan_build(stores, name):
    in_dataset, alone = (run_query(store, name)[1] for store in stores)
    assert in_dataset.variables == alone.variables
    assert in_dataset.rows == alone.rows


def measures(rdf: Graph) -> dict[str, Any]:
    """Every measure of graph/analysis/network.py (brokerage.py through network.brokerage) for
    every kind of actor, layer and role of the layer, as plain data."""
    names = NameLookup.of_graph(rdf)
    found: dict[str, Any] = {}
    for actors in network.ACTORS:
        all_layer = network.actor_network(rdf, actors, "all")
        for layer, roles in network.LAYERS.items():
            for role in (None, *roles.get(actors, ())) if actors in roles else ():
                found |= _measures_of(rdf, actors, layer, role, names, all_layer)
    return found


def _measures_of(
    rdf: Graph, actors: str, layer: str, role: str | None, names: NameLookup, all_layer: Any
) -> dict[str, Any]:
    graph = network.actor_network(rdf, actors, layer, role)
    key = f"{actors}/{layer}/{role}"
    found: dict[str, Any] = {
        f"{key}/shared": network.shared_actions(graph),
        f"{key}/structure": network.structure(graph),
        f"{key}/ego": [network.ego(graph, actor, names, all_layer) for actor in sorted(graph)],
    }
    for weight in network.WEIGHTS:
        found[f"{key}/centrality/{weight}"] = network.centrality(graph, weight)
        found[f"{key}/communities/{weight}"] = network.community_rows(graph, weight)
        groups = network.communities(graph, weight)
        found[f"{key}/modularity/{weight}"] = network.modularity(graph, groups, weight)
        found[f"{key}/nodes/{weight}"] = sorted(
            network.with_measures(graph, weight).nodes(data=True)
        )
    for by in network.GROUPINGS:
        for no_domain in network.NO_DOMAIN:
            found[f"{key}/brokerage/{by}/{no_domain}"] = network.brokerage(graph, by, no_domain)
    two_mode = network.two_mode_network(rdf, actors, layer, role)
    found[f"{key}/two-mode"] = (
        sorted(two_mode.nodes(data=True), key=str),
        sorted(two_mode.edges(data=True), key=str),
    )
    return found


def test_every_network_measure_is_as_in_the_single_plan_build(vendored, built):
    in_dataset, alone = measures(vendored), measures(built.graph)
    assert sorted(in_dataset) == sorted(alone)
    for key, value in alone.items():
        assert in_dataset[key] == value, key
    assert len(alone["organisations/roles/None/shared"]) > 10  # a real network, not two empty ones


def test_every_network_measure_of_all_plans_reads_only_the_network_part(out):
    """The CLI reads of all plans only network.NETWORK_TRIPLES, from a store loaded from the
    dataset file: every measure on that part is the measure on the whole union."""
    part = Graph()
    for triple in open_dataset_store(out / "dataset.nq").query(network.NETWORK_TRIPLES).triples:
        part.add(triple)
    whole = read_dataset_union(out / "dataset.nq")
    assert len(part) < len(whole) / 2  # a part, not the whole again
    in_part, in_whole = measures(part), measures(whole)
    assert sorted(in_part) == sorted(in_whole)
    for key, value in in_whole.items():
        assert in_part[key] == value, key


@pytest.fixture(scope="module")
def all_plans_stores(out):
    """All plans: a store loaded from the dataset file, and one of their rdflib union."""
    union = read_dataset_union(out / "dataset.trig")
    return open_dataset_store(out / "dataset.trig"), open_store(union, "oxigraph")


@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_named_query_of_all_plans_answers_as_on_the_union(all_plans_stores, name):
    """A store loaded from the dataset file (open_dataset_store) answers as a store of the
    rdflib union of all plans: the same rows in the same order (every query's ORDER BY is total
    across plans too: two plans' actions 3.2 in the order of their IRIs, that is of their
    plans)."""
    native, union = (run_query(store, name)[1] for store in all_plans_stores)
    assert native.variables == union.variables
    assert native.rows == union.rows
    assert native.rows  # every named query has an answer on these three plans


@pytest.mark.parametrize("name", sorted(load_library()))
def test_every_named_query_of_all_plans_answers_in_one_order_on_both_engines(out, name):
    """rdflib and Oxigraph order the rows of all plans alike: no two rows tie on a whole ORDER
    BY (each ends on the row's IRI), so neither engine's order of evaluation shows through."""
    union = read_dataset_union(out / "dataset.trig")
    oxigraph, rdflib = (run_query(open_store(union, engine), name)[1] for engine in ENGINES)
    assert rdflib.variables == oxigraph.variables
    assert rdflib.rows == oxigraph.rows


# --- actions.csv ---------------------------------------------------------------------------


def test_actions_csv_has_a_plan_column_first(out, built):
    lines = (out / "actions.csv").read_text(encoding="utf-8").splitlines()
    alone = built.files["actions.csv"].splitlines()
    assert lines[0] == "plan," + alone[0]
    by_plan: dict[str, list[str]] = {}
    for line in lines[1:]:
        plan_id, rest = line.split(",", 1)
        by_plan.setdefault(plan_id, []).append(rest)
    assert sorted(by_plan) == sorted([VENDORED, *GENERATED])
    assert by_plan[VENDORED] == alone[1:]  # the single build's rows, in its order
    assert all(len(by_plan[plan_id]) == GENERATED_ACTIONS for plan_id in GENERATED)


# --- errors: nothing is written ------------------------------------------------------------


def test_two_plans_with_one_id_are_an_error_naming_both_files(plans_folder, tmp_path):
    other = tmp_path / "Plan_001.txt"  # slug "plan-001", as plans_folder/plan-001.txt
    shutil.copy(plans_folder / "plan-001.txt", other)
    out = tmp_path / "out"
    code, _, stderr = run_cli(
        "build", str(plans_folder / "plan-001.txt"), str(other), "--out", str(out)
    )
    assert code == 2
    assert str(other) in stderr and str(plans_folder / "plan-001.txt") in stderr
    assert "plan-001" in stderr
    assert not out.exists()


def test_a_bad_plan_is_an_error_naming_its_file_and_nothing_is_written(plans_folder, tmp_path):
    bad = tmp_path / "bad.txt"
    text = (plans_folder / "plan-002.txt").read_text(encoding="utf-8")
    # the first action's minister becomes a post the reference data does not know
    bad.write_text(text.replace("Minister van ", "Minister van Nergens en ", 1), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "dataset.trig").write_text("previous\n", encoding="utf-8")
    code, stdout, stderr = run_cli(
        "build", str(plans_folder / "plan-001.txt"), str(bad), "--out", str(out)
    )
    assert code == 2 and stdout == ""
    assert f"{bad}:" in stderr and "Nergens" in stderr
    assert sorted(path.name for path in out.iterdir()) == ["dataset.trig"]
    assert (out / "dataset.trig").read_text(encoding="utf-8") == "previous\n"


# --- reading a dataset from the command line -----------------------------------------------


def test_plan_scopes_a_query_to_one_plan(out, built, tmp_path):
    single = tmp_path / "graph.ttl"
    single.write_text(built.files["graph.ttl"], encoding="utf-8")
    query = ("query", "actions-without-end-date", "--format", "csv")
    code, from_dataset, stderr = run_cli(
        *query, "--graph", str(out / "dataset.trig"), "--plan", VENDORED
    )
    assert code == 0, stderr
    assert from_dataset == run_cli(*query, "--graph", str(single))[1]
    # Without --plan: every plan's actions, the vendored plan's among them.
    code, across, _ = run_cli(*query, "--graph", str(out / "dataset.nq"))
    assert code == 0 and len(across.splitlines()) > len(from_dataset.splitlines())


@pytest.mark.parametrize(
    "options, message",
    [
        (("--plan", VENDORED), "--plan picks a plan of a dataset"),
        (("--graph", "GRAPH", "--plan", VENDORED), "holds one plan"),
        (("--graph", "DATASET", "--plan", "plan-999"), "its plans: actieplan-radicalisering"),
        (("--store", "http://127.0.0.1:9/query", "--plan", VENDORED), "--graph-iri"),
    ],
)
def test_plan_outside_a_dataset_is_an_error_that_says_why(out, built, tmp_path, options, message):
    single = tmp_path / "graph.ttl"
    single.write_text(built.files["graph.ttl"], encoding="utf-8")
    files = {"GRAPH": str(single), "DATASET": str(out / "dataset.trig")}
    code, _, stderr = run_cli("query", "budget", *(files.get(o, o) for o in options))
    assert code == 2
    assert message in stderr


# --- serve: one plan of a dataset ----------------------------------------------------------


def test_serve_refuses_options_of_one_plan_with_every_plan_of_a_dataset(out):
    code, _, stderr = run_cli(
        "serve", "--graph", str(out / "dataset.trig"), "--engine", "rdflib", "--progress", str(out)
    )
    assert code == 2
    assert "--progress, --engine rdflib serve one plan" in stderr
    assert "add --plan ID" in stderr


def test_the_service_serves_one_plan_of_a_dataset(out, monkeypatch):
    from actieplan.api.plumbing.settings import SETTINGS_ENV, Settings
    from actieplan.api.readmodel.service import ServiceData

    settings = Settings(graph_file=str(out / "dataset.nq"), plan="plan-002", query_workers=1)
    # the worker processes read the settings back from the environment
    monkeypatch.setenv(SETTINGS_ENV, settings.to_env())
    assert Settings.from_env().plan == "plan-002"
    data = ServiceData.load(settings)
    plans = set(data.graph.subjects(RDF.type, AP.ActionPlan))
    assert plans == {URIRef(f"{BASE}plan/plan-002")}
    assert len(list(data.graph.subjects(RDF.type, AP.Action))) == GENERATED_ACTIONS
    assert "(plan plan-002)" in settings.describe()


# --- across plans: a small example checked by hand -----------------------------------------

MINISTER = "Minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen"
REGULAR = "Binnen de reguliere middelen"


def tiny_plan(title: str, trekker: str) -> str:
    """A plan of one objective and two actions; `trekker` is action 1.1's Trekker cell, AgII
    leads 1.2 alone."""
    return "\n".join(
        [
            title,
            "",
            "Actie\tCoördinerend minister\tTrekker\tTiming\tBudget",
            "",
            "DOELSTELLING 1: SAMENWERKEN",
            "",
            f"Actie 1.1: Samen iets doen\t{MINISTER}\t{trekker}\t2021-2022\t{REGULAR}",
            "Een beschrijving van de actie.",
            "",
            f"Actie 1.2: Iets anders doen\t{MINISTER}\tAgII\t2022\t{REGULAR}",
            "Nog een beschrijving.",
            "",
        ]
    )


@pytest.fixture(scope="module")
def two_tiny_plans(tmp_path_factory) -> PlanDataset:
    """plan-a: ABB leads 1.1 with OCAD; plan-b: ABB leads 1.1 with OCAD and VDAB."""
    folder = tmp_path_factory.mktemp("tiny")
    (folder / "plan-a.txt").write_text(tiny_plan("Actieplan A 2021-2025", "ABB, OCAD"), "utf-8")
    (folder / "plan-b.txt").write_text(
        tiny_plan("Actieplan B 2021-2025", "ABB, OCAD, VDAB"), "utf-8"
    )
    out = folder / "out"
    code, _, stderr = run_cli("build", str(folder), "--out", str(out))
    assert code == 0, stderr
    return read_dataset_file(out / "dataset.nq")


def test_across_plans_each_plans_action_counts(two_tiny_plans):
    # ABB and OCAD share action 1.1 of each plan: two actions, in two plans; VDAB only
    # plan-b's 1.1, with both.
    rows = network.shared_actions(network.actor_network(two_tiny_plans.union()))
    pairs = {(r["source"], r["target"]): (r["shared_actions"], r["actions"]) for r in rows}
    assert pairs == {
        ("abb", "ocad"): (2, ["plan-a 1.1", "plan-b 1.1"]),
        ("abb", "vdab"): (1, ["plan-b 1.1"]),
        ("ocad", "vdab"): (1, ["plan-b 1.1"]),
    }
    # one plan: its own action numbers, as a single build has them
    rows = network.shared_actions(network.actor_network(two_tiny_plans.plan("plan-a")))
    assert [(r["source"], r["target"], r["actions"]) for r in rows] == [("abb", "ocad", ["1.1"])]


def test_across_plans_the_organisations_that_work_together_in_more_than_one_plan(
    two_tiny_plans,
):
    store = open_store(two_tiny_plans.union(), "oxigraph")
    answer = store.query(
        """PREFIX ap: <https://w3id.org/actieplan/def#>
        PREFIX pplan: <http://purl.org/net/p-plan#>
        SELECT ?a ?b (COUNT(DISTINCT ?plan) AS ?plans) WHERE {
          ?action pplan:isStepOfPlan ?plan ;
                  ap:leadOrganisation|ap:partnerOrganisation ?a, ?b .
          FILTER(STR(?a) < STR(?b))
        } GROUP BY ?a ?b HAVING (COUNT(DISTINCT ?plan) > 1)"""
    )
    assert [
        (str(a).rsplit("/", 1)[1], str(b).rsplit("/", 1)[1], int(n)) for a, b, n in answer.rows
    ] == [("abb", "ocad", 2)]
    _, shared = run_query(store, "shared-actions-organisations")
    counts = {
        (
            str(r["organisation_a"]).rsplit("/", 1)[1],
            str(r["organisation_b"]).rsplit("/", 1)[1],
        ): int(r["shared_actions"])
        for r in shared.records()
    }
    assert counts == {("abb", "ocad"): 2, ("abb", "vdab"): 1, ("ocad", "vdab"): 1}


def test_across_plans_the_completeness_report_names_each_plans_actions(two_tiny_plans):
    from actieplan.graph.validation.report import validate_graph

    across = validate_graph(two_tiny_plans.union())
    assert [row.number for row in across.actions] == [
        "plan-a 1.1",
        "plan-a 1.2",
        "plan-b 1.1",
        "plan-b 1.2",
    ]
    alone = validate_graph(two_tiny_plans.plan("plan-b"))
    assert [row.number for row in alone.actions] == ["1.1", "1.2"]
