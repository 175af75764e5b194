"""Resolve the printed cells of a parsed plan to reference data.

Minister cells are split at each "Minister van/voor" (with the official titles before it:
"Vlaams minister van", "(Vice)minister-president ... en Vlaams minister van"); the first post is
the coordinating minister, the others are involved. A portfolio printed with competences added
to a known post is that post, with a warning naming the added words. Trekker cells run
organisation names together ("WSE KBBJ (Agentschap Integratie en Inburgering) OCAD VGC"), so
they are read by
longest match against the known aliases; text that matches nothing is an unknown name.

Every unknown name is a problem (file, line, printed text, closest known names); all of them
are reported in one run. With ``allow_unknown`` each becomes a provisional entry instead.
Unknown text is split the way the known names are printed: at separators, before each
policy-domain code that opens a bracket ("KBBJ (") and after a closing bracket followed by
another name; "i.s.m." (in samenwerking met) separates names. "Full name (ABBR)" is one
organisation, also when "ABBR" is printed alone elsewhere in the plan. A printed
"KBBJ (Agentschap X)" becomes the provisional organisation "Agentschap X" in policy domain KBBJ;
a bare domain code before a bracket ("WVG (Onbekend)") is read as that domain, not as the
organisation the code alone stands for.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from actieplan.graph.core.budget import Budget, read_budget
from actieplan.graph.core.errors import InputError, Problem
from actieplan.graph.core.records import Action, Plan, Printed
from actieplan.graph.core.reference import MinisterPost, Organisation, ReferenceData, compact
from actieplan.graph.core.timing import Timing, read_timing

# Where a minister's portfolio starts: after "Minister van/voor", with the official titles
# before it that are no posts: "Vlaams minister van", "Viceminister-president (van de Vlaamse
# Regering) en Vlaams minister van", "Minister-president, Vlaams minister van". Possessive
# quantifiers: a run of spaces is read one way only.
MINISTER_RE = re.compile(
    r"(?:\b(?:vice-?\s*+)?minister-?\s*+president\b"
    r"(?:\s++van\s++de\s++vlaamse\s++regering\b)?\s*+(?:,|\ben\b)?\s*+)?"
    r"(?:\bvlaamse?\s++)?\bminister\s++(?:van|voor)\b\s*+",
    re.IGNORECASE,
)
NAME_TRIM = " ,;.:/-\u2013"
# Where an unknown stretch of a Trekker cell splits into names: commas, semicolons, slashes,
# before a policy-domain code opening brackets ("KBBJ (...") and after a closing bracket that
# another name follows ("...) Vlaamse Toezichtcommissie"). A separator that starts with spaces
# is only tried where the run of spaces starts, so that a long run is not read once per space.
UNKNOWN_SPLIT_RE = re.compile(
    r"(?:(?<!\s)\s+)?[,;/]\s*"
    r"|(?<!\s)\s+(?=[A-Z]{2,}\s*\()"
    r"|(?<=\))\s+(?=[^\s,;/])"
)
# A printed "CODE (name)": a policy-domain code and, in brackets, the organisation's name (the
# closing bracket may be lost at a page break).
CODE_NAME_RE = re.compile(r"([A-Z]+(?: [A-Z]+)?)\s*\((.*?)\)?")
# Right after a known name: a bracket opens, so the name was a policy-domain code.
OPENS_BRACKET_RE = re.compile(r"\s*\(")
# "i.s.m." / "in samenwerking met" (in cooperation with) before the partners: no name.
JOINING_PHRASE_RE = re.compile(r"i\.\s*s\.\s*m\.|in\s+samenwerking\s+met\b", re.IGNORECASE)
# An abbreviation in brackets after a name, "Vlaams Vredesinstituut (VVI)": one word with at
# least two capitals, matched where the bracket opens (pattern.match(text, end)).
ABBREVIATION_AFTER_RE = re.compile(r"\s*+\(\s*+(?P<abbreviation>[^\s()]+)\s*+\)")
ABBREVIATION_RE = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[\w&'.\-]+")
# A whole printed name "Full name (ABBR)".
FULL_NAME_ABBREVIATION_RE = re.compile(r"(?P<name>[^()]*[^\s()])\s*\((?P<abbreviation>[^\s()]+)\)")


@dataclass(frozen=True)
class NameRef:
    """A printed name and what it resolved to."""

    printed: str
    line: int | None
    entity_id: str
    resolved: bool = True


@dataclass
class ResolvedAction:
    action: Action
    ministers: list[NameRef]  # coordinating first
    organisations: list[NameRef]  # lead first
    timing: Timing
    budget: Budget
    budget_payer: NameRef | None = None

    @property
    def coordinating_minister(self) -> NameRef | None:
        return self.ministers[0] if self.ministers else None

    @property
    def involved_ministers(self) -> list[NameRef]:
        return self.ministers[1:]

    @property
    def lead(self) -> NameRef | None:
        return self.organisations[0] if self.organisations else None

    @property
    def partners(self) -> list[NameRef]:
        return self.organisations[1:]


@dataclass
class ResolvedPlan:
    plan: Plan
    reference: ReferenceData
    actions: list[ResolvedAction]
    provisional_posts: dict[str, MinisterPost] = field(default_factory=dict)
    provisional_organisations: dict[str, Organisation] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def minister_post(self, post_id: str) -> MinisterPost:
        return self.reference.minister_posts.get(post_id) or self.provisional_posts[post_id]

    def organisation(self, org_id: str) -> Organisation:
        return self.reference.organisations.get(org_id) or self.provisional_organisations[org_id]


def slug(text: str) -> str:
    """Readable identifier for IRIs: "Zorg & Gezondheid" -> "zorg-gezondheid"."""
    words = (compact(word) for word in re.split(r"[^\w]+|_", text))
    return "-".join(word for word in words if word) or "x"


def split_ministers(cell: Printed) -> list[tuple[str, int]]:
    """Printed portfolio names with their offsets in the cell, in printed order."""
    text = cell.text
    starts = [m for m in MINISTER_RE.finditer(text)]
    names: list[tuple[str, int]] = []
    head = text[: starts[0].start()] if starts else text
    if compact(_portfolio(head)):
        names.append((_portfolio(head), 0))
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        name = _portfolio(text[match.end() : end])
        if name:
            names.append((name, match.start()))
    return names


def _portfolio(printed: str) -> str:
    """A printed portfolio without the separators and the joining "en" after it (read back
    from the end, so that a cell of many "en" is read once)."""
    name = printed.strip(NAME_TRIM)
    end = len(name)
    while name[max(end - 2, 0) : end].lower() == "en" and (end == 2 or name[end - 3].isspace()):
        end -= 2
        while end and (name[end - 1] in NAME_TRIM or name[end - 1].isspace()):
            end -= 1
    return name[:end]


def _compact_index(text: str) -> tuple[str, list[int]]:
    """compact(text) and, for each of its characters, the offset in text it came from."""
    chars: list[str] = []
    offsets: list[int] = []
    for offset, char in enumerate(text):
        folded = compact(char)
        chars.append(folded)
        offsets.extend([offset] * len(folded))
    return "".join(chars), offsets


def split_organisations(
    cell: Printed, aliases: dict[str, str], domain_codes: Collection[str] = ()
) -> list[tuple[str, int, str | None]]:
    """(printed name, offset, organisation id or None) for each name in a Trekker cell.

    Longest alias first, matches starting and ending at word boundaries of the printed text.
    A match that is one of the policy-domain codes (compact form, e.g. "kbbj") and is followed
    by an opening bracket is not taken: it starts an unknown "CODE (name)".
    """
    codes = {compact(code) for code in domain_codes}
    text = cell.text
    folded, offsets = _compact_index(text)
    by_length = sorted(aliases, key=len, reverse=True)
    found: list[tuple[str, int, str | None]] = []
    unknown_from: int | None = None
    i = 0
    while i < len(folded):
        start = offsets[i]
        at_word_start = start == 0 or not text[start - 1].isalnum()
        match = None
        joining = JOINING_PHRASE_RE.match(text, start) if at_word_start else None
        if joining is not None:  # a separator: ends the unknown stretch before it
            if unknown_from is not None:
                found.extend(_unknown_names(text[unknown_from:start], unknown_from, codes))
                unknown_from = None
            while i < len(folded) and offsets[i] < joining.end():
                i += 1
            continue
        if at_word_start:
            for alias in by_length:
                if folded.startswith(alias, i):
                    end = offsets[i + len(alias) - 1] + 1
                    if end == len(text) or not text[end].isalnum():
                        if alias in codes and OPENS_BRACKET_RE.match(text, end):
                            break  # "CODE (" of a name no alias knows
                        match = alias
                        break
        if match is None:
            if unknown_from is None:
                unknown_from = start
            i += 1
            continue
        end = offsets[i + len(match) - 1] + 1
        if unknown_from is not None:
            unknown = _unknown_names(text[unknown_from:start], unknown_from, codes)
            unknown_from = None
            if unknown and _bracketed_abbreviation(text, unknown[-1][1], start, end):
                # "Full name (ABBR)" of a known abbreviation: one printed name of that one
                start = unknown.pop()[1]
                end = text.index(")", end) + 1
            found.extend(unknown)
        abbreviation = _abbreviation_of(text, end, aliases[match], aliases)
        if abbreviation is not None:  # "Full name (ABBR)": one printed name
            end = abbreviation.end()
            while i + len(match) < len(folded) and offsets[i + len(match)] < end:
                i += 1
        found.append((_printed_span(text, start, end), start, aliases[match]))
        i += len(match)
    if unknown_from is not None:
        found.extend(_unknown_names(text[unknown_from:], unknown_from, codes))
    return found


def _abbreviation_of(
    text: str, end: int, org_id: str, aliases: dict[str, str]
) -> re.Match[str] | None:
    """The "(ABBR)" printed right after a known name at `end`, when it abbreviates the same
    organisation (an alias of it, or a word of capitals that names no other one)."""
    found = ABBREVIATION_AFTER_RE.match(text, end)
    if found is None or not ABBREVIATION_RE.fullmatch(found["abbreviation"]):
        return None
    return found if aliases.get(compact(found["abbreviation"]), org_id) == org_id else None


def _bracketed_abbreviation(text: str, name_start: int, start: int, end: int) -> bool:
    """Whether the known name text[start:end] is an abbreviation in brackets right after the
    unknown name starting at name_start: "Full name (ABBR)"."""
    printed = FULL_NAME_ABBREVIATION_RE.match(text, name_start)
    return (
        printed is not None
        and printed.start("abbreviation") == start
        and printed.end("abbreviation") == end
        and ABBREVIATION_RE.fullmatch(printed["abbreviation"]) is not None
    )


def _names_not_listed(printed: str, org_id: str | None, aliases: dict[str, str]) -> list[str]:
    """The full name and the abbreviation of a known organisation printed "Full name (ABBR)"
    that the reference data does not list among its names (empty when it lists both)."""
    found = FULL_NAME_ABBREVIATION_RE.fullmatch(printed)
    if org_id is None or found is None or compact(printed) in aliases:
        return []
    names = (found["name"].strip(NAME_TRIM), found["abbreviation"])
    return [name for name in names if aliases.get(compact(name)) != org_id]


def _printed_span(text: str, start: int, end: int) -> str:
    """The printed name, with a closing bracket kept when the alias match stopped before it."""
    span = text[start:end]
    if span.count("(") > span.count(")") and text[end : end + 1] == ")":
        span += ")"
    return span.strip()


def provisional_name(printed: str, domain_codes: Collection[str]) -> tuple[str, str]:
    """(name, policy-domain code) of an unknown printed name: "KBBJ (Agentschap X)" gives
    ("Agentschap X", "KBBJ") when KBBJ is one of the codes (compared in compact form, so
    "K BBJ" too); any other name is its own name, without a domain and outer brackets."""
    by_compact = {compact(code): code for code in domain_codes}
    found = CODE_NAME_RE.fullmatch(printed.strip())
    if found and compact(found.group(1)) in by_compact and compact(found.group(2)):
        return found.group(2).strip(NAME_TRIM), by_compact[compact(found.group(1))]
    name = printed.strip(NAME_TRIM)
    if name.startswith("(") and name.count("(") > name.count(")"):
        name = name[1:]
    if name.endswith(")") and name.count(")") > name.count("("):
        name = name[:-1]
    return name.strip(NAME_TRIM), ""


def _unknown_names(stretch: str, offset: int, codes: set[str]) -> list[tuple[str, int, str | None]]:
    """The names in a stretch of a Trekker cell that no alias matched (codes: the compact
    policy-domain codes, so that a code split after its first letter, "K BBJ (", stays one)."""
    pieces: list[tuple[str, int]] = []
    position = 0
    for piece in UNKNOWN_SPLIT_RE.split(stretch):
        index = stretch.find(piece, position)
        position = index + len(piece)
        if pieces and len(compact(pieces[-1][0])) == 1:
            code = CODE_NAME_RE.match(piece)
            if code and compact(pieces[-1][0] + code.group(1)) in codes:
                pieces[-1] = (stretch[pieces[-1][1] : position], pieces[-1][1])
                continue
        pieces.append((piece, index))
    names: list[tuple[str, int, str | None]] = []
    for piece, index in pieces:
        name = piece.strip(NAME_TRIM + "()")
        if compact(name) and len(compact(name)) > 1:
            names.append((piece.strip(NAME_TRIM), offset + index, None))
    return names


def _closest_hint(names: list[str]) -> str:
    return f"closest known: {'; '.join(names)}" if names else "no similar known name"


def resolve_plan(
    plan: Plan,
    reference: ReferenceData,
    allow_unknown: bool = False,
    reference_hint: str = "data/reference/",
) -> ResolvedPlan:
    """Resolve every minister and organisation name of every action, or raise InputError."""
    resolved = ResolvedPlan(plan, reference, [], warnings=list(plan.warnings))
    problems: list[Problem] = []
    aliases = reference.organisation_aliases
    extended_names: set[str] = set()  # portfolios read as an extended known post, said once
    abbreviated_names: set[str] = set()  # known organisations read by their abbreviation
    organisation_names = {
        action.number: split_organisations(action.organisations, aliases, reference.policy_domains)
        for action in plan.actions
    }
    # A known name with an abbreviation in brackets the reference data does not list: "ABBR"
    # printed alone elsewhere in the plan is that organisation.
    known_abbreviations = {
        compact(found["abbreviation"]): org_id
        for names in organisation_names.values()
        for name, _, org_id in names
        if org_id is not None
        and compact(name) not in aliases  # not an alias such as "OV (Onderwijs)"
        and (found := FULL_NAME_ABBREVIATION_RE.fullmatch(name))
        and compact(found["abbreviation"]) not in aliases
    }
    # Unknown "Full name (ABBR)" printed anywhere in the plan: "ABBR" alone is the same one.
    unknown_abbreviations = {
        compact(found["abbreviation"]): name
        for names in organisation_names.values()
        for name, _, org_id in names
        if org_id is None
        and (found := FULL_NAME_ABBREVIATION_RE.fullmatch(name))
        and ABBREVIATION_RE.fullmatch(found["abbreviation"])
    }

    for action in plan.actions:
        ministers: list[NameRef] = []
        for position, (name, offset) in enumerate(split_ministers(action.ministers)):
            line = action.ministers.line_at(offset)
            post = reference.minister_post_for(name)
            extended = reference.minister_post_extended(name) if post is None else None
            if extended is not None:
                post, added = extended
                if name not in extended_names:
                    extended_names.add(name)
                    resolved.warnings.append(
                        f"{plan.source}:{line}: action {action.number}: minister post "
                        f"{name!r} read as {post.label_nl!r} with the competences "
                        f"{', '.join(repr(word) for word in added)} added to it; list the "
                        "printed portfolio as a variant of the post if that is right"
                    )
            if post is None:
                column = "Coördinerend minister" if position == 0 else "Betrokken ministers"
                problems.append(
                    Problem(
                        plan.source,
                        line,
                        column,
                        f"action {action.number}: minister post {name!r} is not "
                        "in the reference data; "
                        + _closest_hint(reference.closest_minister_posts(name)),
                    )
                )
                post = _provisional_post(resolved, name)
            ref = NameRef(name, line, post.id, not post.provisional)
            _append_unique(ministers, ref, action, "minister", resolved.warnings, plan.source)

        organisations: list[NameRef] = []
        for position, (name, offset, org_id) in enumerate(organisation_names[action.number]):
            line = action.organisations.line_at(offset)
            how = "a name with its abbreviation in brackets"
            if org_id is None and compact(name) in known_abbreviations:
                org_id = known_abbreviations[compact(name)]
                how, not_listed = "the abbreviation printed after its name elsewhere", [name]
            else:
                not_listed = _names_not_listed(name, org_id, aliases)
            if org_id is not None and not_listed and name not in abbreviated_names:
                abbreviated_names.add(name)
                resolved.warnings.append(
                    f"{plan.source}:{line}: action {action.number}: organisation {name!r} "
                    f"read as {reference.organisations[org_id].name_nl!r} ({how}); add "
                    f"{' and '.join(repr(n) for n in not_listed)} to its aliases if that is right"
                )
            if org_id is None:
                column = "Trekker" if position == 0 else "Partner"
                problems.append(
                    Problem(
                        plan.source,
                        line,
                        column,
                        f"action {action.number}: organisation {name!r} is not "
                        "in the reference data; "
                        + _closest_hint(reference.closest_organisations(name)),
                    )
                )
                full_name = unknown_abbreviations.get(compact(name), name)
                org_id = _provisional_organisation(resolved, full_name, name).id
            ref = NameRef(name, line, org_id, org_id in reference.organisations)
            _append_unique(
                organisations, ref, action, "organisation", resolved.warnings, plan.source
            )

        budget = read_budget(action.budget.text)
        payer = None
        if budget.payer:
            payer_id = aliases.get(compact(budget.payer))
            if payer_id:
                payer = NameRef(budget.payer, action.budget.first_line, payer_id)
        resolved.actions.append(
            ResolvedAction(
                action, ministers, organisations, read_timing(action.timing.text), budget, payer
            )
        )

    if problems and not allow_unknown:
        raise InputError(
            problems,
            f"{len(problems)} name(s) resolve to nothing. Add them (or a spelling "
            f"variant) to the reference data in {reference_hint}, or build with "
            "--allow-unknown to explore the plan with provisional entries.",
        )
    resolved.warnings.extend(f"unresolved: {p}" for p in problems)
    return resolved


def _append_unique(
    refs: list[NameRef], ref: NameRef, action: Action, what: str, warnings: list[str], source: str
) -> None:
    if any(r.entity_id == ref.entity_id for r in refs):
        warnings.append(
            f"{source}:{ref.line}: action {action.number}: {what} {ref.printed!r} "
            "is printed twice in the cell; kept once"
        )
        return
    refs.append(ref)


def _provisional_post(resolved: ResolvedPlan, name: str) -> MinisterPost:
    post_id = f"unresolved-{slug(name)}"
    return resolved.provisional_posts.setdefault(
        post_id, MinisterPost(post_id, name, name, "", (), provisional=True)
    )


def _provisional_organisation(resolved: ResolvedPlan, full_name: str, printed: str) -> Organisation:
    """The provisional organisation of an unknown printed name ("KBBJ (Agentschap X)": the
    organisation "Agentschap X" in domain KBBJ; "Buurtwerk Vlaanderen (BWV)", and "BWV" printed
    elsewhere in the plan: "Buurtwerk Vlaanderen" abbreviated "BWV"), one per name; its domain
    is the first one printed with it, its aliases every printed form."""
    name, domain = provisional_name(full_name, resolved.reference.policy_domains)
    abbreviation = ""
    found = FULL_NAME_ABBREVIATION_RE.fullmatch(name)
    if found and ABBREVIATION_RE.fullmatch(found["abbreviation"]):
        name, abbreviation = found["name"].strip(NAME_TRIM), found["abbreviation"]
    org_id = f"unresolved-{slug(name)}"
    known = resolved.provisional_organisations.get(org_id)
    if known is None:
        known = Organisation(org_id, name, name, "", "", domain, "", "", (), provisional=True)
    known = replace(
        known,
        abbreviation=known.abbreviation or abbreviation,
        policy_domain=known.policy_domain or domain,
        aliases=tuple(dict.fromkeys((*known.aliases, printed))),
    )
    resolved.provisional_organisations[org_id] = known
    return known
