"""The pages' words and formats in one language: message catalogues and locale formatting.

Every word a page, a question, a download's header or an error message shows comes from the
gettext catalogue of the page's language, `api/locales/<lang>/LC_MESSAGES/messages.po`. The
message ids are English; the Dutch catalogue translates every one of them and the English
catalogue may correct one. Code marks a text with `_("…")` (templates and Python alike) or,
where the text is chosen later, with `N_("…")`; `scripts/messages.sh` extracts the marked texts
and updates both catalogues, and tests/unit/test_message_catalogues.py fails on a text missing
from a catalogue or left untranslated.

Numbers, money, percentages and dates are written with Babel in the page's locale:
"1.276.248 €" on a Dutch page, "€1,276,248" on an English one.
"""

from __future__ import annotations

import datetime as dt
import gettext as stdlib_gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

# The languages of the pages (Dutch first: the default) and the locale each formats in.
LOCALES = {"nl": "nl_BE", "en": "en_GB"}


def N_(message: str) -> str:  # noqa: N802 - gettext's name for "translate later"
    """Marks `message` for the catalogues without translating it (a constant translated when
    a page knows its language)."""
    return message


@dataclass(frozen=True)
class Messages:
    """The catalogue of one language and the locale's formats."""

    lang: str
    singular: dict[str, str] = field(repr=False)
    plural: dict[str, tuple[str, ...]] = field(repr=False)
    plural_index: Callable[[int], int] = field(repr=False)

    @property
    def locale(self) -> str:
        return LOCALES[self.lang]

    def gettext(self, message: str, /, **variables: object) -> str:
        """`message` (an English message id) in this language, `%(name)s` filled from
        `variables`."""
        text = self.singular.get(message) or message
        return text % variables if variables else text

    def ngettext(self, singular: str, plural: str, count: int, /, **variables: object) -> str:
        """The form of `singular`/`plural` for `count`; `%(num)s` is the count, formatted."""
        forms = self.plural.get(singular)
        index = self.plural_index(count)
        if forms and all(forms):
            text = forms[min(index, len(forms) - 1)]
        else:
            text = singular if index == 0 else plural
        return text % {"num": self.number(count), **variables}

    def number(self, value: float | int, digits: int = 0) -> str:
        """`value` with the locale's grouping, at most `digits` decimals ("1.276.248",
        "117.513,33")."""
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def money(self, value: float | int) -> str:
        """An amount in euro in the locale's form, cents only when there are any:
        "1.276.248 €" / "€1,276,248", "117.513,33 €" / "€117,513.33"."""
        digits = 0 if float(value).is_integer() else 2
        pattern = "#,##0" + (".00" if digits else "")
        amount = format_decimal(value, format=pattern, locale=self.locale)
        return f"{amount} €" if self.lang == "nl" else f"€{amount}"

    def percent(self, share: float) -> str:
        """A share (0.9) as a percentage in the locale's form ("90 %" / "90%")."""
        return format_percent(share, format="#,##0.#%", locale=self.locale)

    def date(self, day: dt.date | str, form: str = "long") -> str:
        """A date in the locale's words ("1 april 2021" / "1 April 2021"); `form` is Babel's
        ("short", "medium", "long")."""
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        return format_date(day, format=form, locale=self.locale)


@cache
def messages(lang: str) -> Messages:
    """The catalogue of `lang` ("nl" or "en"), read once from the package's .po file; an
    unknown language is an error, never a silent fallback."""
    if lang not in LOCALES:
        raise ValueError(f"no message catalogue for language {lang!r}; known: {sorted(LOCALES)}")
    resource = files("actieplan.api") / "locales" / lang / "LC_MESSAGES" / "messages.po"
    with resource.open("rb") as po_file:
        catalogue = read_po(po_file, locale=LOCALES[lang])
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            forms = message.string if isinstance(message.string, (tuple, list)) else ()
            plural[str(message.id[0])] = tuple(forms)
        elif isinstance(message.string, str) and message.string:
            singular[message.id] = message.string
    plural_expr = catalogue.plural_expr
    return Messages(lang, singular, plural, stdlib_gettext.c2py(plural_expr))
