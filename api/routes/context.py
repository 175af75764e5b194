"""`/context.jsonld`: the JSON-LD context every JSON-LD document of the service embeds
(ontology/context.jsonld; graph/rdf/jsonld_context.py), for clients that would rather name it
than copy it, and the context the `.json` twins that are JSON-LD link to (JSON-LD 1.1 §6.1).
`/api/context.jsonld`: the context the JSON API's answers of plan entities link to
(ontology/api-context.jsonld; api/readmodel/api_context.py). Each changes only with a release of
the package, so it is cacheable for a day and has an ETag of its bytes."""

from __future__ import annotations

import hashlib
from functools import cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from actieplan.api.plumbing.negotiation import etag_matches
from actieplan.api.readmodel.api_context import API_CONTEXT_PATH, api_context_document
from actieplan.graph.rdf.jsonld_context import CONTEXT_PATH, context_document, served_context

router = APIRouter(include_in_schema=False)
MEDIA_TYPE = "application/ld+json"


@cache
def _tagged(path: str) -> tuple[bytes, str]:
    """The context served at `path` and its ETag."""
    if path == API_CONTEXT_PATH:
        body = api_context_document()
    else:
        body = context_document(served_context()).encode("utf-8")
    return body, f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _answer(request: Request, path: str) -> Response:
    body, etag = _tagged(path)
    headers = {"ETag": etag, "Cache-Control": "public, max-age=86400"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)


@router.api_route(CONTEXT_PATH, methods=["GET", "HEAD"])
def context(request: Request) -> Response:
    return _answer(request, CONTEXT_PATH)


@router.api_route(API_CONTEXT_PATH, methods=["GET", "HEAD"])
def api_context(request: Request) -> Response:
    return _answer(request, API_CONTEXT_PATH)
