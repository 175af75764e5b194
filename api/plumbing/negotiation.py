"""HTTP content negotiation: pick the best media type a client accepts (RFC 9110 q-values);
and the conditional request If-None-Match."""

from __future__ import annotations

from functools import lru_cache

# Distinct Accept headers whose parse is kept: clients send a handful, and every SPARQL request
# parses its header five times (the editor check, two choices of two parses each).
PARSED_HEADERS = 256


@lru_cache(maxsize=PARSED_HEADERS)
def parse_accept(header: str | None) -> tuple[tuple[str, float, int], ...]:
    """((media range, q, position), ...) best first; a missing header accepts anything."""
    if not header or not header.strip():
        return (("*/*", 1.0, 0),)
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for parameter in fields[1:]:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media, q, position))
    return tuple(sorted(ranges, key=lambda r: (-r[1], _specificity(r[0]), r[2])))


def _specificity(media: str) -> int:
    return 2 if media == "*/*" else 1 if media.endswith("/*") else 0


def _matches(media_range: str, offered: str) -> bool:
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return offered.split("/")[0] == media_range[:-2]
    return media_range == offered


def choose(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the client prefers (ties: the order of `offered`); None if the
    client accepts none of them."""
    best: tuple[float, int, int, str] | None = None
    for media_range, q, _position in parse_accept(header):
        if q <= 0:
            continue
        for rank, candidate in enumerate(offered):
            if _matches(media_range, candidate):
                key = (-q, _specificity(media_range), rank, candidate)
                if best is None or key < best:
                    best = key
    # Explicit q=0 exclusions win over wildcards.
    excluded = {m for m, q, _ in parse_accept(header) if q <= 0}
    if best is not None and best[3] in excluded:
        remaining = [o for o in offered if o not in excluded]
        return choose(header, remaining) if remaining else None
    return best[3] if best else None


def etag_matches(header: str | None, etag: str) -> bool:
    """If-None-Match (RFC 9110): "*", or a list of tags compared weakly (W/ ignored)."""
    if not header:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags
