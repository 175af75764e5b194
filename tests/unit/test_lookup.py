"""The one name lookup (graph/core/lookup.py) behind every CLI option and API parameter that
takes an organisation or a minister post, and the network rules a user chooses (issue 12
item 4): ties kept by --top, brokerage groups for actors without a policy domain, and what every
network answer says it was computed on.

Expected spellings are read from data/reference/*.toml with tomllib, not from the code: every
organisation and minister post by id, abbreviation, Dutch and English name, every alias and
variant, and the same in capitals and without accents. Network counts are brute-forced from the
graph's triples in plain Python, or hand-worked on a small network written below.
"""

from __future__ import annotations

import json
import tomllib
import unicodedata
from itertools import combinations
from urllib.parse import quote

import networkx as nx
import pytest
from support.cli_runner import run_cli
from support.paths import REPO

from actieplan.cli import network as network_command
from actieplan.cli import query as query_command
from actieplan.graph.analysis import network
from actieplan.graph.core.lookup import NameLookup, UnknownName
from actieplan.graph.core.vocab import AP
from actieplan.graph.sparql.library import entity_index
from actieplan.graph.sparql.store import open_store

REFERENCE = REPO / "data" / "reference"


def _without_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _spellings(*texts: str) -> set[str]:
    given = {t for t in texts if t}
    return given | {t.upper() for t in given} | {_without_accents(t) for t in given}


def _organisation_spellings() -> list[tuple[str, str]]:
    entries = tomllib.loads((REFERENCE / "organisations.toml").read_text("utf-8"))
    return sorted(
        (entry["id"], spelling)
        for entry in entries["organisation"]
        for spelling in _spellings(
            entry["id"],
            entry["abbreviation"],
            entry["name_nl"],
            entry["name_en"],
            *entry.get("aliases", []),
        )
    )


def _minister_spellings() -> list[tuple[str, str]]:
    entries = tomllib.loads((REFERENCE / "minister-posts.toml").read_text("utf-8"))
    return sorted(
        (entry["id"], spelling)
        for entry in entries["minister_post"]
        for spelling in _spellings(
            entry["id"],
            entry["name_nl"],
            entry["name_en"],
            f"Minister van {entry['name_nl']}",
            *entry.get("variants", []),
            *(f"Minister van {v}" for v in entry.get("variants", [])),
        )
    )


ORGANISATIONS = _organisation_spellings()
MINISTERS = _minister_spellings()


def test_the_reference_data_gives_many_spellings():
    # 48 organisations (when written) and 9 minister posts in data/reference/*.toml
    assert len({i for i, _ in ORGANISATIONS}) >= 40 and len(ORGANISATIONS) > 200
    assert len({i for i, _ in MINISTERS}) == 9


@pytest.fixture(scope="module")
def names(plan_graph) -> NameLookup:
    return NameLookup.of_graph(plan_graph)


@pytest.fixture(scope="module")
def store(plan_graph):
    return open_store(plan_graph, "oxigraph")


@pytest.fixture
def cli(plan_graph, store, monkeypatch):
    """The command line on the session's plan graph (not parsed again for every call)."""
    monkeypatch.setattr(network_command, "graph_from_args", lambda args, part=None: plan_graph)
    monkeypatch.setattr(query_command, "store_from_args", lambda args: store)
    return run_cli


# The lookup itself, on an rdflib graph and on a SPARQL store -------------------------------


def test_every_organisation_spelling_finds_its_organisation(names, store):
    index = entity_index(store)
    for org_id, spelling in ORGANISATIONS:
        assert names.find_id("organisation", spelling) == org_id, spelling
        assert index.find_id("organisation", spelling) == org_id, spelling


def test_every_minister_spelling_finds_its_post(names, store):
    index = entity_index(store)
    for post_id, spelling in MINISTERS:
        assert names.find_id("minister", spelling) == post_id, spelling
        assert index.find_id("minister", spelling) == post_id, spelling


def test_an_unknown_name_says_what_was_meant(names):
    with pytest.raises(UnknownName, match=r"no single organisation 'Ocda'; did you mean ocad\?"):
        names.find("organisation", "Ocda")
    # "justitie" is in the names of FOD Justitie and of the Justitiehuizen: no guess
    with pytest.raises(UnknownName, match="did you mean fod-justitie, justitiehuizen"):
        names.find("organisation", "justitie")
    with pytest.raises(UnknownName, match="no single minister post '-'"):
        names.find("minister", "-")


# Every face: CLI options and API parameters ---------------------------------------------------


def _in_all_layer(plan_graph) -> set[str]:
    """Organisations with any role in any action (lead, partner, named): brute force."""
    return {
        str(actor).rsplit("/", 1)[-1]
        for role in (AP.leadOrganisation, AP.partnerOrganisation, AP.mentionsOrganisation)
        for actor in plan_graph.objects(None, role)
    }


def test_network_ego_takes_every_organisation_spelling(cli, plan_graph):
    active = _in_all_layer(plan_graph)
    for org_id, spelling in ORGANISATIONS:
        code, out, err = cli("network", "ego", spelling, "--layer", "all", "--format", "json")
        if org_id in active:
            assert code == 0 and json.loads(out)["centre"]["id"] == org_id, (spelling, err)
        else:  # found, but in no action: the message names it
            assert code == 2 and f"error: {org_id} takes part in no action" in err, spelling


def test_network_ego_takes_every_minister_spelling(cli):
    for post_id, spelling in MINISTERS:
        code, out, err = cli(
            "network", "ego", spelling, "--actors", "ministers", "--format", "json"
        )
        assert code == 0 and json.loads(out)["centre"]["id"] == post_id, (spelling, err)


def test_query_parameters_take_every_spelling(cli):
    cases = [
        ("organisation-profile", "organisation", ORGANISATIONS[::3]),  # a SPARQL run each
        ("minister-profile", "minister", MINISTERS),
    ]
    for question, parameter, spellings in cases:
        by_id: dict[str, str] = {}
        for entity_id, spelling in spellings:
            if entity_id not in by_id:
                by_id[entity_id] = cli("query", question, "-p", f"{parameter}={entity_id}")[1]
            code, out, err = cli("query", question, "-p", f"{parameter}={spelling}")
            assert code == 0 and out == by_id[entity_id], (spelling, err)


def test_api_parameters_take_every_organisation_spelling(client, plan_graph):
    active = _in_all_layer(plan_graph)
    by_id = {
        org_id: client.get("/api/actions", params={"organisation": org_id}).json()
        for org_id, _ in ORGANISATIONS
    }
    for org_id, spelling in ORGANISATIONS:
        found = client.get("/api/actions", params={"organisation": spelling})
        assert found.status_code == 200 and found.json() == by_id[org_id], spelling
        ego = client.get(f"/api/network/ego/{quote(spelling, safe='')}", params={"layer": "all"})
        if org_id in active:
            assert ego.json()["centre"]["id"] == org_id, spelling
        else:
            assert ego.status_code == 404 and ego.json()["detail"].startswith(org_id), spelling
    for org_id, spelling in ORGANISATIONS[::3]:
        answer = client.get(
            "/api/questions/organisation-profile", params={"organisation": spelling}
        )
        assert answer.json()["parameters"] == {"organisation": org_id}, spelling


def test_api_parameters_take_every_minister_spelling(client):
    for post_id, spelling in MINISTERS:
        found = client.get("/api/actions", params={"minister": spelling})
        expected = client.get("/api/actions", params={"minister": post_id}).json()
        assert found.status_code == 200 and found.json() == expected and expected, spelling
        ego = client.get(
            f"/api/network/ego/{quote(spelling, safe='')}", params={"actors": "ministers"}
        )
        assert ego.json()["centre"]["id"] == post_id, spelling
        answer = client.get("/api/questions/minister-profile", params={"minister": spelling})
        assert answer.json()["parameters"] == {"minister": post_id}, spelling


def test_an_unknown_name_gives_the_same_message_everywhere(cli, client, names):
    for kind, text in (("organisation", "Ocda"), ("minister", "Onderwjs Sport")):
        with pytest.raises(UnknownName) as caught:
            names.find(kind, text)
        message = str(caught.value)
        assert "did you mean" in message
        actors = "organisations" if kind == "organisation" else "ministers"
        question = "organisation-profile" if kind == "organisation" else "minister-profile"
        code, _, err = cli("network", "ego", text, "--actors", actors)
        assert code == 2 and message in err
        code, _, err = cli("query", question, "-p", f"{kind}={text}")
        assert code == 2 and message in err
        answers = [
            (client.get("/api/actions", params={kind: text}), 400),
            (client.get(f"/api/network/ego/{text}", params={"actors": actors}), 404),
            (client.get(f"/api/questions/{question}", params={kind: text}), 400),
        ]
        for response, status in answers:
            assert response.status_code == status and message in response.json()["detail"]


# --top keeps ties -----------------------------------------------------------------------------


def _pair_counts(plan_graph) -> dict[tuple[str, str], int]:
    """Shared actions of every pair of organisations in the Trekker column (lead or partner),
    counted from the triples."""
    members: dict[object, set[str]] = {}
    for role in (AP.leadOrganisation, AP.partnerOrganisation):
        for action, org in plan_graph.subject_objects(role):
            members.setdefault(action, set()).add(str(org).rsplit("/", 1)[-1])
    counts: dict[tuple[str, str], int] = {}
    for group in members.values():
        for pair in combinations(sorted(group), 2):
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def test_top_keeps_the_pairs_tied_with_the_last(plan_graph, cli, client):
    counts = sorted(_pair_counts(plan_graph).values(), reverse=True)
    # ABB-AgII 13, ABB-Justitiehuizen 12, then four pairs with 8 (ABB-OV, AgII-OV,
    # AgII-Justitiehuizen, OV-Justitiehuizen: 3.1, 3.2, 3.7, 3.8, 3.15, 3.16, 5.1, 8.5), then 7
    assert counts[:7] == [13, 12, 8, 8, 8, 8, 7]
    expected = {
        ("abb", "agii"),
        ("abb", "justitiehuizen"),
        ("abb", "departement-ov"),
        ("agii", "departement-ov"),
        ("agii", "justitiehuizen"),
        ("departement-ov", "justitiehuizen"),
    }
    assert {pair for pair, n in _pair_counts(plan_graph).items() if n >= 8} == expected
    for top in (3, 4, 5, 6):
        rows = network.shared_actions(network.actor_network(plan_graph), top)
        assert {(r["source"], r["target"]) for r in rows} == expected, top
    code, out, _ = cli("network", "shared-actions", "--top", "5", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 1 + 6
    answer = client.get("/api/network/shared-actions", params={"top": 5}).json()
    assert {(r["source"], r["target"]) for r in answer["rows"]} == expected
    assert len(client.get("/api/network/shared-actions", params={"top": 2}).json()["rows"]) == 2


# Brokerage of actors without a policy domain -------------------------------------------------


def _small_network() -> nx.Graph:
    """a, b: domain X; c: domain Y; d, e, h: no domain. Ties: b-a, b-c, b-d, b-e, d-h, e-h."""
    graph = nx.Graph()
    for node, domain in {"a": "X", "b": "X", "c": "Y", "d": "", "e": "", "h": ""}.items():
        graph.add_node(node, name=node, policy_domain=domain)
    graph.add_edges_from([("b", "a"), ("b", "c"), ("b", "d"), ("b", "e"), ("d", "h"), ("e", "h")])
    return graph


def _roles(rows):
    return {
        r["id"]: (r["coordinator"], r["gatekeeper_representative"], r["itinerant"], r["liaison"])
        for r in rows
    }


def test_brokerage_no_domain_by_hand():
    # (coordinator, gatekeeper_representative, itinerant, liaison), worked by hand:
    # b's open pairs: a-c (X,X,Y), a-d, a-e (X,X,none), c-d, c-e (Y,X,none), d-e (none,X,none);
    # d's: b-h (X,none,none); e's: b-h; h's: d-e (none,none,none); a and c broker nothing.
    separate = _roles(network.brokerage(_small_network(), no_domain="separate"))
    # separate: each of d, e, h its own group: a-d and a-e gatekeeper (a = b), c-d, c-e and
    # d-e liaison; d, e, h: all three groups differ, liaison
    assert separate == {
        "a": (0, 0, 0, 0),
        "b": (0, 3, 0, 3),
        "c": (0, 0, 0, 0),
        "d": (0, 0, 0, 1),
        "e": (0, 0, 0, 1),
        "h": (0, 0, 0, 1),
    }
    # one-group: d-e for b becomes itinerant (both ends "none"); d's and e's b-h is
    # gatekeeper (broker and h "none"); h's d-e is coordinator (all "none")
    one_group = _roles(network.brokerage(_small_network(), no_domain="one-group"))
    assert one_group == {
        "a": (0, 0, 0, 0),
        "b": (0, 3, 1, 2),
        "c": (0, 0, 0, 0),
        "d": (0, 1, 0, 0),
        "e": (0, 1, 0, 0),
        "h": (1, 0, 0, 0),
    }
    # left-out: only a-c of b counts; d, e and h have no row
    left_out = _roles(network.brokerage(_small_network(), no_domain="left-out"))
    assert left_out == {"a": (0, 0, 0, 0), "b": (0, 1, 0, 0), "c": (0, 0, 0, 0)}


def _brute_force_abb(plan_graph, no_domain: str) -> tuple[int, int]:
    """ABB's (itinerant, liaison) across policy domains, from the pair counts and the TOML."""
    entries = tomllib.loads((REFERENCE / "organisations.toml").read_text("utf-8"))
    domain = {e["id"]: e["policy_domain"] for e in entries["organisation"]}
    ties = set(_pair_counts(plan_graph))
    partners = sorted({b for a, b in ties if a == "abb"} | {a for a, b in ties if b == "abb"})

    def group(org: str) -> str:
        if domain[org]:
            return domain[org]
        return "none" if no_domain == "one-group" else "own:" + org

    itinerant = liaison = 0
    for a, c in combinations(partners, 2):
        if tuple(sorted((a, c))) in ties:
            continue
        if group(a) == group(c) != group("abb"):
            itinerant += 1
        elif len({group(a), group("abb"), group(c)}) == 3:
            liaison += 1
    return itinerant, liaison


def test_brokerage_of_abb_by_rule(plan_graph, cli, client):
    # issue 12: ABB is 3 itinerant / 14 liaison with separate groups, 7 / 10 with one group
    assert _brute_force_abb(plan_graph, "separate") == (3, 14)
    assert _brute_force_abb(plan_graph, "one-group") == (7, 10)
    organisations = network.actor_network(plan_graph)
    for rule, expected in (("separate", (3, 14)), ("one-group", (7, 10))):
        abb = next(r for r in network.brokerage(organisations, no_domain=rule) if r["id"] == "abb")
        assert (abb["itinerant"], abb["liaison"]) == expected
        answer = client.get("/api/network/brokerage", params={"no_domain": rule}).json()
        assert answer["no_domain"] == rule
        abb = next(r for r in answer["rows"] if r["id"] == "abb")
        assert (abb["itinerant"], abb["liaison"]) == expected
        code, out, _ = cli("network", "brokerage", "--no-domain", rule, "--format", "csv")
        abb_line = next(line for line in out.splitlines() if line.startswith("abb,"))
        assert abb_line.split(",")[-3:-1] == [str(n) for n in expected]
    left_out = {r["id"] for r in network.brokerage(organisations, no_domain="left-out")}
    assert {"ocad", "fod-justitie", "vgc", "lokale-besturen", "vclp", "vvsg"} & left_out == set()
    assert "abb" in left_out
    # the default is "separate"
    default = client.get("/api/network/brokerage").json()
    assert default["no_domain"] == "separate"


# What every answer says it was computed on ----------------------------------------------------


def test_every_answer_names_layer_roles_and_weight(cli, client):
    for measure in ("shared-actions", "centrality", "communities", "brokerage", "structure"):
        code, out, _ = cli("network", measure, "--layer", "all", "--weight", "newman")
        assert code == 0 and out.startswith(
            "# organisations, layer all (roles: lead, partner, mention), weight "
        ), measure
        answer = client.get(f"/api/network/{measure}", params={"layer": "all"}).json()
        assert answer["network"]["layer"] == "all", measure
        assert answer["network"]["roles"] == ["lead", "partner", "mention"], measure
    weighted = client.get("/api/network/centrality", params={"weight": "jaccard"}).json()
    assert weighted["network"]["weight"] == "jaccard"
    one_role = client.get("/api/network/structure", params={"role": "lead"}).json()
    assert one_role["network"]["roles"] == ["lead"]


def test_an_ego_network_empty_on_its_layer_says_so(plan_graph, cli, client):
    # VVSG leads 5.2 alone (source line 344), so it has no partner in the Trekker column;
    # with the descriptions' mentions its partners are everyone it shares an action with.
    roles = (AP.leadOrganisation, AP.partnerOrganisation, AP.mentionsOrganisation)
    members: dict[object, set[str]] = {}
    for role in roles:
        for action, org in plan_graph.subject_objects(role):
            members.setdefault(action, set()).add(str(org).rsplit("/", 1)[-1])
    partners = {o for group in members.values() if "vvsg" in group for o in group} - {"vvsg"}
    assert len(partners) == 18
    code, out, _ = cli("network", "ego", "VVSG")
    assert code == 0 and "0 partners" in out and "but 18 on layer 'all'" in out
    answer = client.get("/api/network/ego/VVSG").json()
    assert answer["neighbours"] == [] and "but 18 on layer 'all'" in answer["note"]
    everything = client.get("/api/network/ego/VVSG", params={"layer": "all"}).json()
    assert {n["id"] for n in everything["neighbours"]} == partners
    assert everything["note"] == ""
