"""Version IRIs that resolve (api/readmodel/ontology_versions.py), over HTTP against the
session's server: each released version of the ontology at its `owl:versionIRI`, the current one
included, every `owl:priorVersion` too, and the labels of reused terms at
/def/external-labels; each in the RDF formats, by Accept and by suffix.

What each version holds is checked against ontology/CHANGELOG.md (what 2.0 changed from 1.0),
and each archived file against the commit its header names, where the git history is at hand.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDFS
from support.paths import REPO

from actieplan.graph.core.resources import ontology_file

ONTOLOGY = URIRef("https://w3id.org/actieplan/def")
AP = "https://w3id.org/actieplan/def#"
VERSIONS = ontology_file().with_name("versions")
RDF_FORMATS = {  # suffix -> (media type, rdflib parser)
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}


def served(site, path: str, accept: str = "text/turtle") -> Graph:
    answer = httpx.get(site.url(path), headers={"Accept": accept})
    assert answer.status_code == 200, path
    media = answer.headers["content-type"].split(";")[0]
    parser = next(p for m, p in RDF_FORMATS.values() if m == media)
    return Graph().parse(data=answer.content, format=parser)


def version_path(iri: str) -> str:
    assert iri.startswith(str(ONTOLOGY) + "/"), iri
    return iri[len("https://w3id.org/actieplan") :]


@pytest.mark.parametrize("version", ["1.0", "2.0", "2.0.1"])
@pytest.mark.parametrize("suffix", RDF_FORMATS)
def test_each_released_version_answers_at_its_version_iri(site, version, suffix):
    media, parser = RDF_FORMATS[suffix]
    path = f"/def/{version}"
    by_accept = httpx.get(site.url(path), headers={"Accept": media})
    by_suffix = httpx.get(site.url(f"{path}.{suffix}"))
    archived = Graph().parse(VERSIONS / f"actieplan-{version}.ttl", format="turtle")
    for answer in (by_accept, by_suffix):
        assert answer.status_code == 200
        assert answer.headers["content-type"].split(";")[0] == media
        assert answer.headers["content-location"] == f"{path}.{suffix}"
        assert (
            f'<https://w3id.org/actieplan/def/{version}>; rel="canonical"'
            in (answer.headers["link"])
        )
        graph = Graph().parse(data=answer.content, format=parser)
        assert graph.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY}/{version}")
        assert isomorphic(graph, archived)
    assert by_accept.headers["vary"] == "Accept" and "vary" not in by_suffix.headers
    turtle = httpx.get(site.url(f"{path}.ttl")).content
    assert turtle == (VERSIONS / f"actieplan-{version}.ttl").read_bytes()  # comments kept


def test_the_current_version_iri_and_every_prior_version_resolve(site):
    """From the current ontology down its owl:priorVersion links, each IRI answers."""
    current = served(site, "/def")
    iri = current.value(ONTOLOGY, OWL.versionIRI)
    assert isomorphic(served(site, version_path(str(iri))), current), (
        f"ontology/actieplan.ttl differs from the released {iri} (ontology/versions/): a change "
        "needs a new owl:versionIRI and owl:versionInfo (ontology/CHANGELOG.md)"
    )
    seen = []
    while iri is not None:
        seen.append(str(iri))
        graph = served(site, version_path(str(iri)))
        assert graph.value(ONTOLOGY, OWL.versionIRI) == iri
        iri = graph.value(ONTOLOGY, OWL.priorVersion)
    assert seen[-1] == f"{ONTOLOGY}/1.0"  # the first version (ontology/CHANGELOG.md)


def test_version_1_0_is_the_ontology_before_2_0(site):
    """ontology/CHANGELOG.md, 2.0: participations left PROV (ap:participant, ap:role instead of
    prov:agent, prov:hadRole), ap:printedLabel replaced ap:deliverable, ap:Period is new."""
    old, new = served(site, "/def/1.0"), served(site, "/def/2.0")
    participation = URIRef(AP + "Participation")
    association = URIRef("http://www.w3.org/ns/prov#Association")
    assert (participation, RDFS.subClassOf, association) in old
    assert (participation, RDFS.subClassOf, association) not in new
    for term in ("participant", "printedLabel", "Period"):
        assert (URIRef(AP + term), None, None) not in old, term
        assert (URIRef(AP + term), None, None) in new, term
    assert (URIRef(AP + "mentionsOrganisation"), None, None) in old  # 1.0 as 2.0 found it


def test_the_external_labels_answer_at_their_iri(site):
    expected = Graph().parse(ontology_file().with_name("external-labels.ttl"), format="turtle")
    for suffix, (media, _) in RDF_FORMATS.items():
        graph = served(site, "/def/external-labels", media)
        assert isomorphic(graph, expected), suffix
        assert isomorphic(served(site, f"/def/external-labels.{suffix}"), expected), suffix


def test_the_current_version_has_the_page_earlier_ones_and_the_labels_none(site):
    """The current version IRI is documented like /def. An earlier version is kept as released,
    in RDF: its wording is what later versions corrected (1.0's English definitions say "the
    Trekker cell", ontology/CHANGELOG.md 2.0.1), so it is no page of the site; a browser gets
    its Turtle, and the labels' Turtle; an unknown version or format is a 404."""
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    current = served(site, "/def").value(ONTOLOGY, OWL.versionIRI)
    page = httpx.get(site.url(version_path(str(current))), headers=browser)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-location"] == version_path(str(current)) + ".html"
    assert 'id="Action"' in page.text
    for path in ("/def/1.0", "/def/external-labels"):
        answer = httpx.get(site.url(path), headers=browser)
        assert answer.headers["content-type"].startswith("text/turtle"), path
    for path in (
        "/def/9.9",
        "/def/1.0.xyz",
        "/def/1",
        "/def/1.0.html",
        "/def/external-labels.html",
    ):
        assert httpx.get(site.url(path)).status_code == 404, path


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("archived", sorted(VERSIONS.glob("*.ttl")), ids=lambda p: p.name)
def test_each_archived_version_is_the_commit_its_header_names(archived):
    text = archived.read_text(encoding="utf-8")
    commit = re.search(r"`git show ([0-9a-f]{7,40}):ontology/actieplan\.ttl`", text)
    assert commit, "the header names no commit"
    shown = subprocess.run(
        ["git", "show", f"{commit.group(1)}:ontology/actieplan.ttl"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if shown.returncode != 0:
        pytest.skip(f"commit {commit.group(1)} is not in this clone's history")
    body = text.split("\n#\n", 1)[1]  # after the archive's own header comment
    assert body == shown.stdout
