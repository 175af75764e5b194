"""Dereferenceable IRIs (api/routes/resources.py, api/readmodel/linked_data.py) and the ontology
at /def (api/pages/vocabulary.py), over HTTP against the session's server (`site`).

The expected triples come from the `plan_graph` fixture (the plan built in this process): a
resource's document must parse to exactly the triples the graph has with that IRI as subject
(the graph has no blank nodes, so that is its whole concise bounded description), those with
it as object and an IRI as subject (not rdf:type), and two more: the resource is part of the
dataset (`void:inDataset https://w3id.org/actieplan/dataset`) under the data's licence
(`dcterms:license`, the dataset's). The served graph is the same plan with the same base IRI:
PLAN_TRIPLES (tests/support/served_graph.py).
"""

from __future__ import annotations

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF
from support.plan_values import EXPECTED
from support.served_graph import PLAN_TRIPLES

from actieplan.graph.core.resources import ontology_file

BASE = "https://w3id.org/actieplan/id/"
PLAN = "plan/actieplan-radicalisering-2020-2024"
# One IRI of each kind the graph has (every type of its data IRIs: test_every_type_is_covered).
KINDS = {
    "plan": PLAN,
    "source": f"{PLAN}/source",
    "objective": f"{PLAN}/objective/3",
    "objective derivation": f"{PLAN}/objective/8/derivation",
    "action": f"{PLAN}/action/3.12",
    "action derivation": f"{PLAN}/action/3.2/derivation",
    "minister participation": f"{PLAN}/action/3.12/participation/minister-1",
    "organisation participation": f"{PLAN}/action/1.1/participation/organisation-1",
    "timing": f"{PLAN}/action/3.12/timing",
    "timing start": f"{PLAN}/action/3.12/timing/start",
    "timing end": f"{PLAN}/action/4.1/timing/end",
    "phase": f"{PLAN}/action/4.3/timing/phase/1",
    "phase end": f"{PLAN}/action/4.3/timing/phase/2/end",
    "budget": f"{PLAN}/action/4.3/budget",
    "budget amount": f"{PLAN}/action/4.3/budget/amount/2",
    "co-funding share": f"{PLAN}/action/1.7/budget/co-funding/2",
    "organisation": "organisation/abb",
    "minister post": "minister-post/justitie",
    "policy domain": "policy-domain/kbbj",
    "government level": "government-level/flemish",
    "organisation kind": "organisation-kind/agency",
    "concept scheme": "concept-scheme/organisation-kinds",
}
DATASET = URIRef("https://w3id.org/actieplan/dataset")
VOID = Namespace("http://rdfs.org/ns/void#")
# The data's licence as the dataset description states it (api/readmodel/dataset_description.py)
LICENCE = URIRef("https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0")
# suffix -> (media type, rdflib parser)
RDF_FORMATS = {
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}
ALL_TYPES = {
    "html": "text/html",
    **{suffix: media for suffix, (media, _) in RDF_FORMATS.items()},
    "json": "application/json",
}


def links_of(response: httpx.Response) -> dict[str, tuple[str, str | None]]:
    """The Link header as {target: (rel, type)}."""
    found = {}
    for part in response.headers.get("link", "").split(","):
        target = re.search(r"<([^>]*)>", part)
        rel = re.search(r'rel="([^"]*)"', part)
        kind = re.search(r'type="([^"]*)"', part)
        assert target and rel, part
        found[target.group(1)] = (rel.group(1), kind.group(1) if kind else None)
    return found


def described(plan_graph: Graph, iri: str) -> set:
    node = URIRef(iri)
    links_in = {
        (s, p, o)
        for s, p, o in plan_graph.triples((None, None, node))
        if isinstance(s, URIRef) and p != RDF.type
    }
    publisher = {(node, VOID.inDataset, DATASET), (node, DCTERMS.license, LICENCE)}
    return set(plan_graph.triples((node, None, None))) | links_in | publisher


def parsed(response: httpx.Response, parser: str) -> set:
    graph = Graph()
    graph.parse(data=response.content, format=parser)
    return set(graph)


def test_the_served_graph_is_the_fixture_plan(site, plan_graph):
    assert httpx.get(site.url("/health")).json()["triples"] == len(plan_graph) == PLAN_TRIPLES


def test_every_type_is_covered(plan_graph):
    """Every class the graph's data IRIs are instances of has an IRI in KINDS; and every IRI of
    KINDS is in the graph."""
    types = {t for s, t in plan_graph.subject_objects(RDF.type) if str(s).startswith(BASE)}
    covered = {
        t for path in KINDS.values() for t in plan_graph.objects(URIRef(BASE + path), RDF.type)
    }
    assert types - covered == set()
    for path in KINDS.values():
        assert (URIRef(BASE + path), None, None) in plan_graph, path


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("suffix", RDF_FORMATS)
def test_rdf_by_accept_and_by_suffix(site, plan_graph, kind, suffix):
    path = "/id/" + KINDS[kind]
    media, parser = RDF_FORMATS[suffix]
    expected = described(plan_graph, BASE + KINDS[kind])
    assert expected
    by_accept = httpx.get(site.url(path), headers={"Accept": media})
    by_suffix = httpx.get(site.url(f"{path}.{suffix}"))
    for response in (by_accept, by_suffix):
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media
        assert response.headers["content-location"] == f"{path}.{suffix}"
        assert parsed(response, parser) == expected  # the real IRIs, every triple, no other
        links = links_of(response)
        assert links[BASE + KINDS[kind]] == ("canonical", None)
        for other, other_media in ALL_TYPES.items():
            if other != suffix:
                assert links[f"{path}.{other}"] == ("alternate", other_media)
        assert f"{path}.{suffix}" not in links
    assert by_accept.headers["vary"] == "Accept"
    assert "vary" not in by_suffix.headers  # a suffix names one document: nothing negotiated
    assert by_accept.content == by_suffix.content


@pytest.mark.parametrize("kind", KINDS)
def test_html_by_accept_and_by_suffix(site, kind):
    path = "/id/" + KINDS[kind]
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for response in (
        httpx.get(site.url(path), headers={"Accept": browser_accept}),
        httpx.get(site.url(path)),  # no preference: the page
        httpx.get(site.url(path + ".html")),
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        assert response.headers["content-location"] == path + ".html"
        assert links_of(response)[path + ".ttl"] == ("alternate", "text/turtle")
        # every page varies by Accept (api/pages/web.py)
        assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize(
    ("path", "api"),
    [
        (f"{PLAN}/action/3.12", "/api/actions/3.12"),
        (f"{PLAN}/objective/3", "/api/objectives/3"),
        ("organisation/abb", "/api/organisations/abb"),
        ("minister-post/justitie", "/api/minister-posts/justitie"),
    ],
)
def test_json_of_a_typed_entity_is_the_api_model(site, path, api):
    by_suffix = httpx.get(site.url(f"/id/{path}.json"))
    by_accept = httpx.get(site.url(f"/id/{path}"), headers={"Accept": "application/json"})
    expected = httpx.get(site.url(api)).json()
    for response in (by_suffix, by_accept):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert response.headers["content-location"] == f"/id/{path}.json"
        assert response.json() == expected
    assert by_accept.headers["vary"] == "Accept"


def test_action_3_12_json_says_it_has_no_lead(site):
    action = httpx.get(site.url(f"/id/{PLAN}/action/3.12.json")).json()
    assert action["number"] == "3.12" and action["lead"] is None
    assert action["iri"] == BASE + PLAN + "/action/3.12"


def test_json_of_another_resource_is_json_ld(site, plan_graph):
    path = "/id/policy-domain/kbbj"
    response = httpx.get(site.url(path + ".json"))
    assert response.headers["content-type"] == "application/json"
    graph = Graph().parse(data=response.content, format="json-ld")
    assert set(graph) == described(plan_graph, BASE + "policy-domain/kbbj")


def test_head_answers_the_headers_without_a_body(site):
    path = f"/id/{PLAN}/action/3.12"
    head = httpx.head(site.url(path), headers={"Accept": "text/turtle"})
    get = httpx.get(site.url(path), headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b""
    for name in ("content-type", "content-location", "link", "vary", "content-length"):
        assert head.headers[name] == get.headers[name], name
    assert httpx.head(site.url(path + ".nt")).headers["content-type"] == "application/n-triples"


def test_nothing_acceptable_is_406_listing_the_offer(site):
    response = httpx.get(site.url("/id/organisation/abb"), headers={"Accept": "image/png"})
    assert response.status_code == 406
    for media in ALL_TYPES.values():
        assert media in response.json()["detail"]
    assert httpx.get(site.url("/def"), headers={"Accept": "image/png"}).status_code == 406


def test_q_values_choose_the_format(site):
    response = httpx.get(
        site.url("/id/organisation/abb"),
        headers={"Accept": "text/html;q=0.5, application/n-triples;q=0.9, text/turtle;q=0.8"},
    )
    assert response.headers["content-type"] == "application/n-triples"


def test_a_suffix_is_taken_off_only_when_the_rest_is_an_iri(site, plan_graph):
    """Action ids hold dots: 3.12 is not "3" + ".12"; 3.12.ttl is 3.12 in Turtle, 3.1.ttl is
    3.1; a suffix nobody serves, or a stem that is no IRI, is a 404."""
    action = f"/id/{PLAN}/action/"
    for number in ("3.12", "3.1"):
        response = httpx.get(site.url(f"{action}{number}.ttl"))
        assert parsed(response, "turtle") == described(plan_graph, f"{BASE}{PLAN}/action/{number}")
    assert httpx.get(site.url(f"{action}3.12")).headers["content-location"].endswith("3.12.html")
    assert httpx.get(site.url(f"{action}3.12.xyz")).status_code == 404
    assert httpx.get(site.url(f"{action}9.99.ttl")).status_code == 404


def test_unknown_iri_is_a_404_that_names_it(site):
    path = "/id/organisation/nobody"
    page = httpx.get(site.url(path), headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert BASE + "organisation/nobody" in page.text and path in page.text
    assert 'href="/search?q=nobody"' in page.text
    answer = httpx.get(site.url(path))
    assert answer.status_code == 404
    assert answer.json() == {
        "detail": f"no resource {BASE}organisation/nobody on this server (path {path})"
    }
    plain = httpx.get(site.url(path), headers={"Accept": "text/turtle"})
    assert plain.status_code == 404 and plain.headers["content-type"].startswith("text/plain")
    assert BASE + "organisation/nobody" in plain.text


def test_any_unknown_path_is_the_html_404_for_browsers_and_json_for_api_clients(site):
    page = httpx.get(site.url("/no/such/page"), headers={"Accept": "text/html"})
    assert page.status_code == 404 and "/no/such/page" in page.text
    assert "https://w3id.org/actieplan/no/such/page" in page.text
    assert httpx.get(site.url("/no/such/page")).json() == {"detail": "Not Found"}
    api = httpx.get(site.url("/api/actions/9.99"))
    assert api.status_code == 404 and api.json()["detail"].startswith("no action '9.99'")
    api_in_browser = httpx.get(site.url("/api/actions/9.99"), headers={"Accept": "text/html"})
    assert api_in_browser.status_code == 404 and "no action &#39;9.99&#39;" in api_in_browser.text


@pytest.mark.parametrize("path", ["organisation-kind/agency", "organisation/abb"])
def test_the_editor_query_returns_exactly_the_description(site, plan_graph, path):
    """The resource page's "open in the SPARQL editor" link (the generic page and a typed one)
    holds a CONSTRUCT that the endpoint answers with exactly the resource's document."""
    page = httpx.get(site.url(f"/id/{path}"), headers={"Accept": "text/html"})
    href = re.search(r'href="(/sparql\?edit=[^"]*)"', page.text)
    assert href, "no editor link"
    query = parse_qs(urlsplit(unescape(href.group(1))).query)["edit"][0]
    assert query.startswith("CONSTRUCT")
    answer = httpx.get(site.sparql, params={"query": query}, headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    assert parsed(answer, "turtle") == described(plan_graph, BASE + path)
    turtle = httpx.get(site.url(f"/id/{path}.ttl"))
    assert parsed(answer, "turtle") == parsed(turtle, "turtle")


def test_links_lead_both_ways(site):
    """The plan's document lists its 8 objectives (dcterms:hasPart) and 50 actions (their
    p-plan:isStepOfPlan); objective 3's its 16 actions; ABB's the actions it leads. The
    actions and leads as read by hand (support/plan_values.py)."""
    plan = URIRef(BASE + PLAN)
    document = Graph().parse(data=httpx.get(site.url(f"/id/{PLAN}.ttl")).content, format="turtle")
    objectives = set(document.objects(plan, DCTERMS.hasPart))
    assert objectives == {URIRef(f"{BASE}{PLAN}/objective/{n}") for n in range(1, 9)}
    step_of = URIRef("http://purl.org/net/p-plan#isStepOfPlan")
    assert len(set(document.subjects(step_of, plan))) == len(EXPECTED)
    objective = f"{PLAN}/objective/3"
    document = Graph().parse(
        data=httpx.get(site.url(f"/id/{objective}.ttl")).content, format="turtle"
    )
    parts = set(document.objects(URIRef(BASE + objective), DCTERMS.hasPart))
    assert parts == {URIRef(f"{BASE}{PLAN}/action/{n}") for n in EXPECTED if n.startswith("3.")}
    abb = URIRef(BASE + "organisation/abb")
    document = Graph().parse(
        data=httpx.get(site.url("/id/organisation/abb.ttl")).content, format="turtle"
    )
    lead = URIRef("https://w3id.org/actieplan/def#leadOrganisation")
    led = {str(s).rsplit("/", 1)[-1] for s in document.subjects(lead, abb)}
    assert led == {n for n, row in EXPECTED.items() if row[2] == "abb"}


def test_every_document_names_the_dataset_and_the_licence_the_dataset_states(site):
    dataset = Graph().parse(data=httpx.get(site.url("/dataset.ttl")).content, format="turtle")
    assert dataset.value(DATASET, DCTERMS.license) == LICENCE
    for path in KINDS.values():
        iri = URIRef(BASE + path)
        document = Graph().parse(data=httpx.get(site.url(f"/id/{path}.nt")).content, format="nt")
        assert document.value(iri, DCTERMS.license) == LICENCE, path
        assert (iri, VOID.inDataset, DATASET) in document, path


# --- the ontology at /def ---------------------------------------------------------------------


def ontology_graph() -> Graph:
    return Graph().parse(ontology_file(), format="turtle")


@pytest.mark.parametrize("suffix", RDF_FORMATS)
def test_the_ontology_in_every_format(site, suffix):
    media, parser = RDF_FORMATS[suffix]
    by_accept = httpx.get(site.url("/def"), headers={"Accept": media})
    by_suffix = httpx.get(site.url(f"/def.{suffix}"))
    for response in (by_accept, by_suffix):
        assert response.status_code == 200
        assert response.headers["content-type"].split(";")[0] == media
        assert response.headers["content-location"] == f"/def.{suffix}"
        served = Graph().parse(data=response.content, format=parser)
        assert isomorphic(served, ontology_graph())  # one blank node: the creator
        links = links_of(response)
        assert links["https://w3id.org/actieplan/def"] == ("canonical", None)
        assert links["/def.html"] == ("alternate", "text/html")
    assert by_accept.headers["vary"] == "Accept"


def test_the_ontology_turtle_is_the_file(site):
    assert httpx.get(site.url("/def.ttl")).content == ontology_file().read_bytes()


def test_the_ontology_page_by_accept(site):
    page = httpx.get(site.url("/def"), headers={"Accept": "text/html"})
    assert page.headers["content-location"] == "/def.html" and page.headers["vary"] == "Accept"
    assert 'id="Action"' in page.text and 'id="leadOrganisation"' in page.text
    document = httpx.get(site.url("/def.html"))
    assert document.status_code == 200 and 'id="Action"' in document.text
    assert httpx.get(site.url("/def.xyz")).status_code == 404
    head = httpx.head(site.url("/def.jsonld"))
    assert head.status_code == 200 and head.content == b""
    assert json.loads(httpx.get(site.url("/def.jsonld")).content)
