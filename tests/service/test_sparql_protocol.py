"""The SPARQL 1.1 Protocol on /sparql, over HTTP against a real `actieplan serve` process.

The first part follows the W3C protocol tests one by one (w3c/rdf-tests,
sparql/sparql11/protocol/manifest.ttl; the test names are theirs): the same request line,
headers and body, sent to our /sparql instead of their /sparql/. The W3C dataset tests read
http://kasei.us/2009/09/sparql/data/data1.rdf etc.; this server never fetches anything, so it
serves stand-ins written for these tests (tests/data/protocol/dataN.ttl) under those names.

The update tests (update_*, bad_update_*) expect 2xx from an updatable store; a read-only
endpoint must refuse them instead (403 for a well-formed update, 4xx for a bad one) and the
data must be the same afterwards, which each test checks with the W3C's own follow-up query
and a count of every graph.

The second part checks what the protocol leaves to the service: content negotiation (each
format parsed back, values from the plan), the service description, ETag / 304 and 406.
SPARQLWrapper, the usual Python client, is used next to httpx.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import httpx
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF
from SPARQLWrapper import GET, JSON, JSONLD, POST, POSTDIRECTLY, RDFXML, TURTLE, XML, SPARQLWrapper
from support.paths import TEST_DATA
from support.served_graph import PLAN_TRIPLES
from support.server import RunningServer, running_server

DATA = TEST_DATA / "protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/"
AP = Namespace("https://w3id.org/actieplan/def#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
ACTION = Namespace("https://w3id.org/actieplan/id/plan/actieplan-radicalisering-2020-2024/action/")
ABB = URIRef("https://w3id.org/actieplan/id/organisation/abb")
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
# The vendored plan's graph: PLAN_TRIPLES (tests/support/served_graph.py says how it decomposes).
# Its history: 4833, + 83 from issue 12 item 5 (5 organisations (41 triples), 3 levels and
# 3 kinds (6 each) added to the reference data, and the 6 ap:mentionsOrganisation they give):
# 4916; issue 19 added the concept schemes, the data's date, the Themis link of the Flemish
# Government, the ontology's super-types and super-properties and dcterms:hasPart: 5728.


@pytest.fixture(scope="module")
def server():
    """The vendored plan (built at start-up) plus the W3C test graphs as named graphs."""
    named = [f"--named-graph={KASEI}data{n}.rdf={DATA / f'data{n}.ttl'}" for n in (1, 2, 3)]
    with running_server(*named) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: RunningServer):
    with httpx.Client(base_url=server.base, timeout=30.0) as http:
        yield http


def graph_sizes(client: httpx.Client) -> dict[str, int]:
    """Triples in the default graph ("") and in each named graph, counted afresh: a unique
    comment makes the query new to the answer cache."""
    query = f"""# count {uuid.uuid4()}
        SELECT ?g (COUNT(*) AS ?n) WHERE {{
          {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }}
        }} GROUP BY ?g"""
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return {
        row.get("g", {}).get("value", ""): int(row["n"]["value"])
        for row in response.json()["results"]["bindings"]
    }


@pytest.fixture(scope="module")
def sizes_at_start(client: httpx.Client) -> dict[str, int]:
    return graph_sizes(client)


def test_server_holds_plan_and_test_graphs(sizes_at_start):
    assert sizes_at_start == {
        "": PLAN_TRIPLES,
        f"{KASEI}data1.rdf": 2,
        f"{KASEI}data2.rdf": 2,
        f"{KASEI}data3.rdf": 2,
    }


def boolean_of(response: httpx.Response) -> bool:
    """The boolean of an ASK answer in SPARQL results JSON or XML."""
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return response.json()["boolean"]
    assert media == "application/sparql-results+xml", media
    text = ET.fromstring(response.content).find(f"{RESULTS_NS}boolean").text
    return {"true": True, "false": False}[text]


# --- the W3C protocol tests: queries -------------------------------------------------------


@dataclass(frozen=True)
class ProtocolCase:
    """One request of the W3C manifest: method, URL query string as written there (already
    percent-encoded), Content-Type, body, and what must come back."""

    name: str
    method: str
    url_query: str = ""
    content_type: str | None = None
    body: bytes = b""
    status: int = 200
    boolean: bool | None = None  # the ASK answer, when the test expects one
    media_types: tuple[str, ...] = ()  # acceptable result media types, when it says so


def data(n: int) -> str:
    return f"{KASEI}data{n}.rdf"


def encoded(n: int) -> str:
    return f"http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata{n}.rdf"


BOOLEAN_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
TABULAR_TYPES = (*BOOLEAN_TYPES, "text/csv", "text/tab-separated-values")
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")
ASK_TWO_DEFAULT = f"ASK {{ <{data(1)}> a ?type . <{data(2)}> a ?type . }}"
ASK_TWO_NAMED = f"ASK {{ GRAPH ?g1 {{ <{data(1)}> a ?type }} GRAPH ?g2 {{ <{data(2)}> a ?type }} }}"
ASK_FULL = f"""ASK {{
  <{data(3)}> a ?type
  GRAPH ?g1 {{ <{data(1)}> a ?type }}
  GRAPH ?g2 {{ <{data(2)}> a ?type }}
}}"""
ASK_FROM_DATA3 = (
    f"ASK FROM <{data(3)}> {{ GRAPH ?g1 {{ <{data(1)}> a ?type }} "
    f"GRAPH ?g2 {{ <{data(2)}> a ?type }} }}"
)

QUERY_CASES = [
    ProtocolCase(
        "query_get", "GET", f"query=ASK%20%7B%7D&default-graph-uri={encoded(0)}", boolean=True
    ),
    ProtocolCase(
        "query_post_form",
        "POST",
        f"default-graph-uri={encoded(0)}",
        FORM,
        b"query=ASK%20%7B%7D",
        boolean=True,
    ),
    ProtocolCase("query_post_direct", "POST", "", DIRECT, b"ASK {}", boolean=True),
    ProtocolCase(
        "query_dataset_default_graphs_get",
        "GET",
        "query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
        "data1.rdf%3E%20a%20%3Ftype%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2F"
        "sparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20%7D"
        f"&default-graph-uri={encoded(1)}&default-graph-uri={encoded(2)}",
        boolean=True,
    ),
    ProtocolCase(
        "query_dataset_default_graphs_post",
        "POST",
        f"default-graph-uri={encoded(1)}&default-graph-uri={encoded(2)}",
        DIRECT,
        ASK_TWO_DEFAULT.encode(),
        boolean=True,
    ),
    ProtocolCase(
        "query_dataset_named_graphs_post",
        "POST",
        f"named-graph-uri={encoded(1)}&named-graph-uri={encoded(2)}",
        DIRECT,
        ASK_TWO_NAMED.encode(),
        boolean=True,
    ),
    ProtocolCase(
        "query_dataset_named_graphs_get",
        "GET",
        "query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09"
        "%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20"
        "%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20"
        "%3Ftype%20%7D%20%7D"
        f"&named-graph-uri={encoded(1)}&named-graph-uri={encoded(2)}",
        boolean=True,
    ),
    ProtocolCase(
        "query_dataset_full",
        "POST",
        f"default-graph-uri={encoded(3)}&named-graph-uri={encoded(1)}&named-graph-uri={encoded(2)}",
        DIRECT,
        ASK_FULL.encode(),
        boolean=True,
    ),
    # The manifest percent-encodes the '&' between the two named-graph-uri parameters (one
    # parameter holding both IRIs), an erratum: sent as the two parameters it means. The
    # protocol's dataset replaces the query's FROM, so both GRAPH patterns match.
    ProtocolCase(
        "query_multiple_dataset",
        "POST",
        f"named-graph-uri={encoded(1)}&named-graph-uri={encoded(2)}",
        DIRECT,
        ASK_FROM_DATA3.encode(),
        boolean=True,
    ),
    ProtocolCase(
        "query_content_type_select",
        "POST",
        f"default-graph-uri={encoded(0)}",
        DIRECT,
        b"SELECT (1 AS ?value) {}",
        media_types=TABULAR_TYPES,
    ),
    ProtocolCase(
        "query_content_type_ask",
        "POST",
        f"default-graph-uri={encoded(0)}",
        DIRECT,
        b"ASK {}",
        media_types=BOOLEAN_TYPES,
    ),
    ProtocolCase(
        "query_content_type_describe",
        "POST",
        f"default-graph-uri={encoded(0)}",
        DIRECT,
        b"DESCRIBE <http://example.org/>",
        media_types=RDF_TYPES,
    ),
    ProtocolCase(
        "query_content_type_construct",
        "POST",
        f"default-graph-uri={encoded(0)}",
        DIRECT,
        b"CONSTRUCT { <s> <p> 1 } WHERE {}",
        media_types=RDF_TYPES,
    ),
    # The bad ones: the manifest asks for any 4xx; these are the codes this server gives.
    ProtocolCase(
        "bad_query_method",
        "PUT",
        f"query=ASK%20%7B%7D&default-graph-uri={encoded(0)}",
        FORM,
        status=405,
    ),
    ProtocolCase(
        "bad_multiple_queries", "GET", "query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", status=400
    ),
    ProtocolCase("bad_query_wrong_media_type", "POST", "", "text/plain", b"ASK {}", status=415),
    ProtocolCase(
        "bad_query_missing_form_type", "POST", "", None, b"query=ASK%20%7B%7D", status=400
    ),
    ProtocolCase("bad_query_missing_direct_type", "POST", "", None, b"ASK {}", status=400),
    ProtocolCase(
        "bad_query_non_utf8",
        "POST",
        "",
        f"{DIRECT}; charset=UTF-16",
        "ASK {}".encode("utf-16"),
        status=400,
    ),
    ProtocolCase("bad_query_syntax", "GET", "query=ASK%20%7B", status=400),
]


def send(client: httpx.Client, case: ProtocolCase) -> httpx.Response:
    url = "/sparql" + (f"?{case.url_query}" if case.url_query else "")
    # httpx adds no Content-Type of its own to raw content: the bad_*_missing_* tests send none.
    headers = {"content-type": case.content_type} if case.content_type else {}
    return client.request(case.method, url, content=case.body, headers=headers)


@pytest.mark.parametrize("case", QUERY_CASES, ids=[c.name for c in QUERY_CASES])
def test_w3c_protocol_query(client, case: ProtocolCase):
    response = send(client, case)
    assert response.status_code == case.status, response.text
    if case.status != 200:
        assert response.text.strip(), "an error says what is wrong"
        return
    media = response.headers["content-type"].split(";")[0]
    if case.media_types:
        assert media in case.media_types
    if case.boolean is not None:
        assert boolean_of(response) is case.boolean


@pytest.fixture(scope="module")
def rdflib_client():
    """The same protocol on the other engine (`--engine rdflib`), on the W3C graphs only."""
    named = [f"--named-graph={KASEI}data{n}.rdf={DATA / f'data{n}.ttl'}" for n in (1, 2, 3)]
    with (
        running_server(
            "--engine", "rdflib", "--graph", str(DATA / "data1.ttl"), "--query-workers", "1", *named
        ) as running,
        httpx.Client(base_url=running.base, timeout=30.0) as http,
    ):
        yield http


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in QUERY_CASES])
def test_w3c_protocol_query_on_rdflib(rdflib_client, case: ProtocolCase):
    test_w3c_protocol_query(rdflib_client, case)


def test_protocol_dataset_decides_not_the_query(client):
    """Without the protocol's named graphs, the same query runs on FROM <data3> alone and
    finds no named graphs: the W3C query_multiple_dataset answer really comes from them."""
    response = client.post("/sparql", content=ASK_FROM_DATA3, headers={"content-type": DIRECT})
    assert response.status_code == 200
    assert boolean_of(response) is False


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", ["", "data1.rdf", "http://example.org/a b"])
def test_graph_parameter_must_be_an_absolute_iri(client, parameter, value):
    response = client.get("/sparql", params={"query": "ASK {}", parameter: value})
    assert response.status_code == 400, response.text
    assert response.text.startswith(f"{parameter} {value!r} is not an absolute IRI")


def test_default_graph_is_the_plan(client):
    """Without a protocol dataset the default graph is the plan, not the merge of all graphs."""
    response = client.get("/sparql", params={"query": f"ASK {{ <{data(1)}> a ?type }}"})
    assert boolean_of(response) is False
    response = client.get(
        "/sparql", params={"query": f"ASK {{ <{ACTION['1.1']}> <{AP.leadOrganisation}> <{ABB}> }}"}
    )
    assert boolean_of(response) is True


def test_relative_iris_resolve_against_the_endpoint(client):
    """query_content_type_construct's `<s> <p> 1`: the service's base is the endpoint's
    published IRI (never the request's Host)."""
    response = client.post(
        "/sparql",
        content="CONSTRUCT { <s> <p> 1 } WHERE {}",
        headers={"content-type": DIRECT, "accept": "application/n-triples"},
    )
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.text, format="nt")
    site = "https://w3id.org/actieplan/"
    assert set(graph) == {(URIRef(site + "s"), URIRef(site + "p"), Literal(1))}


def test_syntax_error_names_the_line_of_the_query_sent(client):
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE {\n  ?x ?y\n}"})
    assert response.status_code == 400
    assert response.text.startswith("Query syntax error: error at 3:")


# --- the W3C protocol tests: updates, refused ----------------------------------------------


@dataclass(frozen=True)
class UpdateCase:
    name: str
    request: ProtocolCase
    check_query: str | None = None  # the W3C follow-up query: finds what the update made


def update_case(
    name: str,
    url_query: str,
    body: str,
    check_query: str | None = None,
    content_type: str = UPDATE,
    status: int = 403,
) -> UpdateCase:
    return UpdateCase(
        name,
        ProtocolCase(name, "POST", url_query, content_type, body.encode("utf-8"), status=status),
        check_query,
    )


def _insert_all_documents(graph: str, where: str) -> str:
    return f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {{
    GRAPH <{data(1)}> {{ <{data(1)}> a foaf:Document }}
    GRAPH <{data(2)}> {{ <{data(2)}> a foaf:Document }}
    GRAPH <{data(3)}> {{ <{data(3)}> a foaf:Document }}
}} ;
INSERT {{
    GRAPH <{graph}> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{ {where} }}"""


def _ask_two_resources(graph: str) -> str:
    resource = "<http://purl.org/dc/terms/BibliographicResource>"
    return f"""ASK {{
    GRAPH <{graph}> {{ <{data(1)}> a {resource} . <{data(2)}> a {resource} . }}
    FILTER NOT EXISTS {{ GRAPH <{graph}> {{ <{data(3)}> a {resource} . }} }}
}}"""


UPDATE_CASES = [
    update_case(
        "update_dataset_default_graph",
        f"using-graph-uri={encoded(1)}",
        f"""PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {{
    GRAPH <{data(1)}> {{
        <{data(1)}> a foaf:Document
    }}
}} ;
INSERT {{
    GRAPH <http://example.org/protocol-update-dataset-test/> {{
        ?s a dc:BibliographicResource
    }}
}}
WHERE {{
    ?s a foaf:Document
}}""",
        f"""ASK {{
    GRAPH <http://example.org/protocol-update-dataset-test/> {{
        <{data(1)}> a <http://purl.org/dc/terms/BibliographicResource>
    }}
}}""",
    ),
    update_case(
        "update_dataset_default_graphs",
        f"using-graph-uri={encoded(1)}&using-graph-uri={encoded(2)}",
        _insert_all_documents(
            "http://example.org/protocol-update-dataset-graphs-test/", "?s a foaf:Document"
        ),
        _ask_two_resources("http://example.org/protocol-update-dataset-graphs-test/"),
    ),
    update_case(
        "update_dataset_named_graphs",
        f"using-named-graph-uri={encoded(1)}&using-named-graph-uri={encoded(2)}",
        _insert_all_documents(
            "http://example.org/protocol-update-dataset-named-graphs-test/",
            "GRAPH ?g { ?s a foaf:Document }",
        ),
        _ask_two_resources("http://example.org/protocol-update-dataset-named-graphs-test/"),
    ),
    update_case(
        "update_dataset_full",
        f"using-graph-uri={encoded(1)}&using-named-graph-uri={encoded(2)}",
        _insert_all_documents(
            "http://example.org/protocol-update-dataset-full-test/",
            "{ GRAPH ?g { ?s a foaf:Document } BIND(?g AS ?in) } UNION "
            '{ ?s a foaf:Document . BIND("default" AS ?in) }',
        ),
        f"""ASK {{ GRAPH <http://example.org/protocol-update-dataset-full-test/> {{
            <{data(1)}> <http://example.org/in> "default" . }} }}""",
    ),
    update_case("update_post_form", "", "update=CLEAR+ALL", content_type=FORM),
    update_case("update_post_direct", "", "CLEAR ALL"),
    update_case(
        "update_base_uri",
        "",
        "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
        "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { "
        "<http://example.org/s> <http://example.org/p> <test> } }",
        "ASK { GRAPH <http://example.org/protocol-base-test/> { "
        "<http://example.org/s> <http://example.org/p> ?o } }",
    ),
    # The bad ones: any 4xx in the manifest.
    UpdateCase(
        "bad_update_get", ProtocolCase("bad_update_get", "GET", "update=CLEAR%20ALL", status=403)
    ),
    update_case(
        "bad_multiple_updates", "", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", content_type=FORM
    ),
    update_case(
        "bad_update_wrong_media_type", "", "CLEAR NAMED", content_type="text/plain", status=415
    ),
    UpdateCase(
        "bad_update_missing_form_type",
        ProtocolCase(
            "bad_update_missing_form_type", "POST", "", None, b"update=CLEAR%20NAMED", status=400
        ),
    ),
    UpdateCase(
        "bad_update_non_utf8",
        ProtocolCase(
            "bad_update_non_utf8",
            "POST",
            "",
            f"{UPDATE}; charset=UTF-16",
            "CLEAR NAMED".encode("utf-16"),
            status=403,
        ),
    ),
    update_case("bad_update_syntax", "", "update=CLEAR%20XYZ", content_type=FORM),
    update_case(
        "bad_update_dataset_conflict",
        "using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
        "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
        "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }"
        "\nWHERE {\n    ?person foaf:givenName 'Bill'\n}",
    ),
]


@pytest.mark.parametrize("case", UPDATE_CASES, ids=[c.name for c in UPDATE_CASES])
def test_w3c_protocol_update_is_refused(client, sizes_at_start, case: UpdateCase):
    response = send(client, case.request)
    assert response.status_code == case.request.status, response.text
    if response.status_code == 403:
        assert "read-only" in response.text
    if case.check_query:
        check = client.post("/sparql", content=case.check_query, headers={"content-type": DIRECT})
        assert check.status_code == 200, check.text
        assert boolean_of(check) is False
    assert graph_sizes(client) == sizes_at_start


def test_update_in_the_query_parameter_is_refused(client, sizes_at_start):
    for query in (
        "CLEAR ALL",
        "DROP GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf>",
        "INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }",
    ):
        response = client.post("/sparql", data={"query": query})
        assert response.status_code == 403, response.text
        assert "read-only" in response.text
    assert graph_sizes(client) == sizes_at_start


# --- SPARQLWrapper, a real client ----------------------------------------------------------

LEADS_SELECT = f"""PREFIX ap: <{AP}>
SELECT ?number ?lead WHERE {{
  ?action ap:number ?number .
  FILTER(?number IN ("1.1", "3.12"))
  OPTIONAL {{ ?action ap:leadOrganisation ?lead }}
}} ORDER BY ?number"""
LEADS_CONSTRUCT = LEADS_SELECT.replace(
    "SELECT ?number ?lead", "CONSTRUCT { ?action ap:number ?number ; ap:leadOrganisation ?lead }"
)


def wrapper(
    server: RunningServer, query: str, return_format: str, method: str = GET
) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql)
    sparql.setQuery(query)
    sparql.setReturnFormat(return_format)
    if method == POSTDIRECTLY:
        sparql.setMethod(POST)
        sparql.setRequestMethod(POSTDIRECTLY)
    else:
        sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", [GET, POST, POSTDIRECTLY])
def test_sparqlwrapper_select(server, method):
    result = wrapper(server, LEADS_SELECT, JSON, method).queryAndConvert()
    assert result["head"]["vars"] == ["number", "lead"]
    assert result["results"]["bindings"] == [
        {"number": {"type": "literal", "value": "1.1"}, "lead": {"type": "uri", "value": str(ABB)}},
        {"number": {"type": "literal", "value": "3.12"}},
    ]


@pytest.mark.parametrize("method", [GET, POST, POSTDIRECTLY])
def test_sparqlwrapper_ask(server, method):
    query = f"ASK {{ <{ACTION['3.12']}> <{AP.leadOrganisation}> ?lead }}"
    assert wrapper(server, query, JSON, method).queryAndConvert() == {"head": {}, "boolean": False}
    document = wrapper(server, query.replace("3.12", "1.1"), XML, method).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("return_format", [TURTLE, RDFXML, XML, JSONLD])
def test_sparqlwrapper_construct(server, return_format):
    converted = wrapper(server, LEADS_CONSTRUCT, return_format).queryAndConvert()
    if isinstance(converted, bytes):  # SPARQLWrapper leaves Turtle unparsed
        converted = Graph().parse(data=converted.decode("utf-8"), format="turtle")
    assert_leads(converted)


def test_sparqlwrapper_update_is_refused(server, client, sizes_at_start):
    sparql = SPARQLWrapper(server.sparql)
    sparql.setMethod(POST)
    sparql.setQuery("INSERT DATA { <http://example.org/s> <http://example.org/p> 1 }")
    with pytest.raises(Exception, match="403"):
        sparql.query()
    assert graph_sizes(client) == sizes_at_start


# --- content negotiation: every format parsed back -----------------------------------------


def assert_leads(graph: Graph) -> None:
    """Action 1.1 is led by ABB; action 3.12 has no lead (the plan leaves its Trekker empty)."""
    assert set(graph.objects(ACTION["1.1"], AP.leadOrganisation)) == {ABB}
    assert set(graph.objects(ACTION["3.12"], AP.leadOrganisation)) == set()
    assert (ACTION["3.12"], AP.number, Literal("3.12")) in graph


def select_rows(media: str, body: bytes) -> list[tuple[str, str]]:
    """(number, lead or "") per row, read with a parser of the format itself."""
    text = body.decode("utf-8")
    if media == "application/sparql-results+json":
        document = json.loads(text)
        assert document["head"]["vars"] == ["number", "lead"]
        return [
            (b["number"]["value"], b.get("lead", {}).get("value", ""))
            for b in document["results"]["bindings"]
        ]
    if media == "application/sparql-results+xml":
        root = ET.fromstring(body)
        names = [v.get("name") for v in root.iter(f"{RESULTS_NS}variable")]
        assert names == ["number", "lead"]
        rows = []
        for result in root.iter(f"{RESULTS_NS}result"):
            cells = {b.get("name"): b[0] for b in result.findall(f"{RESULTS_NS}binding")}
            assert cells["number"].tag == f"{RESULTS_NS}literal"
            if "lead" in cells:
                assert cells["lead"].tag == f"{RESULTS_NS}uri"
            rows.append((cells["number"].text, cells["lead"].text if "lead" in cells else ""))
        return rows
    if media == "text/csv":
        header, *rows = csv.reader(io.StringIO(text, newline=""))
        assert header == ["number", "lead"]
        return [tuple(row) for row in rows]
    assert media == "text/tab-separated-values"
    header, *lines = text.rstrip("\n").split("\n")
    assert header == "?number\t?lead"
    rows = []
    for line in lines:
        number, lead = line.split("\t")
        assert number.startswith('"') and number.endswith('"')
        assert lead == "" or (lead.startswith("<") and lead.endswith(">"))
        rows.append((number[1:-1], lead[1:-1]))
    return rows


@pytest.mark.parametrize(
    "media",
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ],
)
def test_select_in_each_format(client, media):
    response = client.get("/sparql", params={"query": LEADS_SELECT}, headers={"accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert select_rows(media, response.content) == [("1.1", str(ABB)), ("3.12", "")]


RDF_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
    "application/rdf+xml": "xml",
}


@pytest.mark.parametrize("media", list(RDF_FORMATS))
def test_construct_in_each_format(client, media):
    response = client.post(
        "/sparql", content=LEADS_CONSTRUCT, headers={"content-type": DIRECT, "accept": media}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.text, format=RDF_FORMATS[media])
    assert len(graph) == 3
    assert_leads(graph)


@pytest.mark.parametrize("media", list(RDF_FORMATS))
def test_describe_in_each_format(client, media):
    query = f"DESCRIBE <{ACTION['1.1']}> <{ACTION['3.12']}>"
    response = client.post("/sparql", data={"query": query}, headers={"accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.text, format=RDF_FORMATS[media])
    assert_leads(graph)
    assert (ACTION["1.1"], AP.number, Literal("1.1")) in graph
    assert (ACTION["1.1"], RDF.type, AP.Action) in graph


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/*", "text/csv"),
        ("application/json", "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/tab-separated-values, */*;q=0.1", "text/tab-separated-values"),
    ],
)
def test_select_accept_preferences(client, accept, media):
    response = client.get("/sparql", params={"query": LEADS_SELECT}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize(
    ("format_name", "select_media", "construct_media"),
    [
        ("csv", "text/csv", "text/turtle"),
        ("xml", "application/sparql-results+xml", "application/rdf+xml"),
        ("json", "application/sparql-results+json", "application/ld+json"),
        ("nt", "application/sparql-results+json", "application/n-triples"),
    ],
)
def test_format_parameter(client, format_name, select_media, construct_media):
    """?format= overrides Accept; xml and json mean the RDF syntaxes for a graph."""
    for query, media in ((LEADS_SELECT, select_media), (LEADS_CONSTRUCT, construct_media)):
        response = client.get(
            "/sparql",
            params={"query": query, "format": format_name},
            headers={"accept": "text/tab-separated-values"},
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == media


def test_unknown_format_parameter(client):
    response = client.get("/sparql", params={"query": "ASK {}", "format": "yaml"})
    assert response.status_code == 400
    assert "Unknown format 'yaml'" in response.text


def test_unsupported_accept_is_406(client):
    response = client.get(
        "/sparql", params={"query": LEADS_SELECT}, headers={"accept": "image/png"}
    )
    assert response.status_code == 406
    assert "image/png" in response.text and "text/csv" in response.text
    response = client.get("/sparql", headers={"accept": "image/png, text/html;q=0.5"})
    assert response.status_code == 406


def test_excluded_type_is_not_served(client):
    response = client.get(
        "/sparql",
        params={"query": LEADS_SELECT},
        headers={"accept": "*/*, application/sparql-results+json;q=0"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == "application/sparql-results+xml"


# --- service description -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        (None, "turtle"),
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_service_description(client, accept, fmt):
    response = client.get("/sparql", headers={"accept": accept} if accept else {})
    assert response.status_code == 200 and response.headers["vary"] == "Accept"
    graph = Graph().parse(data=response.text, format=fmt)
    service = URIRef("https://w3id.org/actieplan/sparql")  # published, never the Host
    assert (service, RDF.type, SD.Service) in graph
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (
        service,
        SD.resultFormat,
        URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV"),
    ) in graph
    dataset = graph.value(service, SD.defaultDataset)
    default = graph.value(dataset, SD.defaultGraph)
    assert graph.value(default, VOID.triples).toPython() == PLAN_TRIPLES
    names = {
        str(graph.value(n, SD.name)): graph.value(graph.value(n, SD.graph), VOID.triples)
        for n in graph.objects(dataset, SD.namedGraph)
    }
    assert names == {data(n): Literal(2) for n in (1, 2, 3)}


def test_health(client):
    assert client.get("/health").json() == {
        "status": "ok",
        "triples": PLAN_TRIPLES,
        "engine": "oxigraph",
        "store": "embedded",
        "query_workers": 2,
        "network_isolation": True,
    }


# --- ETag and 304 --------------------------------------------------------------------------


def test_etag_and_not_modified(client):
    params = {"query": LEADS_SELECT + "\n# etag test"}
    first = client.get("/sparql", params=params)
    etag = first.headers["etag"]
    assert first.status_code == 200 and etag.startswith('"') and etag.endswith('"')
    again = client.get("/sparql", params=params, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    in_a_list = client.get(
        "/sparql", params=params, headers={"if-none-match": f'"older", W/{etag}'}
    )
    assert in_a_list.status_code == 304  # a list of tags, compared weakly
    other = client.get("/sparql", params=params, headers={"if-none-match": '"something-else"'})
    assert other.status_code == 200
    assert other.content == first.content
    # Another representation of the same answer has another ETag.
    as_csv = client.get("/sparql", params=params, headers={"accept": "text/csv"})
    assert as_csv.headers["etag"] != etag


def test_no_cache_means_no_etag():
    with (
        running_server(
            "--graph", str(DATA / "data1.ttl"), "--no-cache", "--query-workers", "1"
        ) as plain,
        httpx.Client(base_url=plain.base, timeout=30.0) as http,
    ):
        query = {"query": f"SELECT ?type WHERE {{ <{data(1)}> a ?type }}"}
        first = http.get("/sparql", params=query)
        assert first.status_code == 200
        assert first.json()["results"]["bindings"] == [
            {"type": {"type": "uri", "value": "http://xmlns.com/foaf/0.1/Document"}}
        ]
        assert "etag" not in first.headers
        again = http.get("/sparql", params=query, headers={"if-none-match": "*"})
        assert again.status_code == 200
        assert again.content == first.content
