"""The JSON-LD context of the JSON API (ontology/api-context.jsonld, served at
/api/context.jsonld): it makes the JSON API's answers of actions, objectives, organisations and
minister posts (api/readmodel/models.py; /api/… and the `.json` of a plan entity) readable as
JSON-LD without changing a key or a value. The answers name it in a Link header (JSON-LD 1.1
§6.1); their body stays plain JSON.

The context maps only the keys whose values are statements of the served graph about the
resource, in the graph's own terms (graph/core/builder.py):

- `iri` → `@id` (in the nested agents too);
- `number` → ap:number as a plain string (an objective's JSON number 1 is the graph's "1");
- `title`, `description` → dcterms:title, dcterms:description in Dutch;
- `status` → ap:status, the value a term of the ontology (`StatusUnknown` → ap:StatusUnknown);
- `coordinating_minister`, `involved_ministers`, `lead`, `partners`,
  `mentioned_organisations` → ap:coordinatingMinister, ap:involvedMinister,
  ap:leadOrganisation, ap:partnerOrganisation, ap:mentionsOrganisation (the agent's `iri` its
  @id, its `name` its skos:prefLabel in Dutch);
- `name_nl`/`name_en`, `label_nl`/`label_en` → skos:prefLabel in Dutch / English;
- `abbreviation` → ap:abbreviation; `themis_mandataris` → ap:themisMandataris (an IRI).

Every other key stays out, so a JSON-LD processor drops it: slugs that are no IRI (`id`,
`kind`, `policy_domain`, `government_level`, `parent`, `funding_mode`), numbers that stand for
links (`objective`, `actions`, `lead_actions`, …), what the API computes (`unresolved`,
`ongoing`, `open_ended`, `amounts`), what the graph states on another node (`starts_on` and
`ends_on` on the action's timing, `timing_text`, `budget_text`, `funding_source` on its timing
and budget) and what the graph does not state per agent (`printed`) or as such (`source`).
tests/unit/test_api_context.py reads every entity's answer with pyld and finds each triple in
the served graph.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from actieplan.graph.core.resources import ontology_file

API_CONTEXT_FILE = "api-context.jsonld"
API_CONTEXT_PATH = "/api/context.jsonld"  # where the service serves it (api/routes/context.py)
API_CONTEXT_LINK = (
    f'<{API_CONTEXT_PATH}>; rel="http://www.w3.org/ns/json-ld#context"; type="application/ld+json"'
)

# The Link header in the OpenAPI description of the answers that send it.
LINKED_CONTEXT: dict[str, Any] = {
    "headers": {
        "Link": {
            "description": "the JSON-LD context that reads this JSON as linked data "
            f"(JSON-LD 1.1 §6.1): {API_CONTEXT_LINK}",
            "schema": {"type": "string"},
        }
    }
}


@cache
def api_context_document() -> bytes:
    """The checked-in context's bytes, as served."""
    path = ontology_file().with_name(API_CONTEXT_FILE)
    try:
        return path.read_bytes()
    except FileNotFoundError as error:
        raise FileNotFoundError(
            f"{path} is missing: the installation of actieplan-kg is incomplete; reinstall it"
        ) from error
