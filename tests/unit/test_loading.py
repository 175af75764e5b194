"""Reading a graph file for the commands and the service: clear errors, nothing fetched."""

from __future__ import annotations

import contextlib
import json
import socket
import time
import urllib.request

import pytest
from support.cli_runner import run_cli

from actieplan.graph.core.errors import InputError
from actieplan.graph.rdf import loading
from actieplan.graph.rdf.loading import load_graph, read_graph_file


def test_a_remote_json_ld_context_is_refused_not_fetched(tmp_path):
    path = tmp_path / "graph.jsonld"
    path.write_text(
        json.dumps(
            {
                "@context": "http://127.0.0.1:9/context.jsonld",
                "@id": "http://example.org/a",
                "name": "x",
            }
        )
    )
    with pytest.raises(InputError) as refused:
        read_graph_file(path)
    problem = refused.value.problems[0]
    assert (problem.file, problem.field) == (str(path), "@context")
    assert "http://127.0.0.1:9/context.jsonld" in problem.message


def test_an_inline_json_ld_context_is_read(tmp_path):
    path = tmp_path / "graph.jsonld"
    path.write_text(
        json.dumps(
            {
                "@context": {"name": "http://schema.org/name"},
                "@id": "http://example.org/a",
                "name": "x",
            }
        )
    )
    assert len(read_graph_file(path)) == 1


def test_bad_graph_files_say_what_and_where(tmp_path):
    with pytest.raises(InputError, match="unknown graph file suffix '.txt'"):
        read_graph_file(tmp_path / "graph.txt")
    with pytest.raises(InputError, match="no such graph file"):
        read_graph_file(tmp_path / "missing.ttl")
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    with pytest.raises(InputError) as refused:
        read_graph_file(broken)
    assert refused.value.problems[0].field == "syntax"
    empty = tmp_path / "empty.nt"
    empty.write_text("")
    with pytest.raises(InputError, match="holds no triples"):
        read_graph_file(empty)


def test_base_iri_applies_only_when_building(tmp_path, plan_graph):
    path = tmp_path / "graph.ttl"
    plan_graph.serialize(path, format="turtle")
    with pytest.raises(InputError, match="--base-iri applies when building"):
        load_graph(path, base_iri="https://example.org/id/")
    rebased = load_graph(base_iri="https://example.org/id/")
    assert any(str(s).startswith("https://example.org/id/plan/") for s in rebased.subjects())


# --- nothing is fetched while a graph file is read (issue 9, items 1 and 8) -----------------
# Each hostile file names a listener on a loopback port (tests/support/listener.py), which
# records any connection: it must see none, and the file must be refused with an error naming
# the file and the field. Turtle and N-Triples cannot fetch: they load, and still connect to
# nothing.


def jsonld_variants(url: str) -> dict[str, object]:
    """JSON-LD documents where rdflib would load a context from `url`."""
    node = {"@id": "http://example.org/a", "http://example.org/p": "x"}
    term = {"@id": "http://example.org/T", "@context": url}
    return {
        "string @context": {"@context": url, **node},
        "@import": {"@context": {"@version": 1.1, "@import": url}, **node},
        "@import in a scoped context": {
            "@context": {
                "p": {"@id": "http://example.org/p", "@context": {"@version": 1.1, "@import": url}}
            },
            "@id": "http://example.org/a",
            "p": {"@id": "http://example.org/b"},
        },
        "scoped context of a property": {
            "@context": {"p": {**term, "@id": "http://ex.org/p"}},
            "@id": "http://example.org/a",
            "p": {"@id": "http://example.org/b"},
        },
        "scoped context of a type": {"@context": {"T": term}, "@type": "T", **node},
        "array": {"@context": [{"name": "http://schema.org/name"}, url], **node},
        "nested arrays": {"@context": [[url]], **node},
        "context document": {"@context": {"@context": url}, **node},
        "embedded node": {
            "@id": "http://example.org/a",
            "http://example.org/p": {"@context": url, **node},
        },
        "in @graph": {"@graph": [{"@context": [None, url], **node}]},
        "relative (a local file)": {"@context": "other.jsonld", **node},
    }


def write_json(folder, name: str, document: object):
    path = folder / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_rdflib_alone_would_fetch_an_import(tmp_path, listener):
    """The listener sees what the tests below guard against: rdflib follows @import."""
    from rdflib import Graph

    path = write_json(tmp_path, "g.jsonld", jsonld_variants(listener.url + "/c")["@import"])
    with contextlib.suppress(Exception):  # the listener's empty answer is no context
        Graph().parse(path, format="json-ld")
    assert listener.connections


@pytest.mark.parametrize("variant", sorted(jsonld_variants("")))
def test_json_ld_context_references_are_refused(tmp_path, listener, variant):
    url = listener.url + "/context"
    (tmp_path / "other.jsonld").write_text(json.dumps({"@context": {}}), encoding="utf-8")
    path = write_json(tmp_path, "graph.jsonld", jsonld_variants(url)[variant])
    with pytest.raises(InputError) as refused:
        read_graph_file(path)
    problem = refused.value.problems[0]
    assert problem.file == str(path)
    assert problem.field in ("@context", "@import")
    assert "refers to a JSON-LD context" in problem.message
    listener.assert_untouched()


@pytest.mark.parametrize("variant", sorted(set(jsonld_variants("")) - {"relative (a local file)"}))
def test_the_parse_cannot_fetch_even_past_the_check(tmp_path, listener, monkeypatch, variant):
    """The second wall: with the reference check switched off, rdflib's attempt to load the
    context meets the refused network (an audit hook) and the file fails to load."""
    monkeypatch.setattr(loading, "_refuse_context_references", lambda path, data: None)
    path = write_json(tmp_path, "graph.jsonld", jsonld_variants(listener.url + "/c")[variant])
    with pytest.raises(InputError) as refused:
        read_graph_file(path)
    assert "no network access while reading a graph file" in str(refused.value)
    listener.assert_untouched()


def test_no_network_is_scoped_to_its_block(listener):
    with loading.no_network(), pytest.raises(PermissionError):
        urllib.request.urlopen(listener.url, timeout=2)
    with loading.no_network(), pytest.raises(PermissionError):
        socket.create_connection(("127.0.0.1", listener.port), timeout=2)
    listener.assert_untouched()
    with urllib.request.urlopen(listener.url, timeout=2):  # outside the block: allowed
        pass
    assert len(listener.connections) == 1


RDF = (
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:ex="http://example.org/">'
    '<rdf:Description rdf:about="http://example.org/s"><ex:p>{value}</ex:p>'
    "</rdf:Description></rdf:RDF>"
)


def xml_variants(url: str) -> dict[str, str]:
    levels = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 8))
    return {
        # 10^7 copies of 10 characters from 460 bytes: loading a smaller one took 51 s
        "entity expansion": f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e0 "aaaaaaaaaa">'
        f"{levels}]>" + RDF.format(value="&e7;"),
        "external entity": f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{url}">]>'
        + RDF.format(value="&x;"),
        "external parameter entity": f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM '
        f'"{url}"> %p;]>' + RDF.format(value="x"),
        "external DTD": f'<?xml version="1.0"?><!DOCTYPE rdf:RDF SYSTEM "{url}">'
        + RDF.format(value="x"),
    }


@pytest.mark.exclusive  # "at once": a 0.5 s bound, timed on an idle machine
@pytest.mark.parametrize("variant", sorted(xml_variants("")))
def test_rdf_xml_with_a_dtd_is_refused_at_once(tmp_path, listener, variant):
    path = tmp_path / "graph.rdf"
    path.write_text(xml_variants(listener.url + "/dtd")[variant], encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(InputError) as refused:
        read_graph_file(path)
    assert time.perf_counter() - started < 0.5
    problem = refused.value.problems[0]
    assert (problem.file, problem.line, problem.field) == (str(path), 1, "DOCTYPE")
    listener.assert_untouched()


@pytest.mark.parametrize(
    "variant", ["external entity", "external parameter entity", "external DTD"]
)
def test_rdf_xml_fetches_nothing_even_past_the_check(tmp_path, listener, monkeypatch, variant):
    monkeypatch.setattr(loading, "_refuse_xml_dtd", lambda path, data: None)
    path = tmp_path / "graph.rdf"
    path.write_text(xml_variants(listener.url + "/dtd")[variant], encoding="utf-8")
    with contextlib.suppress(InputError):  # the entity is left out or the file refused
        read_graph_file(path)
    listener.assert_untouched()


def test_rdf_xml_without_a_dtd_is_read(tmp_path):
    path = tmp_path / "graph.owl"
    path.write_text('<?xml version="1.0"?>' + RDF.format(value="a &amp; b"), encoding="utf-8")
    assert [str(o) for o in read_graph_file(path).objects()] == ["a & b"]
    broken = tmp_path / "broken.rdf"
    broken.write_text(RDF.format(value="&undefined;"), encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_graph_file(broken)
    assert (refused.value.problems[0].field, refused.value.problems[0].line) == ("syntax", 1)


def test_turtle_and_n_triples_fetch_nothing(tmp_path, listener):
    """owl:imports, @base and IRIs naming the listener are data; rdflib follows none."""
    url = listener.url
    turtle = tmp_path / "graph.ttl"
    turtle.write_text(
        f"@base <{url}/base/> .\n@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        f"<> owl:imports <{url}/ontology> .\n<a> <{url}/p> <b> .\n",
        encoding="utf-8",
    )
    triples = tmp_path / "graph.nt"
    triples.write_text(
        f"<{url}/a> <http://www.w3.org/2002/07/owl#imports> <{url}/o> .\n", encoding="utf-8"
    )
    assert len(read_graph_file(turtle)) == 2 and len(read_graph_file(triples)) == 1
    listener.assert_untouched()


def test_the_sparql_command_refuses_a_hostile_graph_file(tmp_path, listener):
    path = write_json(tmp_path, "graph.jsonld", jsonld_variants(listener.url + "/c")["@import"])
    code, stdout, stderr = run_cli("sparql", "--graph", str(path), "ASK { ?s ?p ?o }")
    assert code == 2 and stdout == ""
    assert f"{path} [@import]" in stderr
    listener.assert_untouched()
