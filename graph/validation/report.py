"""Plan graph -> SHACL completeness report: findings, notes, completeness matrix, fill rates.

The shapes in shapes/*.ttl are the one source of truth. Every active targeted shape is a *check*
(a row of the summary; a failure is a Violation or a Warning finding); the property shapes on
actions in the groups aps:RequiredFacts and aps:DesirableFacts, and the alternatives of their
sh:or, are the *facts* (the columns of the completeness matrix and of the fill rates). The
deactivated shapes of the group aps:Informative are *notes*: what is worth knowing and is not a
gap (ongoing, open-ended, no euro figure, external fund, no partners per action; the unknown
status once per plan). A note lists the nodes that conform to it and never counts against
conformance.

    report = validate_graph(graph)
    report.conforms, report.results, report.notes, report.matrix, report.fill_rates()
    report.to_dict("en")

Validation runs pyshacl with no inference and without the ontology (the shapes need neither),
on the caller's graph in place (never modified).

As of a date (`validate_graph(graph, as_of=AsOf(date, stale_months))`) the checks of
shapes/as-of/*.ttl run too: what the progress reports say, or fail to say, on that date (past
its end and not closed; no report for more than N months; done before its end). Their SPARQL
reads the date as the variables $asOf and $reportedSince, which the validation binds (`AsOf.
bindings`); the shapes file says why.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.extras.shacl import parse_shacl_path
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS, TIME, XSD
from rdflib.paths import Path as RdfPath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Identifier, Node

from actieplan.graph.core.resources import as_of_shapes_dir, shapes_dir
from actieplan.graph.core.vocab import AP
from actieplan.graph.rdf.export import action_labels, action_order
from actieplan.graph.rdf.rdflib_lock import RDFLIB_LOCK

APS = Namespace("https://w3id.org/actieplan/shapes#")
LANGUAGES = ("nl", "en")
SEVERITIES = (SH.Violation, SH.Warning)
FACT_GROUPS = {APS.RequiredFacts: "required", APS.DesirableFacts: "desirable"}
NOTE_GROUP = APS.Informative

# Words of the report that are not in the shapes.
SEVERITY_NAMES = {
    SH.Violation: {"nl": "Overtreding", "en": "Violation"},
    SH.Warning: {"nl": "Waarschuwing", "en": "Warning"},
}
ALL_ACTIONS = {"nl": "alle acties", "en": "all actions"}
NO_LEAD = {"nl": "(geen trekker)", "en": "(no lead organisation)"}
NO_MINISTER = {"nl": "(geen coördinerend minister)", "en": "(no coordinating minister)"}

# From an action down to the nodes that belong to it: a result on any of them is reported under
# the action's number.
PART_LINKS = (
    AP.timing,
    AP.budget,
    AP.participation,
    PROV.qualifiedDerivation,
    AP.phase,
    AP.amount,
    AP.coFunding,
    TIME.hasBeginning,
    TIME.hasEnd,
)
# The printed cell of the action that shows a role's value.
PRINTED_CELLS = {
    AP.leadOrganisation: AP.printedOrganisations,
    AP.partnerOrganisation: AP.printedOrganisations,
    AP.coordinatingMinister: AP.printedMinisters,
    AP.involvedMinister: AP.printedMinisters,
}


def in_language(texts: dict[str, str], lang: str) -> str:
    """The text in `lang`, else Dutch, else any."""
    return texts.get(lang) or texts.get("nl") or next(iter(texts.values()), "")


def _iri(node: Node | None, what: str) -> URIRef:
    """node as an IRI: the shapes name every check, fact, severity and group with one."""
    if not isinstance(node, URIRef):
        raise ValueError(f"the shapes give {what} {node!r}, not an IRI: name it with an IRI")
    return node


def _texts(graph: Graph, node: Any, predicate: URIRef) -> dict[str, str]:
    """Literals of node.predicate by language tag ("" for none)."""
    texts: dict[str, str] = {}
    for literal in graph.objects(node, predicate):
        texts.setdefault(getattr(literal, "language", None) or "", str(literal))
    return texts


# ---------------------------------------------------------------------------------------
# The shapes: checks and facts
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def load_shapes(folder: Path | None = None) -> Graph:
    """Every shapes/*.ttl in one graph (parsed once; do not modify)."""
    shapes = Graph()
    for path in sorted((folder or shapes_dir()).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


@lru_cache(maxsize=1)
def load_as_of_shapes() -> Graph:
    """shapes/*.ttl and the checks as of a date, shapes/as-of/*.ttl, in one graph (parsed
    once; do not modify)."""
    shapes = Graph()
    for triple in load_shapes():
        shapes.add(triple)
    for path in sorted(as_of_shapes_dir().glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


DEFAULT_STALE_MONTHS = 6
MAX_STALE_MONTHS = 120  # ten years: longer than a plan runs


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier; the month's last day when it is shorter
    (31 March less one month is 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


@dataclass(frozen=True)
class AsOf:
    """The date the follow-up checks speak for, and after how many months without a report an
    action that runs is flagged."""

    date: dt.date
    stale_months: int = DEFAULT_STALE_MONTHS

    def __post_init__(self) -> None:
        if not 1 <= self.stale_months <= MAX_STALE_MONTHS:
            raise ValueError(
                f"stale months {self.stale_months}: give 1 to {MAX_STALE_MONTHS} months"
            )

    @property
    def reported_since(self) -> dt.date:
        """The first day of the period a running action should have a report in."""
        return months_before(self.date, self.stale_months)

    def bindings(self) -> dict[str, Literal]:
        """The values of the variables the checks of shapes/as-of/*.ttl read."""
        return {
            "asOf": Literal(self.date, datatype=XSD.date),
            "reportedSince": Literal(self.reported_since, datatype=XSD.date),
        }


@dataclass(frozen=True)
class Check:
    """One targeted shape: what it checks and how bad a failure is."""

    shape: URIRef
    severity: URIRef
    group: URIRef | None
    sort_key: tuple[int, float, float]
    name: dict[str, str]
    description: dict[str, str]
    message: dict[str, str]
    group_label: dict[str, str]

    @property
    def key(self) -> str:
        return self.shape.split("#")[-1]

    def severity_name(self, lang: str = "en") -> str:
        return SEVERITY_NAMES[self.severity][lang]


@dataclass(frozen=True)
class Fact:
    """A fact an action should have: the values of a path (all from the action), optionally one
    of `accepted` (sh:hasValue / sh:in). `checks` are the targeted shapes whose results report
    the fact missing: the fact's own shape, or the shapes whose sh:or list it as an alternative
    ("ongoing" is one of "start date or ongoing" and of "end date or ongoing")."""

    shape: URIRef
    checks: tuple[URIRef, ...]
    key: str
    level: str  # "required" or "desirable"
    name: dict[str, str]
    steps: tuple[URIRef | RdfPath, ...]
    accepted: frozenset[Node] | None

    def holds(self, graph: Graph, action: Node) -> bool:
        nodes: set[Node] = {action}
        for step in self.steps:
            nodes = {value for node in nodes for value in graph.objects(node, step)}
        if self.accepted is not None:
            nodes &= self.accepted
        return bool(nodes)


def _order(shapes: Graph, node: Any) -> float:
    order = shapes.value(node, SH.order)
    return float(order.toPython()) if order is not None else 0.0


def _deactivated(shapes: Graph, shape: Node) -> bool:
    return (shape, SH.deactivated, Literal(True)) in shapes


@lru_cache(maxsize=4)
def _checks(shapes: Graph) -> dict[URIRef, Check]:
    found = {}
    for node in set(shapes.subjects(SH.targetClass, None)):
        shape = _iri(node, "a targeted shape")
        if _deactivated(shapes, shape):
            continue
        group_node = shapes.value(shape, SH.group)
        group = None if group_node is None else _iri(group_node, f"the group of {shape}")
        severity = _iri(
            shapes.value(shape, SH.severity) or SH.Violation, f"the severity of {shape}"
        )
        if severity not in SEVERITIES:
            raise ValueError(
                f"{shape} has severity {severity}: a check is a sh:Violation or a sh:Warning; "
                f"make what is only worth knowing a note (sh:deactivated true, group {NOTE_GROUP})"
            )
        found[shape] = Check(
            shape=shape,
            severity=severity,
            group=group,
            sort_key=(SEVERITIES.index(severity), _order(shapes, group), _order(shapes, shape)),
            name=_texts(shapes, shape, SH.name),
            description=_texts(shapes, shape, SH.description),
            message=_texts(shapes, shape, SH.message),
            group_label=_texts(shapes, group, RDFS.label) if group is not None else {},
        )
    return dict(sorted(found.items(), key=lambda item: item[1].sort_key))


def _accepted(shapes: Graph, shape: Any) -> frozenset[Node] | None:
    has_value = shapes.value(shape, SH.hasValue)
    if has_value is not None:
        return frozenset([has_value])
    listed = shapes.value(shape, SH["in"])
    return frozenset(Collection(shapes, listed)) if listed is not None else None


def _fact_key(shapes: Graph, shape: Any) -> str:
    return re.sub(r"[^a-z0-9]+", "_", _texts(shapes, shape, SH.name)["en"].lower()).strip("_")


def _path(shapes: Graph, shape: Node) -> URIRef | RdfPath:
    """The sh:path of a shape, parsed."""
    path = shapes.value(shape, SH.path)
    if path is None:
        raise ValueError(f"the shapes give {shape} no sh:path: a fact needs one")
    return parse_shacl_path(shapes, path)


@lru_cache(maxsize=4)
def _facts(shapes: Graph) -> tuple[Fact, ...]:
    found: dict[URIRef, Fact] = {}
    for node in shapes.subjects(SH.targetClass, AP.Action):
        shape = _iri(node, "a targeted shape")
        path_node = shapes.value(shape, SH.path)
        if shapes.value(shape, SH.group) not in FACT_GROUPS or path_node is None:
            continue
        path = parse_shacl_path(shapes, path_node)
        alternatives = shapes.value(shape, SH["or"])
        parts = (
            [
                (_iri(alt, f"an alternative of {shape}"), (path, _path(shapes, alt)))
                for alt in Collection(shapes, alternatives)
            ]
            if alternatives is not None
            else [(shape, (path,))]
        )
        for fact_shape, steps in parts:
            earlier = found[fact_shape].checks if fact_shape in found else ()
            found[fact_shape] = Fact(
                shape=fact_shape,
                checks=tuple(sorted({*earlier, shape})),
                key=_fact_key(shapes, fact_shape),
                level=FACT_GROUPS[
                    _iri(shapes.value(fact_shape, SH.group), f"the group of {fact_shape}")
                ],
                name=_texts(shapes, fact_shape, SH.name),
                steps=steps,
                accepted=_accepted(shapes, fact_shape),
            )
    return tuple(
        sorted(
            found.values(), key=lambda fact: (fact.level != "required", _order(shapes, fact.shape))
        )
    )


@dataclass(frozen=True)
class Note:
    """A deactivated shape of the group aps:Informative: what is worth knowing about the nodes
    of its target class that conform to it (path values, one of them `accepted` for
    sh:hasValue, none at all for sh:maxCount 0). A note on ap:ActionPlan is said once for the
    plan and counts the nodes of its path's first step (the plan's actions) it is true of."""

    shape: URIRef
    target: URIRef
    name: dict[str, str]
    description: dict[str, str]
    message: dict[str, str]
    steps: tuple[URIRef | RdfPath, ...]
    accepted: frozenset[Node] | None
    none_allowed: bool  # sh:maxCount 0: true of a node with no value

    @property
    def key(self) -> str:
        return self.shape.split("#")[-1]

    @property
    def scope(self) -> str:
        return "action" if self.target == AP.Action else "plan"

    def holds(self, graph: Graph, node: Node, steps: int = 0) -> bool:
        """The node conforms to the shape (the path from step `steps` on)."""
        nodes: set[Node] = {node}
        for step in self.steps[steps:]:
            nodes = {value for each in nodes for value in graph.objects(each, step)}
        if self.none_allowed:
            return not nodes
        return bool(nodes & self.accepted) if self.accepted is not None else bool(nodes)

    def members(self, graph: Graph, node: Node) -> tuple[list[Node], int]:
        """(the nodes one step along the path for which the rest holds, how many there are)."""
        first = set(graph.objects(node, self.steps[0]))
        return [each for each in first if self.holds(graph, each, 1)], len(first)


def _steps(shapes: Graph, shape: Node) -> tuple[URIRef | RdfPath, ...]:
    """The sh:path of a shape as its steps (the members of a sequence path, else the path)."""
    path = shapes.value(shape, SH.path)
    if path is None:
        raise ValueError(f"the shapes give {shape} no sh:path: a note needs one")
    if isinstance(path, BNode) and shapes.value(path, RDF.first) is not None:
        return tuple(parse_shacl_path(shapes, step) for step in Collection(shapes, path))
    return (parse_shacl_path(shapes, path),)


@lru_cache(maxsize=4)
def _notes(shapes: Graph) -> tuple[Note, ...]:
    found = []
    for node in set(shapes.subjects(SH.group, NOTE_GROUP)):
        shape = _iri(node, "a note shape")
        if not _deactivated(shapes, shape):
            raise ValueError(
                f"{shape} is in {NOTE_GROUP} but active: a note never gives a result, "
                "give it sh:deactivated true"
            )
        max_count = shapes.value(shape, SH.maxCount)
        found.append(
            Note(
                shape=shape,
                target=_iri(shapes.value(shape, SH.targetClass), f"the target of {shape}"),
                name=_texts(shapes, shape, SH.name),
                description=_texts(shapes, shape, SH.description),
                message=_texts(shapes, shape, SH.message),
                steps=_steps(shapes, shape),
                accepted=_accepted(shapes, shape),
                none_allowed=max_count == Literal(0),
            )
        )
    return tuple(sorted(found, key=lambda note: (note.scope != "plan", _order(shapes, note.shape))))


def notes(shapes: Graph | None = None) -> list[Note]:
    """The notes: plan-level first, then per action, in the shapes' order."""
    return list(_notes(load_shapes() if shapes is None else shapes))


def checks(shapes: Graph | None = None) -> list[Check]:
    """Every active targeted shape, by severity, group and order."""
    return list(_checks(load_shapes() if shapes is None else shapes).values())


def facts(shapes: Graph | None = None) -> list[Fact]:
    """The required, then desirable facts of an action, in the shapes' order."""
    return list(_facts(load_shapes() if shapes is None else shapes))


# ---------------------------------------------------------------------------------------
# Running pyshacl
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _prepared(query: str) -> Query:
    return prepareQuery(query)


class _PreparedQueryGraph(Graph):
    """A view on the same store whose SPARQL texts are parsed once, not once per focus node.

    pyshacl sends each sh:select text once per focus node; parsing is 95% of the time of such a
    query with rdflib. The text is self-contained (pyshacl adds the PREFIX lines). `bindings`
    are bound in every query besides pyshacl's own ($this): the as-of date of the follow-up
    checks (AsOf.bindings); a query that does not name one is not changed by it.
    """

    bindings: Mapping[str, Identifier] = {}

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 (rdflib's names)
        initBindings: Mapping[str, Identifier] | None = None,  # noqa: N803
        *args: Any,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        bindings = {**self.bindings, **(initBindings or {})}
        return super().query(query_object, processor, result, initNs, bindings, *args, **kwargs)


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{[?$]\w+\}", template)
    return re.compile("(.*?)".join(re.escape(part) for part in parts), re.S)


def _restore_message_languages(results: Graph, shapes: Graph) -> None:
    """pyshacl fills {?var} into SPARQL messages and drops their language tag: put it back from
    the template each message was made from."""
    for result, message in list(results.subject_objects(SH.resultMessage)):
        if not isinstance(message, Literal) or message.language:
            continue
        shape = results.value(result, SH.sourceShape)
        for template in shapes.objects(shape, SH.message):
            if (
                isinstance(template, Literal)
                and template.language
                and _template_pattern(str(template)).fullmatch(str(message))
            ):
                results.remove((result, SH.resultMessage, message))
                results.add(
                    (result, SH.resultMessage, Literal(str(message), lang=template.language))
                )
                break


def run_shacl(
    graph: Graph, shapes: Graph | None = None, bindings: Mapping[str, Identifier] | None = None
) -> tuple[bool, Graph]:
    """(sh:conforms, sh:ValidationReport graph) of the graph against the shapes; sh:conforms is
    false for any result, Violation or Warning (notes are deactivated: they give none).
    `bindings`: values of variables the shapes' SPARQL reads and does not bind (AsOf.bindings).
    pyshacl and rdflib's SPARQL parser are not thread-safe: this holds rdflib_lock.RDFLIB_LOCK
    while pyshacl runs."""
    shapes = load_shapes() if shapes is None else shapes
    view = _PreparedQueryGraph(
        store=graph.store, identifier=graph.identifier, namespace_manager=graph.namespace_manager
    )
    view.bindings = dict(bindings or {})
    with RDFLIB_LOCK:
        conforms, results, _ = shacl_validate(
            view, shacl_graph=shapes, inference="none", advanced=False
        )
    _restore_message_languages(results, shapes)
    results.bind("aps", APS)
    results.bind("ap", AP)
    return bool(conforms), results


# ---------------------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """An action as the report lists it."""

    iri: Node  # an IRI in a graph that passes the shapes (aps:ActionIri)
    number: str
    title: str
    coordinating_minister: Node | None
    lead_organisation: Node | None


@dataclass(frozen=True)
class Finding:
    """One validation result, with the action it belongs to and the printed text it is about."""

    check: Check
    focus: Any
    value: Any
    action: str | None
    printed_text: str | None
    messages: dict[str, str]

    def message(self, lang: str) -> str:
        return in_language(self.messages, lang)


@dataclass(frozen=True)
class CheckSummary:
    check: Check
    findings: list[Finding]

    @property
    def failing(self) -> int:
        """How many focus nodes fail the check."""
        return len({finding.focus for finding in self.findings})

    def examples(self, limit: int | None = 5) -> list[Finding]:
        return self.findings[:limit]


@dataclass(frozen=True)
class NoteFinding:
    """A note and what it is true of: for an action note, the actions (with the printed cell
    the note is about); for a plan note, the plan and how many of its `of` actions."""

    note: Note
    subject: Node  # the plan (plan note); the target class ap:Action (action note)
    actions: list[tuple[str, str | None]]  # (number, printed text)
    of: int

    @property
    def count(self) -> int:
        return len(self.actions)


@dataclass(frozen=True)
class FillRate:
    """How many actions of a group (all, one coordinating minister, one lead) have each fact."""

    grouping: str  # "all", "coordinating_minister", "lead_organisation"
    group: Node | None
    label: dict[str, str]
    actions: int
    present: dict[str, int]
    required_complete: int
    noted: dict[str, int]  # actions of the group each action note is true of


@dataclass
class ValidationReport:
    """The outcome of validate_graph: findings, notes, matrix, fill rates; `conforms` when no
    finding is a Violation (Warnings allowed; notes are never findings)."""

    conforms: bool
    results: list[Finding]
    checks: list[Check]
    facts: list[Fact]
    notes: list[NoteFinding]
    actions: list[ActionRow]
    matrix: dict[Node, dict[str, bool]]
    noted: dict[Node, dict[str, bool]]  # action -> action note key -> true of it
    names: dict[Node, dict[str, str]]
    graph: Graph
    seconds: float = field(default=0.0, compare=False)
    as_of: AsOf | None = None  # the date of the follow-up checks, when they ran

    def counts(self) -> dict[URIRef, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.results:
            counts[finding.check.severity] += 1
        return counts

    def summary(self, failing_only: bool = False) -> list[CheckSummary]:
        by_shape: dict[URIRef, list[Finding]] = {check.shape: [] for check in self.checks}
        for finding in self.results:
            by_shape[finding.check.shape].append(finding)
        return [
            CheckSummary(check, by_shape[check.shape])
            for check in self.checks
            if by_shape[check.shape] or not failing_only
        ]

    @property
    def action_notes(self) -> list[Note]:
        return [item.note for item in self.notes if item.note.scope == "action"]

    def findings_of(self, action: ActionRow) -> list[Finding]:
        return [finding for finding in self.results if finding.action == action.number]

    def fill_rates(self) -> list[FillRate]:
        """All actions, then per coordinating minister, then per lead organisation."""
        rows = [self._fill_rate("all", None, ALL_ACTIONS, self.actions)]
        for grouping, empty in (
            ("coordinating_minister", NO_MINISTER),
            ("lead_organisation", NO_LEAD),
        ):
            groups: dict[Node | None, list[ActionRow]] = {}
            for action in self.actions:
                groups.setdefault(getattr(action, grouping), []).append(action)
            rows += sorted(
                (
                    self._fill_rate(
                        grouping,
                        group,
                        self.names.get(group, empty) if group is not None else empty,
                        members,
                    )
                    for group, members in groups.items()
                ),
                key=lambda row: (row.group is None, -row.actions, in_language(row.label, "nl")),
            )
        return rows

    def _fill_rate(
        self, grouping: str, group: Node | None, label: dict[str, str], members: list[ActionRow]
    ) -> FillRate:
        required = [fact.key for fact in self.facts if fact.level == "required"]
        return FillRate(
            grouping=grouping,
            group=group,
            label=label,
            actions=len(members),
            present={
                fact.key: sum(self.matrix[a.iri][fact.key] for a in members) for fact in self.facts
            },
            required_complete=sum(
                all(self.matrix[a.iri][key] for key in required) for a in members
            ),
            noted={
                note.key: sum(self.noted[a.iri][note.key] for a in members)
                for note in self.action_notes
            },
        )

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Plain JSON-ready data, texts in `lang`."""

        def finding(item: Finding) -> dict[str, Any]:
            return {
                "shape": str(item.check.shape),
                "check": in_language(item.check.name, lang),
                "severity": item.check.severity_name("en"),
                "action": item.action,
                "printed_text": item.printed_text,
                "focus_node": str(item.focus),
                "value": None if item.value is None else str(item.value),
                "message": item.message(lang),
            }

        as_of = (
            {}
            if self.as_of is None
            else {
                "as_of": self.as_of.date.isoformat(),
                "stale_months": self.as_of.stale_months,
                "reported_since": self.as_of.reported_since.isoformat(),
            }
        )
        return {
            "conforms": self.conforms,
            **as_of,
            "language": lang,
            "counts": {SEVERITY_NAMES[s]["en"].lower(): n for s, n in self.counts().items()},
            "checks": [
                {
                    "shape": str(s.check.shape),
                    "key": s.check.key,
                    "severity": s.check.severity_name("en"),
                    "group": in_language(s.check.group_label, lang),
                    "name": in_language(s.check.name, lang),
                    "description": in_language(s.check.description, lang),
                    "failing": s.failing,
                    "results": len(s.findings),
                    "examples": [
                        {"action": e.action, "printed_text": e.printed_text} for e in s.examples()
                    ],
                }
                for s in self.summary()
            ],
            "results": [finding(item) for item in self.results],
            "notes": [
                {
                    "shape": str(item.note.shape),
                    "key": item.note.key,
                    "scope": item.note.scope,
                    "name": in_language(item.note.name, lang),
                    "description": in_language(item.note.description, lang),
                    "message": in_language(item.note.message, lang),
                    "subject": str(item.subject) if item.note.scope == "plan" else None,
                    "count": item.count,
                    "of": item.of,
                    "actions": [
                        {"action": number, "printed_text": text} for number, text in item.actions
                    ],
                }
                for item in self.notes
            ],
            "facts": [
                {
                    "key": fact.key,
                    "level": fact.level,
                    "shape": str(fact.shape),
                    "name": in_language(fact.name, lang),
                }
                for fact in self.facts
            ],
            "matrix": [
                {
                    "action": action.number,
                    "iri": str(action.iri),
                    "title": action.title,
                    "facts": self.matrix[action.iri],
                    "notes": self.noted[action.iri],
                }
                for action in self.actions
            ],
            "fill_rates": [
                {
                    "grouping": row.grouping,
                    "group": None if row.group is None else str(row.group),
                    "label": in_language(row.label, lang),
                    "actions": row.actions,
                    "present": row.present,
                    "required_complete": row.required_complete,
                    "notes": row.noted,
                }
                for row in self.fill_rates()
            ],
        }


def _owning_actions(graph: Graph) -> dict[Node, Node]:
    """Every node below an action (timing, budget, participation, ...) -> the action."""
    owners: dict[Node, Node] = {}
    for action in graph.subjects(RDF.type, AP.Action):
        owners[action] = action
        stack = [action]
        while stack:
            node = stack.pop()
            for link in PART_LINKS:
                for part in graph.objects(node, link):
                    if part not in owners:
                        owners[part] = action
                        stack.append(part)
    return owners


def _first_step(results: Graph, path: Any) -> URIRef | None:
    if isinstance(path, URIRef):
        return path
    if isinstance(path, BNode):
        first = results.value(path, RDF.first)
        return first if isinstance(first, URIRef) else None
    return None


def _printed_text(graph: Graph, focus: Any, value: Any, step: URIRef | None) -> str | None:
    """The text as printed in the plan that a result is about."""
    nodes = [value, focus, graph.value(focus, step) if step in (AP.timing, AP.budget) else None]
    for node in nodes:
        if isinstance(node, URIRef):
            for predicate in (AP.printedText, AP.printedName):
                text = graph.value(node, predicate)
                if text is not None:
                    return str(text)
    if step in PRINTED_CELLS:
        text = graph.value(focus, PRINTED_CELLS[step])
        return None if text is None else str(text)
    if isinstance(value, Literal) and value.datatype in (None, XSD.string) and not value.language:
        return str(value)
    return None


def _names(graph: Graph, nodes: Iterable[Node | None]) -> dict[Node, dict[str, str]]:
    return {
        node: _texts(graph, node, SKOS.prefLabel) or _texts(graph, node, RDFS.label)
        for node in nodes
        if node is not None
    }


def _first(nodes: Iterable[Node]) -> Node | None:
    """The first of the nodes in the order of their text (one of several, chosen the same way
    every time), or None."""
    return min(nodes, key=str, default=None)


def _action_rows(graph: Graph) -> list[ActionRow]:
    """The actions, each by its number (of a graph of many plans: plan id and number)."""
    labels = action_labels(graph)
    rows = [
        ActionRow(
            iri=action,
            number=labels[action] if graph.value(action, AP.number) is not None else str(action),
            title=str(graph.value(action, DCTERMS.title) or ""),
            coordinating_minister=_first(graph.objects(action, AP.coordinatingMinister)),
            lead_organisation=_first(graph.objects(action, AP.leadOrganisation)),
        )
        for action in set(graph.subjects(RDF.type, AP.Action))
    ]
    return sorted(rows, key=lambda row: action_order(row.number))


def _findings(
    graph: Graph, results: Graph, check_by_shape: dict[URIRef, Check], numbers: dict[Node, str]
) -> Iterator[Finding]:
    owners = _owning_actions(graph)
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        action = owners.get(focus) if focus is not None else None
        yield Finding(
            check=check_by_shape[_iri(results.value(result, SH.sourceShape), "a source shape")],
            focus=focus,
            value=value,
            action=numbers.get(action) if action is not None else None,
            printed_text=_printed_text(
                graph, focus, value, _first_step(results, results.value(result, SH.resultPath))
            ),
            messages=_texts(results, result, SH.resultMessage),
        )


def _note_findings(
    graph: Graph, shapes: Graph, actions: list[ActionRow]
) -> tuple[list[NoteFinding], dict[Node, dict[str, bool]]]:
    """Every note with what it is true of, and per action which action notes are."""
    numbers = {row.iri: row.number for row in actions}
    found = []
    noted: dict[Node, dict[str, bool]] = {row.iri: {} for row in actions}
    for note in notes(shapes):
        if note.scope == "action":
            true_of = [row for row in actions if note.holds(graph, row.iri)]
            for row in actions:
                noted[row.iri][note.key] = row in true_of
            first = note.steps[0] if isinstance(note.steps[0], URIRef) else None
            found.append(
                NoteFinding(
                    note=note,
                    subject=note.target,
                    actions=[
                        (row.number, _printed_text(graph, row.iri, None, first)) for row in true_of
                    ],
                    of=len(actions),
                )
            )
            continue
        for subject in sorted(graph.subjects(RDF.type, note.target), key=str):
            members, of = note.members(graph, subject)
            if members:
                in_order = sorted((numbers.get(m, str(m)) for m in members), key=action_order)
                found.append(
                    NoteFinding(
                        note=note,
                        subject=subject,
                        actions=[(number, None) for number in in_order],
                        of=of,
                    )
                )
    return found, noted


def validate_graph(
    graph: Graph, shapes: Graph | None = None, as_of: AsOf | None = None
) -> ValidationReport:
    """Validate the plan graph against the shapes (default shapes/*.ttl; as of a date, with
    shapes/as-of/*.ttl too); the graph is not modified."""
    if shapes is None:
        shapes = load_shapes() if as_of is None else load_as_of_shapes()
    started = time.perf_counter()
    _, results = run_shacl(graph, shapes, as_of.bindings() if as_of is not None else None)
    seconds = time.perf_counter() - started

    check_by_shape = _checks(shapes)
    actions = _action_rows(graph)
    numbers = {row.iri: row.number for row in actions}
    action_order: dict[str | None, int] = {
        row.number: position for position, row in enumerate(actions)
    }
    findings = sorted(
        _findings(graph, results, check_by_shape, numbers),
        key=lambda f: (
            f.check.sort_key,
            action_order.get(f.action, len(actions)),
            str(f.focus),
            str(f.value),
        ),
    )
    fact_list = facts(shapes)
    matrix = {
        row.iri: {fact.key: fact.holds(graph, row.iri) for fact in fact_list} for row in actions
    }
    people = {
        node for row in actions for node in (row.coordinating_minister, row.lead_organisation)
    }
    conforms = not any(finding.check.severity == SH.Violation for finding in findings)
    note_list, noted = _note_findings(graph, shapes, actions)
    return ValidationReport(
        conforms=conforms,
        results=findings,
        checks=list(check_by_shape.values()),
        facts=fact_list,
        notes=note_list,
        actions=actions,
        matrix=matrix,
        noted=noted,
        names=_names(graph, people),
        graph=results,
        seconds=seconds,
        as_of=as_of,
    )
