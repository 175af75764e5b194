"""Where an IRI of the graph answers on this server, and which IRI a local path stands for.

The data's IRIs are minted under a base IRI that is not the server's host (by default
`https://w3id.org/actieplan/id/`, graph/core/vocab.py). The server answers for them at local
paths, so that every link on every page works on `http://127.0.0.1:8000` while the RDF keeps
the real IRIs:

    {data base}REST            <->  /id/REST        (plan, objectives, actions, organisations, ...)
    {public site}REST          <->  /REST           (the ontology at /def, the dataset, downloads)

The public site is where a proxy publishes the server (default `https://w3id.org/actieplan/`,
the ontology's home: its namespace is `https://w3id.org/actieplan/def#`). Anything else (Themis,
licences, other vocabularies) is external and keeps its IRI.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote

from starlette.requests import Request

from actieplan.graph.core.vocab import default_base_iri

PUBLIC_SITE = "https://w3id.org/actieplan/"
DATA_PATH = "/id/"
# Characters left as they are in a local path (RFC 3986 pchar and "/").
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


@dataclass(frozen=True)
class IriMap:
    data_base: str  # the base IRI the data was minted under, ending in "/" or "#"
    public_site: str = PUBLIC_SITE

    @classmethod
    def for_base(cls, base_iri: str | None) -> IriMap:
        base = base_iri or default_base_iri()
        return cls(base if base.endswith(("/", "#")) else base + "/")

    def local_path(self, iri: str) -> str | None:
        """The path on this server that answers for `iri` (fragment kept: `/def#Action`);
        None for an IRI this server does not publish."""
        if iri.startswith(self.data_base):
            return DATA_PATH + quote(iri[len(self.data_base) :], safe=_PATH_SAFE + "#")
        if iri.startswith(self.public_site):
            return "/" + quote(iri[len(self.public_site) :], safe=_PATH_SAFE + "#")
        return None

    def data_iri(self, path: str) -> str:
        """The data IRI a path under /id/ stands for (`/id/organisation/abb` ->
        `{data base}organisation/abb`)."""
        if not path.startswith(DATA_PATH):
            raise ValueError(f"not a data path: {path!r}")
        return self.data_base + unquote(path[len(DATA_PATH) :])

    @property
    def dataset(self) -> str:
        """The IRI of the dataset (its description answers at /dataset)."""
        return self.site_iri("dataset")

    def site_iri(self, path: str) -> str:
        """The published IRI of a page of this server (`/def` -> `https://w3id.org/actieplan/def`)."""
        return self.public_site + path.lstrip("/")


def sent_path(request: Request) -> str:
    """The path as the client sent it (percent-encoded), so that an IRI is decoded once."""
    raw: bytes = request.scope.get("raw_path") or request.url.path.encode()
    return raw.decode("latin-1").split("?", 1)[0]
