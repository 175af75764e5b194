"""/download/: the graph dumps hold exactly the served triples (5728 on the vendored plan:
tests/support/served_graph.py says where the figure comes from), plain and gzipped, with
ETag / 304, Content-Disposition and their media types; the ontology and shapes as shipped."""

from __future__ import annotations

import gzip

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from support.served_graph import PLAN_TRIPLES

from actieplan.graph.core.resources import ontology_file, shapes_dir

DUMPS = {  # file -> (rdflib parser, media type)
    "graph.ttl": ("turtle", "text/turtle"),
    "graph.nt": ("nt", "application/n-triples"),
    "graph.jsonld": ("json-ld", "application/ld+json"),
}
IDENTITY = {"Accept-Encoding": "identity"}  # httpx asks for gzip by default


@pytest.fixture(scope="module")
def served_graph(client):
    return client.app.state.plans.only.graph


@pytest.mark.parametrize("name", DUMPS)
def test_plain_dump_is_the_served_graph(client, served_graph, name):
    parser, media_type = DUMPS[name]
    answer = client.get(f"/download/{name}", headers=IDENTITY)
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == media_type
    assert "content-encoding" not in answer.headers
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
    dump = Graph().parse(data=answer.content, format=parser)
    assert len(dump) == PLAN_TRIPLES
    assert isomorphic(dump, served_graph)


@pytest.mark.parametrize("name", DUMPS)
def test_gz_file_is_a_gzip_of_the_plain_dump(client, name):
    parser, _ = DUMPS[name]
    answer = client.get(f"/download/{name}.gz", headers=IDENTITY)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/gzip"
    assert "content-encoding" not in answer.headers  # a file to save, not a transfer coding
    assert answer.headers["content-disposition"] == f'attachment; filename="{name}.gz"'
    plain = client.get(f"/download/{name}", headers=IDENTITY).content
    assert gzip.decompress(answer.content) == plain
    assert len(answer.content) < len(plain) / 3
    assert len(Graph().parse(data=gzip.decompress(answer.content), format=parser)) == PLAN_TRIPLES


def test_plain_dump_is_sent_gzipped_to_a_client_that_accepts_it(client):
    plain = client.get("/download/graph.nt", headers=IDENTITY)
    encoded = client.get("/download/graph.nt", headers={"Accept-Encoding": "gzip"})
    assert encoded.headers["content-encoding"] == "gzip"
    assert encoded.headers["content-type"].startswith("application/n-triples")
    assert encoded.headers["vary"] == "Accept-Encoding"
    assert encoded.content == plain.content  # httpx undoes the transfer coding
    assert int(encoded.headers["content-length"]) < len(plain.content) / 3
    assert encoded.headers["etag"] != plain.headers["etag"]  # other bytes, other tag


@pytest.mark.parametrize("name", [*DUMPS, "graph.ttl.gz", "ontology.ttl", "shapes.ttl"])
def test_etag_and_304(client, name):
    first = client.get(f"/download/{name}", headers=IDENTITY)
    etag = first.headers["etag"]
    assert etag.startswith('"') and len(etag) == 34
    again = client.get(f"/download/{name}", headers={**IDENTITY, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    other = client.get(f"/download/{name}", headers={**IDENTITY, "If-None-Match": '"other"'})
    assert other.status_code == 200 and other.content == first.content


def test_ontology_and_shapes_are_the_shipped_files(client):
    ontology = client.get("/download/ontology.ttl", headers=IDENTITY)
    assert ontology.content == ontology_file().read_bytes()
    assert ontology.headers["content-type"] == "text/turtle; charset=utf-8"
    shapes = client.get("/download/shapes.ttl", headers=IDENTITY)
    assert shapes.content == (shapes_dir() / "actieplan.ttl").read_bytes()
    assert shapes.headers["content-disposition"] == 'attachment; filename="shapes.ttl"'


def test_unknown_download_is_404(client):
    answer = client.get("/download/graph.rdf")
    assert answer.status_code == 404
    assert "/dataset" in answer.json()["detail"]
