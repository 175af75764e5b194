"""Who held each minister post in the plan's period, by name: the persons of the reference
data's Themis extract (data/reference/themis-jambon-ministers.ttl, the Flemish Chancellery's
mandatees of the government "Jambon").

The graph names a post by its portfolio and links it to its Themis mandatee
(`ap:themisMandataris`); the extract gives the mandatee's person (`mandaat:isBestuurlijkeAliasVan`,
`persoon:gebruikteVoornaam`, `foaf:familyName`) and the mandate's start and end
(`mandaat:start`, `mandaat:einde`). A person counts for a post when the mandate overlaps the
plan's period (`temporal_coverage`: "2020-2024" from the plan's title); a mandate without an
end runs on. The extract holds the first composition (from 2 October 2019) only, so a later
reshuffle is not known here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF

from actieplan.api.readmodel.catalogue import Catalogue
from actieplan.api.readmodel.dataset_description import temporal_coverage
from actieplan.graph.core.resources import reference_dir

THEMIS_FILE = "themis-jambon-ministers.ttl"
MANDAAT = Namespace("http://data.vlaanderen.be/ns/mandaat#")
PERSOON = Namespace("https://data.vlaanderen.be/ns/persoon#")


@dataclass(frozen=True)
class Holder:
    """A person holding a minister post, and the mandate's first and last day (None: open)."""

    given_name: str
    family_name: str
    start: dt.date | None
    end: dt.date | None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()

    def overlaps(self, period: tuple[dt.date, dt.date] | None) -> bool:
        if period is None:
            return True
        first, last = period
        return (self.start is None or self.start <= last) and (
            self.end is None or self.end >= first
        )


def _day(value: object) -> dt.date | None:
    if not isinstance(value, Literal):
        return None
    found = value.toPython()
    if isinstance(found, dt.datetime):
        return found.date()
    return found if isinstance(found, dt.date) else None


@cache
def themis_graph(path: Path | None = None) -> Graph:
    """The Themis extract, read once."""
    graph = Graph()
    graph.parse(path or reference_dir() / THEMIS_FILE, format="turtle")
    return graph


def mandate_holders(themis: Graph, mandataris: str) -> list[Holder]:
    """The persons of one Themis mandatee (usually one), with the mandate's days."""
    node = URIRef(mandataris)
    start = _day(themis.value(node, MANDAAT.start))
    end = _day(themis.value(node, MANDAAT.einde))
    found = []
    for person in themis.objects(node, MANDAAT.isBestuurlijkeAliasVan):
        given = themis.value(person, PERSOON.gebruikteVoornaam)
        family = themis.value(person, FOAF.familyName)
        if given is None and family is None:
            continue
        found.append(Holder(str(given or ""), str(family or ""), start, end))
    return found


def office_holders(
    graph: Graph, catalogue: Catalogue, themis: Graph | None = None
) -> dict[str, list[Holder]]:
    """Minister post id -> the persons who held it in the plan's period (by the reference
    data; a post without a Themis mandatee has none)."""
    themis = themis if themis is not None else themis_graph()
    period = temporal_coverage(graph)
    holders: dict[str, list[Holder]] = {}
    for post in catalogue.minister_posts.values():
        if post.themis_mandataris:
            found = [
                h for h in mandate_holders(themis, post.themis_mandataris) if h.overlaps(period)
            ]
            if found:
                holders[post.id] = found
    return holders
