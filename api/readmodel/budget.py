"""The plan's money in one place, for `/budget` and its twin `/api/budget`: totals for the whole
plan and per objective, lead organisation and coordinating minister, with what is unknown
counted (actions without an amount, within regular resources, from a fund without an amount,
amounts left out of the estimate), and the co-funding the plan prints.

The figures are the budget question's (`queries/budget.rq`, whose header states the estimate's
rule, explained in docs/user-guide.md "The budget estimate"): this module only adds its rows up
(every action has one objective, so the plan's total is the sum of the objectives' rows) and
never estimates anything itself. Co-funding shares are read from the graph (`ap:coFunding`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from actieplan.api.plumbing.computed_cache import ComputedCache
from actieplan.api.plumbing.remote_queries import QueryRunner
from actieplan.api.readmodel.questions import computed_answer
from actieplan.api.readmodel.service import ServiceData
from actieplan.graph.core.vocab import AP, local_id
from actieplan.graph.sparql.library import get_query

# The budget question's groupings (its parameter `by`), in the order the page shows them.
GROUPINGS = ("objective", "lead-organisation", "coordinating-minister")
# Dutch articles a printed funder may start with ("90 % door de EU"): left out of its name.
ARTICLES = ("de ", "het ", "een ")


@dataclass(frozen=True)
class Figures:
    """The budget question's figures of a group of actions (its columns, in euro)."""

    actions: int
    with_figure: int
    regular_means: int
    one_off: Decimal
    per_year: Decimal
    estimated_total: Decimal
    estimated_per_year: Decimal
    without_period: int  # amounts left out of the estimate (ongoing or open-ended timing)

    @property
    def without_figure(self) -> int:
        """Actions with no euro amount (regular resources, a fund without an amount, nothing)."""
        return self.actions - self.with_figure

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Figures)))


NO_FIGURES = Figures(0, 0, 0, Decimal(0), Decimal(0), Decimal(0), Decimal(0), 0)


@dataclass(frozen=True)
class GroupRow:
    """One row of the budget question: an objective, organisation or minister post."""

    id: str | None  # objective number, organisation id, minister post id; None: no such role
    iri: str | None
    name_nl: str | None
    figures: Figures


@dataclass(frozen=True)
class Share:
    """A co-funding share as printed ("90 % door de EU"), and its euro amount when the action
    has amounts of one kind (all one-off or all per year)."""

    percent: Decimal
    funder: str  # the printed source without its article: "EU"
    eur: Decimal | None = None
    per_year: bool = False


@dataclass(frozen=True)
class OutsideFunding:
    """An action funded in part or whole from outside: co-funding shares, or a named fund."""

    number: str
    iri: str
    title: str
    budget_text: str
    shares: tuple[Share, ...]
    fund: str | None  # a fund named without an amount (ap:ExternalFund)


@dataclass(frozen=True)
class BudgetOverview:
    plan: Figures
    groups: dict[str, list[GroupRow]]  # grouping (GROUPINGS) -> rows
    outside: list[OutsideFunding]
    external_fund_actions: int  # actions funded from a named fund, no amount printed

    @property
    def other_without_figure(self) -> int:
        """Actions with no amount, not within regular resources and from no named fund."""
        plan = self.plan
        return plan.without_figure - plan.regular_means - self.external_fund_actions


def funder_name(printed: str) -> str:
    """The printed source of a share without a leading Dutch article: "de EU" -> "EU"."""
    text = printed.strip()
    lowered = text.casefold()
    for article in ARTICLES:
        if lowered.startswith(article) and len(text) > len(article):
            return text[len(article) :].strip()
    return text


def co_funding(graph: Graph, budget: Node | None) -> list[Share]:
    """The co-funding shares of a budget node (ap:coFunding), largest first."""
    if budget is None:
        return []
    shares = []
    for node in graph.objects(budget, AP.coFunding):
        percent, source = graph.value(node, AP.sharePercent), graph.value(node, AP.fundingSource)
        if isinstance(percent, Literal):
            shares.append(Share(Decimal(str(percent)), funder_name(str(source or ""))))
    return sorted(shares, key=lambda s: (-s.percent, s.funder))


def _with_amounts(shares: list[Share], amounts: list[tuple[Decimal, bool]]) -> tuple[Share, ...]:
    """Each share's euro amount, where the action's amounts are all one-off or all per year."""
    kinds = {per_year for _, per_year in amounts}
    if len(kinds) != 1:
        return tuple(shares)
    total, per_year = sum((eur for eur, _ in amounts), Decimal(0)), kinds.pop()
    return tuple(
        Share(s.percent, s.funder, (total * s.percent / 100).quantize(Decimal("0.01")), per_year)
        for s in shares
    )


def outside_funding(data: ServiceData) -> list[OutsideFunding]:
    """The actions with co-funding shares or funded from a named fund, in the plan's order."""
    graph, found = data.graph, []
    for action in data.catalogue.actions.values():
        shares = co_funding(graph, graph.value(URIRef(action.iri), AP.budget))
        fund = action.funding_source if action.funding_mode == "ExternalFund" else None
        if not shares and not fund:
            continue
        amounts = [(Decimal(str(a.eur)), a.per_year) for a in action.amounts]
        found.append(
            OutsideFunding(
                action.number,
                action.iri,
                action.title,
                action.budget_text,
                _with_amounts(shares, amounts),
                fund,
            )
        )
    return found


def _row(columns: list[str], values: list) -> GroupRow:
    record = dict(zip(columns, values, strict=True))
    iri = record["group"] or None
    return GroupRow(
        local_id(iri) if iri else None,
        iri,
        record["name"] or None,
        Figures(
            int(record["actions"] or 0),
            int(record["actions_with_figure"] or 0),
            int(record["actions_regular_means"] or 0),
            Decimal(record["stated_one_off_eur"] or 0),
            Decimal(record["stated_per_year_eur"] or 0),
            Decimal(record["estimated_total_eur"] or 0),
            Decimal(record["estimated_per_year_eur"] or 0),
            int(record["amounts_without_period"] or 0),
        ),
    )


def budget_overview(
    data: ServiceData, cache: ComputedCache, pool: QueryRunner, client: str
) -> BudgetOverview:
    """The plan's money: the budget question by every grouping (answers cached per grouping,
    run in the query workers like every named question: `client` is the address it counts
    against), the plan's total as the sum of the objectives' rows, and the outside funding.
    Runs in a thread of the thread pool."""
    query = get_query("budget")
    groups = {}
    for grouping in GROUPINGS:
        _, columns, rows = computed_answer(data, cache, pool, client, query, {"by": grouping})
        groups[grouping] = [_row(columns, row) for row in rows]
    plan = NO_FIGURES
    for row in groups["objective"]:
        plan += row.figures
    outside = cache.get(("budget-outside-funding",), lambda: outside_funding(data))
    external_funds = sum(
        1 for a in data.catalogue.actions.values() if a.funding_mode == "ExternalFund"
    )
    return BudgetOverview(plan, groups, outside, external_funds)


# --- The JSON twin's models (the OpenAPI schema of /api/budget) ---------------------------------
# Called ...Json in Python (this module has dataclasses of the same domain names); the schema
# keeps the plain name, as api/readmodel/models.py does.


class BudgetFiguresJson(BaseModel):
    __qualname__ = "BudgetFigures"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="BudgetFigures")

    actions: int = Field(description="actions counted")
    actions_with_figure: int = Field(description="of those, actions with a euro amount")
    actions_without_figure: int = Field(description="of those, actions with no euro amount")
    actions_regular_means: int = Field(description="of those, actions within regular resources")
    stated_one_off_eur: float = Field(description="sum of the one-off amounts, as printed")
    stated_per_year_eur: float = Field(description="sum of the yearly amounts, as printed")
    estimated_total_eur: float = Field(description="estimated total over each amount's period")
    estimated_per_year_eur: float = Field(description="estimated spending per year")
    amounts_without_period: int = Field(description="amounts left out of the estimate")

    @classmethod
    def of(cls, figures: Figures) -> BudgetFiguresJson:
        return cls(
            actions=figures.actions,
            actions_with_figure=figures.with_figure,
            actions_without_figure=figures.without_figure,
            actions_regular_means=figures.regular_means,
            stated_one_off_eur=float(figures.one_off),
            stated_per_year_eur=float(figures.per_year),
            estimated_total_eur=float(figures.estimated_total),
            estimated_per_year_eur=float(figures.estimated_per_year),
            amounts_without_period=figures.without_period,
        )


class BudgetGroupJson(BudgetFiguresJson):
    __qualname__ = "BudgetGroup"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="BudgetGroup")

    id: str | None = Field(description="objective number, organisation or minister post id")
    iri: str | None
    name_nl: str | None


class ShareJson(BaseModel):
    __qualname__ = "CoFundingShare"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="CoFundingShare")

    percent: float
    funder: str = Field(description="the funder as printed, without its article ('EU')")
    eur: float | None = Field(description="the share of the action's amounts, where computable")
    per_year: bool


class OutsideFundingJson(BaseModel):
    __qualname__ = "OutsideFunding"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="OutsideFunding")

    action: str
    iri: str
    title: str
    budget_text: str
    co_funding: list[ShareJson]
    fund: str | None = Field(description="a fund named without an amount")


class BudgetJson(BaseModel):
    __qualname__ = "Budget"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="Budget")

    plan: BudgetFiguresJson
    actions_external_fund: int = Field(description="actions from a named fund, no amount")
    by_objective: list[BudgetGroupJson]
    by_lead_organisation: list[BudgetGroupJson]
    by_coordinating_minister: list[BudgetGroupJson]
    outside_funding: list[OutsideFundingJson]
    rule: str = Field(description="where the estimate's rule is explained")

    @classmethod
    def of(cls, overview: BudgetOverview, rule: str) -> BudgetJson:
        def rows(grouping: str) -> list[BudgetGroupJson]:
            return [
                BudgetGroupJson(
                    id=row.id,
                    iri=row.iri,
                    name_nl=row.name_nl,
                    **BudgetFiguresJson.of(row.figures).model_dump(),
                )
                for row in overview.groups[grouping]
            ]

        return cls(
            plan=BudgetFiguresJson.of(overview.plan),
            actions_external_fund=overview.external_fund_actions,
            by_objective=rows("objective"),
            by_lead_organisation=rows("lead-organisation"),
            by_coordinating_minister=rows("coordinating-minister"),
            outside_funding=[
                OutsideFundingJson(
                    action=o.number,
                    iri=o.iri,
                    title=o.title,
                    budget_text=o.budget_text,
                    co_funding=[
                        ShareJson(
                            percent=float(s.percent),
                            funder=s.funder,
                            eur=float(s.eur) if s.eur is not None else None,
                            per_year=s.per_year,
                        )
                        for s in o.shares
                    ],
                    fund=o.fund,
                )
                for o in overview.outside
            ],
            rule=rule,
        )


# Where the estimate's rule is explained (the manual's section).
RULE_PAGE = "/manual/user-guide#the-budget-estimate"
