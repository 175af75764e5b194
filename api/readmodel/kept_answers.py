"""What the service computes of every plan at once, kept on disk beside the dataset's store, so
that a service started again does not compute it again: the named questions' answers, and the
actions' facts the networks of every plan read.

At 1000 plans the query workers take 1-6 s for each of the largest questions asked of all plans
(the timeline: 50 000 rows), and the warm-up asks every question before /ready: 30 s more on
every start; the facts take 6-15 s to read from the store. What is kept is a bounded set,
whatever clients ask: each question asked of all plans with its default parameters (what its
page asks first) and with each choice of a parameter of named choices (`budget` by minister),
as the warm-up asks them (api/readmodel/questions.py, `kept_parameters`), one file each, and
the facts. Other parameters are answered and cached in memory only.

A file is named by what it holds: the dataset (its sha256) and a key (a question's SPARQL and
its parameters' terms); a file of another dataset, question text or parameters is never read.
A file that cannot be read is computed again and written anew; one that cannot be written (a
read-only folder) is computed and not kept, said once on stderr. Files are written whole (a
temporary file renamed).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from rdflib import URIRef
from rdflib.term import Node

from actieplan.graph.analysis.network import ActionFacts
from actieplan.graph.sparql.library import PlainValue
from actieplan.graph.sparql.results import json_term, term_of_json

Kept = TypeVar("Kept")
Table = tuple[list[str], list[list[PlainValue]]]  # a named question's columns and rows
SUFFIX = ".answers"  # the folder beside the store's: `dataset.nq.answers/`
# What a file that cannot be read raises as it is decoded
UNREADABLE = (ValueError, LookupError, TypeError, ArithmeticError)


class KeptAnswers:
    """The computations kept for one dataset (`digest`) in `folder`."""

    def __init__(self, folder: Path, digest: str) -> None:
        self.folder, self.digest = folder, digest
        self._said = False

    @classmethod
    def beside(cls, store_folder: Path, digest: str) -> KeptAnswers:
        """`dataset.nq.answers/DIGEST/` beside the store folder `dataset.nq.oxigraph/`."""
        return cls(store_folder.with_suffix(SUFFIX) / digest[:32], digest)

    def get(
        self,
        name: str,
        key: str,
        compute: Callable[[], Kept],
        encode: Callable[[Kept], bytes],
        decode: Callable[[bytes], Kept],
    ) -> Kept:
        """The value kept as `name` for `key` (`decode` of its file), or else `compute()`,
        kept as `encode` of it."""
        path = self._path(name, key)
        try:
            return decode(path.read_bytes())
        except (OSError, *UNREADABLE):
            pass
        value = compute()
        self._write(name, path, encode(value))
        return value

    def _path(self, name: str, key: str) -> Path:
        held = json.dumps([self.digest, key]).encode("utf-8")
        return self.folder / f"{name}.{hashlib.sha256(held).hexdigest()[:32]}.json"

    def _write(self, name: str, path: Path, body: bytes) -> None:
        try:
            if not self.folder.is_dir():
                self._forget_other_datasets()
                self.folder.mkdir(parents=True)
            handle, temporary = tempfile.mkstemp(prefix=path.name + ".", dir=self.folder)
        except OSError as error:
            self._not_kept(error)
            return
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(body)
            os.replace(temporary, path)
            for older in self.folder.glob(f"{name}.*.json"):  # of an earlier key
                if older != path:
                    older.unlink(missing_ok=True)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            self._not_kept(error)

    def _forget_other_datasets(self) -> None:
        """Remove what was kept for the file's earlier contents (other digests)."""
        for other in self.folder.parent.glob("*"):
            if other.is_dir() and other != self.folder:
                shutil.rmtree(other, ignore_errors=True)

    def _not_kept(self, error: OSError) -> None:
        if not self._said:  # said once, not at every answer
            self._said = True
            print(f"actieplan serve: answers not kept in {self.folder}: {error}", file=sys.stderr)


def _as_decimal(value: object) -> dict[str, str]:
    if not isinstance(value, Decimal):
        raise TypeError(f"a named question's answer holds {type(value).__name__}")
    return {"decimal": str(value)}


def encode_table(table: Table) -> bytes:
    """A question's answer as JSON: a Decimal as `{"decimal": TEXT}`, and the columns that
    hold one listed, to be read back exactly (a sum of euro may be 0 in one row, 1.50 in
    another)."""
    columns, rows = table
    decimals = [i for i in range(len(columns)) if any(isinstance(r[i], Decimal) for r in rows)]
    document = {"columns": columns, "rows": rows, "decimals": decimals}
    return json.dumps(document, default=_as_decimal).encode("utf-8")


def decode_table(body: bytes) -> Table:
    """The answer `encode_table` wrote; ValueError and the like when it is not one."""
    document = json.loads(body)
    columns, rows, decimals = document["columns"], document["rows"], document["decimals"]
    for row in rows:
        if len(row) != len(columns):
            raise ValueError("a row of another length than the columns")
        for i in decimals:
            if isinstance(row[i], dict):
                row[i] = Decimal(row[i]["decimal"])
    return columns, rows


# The facts' file changes with this (a role property more, another label)
FACTS_KEY = "action-facts 1"


def encode_facts(facts: ActionFacts) -> bytes:
    """The actions' facts as JSON, each term written once and named by its place."""
    places: dict[Node, int] = {}

    def place(node: Node) -> int:
        return places.setdefault(node, len(places))

    document: dict[str, object] = {
        "links": {
            str(p): [[place(s), place(o)] for s, o in pairs] for p, pairs in facts.links.items()
        },
        "labels": [[place(action), label] for action, label in facts.labels.items()],
        "titles": [[place(action), title] for action, title in facts.titles.items()],
    }
    document["terms"] = [json_term(node) for node in places]
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def decode_facts(body: bytes) -> ActionFacts:
    """The facts `encode_facts` wrote; ValueError and the like when they are not."""
    document = json.loads(body)
    terms = [term_of_json(cell) for cell in document["terms"]]
    return ActionFacts(
        {
            URIRef(p): [(terms[s], terms[o]) for s, o in pairs]
            for p, pairs in document["links"].items()
        },
        {terms[action]: label for action, label in document["labels"]},
        {terms[action]: title for action, title in document["titles"]},
    )
