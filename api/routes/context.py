"""`/context.jsonld`: the JSON-LD context every JSON-LD document of the service embeds
(ontology/context.jsonld; graph/rdf/jsonld_context.py), for clients that would rather name it
than copy it, and the context the `.json` twins link to (JSON-LD 1.1 §6.1). It changes only
with a release of the package, so it is cacheable for a day and has an ETag of its bytes."""

from __future__ import annotations

import hashlib
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from actieplan.api.plumbing.negotiation import etag_matches
from actieplan.graph.rdf.jsonld_context import CONTEXT_PATH, context_document, served_context

router = APIRouter(include_in_schema=False)
MEDIA_TYPE = "application/ld+json"


@cache
def _document() -> tuple[bytes, str]:
    body = context_document(served_context()).encode("utf-8")
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


@router.api_route(CONTEXT_PATH, methods=["GET", "HEAD"])
def context(request: Request) -> Response:
    body, etag = _document()
    headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)
