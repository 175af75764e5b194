"""Read a Budget cell: euro amounts, per year or multi-year, co-funding, funding source, or
"within regular resources".

Examples: "104.320 euro / jaar", "232.540 euro (3 jaar)", "248.498,53 euro", "500 000 €",
"1,2 miljoen euro", "75.000 euro (2023) en 80.000 euro (2024)", "Geen extra middelen",
"ABB (200.000 euro)", "991.248 euro (waarvan 90 % door de EU wordt gefinancierd en 10% uit
DOV)", "ISF-P fonds van de Europese Commissie", "Binnen de reguliere middelen",
"Eerste fase (terreinonderzoek) 50.000 Tweede fase: 500.000 / jaar".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from actieplan.graph.core.phrases import labelled_parts

# Each pattern is matched in time linear in the cell: no two quantifiers can take the same
# characters where a failed match would make the engine try every split between them.
# "Binnen de reguliere middelen", "Geen extra middelen": no budget of its own.
REGULAR_MEANS_RE = re.compile(
    r"^\s*binnen\b|\breguliere middelen\b|\bgeen\s+(?:extra|bijkomende|aparte)\s+middelen\b",
    re.IGNORECASE,
)
NUMBER = r"\d{1,3}(?:[.\u00a0 ]\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# "1,2 miljoen euro": the word multiplies the number.
SCALES = {"miljoen": Decimal(10) ** 6, "miljard": Decimal(10) ** 9}
AMOUNT_RE = re.compile(
    rf"(?<![\d.,])(?P<currency_before>€\s*)?(?P<number>{NUMBER})(?![\d%])"
    r"(?:\s*+(?P<scale>miljoen|miljard)\b)?"
    r"(?P<after>\s*(?:euro|eur|€)?)",
    re.IGNORECASE,
)
# "75.000 euro (2023)": the year the amount is for, matched where the amount ends.
FOR_YEAR_RE = re.compile(r"\s*+\(\s*+(?P<year>(?:19|20)\d\d)\s*+\)")
# Matched where an amount ends (pattern.match(text, end)).
PER_YEAR_RE = re.compile(r"\s*(?:/|per)\s*jaar\b", re.IGNORECASE)
YEARS_RE = re.compile(r"\s*\(\s*(\d+)\s*jaar\s*\)", re.IGNORECASE)
# "90 % door de EU": the percentage starts where a run of digits starts, and the source ends
# before " wordt"/" en 10" (looked for where a run of spaces starts), ")", ",", ";" or the end.
SHARE_RE = re.compile(
    r"(?<!\d)(?P<percent>\d+(?:,\d+)?)\s*%\s*(?:door|uit|van|via)\s+(?P<source>.+?)"
    r"(?=(?<!\s)\s+(?:wordt|worden)\b|(?<!\s)\s+en\s+\d|\)|,|;|$)",
    re.IGNORECASE,
)
# "ABB (200.000 euro)": the payer ends at its last non-space character before the "(".
PAYER_RE = re.compile(r"^\s*+(?P<payer>[^\d()]+?)(?<!\s)\s*\(\s*(?:€\s*)?\d")


@dataclass(frozen=True)
class Amount:
    eur: Decimal
    per_year: bool = False
    years: int | None = None  # "(3 jaar)": the amount covers this many years
    year: int | None = None  # "75.000 euro (2023)": the calendar year the amount is for
    label: str = ""  # phase label ("Eerste fase")
    note: str = ""  # "terreinonderzoek"
    text: str = ""  # the printed part this amount was read from


@dataclass(frozen=True)
class Share:
    """A co-funding share: "90 % door de EU"."""

    percent: Decimal
    source: str


@dataclass(frozen=True)
class Budget:
    text: str
    amounts: tuple[Amount, ...] = ()
    regular_means: bool = False
    shares: tuple[Share, ...] = ()
    payer: str = ""  # who pays, printed before the amount ("ABB (200.000 euro)")
    funding_source: str = ""  # a fund named without an amount

    @property
    def is_empty(self) -> bool:
        return not self.text.strip()


def parse_euro(number: str) -> Decimal:
    """Dutch number format to Decimal: "104.320" -> 104320, "248.498,53" -> 248498.53."""
    digits = re.sub(r"[.\u00a0 ]", "", number).replace(",", ".")
    return Decimal(digits)


def _is_amount(match: re.Match[str]) -> bool:
    """A number is an amount when it has a currency sign or thousands separators."""
    number = match["number"]
    return bool(
        match["currency_before"]
        or match["scale"]
        or match["after"].strip()
        or re.search(r"[.\u00a0 ]\d{3}", number)
        or parse_euro(number) >= 1000
    )


def read_budget(text: str) -> Budget:
    text = text.strip()
    if not text:
        return Budget(text)
    amounts = []
    for part in labelled_parts(text):
        year_end = 0  # where the "(2023)" after the last amount ends: that year is no amount
        for match in AMOUNT_RE.finditer(part.text):
            if match.start() < year_end or not _is_amount(match):
                continue
            years = YEARS_RE.match(part.text, match.end())
            for_year = FOR_YEAR_RE.match(part.text, match.end())
            year_end = for_year.end() if for_year else 0
            scale = SCALES[match["scale"].lower()] if match["scale"] else Decimal(1)
            amounts.append(
                Amount(
                    eur=parse_euro(match["number"]) * scale,
                    per_year=bool(PER_YEAR_RE.match(part.text, match.end())),
                    years=int(years.group(1)) if years else None,
                    year=int(for_year["year"]) if for_year else None,
                    label=part.label,
                    note=part.note,
                    text=part.text,
                )
            )
    shares = tuple(
        Share(Decimal(m["percent"].replace(",", ".")), m["source"].strip())
        for m in SHARE_RE.finditer(text)
    )
    payer = PAYER_RE.match(text)
    regular = bool(REGULAR_MEANS_RE.search(text)) and not amounts
    return Budget(
        text=text,
        amounts=tuple(amounts),
        regular_means=regular,
        shares=shares,
        payer=payer["payer"].strip() if payer and amounts else "",
        funding_source=text if not amounts and not regular else "",
    )
