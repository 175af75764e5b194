"""The vendored plan read by hand: every action, field by field.

The table below was written by reading data/source/actieplan-radicalisering-2020-2024.txt
row by row (not from the parser's output). Minister posts and organisations are reference ids.
Where a cell prints a part of a year ("najaar 2021") the table holds what it prints, the word
and the year (YearPart); the months we derive from such words are our convention, not the
text's, and are pinned apart in tests/unit/test_plan_values.py
(test_year_part_words_follow_the_convention).

tests/unit/test_plan_values.py checks the build against it field by field; other tests count
from it (tests/unit/test_network.py, test_mentions.py, test_validate.py).
"""

from __future__ import annotations

from typing import NamedTuple

BB, OW, WZ, JU = "binnenlands-bestuur", "onderwijs", "welzijn", "justitie"
BJM, EC, BZ, FI, MO = (
    "brussel-jeugd-media",
    "economie",
    "buitenlandse-zaken",
    "financien",
    "mobiliteit",
)
ALL_BUT_TWO = [OW, WZ, JU, BJM, EC]  # the six-minister rows after the coordinating one

ABB, AGII, LB = "abb", "agii", "lokale-besturen"
OV, CJM, SPORT, WSE = "departement-ov", "departement-cjm", "sport-vlaanderen", "departement-wse"
DWVG, OPG, JH, WS = "departement-wvg", "opgroeien", "justitiehuizen", "welzijn-en-samenleving"

R = "regular"  # "Binnen (de) reguliere middelen" and alike
ONG = "ongoing"


class YearPart(NamedTuple):
    """A date printed as a part of a year ("najaar 2021", "half 2023"): the text gives the word
    and the year only. Which months the word stands for is our convention, pinned apart in
    test_year_part_words_follow_the_convention."""

    word: str
    year: str


# number: (coordinating, involved, lead, partners, start, end, budget)
# start/end: ISO at printed precision, a YearPart, ONG for ongoing, None for none; budget: R, a
# list of (euro, per_year) amounts, or a funding-source string.
EXPECTED = {
    "1.1": (BB, [], ABB, [AGII], "2021-04-01", "2023-03-31", [("104320", True)]),
    "1.2": (BB, [], ABB, [AGII, LB], "2021", "2024", R),
    "1.3": (BB, [], ABB, [], "2021", "2024", [("200000", False)]),
    "1.4": (BJM, [], CJM, [], "2020", "2024", R),
    "1.5": (BB, [], ABB, [], "2020-01-01", "2021-12-31", [("85000", False)]),
    "1.6": (EC, [], "vdab", [], ONG, ONG, R),
    "1.7": (OW, [], OV, [], "2020-01-01", "2021-12-31", [("991248", False)]),
    "2.1": (WZ, [], OPG, [], "2020", "2021", [("80000", False)]),
    "2.2": (OW, [], OV, [], YearPart("najaar", "2021"), YearPart("najaar", "2021"), R),
    "2.3": (BB, [JU], ABB, [JH], "2021-05-01", "2024-05-01", [("232540", False)]),
    "3.1": (
        BB,
        ALL_BUT_TWO,
        ABB,
        [OV, SPORT, DWVG, JH, CJM, WSE, AGII, "ocad", "vgc", "fod-justitie"],
        ONG,
        ONG,
        R,
    ),
    "3.2": (BB, ALL_BUT_TWO, ABB, [OV, SPORT, DWVG, JH, CJM, WSE, AGII], ONG, ONG, R),
    "3.3": (WZ, [], OPG, [], "2020", "2024", R),
    "3.4": (OW, [], OV, [], ONG, ONG, R),
    "3.5": (BJM, [], CJM, [], "2020", "2024", R),
    "3.6": (JU, [], JH, [], ONG, ONG, R),
    "3.7": (
        BB,
        ALL_BUT_TWO,
        ABB,
        [OV, SPORT, OPG, JH, CJM, WSE, AGII, "ocad", "fod-justitie", "vgc"],
        ONG,
        ONG,
        R,
    ),
    "3.8": (OW, [BB, JU, WZ], OV, [ABB, JH, OPG, "vclp", AGII, LB, "ocad"], ONG, ONG, R),
    "3.9": (JU, [BB, WZ], JH, [ABB, WS], "2020", "2024", R),
    "3.10": (OW, [], OV, [], ONG, ONG, R),
    "3.11": (WZ, [JU], OPG, [JH], "2020", "2024", R),
    "3.12": (JU, [BZ, EC, BB, OW, WZ, FI, MO, BJM], None, [], "2020", "2024", R),
    "3.13": (JU, [BB, BZ, EC, OW, WZ, FI, MO, BJM], JH, [ABB], "2020", "2024", R),
    "3.14": (BB, [], "abb-informatie-en-screeningsdienst", [], "2021-09-01", None, R),
    "3.15": (BB, ALL_BUT_TWO, ABB, [OV, SPORT, OPG, JH, CJM, WSE, AGII, "ocad"], ONG, ONG, R),
    "3.16": (BB, ALL_BUT_TWO, ABB, [OV, SPORT, OPG, JH, CJM, WSE, AGII, LB], ONG, ONG, R),
    "4.1": (BB, [], ABB, [AGII, LB], "2021-01-15", "2025-01-14", [("500000", False)]),
    "4.2": (BB, [], ABB, [AGII, LB], "2021", "2024", [("1500000", True)]),
    "4.3": (BB, [], ABB, [AGII], "2021", "2024", [("50000", False), ("500000", True)]),
    "4.4": (OW, [], OV, [], ONG, ONG, R),
    "4.5": (OW, [], OV, [], "2020", "2021", [("178000", True)]),
    "4.6": (OW, [], OV, [], ONG, ONG, R),
    "4.7": (OW, [], OV, [], "2019", "2023", [("188000", True)]),
    "5.1": (
        JU,
        [BB, OW, WZ, BJM, EC],
        JH,
        [ABB, OV, SPORT, DWVG, CJM, WSE, AGII],
        "2021",
        "2021",
        R,
    ),
    "5.2": (
        BB,
        [JU],
        "vvsg",
        [],
        "2020-02-01",
        "2022-01-31",
        "ISF-P fonds van de Europese Commissie",
    ),
    "5.3": (OW, [], OV, [], "2019-01-01", "2021-12-31", R),
    "6.1": (JU, [], JH, [], "2020", "2022", R),
    "6.2": (JU, [], JH, [], "2021", "2022", R),
    "6.3": (WZ, [], WS, ["caw"], "2021", None, [("248498.53", False)]),
    "6.4": (WZ, [], "zorg-en-gezondheid", [], "2020-12-15", "2023-12-31", [("228125", False)]),
    "6.5": (JU, [], JH, [], "2020", "2022", R),
    "7.1": (WZ, [], OPG, [], "2021", "2021", R),
    "7.2": (JU, [WZ], JH, [WS], "2020", "2020", R),
    "7.3": (JU, [], JH, [], "2021-05", YearPart("half", "2023"), R),
    "8.1": (BB, [], ABB, [], "2021", "2022", [("200000", False)]),
    "8.2": (BJM, [], CJM, [], "2020", "2024", R),
    "8.3": (WZ, [], OPG, [], "2020", "2024", R),
    "8.4": (BB, [JU], ABB, [JH], "2020", "2022", R),
    "8.5": (BB, ALL_BUT_TWO, ABB, [OV, SPORT, WS, JH, CJM, WSE, AGII], "2021", None, R),
    "8.6": (JU, [WZ], JH, [WS], ONG, ONG, R),
}


# The organisation-profile question's Dutch column headers (queries/organisation-profile.rq):
# one row per action, its roles together, the IRI last.
PROFILE_HEADERS_NL = [
    "Nummer",
    "Titel",
    "Rollen",
    "Doelstelling",
    "Coördinerend minister",
    "Actie (IRI)",
]
