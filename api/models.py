"""Typed models of the JSON API (they make the OpenAPI schema)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AgentRef(BaseModel):
    """A minister post or organisation as it appears in an action."""

    id: str = Field(description="reference id, e.g. 'abb' or 'justitie'")
    iri: str
    name: str = Field(description="canonical Dutch name")
    printed: str | None = Field(None, description="the name as the plan prints it")
    unresolved: bool = Field(False, description="a provisional entry the reference data lacks")


class Amount(BaseModel):
    eur: float
    per_year: bool
    years: int | None = Field(None, description="years the amount covers, where printed")
    label: str | None = None


class SourceSpan(BaseModel):
    first_line: int
    last_line: int


class ActionSummary(BaseModel):
    number: str = Field(description="the plan's number, e.g. '3.12'")
    iri: str
    objective: int
    title: str
    coordinating_minister: AgentRef | None
    lead: AgentRef | None
    starts_on: str | None = Field(None, description="first day (ISO date)")
    ends_on: str | None = Field(None, description="last day (ISO date)")
    ongoing: bool
    open_ended: bool
    funding_mode: str = Field(
        description="SpecificBudget, WithinRegularResources, ExternalFund or UnknownFunding"
    )


class Action(ActionSummary):
    description: str | None
    involved_ministers: list[AgentRef]
    partners: list[AgentRef]
    mentioned_organisations: list[AgentRef] = Field(
        description="organisations the description names (not a formal role)"
    )
    timing_text: str
    budget_text: str
    amounts: list[Amount]
    funding_source: str | None
    status: str = Field(description="new / extended / continued is not in the text: StatusUnknown")
    source: SourceSpan


class Objective(BaseModel):
    number: int
    iri: str
    title: str
    description: str | None
    actions: list[str]


class Organisation(BaseModel):
    id: str
    iri: str
    name_nl: str
    name_en: str | None
    abbreviation: str | None
    kind: str | None
    policy_domain: str | None
    government_level: str | None
    parent: str | None
    unresolved: bool
    lead_actions: list[str]
    partner_actions: list[str]
    mentioned_in: list[str]


class MinisterPost(BaseModel):
    id: str
    iri: str
    label_nl: str
    label_en: str | None
    themis_mandataris: str | None
    unresolved: bool
    coordinating_actions: list[str]
    involved_actions: list[str]


class QuestionParameter(BaseModel):
    name: str
    type: str
    default: str | None
    description: str
    choices: list[str]


class QuestionColumn(BaseModel):
    name: str
    type: str
    description: str


class Question(BaseModel):
    name: str
    title_nl: str
    title_en: str
    description: str
    parameters: list[QuestionParameter]
    columns: list[QuestionColumn]
    sparql: str


class QuestionAnswer(BaseModel):
    name: str
    parameters: dict[str, str]
    columns: list[str]
    rows: list[dict]


class Health(BaseModel):
    status: str
    triples: int
    engine: str
    query_workers: int
    network_isolation: bool = Field(
        description="whether the SPARQL worker processes are cut off from the network (a "
        "network namespace of their own); false: the server warned at start-up"
    )


class Problem(BaseModel):
    """A request the API cannot answer, and why."""

    detail: str


# Errors every JSON API route may answer with (besides FastAPI's own 422 for malformed input).
PROBLEM_RESPONSES = {
    400: {"model": Problem, "description": "a value the question cannot take"},
    404: {"model": Problem, "description": "no such entity or question"},
}
