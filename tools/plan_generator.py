"""Synthetic action plans in the flattened text layout, with their ground truth.

Each plan is written the way the PDF conversion flattened the Flemish Government's plans
(data/source/*.txt): objective headings, then per action a table row (Actie | ministers |
Trekker | Timing | Budget) in one of the layouts the parser reads, then a description. The
generator knows what it printed, so every action comes with its ground truth: number,
objective, section, title, coordinating and involved minister posts, lead and partners
(reference ids), timing start and end (ISO, at the printed precision), ongoing, open-ended and
the budget (amounts with per year, years and the year printed after them; regular means,
payer, co-funding shares, a fund).

Names come from the shipped reference data (data/reference/) and are invented too; the
invented ones come with a reference layer (TOML, for `--reference`) so that the plan builds
without `--allow-unknown`. Everything follows from the seed.

The printed forms are named (FORMS): every form the parser reads, those of issue 20 point 1
included (official titles, ministers joined by "en", portfolios with added competences,
"i.s.m.", quarters, school years, "miljoen", amounts with their years, "Geen extra
middelen"). A plan uses the forms it is given, all of them by default.

    python -m actieplan.tools.plan_generator --out plans/ --plans 10 --actions 50 --seed 1
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import textwrap
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from actieplan.graph.core.reference import ReferenceData, compact, load_reference

LAYOUT_FORMS = (
    "tab-row",  # Actie N.M: title<TAB>ministers<TAB>Trekker<TAB>Timing<TAB>Budget
    "p-row",  # the same, each cell in <p>...</p>
    "title-own-line",  # the title line alone, then a row of the other four cells
    "continued-row",  # cells continued on a row that starts with a tab, after a page break
    "cell-per-line",  # the title line, then each cell as a block of short lines
    "empty-trekker",  # no lead and no partners
    "empty-timing",
    "section-heading",  # an all-capitals heading that groups the actions after it
)
MINISTER_FORMS = (
    "minister-name",  # "Minister van <portfolio as in the reference data>"
    "minister-variant",  # "Minister van <a listed variant>"
    "minister-no-commas",  # "Minister van Welzijn Volksgezondheid Gezin en ..."
    "minister-voor",  # "Minister voor <portfolio>"
    "minister-extended",  # "Minister van <portfolio> en Armoedebestrijding": the known post
    "official-title",  # "Vlaams minister van <portfolio>"
    "viceminister-president",  # "Viceminister-president en Vlaams minister van <portfolio>"
    "ministers-joined-en",  # "Minister van A en minister van B"
    "invented-post",  # a post of the generated reference layer
)
ORGANISATION_FORMS = (
    "org-alias",  # any printed form (alias) of a shipped organisation
    "invented-org",  # an organisation of the generated layer
    "invented-org-domain-code",  # "KBBJ (Agentschap X)", X of the generated layer
    "full-abbreviation",  # "Full name (ABBR)", elsewhere "ABBR": one organisation
    "isms",  # "Lead i.s.m. Partner, Partner"
)
TIMING_FORMS = (
    "timing-years",  # "2021-2024", "2021 - 2024", "2021 – 2024"
    "timing-year",  # "2024"
    "timing-dates",  # "1 april 2021 – 31 maart 2023"
    "timing-slash-dates",  # "1/1/2020 tot 31/12/2021"
    "timing-months",  # "mei 2021 tot juni 2023"
    "timing-ongoing",  # "Doorlopend", "Continu"
    "timing-from",  # "Vanaf 2021", "Vanaf 01/09/2021"
    "timing-and-later",  # "2021 en verder"
    "timing-season",  # "najaar 2021"
    "timing-until",  # "Tot eind 2024", "Uiterlijk 31 december 2024"
    "timing-phases",  # "Eerste fase: 2021 Tweede fase: eind 2021 - 2024"
    "timing-quarters",  # "Q2 2023 – Q4 2024": April 2023 to December 2024
    "timing-school-year",  # "schooljaar 2023-2024": September to August
)
BUDGET_FORMS = (
    "budget-amount",  # "104.320 euro"
    "budget-decimal",  # "248.498,53 euro"
    "budget-spaced-euro-sign",  # "500 000 €"
    "budget-euro-sign-before",  # "€ 50.000"
    "budget-per-year",  # "104.320 euro / jaar", "... per jaar"
    "budget-multi-year",  # "232.540 euro (3 jaar)"
    "budget-regular",  # "Binnen de reguliere middelen"
    "budget-payer",  # "ABB (200.000 euro)"
    "budget-shares",  # "991.248 euro (waarvan 90 % door de EU wordt gefinancierd en 10% uit DOV)"
    "budget-fund",  # "ISF-P fonds van de Europese Commissie"
    "budget-phases",  # "Eerste fase: 50.000 euro Tweede fase: 500.000 euro / jaar"
    "budget-million",  # "1,2 miljoen euro"
    "budget-yearly-amounts",  # "75.000 euro (2023) en 80.000 euro (2024)": each with its year
    "budget-no-extra",  # "Geen extra middelen": regular means
)
FORMS = LAYOUT_FORMS + MINISTER_FORMS + ORGANISATION_FORMS + TIMING_FORMS + BUDGET_FORMS
# The forms that print only names of the shipped reference data: a plan in these forms builds
# without a reference layer of its own (many plans over one reference, as in one dataset).
INVENTED_NAME_FORMS = (
    "invented-post",
    "invented-org",
    "invented-org-domain-code",
    "full-abbreviation",
)
SHIPPED_NAME_FORMS = tuple(form for form in FORMS if form not in INVENTED_NAME_FORMS)

MONTH_NAMES = (
    "januari februari maart april mei juni juli augustus september oktober november december"
).split()
# Parts of a year as a reader takes them: (first month, last month).
SEASONS = {"voorjaar": (3, 5), "zomer": (6, 8), "najaar": (9, 11)}
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"
CELL_LINE_WIDTH = 40  # the narrow columns of a table printed one cell per line

TOPICS = (
    "Digitale Weerbaarheid",
    "Mediawijsheid",
    "Burgerschap",
    "Jongerenwerk",
    "Buurtbemiddeling",
    "Online Veiligheid",
    "Samenleven",
    "Dialoog",
    "Diversiteit",
    "Nieuwkomers",
    "Herstelgericht Werken",
    "Weerbare Scholen",
    "Levensbeschouwing",
    "Vrijwilligerswerk",
    "Preventie",
)
BODY_WORDS = ("Agentschap", "Dienst", "Centrum", "Steunpunt", "Kenniscentrum", "Platform")
PORTFOLIO_WORDS = (
    "Digitalisering",
    "Administratieve Vereenvoudiging",
    "Samenleven",
    "Wetenschapsbeleid",
    "Vlaamse Rand",
    "Armoedebestrijding",
    "Toerisme",
    "Sociale Cohesie",
)
VERBS = ("Opzetten van", "Versterken van", "Uitbouwen van", "Ondersteunen van", "Evalueren van")
OBJECTS = (
    "een netwerk rond polarisatie",
    "een meldpunt voor online haat",
    "vorming voor eerstelijnswerkers",
    "een lespakket over mediawijsheid",
    "expertise bij lokale besturen",
    "een onderzoek naar radicalisering",
    "begeleiding van jongeren",
    "een aanbod voor ouders",
)
SENTENCES = (
    "De actie bouwt verder op de ervaringen van de voorbije jaren en betrekt de partners.",
    "Lokale besturen krijgen ondersteuning om signalen vroeg te herkennen en gepast te reageren.",
    "Er wordt een opleiding uitgewerkt voor professionals die met jongeren in contact komen.",
    "De resultaten worden jaarlijks besproken met de betrokken diensten en bijgestuurd waar nodig.",
    "Het aanbod wordt afgestemd op de noden van scholen, jeugdwerk en welzijnsorganisaties.",
)
SECTIONS = ("ONDERZOEK", "PREVENTIE", "VORMING EN ONDERSTEUNING", "SAMENWERKING")
FUNDS = ("ISF-P fonds van de Europese Commissie", "Europees Sociaal Fonds", "AMIF-fonds")
SHARE_SOURCES = ("DOV", "het Vlaams budget", "de lokale besturen")


# Ground truth -----------------------------------------------------------------------------


@dataclass
class Timing:
    start: str | None = None
    end: str | None = None
    ongoing: bool = False
    open_ended: bool = False


@dataclass
class Amount:
    eur: Decimal
    per_year: bool = False
    years: int | None = None
    year: int | None = None  # the year printed in brackets after the amount


@dataclass
class Budget:
    amounts: list[Amount] = field(default_factory=list)
    regular_means: bool = False
    payer: str | None = None  # organisation id
    shares: list[tuple[Decimal, str]] = field(default_factory=list)
    funding_source: bool = False  # a fund named without an amount


@dataclass
class ActionTruth:
    number: str
    objective: int
    section: str | None
    title: str
    coordinating_minister: str
    involved_ministers: list[str]
    lead: str | None
    partners: list[str]
    timing: Timing
    budget: Budget
    forms: list[str]  # the forms this action was printed in (to tell what a mismatch is)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "objective": self.objective,
            "section": self.section,
            "title": self.title,
            "coordinating_minister": self.coordinating_minister,
            "involved_ministers": self.involved_ministers,
            "lead": self.lead,
            "partners": self.partners,
            "timing": vars(self.timing),
            "budget": {
                "amounts": [
                    {"eur": str(a.eur), "per_year": a.per_year, "years": a.years, "year": a.year}
                    for a in self.budget.amounts
                ],
                "regular_means": self.budget.regular_means,
                "payer": self.budget.payer,
                "shares": [[str(p), s] for p, s in self.budget.shares],
                "funding_source": self.budget.funding_source,
            },
            "forms": self.forms,
        }


@dataclass
class GeneratedPlan:
    name: str
    text: str
    reference_toml: str  # the layer of the invented posts and organisations
    actions: list[ActionTruth]

    def truth_json(self) -> str:
        return json.dumps(
            {"plan": self.name, "actions": [a.to_json() for a in self.actions]},
            ensure_ascii=False,
            indent=1,
        )


# Names ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    id: str
    printed: dict[str, tuple[str, ...]]  # form -> the names it may print


@dataclass(frozen=True)
class Org:
    id: str
    printed: dict[str, tuple[str, ...]]  # form -> the printed forms


def _no_commas(name: str) -> str:
    return name.replace(",", "")


def _balanced(text: str) -> bool:
    return text.count("(") == text.count(")")


def _competences(portfolio: str) -> frozenset[str]:
    """The competences a reader sees in a portfolio: its parts between commas and the word
    "en", in compact form ("Mobiliteit en Openbare Werken": mobiliteit, openbarewerken)."""
    return frozenset(compact(part) for part in re.split(r",|\ben\b", portfolio) if compact(part))


class _Names:
    """The posts and organisations a plan may print: shipped ones and invented ones."""

    def __init__(self, reference: ReferenceData, rng: random.Random, forms: Collection[str]):
        self.rng = rng
        self.reference = reference
        self.taken = {compact(a) for a in reference.organisation_aliases}
        self.taken |= {compact(code) for code in reference.policy_domains}
        self.taken |= {compact(p.name_nl) for p in reference.minister_posts.values()}
        self.taken |= {compact(v) for p in reference.minister_posts.values() for v in p.variants}
        self.posts = [
            Post(
                post.id,
                {
                    "minister-name": (post.name_nl,),
                    "minister-variant": post.variants,
                    "minister-no-commas": (_no_commas(post.name_nl),)
                    if "," in post.name_nl
                    else (),
                },
            )
            for post in reference.minister_posts.values()
        ]
        self.orgs = [
            Org(
                org.id, {"org-alias": tuple(a for a in (org.name_nl, *org.aliases) if _balanced(a))}
            )
            for org in reference.organisations.values()
        ]
        self.payers = [
            (org.id, alias)
            for org in reference.organisations.values()
            for alias in (org.name_nl, *org.aliases)
            if "(" not in alias and not any(c.isdigit() for c in alias)
        ]
        self.layer: list[str] = []
        if "invented-post" in forms:
            for _ in range(rng.randint(1, 2)):
                self._invent_post()
        if "minister-extended" in forms:
            self._extend_portfolios()
        # The printed forms of the organisations (compact), and those printed with a comma, to
        # keep names from running together
        self.org_names = set(reference.organisation_aliases)
        self.org_names_with_comma = {
            compact(alias)
            for org in reference.organisations.values()
            for alias in (org.name_nl, *org.aliases)
            if "," in alias
        }
        for _ in range(rng.randint(4, 8)):
            self._invent_org(forms)

    def _extend_portfolios(self) -> None:
        """Known portfolios (a name or a listed variant) printed with a competence added
        ("<portfolio> en Toerisme"), where the printed competences hold those of no other post:
        the known post, unambiguously."""
        portfolios = {
            post.id: [name for names in post.printed.values() for name in names]
            for post in self.posts
        }
        for post in self.posts:
            if post.id.startswith("gen-"):
                continue  # the posts of the generated layer are printed as they are
            extended = []
            for name in (*post.printed["minister-name"], *post.printed["minister-variant"]):
                known = _competences(name)
                for word in PORTFOLIO_WORDS:
                    printed = _competences(name) | {compact(word)}
                    if (
                        len(known) >= 2
                        and compact(word) not in known
                        and compact(f"{name} en {word}") not in self.taken
                        and not any(
                            _competences(other) <= printed
                            for other_id, names in portfolios.items()
                            if other_id != post.id
                            for other in names
                        )
                    ):
                        extended.append(f"{name} en {word}")
            post.printed["minister-extended"] = tuple(extended)

    def _new_name(self, make: Callable[[], str]) -> str:
        for _ in range(200):
            name = make()
            if compact(name) not in self.taken:
                self.taken.add(compact(name))
                return name
        raise RuntimeError("no new name left: enlarge the word lists")

    def _invent_post(self) -> None:
        name = self._new_name(lambda: " en ".join(self.rng.sample(PORTFOLIO_WORDS, 2)))
        post_id = "gen-" + "-".join(compact(w) for w in name.split() if compact(w) != "en")
        self.posts.append(Post(post_id, {"invented-post": (name,)}))
        self.layer += [
            "[[minister_post]]",
            f"id = {_toml(post_id)}",
            f"name_nl = {_toml(name)}",
            f"name_en = {_toml(name)}",
            'themis = ""',
            "variants = []",
            "",
        ]

    def _invent_org(self, forms: Collection[str]) -> None:
        rng = self.rng
        name = self._new_name(lambda: f"{rng.choice(BODY_WORDS)} {rng.choice(TOPICS)}")
        org_id = "gen-" + "-".join(compact(w) for w in name.split())
        domain = rng.choice(sorted(self.reference.policy_domains))
        printed: dict[str, tuple[str, ...]] = {"invented-org": (name,)}
        aliases = [name]
        abbreviation = ""
        if "invented-org-domain-code" in forms:
            printed["invented-org-domain-code"] = (f"{domain} ({name})",)
            aliases.append(f"{domain} ({name})")
        if "full-abbreviation" in forms:
            initials = "".join(word[0] for word in name.split() if word[0].isupper())
            if compact(initials) not in self.taken and len(initials) >= 2:
                abbreviation = initials
                self.taken.add(compact(initials))
                printed["full-abbreviation"] = (f"{name} ({abbreviation})", abbreviation)
                aliases += [f"{name} ({abbreviation})", abbreviation]
        self.orgs.append(Org(org_id, printed))
        self.org_names |= {compact(alias) for alias in aliases}
        self.layer += [
            "[[organisation]]",
            f"id = {_toml(org_id)}",
            f"name_nl = {_toml(name)}",
            f"name_en = {_toml(name)}",
            f"abbreviation = {_toml(abbreviation)}",
            'kind = "unit"',
            f"policy_domain = {_toml(domain)}",
            'level = "flemish"',
            'parent = ""',
            f"aliases = [{', '.join(_toml(a) for a in aliases)}]",
            "",
        ]


def _toml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


# Cells ------------------------------------------------------------------------------------


def _euro(amount: int, separator: str = ".") -> str:
    """Dutch thousands: 104320 -> "104.320"."""
    return f"{amount:,}".replace(",", separator)


class _PlanWriter:
    def __init__(self, rng: random.Random, names: _Names, forms: Collection[str]) -> None:
        self.rng = rng
        self.names = names
        self.forms = forms

    def pick(self, group: Sequence[str]) -> str:
        available = [form for form in group if form in self.forms]
        return self.rng.choice(available)

    # ministers

    def ministers(self, used: list[str]) -> tuple[str, list[str]]:
        rng = self.rng
        count = rng.choice((1, 1, 1, 2, 2, 3))
        posts = [p for p in self.names.posts if any(p.printed.get(f) for f in self.forms)]
        chosen = rng.sample(posts, min(count, len(posts)))
        printed = []
        for post in chosen:
            form = rng.choice(
                [f for f in sorted(post.printed) if f in self.forms and post.printed[f]]
            )
            used.append(form)
            name = rng.choice(post.printed[form])
            printed.append(f"{self._minister_title(used)} {name}")
        text = printed[0]
        for part in printed[1:]:
            if "ministers-joined-en" in self.forms and rng.random() < 0.3:
                used.append("ministers-joined-en")
                text += " en " + part[0].lower() + part[1:]
            else:
                text += rng.choice((" ", ", ", " "))
                text += part
        return text, [post.id for post in chosen]

    def _minister_title(self, used: list[str]) -> str:
        """The words before a portfolio: "Minister van" or one of the title forms."""
        titles = {
            "minister-voor": "Minister voor",
            "official-title": "Vlaams minister van",
            "viceminister-president": "Viceminister-president en Vlaams minister van",
        }
        available = [form for form in titles if form in self.forms]
        if available and self.rng.random() < 0.3:
            form = self.rng.choice(available)
            used.append(form)
            return titles[form]
        return "Minister van"

    # organisations

    def organisations(self, used: list[str]) -> tuple[str, list[str]]:
        rng = self.rng
        count = rng.choice((1, 1, 2, 2, 3, 4))
        orgs = [o for o in self.names.orgs if any(o.printed.get(f) for f in self.forms)]
        chosen = rng.sample(orgs, count)
        printed = []
        for org in chosen:
            form = rng.choice(
                [f for f in sorted(org.printed) if f in self.forms and org.printed[f]]
            )
            used.append(form)
            printed.append(rng.choice(org.printed[form]))
        text = printed[0]
        isms = len(printed) > 1 and "isms" in self.forms and rng.random() < 0.3
        if isms:
            used.append("isms")
        for index, (before, part) in enumerate(zip(printed, printed[1:], strict=False)):
            if isms:
                separator = " i.s.m. " if index == 0 else ", "
            else:
                separator = rng.choice((" ", ", ", "; ", " "))
            if self._run_together(before, separator, part):
                separator = "; "  # a semicolon is never part of a name
            text += separator + part
        return text, [o.id for o in chosen]

    def _run_together(self, before: str, separator: str, after: str) -> bool:
        """Whether a printed name starting in `before` runs on into `after` across the
        separator: a space ("WSE" then "Agentschap X" reads as "WSE (Agentschap X)"), or a
        comma that the longer name prints too. A reader, like the parser, takes the longer
        name."""
        if ";" in separator or "i.s.m." in separator:
            return False  # separators a name never holds
        names = self.names.org_names if "," not in separator else self.names.org_names_with_comma
        joined = before + separator + after
        for start, char in enumerate(before):
            if start and before[start - 1].isalnum() or not char.isalnum():
                continue
            head, rest = compact(before[start:]), compact(joined[start:])
            if any(
                len(name) > len(head) and rest.startswith(name) and name.startswith(head)
                for name in names
            ):
                return True
        return False

    # timing

    def timing(self, used: list[str]) -> tuple[str, Timing]:
        rng = self.rng
        form = self.pick(TIMING_FORMS)
        used.append(form)
        y1 = rng.randint(2019, 2025)
        y2 = y1 + rng.randint(1, 4)
        if form == "timing-years":
            dash = rng.choice(("-", " - ", " – "))
            return f"{y1}{dash}{y2}", Timing(str(y1), str(y2))
        if form == "timing-year":
            return str(y1), Timing(str(y1), str(y1))
        if form == "timing-dates":
            d1, d2 = rng.randint(1, 28), rng.randint(1, 28)
            m1, m2 = rng.randint(1, 12), rng.randint(1, 12)
            text = f"{d1} {MONTH_NAMES[m1 - 1]} {y1} – {d2} {MONTH_NAMES[m2 - 1]} {y2}"
            return text, Timing(f"{y1}-{m1:02d}-{d1:02d}", f"{y2}-{m2:02d}-{d2:02d}")
        if form == "timing-slash-dates":
            d1, d2 = rng.randint(1, 28), rng.randint(1, 28)
            m1, m2 = rng.randint(1, 12), rng.randint(1, 12)
            text = f"{d1}/{m1}/{y1} tot {d2}/{m2}/{y2}"
            return text, Timing(f"{y1}-{m1:02d}-{d1:02d}", f"{y2}-{m2:02d}-{d2:02d}")
        if form == "timing-months":
            m1, m2 = rng.randint(1, 12), rng.randint(1, 12)
            month1 = MONTH_NAMES[m1 - 1].capitalize()
            text = f"{month1} {y1} tot {MONTH_NAMES[m2 - 1]} {y2}"
            return text, Timing(f"{y1}-{m1:02d}", f"{y2}-{m2:02d}")
        if form == "timing-ongoing":
            return rng.choice(("Doorlopend", "Continu")), Timing(ongoing=True)
        if form == "timing-from":
            if rng.random() < 0.5:
                return f"Vanaf {y1}", Timing(str(y1), open_ended=True)
            return f"Vanaf 01/09/{y1}", Timing(f"{y1}-09-01", open_ended=True)
        if form == "timing-and-later":
            return f"{y1} en verder", Timing(str(y1), open_ended=True)
        if form == "timing-season":
            season, (first, last) = rng.choice(sorted(SEASONS.items()))
            return f"{season} {y1}", Timing(f"{y1}-{first:02d}", f"{y1}-{last:02d}")
        if form == "timing-until":
            if rng.random() < 0.5:
                return f"Tot eind {y2}", Timing(end=f"{y2}-12")
            return f"Uiterlijk 31 december {y2}", Timing(end=f"{y2}-12-31")
        if form == "timing-phases":
            return (
                f"Eerste fase: {y1} Tweede fase: eind {y1} - {y2}",
                Timing(str(y1), str(y2)),
            )
        if form == "timing-quarters":
            q1, q2 = rng.randint(1, 4), rng.randint(1, 4)
            return (
                f"Q{q1} {y1} – Q{q2} {y2}",
                Timing(f"{y1}-{3 * q1 - 2:02d}", f"{y2}-{3 * q2:02d}"),
            )
        assert form == "timing-school-year", form
        return f"schooljaar {y1}-{y1 + 1}", Timing(f"{y1}-09", f"{y1 + 1}-08")

    # budget

    def budget(self, used: list[str]) -> tuple[str, Budget]:
        rng = self.rng
        form = self.pick(BUDGET_FORMS)
        used.append(form)
        amount = rng.randint(10, 990) * 1000 + rng.choice((0, 0, rng.randint(1, 999)))
        if form == "budget-amount":
            return f"{_euro(amount)} euro", Budget([Amount(Decimal(amount))])
        if form == "budget-decimal":
            cents = rng.randint(1, 99)
            return (
                f"{_euro(amount)},{cents:02d} euro",
                Budget([Amount(Decimal(amount) + Decimal(cents) / 100)]),
            )
        if form == "budget-spaced-euro-sign":
            return f"{_euro(amount, ' ')} €", Budget([Amount(Decimal(amount))])
        if form == "budget-euro-sign-before":
            return f"€ {_euro(amount)}", Budget([Amount(Decimal(amount))])
        if form == "budget-per-year":
            per = rng.choice(("/ jaar", "per jaar"))
            return f"{_euro(amount)} euro {per}", Budget([Amount(Decimal(amount), per_year=True)])
        if form == "budget-multi-year":
            years = rng.randint(2, 5)
            return (
                f"{_euro(amount)} euro ({years} jaar)",
                Budget([Amount(Decimal(amount), years=years)]),
            )
        if form == "budget-regular":
            return "Binnen de reguliere middelen", Budget(regular_means=True)
        if form == "budget-payer":
            org_id, alias = rng.choice(self.names.payers)
            return f"{alias} ({_euro(amount)} euro)", Budget(
                [Amount(Decimal(amount))], payer=org_id
            )
        if form == "budget-shares":
            percent = rng.choice((50, 60, 75, 90))
            source = rng.choice(SHARE_SOURCES)
            text = (
                f"{_euro(amount)} euro (waarvan {percent} % door de EU wordt gefinancierd "
                f"en {100 - percent}% uit {source})"
            )
            shares = [(Decimal(percent), "de EU"), (Decimal(100 - percent), source)]
            return text, Budget([Amount(Decimal(amount))], shares=shares)
        if form == "budget-fund":
            return rng.choice(FUNDS), Budget(funding_source=True)
        if form == "budget-phases":
            second = rng.randint(10, 990) * 1000
            return (
                f"Eerste fase: {_euro(amount)} euro Tweede fase: {_euro(second)} euro / jaar",
                Budget([Amount(Decimal(amount)), Amount(Decimal(second), per_year=True)]),
            )
        if form == "budget-million":
            tenths = rng.randint(11, 99)
            return (
                f"{tenths // 10},{tenths % 10} miljoen euro",
                Budget([Amount(Decimal(tenths) * 100_000)]),
            )
        if form == "budget-yearly-amounts":
            year = rng.randint(2020, 2025)
            second = rng.randint(10, 990) * 1000
            return (
                f"{_euro(amount)} euro ({year}) en {_euro(second)} euro ({year + 1})",
                Budget(
                    [Amount(Decimal(amount), year=year), Amount(Decimal(second), year=year + 1)]
                ),
            )
        assert form == "budget-no-extra", form
        return "Geen extra middelen", Budget(regular_means=True)


# Layout -----------------------------------------------------------------------------------


def _split_at_space(rng: random.Random, text: str) -> tuple[str, str]:
    """The text cut at one of its spaces (the head never empty), or whole."""
    spaces = [i for i, c in enumerate(text) if c == " "]
    if not spaces or rng.random() < 0.3:
        return text, ""
    cut = rng.choice(spaces)
    return text[:cut], text[cut + 1 :]


def _description(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(1, 2)))


def _row_lines(rng: random.Random, layout: str, cells: list[str]) -> list[str]:
    """The physical lines of one action's table row in the given layout."""
    if layout == "p-row":
        return ["\t".join(f"<p>{cell}</p>" if cell else "" for cell in cells)]
    if layout == "title-own-line":
        return [cells[0], "", "\t".join(cells[1:]), "--\t---\t---\t---"]
    if layout == "cell-per-line":
        lines = [cells[0], ""]
        for cell in cells[1:]:
            if cell:
                wrapped = textwrap.wrap(
                    cell, CELL_LINE_WIDTH, break_long_words=False, break_on_hyphens=False
                )
                lines += [*wrapped, ""]
        return lines
    if layout == "continued-row":
        heads, tails = zip(*(_split_at_space(rng, cell) for cell in cells[1:]), strict=True)
        lines = ["\t".join([cells[0], *heads])]
        if any(tails):
            lines += rng.choice(
                (
                    [""],
                    ["", "--\t---\t---\t---\t---", ""],
                    [
                        "",
                        f"{rng.choice(SUPERSCRIPTS)} Zie de conceptnota van de Vlaamse Regering.",
                        "",
                    ],
                )
            )
            lines.append("\t" + "\t".join(tails))
        return lines
    return ["\t".join(cells)]


def generate_plan(
    seed: int,
    actions: int = 50,
    forms: Collection[str] = FORMS,
    reference: ReferenceData | None = None,
    name: str = "plan",
) -> GeneratedPlan:
    """One plan of `actions` actions printed in `forms` (each a name from FORMS), with its
    ground truth and the reference layer of its invented names; the same seed gives the same
    plan."""
    unknown = set(forms) - set(FORMS)
    if unknown:
        raise ValueError(f"unknown forms: {', '.join(sorted(unknown))}; known: {', '.join(FORMS)}")
    rng = random.Random(seed)
    reference = reference or load_reference()
    names = _Names(reference, rng, forms)
    writer = _PlanWriter(rng, names, forms)
    layouts = [
        f
        for f in ("tab-row", "p-row", "title-own-line", "continued-row", "cell-per-line")
        if f in forms
    ]
    start = rng.randint(2019, 2024)
    lines = [
        f"Actieplan {rng.choice(TOPICS)} {start}-{start + 4}",
        "",
        "1. Inleiding",
        "",
        "Een plan dat de generator van tools/plan_generator.py schreef, in de opmaak van de "
        "actieplannen van de Vlaamse Regering.",
        "",
        "Actie\tCoördinerend minister\tTrekker\tTiming\tBudget",
        "Bestaande actie die wordt uitgebreid/aangepast\tBetrokken ministers\tPartner\t\t",
        "",
    ]
    truths: list[ActionTruth] = []
    objectives = max(1, min(8, actions // 6))
    per_objective = [
        actions // objectives + (1 if i < actions % objectives else 0) for i in range(objectives)
    ]
    for objective, count in enumerate(per_objective, start=1):
        heading = rng.choice(("Doelstelling", "DOELSTELLING"))
        title = f"We werken aan {rng.choice(TOPICS).lower()}"
        lines += [f"{heading} {objective}: {title.upper() if heading.isupper() else title}", ""]
        section: str | None = None
        for index in range(1, count + 1):
            used: list[str] = []
            if "section-heading" in forms and index > 1 and rng.random() < 0.1:
                section = rng.choice(SECTIONS)
                lines += [section, ""]
                used.append("section-heading")
            layout = rng.choice(layouts)
            used.append(layout)
            number = f"{objective}.{index}"
            title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            ministers_text, posts = writer.ministers(used)
            organisations_text, orgs = writer.organisations(used)
            timing_text, timing = writer.timing(used)
            budget_text, budget = writer.budget(used)
            empty = rng.random()
            if "empty-trekker" in forms and empty < 0.05:
                organisations_text, orgs = "", []
                used.append("empty-trekker")
            elif "empty-timing" in forms and empty < 0.1 and layout != "cell-per-line":
                timing_text, timing = "", Timing()
                used.append("empty-timing")
            if layout == "cell-per-line" and not ministers_text.startswith("Minister"):
                layout = "tab-row"  # a block is told a minister cell by its first word
                used[used.index("cell-per-line")] = "tab-row"
            cells = [
                f"Actie {number}: {title}",
                ministers_text,
                organisations_text,
                timing_text,
                budget_text,
            ]
            lines += _row_lines(rng, layout, cells)
            description = _description(rng)
            if rng.random() < 0.5:
                description = f"<p>{description}</p>"
            elif rng.random() < 0.5:
                description += "\t\t\t\t"
            lines += [description, ""]
            truths.append(
                ActionTruth(
                    number=number,
                    objective=objective,
                    section=section,
                    title=title,
                    coordinating_minister=posts[0],
                    involved_ministers=posts[1:],
                    lead=orgs[0] if orgs else None,
                    partners=orgs[1:],
                    timing=timing,
                    budget=budget,
                    forms=used,
                )
            )
    layer = "\n".join(
        [
            f"# Reference layer of the invented names of {name}.txt (tools/plan_generator.py).",
            "",
            *names.layer,
        ]
    )
    return GeneratedPlan(name, "\n".join(lines) + "\n", layer, truths)


def write_plans(
    out: Path,
    plans: int,
    actions: int,
    seed: int,
    forms: Collection[str] = FORMS,
) -> list[Path]:
    """Write `plans` plans into `out`: NAME.txt, NAME.truth.json and NAME.reference.toml each
    (plan-001, ...; plan i from seed + i). Returns the plan files."""
    out.mkdir(parents=True, exist_ok=True)
    reference = load_reference()
    written = []
    for i in range(1, plans + 1):
        plan = generate_plan(seed + i, actions, forms, reference, name=f"plan-{i:03d}")
        (out / f"{plan.name}.txt").write_text(plan.text, encoding="utf-8")
        (out / f"{plan.name}.truth.json").write_text(plan.truth_json(), encoding="utf-8")
        (out / f"{plan.name}.reference.toml").write_text(plan.reference_toml, encoding="utf-8")
        written.append(out / f"{plan.name}.txt")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m actieplan.tools.plan_generator",
        description="Write synthetic action plans with their ground truth: NAME.txt (build "
        "it with `actieplan build NAME.txt --reference NAME.reference.toml`), "
        "NAME.truth.json and NAME.reference.toml.",
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--plans", type=int, default=1, help="how many plans (default 1)")
    parser.add_argument("--actions", type=int, default=50, help="actions per plan (default 50)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    for path in write_plans(args.out, args.plans, args.actions, args.seed):
        print(f"wrote: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
