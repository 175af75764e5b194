"""Downloads: the served graph as Turtle, N-Triples and JSON-LD (also gzipped), the ontology
and the SHACL shapes, at /download/NAME (the files: api/readmodel/downloads.py).

Every answer has a
strong ETag (the SHA-256 of its bytes: it changes exactly when the file does; If-None-Match
gets 304) and a Content-Disposition with the file name.

Compressed files: `/download/graph.ttl.gz` is a gzip file (`application/gzip`, no
Content-Encoding, so a browser saves what the link names). The plain files are also sent
gzipped, with `Content-Encoding: gzip`, to a client that accepts that encoding.

The tables of the actions (/download/actions.csv, .xlsx) are api/routes/tables.py's.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.concurrency import run_in_threadpool

from actieplan.api.plumbing.negotiation import etag_matches, parse_accept
from actieplan.api.readmodel.deps import Cache, Data
from actieplan.api.readmodel.downloads import DOWNLOADS, file_bytes, file_facts

router = APIRouter(include_in_schema=False)


def accepts_gzip(header: str | None) -> bool:
    """Accept-Encoding names gzip (or *) with a q above 0."""
    if not header:
        return False
    return any(coding in ("gzip", "*") and q > 0 for coding, q, _ in parse_accept(header))


@router.get("/download/{name}")
async def download(request: Request, data: Data, cache: Cache, name: str) -> Response:
    item = DOWNLOADS.get(name)
    if item is None:
        raise HTTPException(404, f"no download named {name!r}: see /dataset for the list")
    # Plain files go gzipped to a client that accepts it (a second ETag: other bytes).
    encoded = not item.compressed and accepts_gzip(request.headers.get("accept-encoding"))
    served = DOWNLOADS[name + ".gz"] if encoded and name + ".gz" in DOWNLOADS else item
    facts = await run_in_threadpool(file_facts, data, cache, served)
    headers = {
        "ETag": f'"{facts.sha256[:32]}"',
        "Content-Disposition": f'attachment; filename="{item.name}"',
        "Vary": "Accept-Encoding",
    }
    if served is not item:
        headers["Content-Encoding"] = "gzip"
    if etag_matches(request.headers.get("if-none-match"), headers["ETag"]):
        return Response(status_code=304, headers=headers)
    body = await run_in_threadpool(file_bytes, data, cache, served)
    media_type = item.sent_media_type
    if media_type.startswith("text/"):
        media_type += "; charset=utf-8"
    return Response(body, media_type=media_type, headers=headers)
