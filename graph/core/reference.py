"""Curated reference data: minister posts, organisations and the vocabularies they use.

The data lives in TOML files under ``data/reference/``; this module loads and checks them and
answers one question: which canonical minister post or organisation does a printed name mean.
Names are compared in a *compact* form (no case, accents, punctuation or spaces) so that the
plan's split words ("K BBJ"), missing commas and unclosed brackets still match.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.resources import reference_dir


@functools.lru_cache(maxsize=16384)  # the same names recur in every plan of a dataset
def compact(text: str) -> str:
    """Lower-case letters and digits only, accents removed: the form names are matched in."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed.casefold() if c.isalnum() and not unicodedata.combining(c))


@dataclass(frozen=True)
class Term:
    """An entry of a controlled vocabulary (policy domain, government level, kind)."""

    id: str
    name_nl: str
    name_en: str
    code: str = ""


@dataclass(frozen=True)
class MinisterPost:
    id: str
    name_nl: str
    name_en: str
    themis: str
    variants: tuple[str, ...] = ()
    provisional: bool = False  # made up for a name the reference data does not know

    @property
    def label_nl(self) -> str:
        return f"Minister van {self.name_nl}"


@dataclass(frozen=True)
class Organisation:
    id: str
    name_nl: str
    name_en: str
    abbreviation: str
    kind: str
    policy_domain: str
    level: str
    parent: str
    aliases: tuple[str, ...] = ()
    mention_names: tuple[str, ...] = ()  # names under which descriptions mention it
    homepage: str = ""
    themis: str = ""  # the organisation's government body in Themis, when it is one
    provisional: bool = False


@dataclass
class ReferenceData:
    minister_posts: dict[str, MinisterPost]
    organisations: dict[str, Organisation]
    policy_domains: dict[str, Term]  # by code ("KBBJ")
    government_levels: dict[str, Term]
    kinds: dict[str, Term]
    # The concept scheme of each vocabulary, by its table ("policy_domain", "government_level",
    # "kind"); the scheme's id is its IRI's last segment.
    schemes: dict[str, Term] = field(default_factory=dict)
    # The newest `modified` date the files state (a file's top-level key), None if none does.
    modified: dt.date | None = None
    files: list[Path] = field(default_factory=list)
    _post_names: dict[str, str] = field(default_factory=dict, repr=False)
    _org_aliases: dict[str, str] = field(default_factory=dict, repr=False)
    _org_aliases_with_comma: set[str] = field(default_factory=set, repr=False)
    # Each post's name and variants as sets of compact competences (minister_post_extended)
    _post_competences: list[tuple[MinisterPost, frozenset[str]]] = field(
        default_factory=list, repr=False
    )

    def __post_init__(self) -> None:
        for post in self.minister_posts.values():
            for name in (post.name_nl, *post.variants):
                self._post_names[compact(name)] = post.id
                known = frozenset(compact(c) for c in _competences(name))
                self._post_competences.append((post, known))
        for org in self.organisations.values():
            for alias in (org.name_nl, *org.aliases):
                self._org_aliases[compact(alias)] = org.id
                if "," in alias:
                    self._org_aliases_with_comma.add(compact(alias))

    def minister_post_for(self, name: str) -> MinisterPost | None:
        """The post a printed portfolio name ("Onderwijs, Sport, ...") stands for."""
        post_id = self._post_names.get(compact(name))
        return self.minister_posts[post_id] if post_id else None

    def minister_post_extended(self, name: str) -> tuple[MinisterPost, tuple[str, ...]] | None:
        """The post whose portfolio a printed one extends, and the competences added to it.

        A government adds competences to a portfolio during its term ("... en
        Armoedebestrijding"): the printed portfolio then names every competence of the known
        post (its name or one of its variants), in any order, plus fewer others than those.
        None when no post fits, or two fit equally well."""
        printed = [(c, compact(c)) for c in _competences(name)]
        fits: dict[str, tuple[MinisterPost, tuple[str, ...]]] = {}
        for post, known in self._post_competences:
            added = tuple(c for c, key in printed if key not in known)
            matched = len(printed) - len(added)
            if matched == len(known) and 0 < len(added) < matched:
                best = fits.get(post.id)
                if best is None or len(added) < len(best[1]):
                    fits[post.id] = (post, added)
        fewest = sorted(fits.values(), key=lambda fit: len(fit[1]))
        if not fewest or (len(fewest) > 1 and len(fewest[1][1]) == len(fewest[0][1])):
            return None
        return fewest[0]

    @property
    def organisation_aliases(self) -> dict[str, str]:
        """Compact alias -> organisation id."""
        return self._org_aliases

    @property
    def organisation_aliases_with_comma(self) -> set[str]:
        """The compact aliases printed with a comma in them ("Departement Welzijn, ...")."""
        return self._org_aliases_with_comma

    def closest_minister_posts(self, name: str, n: int = 3) -> list[str]:
        return _closest(name, {p.name_nl: p.name_nl for p in self.minister_posts.values()}, n)

    def closest_organisations(self, name: str, n: int = 3) -> list[str]:
        names = {
            alias: org.name_nl
            for org in self.organisations.values()
            for alias in (org.name_nl, *org.aliases)
        }
        return _closest(name, names, n)


def _competences(portfolio: str) -> list[str]:
    """The competences of a portfolio as printed: "Justitie en Handhaving, Omgeving" gives
    ["Justitie", "Handhaving", "Omgeving"] (split at commas and the word "en")."""
    parts = re.split(r",|\ben\b", portfolio)
    return list(dict.fromkeys(part.strip() for part in parts if compact(part)))


def _closest(name: str, names: dict[str, str], n: int) -> list[str]:
    import difflib

    by_compact = {compact(k): v for k, v in names.items()}
    found = difflib.get_close_matches(compact(name), list(by_compact), n=n * 3, cutoff=0.4)
    result: list[str] = []
    for key in found:
        if by_compact[key] not in result:
            result.append(by_compact[key])
    return result[:n]


# Loading ---------------------------------------------------------------------------------


def _line_of(text: str, needle: str) -> int | None:
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


def _load_toml(path: Path, problems: list[Problem]) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.append(Problem(str(path), None, None, f"cannot read: {exc.strerror}"))
        return {}, ""
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno attribute; its message ends in
        # "(at line N, column M)".
        found = re.search(r"at line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(found.group(1)) if found else None)
        problems.append(Problem(str(path), line, None, f"not valid TOML: {exc}"))
        return {}, text


# The files of a reference folder, and the table each holds.
REFERENCE_FILES = {
    "vocabularies.toml": ("scheme", "policy_domain", "government_level", "kind"),
    "minister-posts.toml": ("minister_post",),
    "organisations.toml": ("organisation",),
}


@dataclass
class _Entry:
    """One [[table]] entry as read, with the file and line it came from."""

    data: dict[str, Any]
    path: Path
    line: int | None

    @property
    def where(self) -> str:
        return str(self.path) if self.line is None else f"{self.path}:{self.line}"


# Every table a file of a user's reference layer may hold.
LAYER_TABLES = tuple(table for tables in REFERENCE_FILES.values() for table in tables)


def _layer_files(layer: Path) -> dict[Path, tuple[str, ...]]:
    """A user's layer: one TOML file, or a folder of them (read in name order); each file may
    hold any of the tables."""
    paths = [layer] if layer.is_file() else sorted(layer.glob("*.toml"))
    return {path: LAYER_TABLES for path in paths}


# The vocabularies of vocabularies.toml, each a concept scheme ([[scheme]] with `vocabulary`).
VOCABULARY_TABLES = ("policy_domain", "government_level", "kind")
# A file's top-level key besides its tables: the day it last changed (a TOML date).
MODIFIED = "modified"


def _modified(
    data: dict[str, Any], path: Path, text: str, problems: list[Problem]
) -> dt.date | None:
    """The file's `modified` date (`modified = 2026-12-06`), if it states one."""
    value = data.get(MODIFIED)
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    problems.append(
        Problem(str(path), _line_of(text, MODIFIED), MODIFIED, "not a date (YYYY-MM-DD)")
    )
    return None


def _read_folder(
    directory: Path, shipped: bool, problems: list[Problem], dates: list[dt.date]
) -> tuple[dict[str, list[_Entry]], list[Path]]:
    """The entries of each table in one reference folder, and the files read; the files'
    `modified` dates are added to `dates`. The shipped folder holds the three files of
    REFERENCE_FILES; a user's layer is a TOML file or a folder of TOML files, each with any of
    the tables."""
    tables: dict[str, list[_Entry]] = {}
    read: list[Path] = []
    if not shipped and not directory.exists():
        problems.append(
            Problem(str(directory), None, None, "reference layer: no such file or folder")
        )
        return tables, read
    files = (
        {directory / name: names for name, names in REFERENCE_FILES.items()}
        if shipped
        else _layer_files(directory)
    )
    for path, table_names in files.items():
        data, text = _load_toml(path, problems)
        read.append(path)
        if (stated := _modified(data, path, text, problems)) is not None:
            dates.append(stated)
        for key in sorted(set(data) - set(table_names) - {MODIFIED}):
            problems.append(
                Problem(
                    str(path),
                    _line_of(text, key),
                    key,
                    f"not a table of the reference data; known: {', '.join(table_names)}",
                )
            )
        for table in table_names:
            entries = data.get(table, [])
            if not isinstance(entries, list):
                problems.append(
                    Problem(str(path), _line_of(text, table), table, "not a list of [[tables]]")
                )
                continue
            for entry in entries:
                entry_id = str(entry.get("id", "")) if isinstance(entry, dict) else ""
                line = _line_of(text, f'id = "{entry_id}"') if entry_id else None
                if not isinstance(entry, dict):
                    problems.append(Problem(str(path), None, table, "not a [[table]] entry"))
                    continue
                tables.setdefault(table, []).append(_Entry(entry, path, line))
    if not shipped and not read:
        problems.append(
            Problem(
                str(directory),
                None,
                None,
                "reference layer: a folder without .toml files",
            )
        )
    return tables, read


def _complete(
    entries: list[_Entry], table: str, required: tuple[str, ...], problems: list[Problem]
) -> list[_Entry]:
    """The entries that have every required field as text; the others are problems."""
    good = []
    for entry in entries:
        missing = [key for key in required if not isinstance(entry.data.get(key), str)]
        if missing:
            entry_id = str(entry.data.get("id", "")) or "(no id)"
            problems.append(
                Problem(
                    str(entry.path),
                    entry.line,
                    ", ".join(missing),
                    f"[[{table}]] {entry_id}: missing or not text",
                )
            )
            continue
        good.append(entry)
    return good


def _unique(entries: list[_Entry], key: str, table: str, problems: list[Problem]) -> list[_Entry]:
    """The entries whose `key` (id, or code) no earlier entry has. A layer adds entries and
    never replaces one: the same id twice is a problem naming both places."""
    first: dict[str, _Entry] = {}
    kept = []
    for entry in entries:
        value = entry.data[key]
        if value in first:
            problems.append(
                Problem(
                    str(entry.path),
                    entry.line,
                    key,
                    f"[[{table}]] {key} {value!r} is also defined in {first[value].where}; "
                    "a reference layer adds entries and cannot replace one: give it another "
                    f"{key}, or remove one of the two",
                )
            )
            continue
        first[value] = entry
        kept.append(entry)
    return kept


def load_reference(directory: Path | None = None, layers: Sequence[Path] = ()) -> ReferenceData:
    """Load and check the reference data: `directory` (default: the shipped data/reference/)
    and, over it, each folder of `layers` in order (a user's own entries, in files named like
    the shipped ones). Every problem is reported in one InputError; an id or a name defined in
    two files is one, naming both."""
    problems: list[Problem] = []
    tables: dict[str, list[_Entry]] = {}
    files: list[Path] = []
    dates: list[dt.date] = []
    for folder, shipped in [(directory or reference_dir(), True), *((p, False) for p in layers)]:
        found, read = _read_folder(folder, shipped, problems, dates)
        for table, entries in found.items():
            tables.setdefault(table, []).extend(entries)
        files.extend(read)

    def terms(table: str, key: str) -> dict[str, Term]:
        required = ("id", "name_nl", "name_en") + (("code",) if key == "code" else ())
        entries = _complete(tables.get(table, []), table, required, problems)
        entries = _unique(_unique(entries, "id", table, problems), key, table, problems)
        return {
            e.data[key]: Term(
                e.data["id"], e.data["name_nl"], e.data["name_en"], e.data.get("code", "")
            )
            for e in entries
        }

    domains = terms("policy_domain", "code")
    levels = terms("government_level", "id")
    kinds = terms("kind", "id")
    scheme_entries = _complete(
        tables.get("scheme", []), "scheme", ("id", "vocabulary", "name_nl", "name_en"), problems
    )
    scheme_entries = _unique(
        _unique(scheme_entries, "id", "scheme", problems), "vocabulary", "scheme", problems
    )
    schemes = {
        e.data["vocabulary"]: Term(e.data["id"], e.data["name_nl"], e.data["name_en"])
        for e in scheme_entries
    }
    for entry in scheme_entries:
        if entry.data["vocabulary"] not in VOCABULARY_TABLES:
            problems.append(
                Problem(
                    str(entry.path),
                    entry.line,
                    "vocabulary",
                    f"[[scheme]] {entry.data['id']}: unknown vocabulary "
                    f"{entry.data['vocabulary']!r}; known: {', '.join(VOCABULARY_TABLES)}",
                )
            )
    for table in VOCABULARY_TABLES:
        if table not in schemes:
            problems.append(
                Problem(
                    str((directory or reference_dir()) / "vocabularies.toml"),
                    None,
                    "scheme",
                    f"no [[scheme]] with vocabulary = {table!r}: every vocabulary is a concept "
                    "scheme",
                )
            )

    post_entries = _complete(
        tables.get("minister_post", []),
        "minister_post",
        ("id", "name_nl", "name_en"),
        problems,
    )
    post_entries = _unique(post_entries, "id", "minister_post", problems)
    minister_posts = {
        e.data["id"]: MinisterPost(
            e.data["id"],
            e.data["name_nl"],
            e.data["name_en"],
            str(e.data.get("themis", "")),
            tuple(e.data.get("variants", [])),
        )
        for e in post_entries
    }

    required = (
        "id",
        "name_nl",
        "name_en",
        "abbreviation",
        "kind",
        "policy_domain",
        "level",
        "parent",
    )
    org_entries = _complete(tables.get("organisation", []), "organisation", required, problems)
    org_entries = _unique(org_entries, "id", "organisation", problems)
    organisations: dict[str, Organisation] = {}
    for entry in org_entries:
        e = entry.data
        organisations[e["id"]] = Organisation(
            e["id"],
            e["name_nl"],
            e["name_en"],
            e["abbreviation"],
            e["kind"],
            e["policy_domain"],
            e["level"],
            e["parent"],
            tuple(e.get("aliases", [])),
            tuple(e.get("mention_names", [])),
            e.get("homepage", ""),
            e.get("themis", ""),
        )
    for entry in org_entries:
        e = entry.data
        where = (str(entry.path), entry.line)
        if e["kind"] not in kinds:
            problems.append(
                Problem(
                    *where,
                    "kind",
                    f"{e['id']}: unknown kind {e['kind']!r}; known: {', '.join(sorted(kinds))}",
                )
            )
        if e["policy_domain"] and e["policy_domain"] not in domains:
            problems.append(
                Problem(
                    *where,
                    "policy_domain",
                    f"{e['id']}: unknown policy domain {e['policy_domain']!r}",
                )
            )
        if e["level"] not in levels:
            problems.append(Problem(*where, "level", f"{e['id']}: unknown level {e['level']!r}"))
        if e["parent"] and e["parent"] not in organisations:
            problems.append(Problem(*where, "parent", f"{e['id']}: unknown parent {e['parent']!r}"))

    _check_ambiguous_names(post_entries, "minister_post", ("name_nl", "variants"), problems)
    _check_ambiguous_names(org_entries, "organisation", ("name_nl", "aliases"), problems)
    if problems:
        raise InputError(problems, "Fix the reference data files named above.")
    return ReferenceData(
        minister_posts,
        organisations,
        domains,
        levels,
        kinds,
        schemes,
        max(dates, default=None),
        files,
    )


def _check_ambiguous_names(
    entries: list[_Entry], table: str, fields: tuple[str, str], problems: list[Problem]
) -> None:
    """A name that stands for two different entries cannot be resolved: each such name is a
    problem at the second entry, naming the first one's file when it is another file."""
    seen: dict[str, _Entry] = {}
    for entry in entries:
        main, listed = fields
        for name in (entry.data[main], *entry.data.get(listed, [])):
            key = compact(str(name))
            first = seen.setdefault(key, entry)
            if first.data["id"] == entry.data["id"]:
                continue
            where = "" if first.path == entry.path else f" (in {first.where} and {entry.where})"
            text = entry.path.read_text(encoding="utf-8") if entry.path.exists() else ""
            problems.append(
                Problem(
                    str(entry.path),
                    _line_of(text, f'"{name}"') or entry.line,
                    listed,
                    f"{name!r} names both {first.data['id']} and {entry.data['id']}{where}",
                )
            )
