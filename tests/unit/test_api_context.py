"""The JSON API's answers as JSON-LD: every answer of an action, objective, organisation or
minister post (/api/… and the `.json` of a plan entity) names the JSON API's context
(/api/context.jsonld) in a Link header, and read with that context by a JSON-LD processor from
outside the project (pyld, its document loader off: no network) it states only triples of the
served graph (/download/graph.nt), among them the facts the plan prints.

Expected values come from the plan's text (data/source/actieplan-radicalisering-2020-2024.txt,
lines cited) and the reference data (data/reference/*.toml), via tests/support/plan_values.py
where it has them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pyld import jsonld
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS
from support.plan_values import EXPECTED

AP = "https://w3id.org/actieplan/def#"
DATA = "https://w3id.org/actieplan/id"
PLAN = f"{DATA}/plan/actieplan-radicalisering-2020-2024"
API_CONTEXT_LINK = (
    '</api/context.jsonld>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
)
# The predicates the context maps keys of the entity itself to (ontology/api-context.jsonld).
MAPPED = {
    URIRef(iri)
    for iri in (
        f"{AP}number",
        f"{AP}status",
        f"{AP}coordinatingMinister",
        f"{AP}involvedMinister",
        f"{AP}leadOrganisation",
        f"{AP}partnerOrganisation",
        f"{AP}mentionsOrganisation",
        f"{AP}abbreviation",
        f"{AP}themisMandataris",
        str(DCTERMS.title),
        str(DCTERMS.description),
        str(SKOS.prefLabel),
    )
}
KINDS = ("actions", "objectives", "organisations", "minister-posts")


def no_network(url: str, options: Any = None) -> Any:
    raise AssertionError(f"pyld tried to load {url}: the context is given, nothing to fetch")


@pytest.fixture(scope="module")
def api_context(client) -> dict[str, Any]:
    """The context as served: the bytes of /api/context.jsonld."""
    return json.loads(client.get("/api/context.jsonld").content)


@pytest.fixture(scope="module")
def served(client) -> Graph:
    return Graph().parse(data=client.get("/download/graph.nt").text, format="nt")


def as_rdf(document: Any, api_context: dict[str, Any]) -> Graph:
    """The triples a JSON-LD processor reads in a plain JSON answer with the linked context."""
    options = {
        "documentLoader": no_network,
        "expandContext": api_context,
        "format": "application/n-quads",
    }
    return Graph().parse(data=jsonld.to_rdf(document, options), format="nt")


def entity_paths(client) -> list[str]:
    """/api/{kind}/{key} of every action, objective, organisation and minister post."""
    paths = []
    for kind in KINDS:
        for entry in client.get(f"/api/{kind}").json():
            key = entry.get("id", entry.get("number"))
            paths.append(f"/api/{kind}/{key}")
    return paths


def test_every_entity_states_only_the_graphs_triples(client, api_context, served):
    """No false statement: each triple read from each answer is a triple of the served graph.
    And no key left half-mapped: of the mapped predicates, the answer states every value the
    graph has for the entity."""
    paths = entity_paths(client)
    assert len(paths) > 100  # 50 actions, 8 objectives, the organisations and minister posts
    for path in paths:
        answer = client.get(path)
        document = answer.json()
        triples = as_rdf(document, api_context)
        assert len(triples) > 0, path
        false = [t for t in triples if t not in served]
        assert false == [], (path, false)
        entity = URIRef(document["iri"])
        in_graph = {(p, o) for p, o in served.predicate_objects(entity) if p in MAPPED}
        assert set(triples.predicate_objects(entity)) == in_graph, path


def facts(client, api_context, path: str) -> Graph:
    answer = client.get(path)
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["link"] == API_CONTEXT_LINK
    return as_rdf(answer.json(), api_context)


def test_an_action_gives_its_printed_roles_and_title(client, api_context):
    action = URIRef(f"{PLAN}/action/1.1")
    triples = facts(client, api_context, "/api/actions/1.1")
    coordinating, involved, lead, partners = EXPECTED["1.1"][:4]
    # line 97: "Actie 1.1: Afstemmen en voorzien van een ondersteuningsaanbod rond polarisatie
    # via een overkoepelend netwerk"
    title = (
        "Afstemmen en voorzien van een ondersteuningsaanbod rond polarisatie via een "
        "overkoepelend netwerk"
    )
    assert (action, DCTERMS.title, Literal(title, lang="nl")) in triples
    assert (action, URIRef(f"{AP}number"), Literal("1.1")) in triples
    assert (
        action,
        URIRef(f"{AP}leadOrganisation"),
        URIRef(f"{DATA}/organisation/{lead}"),
    ) in triples
    assert set(triples.objects(action, URIRef(f"{AP}partnerOrganisation"))) == {
        URIRef(f"{DATA}/organisation/{org}") for org in partners
    }
    minister = URIRef(f"{DATA}/minister-post/{coordinating}")
    assert (action, URIRef(f"{AP}coordinatingMinister"), minister) in triples
    assert involved == [] and (action, URIRef(f"{AP}involvedMinister"), None) not in triples
    # the agent's name: "Minister van Binnenlands Bestuur, …" (line 97)
    name = "Minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen"
    assert (minister, SKOS.prefLabel, Literal(name, lang="nl")) in triples
    # slugs, counts, dates of the timing node are no statements about the action
    assert not any(
        isinstance(o, Literal) and o.value in ("abb", "2021-04-01") for o in triples.objects()
    )


def test_an_action_with_nine_ministers(client, api_context):
    """3.12 (line 231): coordinated by Justice, eight ministers involved, no lead organisation."""
    action = URIRef(f"{PLAN}/action/3.12")
    triples = facts(client, api_context, "/api/actions/3.12")
    coordinating, involved, lead = EXPECTED["3.12"][:3]
    title = "Informatie-uitwisseling via de Vlaamse verbindingsofficier."
    assert (action, DCTERMS.title, Literal(title, lang="nl")) in triples
    assert set(triples.objects(action, URIRef(f"{AP}involvedMinister"))) == {
        URIRef(f"{DATA}/minister-post/{post}") for post in involved
    }
    assert len(involved) == 8 and lead is None
    assert (action, URIRef(f"{AP}leadOrganisation"), None) not in triples
    assert (action, URIRef(f"{AP}status"), URIRef(f"{AP}StatusUnknown")) in triples


def test_an_objective_its_number_and_title(client, api_context):
    objective = URIRef(f"{PLAN}/objective/1")
    triples = facts(client, api_context, "/api/objectives/1")
    # line 71: "DOELSTELLING 1: WE VERSTERKEN ONZE SAMENLEVING TEGEN POLARISATIE, …"
    title = "WE VERSTERKEN ONZE SAMENLEVING TEGEN POLARISATIE, ZOWEL ONLINE ALS OFFLINE."
    assert (objective, DCTERMS.title, Literal(title, lang="nl")) in triples
    # the JSON number 1 is the graph's ap:number "1" (a string), not an xsd:integer
    assert set(triples.objects(objective, URIRef(f"{AP}number"))) == {Literal("1")}


def test_an_organisation_its_names(client, api_context):
    """abb in data/reference/organisations.toml: its names and abbreviation; its slug, kind and
    action numbers are no statements."""
    abb = URIRef(f"{DATA}/organisation/abb")
    triples = facts(client, api_context, "/api/organisations/abb")
    assert set(triples) == {
        (abb, SKOS.prefLabel, Literal("Agentschap Binnenlands Bestuur", lang="nl")),
        (abb, SKOS.prefLabel, Literal("Agency for Home Affairs", lang="en")),
        (abb, URIRef(f"{AP}abbreviation"), Literal("ABB")),
    }


def test_a_minister_post_its_labels_and_themis_link(client, api_context):
    """binnenlands-bestuur in data/reference/minister-posts.toml."""
    post = URIRef(f"{DATA}/minister-post/binnenlands-bestuur")
    triples = facts(client, api_context, "/api/minister-posts/binnenlands-bestuur")
    themis = URIRef("http://themis.vlaanderen.be/id/mandataris/5fed907ee6670526694a0710")
    assert (post, URIRef(f"{AP}themisMandataris"), themis) in triples
    label = "Minister van Binnenlands Bestuur, Bestuurszaken, Inburgering en Gelijke Kansen"
    assert (post, SKOS.prefLabel, Literal(label, lang="nl")) in triples
    assert len(triples) == 3  # and the English label


def test_lists_and_json_twins_link_the_api_context(client):
    for kind in KINDS:
        assert client.get(f"/api/{kind}").headers["link"] == API_CONTEXT_LINK
    twins = {
        "/id/plan/actieplan-radicalisering-2020-2024/action/1.1.json": "/api/actions/1.1",
        "/id/plan/actieplan-radicalisering-2020-2024/objective/1.json": "/api/objectives/1",
        "/id/organisation/abb.json": "/api/organisations/abb",
        "/id/minister-post/justitie.json": "/api/minister-posts/justitie",
    }
    for twin, api in twins.items():
        answer = client.get(twin)
        assert answer.headers["content-type"] == "application/json"
        links = answer.headers["link"].split(", <")
        assert API_CONTEXT_LINK[1:] in links  # one context link, the JSON API's
        assert sum("json-ld#context" in link for link in links) == 1
        assert answer.json() == client.get(api).json()
    missing = client.get("/api/actions/9.99")
    assert missing.status_code == 404 and "link" not in missing.headers


def test_the_api_context_is_served_like_the_data_context(client):
    answer = client.get("/api/context.jsonld")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/ld+json"
    assert answer.headers["cache-control"] == "public, max-age=86400"
    assert answer.headers["access-control-allow-origin"] == "*"
    etag = answer.headers["etag"]
    again = client.get("/api/context.jsonld", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert answer.json()["@context"]["iri"] == "@id"


def test_the_openapi_description_names_the_link(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/actions", "/api/actions/{number}", "/api/organisations/{org_id}"):
        link = paths[path]["get"]["responses"]["200"]["headers"]["Link"]
        assert API_CONTEXT_LINK in link["description"]
    assert "headers" not in paths["/api/actions/{number}"]["get"]["responses"]["404"]
