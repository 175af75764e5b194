"""Reading a graph file for the commands and the service: clear errors, nothing fetched."""

from __future__ import annotations

import json

import pytest

from graph.errors import InputError
from graph.loading import load_graph, read_graph_file


def test_a_remote_json_ld_context_is_refused_not_fetched(tmp_path):
    path = tmp_path / "graph.jsonld"
    path.write_text(json.dumps({"@context": "http://127.0.0.1:9/context.jsonld",
                                "@id": "http://example.org/a", "name": "x"}))
    with pytest.raises(InputError) as refused:
        read_graph_file(path)
    problem = refused.value.problems[0]
    assert (problem.file, problem.field) == (str(path), "@context")
    assert "http://127.0.0.1:9/context.jsonld" in problem.message


def test_an_inline_json_ld_context_is_read(tmp_path):
    path = tmp_path / "graph.jsonld"
    path.write_text(json.dumps({"@context": {"name": "http://schema.org/name"},
                                "@id": "http://example.org/a", "name": "x"}))
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
