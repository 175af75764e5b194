"""Curated reference data: minister posts, organisations and the vocabularies they use.

The data lives in TOML files under ``data/reference/``; this module loads and checks them and
answers one question: which canonical minister post or organisation does a printed name mean.
Names are compared in a *compact* form (no case, accents, punctuation or spaces) so that the
plan's split words ("K BBJ"), missing commas and unclosed brackets still match.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.resources import reference_dir


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
    # The newest `modified` date the files state (each file's own top-level key), None if none.
    modified: dt.date | None = None
    files: list[Path] = field(default_factory=list)
    _post_names: dict[str, str] = field(default_factory=dict, repr=False)
    _org_aliases: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for post in self.minister_posts.values():
            for name in (post.name_nl, *post.variants):
                self._post_names[compact(name)] = post.id
        for org in self.organisations.values():
            for alias in (org.name_nl, *org.aliases):
                self._org_aliases[compact(alias)] = org.id

    def minister_post_for(self, name: str) -> MinisterPost | None:
        """The post a printed portfolio name ("Onderwijs, Sport, ...") stands for."""
        post_id = self._post_names.get(compact(name))
        return self.minister_posts[post_id] if post_id else None

    @property
    def organisation_aliases(self) -> dict[str, str]:
        """Compact alias -> organisation id."""
        return self._org_aliases

    def closest_minister_posts(self, name: str, n: int = 3) -> list[str]:
        return _closest(name, {p.name_nl: p.name_nl for p in self.minister_posts.values()}, n)

    def closest_organisations(self, name: str, n: int = 3) -> list[str]:
        names = {
            alias: org.name_nl
            for org in self.organisations.values()
            for alias in (org.name_nl, *org.aliases)
        }
        return _closest(name, names, n)


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


def _entries(
    data: dict[str, Any],
    table: str,
    required: tuple[str, ...],
    path: Path,
    text: str,
    problems: list[Problem],
) -> list[dict[str, Any]]:
    entries = data.get(table, [])
    good = []
    for entry in entries:
        entry_id = str(entry.get("id", ""))
        line = _line_of(text, f'id = "{entry_id}"') if entry_id else None
        missing = [key for key in required if not isinstance(entry.get(key), str)]
        if missing:
            problems.append(
                Problem(
                    str(path),
                    line,
                    ", ".join(missing),
                    f"[[{table}]] {entry_id or '(no id)'}: missing or not text",
                )
            )
            continue
        entry["_line"] = line
        good.append(entry)
    return good


# The vocabularies of vocabularies.toml, each a concept scheme.
VOCABULARY_TABLES = ("policy_domain", "government_level", "kind")


def load_reference(directory: Path | None = None) -> ReferenceData:
    """Load and check the reference data; every problem is reported in one InputError."""
    problems: list[Problem] = []
    directory = directory or reference_dir()
    vocab_path = directory / "vocabularies.toml"
    posts_path = directory / "minister-posts.toml"
    orgs_path = directory / "organisations.toml"
    vocab, vocab_text = _load_toml(vocab_path, problems)
    posts, posts_text = _load_toml(posts_path, problems)
    orgs, orgs_text = _load_toml(orgs_path, problems)

    def terms(table: str, key: str) -> dict[str, Term]:
        required = ("id", "name_nl", "name_en") + (("code",) if key == "code" else ())
        return {
            e[key]: Term(e["id"], e["name_nl"], e["name_en"], e.get("code", ""))
            for e in _entries(vocab, table, required, vocab_path, vocab_text, problems)
        }

    domains = terms("policy_domain", "code")
    levels = terms("government_level", "id")
    kinds = terms("kind", "id")
    schemes = {
        e["vocabulary"]: Term(e["id"], e["name_nl"], e["name_en"])
        for e in _entries(
            vocab,
            "scheme",
            ("id", "vocabulary", "name_nl", "name_en"),
            vocab_path,
            vocab_text,
            problems,
        )
    }
    for table in VOCABULARY_TABLES:
        if table not in schemes:
            problems.append(
                Problem(
                    str(vocab_path),
                    None,
                    "scheme",
                    f"no [[scheme]] with vocabulary = {table!r}: every vocabulary is a concept "
                    "scheme",
                )
            )

    minister_posts: dict[str, MinisterPost] = {}
    for e in _entries(
        posts,
        "minister_post",
        ("id", "name_nl", "name_en", "themis"),
        posts_path,
        posts_text,
        problems,
    ):
        minister_posts[e["id"]] = MinisterPost(
            e["id"], e["name_nl"], e["name_en"], e["themis"], tuple(e.get("variants", []))
        )

    organisations: dict[str, Organisation] = {}
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
    org_entries = _entries(orgs, "organisation", required, orgs_path, orgs_text, problems)
    for e in org_entries:
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
    for e in org_entries:
        where = (str(orgs_path), e["_line"])
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

    _check_ambiguous_names(
        minister_posts, organisations, posts_path, orgs_path, orgs_text, problems
    )
    stated = [
        _modified(data, path, text, problems)
        for data, path, text in (
            (vocab, vocab_path, vocab_text),
            (posts, posts_path, posts_text),
            (orgs, orgs_path, orgs_text),
        )
    ]
    if problems:
        raise InputError(problems, "Fix the reference data files named above.")
    return ReferenceData(
        minister_posts,
        organisations,
        domains,
        levels,
        kinds,
        schemes,
        max((d for d in stated if d is not None), default=None),
        [vocab_path, posts_path, orgs_path],
    )


def _modified(
    data: dict[str, Any], path: Path, text: str, problems: list[Problem]
) -> dt.date | None:
    """The file's top-level `modified` date (a TOML date: `modified = 2026-12-06`), if any."""
    value = data.get("modified")
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    problems.append(
        Problem(str(path), _line_of(text, "modified"), "modified", "not a date (YYYY-MM-DD)")
    )
    return None


def _check_ambiguous_names(
    minister_posts: dict[str, MinisterPost],
    organisations: dict[str, Organisation],
    posts_path: Path,
    orgs_path: Path,
    orgs_text: str,
    problems: list[Problem],
) -> None:
    """A name that stands for two different entries cannot be resolved."""
    seen: dict[str, str] = {}
    for post in minister_posts.values():
        for name in (post.name_nl, *post.variants):
            key = compact(name)
            if seen.setdefault(key, post.id) != post.id:
                problems.append(
                    Problem(
                        str(posts_path),
                        None,
                        "variants",
                        f"{name!r} names both {seen[key]} and {post.id}",
                    )
                )
    seen = {}
    for org in organisations.values():
        for alias in (org.name_nl, *org.aliases):
            key = compact(alias)
            if seen.setdefault(key, org.id) != org.id:
                problems.append(
                    Problem(
                        str(orgs_path),
                        _line_of(orgs_text, f'"{alias}"'),
                        "aliases",
                        f"{alias!r} names both {seen[key]} and {org.id}",
                    )
                )
