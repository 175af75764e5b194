"""The one name lookup: which organisation or minister post a user's text stands for.

Every CLI option and API parameter that takes an organisation or a minister post uses
:class:`NameLookup`, so one text finds the same entity everywhere and a miss gives the same
"did you mean" message everywhere.

Names are read from the graph (so provisional entries of a plan built with ``--allow-unknown``
and published graph files work too): the id (the IRI's last segment), every ``skos:prefLabel``,
``skos:altLabel`` (the reference data's aliases and variants), ``rdfs:label``,
``ap:abbreviation`` and ``ap:portfolio``; for a minister post also each label without its
leading "Minister van" / "Minister of". Texts are compared in the compact form of
``graph/core/reference.py`` (no case, accents, punctuation or spaces).

Rules, in order: a text equal to an id; a text equal to a name of one entity; a text contained
in the names of exactly one entity. Anything else is :class:`UnknownName`, naming the closest
ids ("did you mean ...?").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from actieplan.graph.core.reference import compact
from actieplan.graph.core.vocab import AP, local_id

ORGANISATION, MINISTER = "organisation", "minister"
KIND_CLASSES = {ORGANISATION: AP.Organisation, MINISTER: AP.MinisterPost}
KIND_NOUNS = {ORGANISATION: "organisation", MINISTER: "minister post"}
NAME_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, RDFS.label, AP.abbreviation, AP.portfolio)
_MINISTER_PREFIXES = ("ministervan", "ministerof")  # compact "Minister van" / "Minister of"
_SHOWN = 5  # ids a message lists at most


class UnknownName(ValueError):
    """A text that stands for no single organisation or minister post; `candidates`: the ids
    it may have meant (closest first), for a page to offer in its own language."""

    def __init__(
        self, message: str, candidates: tuple[str, ...] = (), *, kind: str = "", text: str = ""
    ) -> None:
        super().__init__(message)
        self.candidates = candidates
        self.kind = kind  # "organisation" or "minister"
        self.text = text  # the text looked up


@dataclass
class NameLookup:
    """Organisations and minister posts of one graph, findable by id, abbreviation or name."""

    _ids: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> compact id -> IRI
    _names: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # kind -> key -> IRIs

    @classmethod
    def of_names(cls, names: Iterable[tuple[str, str, str]]) -> Self:
        """From (kind, IRI, name) triples; kind is "organisation" or "minister"."""
        lookup = cls({kind: {} for kind in KIND_CLASSES}, {kind: {} for kind in KIND_CLASSES})
        for kind, iri, name in names:
            lookup._ids[kind][compact(local_id(iri))] = iri
            key = compact(name)
            keys = {key}
            if kind == MINISTER:
                keys |= {key.removeprefix(p) for p in _MINISTER_PREFIXES}
            for one in keys - {""}:
                lookup._names[kind].setdefault(one, set()).add(iri)
        return lookup

    @classmethod
    def of_graph(cls, rdf: Graph) -> Self:
        """The organisations and minister posts of an RDF graph (see the module doc)."""
        return cls.of_names(
            (kind, str(entity), str(name))
            for kind, cls_ in KIND_CLASSES.items()
            for entity in rdf.subjects(RDF.type, cls_)
            if isinstance(entity, URIRef)
            for name in (
                local_id(entity),
                *(o for p in NAME_PROPERTIES for o in rdf.objects(entity, p)),
            )
        )

    def ids(self, kind: str) -> list[str]:
        """The ids of every entity of this kind, sorted."""
        return sorted(local_id(iri) for iri in self._ids[kind].values())

    def find(self, kind: str, text: str) -> str:
        """The IRI the text stands for (see the module doc); UnknownName if none or several."""
        if kind not in KIND_CLASSES:
            raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KIND_CLASSES)}")
        key = compact(text)
        ids, names = self._ids[kind], self._names[kind]
        if key in ids:
            return ids[key]
        exact = names.get(key, set()) if key else set()
        if len(exact) == 1:
            return next(iter(exact))
        partial = exact or {
            iri for name, iris in names.items() if key and key in name for iri in iris
        }
        if len(partial) == 1:
            return next(iter(partial))
        close = partial or {
            iri
            for match in difflib.get_close_matches(key, [*ids, *names], n=_SHOWN, cutoff=0.6)
            for iri in ({ids[match]} if match in ids else names[match])
        }
        candidates = sorted(local_id(iri) for iri in close)
        raise UnknownName(
            self.message(kind, text, candidates), tuple(candidates[:_SHOWN]), kind=kind, text=text
        )

    def find_id(self, kind: str, text: str) -> str:
        """The id (IRI's last segment) the text stands for; UnknownName if none or several."""
        return local_id(self.find(kind, text))

    def message(self, kind: str, text: str, candidates: list[str]) -> str:
        """The one "did you mean" message of a text that names no single entity."""
        shown = text if len(text) <= 80 else text[:80] + "..."
        noun = KIND_NOUNS[kind]
        if candidates:
            more = " ..." if len(candidates) > _SHOWN else ""
            hint = f"did you mean {', '.join(candidates[:_SHOWN])}{more}?"
        else:
            known = self.ids(kind)
            more = " ..." if len(known) > 12 else ""
            hint = f"known ids: {', '.join(known[:12])}{more}"
        return f"no single {noun} {shown!r}; {hint} (an id, abbreviation or name)"
