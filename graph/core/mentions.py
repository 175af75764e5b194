"""Organisations named in free text (action descriptions), recognised from the reference data.

Each organisation in ``data/reference/organisations.toml`` lists its ``mention_names``: the forms
under which descriptions name it ("Kazerne Dossin", "OCAD", "justitiehuisen", "LIVC R"). This
module knows nothing about any plan; it only turns those names into one matcher:

- whole words only: a name never matches inside a word ("RAN" not in "TRANSPORT");
- case-aware: a capital in a name must be a capital in the text, a small letter matches either
  case. So acronyms match exactly ("RAN", "AgII", "DG EPI"), a proper name written with a
  capital ("Opgroeien") is not the common word "opgroeien", and a name listed in small letters
  ("justitiehuisen", "lokale besturen") also matches at the start of a sentence;
- spacing and hyphens inside a name are loose: "LIVC-R" also matches "LIVC R" and "LIVCR",
  "Wij-Zij-netwerk" also "Wij-Zij Netwerk"; a straight apostrophe also matches a curly one;
- longest match wins: scanning left to right, the longest name that matches at a position is
  taken ("CAW Limburg" rather than "CAW"), and the text it covers is not read again.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.reference import Organisation, ReferenceData


@dataclass(frozen=True)
class Mention:
    """One organisation named in a text: its id, the text as printed and where it is."""

    organisation_id: str
    printed: str
    start: int
    end: int


def name_pattern(name: str) -> str:
    """Regular expression for one mention name (see the module docstring for the rules).

    Capitals stay exact; everything between them is matched without case: "Opgroeien" becomes
    ``O(?i:pgroeien)``, "LIVC-R" ``LIVC(?i:(?:-\\s*|\\s*))R``.
    """
    parts: list[str] = []
    free: list[str] = []  # atoms matched in any case, waiting for the next capital

    def close_free() -> None:
        if free:
            parts.append(f"(?i:{''.join(free)})")
            free.clear()

    for piece in SEPARATOR_RUN_RE.split(name.strip()):
        if SEPARATOR_RUN_RE.fullmatch(piece):
            free.append(separator_pattern(piece))
            continue
        for char in piece:
            if char.isupper():
                close_free()
                parts.append(re.escape(char))
            elif char in "'\u2019":
                free.append("['\u2019]")
            else:
                free.append(re.escape(char))
    close_free()
    return "".join(parts)


SEPARATOR_RUN_RE = re.compile(r"([\s\-]+)")
# One way to read a run of separators: (least, most) whitespace characters before the first
# hyphen, then the least number of whitespace characters after each hyphen.
_Way = tuple[tuple[int, float], tuple[int, ...]]


def separator_pattern(run: str) -> str:
    """Regular expression for a run of spaces and hyphens inside a name.

    Read one after the other, a space (or several) stands for one or more whitespace characters
    and a hyphen for an optional hyphen followed by any whitespace: "-" matches "-", " " and "";
    "- " matches "- " and " ". Written that way ("-?\\s*\\s+") the regex engine would try every
    split of a long run of whitespace between the two quantifiers. Instead each way the text's
    hyphens can fall on the name's hyphens is one alternative, "(?:-\\s+|\\s+)", in which
    each quantifier ends where a hyphen or the next letter must start: linear in the text.
    """
    atoms = re.sub(r"\s+", " ", run)  # " ": one or more whitespace; "-": optional hyphen
    hyphens = [i for i, atom in enumerate(atoms) if atom == "-"]
    ways: list[_Way] = []
    for count in range(len(hyphens), -1, -1):  # printed hyphens first, as "-?" tries them
        for carriers in itertools.combinations(hyphens, count):
            # the whitespace before the first matched hyphen: none when the run starts with
            # it, else at least one per space atom before it (a hyphen atom may take any)
            before = atoms[: carriers[0]] if carriers else atoms
            lead = (before.count(" "), math.inf if before else 0)
            # after each matched hyphen: at least one per space atom up to the next one
            ends = [*carriers[1:], len(atoms)][:count]
            after = tuple(atoms[c + 1 : e].count(" ") for c, e in zip(carriers, ends, strict=True))
            way = (lead, after)
            if not any(_covers(other, way) for other in ways):
                ways = [other for other in ways if not _covers(way, other)] + [way]
    alternatives = [
        _whitespace(lead) + "".join("-" + _whitespace((least, math.inf)) for least in after)
        for lead, after in ways
    ]
    return alternatives[0] if len(alternatives) == 1 else f"(?:{'|'.join(alternatives)})"


def _covers(way: _Way, other: _Way) -> bool:
    """Whether every text the alternative `other` matches, `way` matches too."""
    (low, high), after = way
    (other_low, other_high), other_after = other
    return (
        len(after) == len(other_after)
        and low <= other_low
        and high >= other_high
        and all(a <= b for a, b in zip(after, other_after, strict=True))
    )


def _whitespace(bounds: tuple[int, float]) -> str:
    low, high = bounds
    if high == 0:
        return ""
    return {0: r"\s*", 1: r"\s+"}.get(low, rf"\s{{{low},}}")


def _first_letter(pattern: str) -> str:
    """The first character a pattern can match, in lower case."""
    unscoped = pattern.removeprefix("(?i:").lstrip("\\")
    return unscoped[0].casefold()


class MentionMatcher:
    """Finds the organisations a text names, using the organisations' ``mention_names``."""

    def __init__(self, organisations: Iterable[Organisation], source: str = "") -> None:
        owner: dict[str, str] = {}  # pattern -> organisation id
        letters: dict[str, int] = {}  # pattern -> length of its name without spaces/hyphens
        problems: list[Problem] = []
        for org in organisations:
            for name in org.mention_names:
                if not name.strip():
                    problems.append(
                        Problem(source, None, "mention_names", f"{org.id}: empty mention name")
                    )
                    continue
                pattern = name_pattern(name)
                if owner.setdefault(pattern, org.id) != org.id:
                    problems.append(
                        Problem(
                            source,
                            None,
                            "mention_names",
                            f"{name!r} names both {owner[pattern]} and {org.id}",
                        )
                    )
                letters[pattern] = len(re.sub(r"[\s\-]", "", name))
        if problems:
            raise InputError(problems, "Give each mention name to one organisation only.")
        self._owner: dict[str, str] = {}  # regex group -> organisation id
        self._regex = self._compile(owner, letters) if owner else None

    def _compile(self, owner: dict[str, str], letters: dict[str, int]) -> re.Pattern[str]:
        """One regex: the names grouped by first letter, longest name first in each group.

        Python takes the first alternative that fits, so longest-first gives the longest match;
        the first-letter lookahead lets a position skip every group that cannot start there.
        """
        by_first: dict[str, list[str]] = {}
        for pattern in owner:
            by_first.setdefault(_first_letter(pattern), []).append(pattern)
        groups = []
        for first, patterns in sorted(by_first.items()):
            alternatives = []
            for pattern in sorted(patterns, key=lambda p: (-letters[p], p)):
                group = f"m{len(self._owner)}"
                self._owner[group] = owner[pattern]
                alternatives.append(f"(?P<{group}>{pattern})")
            starts = re.escape(first + first.upper())
            groups.append(f"(?=[{starts}])(?:{'|'.join(alternatives)})")
        return re.compile(rf"(?<!\w)(?:{'|'.join(groups)})(?!\w)")

    @classmethod
    def from_reference(cls, reference: ReferenceData) -> MentionMatcher:
        source = next(
            (str(path) for path in reference.files if Path(path).name == "organisations.toml"),
            "organisations.toml",
        )
        return cls(reference.organisations.values(), source)

    def mentions(self, text: str) -> list[Mention]:
        """Every organisation name in the text, in reading order."""
        if self._regex is None:
            return []
        found = []
        for match in self._regex.finditer(text):
            group = match.lastgroup
            assert group is not None, "every alternative of the regex is a named group"
            found.append(Mention(self._owner[group], match.group(), match.start(), match.end()))
        return found

    def organisations_in(self, text: str) -> list[str]:
        """Ids of the organisations the text names, each once, sorted."""
        return sorted({mention.organisation_id for mention in self.mentions(text)})


# Names a curator may want to add ------------------------------------------------------------

# Words that start a name of a public body ("Agentschap Zorg en Gezondheid", "Raad voor ...").
BODY_WORDS = ("Agentschap", "Departement", "Dienst", "Raad", "Commissie")
_CAPITALISED = r"[A-Z\u00c0-\u00de][\w'\u2019&-]*"
_CONNECTOR = r"(?:van|voor|de|der|het|en|in|op|aan|of|for|of the|the)"
# Capitalised words, possibly joined by small connecting words, ending in a capitalised word;
# a quoted part ('hulp- en dienstverlening aan gedetineerden') belongs to the name before it.
_QUOTED = r"(?:\s+['\u2018\u2019][^'\u2018\u2019\n]{1,80}['\u2019])?"
CAPITALISED_NAME_RE = re.compile(
    rf"(?<![\w'-])(?:{_CAPITALISED})(?:\s+(?:{_CONNECTOR}\s+)*{_CAPITALISED})+{_QUOTED}"
)
# "Raad voor de Kinderbescherming", "Vlaamse regering": a body word (or "regering") after
# capitalised words or followed by connectors and a capitalised word.
BODY_NAME_RE = re.compile(
    rf"(?<![\w'-])(?:{_CAPITALISED}\s+)*(?:{'|'.join(BODY_WORDS)}|[Rr]egering)"
    rf"(?:\s+(?:{_CONNECTOR}\s+)*{_CAPITALISED})*{_QUOTED}"
)
# Acronyms: two or more capitals (digits and hyphens allowed after the first), a word of its own.
ACRONYM_RE = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*[A-Z](?:-[A-Z0-9]+)*(?![\w-])")
# One capitalised word inside a sentence (after a word in small letters): "via Klascement".
SINGLE_NAME_RE = re.compile(rf"(?<=[a-z,] )(?:{_CAPITALISED})(?![\w'-]|\s+[A-Z])")
# A name is a candidate only when it holds more than the words that start sentences or
# headings; these on their own are not names.
NOT_A_NAME = frozenset({"Actie", "Doelstelling", "Minister", "Vlaanderen", "Vlaamse", "De", "Het"})
# Articles that start a sentence, not a name ("De Strategische nota").
LEADING_ARTICLE_RE = re.compile(r"^(?:De|Het|Een|The)\s+")


@dataclass(frozen=True)
class Candidate:
    """A name found in descriptions that no organisation's mention_names matches."""

    name: str
    kind: str  # "body" (a BODY_WORDS name or "regering"), "name", "acronym" or "word"
    count: int  # occurrences over all texts
    places: tuple[str, ...]  # the keys (action numbers) of the texts it occurs in, in order


def unknown_names(texts: Iterable[tuple[str, str]], matcher: MentionMatcher) -> list[Candidate]:
    """Candidate organisation names in (key, text) pairs that the matcher does not recognise.

    Four recognisers, read in this order, each on the text the earlier ones left: names that
    start or end with a body word (BODY_WORDS, "regering"), capitalised multi-word names,
    acronyms, and single capitalised words inside a sentence. Text a known mention covers is
    blanked first, so no candidate runs into a known name. Names differing only in case are one
    candidate, shown as first printed. Sorted by count (most first), then name.
    """
    counts: dict[tuple[str, str], int] = {}  # (name in small letters, kind) -> count
    printed: dict[tuple[str, str], str] = {}  # the name as first printed
    places: dict[tuple[str, str], list[str]] = {}
    for key, text in texts:
        blanked = _blank(text, [(m.start, m.end) for m in matcher.mentions(text)])
        for kind, regex in (
            ("body", BODY_NAME_RE),
            ("name", CAPITALISED_NAME_RE),
            ("acronym", ACRONYM_RE),
            ("word", SINGLE_NAME_RE),
        ):
            found = []
            for match in regex.finditer(blanked):
                name = LEADING_ARTICLE_RE.sub("", " ".join(match.group().split()))
                words = set(name.split())
                if not words - NOT_A_NAME or (kind == "body" and name in BODY_WORDS):
                    continue
                found.append((match.start(), match.end()))
                entry = (name.casefold(), kind)  # "Vlaamse regering" = "Vlaamse Regering"
                printed.setdefault(entry, name)
                counts[entry] = counts.get(entry, 0) + 1
                if key not in places.setdefault(entry, []):
                    places[entry].append(key)
            blanked = _blank(blanked, found)
    candidates = [
        Candidate(printed[entry], entry[1], counts[entry], tuple(places[entry])) for entry in counts
    ]
    return sorted(candidates, key=lambda c: (-c.count, c.name.casefold(), c.kind))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each span replaced by a full stop and spaces (offsets stay the same), so
    that no later match runs into or across it."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = "." + " " * (end - start - 1)
    return "".join(chars)


def known_mentions(
    texts: Iterable[tuple[str, str]], matcher: MentionMatcher
) -> list[tuple[str, int, tuple[str, ...]]]:
    """(organisation id, number of mentions, keys of the texts naming it) for each organisation
    the texts name, by count (most first), then id."""
    counts: dict[str, int] = {}
    places: dict[str, list[str]] = {}
    for key, text in texts:
        for mention in matcher.mentions(text):
            org_id = mention.organisation_id
            counts[org_id] = counts.get(org_id, 0) + 1
            if key not in places.setdefault(org_id, []):
                places[org_id].append(key)
    rows = [(org_id, counts[org_id], tuple(places[org_id])) for org_id in counts]
    return sorted(rows, key=lambda row: (-row[1], row[0]))
