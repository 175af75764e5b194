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
