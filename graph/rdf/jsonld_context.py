"""The JSON-LD context of every JSON-LD document the project writes: short term names for the
classes and properties the data, the ontology and the dataset description use, with the
coercions that make the documents plain JSON for a web developer.

`derive_context` computes it from graphs (how each property is used there); the result is
checked in as ontology/context.jsonld (written by scripts/jsonld_context.py, kept equal to
what the graphs give by tests/unit/test_jsonld_context.py) and served at /context.jsonld.
`served_context` reads that file; graph/rdf/writer.py writes with it.

The rules, per property, from its values in the graphs:
- a term named by the IRI's local name (`title`, `leadOrganisation`), except where the local
  name is taken by a term of a vocabulary earlier in VOCABULARY_ORDER, a prefix or an alias
  (`id`, `type`): then the prefix and the local name (`voidDataset`); a few clearer names
  (RENAMED: `partOf` for dcterms:isPartOf);
- values all IRIs or blank nodes: `"@type": "@id"`;
- values all language-tagged (or some plain strings): `"@container": "@language"`
  (`label.nl`; a plain string under `@none`);
- values all of one datatype other than xsd:string, xsd:boolean, xsd:integer: that datatype
  (`"@type": "xsd:date"`, the value the lexical form as a JSON string);
- otherwise no coercion: strings, xsd:boolean as JSON true/false, xsd:integer as a JSON number;
- `@set` added to the container where some subject has two or more values (two in one
  language, for language maps), so those values are always an array.
Classes get a term too (`Action`); `type` is always an array (`"type": ["Action"]`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from actieplan.graph.core.resources import ontology_file

CONTEXT_FILE = "context.jsonld"
CONTEXT_PATH = "/context.jsonld"  # where the service serves it (api/routes/context.py)
# Native JSON values: xsd:boolean as true/false, xsd:integer as a number (and xsd:string as a
# string). Properties with these values get no "@type" coercion.
NATIVE_DATATYPES = (XSD.boolean, XSD.integer)
ALIASES = {"id": "@id", "type": "@type"}
RENAMED = {str(DCTERMS.isPartOf): "partOf"}
# Whose local name wins when two vocabularies share one (the project's own first).
VOCABULARY_ORDER = (
    "ap",
    "dcterms",
    "rdfs",
    "skos",
    "org",
    "prov",
    "time",
    "schema",
    "p-plan",
    "foaf",
    "owl",
    "dcat",
    "void",
)


def _local_name(iri: str, namespace: str) -> str:
    return iri[len(namespace) :]


def _prefix_of(iri: str, prefixes: Mapping[str, str]) -> tuple[str, str] | None:
    """(prefix, namespace) of the longest namespace `iri` is in, if its local part is a name."""
    best = None
    for prefix, namespace in prefixes.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local.replace("_", "a").replace("-", "a").isalnum():
            if best is None or len(namespace) > len(best[1]):
                best = (prefix, namespace)
    return best


def _kind(node: Any) -> str:
    """What a value is, for choosing its property's coercion."""
    if isinstance(node, (URIRef, BNode)):
        return "@id"
    if isinstance(node, Literal):
        if node.language:
            return "@language"
        datatype = node.datatype or XSD.string
        if datatype == XSD.string:
            return "string"
        return "native" if datatype in NATIVE_DATATYPES else str(datatype)
    raise ValueError(f"not an RDF term: {node!r}")


def derive_context(graphs: Iterable[Graph], prefixes: Mapping[str, str]) -> dict[str, Any]:
    """The context for the classes and properties used in `graphs` (the rules: module doc),
    with `prefixes` as prefix definitions. Terms in the order of their names."""
    kinds: dict[str, set[str]] = {}
    multiple: set[str] = set()
    classes: set[str] = set()
    for graph in graphs:
        counts: Counter[tuple[Any, Any, str | None]] = Counter()
        for subject, predicate, value in graph:
            if predicate == RDF.type:
                classes.add(str(value))
                continue
            kinds.setdefault(str(predicate), set()).add(_kind(value))
            language = value.language if isinstance(value, Literal) else None
            counts[(subject, predicate, language)] += 1
        multiple.update(str(predicate) for (_, predicate, _), n in counts.items() if n > 1)

    rank = {prefix: position for position, prefix in enumerate(VOCABULARY_ORDER)}

    def order(iri: str) -> tuple[int, str]:
        found = _prefix_of(iri, prefixes)
        return (rank.get(found[0], len(rank)) if found else len(rank) + 1), iri

    taken = set(ALIASES) | set(prefixes)
    context: dict[str, Any] = {}
    for iri in sorted(classes | set(kinds), key=order):
        found = _prefix_of(iri, prefixes)
        if found is None:
            continue  # no prefix of `prefixes`: the writer keeps the full IRI
        prefix, namespace = found
        local = _local_name(iri, namespace)
        name = RENAMED.get(iri, local)
        if name in taken:
            name = prefix.replace("-", "") + local[:1].upper() + local[1:]
        if name in taken:
            raise ValueError(f"two terms named {name!r}: give {iri} a name in RENAMED")
        taken.add(name)
        compact = f"{prefix}:{local}"
        if iri in classes and iri not in kinds:
            context[name] = compact
            continue
        definition: dict[str, Any] = {"@id": compact}
        used = kinds[iri]
        container: list[str] = []
        if used == {"@id"}:
            definition["@type"] = "@id"
        elif "@language" in used and used <= {"@language", "string"}:
            container.append("@language")
        elif len(used) == 1 and used.isdisjoint({"native", "string"}):
            datatype = next(iter(used))
            found_type = _prefix_of(datatype, prefixes)
            definition["@type"] = (
                f"{found_type[0]}:{datatype[len(found_type[1]) :]}" if (found_type) else datatype
            )
        if iri in multiple:
            container.append("@set")
        if container:
            definition["@container"] = container[0] if len(container) == 1 else container
        context[name] = definition
    return {
        "@version": 1.1,
        **ALIASES,
        "type": {"@id": "@type", "@container": "@set"},
        **dict(sorted(prefixes.items())),
        **dict(sorted(context.items(), key=lambda item: (item[0].lower(), item[0]))),
    }


def context_document(context: Mapping[str, Any]) -> str:
    """The context as the document served at /context.jsonld (and checked in)."""
    return json.dumps({"@context": context}, ensure_ascii=False, indent=1) + "\n"


def context_path() -> Path:
    return ontology_file().with_name(CONTEXT_FILE)


@cache
def served_context() -> dict[str, Any]:
    """The checked-in context (ontology/context.jsonld): what every JSON-LD document embeds."""
    path = context_path()
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise FileNotFoundError(
            f"{path} is missing: the installation of actieplan-kg is incomplete; reinstall it"
        ) from error
    return dict(document["@context"])


@dataclass(frozen=True)
class Term:
    """One property term of a context: its name, and how its values are written."""

    name: str
    coercion: str | None  # "@id", a datatype IRI, or None (native JSON values)
    language_map: bool
    always_array: bool


@dataclass(frozen=True)
class Terms:
    """A context read for writing: terms by the IRI they stand for, and its prefixes."""

    properties: dict[str, Term]
    classes: dict[str, str]
    prefixes: dict[str, str]

    def compact(self, iri: str) -> str:
        """`prefix:local` for an IRI of a prefix of the context, else the IRI."""
        found = _prefix_of(iri, self.prefixes)
        return f"{found[0]}:{iri[len(found[1]) :]}" if found else iri


def read_terms(context: Mapping[str, Any]) -> Terms:
    """The terms and prefixes of a context made by `derive_context`."""
    prefixes = {
        name: value
        for name, value in context.items()
        if isinstance(value, str) and not name.startswith("@") and value.endswith(("#", "/"))
    }

    def expand(value: str) -> str:
        prefix, _, local = value.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else value

    properties: dict[str, Term] = {}
    classes: dict[str, str] = {}
    for name, value in context.items():
        if name.startswith("@") or name in ALIASES or name in prefixes:
            continue
        if isinstance(value, str):
            classes[expand(value)] = name
            continue
        container = value.get("@container", [])
        container = [container] if isinstance(container, str) else container
        coercion = value.get("@type")
        properties[expand(value["@id"])] = Term(
            name,
            coercion if coercion in (None, "@id") else expand(coercion),
            "@language" in container,
            "@set" in container,
        )
    return Terms(properties, classes, prefixes)


@cache
def served_terms() -> Terms:
    return read_terms(served_context())
