"""Downloads: the served graph as Turtle, N-Triples and JSON-LD (also gzipped), the ontology
and the SHACL shapes, at /download/NAME (the files: api/readmodel/downloads.py).

Every answer has a strong ETag (the SHA-256 of its bytes: it changes exactly when the file
does; If-None-Match gets 304), `Last-Modified` where the content states its date (the data's
for the graph and the tables, the ontology header's for the ontology; If-Modified-Since gets
304 when If-None-Match is absent) and a Content-Disposition with the file name.

Compressed files: `/download/graph.ttl.gz` is a gzip file (`application/gzip`, no
Content-Encoding, so a browser saves what the link names). The plain files are also sent
gzipped, with `Content-Encoding: gzip`, to a client that accepts that encoding.

An organisation's actions, one row each with its roles (its own and its units'), timing and
budget: /download/organisation/{id}.xlsx and .csv, headers in the language of `?lang=`
(nl by default; api/readmodel/action_sheets.py).

The tables of the actions (/download/actions.csv, .xlsx) are api/routes/tables.py's.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from rdflib import URIRef

from actieplan.api.plumbing.attachments import attachment
from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.conditional import CACHE_CONTROL, conditional, http_date, is_fresh
from actieplan.api.plumbing.messages import messages
from actieplan.api.plumbing.negotiation import parse_accept
from actieplan.api.readmodel.action_sheets import (
    cached_timings,
    organisation_sheet,
    sheet_csv,
    sheet_xlsx,
)
from actieplan.api.readmodel.deps import Cache, Data
from actieplan.api.readmodel.downloads import DOWNLOADS, Download, file_bytes, file_facts
from actieplan.api.readmodel.linked_data import ontology
from actieplan.api.readmodel.ontology_versions import stated_date
from actieplan.api.readmodel.questions import XLSX
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import AP

router = APIRouter(include_in_schema=False)
ONTOLOGY_IRI = URIRef(str(AP).rstrip("#"))

Language = Annotated[Literal["nl", "en"], Query(description="the headers' language")]
Delimiter = Annotated[
    Literal["comma", "semicolon"],
    Query(description="comma (RFC 4180), or semicolon for Excel in a Dutch (comma-decimal) locale"),
]


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
        "Cache-Control": CACHE_CONTROL,
    }
    modified = _modified(data, item)
    if modified is not None:
        headers["Last-Modified"] = http_date(modified)
    if served is not item:
        headers["Content-Encoding"] = "gzip"
    if is_fresh(request.headers, headers["ETag"], modified):
        return Response(status_code=304, headers=headers)
    body = await run_in_threadpool(file_bytes, data, cache, served)
    media_type = item.sent_media_type
    if media_type.startswith("text/"):
        media_type += "; charset=utf-8"
    return Response(body, media_type=media_type, headers=headers)


def _modified(data: ServiceData, item: Download) -> dt.date | None:
    """The date a file's content states: the data's for the graph dumps, the ontology header's
    for the ontology; the shapes state none."""
    if item.content == "graph":
        return data.modified
    if item.content == "ontology":
        return stated_date(ontology(), ONTOLOGY_IRI)
    return None


def _organisation_file(
    data: ServiceData, cache: ComputedCache, org_id: str, lang: str, form: str
) -> str | bytes:
    """The organisation's actions as `form` ("xlsx", "comma", "semicolon"), once per key."""

    def compute() -> str | bytes:
        timings = cached_timings(data, cache)
        sheet = organisation_sheet(data.catalogue, timings, org_id, messages(lang))
        return sheet_xlsx(sheet) if form == "xlsx" else sheet_csv(sheet, form)

    found: str | bytes = cache.get(("organisation-actions", org_id, lang, form), compute)
    return found


def _organisation_download(
    data: ServiceData, cache: ComputedCache, org_id: str, lang: str, form: str
) -> tuple[str | bytes, str]:
    if org_id not in data.catalogue.organisations:
        raise HTTPException(404, f"no organisation {org_id!r}: see /api/organisations")
    body = _organisation_file(data, cache, org_id, lang, form)
    stem = f"{'acties' if lang == 'nl' else 'actions'}-{org_id}"
    return body, stem


@router.get("/download/organisation/{org_id}.xlsx")
async def organisation_workbook(
    request: Request, data: Data, cache: Cache, org_id: str, lang: Language = "nl"
) -> Response:
    """The organisation's actions as a workbook: one row per action with its roles."""
    body, stem = await run_in_threadpool(_organisation_download, data, cache, org_id, lang, "xlsx")
    return conditional(request.headers, attachment(body, XLSX, f"{stem}.xlsx"), data.modified)


@router.get("/download/organisation/{org_id}.csv")
async def organisation_csv(
    request: Request,
    data: Data,
    cache: Cache,
    org_id: str,
    lang: Language = "nl",
    delimiter: Delimiter = "comma",
) -> Response:
    """The organisation's actions as CSV (UTF-8 with a byte order mark)."""
    body, stem = await run_in_threadpool(
        _organisation_download, data, cache, org_id, lang, delimiter
    )
    suffix = "" if delimiter == "comma" else "-semicolon"
    answer = attachment(body, "text/csv; charset=utf-8", f"{stem}{suffix}.csv")
    return conditional(request.headers, answer, data.modified)
