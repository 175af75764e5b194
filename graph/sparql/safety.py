"""Refuse queries that would make an engine fetch or change anything, or that are too large or
too deep for the engines to parse safely.

The graph is read-only and nothing may leave the machine because of a query: SPARQL Update
(INSERT, DELETE, LOAD, ...) and federated queries (SERVICE) are refused before any engine sees
them. The decision is taken on tokens, not on text: `check_query` runs a lexer written from the
terminals of the SPARQL 1.1 grammar (Query §19.8: IRIREF, PNAME_NS / PNAME_LN,
BLANK_NODE_LABEL, VAR1 / VAR2, LANGTAG, numbers, the four string forms with their escapes,
keywords, punctuation and operators, white space and comments), so `"SERVICE"`, `<http://x/load>`,
`ex:service`, `?drop` and comments never trip it, while the keyword token does, in any case and
wherever it stands. FROM / FROM NAMED stay allowed: they only select graphs the store already
holds (graph/sparql/store.py switches off rdflib's loading of them).

The engines do not all read a query the same way, so the query is lexed in every way one of
them might read it, and refused if any reading holds a forbidden token or cannot be lexed:

- with its `\\uXXXX` / `\\UXXXXXXXX` escapes as written (Oxigraph expands them only inside
  strings and IRIs), expanded first as SPARQL 1.1 §19.2 says, and expanded the way rdflib does
  (`\\u` or `\\U` followed by 8 or else 4 hex digits);
- with comments ended by a carriage return or a line feed (the grammar's EOL, and Oxigraph) and
  by a line feed only (rdflib). A comment holding any other character that some reader takes
  for a line end (U+000B, U+000C, U+001C-U+001E, U+0085, U+2028, U+2029) is refused.

Oxigraph matches keywords without looking at the next character (`SERVICEex:x`,
`trueSERVICE <...>` and `service:x` are read as SERVICE), so a bare word or a prefix name that
contains "service" in any case is refused too; local names (`ex:service`) are not affected.

The lexer also enforces `QueryLimits` (size, nesting, number of tokens), in time linear in the
length of the query, because Oxigraph's parser recurses per level and a few thousand levels of
brackets, `!` or `&&` overflow a worker's stack; bench/sparql_limits.py measures where.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

# Defaults of the limits (api.settings.Settings exposes them as `serve` options).
MAX_QUERY_BYTES = 100_000
MAX_QUERY_NESTING = 64
MAX_QUERY_TOKENS = 5_000

UPDATE_KEYWORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
    "USING",
)
KINDS = ("update", "service", "limit", "syntax")


@dataclass(frozen=True)
class QueryLimits:
    """What a query may be: its size in UTF-8 bytes, how deep it nests (see `check_query`) and
    how many tokens (names, literals, operators, brackets; not white space or comments) it
    has."""

    max_bytes: int = MAX_QUERY_BYTES
    max_nesting: int = MAX_QUERY_NESTING
    max_tokens: int = MAX_QUERY_TOKENS


class UnsafeQuery(ValueError):
    """The query asks for something a read-only, no-fetch endpoint does not do, is larger or
    deeper than its limits, or cannot be read as SPARQL.

    `kind` is "service", "update", "limit" or "syntax"; `keyword` the refused keyword (upper
    case) for the first two, else None; `line` / `column` where (1-based), when known.
    """

    def __init__(
        self,
        keyword: str | None,
        message: str,
        *,
        kind: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        if kind is None:
            kind = "update" if keyword in UPDATE_KEYWORDS else "service"
        assert kind in KINDS, kind
        self.keyword = keyword
        self.kind = kind
        self.is_update = kind == "update"
        self.line, self.column = line, column


# --- the grammar's terminals (SPARQL 1.1 Query §19.8) ---------------------------------------

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)  # PN_CHARS_BASE
_CHARS_U = _BASE + "_"  # PN_CHARS_U
_CHARS = _CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"  # PN_CHARS
_VARCHARS = _CHARS_U + r"0-9\u00b7\u0300-\u036f\u203f-\u2040"
_HEX = "[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ESCAPE = rf"""\\[tbnrf"'\\]|{_UCHAR}"""  # ECHAR, and the UCHAR Oxigraph reads in strings
_PLX = rf"%{_HEX}{{2}}|\\[_~.\-!$&'()*+,;=/?#@%]"

# Every repetition is possessive (*+, ++): a pattern scans its text once and never backtracks
# into it, so lexing is linear in the length of the query.
# White space and comments, in one run (a comment ends at a character of the key).
_SKIP = {
    "\r\n": re.compile(r"(?:[ \t\r\n]++|#[^\r\n]*+)++"),
    "\n": re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)++"),
}
# Characters some reader (Python's str.splitlines, Unicode) takes for a line end.
_ODD_LINE_END = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_IRIREF = re.compile(rf'<(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*+>')
_STRINGS = {
    "'''": re.compile(rf"'''(?:(?:''|')?+(?:[^'\\]|{_ESCAPE}))*+'''"),
    '"""': re.compile(rf'"""(?:(?:""|")?+(?:[^"\\]|{_ESCAPE}))*+"""'),
    "'": re.compile(rf"'(?:[^'\\\n\r]|{_ESCAPE})*+'"),
    '"': re.compile(rf'"(?:[^"\\\n\r]|{_ESCAPE})*+"'),
}
_VAR = re.compile(rf"[?$][{_CHARS_U}0-9][{_VARCHARS}]*+")
_BNODE = re.compile(rf"_:[{_CHARS_U}0-9](?:[{_CHARS}]|\.++(?=[{_CHARS}]))*+")
_NUMBER = re.compile(
    r"[0-9]++\.[0-9]*+[eE][+-]?+[0-9]++|\.[0-9]++[eE][+-]?+[0-9]++"
    r"|[0-9]++[eE][+-]?+[0-9]++|[0-9]*+\.[0-9]++|[0-9]++"
)
_LANGTAG = re.compile(r"@[a-zA-Z]++(?:-[a-zA-Z0-9]++)*+")
# PN_PREFIX (no trailing '.'); a name is a prefixed name only if ':' follows.
_PREFIX = re.compile(rf"[{_BASE}](?:[{_CHARS}]|\.++(?=[{_CHARS}]))*+")
_LOCAL_CHAR = rf"[{_CHARS}:]|{_PLX}"
_LOCAL = re.compile(rf"(?:[{_CHARS_U}:0-9]|{_PLX})(?:{_LOCAL_CHAR}|\.++(?={_LOCAL_CHAR}))*+")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*+")  # keywords and function names
_NAME_START = re.compile(f"[{_BASE}]")

_DIGITS = set("0123456789")
# What the first character of a token says it is (a character not listed: a name if it is a
# PN_CHARS_BASE, else nothing SPARQL has).
_START = {
    **dict.fromkeys(" \t\r\n#", " "),
    "<": "<",
    '"': "'",
    "'": "'",
    "?": "v",
    "$": "v",
    "_": "_",
    ".": ".",
    "@": "@",
    ":": ":",
    **dict.fromkeys("0123456789", "0"),
    **dict.fromkeys("{}()[],;*+-/!=>|^&", "p"),
    **dict.fromkeys("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "name"),
}
_TWO_CHAR = {"&&", "||", "!=", "<=", ">=", "^^"}
# How each operator or bracket counts towards the nesting (see check_query); other tokens
# are operands (terms) or keywords. '+', '-' and '*' are binary after an operand and prefixes
# ('*': SELECT *, COUNT(*)) elsewhere.
_ACTIONS = {
    **dict.fromkeys("{([", "open"),
    **dict.fromkeys("})]", "close"),
    **dict.fromkeys(".,;", "separator"),
    "!": "prefix",
    "^": "prefix",
    "+": "sign",
    "-": "sign",
    "*": "star",
    **dict.fromkeys(("&&", "||", "/", "|"), "chain"),
}
_CHAIN_WORDS = {"UNION", "OPTIONAL", "MINUS"}  # each one nests the group pattern once more
_OPERAND_WORDS = {"A", "TRUE", "FALSE", "UNDEF"}
_UPDATE = set(UPDATE_KEYWORDS)

_UNESCAPE_SPEC = re.compile(rf"\\u({_HEX}{{4}})|\\U({_HEX}{{8}})")
_UNESCAPE_RDFLIB = re.compile(r"\\[uU]([0-9a-fA-F]{8}|[0-9a-fA-F]{4})")  # rdflib 7's rule
# Where rdflib's rule and the grammar's differ: \U with 4 to 7 hex digits, \u with 8.
_RDFLIB_DIFFERS = re.compile(rf"\\U(?!{_HEX}{{8}}){_HEX}{{4}}|\\u{_HEX}{{8}}")
_ESCAPE_READINGS = (
    (_UNESCAPE_SPEC, "its \\u escapes expanded first, as SPARQL 1.1 §19.2 says"),
    (_UNESCAPE_RDFLIB, "its \\u escapes expanded the way rdflib does"),
)


class _Refusal(Exception):
    def __init__(self, kind: str, position: int, what: str, keyword: str | None = None):
        super().__init__(what)
        self.kind, self.position, self.what, self.keyword = kind, position, what, keyword


@dataclass
class _Reading:
    """The query as one engine may read it."""

    text: str
    how: str = ""  # "" for the text as sent
    source: str = ""  # the text as sent, when `text` is it with its escapes expanded
    escapes: re.Pattern[str] | None = None  # the escapes expanded

    def original(self, position: int) -> int:
        """Where `position` of this reading is in the text as sent."""
        removed = 0
        if self.escapes is not None:
            for match in self.escapes.finditer(self.source):
                if match.start() - removed >= position:
                    break
                removed += len(match.group()) - 1
        return position + removed


def _expand(match: re.Match[str]) -> str:
    code = int(match.group(match.lastindex or 1), 16)  # the hex digits: the group that matched
    if code > 0x10FFFF:
        raise _Refusal("syntax", match.start(), f"{match.group()} is not a Unicode code point")
    return chr(code)


def _readings(text: str) -> tuple[list[_Reading], list[tuple[_Refusal, _Reading]]]:
    """The readings of `text`, and refusals met while expanding escapes."""
    readings = [_Reading(text)]
    refused: list[tuple[_Refusal, _Reading]] = []
    if "\\u" not in text and "\\U" not in text:
        return readings, refused
    for pattern, how in _ESCAPE_READINGS:
        if pattern is _UNESCAPE_RDFLIB and not _RDFLIB_DIFFERS.search(text):
            continue  # the same text as the reading before
        try:
            readings.append(_Reading(pattern.sub(_expand, text), how, text, pattern))
        except _Refusal as refusal:  # its position is in the text as sent
            refused.append((refusal, _Reading(text)))
    return readings, refused


def _word_refusal(word: str, position: int, what: str) -> None:
    if "service" in word.casefold() or "SERVICE" in word.upper():
        raise _Refusal("service", position, what, "SERVICE")


def _scan(text: str, eol: str, limits: QueryLimits) -> None:
    """Lex `text` (comments end at a character in `eol`) and raise a _Refusal: for the first
    SERVICE; else for the first update keyword; else for the first limit passed or text that
    is not a SPARQL token (lexing stops there)."""
    update: list[_Refusal] = []
    try:
        _lex(text, eol, limits, update)
    except _Refusal as refusal:
        if refusal.kind != "service" and update:
            raise update[0] from None
        raise
    if update:
        raise update[0]


# A pattern's match method where the pattern always matches (its first character is known).
_Matcher = Callable[[str, int], "re.Match[str]"]


def _lex(text: str, eol: str, limits: QueryLimits, update: list[_Refusal]) -> None:
    # These three match wherever they are called: at white space or '#', at a PN_CHARS_BASE,
    # at a digit (or '.' and a digit).
    skip_match = cast(_Matcher, _SKIP[eol].match)
    number_match = cast(_Matcher, _NUMBER.match)
    odd_line_ends = _ODD_LINE_END.search(text) is not None
    name_start, prefix_match = _NAME_START.match, cast(_Matcher, _PREFIX.match)
    start_of = _START.get
    size, max_tokens, max_nesting = len(text), limits.max_tokens, limits.max_nesting
    pos = tokens = 0
    # Nesting: one frame per open bracket; a frame weighs 1 + the prefix operators in front
    # of its bracket + UNION / OPTIONAL / MINUS inside it so far + the operators of the chain
    # it is in (an expression's or a path's: counted again from zero after '.', ',' or ';').
    # [prefix weight, pattern chain, expression chain, 1 if the bracket is '(']
    frames: list[list[int]] = [[0, 0, 0, 0]]
    depth = 1  # the sum of the frames' weights
    prefixes = 0  # prefix operators (!, unary - and +, ^) waiting for their operand
    after_operand = False  # the previous token ends an operand: + - * are binary after it
    no_prefix_before = -1  # a name run that cannot be a PN_PREFIX ends here (see below)
    while pos < size:
        char = text[pos]
        start = pos
        what = start_of(char)
        if what is None:  # not ASCII: a name, or no token at all
            what = "name" if name_start(char) else "?"
        if what == " ":  # white space and comments
            pos = skip_match(text, pos).end()
            if odd_line_ends:  # in this run, only a comment can hold one
                odd = _ODD_LINE_END.search(text, start, pos)
                if odd:
                    raise _Refusal(
                        "syntax",
                        odd.start(),
                        f"this comment holds U+{ord(odd.group()):04X}, which some "
                        "SPARQL readers take for the end of a line, so the engines "
                        "would disagree on where the comment ends; end comments "
                        "with a line feed and remove that character",
                    )
            continue
        tokens += 1
        if tokens > max_tokens:
            raise _Refusal(
                "limit",
                start,
                f"the query has more than {max_tokens} tokens (names, literals, "
                f"operators and brackets); at most {max_tokens} are accepted",
            )
        kind = "operand"
        if what == "p":  # punctuation and operators
            kind = text[pos : pos + 2]
            if kind not in _TWO_CHAR:
                if char == "&":
                    raise _Refusal("syntax", start, "'&' must be '&&'")
                kind = char
            pos += len(kind)
        elif what == "<":
            match = _IRIREF.match(text, pos)
            if match:
                pos = match.end()
            else:
                kind = "<=" if text.startswith("<=", pos) else "<"
                pos += len(kind)
        elif what == "name" or what == ":":
            # A prefixed name, or a keyword. PN_PREFIX may hold '.' and '-', so its run is
            # scanned once: a later position inside a run not followed by ':' cannot start a
            # prefixed name either.
            end = pos
            if what == "name" and pos >= no_prefix_before:
                end = prefix_match(text, pos).end()
            if (what == ":" or end > pos) and end < size and text[end] == ":":
                _word_refusal(
                    text[pos:end],
                    start,
                    "a prefix name containing 'service' is "
                    "refused: Oxigraph reads such a name as "
                    "the SERVICE keyword; rename the prefix",
                )
                local = _LOCAL.match(text, end + 1)
                pos = local.end() if local else end + 1
            else:
                no_prefix_before = max(no_prefix_before, end)
                match = _WORD.match(text, pos)
                if not match:
                    raise _Refusal(
                        "syntax", start, f"{_describe(char)} cannot start a SPARQL token here"
                    )
                pos = match.end()
                word = text[start:pos]
                _word_refusal(word, start, "")
                upper = word.upper()
                if upper in _UPDATE and not update:
                    update.append(_Refusal("update", start, "", upper))
                if upper in _CHAIN_WORDS:
                    frames[-1][1] += 1
                    depth += 1
                if upper not in _OPERAND_WORDS:
                    kind = "word"
        elif what == "v":
            match = _VAR.match(text, pos)
            if match:
                pos = match.end()
            elif char == "?":  # the path modifier
                kind, pos = "?", pos + 1
            else:
                raise _Refusal("syntax", start, "'$' must start a variable name")
        elif what == "'":
            quote = text[pos : pos + 3] if text.startswith(char * 3, pos) else char
            match = _STRINGS[quote].match(text, pos)
            if not match:
                raise _Refusal(
                    "syntax",
                    start,
                    "this string is not closed (or holds a line "
                    "end or a backslash that is not an escape)",
                )
            pos = match.end()
        elif what == "0" or (what == "." and text[pos + 1 : pos + 2] in _DIGITS):
            pos = number_match(text, pos).end()
        elif what == ".":
            kind, pos = ".", pos + 1
        elif what == "_" and text.startswith("_:", pos):
            match = _BNODE.match(text, pos)
            if not match:
                raise _Refusal("syntax", start, "'_:' must start a blank node label")
            pos = match.end()
        elif what == "@":
            match = _LANGTAG.match(text, pos)
            if not match:
                raise _Refusal("syntax", start, "'@' must start a language tag")
            pos = match.end()
        else:
            raise _Refusal("syntax", start, f"{_describe(char)} cannot start a SPARQL token here")

        # Nesting.
        action = _ACTIONS.get(kind, kind)
        if after_operand and frames[-1][3] and (action == "operand" or action == "open"):
            # A term after a term inside ( ): the next member of an RDF collection, which
            # the engines nest one level deeper each (or a VALUES row, a few terms long).
            frames[-1][2] += 1
            depth += 1
        if action == "operand":
            prefixes = 0
            after_operand = True
        elif action == "open":
            frames.append([prefixes, 0, 0, int(kind == "(")])
            depth += 1 + prefixes
            prefixes = 0
        elif action == "close":
            if len(frames) > 1:
                weight = frames.pop()
                depth -= 1 + weight[0] + weight[1] + weight[2]
        elif action == "separator":
            depth -= frames[-1][2]
            frames[-1][2] = 0
            prefixes = 0
        elif action == "prefix" or (action == "sign" and not after_operand):
            prefixes += 1
        elif action == "chain" or (action in ("sign", "star") and after_operand):
            frames[-1][2] += 1
            depth += 1
        if depth + prefixes > max_nesting:
            raise _Refusal(
                "limit",
                start,
                f"the query nests more than {max_nesting} levels deep; brackets "
                "{ ( [ inside each other, prefix operators such as ! and chains of "
                "operators (&&, ||, +, path steps /), UNION, OPTIONAL, MINUS and "
                "the members of an RDF collection ( ) each count one level. Split "
                "it up, or list values with VALUES or IN (...) instead of chains "
                "of ||",
            )
        after_operand = action == "operand" or action == "close"


def _describe(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"'{char}' (U+{ord(char):04X})"
    return f"U+{ord(char):04X}"


def _where(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of `position` (lines end at LF, CR LF or CR)."""
    before = text[:position]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, position - line_start + 1


def _message(refusal: _Refusal, line: int, column: int, how: str) -> str:
    where = f"line {line}:{column}"
    if how:
        where += f" (reading the query with {how})"
    if refusal.kind == "service":
        detail = f"; {refusal.what}" if refusal.what else ""
        return (
            f"{where}: SERVICE (federated query) is not allowed: this endpoint never "
            f"fetches data from elsewhere{detail}. Remove the SERVICE clause and query "
            "the graphs held here"
        )
    if refusal.kind == "update":
        return (
            f"{where}: {refusal.keyword} is SPARQL Update; this endpoint is read-only and "
            "accepts queries only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )
    if refusal.kind == "limit":
        return f"{where}: {refusal.what}"
    return f"{where}: the query cannot be read as SPARQL: {refusal.what}"


_PRIORITY = {"service": 0, "update": 1, "limit": 2, "syntax": 3}


def check_query(text: str, limits: QueryLimits | None = None) -> None:
    """Raise UnsafeQuery if the query holds SERVICE or an update keyword in any way an engine
    may read it, passes one of `limits`, or cannot be lexed as SPARQL 1.1.

    Nesting is counted as the engines' parsers recurse: each bracket { ( [ inside another is
    one level, and so is each prefix operator (!, unary - and +, ^) in front of an operand,
    each binary operator or path step of a chain (&&, ||, +, -, *, /, |; counted again from
    zero after '.', ',' or ';'), each UNION, OPTIONAL and MINUS of a group, and each member
    after the first of an RDF collection `( ... )`.
    """
    limits = limits or QueryLimits()
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise UnsafeQuery(
            None,
            f"the query is {size} bytes long; at most {limits.max_bytes} "
            "bytes (UTF-8) are accepted",
            kind="limit",
            line=1,
            column=1,
        )
    readings, found = _readings(text)
    for reading in readings:
        ends = ("\r\n", "\n") if "\r" in reading.text else ("\r\n",)
        for eol in ends:
            try:
                _scan(reading.text, eol, limits)
            except _Refusal as refusal:
                found.append((refusal, reading))
                if refusal.kind == "service":
                    break
        if found and found[-1][0].kind == "service":
            break
    if not found:
        return
    first, reading = min(found, key=lambda pair: _PRIORITY[pair[0].kind])
    line, column = _where(text, reading.original(first.position))
    raise UnsafeQuery(
        first.keyword,
        _message(first, line, column, reading.how),
        kind=first.kind,
        line=line,
        column=column,
    )


class PassedChecks:
    """`check_query` with a memory of the query texts that passed: a text asked again (a
    client polling, a page's question, a benchmark) is not lexed again. The check depends on
    the text and the limits only, and the limits are fixed for one instance, so a text that
    passed once passes again; a refused text is checked every time. Keeps texts of at most
    `longest` characters, `max_chars` in all, the least recently asked dropped first.
    Thread-safe."""

    def __init__(
        self, limits: QueryLimits, max_chars: int = 1_000_000, longest: int = 16_384
    ) -> None:
        self.limits, self.max_chars, self.longest = limits, max_chars, longest
        self._passed: OrderedDict[str, None] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()

    def __contains__(self, text: object) -> bool:
        with self._lock:
            return text in self._passed

    def check(self, text: str) -> None:
        with self._lock:
            if text in self._passed:
                self._passed.move_to_end(text)
                return
        check_query(text, self.limits)  # raises UnsafeQuery
        if len(text) > self.longest:
            return
        with self._lock:
            if text not in self._passed:
                self._passed[text] = None
                self._chars += len(text)
            while self._chars > self.max_chars:
                dropped, _ = self._passed.popitem(last=False)
                self._chars -= len(dropped)
