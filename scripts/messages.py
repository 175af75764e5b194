"""Keeps the message catalogues (api/locales/<lang>/LC_MESSAGES/messages.po) in step with the code.

    python scripts/messages.py          # add the texts the code marks, drop the unused ones
    python scripts/messages.py --check  # exit 1: a catalogue out of step, or Dutch missing

A text is marked with `_("…")`, `ngettext("…", "…", n)` or `N_("…")` in api/**/*.py and in the
templates (api/pages/templates/*.html), and `# title@en:`-style headers of queries/*.rq are
read by the query library itself. Translations already in a catalogue are kept; a new Dutch
entry is left empty for a person to fill in (the check and tests/unit/test_message_catalogues.py
fail until they do). The English catalogue needs no entry filled: its message ids are English.
"""

from __future__ import annotations

import argparse
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "api" / "locales"
LANGUAGES = {"nl": "nl_BE", "en": "en_GB"}
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("pages/templates/**.html", "jinja2"), ("**.py", "python")]
OPTIONS = {"pages/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}


def marked_texts() -> Catalog:
    """Every text the code marks for translation, with where it is used."""
    found = Catalog(project="actieplan-kg", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT / "api", METHODS, OPTIONS, KEYWORDS, strip_comment_tags=True
    ):
        found.add(
            message, None, [(f"api/{filename}", lineno)], auto_comments=comments, context=context
        )
    return found


def catalogue_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def updated(lang: str, template: Catalog) -> Catalog:
    """The catalogue of `lang` with exactly the marked texts, its translations kept."""
    path = catalogue_path(lang)
    if path.exists():
        with path.open("rb") as po_file:
            catalogue = read_po(po_file, locale=LANGUAGES[lang])
    else:
        catalogue = Catalog(locale=LANGUAGES[lang], project="actieplan-kg", charset="utf-8")
    catalogue.update(template, no_fuzzy_matching=True)
    catalogue.obsolete.clear()
    return catalogue


def as_text(catalogue: Catalog) -> bytes:
    out = BytesIO()
    write_po(
        out,
        catalogue,
        width=100,
        omit_header=False,
        sort_output=False,
        ignore_obsolete=True,
        include_lineno=False,
    )
    return b"\n".join(
        line
        for line in out.getvalue().split(b"\n")
        if not line.startswith(b'"POT-Creation-Date') and not line.startswith(b'"PO-Revision-Date')
    )


def untranslated(catalogue: Catalog) -> list[str]:
    return [
        str(message.id)
        for message in catalogue
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 when out of step"
    )
    args = parser.parse_args()
    template = marked_texts()
    problems = []
    for lang in LANGUAGES:
        path = catalogue_path(lang)
        text = as_text(updated(lang, template))
        current = path.read_bytes() if path.exists() else b""
        if args.check:
            if text != current:
                name = path.relative_to(ROOT)
                problems.append(f"{name} is out of step with the code: run scripts/messages.py")
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
    with catalogue_path("nl").open("rb") as po_file:
        missing = untranslated(read_po(po_file, locale=LANGUAGES["nl"]))
    problems += [
        f"api/locales/nl/LC_MESSAGES/messages.po: no Dutch for {text!r}" for text in missing
    ]
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
