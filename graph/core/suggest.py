"""Reference entries to curate for a plan's unknown names (`actieplan reference suggest`).

The plan is resolved with provisional entries (resolve.py, as `--allow-unknown` does); each
provisional minister post and organisation becomes a TOML entry in the format of
data/reference/, ready to edit and to pass as a `--reference` layer. What the printed text
says is copied (names, printed forms as aliases, a policy-domain code printed before a
bracket); what is guessed from the words of the name (kind, level, a domain nobody printed) is
marked with a comment, and the closest known names are listed for the curator to check that
the name is really new. A name printed as "Full name (ABBR)" and elsewhere as "ABBR" is one
organisation: "Full name" with abbreviation "ABBR" and all three forms as aliases.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field

from actieplan.graph.core.reference import MinisterPost, Organisation, ReferenceData, compact
from actieplan.graph.core.resolve import ResolvedPlan, slug

# "Vlaamse Toezichtcommissie (VTC)": a name, then in brackets one word with a capital and no
# small letter before it (an abbreviation such as "VTC", "AgII", "VCLP").
FULL_ABBREVIATION_RE = re.compile(r"(?P<full>.*?\S)\s*\((?P<abbreviation>[A-Z][\w'&.-]{1,14})\)")

# Kind of organisation guessed from a word of its name: (word at the start of a name or
# anywhere in it, kind id of data/reference/vocabularies.toml). The first that matches wins.
KIND_WORDS = (
    ("agentschap", "agency"),
    ("departement", "department"),
    ("afdeling", "division"),
    ("dienst", "unit"),
    ("fod", "federal-body"),
    ("federale", "federal-body"),
    ("vzw", "non-profit"),
    ("vereniging", "non-profit"),
    ("universiteit", "research-institution"),
    ("hogeschool", "research-institution"),
    ("kenniscentrum", "research-institution"),
    ("instituut", "research-institution"),
    ("netwerk", "network"),
    ("platform", "network"),
    ("commissie", "network"),
    ("raad", "network"),
    ("europese", "eu-body"),
    ("lokale besturen", "local-governments"),
)
# Government level guessed from the kind, or from a word of the name.
LEVEL_OF_KIND = {
    "agency": "flemish",
    "department": "flemish",
    "division": "flemish",
    "unit": "flemish",
    "federal-body": "federal",
    "eu-body": "eu",
    "local-governments": "local",
    "non-profit": "civil-society",
    "research-institution": "civil-society",
}
LEVEL_WORDS = (
    ("vlaams", "flemish"),
    ("vlaanderen", "flemish"),
    ("federa", "federal"),
    ("stad", "local"),
    ("gemeente", "local"),
    ("lokale", "local"),
    ("europe", "eu"),
)
DEFAULT_KIND = "unit"
DEFAULT_LEVEL = "flemish"


@dataclass
class SuggestedOrganisation:
    name: str
    abbreviation: str = ""
    policy_domain: str = ""  # printed before the name ("KBBJ (...)"), else guessed
    domain_printed: bool = False
    printed_forms: list[str] = field(default_factory=list)


def _words(name: str) -> list[str]:
    return [compact(word) for word in re.split(r"[^\w]+", name) if compact(word)]


def _guess_kind(name: str) -> tuple[str, str]:
    """(kind id, the word it was guessed from, or "" for the default)."""
    folded = " ".join(_words(name))
    for word, kind in KIND_WORDS:
        if re.search(rf"(?:^| ){word}", folded):
            return kind, word
    return DEFAULT_KIND, ""


def _guess_level(name: str, kind: str) -> tuple[str, str]:
    for word, level in LEVEL_WORDS:
        if any(w.startswith(word) for w in _words(name)):
            return level, word
    if kind in LEVEL_OF_KIND:
        return LEVEL_OF_KIND[kind], f"kind {kind}"
    return DEFAULT_LEVEL, ""


def _guess_domain(name: str, reference: ReferenceData) -> tuple[str, str]:
    """A policy domain one of whose name's words ("Onderwijs", "Jeugd") is a word of the name;
    ("", "") when none or more than one domain fits."""
    words = set(_words(name))
    fits = {
        code: word
        for code, domain in reference.policy_domains.items()
        for word in _words(domain.name_nl)
        if len(word) > 3 and word in words
    }
    if len(fits) == 1:
        ((code, word),) = fits.items()
        return code, word
    return "", ""


def _full_and_abbreviation(org: Organisation) -> re.Match[str] | None:
    """ "Full name (ABBR)", if the name or a printed form of the organisation reads so."""
    for form in (org.name_nl, *org.aliases):
        found = FULL_ABBREVIATION_RE.fullmatch(form.strip())
        if found:
            return found
    return None


def _organisations(resolved: ResolvedPlan) -> list[SuggestedOrganisation]:
    """One suggestion per unknown organisation, "Full name (ABBR)" and "ABBR" joined."""
    suggestions: list[SuggestedOrganisation] = []
    by_name: dict[str, SuggestedOrganisation] = {}  # compact name or abbreviation
    provisional = list(resolved.provisional_organisations.values())
    # Names with an abbreviation in brackets first, so that a bare "ABBR" joins them.
    provisional.sort(key=lambda org: _full_and_abbreviation(org) is None)
    for org in provisional:
        found = _full_and_abbreviation(org)
        name, abbreviation = (found["full"], found["abbreviation"]) if found else (org.name_nl, "")
        suggestion = by_name.get(compact(name)) or (
            by_name.get(compact(abbreviation)) if abbreviation else None
        )
        if suggestion is None:
            suggestion = SuggestedOrganisation(name, abbreviation)
            suggestions.append(suggestion)
        suggestion.abbreviation = suggestion.abbreviation or abbreviation
        if org.policy_domain and not suggestion.policy_domain:
            suggestion.policy_domain, suggestion.domain_printed = org.policy_domain, True
        for form in (*org.aliases, name, abbreviation):
            if form and form not in suggestion.printed_forms:
                suggestion.printed_forms.append(form)
        for key in (name, abbreviation):
            if key:
                by_name.setdefault(compact(key), suggestion)
    return suggestions


def _toml(value: str | list[str]) -> str:
    """A TOML basic string or array of them (JSON's string escapes are TOML's)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return "[" + ", ".join(_toml(item) for item in value) + "]"


def _unique_id(name: str, taken: set[str]) -> str:
    base = slug(name)
    entry_id, n = base, 2
    while entry_id in taken:
        entry_id, n = f"{base}-{n}", n + 1
    taken.add(entry_id)
    return entry_id


def _closest_comment(names: list[str]) -> str:
    if not names:
        return "# closest known: none"
    return (
        "# closest known: "
        + "; ".join(names)
        + " (if it is one of these, the name is a new spelling: no new entry)"
    )


def _post_entry(post: MinisterPost, reference: ReferenceData, taken: set[str]) -> list[str]:
    return [
        "[[minister_post]]",
        _closest_comment(reference.closest_minister_posts(post.name_nl)),
        f"id = {_toml(_unique_id(post.name_nl, taken))}",
        f"name_nl = {_toml(post.name_nl)}",
        f"name_en = {_toml(post.name_nl)}  # to translate",
        'themis = ""  # the Themis mandataris IRI of the post, if it has one',
        "variants = []",
        "",
    ]


def _organisation_entry(
    suggestion: SuggestedOrganisation, reference: ReferenceData, taken: set[str]
) -> list[str]:
    kind, kind_word = _guess_kind(suggestion.name)
    level, level_word = _guess_level(suggestion.name, kind)
    if suggestion.domain_printed:
        domain, domain_note = suggestion.policy_domain, "  # printed before the name"
    else:
        domain, word = _guess_domain(suggestion.name, reference)
        domain_note = f"  # guessed from {word!r}" if word else "  # none printed: add one?"
    kind_note = f"  # guessed from {kind_word!r}" if kind_word else "  # guess: no word says"
    level_note = f"  # guessed from {level_word}" if level_word else "  # guess: no word says"
    known = {
        compact(name) for org in reference.organisations.values() for name in org.mention_names
    }
    mention_names = [
        name
        for name in (suggestion.name, suggestion.abbreviation)
        if name and compact(name) not in known
    ]
    return [
        "[[organisation]]",
        _closest_comment(reference.closest_organisations(suggestion.name)),
        f"id = {_toml(_unique_id(suggestion.name, taken))}",
        f"name_nl = {_toml(suggestion.name)}",
        f"name_en = {_toml(suggestion.name)}  # to translate",
        f"abbreviation = {_toml(suggestion.abbreviation)}",
        f"kind = {_toml(kind)}{kind_note}",
        f"policy_domain = {_toml(domain)}{domain_note}",
        f"level = {_toml(level)}{level_note}",
        'parent = ""',
        f"aliases = {_toml(suggestion.printed_forms)}",
        f"mention_names = {_toml(mention_names)}",
        "",
    ]


def suggest_reference(resolved: ResolvedPlan, source: str) -> str:
    """TOML entries for the provisional minister posts and organisations of `resolved` (a plan
    resolved with allow_unknown); an empty string when the plan has no unknown names."""
    posts = list(resolved.provisional_posts.values())
    organisations = _organisations(resolved)
    if not posts and not organisations:
        return ""
    reference = resolved.reference
    taken = set(reference.minister_posts) | set(reference.organisations)
    header = (
        f"Reference entries for the names of {source} that the reference data does not know, "
        "suggested by `actieplan reference suggest`. Check each entry (the comments say what "
        "was guessed), then build with `--reference` naming this file or its folder. "
        f"Kinds: {', '.join(sorted(reference.kinds))}. "
        f"Levels: {', '.join(sorted(reference.government_levels))}. "
        f'Policy domains: {", ".join(sorted(reference.policy_domains))} (or "").'
    )
    lines = [f"# {line}" for line in textwrap.wrap(header, 96, break_on_hyphens=False)] + [""]
    for post in posts:
        lines += _post_entry(post, reference, taken)
    for suggestion in organisations:
        lines += _organisation_entry(suggestion, reference, taken)
    return "\n".join(lines)
