"""Cell readers (timing, budget), the parser on small layouts, and reference-data checks.

Expected values are what the cell prints (a date, a month, a year, a word such as "Doorlopend"),
except in the tests whose docstring says they pin a convention of this project: there the value
is ours, not the text's, and the docstring names where the convention is documented.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from actieplan.graph.core.budget import parse_euro, read_budget
from actieplan.graph.core.errors import InputError
from actieplan.graph.core.parser import parse_text
from actieplan.graph.core.reference import compact, load_reference
from actieplan.graph.core.resources import reference_dir
from actieplan.graph.core.timing import read_timing


@pytest.mark.parametrize(
    "text, start, end, ongoing, open_ended",
    [
        ("1 april 2021 – 31 maart 2023", "2021-04-01", "2023-03-31", False, False),
        ("1/1/2020 tot 31/12/2021", "2020-01-01", "2021-12-31", False, False),
        ("2021-2024", "2021", "2024", False, False),
        ("Doorlopend", None, None, True, False),
        ("Vanaf 01/09/2021", "2021-09-01", None, False, True),
        ("2021 en verder", "2021", None, False, True),
        # forms this plan does not print, but another plan in the same layout may
        ("september 2022 - december 2023", "2022-09", "2023-12", False, False),
        ("Permanent", None, None, True, False),
        ("", None, None, False, False),
    ],
)
def test_read_timing(text, start, end, ongoing, open_ended):
    """Dates the cell prints, at the precision it prints them."""
    timing = read_timing(text)
    assert (timing.start.iso if timing.start else None) == start
    assert (timing.end.iso if timing.end else None) == end
    assert (timing.ongoing, timing.open_ended) == (ongoing, open_ended)
    assert timing.text == text


# text -> (start, end), each (printed part-of-year word, year), or a printed month, or None
YEAR_PART_CELLS = {
    "Mei 2021 tot half 2023": ("2021-05", ("half", "2023")),  # 7.3 of the plan
    "Conceptnota: voorzien in najaar 2021": (("najaar", "2021"), ("najaar", "2021")),  # 2.2
    "tot eind 2023": (None, ("eind", "2023")),
    "Voorjaar 2024": (("voorjaar", "2024"), ("voorjaar", "2024")),
}


def _as_printed(value) -> object:
    """A DateValue as the text gives it: the part-of-year word and the year, or the date."""
    if value is None:
        return None
    return (value.qualifier, value.iso[:4]) if value.qualifier else value.iso


@pytest.mark.parametrize("text", list(YEAR_PART_CELLS))
def test_year_part_words_are_read_as_printed(text):
    """What the text says of "half 2023", "najaar 2021": the word and the year, nothing more."""
    timing = read_timing(text)
    assert (_as_printed(timing.start), _as_printed(timing.end)) == YEAR_PART_CELLS[text]
    assert not timing.ongoing and not timing.open_ended


def test_year_part_words_follow_the_documented_convention():
    """Pins a convention of this project, not a fact of the text: a part-of-year word stands
    for the months that graph/core/phrases.py documents in YEAR_PARTS (the ontology's
    ap:yearPart keeps the printed word, "the month is derived from" it). The plan never says
    which months "najaar" or "half" mean; a change of YEAR_PARTS must change this test too."""
    months = {
        text: (timing.start.iso if timing.start else None, timing.end.iso if timing.end else None)
        for text in YEAR_PART_CELLS
        for timing in [read_timing(text)]
    }
    assert months == {
        "Mei 2021 tot half 2023": ("2021-05", "2023-06"),  # half: June
        "Conceptnota: voorzien in najaar 2021": ("2021-09", "2021-11"),  # najaar: Sep to Nov
        "tot eind 2023": (None, "2023-12"),  # eind: December
        "Voorjaar 2024": ("2024-03", "2024-05"),  # voorjaar: March to May
    }


def test_timing_bounds_are_days():
    timing = read_timing("2021-2024")
    assert str(timing.start.first_day()) == "2021-01-01"
    assert str(timing.end.last_day()) == "2024-12-31"
    assert str(read_timing("februari 2024").end.last_day()) == "2024-02-29"


def test_impossible_date_is_not_a_date():
    assert read_timing("31/02/2021").start is None


@pytest.mark.parametrize(
    "number, euro",
    [
        ("104.320", "104320"),
        ("248.498,53", "248498.53"),
        ("500 000", "500000"),
        ("1.500.000", "1500000"),
        ("85", "85"),
    ],
)
def test_parse_euro(number, euro):
    assert parse_euro(number) == Decimal(euro)


def test_read_budget_forms():
    assert read_budget("€ 1.200 per jaar").amounts[0].per_year
    assert read_budget("€ 1.200 per jaar").amounts[0].eur == Decimal(1200)
    assert read_budget("2.000 euro (4 jaar)").amounts[0].years == 4
    assert read_budget("Binnen reguliere middelen").regular_means
    assert not read_budget("Binnen reguliere middelen").amounts
    fund = read_budget("Fonds Asiel, Migratie en Integratie")
    assert fund.funding_source == "Fonds Asiel, Migratie en Integratie" and not fund.regular_means
    assert read_budget("").is_empty
    # percentages and years in brackets are not amounts
    shares = read_budget("50.000 euro (waarvan 40 % uit Europese middelen)")
    assert [a.eur for a in shares.amounts] == [Decimal(50000)]
    assert [(s.percent, s.source) for s in shares.shares] == [(Decimal(40), "Europese middelen")]


def test_compact_names():
    assert compact("K BBJ (Agentschap Binnenlands Bestuur") == compact(
        "KBBJ (Agentschap Binnenlands Bestuur)"
    )
    assert compact("Financiën") == "financien"


ROW = (
    "<p>Actie 1.1: Titel een</p>\t<p>Minister van Brussel, Jeugd en Media</p>\t<p>VVSG</p>"
    "\t<p>2022</p>\t<p>1.000 euro</p>"
)
PLAN = f"""Plan X

DOELSTELLING 1: EEN.

{ROW}
<p>Beschrijving een.</p>\t\t\t\t
Actie 1.2: Titel twee

Minister van Onderwijs\tOV (Onderwijs)\tDoorlopend\tBinnen de reguliere middelen

Beschrijving twee, over een
"""


def test_parser_title_line_then_four_cells():
    plan = parse_text(PLAN + "paginagrens heen.\n", source="x.txt")
    one, two = plan.actions
    assert (one.title.text, one.organisations.text, one.budget.text) == (
        "Titel een",
        "VVSG",
        "1.000 euro",
    )
    assert one.description.text == "Beschrijving een."
    assert (two.ministers.text, two.organisations.text, two.timing.text) == (
        "Minister van Onderwijs",
        "OV (Onderwijs)",
        "Doorlopend",
    )
    assert two.row_lines == [7, 9]
    assert two.description.text == "Beschrijving twee, over een paginagrens heen."


def test_parser_refuses_action_before_objective():
    with pytest.raises(InputError) as error:
        parse_text(
            "Plan\n\nActie 1.1: X\tMinister van Onderwijs\tOV\t2022\t1 euro\nTekst.\n",
            source="y.txt",
        )
    assert "y.txt:3 [Actie]: action 1.1 comes before any 'DOELSTELLING N:' heading" in str(
        error.value
    )


def test_parser_refuses_duplicate_action():
    text = PLAN.replace("Actie 1.2: Titel twee", "Actie 1.1: Titel twee") + "x.\n"
    with pytest.raises(
        InputError,
        match=r"z.txt:7 \[Actie\]: action 1.1 is printed twice "
        r"\(also on line 5\)",
    ):
        parse_text(text, source="z.txt")


def _copy_reference(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    target.mkdir()
    for path in reference_dir().glob("*.toml"):
        (target / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_reference_data_errors_name_file_line_and_field(tmp_path):
    folder = _copy_reference(tmp_path)
    organisations = folder / "organisations.toml"
    text = organisations.read_text(encoding="utf-8")
    # three faults, each a real change of the file (a replacement that finds nothing fails)
    text = _replace_first(text, 'name_nl = "Vereniging van Vlaamse Steden en Gemeenten"\n', "")
    text = _replace_first(text, 'kind = "federal-body"', 'kind = "federal-bodie"')
    text = _replace_first(text, 'aliases = ["VGC"]', 'aliases = ["VGC", "OCAD"]')
    organisations.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_reference(folder)
    message = str(error.value)

    def line_of(entry: str) -> int:  # counted in the written file, not by the loader
        return text[: text.index(f'id = "{entry}"')].count("\n") + 1

    assert (
        f"{organisations}:{line_of('vvsg')} [name_nl]: [[organisation]] vvsg: missing or not text"
        in message
    )
    assert (
        f"{organisations}:{line_of('ocad')} [kind]: ocad: unknown kind 'federal-bodie'" in message
    )
    assert "'OCAD' names both ocad and vgc" in message
    assert len(error.value.problems) == 3


def _replace_first(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} is not in the reference data"
    return text.replace(old, new, 1)


def test_reference_data_syntax_error(tmp_path):
    folder = _copy_reference(tmp_path)
    (folder / "minister-posts.toml").write_text("[[minister_post]\nid = 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"minister-posts.toml:1: not valid TOML"):
        load_reference(folder)
