"""Typed models of the JSON API (they make the OpenAPI schema).

Where the build has a class of the same domain name with other fields (`Action` and
`Objective` in graph/core/records.py, `Amount` in budget.py, `Organisation` and `MinisterPost`
in reference.py, `Problem` in errors.py), the model here is called `...Json` in Python and keeps
the plain name in the OpenAPI schema: pydantic names a schema after the class's `__qualname__`,
and its title after `model_config["title"]`, so both are set to the plain name.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class AgentRef(BaseModel):
    """A minister post or organisation as it appears in an action."""

    id: str = Field(description="reference id, e.g. 'abb' or 'justitie'")
    iri: str
    name: str = Field(description="canonical Dutch name")
    printed: str | None = Field(None, description="the name as the plan prints it")
    unresolved: bool = Field(False, description="a provisional entry the reference data lacks")


class AmountJson(BaseModel):
    __qualname__ = "Amount"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="Amount")

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


class ActionJson(ActionSummary):
    __qualname__ = "Action"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="Action")

    description: str | None
    involved_ministers: list[AgentRef]
    partners: list[AgentRef]
    mentioned_organisations: list[AgentRef] = Field(
        description="organisations the description names (not a formal role)"
    )
    timing_text: str
    budget_text: str
    amounts: list[AmountJson]
    funding_source: str | None
    status: str = Field(description="new / extended / continued is not in the text: StatusUnknown")
    source: SourceSpan = Field(
        description="the lines of the plan's text the action is printed on; for an action a "
        "progress update added, the row of its workbook's sheet of new actions"
    )
    added_by: str | None = Field(
        None,
        description="the progress update that added the action after the plan was adopted "
        "(its IRI); null for the plan's own actions",
    )


class ObjectiveJson(BaseModel):
    __qualname__ = "Objective"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="Objective")

    number: int
    iri: str
    title: str
    description: str | None
    actions: list[str]


class OrganisationJson(BaseModel):
    __qualname__ = "Organisation"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="Organisation")

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


class MinisterPostJson(BaseModel):
    __qualname__ = "MinisterPost"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="MinisterPost")

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
    description_nl: str = ""
    choices: list[str]
    choice_words: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="each choice in words: {choice: {nl, en}}"
    )


class QuestionColumn(BaseModel):
    name: str
    type: str
    description: str = Field(description="the column's header in English")
    header_nl: str = ""
    value_words: dict[str, dict[str, str]] = Field(
        default_factory=dict, description="coded values in words: {value: {nl, en}}"
    )


class Question(BaseModel):
    name: str
    title_nl: str
    title_en: str
    description: str
    description_nl: str = ""
    parameters: list[QuestionParameter]
    columns: list[QuestionColumn]
    sparql: str


class QuestionAnswer(BaseModel):
    name: str
    parameters: dict[str, str]
    columns: list[str]
    rows: list[dict]


class Readiness(BaseModel):
    status: str = Field(
        description="ready: start-up and the background warm-up are done; warming (503): "
        "the warm-up still runs; starting (503): the data is not loaded yet"
    )


class Health(BaseModel):
    status: str
    triples: int
    engine: str
    store: str = Field(
        description='what the service reads: "embedded" (the graph in its own store), or the '
        "SPARQL endpoint and graph of the triple store it runs on (serve --store)"
    )
    query_workers: int
    network_isolation: bool = Field(
        description="whether the SPARQL worker processes are cut off from the network (a "
        "network namespace of their own); false: the server warned at start-up, or it runs "
        "on a triple store and has no workers"
    )


class ProblemJson(BaseModel):
    """A request the API cannot answer, and why."""

    __qualname__ = "Problem"  # the schema's name in /openapi.json
    model_config = ConfigDict(title="Problem")

    detail: str


# Errors every JSON API route may answer with (besides FastAPI's own 422 for malformed input).
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ProblemJson, "description": "a value the question cannot take"},
    404: {"model": ProblemJson, "description": "no such entity or question"},
}
