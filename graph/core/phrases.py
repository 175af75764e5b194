"""Dutch calendar words and labelled parts of a cell, shared by the timing and budget readers."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "januari": 1,
    "februari": 2,
    "maart": 3,
    "april": 4,
    "mei": 5,
    "juni": 6,
    "juli": 7,
    "augustus": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}

# Words that name part of a year: (first month, last month) of the part.
YEAR_PARTS = {
    "begin": (1, 1),
    "start": (1, 1),
    "midden": (6, 6),
    "medio": (6, 6),
    "half": (6, 6),
    "eind": (12, 12),
    "einde": (12, 12),
    "voorjaar": (3, 5),
    "lente": (3, 5),
    "zomer": (6, 8),
    "najaar": (9, 11),
    "herfst": (9, 11),
    "winter": (12, 12),
    "eerste helft": (1, 6),
    "tweede helft": (7, 12),
}

ORDINALS = "eerste|tweede|derde|vierde|vijfde|zesde|laatste"

# A label that opens a part of a cell: "Eerste fase :", "Tweede fase (terreinonderzoek)",
# "Conceptnota:", "Draaiboek:". Phase words are labels with or without a colon; after a phase
# label, an optional bracketed note and colon belong to the label (read by _label_matches, so
# that a "(" with no ")" after it is not scanned to the end of the cell once per label).
# Letters are [a-zà-öø-ÿ]: "÷" (in à-ÿ) is not a letter, and excluding it keeps every match
# starting at a word start, so that no run of letters is read once per letter.
_LETTERS = "a-zà-öø-ÿ"
LABEL_RE = re.compile(
    rf"(?P<label>\b(?:{ORDINALS})\s+fase\b|\bfase\s+\d+\b)"
    rf"|(?P<word>\b[A-Z][{_LETTERS}]+(?:\s[{_LETTERS}]+)?)\s*:(?!\d)",
    re.IGNORECASE,
)
SPACES_RE = re.compile(r"\s*")


@dataclass(frozen=True)
class LabelledPart:
    label: str  # "Eerste fase", "Conceptnota", or "" when the cell has no label
    note: str  # text in brackets after a phase label ("terreinonderzoek"), else ""
    text: str  # the rest of the part


def labelled_parts(text: str) -> list[LabelledPart]:
    """Split a cell at its labels; a cell without labels is one unlabelled part."""
    matches = [m for m in _label_matches(text) if m.phase or _is_word_label(m.label)]
    if not matches:
        return [LabelledPart("", "", text.strip())]
    parts = []
    head = text[: matches[0].start].strip()
    if head:
        parts.append(LabelledPart("", "", head))
    for i, match in enumerate(matches):
        end = matches[i + 1].start if i + 1 < len(matches) else len(text)
        parts.append(
            LabelledPart(
                _sentence_case(match.label.strip()),
                match.note.strip("() "),
                text[match.end : end].strip(),
            )
        )
    return parts


@dataclass(frozen=True)
class _LabelMatch:
    start: int
    end: int  # where the text of the part starts
    label: str  # "Eerste fase" or a word label "Conceptnota"
    phase: bool  # a phase label (kept without a colon)
    note: str = ""  # "(terreinonderzoek)" after a phase label


def _after_spaces(text: str, position: int) -> int:
    """The position after the white space (if any) that starts at `position`."""
    spaces = SPACES_RE.match(text, position)  # \s* matches at every position
    return spaces.end() if spaces else position


def _label_matches(text: str) -> list[_LabelMatch]:
    """Every label in the text, left to right, not overlapping (like LABEL_RE.finditer)."""
    found = []
    last_close = text.rfind(")")
    position = 0
    while match := LABEL_RE.search(text, position):
        if not match.group("label"):
            found.append(_LabelMatch(match.start(), match.end(), match.group("word"), False))
            position = match.end()
            continue
        # After a phase label: spaces, an optional "(note)", spaces and an optional colon.
        end = _after_spaces(text, match.end())
        note = ""
        if text.startswith("(", end) and end < last_close:
            close = text.index(")", end)
            note = text[end : close + 1]
            end = _after_spaces(text, close + 1)
        if text.startswith(":", end):
            end += 1
        found.append(_LabelMatch(match.start(), end, match.group("label"), True, note))
        position = end
    return found


def _is_word_label(word: str) -> bool:
    # A word label must start with a capital in the source (case-insensitive matching above
    # would otherwise take "voorzien in:" style fragments).
    return word[0].isupper()


def _sentence_case(label: str) -> str:
    label = re.sub(r"\s+", " ", label)
    return label[:1].upper() + label[1:].lower()
