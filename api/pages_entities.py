"""(being written) The pages of the plan's typed entities: plan, objective, action,
organisation, minister post. `entity_html(request, iri)` is called by the IRI route
(api/routes_resources.py) for a browser; None means "no typed page: use the generic one"."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse
from rdflib import URIRef


def entity_html(request: Request, iri: URIRef) -> HTMLResponse | None:
    return None
