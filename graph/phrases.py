"""Dutch calendar words and labelled parts of a cell, shared by the timing and budget readers."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}

# Words that name part of a year: (first month, last month) of the part.
YEAR_PARTS = {
    "begin": (1, 1), "start": (1, 1), "midden": (6, 6), "medio": (6, 6), "half": (6, 6),
    "eind": (12, 12), "einde": (12, 12), "voorjaar": (3, 5), "lente": (3, 5), "zomer": (6, 8),
    "najaar": (9, 11), "herfst": (9, 11), "winter": (12, 12),
    "eerste helft": (1, 6), "tweede helft": (7, 12),
}

ORDINALS = "eerste|tweede|derde|vierde|vijfde|zesde|laatste"

# A label that opens a part of a cell: "Eerste fase :", "Tweede fase (terreinonderzoek)",
# "Conceptnota:", "Draaiboek:". Phase words are labels with or without a colon.
LABEL_RE = re.compile(
    rf"(?P<label>\b(?:{ORDINALS})\s+fase\b|\bfase\s+\d+\b)\s*(?P<note>\([^)]*\))?\s*:?"
    r"|(?P<word>\b[A-Z][a-zà-ÿ]+(?:\s[a-zà-ÿ]+)?)\s*:(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class LabelledPart:
    label: str  # "Eerste fase", "Conceptnota", or "" when the cell has no label
    note: str  # text in brackets after a phase label ("terreinonderzoek"), else ""
    text: str  # the rest of the part


def labelled_parts(text: str) -> list[LabelledPart]:
    """Split a cell at its labels; a cell without labels is one unlabelled part."""
    matches = [m for m in LABEL_RE.finditer(text) if m.group("label") or _is_word_label(m)]
    if not matches:
        return [LabelledPart("", "", text.strip())]
    parts = []
    head = text[: matches[0].start()].strip()
    if head:
        parts.append(LabelledPart("", "", head))
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        label = (match.group("label") or match.group("word")).strip()
        note = (match.group("note") or "").strip("() ")
        parts.append(LabelledPart(_sentence_case(label), note, text[match.end():end].strip()))
    return parts


def _is_word_label(match: re.Match[str]) -> bool:
    # A word label must start with a capital in the source (case-insensitive matching above
    # would otherwise take "voorzien in:" style fragments).
    word = match.group("word")
    return bool(word) and word[0].isupper()


def _sentence_case(label: str) -> str:
    label = re.sub(r"\s+", " ", label)
    return label[:1].upper() + label[1:].lower()
